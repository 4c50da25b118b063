// svc ticket and svc visit (callbacks): every deadline rule of domain-rules 1.3 and 1.9 with a
// fixed clock, pauses, the business clock, reopen on a low rating, permissions and bad input.
#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

namespace {

void seed(Cli& c) {
  REQUIRE(c.run({"staff", "import", c.write("staff.csv", example("staff.csv"))}).code == 0);
  REQUIRE(c.run({"unit", "import", c.write("units.csv", example("units.csv"))}).code == 0);
}

void at(Cli& c, const std::string& when) { c.set_env("SVC_NOW", when); }

// Runs and requires success; returns stdout.
std::string ok(Cli& c, std::vector<std::string> args, const std::string& input = "") {
  const auto r = c.run(std::move(args), input);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return r.out;
}

svc::Value show(Cli& c, const std::string& ref) { return svc::parse_json(ok(c, {"--json", "ticket", "show", ref})); }
std::string deadline(const svc::Value& t, const std::string& name) {
  const auto& d = t.get("deadlines").get(name);
  return d.is_null() ? "null" : d.as_string();
}
std::string state(const svc::Value& t, const std::string& name) {
  return t.get("deadline_states").get(name).get("state").as_string();
}
std::string trim(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// A household urgent water ticket created at 09:00 on Monday 2026-11-23.
std::string urgent_household(Cli& c) {
  at(c, "2026-11-23T09:00");
  return trim(ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "厨房水管漏水", "--urgent",
                     "--phone", "13812345678"}));
}

// The same ticket dispatched to wuming at 09:00, on site, and done at 11:00.
std::string urgent_done(Cli& c) {
  const auto t = urgent_household(c);
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  ok(c, {"ticket", "arrive", t});
  at(c, "2026-11-23T11:00");
  ok(c, {"ticket", "done", t});
  return t;
}

// A leak repair (domain-rules 1.9) at 1-2-401, dispatched to huanglei at 09:00 on Monday
// 2026-11-23 and on site; the clock is then 16:00, when the repair is done.
std::string leak_arrived(Cli& c) {
  at(c, "2026-11-23T09:00");
  const auto t = trim(ok(c, {"ticket", "new", "--unit", "1-2-401", "--category", "leak", "--desc", "卫生间渗水到楼下", "--urgent"}));
  ok(c, {"ticket", "dispatch", t, "--to", "huanglei"});
  ok(c, {"ticket", "arrive", t});
  at(c, "2026-11-23T16:00");
  return t;
}

// A paid repair (domain-rules 1.7) at 1-1-102 at 80 yuan agreed, created at 09:00 on Monday
// 2026-11-23, dispatched to wuming and on site.
std::string paid_arrived(Cli& c) {
  at(c, "2026-11-23T09:00");
  const auto t = trim(ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "electric", "--desc", "更换灯具",
                             "--appoint", "2026-11-23T14:00", "--paid", "--price", "80"}));
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  ok(c, {"ticket", "arrive", t});
  return t;
}

}  // namespace

TEST_CASE("ticket: household urgent deadlines — dispatch 7m, arrive 15m after dispatch, no completion deadline (domain-rules 1.3)") {
  Cli c;
  seed(c);
  const auto t = urgent_household(c);
  CHECK(t == "T1");
  auto j = show(c, t);
  CHECK(j.get("status").as_string() == "new");
  CHECK(j.get("scope").as_string() == "household");
  CHECK(deadline(j, "dispatch_by") == "2026-11-23T09:07:00+08:00");
  CHECK(deadline(j, "arrive_by") == "null");
  at(c, "2026-11-23T09:05");
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  j = show(c, t);
  CHECK(state(j, "dispatch_by") == "met");
  CHECK(deadline(j, "arrive_by") == "2026-11-23T09:20:00+08:00");
  CHECK(deadline(j, "complete_by") == "null");
  at(c, "2026-11-23T09:18");
  ok(c, {"--as", "wuming", "ticket", "arrive", t});
  at(c, "2026-11-23T10:30");
  ok(c, {"--as", "wuming", "ticket", "done", t, "--note", "更换阀门"});
  j = show(c, t);
  CHECK(state(j, "arrive_by") == "met");
  CHECK(j.get("status").as_string() == "done");
  // domain-rules 1.9: other repairs are called back within 2 days of completion.
  CHECK(deadline(j, "callback_by") == "2026-11-25T10:30:00+08:00");
  CHECK(j.get("overdue").as_array().empty());
  CHECK(j.get("phone").as_string() == "138****5678");
}

TEST_CASE("ticket: public facility deadlines — dispatch 8m, arrive 10m (domain-rules 1.3)") {
  Cli c;
  seed(c);
  at(c, "2026-11-23T14:00");
  const auto t = trim(ok(c, {"ticket", "new", "--public", "--location", "3栋电梯厅", "--category", "public_facility",
                             "--desc", "照明灯不亮", "--urgent"}));
  auto j = show(c, t);
  CHECK(j.get("scope").as_string() == "public");
  CHECK(j.get("unit").is_null());
  CHECK(deadline(j, "dispatch_by") == "2026-11-23T14:08:00+08:00");
  at(c, "2026-11-23T14:10");
  ok(c, {"ticket", "dispatch", t, "--to", "zhengtao"});
  j = show(c, t);
  CHECK(state(j, "dispatch_by") == "missed");  // two minutes late
  CHECK(deadline(j, "arrive_by") == "2026-11-23T14:20:00+08:00");
}

TEST_CASE("ticket: scheduled job is due at the appointment and complete 2d after it (domain-rules 1.3)") {
  Cli c;
  seed(c);
  at(c, "2026-11-23T09:00");
  const auto t = trim(ok(c, {"ticket", "new", "--unit", "2-1-301", "--category", "door_window", "--desc", "窗户关不严",
                             "--appoint", "2026-11-24T10:00"}));
  auto j = show(c, t);
  CHECK(j.get("urgency").as_string() == "scheduled");
  CHECK(deadline(j, "arrive_by") == "2026-11-24T10:00:00+08:00");
  at(c, "2026-11-23T09:04");
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  j = show(c, t);
  CHECK(deadline(j, "complete_by") == "2026-11-26T10:00:00+08:00");
}

TEST_CASE("ticket: scheduled job dispatched after its appointment completes 2d after dispatch (domain-rules 1.3)") {
  Cli c;
  seed(c);
  at(c, "2026-11-23T09:00");
  const auto t = trim(ok(c, {"ticket", "new", "--unit", "2-1-301", "--category", "electric", "--desc", "插座没电",
                             "--appoint", "2026-11-23T10:00"}));
  at(c, "2026-11-23T11:30");
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  const auto j = show(c, t);
  CHECK(deadline(j, "complete_by") == "2026-11-25T11:30:00+08:00");
  CHECK(state(j, "arrive_by") == "missed");
  CHECK(contains(svc::to_json(j.get("overdue")), "arrive_by"));
}

TEST_CASE("ticket: a leak ticket owes no callback before its leak test, then 3 days after it (domain-rules 1.9)") {
  Cli c;
  seed(c);
  const auto t = leak_arrived(c);
  ok(c, {"ticket", "done", t});
  auto j = show(c, t);
  CHECK(deadline(j, "callback_by") == "null");
  CHECK(!contains(ok(c, {"--csv", "visit", "due"}), "callback"));  // what is owed is the leak test
  const auto explain = ok(c, {"--lang", "en", "ticket", "explain", t});
  CHECK(contains(explain, "leak test"));
  at(c, "2026-11-25T11:00");
  ok(c, {"ticket", "leak-test", t, "--at", "2026-11-25T10:00"});
  j = show(c, t);
  CHECK(deadline(j, "callback_by") == "2026-11-28T10:00:00+08:00");
  CHECK(j.get("deadline_states").get("callback_by").get("start_event").as_string() == "leak_test");
  CHECK(contains(ok(c, {"--csv", "visit", "due"}), t));
}

TEST_CASE("ticket: a safety repair is called back within 2 days (domain-rules 1.9)") {
  Cli c;
  seed(c);
  at(c, "2026-11-23T09:00");
  const auto t = trim(ok(c, {"ticket", "new", "--unit", "1-2-401", "--category", "safety", "--desc", "入户门锁坏", "--urgent"}));
  ok(c, {"ticket", "dispatch", t, "--to", "huanglei"});
  ok(c, {"ticket", "arrive", t});
  at(c, "2026-11-23T12:00");
  CHECK(c.run({"ticket", "done", t, "--leak-test-at", "2026-11-23T11:00"}).code == 64);  // not a leak ticket
  ok(c, {"ticket", "done", t});
  const auto j = show(c, t);
  CHECK(deadline(j, "callback_by") == "2026-11-25T12:00:00+08:00");
  CHECK(j.get("deadline_states").get("callback_by").get("rule").as_string() == "ticket.callback.safety");
}

TEST_CASE("ticket: waiting pauses the SLA clock and resuming extends open deadlines (policy pause_statuses)") {
  Cli c;
  seed(c);
  const auto t = urgent_household(c);
  at(c, "2026-11-23T09:03");
  ok(c, {"ticket", "wait", t, "--reason", "waiting_owner"});
  auto j = show(c, t);
  CHECK(j.get("status").as_string() == "waiting");
  // While paused at 10:00 the deadline keeps moving with the pause.
  at(c, "2026-11-23T10:00");
  j = show(c, t);
  CHECK(state(j, "dispatch_by") == "due");
  at(c, "2026-11-23T11:03");
  ok(c, {"ticket", "resume", t});
  j = show(c, t);
  CHECK(j.get("status").as_string() == "new");
  CHECK(deadline(j, "dispatch_by") == "2026-11-23T11:07:00+08:00");
  const auto explain = ok(c, {"--lang", "en", "ticket", "explain", t});
  CHECK(contains(explain, "paused 2026-11-23 09:03"));
  CHECK(contains(explain, "+2h 00m"));
}

TEST_CASE("ticket: the business clock skips closing time and a holiday (policy.md two clocks)") {
  Cli c;
  const auto policy = c.write("svc.toml",
                              "[ticket]\nclock = \"business\"\n[calendar]\nholidays = [\"2026-11-24\"]\n");
  c.set_env("SVC_POLICY", policy);
  seed(c);
  at(c, "2026-11-23T19:58");
  const auto t = trim(ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "水压低", "--urgent"}));
  auto j = show(c, t);
  // 2 min before closing + 5 min on the next business day (the 24th is a holiday).
  CHECK(deadline(j, "dispatch_by") == "2026-11-25T09:05:00+08:00");
  CHECK(j.get("deadline_states").get("dispatch_by").get("clock").as_string() == "business");
  const auto explain = ok(c, {"--lang", "en", "ticket", "explain", t});
  CHECK(contains(explain, "business"));
  CHECK(contains(explain, "2026-11-25 09:05"));
}

TEST_CASE("ticket: a later policy change does not move stored deadlines") {
  Cli c;
  seed(c);
  const auto t = urgent_household(c);
  c.set_env("SVC_POLICY", c.write("svc.toml", "[ticket.sla.household]\ndispatch_within = \"30m\"\n"));
  const auto j = show(c, t);
  CHECK(deadline(j, "dispatch_by") == "2026-11-23T09:07:00+08:00");
  CHECK(contains(ok(c, {"--lang", "en", "ticket", "explain", t}), "computed under policy"));
}

TEST_CASE("ticket: a callback rated 2 reopens the ticket to the same technician (domain-rules 1.9)") {
  Cli c;
  seed(c);
  const auto t = urgent_done(c);
  at(c, "2026-11-24T10:00");
  const auto r = c.run({"visit", "log", "--ticket", t, "--method", "phone", "--rating", "2", "--note", "还在漏"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out == "V1\n");
  CHECK(contains(r.err, "reopened"));
  auto j = show(c, t);
  CHECK(j.get("status").as_string() == "dispatched");
  CHECK(j.get("assignee").as_string() == "wuming");
  CHECK(j.get("rating").as_int() == 2);
  CHECK(deadline(j, "callback_by") == "null");
  CHECK(contains(ok(c, {"--json", "ticket", "show", t}), "\"kind\": \"reopened\""));
  // The second round: done again, a good callback, then close.
  ok(c, {"ticket", "arrive", t});
  at(c, "2026-11-24T15:00");
  ok(c, {"ticket", "done", t});
  CHECK(deadline(show(c, t), "callback_by") == "2026-11-26T15:00:00+08:00");
  CHECK(c.run({"ticket", "close", t}).code == 65);  // the new round has no callback yet
  ok(c, {"visit", "log", "--ticket", t, "--method", "onsite", "--rating", "5"});
  ok(c, {"ticket", "close", t});
  j = show(c, t);
  CHECK(j.get("status").as_string() == "closed");
  CHECK(state(j, "callback_by") == "met");
}

TEST_CASE("ticket: closing without a callback needs a supervisor and a reason") {
  Cli c;
  seed(c);
  const auto t = urgent_household(c);
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  ok(c, {"ticket", "arrive", t});
  ok(c, {"ticket", "done", t});
  auto r = c.run({"--as", "wangfang", "ticket", "close", t, "--no-callback", "--reason", "业主出国"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "needs role supervisor"));
  r = c.run({"--as", "liuqiang", "ticket", "close", t, "--no-callback"});
  CHECK(r.code == 64);
  ok(c, {"--as", "liuqiang", "ticket", "close", t, "--no-callback", "--reason", "业主出国,联系不上"});
  CHECK(show(c, t).get("status").as_string() == "closed");
}

TEST_CASE("ticket: no-answer at the door reschedules the visit (domain-rules 1.5)") {
  Cli c;
  seed(c);
  at(c, "2026-11-23T09:00");
  const auto t = trim(ok(c, {"ticket", "new", "--unit", "2-1-301", "--category", "door_window", "--desc", "门吸坏了",
                             "--appoint", "2026-11-23T15:00"}));
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  at(c, "2026-11-23T15:05");
  ok(c, {"--as", "wuming", "ticket", "no-answer", t, "--next", "2026-11-24T09:30", "--note", "敲门三次无人"});
  const auto j = show(c, t);
  CHECK(deadline(j, "arrive_by") == "2026-11-24T09:30:00+08:00");
  CHECK(deadline(j, "complete_by") == "2026-11-26T09:30:00+08:00");
  CHECK(contains(ok(c, {"--json", "ticket", "show", t}), "\"kind\": \"no_answer\""));
}

TEST_CASE("ticket: paid service posts its charge to the unit's ledger (domain-rules 1.7)") {
  Cli c;
  seed(c);
  const auto t = paid_arrived(c);
  ok(c, {"ticket", "done", t, "--charge", "95.50"});
  const auto j = show(c, t);
  CHECK(j.get("price_fen").as_int() == 8000);
  CHECK(j.get("charge_fen").as_int() == 9550);
  CHECK(contains(ok(c, {"--json", "audit", "log", "--entity", t}), "charge:1: created"));
  CHECK(c.run({"audit", "verify"}).code == 0);
}

TEST_CASE("ticket list: --overdue, --due-within, --to and --fail-if-any") {
  Cli c;
  seed(c);
  const auto t1 = urgent_household(c);
  at(c, "2026-11-23T09:01");
  const auto t2 = trim(ok(c, {"ticket", "new", "--unit", "2-1-301", "--category", "electric", "--desc", "跳闸", "--urgent"}));
  at(c, "2026-11-23T09:02");
  ok(c, {"ticket", "dispatch", t2, "--to", "zhengtao"});
  at(c, "2026-11-23T09:10");
  auto out = ok(c, {"--csv", "ticket", "list", "--overdue"});
  CHECK(contains(out, t1 + ","));
  CHECK(!contains(out, t2 + ","));
  out = ok(c, {"--csv", "ticket", "list", "--due-within", "15m"});
  CHECK(contains(out, t2 + ","));
  out = ok(c, {"--csv", "ticket", "list", "--to", "zhengtao"});
  CHECK(contains(out, t2 + ","));
  CHECK(!contains(out, t1 + ","));
  CHECK(c.run({"ticket", "list", "--overdue", "--fail-if-any"}).code == 1);
  at(c, "2026-11-23T09:03");
  CHECK(c.run({"ticket", "list", "--overdue", "--fail-if-any"}).code == 0);
}

TEST_CASE("visit due lists callbacks soonest first and marks the overdue ones") {
  Cli c;
  seed(c);
  const auto t = urgent_household(c);
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  ok(c, {"ticket", "arrive", t});
  ok(c, {"ticket", "done", t});
  at(c, "2026-11-26T09:00");
  const auto j = svc::parse_json(ok(c, {"--json", "visit", "due"}));
  REQUIRE(j.as_array().size() == 1);
  CHECK(j.as_array()[0].get("subject").as_string() == t);
  // cli.md "JSON records: visit": the record under its own key, so scripts need not parse refs.
  CHECK(j.as_array()[0].get("ticket").as_string() == t);
  CHECK(j.as_array()[0].get("complaint").is_null());
  CHECK(j.as_array()[0].get("unit").as_string() == "1-1-102");
  CHECK(j.as_array()[0].get("overdue").as_bool());
  CHECK(c.run({"visit", "due", "--overdue", "--fail-if-any"}).code == 1);
}

TEST_CASE("ticket show and explain in Chinese, and completion offers open tickets") {
  Cli c;
  seed(c);
  const auto t = urgent_household(c);
  c.unset_env("SVC_LANG");
  const auto out = ok(c, {"ticket", "show", t});
  CHECK(contains(out, "时限"));
  CHECK(contains(out, "派工"));
  CHECK(contains(ok(c, {"ticket", "explain", t}), "规则"));
  CHECK(contains(ok(c, {"__complete", "tickets"}), "T1\n"));
}

namespace {
svc::Value due_list(Cli& c) { return svc::parse_json(ok(c, {"--json", "visit", "due"})); }
}  // namespace

TEST_CASE("ticket: a leak repair's callback counts only after its leak test, and close needs both (domain-rules 1.9)") {
  Cli c;
  seed(c);
  const auto t = leak_arrived(c);
  ok(c, {"ticket", "done", t});
  // Waiting for its leak test: visible in visit due (kind leak_test, for the technician) and
  // ticket list --waiting-leak-test, never silently forgotten.
  auto due = due_list(c);
  REQUIRE(due.as_array().size() == 1);
  CHECK(due.as_array()[0].get("kind").as_string() == "leak_test");
  CHECK(due.as_array()[0].get("ticket").as_string() == t);
  CHECK(due.as_array()[0].get("assignee").as_string() == "huanglei");
  CHECK(due.as_array()[0].get("due_at").is_null());
  CHECK(due.as_array()[0].get("since").as_string() == "2026-11-23T16:00:00+08:00");
  CHECK(contains(ok(c, {"--csv", "visit", "due", "--within", "1d"}), t));
  CHECK(!contains(ok(c, {"--csv", "visit", "due", "--overdue"}), t));
  CHECK(contains(ok(c, {"--csv", "visit", "due", "--to", "huanglei"}), t));
  CHECK(contains(ok(c, {"--csv", "ticket", "list", "--waiting-leak-test"}), t + ","));
  CHECK(show(c, t).get("waiting_leak_test").as_bool());
  // A callback logged before the leak test is refused, saying to record the leak test first.
  at(c, "2026-11-24T10:00");
  const auto before = c.digest();
  auto r = c.run({"visit", "log", "--ticket", t, "--method", "phone", "--rating", "5"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "record the leak test first with 'svc ticket leak-test " + t + "'"));
  r = c.run({"ticket", "close", t});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "needs its leak test"));
  r = c.run({"--as", "liuqiang", "ticket", "close", t, "--no-callback", "--reason", "业主不在"});
  CHECK(r.code == 65);
  CHECK(c.digest() == before);

  // The leak test, then the callback owed 3 days after it, then the callback, then close.
  at(c, "2026-11-25T11:00");
  ok(c, {"ticket", "leak-test", t, "--at", "2026-11-25T10:00"});
  due = due_list(c);
  REQUIRE(due.as_array().size() == 1);
  CHECK(due.as_array()[0].get("kind").as_string() == "callback");
  CHECK(due.as_array()[0].get("due_at").as_string() == "2026-11-28T10:00:00+08:00");
  CHECK(ok(c, {"--csv", "ticket", "list", "--waiting-leak-test"}).find(t + ",") == std::string::npos);
  CHECK_FALSE(show(c, t).get("waiting_leak_test").as_bool());
  CHECK(c.run({"ticket", "close", t}).code == 65);  // the leak test alone is not enough
  at(c, "2026-11-26T09:00");
  ok(c, {"visit", "log", "--ticket", t, "--method", "phone", "--rating", "5"});
  ok(c, {"ticket", "close", t});
  // Closed with its callback met: nothing owed, nothing missed, a week later too.
  at(c, "2026-12-03T09:00");
  const auto j = show(c, t);
  CHECK(j.get("status").as_string() == "closed");
  CHECK(state(j, "callback_by") == "met");
  CHECK(j.get("overdue").as_array().empty());
  CHECK(due_list(c).as_array().empty());
}

TEST_CASE("ticket: done with --leak-test-at owes the callback at once, and the test cannot be recorded twice (domain-rules 1.9)") {
  Cli c;
  seed(c);
  const auto t = leak_arrived(c);
  ok(c, {"ticket", "done", t, "--leak-test-at", "2026-11-23T15:30"});
  CHECK(deadline(show(c, t), "callback_by") == "2026-11-26T15:30:00+08:00");
  CHECK(c.run({"ticket", "leak-test", t}).code == 65);
  ok(c, {"visit", "log", "--ticket", t, "--method", "onsite", "--rating", "4"});
  ok(c, {"ticket", "close", t});
}

TEST_CASE("ticket: a paid repair's charge stays across a reopen unless --charge is given again (domain-rules 1.7)") {
  Cli c;
  seed(c);
  const auto t = paid_arrived(c);
  at(c, "2026-11-23T15:00");
  ok(c, {"ticket", "done", t, "--charge", "95.50"});
  // A low rating reopens it; done again without --charge: the charge is still 95.50, not the 80 agreed.
  at(c, "2026-11-24T10:00");
  ok(c, {"visit", "log", "--ticket", t, "--method", "phone", "--rating", "2"});
  ok(c, {"ticket", "arrive", t});
  at(c, "2026-11-24T11:00");
  auto r = c.run({"ticket", "done", t});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(!contains(r.err, "charge changed"));
  CHECK(show(c, t).get("charge_fen").as_int() == 9550);
  ok(c, {"--as", "chenjing", "fee", "bill", "--period", "2026-11", "--item", "repair"});
  auto bills = svc::parse_json(ok(c, {"--json", "fee", "bills", "--unit", "1-1-102"}));
  REQUIRE(bills.as_array().size() == 1);
  CHECK(bills.as_array()[0].get("amount_fen").as_int() == 9550);
  const auto bill = std::to_string(bills.as_array()[0].get("id").as_int());

  // Reopened again, a new --charge: the billed charge is not changed behind its bill.
  at(c, "2026-11-25T09:00");
  ok(c, {"ticket", "reopen", t, "--reason", "灯又不亮"});
  ok(c, {"ticket", "arrive", t});
  const auto before = c.digest();
  r = c.run({"ticket", "done", t, "--charge", "120"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "is on bill " + bill + " already"));
  CHECK(contains(r.err, "svc fee cancel " + bill));
  CHECK(c.digest() == before);
  // Cancel the bill first, then the change is made, shown and kept in the history and audit log.
  ok(c, {"--as", "liuqiang", "fee", "cancel", bill, "--reason", "维修费改为120元"});
  r = c.run({"ticket", "done", t, "--charge", "120"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "the charge changed from 95.50 to 120.00 yuan"));
  const auto j = show(c, t);
  CHECK(j.get("charge_fen").as_int() == 12000);
  CHECK(contains(svc::to_json(j), "\"kind\": \"charge_changed\""));
  CHECK(contains(ok(c, {"--json", "ticket", "show", t}), "charge 95.50 → 120.00 yuan"));
  CHECK(contains(ok(c, {"--json", "audit", "log", "--entity", t}), "charge:1"));
  // The next billing makes the correcting bill.
  ok(c, {"--as", "chenjing", "fee", "bill", "--period", "2026-11", "--item", "repair"});
  bills = svc::parse_json(ok(c, {"--json", "fee", "bills", "--unit", "1-1-102"}));
  REQUIRE(bills.as_array().size() == 2);
  CHECK(bills.as_array()[1].get("amount_fen").as_int() == 12000);
  CHECK(bills.as_array()[0].get("status").as_string() == "void");
  CHECK(c.run({"audit", "verify"}).code == 0);
}

TEST_CASE("ticket: rework after a low rating — an urgent job is on site again within arrive_within (domain-rules 1.9 整改)") {
  Cli c;
  seed(c);
  const auto t = urgent_done(c);
  at(c, "2026-11-24T10:00");
  ok(c, {"visit", "log", "--ticket", t, "--method", "phone", "--rating", "1"});
  auto j = show(c, t);
  CHECK(deadline(j, "arrive_by") == "2026-11-24T10:15:00+08:00");
  CHECK(state(j, "arrive_by") == "due");
  CHECK(j.get("deadline_states").get("arrive_by").get("start_event").as_string() == "reopened");
  CHECK(j.get("deadline_states").get("arrive_by").get("rule").as_string() == "ticket.sla.household.arrive_within");
  CHECK(deadline(j, "complete_by") == "null");  // urgent jobs have none unless the policy sets one
  // Left waiting, it is overdue like any other job.
  at(c, "2026-11-24T10:30");
  CHECK(contains(ok(c, {"--csv", "ticket", "list", "--overdue"}), t + ","));
  CHECK(contains(svc::to_json(show(c, t).get("overdue")), "arrive_by"));
  ok(c, {"ticket", "arrive", t});
  CHECK(state(show(c, t), "arrive_by") == "missed");
}

TEST_CASE("ticket: rework after ticket reopen — a scheduled job is complete within complete_within (domain-rules 1.9 整改)") {
  Cli c;
  seed(c);
  at(c, "2026-11-23T09:00");
  const auto t = trim(ok(c, {"ticket", "new", "--unit", "2-1-301", "--category", "door_window", "--desc", "窗户关不严",
                             "--appoint", "2026-11-23T14:00"}));
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  at(c, "2026-11-23T14:00");
  ok(c, {"ticket", "arrive", t});
  ok(c, {"ticket", "done", t});
  at(c, "2026-11-24T09:00");
  ok(c, {"visit", "log", "--ticket", t, "--method", "phone", "--rating", "4"});
  ok(c, {"ticket", "close", t});
  at(c, "2026-11-25T09:00");
  ok(c, {"ticket", "reopen", t, "--reason", "窗户又关不严"});
  auto j = show(c, t);
  CHECK(j.get("status").as_string() == "dispatched");
  CHECK(deadline(j, "complete_by") == "2026-11-27T09:00:00+08:00");
  CHECK(state(j, "complete_by") == "due");
  CHECK(j.get("deadline_states").get("complete_by").get("start_event").as_string() == "reopened");
  CHECK(j.get("deadline_states").get("complete_by").get("rule").as_string() == "ticket.sla.household.complete_within");
  CHECK(contains(ok(c, {"--lang", "en", "ticket", "explain", t}), "reopened"));
  at(c, "2026-11-27T10:00");
  CHECK(contains(ok(c, {"--csv", "ticket", "list", "--overdue"}), t + ","));
}

TEST_CASE("ticket: [ticket.rework] keys set the rework deadlines of both urgencies (domain-rules 1.9 整改)") {
  Cli c;
  c.set_env("SVC_POLICY", c.write("svc.toml", "[ticket.rework]\narrive_within = \"30m\"\ncomplete_within = \"1d\"\n"));
  seed(c);
  // Urgent, public: on site again within 30m (not the 10m of [ticket.sla.public]).
  at(c, "2026-11-23T09:00");
  const auto u = trim(ok(c, {"ticket", "new", "--public", "--location", "3栋电梯厅", "--category", "public_facility",
                             "--desc", "照明灯不亮", "--urgent"}));
  ok(c, {"--as", "lijun", "ticket", "dispatch", u, "--to", "zhengtao"});
  ok(c, {"ticket", "arrive", u});
  ok(c, {"ticket", "done", u});
  // Scheduled, household: finished within 1d of the reopening.
  const auto s = trim(ok(c, {"ticket", "new", "--unit", "2-1-301", "--category", "door_window", "--desc", "门吸坏了",
                             "--appoint", "2026-11-23T10:00"}));
  ok(c, {"ticket", "dispatch", s, "--to", "wuming"});
  ok(c, {"ticket", "arrive", s});
  ok(c, {"ticket", "done", s});
  at(c, "2026-11-24T09:00");
  ok(c, {"ticket", "reopen", u, "--reason", "又不亮了"});
  ok(c, {"visit", "log", "--ticket", s, "--method", "phone", "--rating", "2"});
  auto j = show(c, u);
  CHECK(deadline(j, "arrive_by") == "2026-11-24T09:30:00+08:00");
  CHECK(j.get("deadline_states").get("arrive_by").get("rule").as_string() == "ticket.rework.arrive_within");
  j = show(c, s);
  CHECK(deadline(j, "complete_by") == "2026-11-25T09:00:00+08:00");
  CHECK(j.get("deadline_states").get("complete_by").get("rule").as_string() == "ticket.rework.complete_within");
  CHECK(contains(ok(c, {"--lang", "en", "policy", "explain", "ticket.rework.complete_within"}), "1d"));
}

// --- permissions (domain-rules 9.2) ---
TEST_CASE("ticket permissions: technicians work their own tickets only") {
  Cli c;
  seed(c);
  const auto t = urgent_household(c);
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  auto r = c.run({"--as", "zhengtao", "ticket", "arrive", t});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "wuming"));
  CHECK(c.run({"--as", "wuming", "ticket", "arrive", t}).code == 0);
  r = c.run({"--as", "wuming", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent"});
  CHECK(r.code == 77);
  r = c.run({"--as", "wangfang", "ticket", "cancel", t, "--reason", "业主取消"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "needs role supervisor"));
  CHECK(c.run({"--as", "liuqiang", "ticket", "cancel", t, "--reason", "业主取消"}).code == 0);
  r = c.run({"--as", "majie", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent"});
  CHECK(r.code == 77);
}

TEST_CASE("ticket permissions: a public facility is dispatched by the foreman, a household by the front desk (domain-rules 9.2)") {
  Cli c;
  seed(c);
  at(c, "2026-11-23T14:00");
  // The front desk records the public repair and hands the slip over (003 L280–L282) …
  const auto pub = trim(ok(c, {"--as", "wangfang", "ticket", "new", "--public", "--location", "3栋电梯厅", "--category",
                               "public_facility", "--desc", "照明灯不亮", "--urgent"}));
  const auto before = c.digest();
  auto r = c.run({"--as", "wangfang", "ticket", "dispatch", pub, "--to", "zhengtao"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "needs role foreman, or role supervisor or higher; 'wangfang' is frontdesk"));
  CHECK(c.run({"--as", "chenjing", "ticket", "dispatch", pub, "--to", "zhengtao"}).code == 77);  // assistant
  CHECK(c.run({"--as", "wuming", "ticket", "dispatch", pub, "--to", "zhengtao"}).code == 77);    // technician
  CHECK(c.digest() == before);
  // … the engineering foreman (工程部领班, 003 L284) picks the repairer, and may hand it to another.
  ok(c, {"--as", "lijun", "ticket", "dispatch", pub, "--to", "zhengtao"});
  CHECK(show(c, pub).get("assignee").as_string() == "zhengtao");
  ok(c, {"--as", "lijun", "ticket", "dispatch", pub, "--to", "huanglei"});
  CHECK(show(c, pub).get("assignee").as_string() == "huanglei");
  // Supervisors and above may still do it.
  ok(c, {"--as", "liuqiang", "ticket", "dispatch", pub, "--to", "zhengtao"});
  // Sending it back to another repairer is dispatching too.
  ok(c, {"--as", "zhengtao", "ticket", "arrive", pub});
  ok(c, {"--as", "zhengtao", "ticket", "done", pub});
  r = c.run({"--as", "wangfang", "ticket", "reopen", pub, "--reason", "仍不亮", "--to", "wuming"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "foreman"));
  ok(c, {"--as", "wangfang", "ticket", "reopen", pub, "--reason", "仍不亮"});  // back to the same repairer
  CHECK(show(c, pub).get("assignee").as_string() == "zhengtao");

  // A household repair is dispatched by the front desk as before, not by the foreman.
  const auto home = trim(ok(c, {"--as", "wangfang", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc",
                                "水管漏水", "--urgent"}));
  r = c.run({"--as", "lijun", "ticket", "dispatch", home, "--to", "wuming"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "needs role frontdesk or higher"));
  ok(c, {"--as", "wangfang", "ticket", "dispatch", home, "--to", "wuming"});
  // The foreman takes no intake.
  CHECK(c.run({"--as", "lijun", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent"}).code == 77);
}

// --- bad input: exit code, message, nothing changed ---
namespace {
struct Bad {
  std::vector<std::string> args;
  int code;
  std::string message;
};
// A database with T1 (urgent, new), T2 (dispatched to wuming) and T3 (done, water).
void bad_case(const Bad& b) {
  Cli c;
  seed(c);
  at(c, "2026-11-23T09:00");
  ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "a", "--urgent"});
  ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "b", "--urgent"});
  ok(c, {"ticket", "dispatch", "T2", "--to", "wuming"});
  ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "c", "--urgent"});
  ok(c, {"ticket", "dispatch", "T3", "--to", "wuming"});
  ok(c, {"ticket", "arrive", "T3"});
  ok(c, {"ticket", "done", "T3"});
  at(c, "2026-11-23T10:00");
  const auto before = c.digest();
  const auto r = c.run(b.args);
  CHECK_MESSAGE(r.code == b.code, r.err);
  CHECK_MESSAGE(contains(r.err, b.message), r.err);
  CHECK(c.digest() == before);
}
}  // namespace

#define BAD_TICKET(name, code, message, ...) \
  TEST_CASE("ticket bad input: " name) { bad_case(Bad{{__VA_ARGS__}, code, message}); }

BAD_TICKET("unknown unit", 66, "unknown unit '9-9-999'", "ticket", "new", "--unit", "9-9-999", "--category", "water", "--desc", "x", "--urgent")
BAD_TICKET("unknown category", 64, "--category 'plumbing' is not a ticket category (allowed: water", "ticket", "new", "--unit", "1-1-102", "--category", "plumbing", "--desc", "x", "--urgent")
BAD_TICKET("unknown technician", 66, "unknown staff member 'ghost'", "ticket", "dispatch", "T1", "--to", "ghost")
BAD_TICKET("dispatch to someone who is not a technician", 64, "'wangfang' is frontdesk, not a technician", "ticket", "dispatch", "T1", "--to", "wangfang")
BAD_TICKET("negative price", 64, "--price '-5'", "ticket", "new", "--unit", "1-1-102", "--category", "electric", "--desc", "x", "--urgent", "--paid", "--price", "-5")
BAD_TICKET("price with three decimals", 64, "--price '12.345'", "ticket", "new", "--unit", "1-1-102", "--category", "electric", "--desc", "x", "--urgent", "--paid", "--price", "12.345")
BAD_TICKET("price without --paid", 64, "--price is for paid tickets", "ticket", "new", "--unit", "1-1-102", "--category", "electric", "--desc", "x", "--urgent", "--price", "10")
BAD_TICKET("done before dispatch", 65, "cannot complete T1: it is new (next steps: dispatch, wait, cancel)", "ticket", "done", "T1")
BAD_TICKET("arrive before dispatch", 65, "cannot mark arrival of T1: it is new", "ticket", "arrive", "T1")
BAD_TICKET("appointment in the past", 64, "--appoint '2026-11-22T10:00' is in the past", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--appoint", "2026-11-22T10:00")
BAD_TICKET("scheduled without appointment", 64, "a scheduled ticket needs --appoint", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x")
BAD_TICKET("urgent with appointment", 64, "--appoint is for scheduled tickets", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent", "--appoint", "2026-11-24T10:00")
BAD_TICKET("appointment that is not a time", 64, "--appoint 'tomorow' is not a time", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--appoint", "tomorow")
BAD_TICKET("both unit and public", 64, "not both", "ticket", "new", "--unit", "1-1-102", "--public", "--location", "大堂", "--category", "water", "--desc", "x", "--urgent")
BAD_TICKET("public without location", 64, "needs --location", "ticket", "new", "--public", "--category", "public_facility", "--desc", "x", "--urgent")
BAD_TICKET("neither unit nor public", 64, "give --unit", "ticket", "new", "--category", "water", "--desc", "x", "--urgent")
BAD_TICKET("unknown channel", 64, "--channel 'fax' is not a channel", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent", "--channel", "fax")
BAD_TICKET("bad phone", 64, "--phone 'abc' is not a phone number", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent", "--phone", "abc")
BAD_TICKET("paid public ticket", 64, "a paid ticket needs a unit", "ticket", "new", "--public", "--location", "大堂", "--category", "public_facility", "--desc", "x", "--urgent", "--paid")
BAD_TICKET("unknown ticket", 66, "unknown ticket 'T99'", "ticket", "show", "T99")
BAD_TICKET("malformed ticket ref", 64, "'X1' is not a ticket", "ticket", "show", "X1")
BAD_TICKET("charge on a free ticket", 64, "--charge is for paid tickets", "ticket", "done", "T2", "--charge", "10")
BAD_TICKET("unknown wait reason", 64, "--reason 'lunch' is not a waiting status (allowed: waiting_parts, waiting_owner)", "ticket", "wait", "T2", "--reason", "lunch")
BAD_TICKET("resume a ticket that is not waiting", 65, "cannot resume T2: it is dispatched", "ticket", "resume", "T2")
BAD_TICKET("leak test on a water ticket", 64, "leak tests are for leak tickets", "ticket", "leak-test", "T3")
BAD_TICKET("no-answer with a time in the past", 64, "--next '2026-11-23T08:00' must be later than now", "ticket", "no-answer", "T2", "--next", "2026-11-23T08:00")
BAD_TICKET("close without callback", 65, "T3 has no callback yet", "ticket", "close", "T3")
BAD_TICKET("callback for a ticket not done", 65, "cannot log a callback for T2: it is dispatched", "visit", "log", "--ticket", "T2", "--method", "phone", "--rating", "5")
BAD_TICKET("callback rating out of range", 64, "--rating 6 is out of range", "visit", "log", "--ticket", "T3", "--method", "phone", "--rating", "6")
BAD_TICKET("callback method unknown", 64, "--method 'email' is not a callback method", "visit", "log", "--ticket", "T3", "--method", "email", "--rating", "4")
BAD_TICKET("callback with two subjects", 64, "exactly one of --ticket, --complaint, --unit or --visit", "visit", "log", "--ticket", "T3", "--unit", "1-1-102", "--method", "phone", "--rating", "4")
BAD_TICKET("cancel without reason text", 64, "--reason must say why", "ticket", "cancel", "T1", "--reason", "")
BAD_TICKET("list with a bad --due-within", 64, "--due-within 'soon'", "ticket", "list", "--due-within", "soon")
BAD_TICKET("list with an unknown status", 64, "--status", "ticket", "list", "--status", "lost")
BAD_TICKET("dispatch a done ticket", 65, "cannot dispatch T3: it is done", "ticket", "dispatch", "T3", "--to", "wuming")
