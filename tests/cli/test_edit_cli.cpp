// Fixing mistakes at the desk (issue 18): `ticket edit` and `complaint edit` (one write, one audit
// entry, an "edited" event with each field's from and to, open deadlines recomputed by their
// rule), a wrong dispatch handed on or taken back before arrival (domain-rules 1.3), and a
// duplicate cancelled by its creator within [ticket] cancel_grace.
#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::run_ok;
using svc::test::seed_example;

namespace {

void at(Cli& c, const std::string& when) { c.set_env("SVC_NOW", when); }

svc::Value json(Cli& c, const std::vector<std::string>& args) { return svc::parse_json(run_ok(c, args)); }
svc::Value ticket(Cli& c, const std::string& ref) { return json(c, {"--json", "ticket", "show", ref}); }
svc::Value complaint(Cli& c, const std::string& ref) { return json(c, {"--json", "complaint", "show", ref}); }

std::string due(const svc::Value& r, const std::string& name) {
  const auto& d = r.get("deadlines").get(name);
  return d.is_null() ? "null" : d.as_string();
}
std::string state(const svc::Value& r, const std::string& name) {
  return r.get("deadline_states").get(name).get("state").as_string();
}
const svc::Value& last_event(const svc::Value& r) { return r.get("events").as_array().back(); }
std::size_t audit_entries(Cli& c) { return json(c, {"--json", "audit", "log"}).as_array().size(); }

// An urgent water ticket at 1-1-102 taken by wangfang at 09:00 on Monday 2026-11-23.
void urgent(Cli& c) {
  at(c, "2026-11-23T09:00");
  run_ok(c, {"--as", "wangfang", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "厨房漏水",
             "--urgent", "--phone", "13812345678", "--reporter", "王先生"});
}

}  // namespace

TEST_CASE("issue 18 edit: ticket edit changes the fields in one write and one audit entry, the event keeps from and to") {
  Cli c;
  seed_example(c);
  urgent(c);
  at(c, "2026-11-23T09:03");
  const auto entries = audit_entries(c);
  const auto r = c.run({"--as", "wangfang", "ticket", "edit", "T1", "--category", "electric", "--unit", "1-1-201",
                        "--desc", "插座冒火花", "--reporter", "", "--phone", "13912340000"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.empty());
  // The change is shown, field by field, in the reader's language.
  CHECK(contains(r.err, "T1: Category: water → electric"));
  CHECK(contains(r.err, "T1: Unit: 1-1-102 → 1-1-201"));
  CHECK(contains(r.err, "T1: Reporter: 王先生 → -"));
  CHECK(contains(r.err, "T1: Phone: 138****5678 → 139****0000"));
  CHECK(audit_entries(c) == entries + 1);
  const auto t = ticket(c, "T1");
  CHECK(t.get("category").as_string() == "electric");
  CHECK(t.get("unit").as_string() == "1-1-201");
  CHECK(t.get("description").as_string() == "插座冒火花");
  CHECK(t.get("reporter").is_null());
  CHECK(t.get("status").as_string() == "new");
  const auto& e = last_event(t);
  CHECK(e.get("kind").as_string() == "edited");
  CHECK(e.get("actor").as_string() == "wangfang");
  const auto& changes = e.get("facts").get("changes").as_array();
  REQUIRE(changes.size() == 5);
  CHECK(changes[0].get("field").as_string() == "unit");
  CHECK(changes[0].get("from").as_string() == "1-1-102");
  CHECK(changes[0].get("to").as_string() == "1-1-201");
  // The history keeps phones masked, as every other place that shows them.
  CHECK(!contains(to_json(e, false), "13912340000"));
  CHECK(!contains(to_json(e, false), "13812345678"));
  // The record itself holds the new number (shown in full only to those who may reveal it).
  CHECK(ticket(c, "T1").get("phone").as_string() == "139****0000");
  CHECK(json(c, {"--json", "--reveal", "ticket", "show", "T1"}).get("phone").as_string() == "13912340000");
  // --json prints the record after the edit.
  const auto j = json(c, {"--json", "--as", "wangfang", "ticket", "edit", "T1", "--location", "厨房"});
  CHECK(j.get("ref").as_string() == "T1");
  CHECK(j.get("location").as_string() == "厨房");
}

TEST_CASE("issue 18 edit: a ticket edit that changes nothing is refused and nothing changes") {
  Cli c;
  seed_example(c);
  urgent(c);
  const auto before = c.digest();
  auto r = c.run({"ticket", "edit", "T1"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "nothing to change: give --unit, --public, --location, --category, --desc"));
  r = c.run({"ticket", "edit", "T1", "--category", "water", "--unit", "1-1-102"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "nothing changes: T1 already reads so"));
  r = c.run({"ticket", "edit", "T1", "--category", "plumbing"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--category 'plumbing' is not a ticket category"));
  r = c.run({"ticket", "edit", "T1", "--phone", "12ab"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--phone '12ab' is not a phone number"));
  r = c.run({"ticket", "edit", "T1", "--unit", "9-9-999"});
  CHECK(r.code == 66);
  // An urgent job has no appointment to move.
  r = c.run({"ticket", "edit", "T1", "--appoint", "2026-11-24T10:00"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--appoint is for scheduled tickets"));
  // A technician takes no intake, so edits none (take_ticket).
  r = c.run({"--as", "wuming", "ticket", "edit", "T1", "--desc", "x"});
  CHECK(r.code == 77);
  CHECK(c.digest() == before);
}

TEST_CASE("issue 18 edit: a closed or cancelled ticket is not edited (65)") {
  Cli c;
  seed_example(c);
  urgent(c);
  run_ok(c, {"ticket", "cancel", "T1", "--reason", "重复登记"});
  const auto before = c.digest();
  const auto r = c.run({"ticket", "edit", "T1", "--desc", "x"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "cannot edit T1: it is cancelled (next steps: none)"));
  CHECK(c.digest() == before);
}

TEST_CASE("domain-rules 1.3 issue 18 edit: a new appointment moves a scheduled job's arrival and completion deadlines") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  run_ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "door_window", "--desc", "门锁坏", "--appoint",
             "2026-11-24T10:00"});
  at(c, "2026-11-23T09:05");
  run_ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  auto t = ticket(c, "T1");
  CHECK(due(t, "arrive_by") == "2026-11-24T10:00:00+08:00");
  CHECK(due(t, "complete_by") == "2026-11-26T10:00:00+08:00");
  at(c, "2026-11-23T11:00");
  const auto r = c.run({"ticket", "edit", "T1", "--appoint", "2026-11-25T14:00"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "T1: Appointment: 2026-11-24 10:00 → 2026-11-25 14:00"));
  CHECK(contains(r.err, "T1: arrive_by: 2026-11-24 10:00 → 2026-11-25 14:00"));
  CHECK(contains(r.err, "T1: complete_by: 2026-11-26 10:00 → 2026-11-27 14:00"));
  t = ticket(c, "T1");
  CHECK(t.get("appointment_at").as_string() == "2026-11-25T14:00:00+08:00");
  CHECK(due(t, "arrive_by") == "2026-11-25T14:00:00+08:00");
  CHECK(due(t, "complete_by") == "2026-11-27T14:00:00+08:00");
  // Met deadlines stay as they were: the dispatch was on time.
  CHECK(state(t, "dispatch_by") == "met");
  CHECK(due(t, "dispatch_by") == "2026-11-23T09:07:00+08:00");
  // Once the repairer is there the appointment is history.
  at(c, "2026-11-25T14:00");
  run_ok(c, {"ticket", "arrive", "T1"});
  const auto before = c.digest();
  const auto late = c.run({"ticket", "edit", "T1", "--appoint", "2026-11-26T10:00"});
  CHECK(late.code == 65);
  CHECK(contains(late.err, "the repairer arrived at 2026-11-25 14:00"));
  CHECK(c.digest() == before);
}

TEST_CASE("domain-rules 1.9 issue 18 edit: a category in another callback class moves a done repair's callback deadline") {
  Cli c;
  seed_example(c);
  urgent(c);
  run_ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  run_ok(c, {"ticket", "arrive", "T1"});
  at(c, "2026-11-23T11:00");
  run_ok(c, {"ticket", "done", "T1"});
  CHECK(due(ticket(c, "T1"), "callback_by") == "2026-11-25T11:00:00+08:00");
  // Really a leak: its callback is owed 3 days after the leak test, none before it.
  at(c, "2026-11-23T12:00");
  auto r = c.run({"ticket", "edit", "T1", "--category", "leak"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "T1: callback_by: 2026-11-25 11:00 → -"));
  auto t = ticket(c, "T1");
  CHECK(due(t, "callback_by") == "null");
  CHECK(t.get("waiting_leak_test").as_bool());
  run_ok(c, {"ticket", "leak-test", "T1"});
  CHECK(due(ticket(c, "T1"), "callback_by") == "2026-11-26T12:00:00+08:00");
  // Back to a water repair: the default callback, from completion.
  r = c.run({"ticket", "edit", "T1", "--category", "water"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  t = ticket(c, "T1");
  CHECK(due(t, "callback_by") == "2026-11-25T11:00:00+08:00");
  const auto& d = last_event(t).get("facts").get("deadlines").as_array();
  REQUIRE(d.size() == 1);
  CHECK(d[0].get("name").as_string() == "callback_by");
}

TEST_CASE("domain-rules 1.3 issue 18 edit: a new ticket moves between a home and a public facility with that scope's dispatch limit") {
  Cli c;
  seed_example(c);
  urgent(c);
  const auto r = c.run({"ticket", "edit", "T1", "--public", "--location", "2号楼大堂"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  auto t = ticket(c, "T1");
  CHECK(t.get("scope").as_string() == "public");
  CHECK(t.get("unit").is_null());
  CHECK(due(t, "dispatch_by") == "2026-11-23T09:08:00+08:00");
  CHECK(contains(r.err, "T1: dispatch_by: 2026-11-23 09:07 → 2026-11-23 09:08"));
  // A public ticket needs its location.
  CHECK(c.run({"ticket", "edit", "T1", "--location", ""}).code == 64);
  run_ok(c, {"ticket", "edit", "T1", "--unit", "1-1-102"});
  CHECK(due(ticket(c, "T1"), "dispatch_by") == "2026-11-23T09:07:00+08:00");
  run_ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  const auto before = c.digest();
  const auto late = c.run({"ticket", "edit", "T1", "--public", "--location", "2号楼大堂"});
  CHECK(late.code == 65);
  CHECK(contains(late.err, "only a new ticket may move between a home and a public facility"));
  CHECK(c.digest() == before);
}

TEST_CASE("issue 18 edit: the history narrates an edit in Chinese") {
  Cli c;
  seed_example(c);
  urgent(c);
  run_ok(c, {"ticket", "edit", "T1", "--category", "electric"});
  c.set_env("SVC_LANG", "zh");
  const auto out = run_ok(c, {"ticket", "show", "T1"});
  CHECK(contains(out, "类别: 给排水 → 电"));
}

TEST_CASE("domain-rules 2.4 issue 18 edit: the complainant's own deadline moves a minor complaint's resolve deadline") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  run_ok(c, {"--as", "wangfang", "complaint", "new", "--unit", "1-1-102", "--subject", "楼上噪音", "--phone", "13812345678"});
  CHECK(due(complaint(c, "C1"), "resolve_by") == "2026-11-25T09:00:00+08:00");
  at(c, "2026-11-23T09:30");
  const auto entries = audit_entries(c);
  auto r = c.run({"--as", "wangfang", "complaint", "edit", "C1", "--requested-by", "2026-11-24", "--complainant", "李女士",
                  "--unit", "1-1-201", "--phone", "13912340000"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(audit_entries(c) == entries + 1);
  CHECK(contains(r.err, "C1: Complainant: - → 李女士"));
  CHECK(contains(r.err, "C1: Unit: 1-1-102 → 1-1-201"));
  CHECK(contains(r.err, "C1: Phone: 138****5678 → 139****0000"));
  CHECK(contains(r.err, "C1: resolve_by: 2026-11-25 09:00 → 2026-11-24 23:59"));
  auto x = complaint(c, "C1");
  CHECK(x.get("unit").as_string() == "1-1-201");
  CHECK(due(x, "resolve_by") == "2026-11-24T23:59:59+08:00");
  CHECK(last_event(x).get("kind").as_string() == "edited");
  CHECK(!contains(to_json(last_event(x), false), "13912340000"));
  // Cleared: two days from intake again.
  run_ok(c, {"complaint", "edit", "C1", "--requested-by", ""});
  CHECK(due(complaint(c, "C1"), "resolve_by") == "2026-11-25T09:00:00+08:00");
  // A later deadline than two days changes the record, not the deadline (the sooner wins).
  r = c.run({"complaint", "edit", "C1", "--requested-by", "2026-11-30"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(!contains(r.err, "resolve_by"));
  CHECK(due(complaint(c, "C1"), "resolve_by") == "2026-11-25T09:00:00+08:00");
}

TEST_CASE("issue 18 edit: complaint edit refuses nothing to change, a past deadline and a withdrawn complaint") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  run_ok(c, {"complaint", "new", "--unit", "1-1-102", "--subject", "楼上噪音"});
  auto before = c.digest();
  auto r = c.run({"complaint", "edit", "C1"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "nothing to change"));
  r = c.run({"complaint", "edit", "C1", "--subject", "楼上噪音"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "nothing changes: C1 already reads so"));
  r = c.run({"complaint", "edit", "C1", "--requested-by", "2026-11-20"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--requested-by '2026-11-20' is not after now"));
  r = c.run({"complaint", "edit", "C1", "--subject", " "});
  CHECK(r.code == 64);
  CHECK(c.digest() == before);
  run_ok(c, {"complaint", "withdraw", "C1", "--reason", "业主撤回"});
  before = c.digest();
  r = c.run({"complaint", "edit", "C1", "--subject", "x"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "cannot edit C1: it is withdrawn (next steps: none)"));
  CHECK(c.digest() == before);
}

TEST_CASE("issue 18 dispatch: dispatching a dispatched ticket again hands it on, from and to in the history") {
  Cli c;
  seed_example(c);
  urgent(c);
  run_ok(c, {"--as", "wangfang", "ticket", "dispatch", "T1", "--to", "wuming"});
  at(c, "2026-11-23T09:04");
  run_ok(c, {"--as", "zhaoli", "ticket", "dispatch", "T1", "--to", "zhengtao"});
  const auto t = ticket(c, "T1");
  CHECK(t.get("assignee").as_string() == "zhengtao");
  CHECK(t.get("status").as_string() == "dispatched");
  CHECK(last_event(t).get("kind").as_string() == "reassigned");
  CHECK(last_event(t).get("detail").as_string() == "wuming → zhengtao");
}

TEST_CASE("domain-rules 1.3 issue 18 undispatch: its dispatcher takes a wrong dispatch back, the dispatch deadline counts from intake") {
  Cli c;
  seed_example(c);
  urgent(c);
  at(c, "2026-11-23T09:05");
  run_ok(c, {"--as", "wangfang", "ticket", "dispatch", "T1", "--to", "wuming"});
  auto t = ticket(c, "T1");
  CHECK(state(t, "dispatch_by") == "met");
  CHECK(due(t, "arrive_by") == "2026-11-23T09:20:00+08:00");
  at(c, "2026-11-23T09:10");
  // Another clerk may not take back what wangfang dispatched; a technician neither.
  auto before = c.digest();
  auto r = c.run({"--as", "zhaoli", "ticket", "undispatch", "T1"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "T1 was dispatched by wangfang: only they or role supervisor and above may take it back"));
  CHECK(c.run({"--as", "wuming", "ticket", "undispatch", "T1"}).code == 77);
  CHECK(c.digest() == before);
  r = c.run({"--as", "wangfang", "ticket", "undispatch", "T1", "--reason", "派错人"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  t = ticket(c, "T1");
  CHECK(t.get("status").as_string() == "new");
  CHECK(t.get("assignee").is_null());
  CHECK(t.get("dispatched_at").is_null());
  // The slip was due by 09:07 from intake; taking it back does not restart that clock.
  CHECK(due(t, "dispatch_by") == "2026-11-23T09:07:00+08:00");
  CHECK(state(t, "dispatch_by") == "missed");
  CHECK(t.get("overdue").as_array().size() == 1);
  CHECK(due(t, "arrive_by") == "null");
  CHECK(last_event(t).get("kind").as_string() == "undispatched");
  CHECK(last_event(t).get("detail").as_string() == "taken back from wuming — 派错人");
  // Dispatched again: the dispatch deadline is met now (late), on site 15 minutes from now.
  at(c, "2026-11-23T09:12");
  run_ok(c, {"--as", "zhaoli", "ticket", "dispatch", "T1", "--to", "zhengtao"});
  t = ticket(c, "T1");
  CHECK(state(t, "dispatch_by") == "missed");
  CHECK(t.get("deadline_states").get("dispatch_by").get("met_at").as_string() == "2026-11-23T09:12:00+08:00");
  CHECK(due(t, "arrive_by") == "2026-11-23T09:27:00+08:00");
  // A supervisor may take back anyone's dispatch; nobody can once the repairer is there.
  at(c, "2026-11-23T09:13");
  run_ok(c, {"--as", "liuqiang", "ticket", "undispatch", "T1"});
  run_ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  run_ok(c, {"ticket", "arrive", "T1"});
  before = c.digest();
  r = c.run({"ticket", "undispatch", "T1"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "cannot take back the dispatch of T1: it is arrived"));
  CHECK(c.digest() == before);
}

TEST_CASE("domain-rules 1.3 issue 18 undispatch: a scheduled job keeps its appointment and loses the completion deadline of the dispatch") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  run_ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "door_window", "--desc", "门锁坏", "--appoint",
             "2026-11-24T10:00"});
  run_ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  CHECK(due(ticket(c, "T1"), "complete_by") == "2026-11-26T10:00:00+08:00");
  run_ok(c, {"ticket", "undispatch", "T1"});
  const auto t = ticket(c, "T1");
  CHECK(due(t, "arrive_by") == "2026-11-24T10:00:00+08:00");
  CHECK(due(t, "complete_by") == "null");
  CHECK(state(t, "dispatch_by") == "due");
}

TEST_CASE("issue 18 cancel: its creator cancels a dispatched duplicate within [ticket] cancel_grace, to the minute") {
  Cli c;
  seed_example(c);
  urgent(c);                                          // T1, wangfang, 09:00
  urgent(c);                                          // T2, wangfang, 09:00
  run_ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  run_ok(c, {"ticket", "dispatch", "T2", "--to", "wuming"});
  at(c, "2026-11-23T09:05");
  // Someone else still needs the supervisor, grace or not.
  auto before = c.digest();
  auto r = c.run({"--as", "zhaoli", "ticket", "cancel", "T1", "--reason", "重复登记"});
  CHECK(r.code == 77);
  CHECK(c.digest() == before);
  // 10 minutes after intake: still within the grace.
  at(c, "2026-11-23T09:10");
  r = c.run({"--as", "wangfang", "ticket", "cancel", "T1", "--reason", "重复登记"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto t = ticket(c, "T1");
  CHECK(t.get("status").as_string() == "cancelled");
  CHECK(last_event(t).get("facts").get("grace").as_string() == "10m");
  CHECK(last_event(t).get("detail").as_string() == "重复登记 (by its creator within 10m of intake)");
  // A minute later: the supervisor's again.
  at(c, "2026-11-23T09:11");
  before = c.digest();
  r = c.run({"--as", "wangfang", "ticket", "cancel", "T2", "--reason", "重复登记"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "supervisor"));
  CHECK(c.digest() == before);
  run_ok(c, {"--as", "liuqiang", "ticket", "cancel", "T2", "--reason", "重复登记"});
}

TEST_CASE("issue 18 cancel: no grace once the repairer is on site, or when the policy turns it off") {
  Cli c;
  seed_example(c);
  urgent(c);
  run_ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  run_ok(c, {"ticket", "arrive", "T1"});
  urgent(c);
  run_ok(c, {"ticket", "dispatch", "T2", "--to", "wuming"});
  at(c, "2026-11-23T09:02");
  CHECK(c.run({"--as", "wangfang", "ticket", "cancel", "T1", "--reason", "重复登记"}).code == 77);
  c.set_env("SVC_POLICY", c.write("svc.toml", "[ticket]\ncancel_grace = \"0m\"\n"));
  const auto before = c.digest();
  CHECK(c.run({"--as", "wangfang", "ticket", "cancel", "T2", "--reason", "重复登记"}).code == 77);
  CHECK(c.digest() == before);
  c.set_env("SVC_POLICY", c.write("svc.toml", "[ticket]\ncancel_grace = \"same-day\"\n"));
  const auto bad = c.run({"--as", "wangfang", "ticket", "cancel", "T2", "--reason", "重复登记"});
  CHECK(bad.code == 78);
  CHECK(contains(bad.err, "ticket.cancel_grace"));
}
