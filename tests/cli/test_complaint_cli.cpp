// svc complaint (and svc visit log --complaint): the class deadlines of domain-rules 2.4, the
// ladder and the one-month rule applied by the sweep (2.5, 2.6), routing of service complaints
// (2.2), callbacks and reopen (2.7), permissions (9.2) and bad input, all with a fixed clock.
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

std::string ok(Cli& c, std::vector<std::string> args) {
  const auto r = c.run(std::move(args));
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return r.out;
}

std::string trim(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// A complaint received at 09:00 on Monday 2026-11-23 by the front desk (wangfang).
std::string intake(Cli& c, std::vector<std::string> extra = {}) {
  at(c, "2026-11-23T09:00");
  std::vector<std::string> args = {"--as", "wangfang", "complaint", "new", "--unit", "1-1-102", "--subject", "夜间噪音"};
  args.insert(args.end(), extra.begin(), extra.end());
  return trim(ok(c, args));
}

svc::Value show(Cli& c, const std::string& ref) { return svc::parse_json(ok(c, {"--json", "complaint", "show", ref})); }
std::string deadline(const svc::Value& x, const std::string& name) {
  const auto& d = x.get("deadlines").get(name);
  return d.is_null() ? "null" : d.as_string();
}
std::string state(const svc::Value& x, const std::string& name) {
  return x.get("deadline_states").get(name).get("state").as_string();
}
std::vector<std::string> levels(const svc::Value& x) {
  std::vector<std::string> out;
  for (const auto& e : x.get("escalations").as_array()) out.push_back(e.get("level").as_string());
  return out;
}
std::string sweep(Cli& c, const std::string& when) {
  at(c, when);
  return ok(c, {"--json", "complaint", "sweep"});
}

}  // namespace

TEST_CASE("complaint: major — escalate to the director the same day, answer in 2d, resolve in 10d (domain-rules 2.4)") {
  Cli c;
  seed(c);
  const auto ref = intake(c, {"--severity", "major", "--category", "incident"});
  CHECK(ref == "C1");
  const auto x = show(c, ref);
  CHECK(x.get("ref").as_string() == "C1");
  CHECK(x.get("kind").as_string() == "complaint");
  CHECK(x.get("status").as_string() == "open");
  CHECK(x.get("severity").as_string() == "major");
  CHECK(x.get("validity").as_string() == "valid");
  CHECK(x.get("level").as_string() == "assistant");
  CHECK(x.get("received_at").as_string() == "2026-11-23T09:00:00+08:00");
  CHECK(deadline(x, "escalate_by") == "2026-11-23T23:59:59+08:00");
  CHECK(deadline(x, "answer_by") == "2026-11-25T09:00:00+08:00");
  CHECK(deadline(x, "resolve_by") == "2026-12-03T09:00:00+08:00");
  CHECK(deadline(x, "callback_by") == "null");
  CHECK(x.get("escalations").as_array().empty());
  CHECK(x.get("overdue").as_array().empty());
}

TEST_CASE("complaint: important — escalate to the supervisor within 1h, resolve in 3d, no answer deadline (domain-rules 2.4)") {
  Cli c;
  seed(c);
  const auto ref = intake(c, {"--severity", "important"});
  auto x = show(c, ref);
  CHECK(deadline(x, "escalate_by") == "2026-11-23T10:00:00+08:00");
  CHECK(deadline(x, "answer_by") == "null");
  CHECK(deadline(x, "resolve_by") == "2026-11-26T09:00:00+08:00");
  // The sweep makes the class escalation at once, which meets escalate_by.
  const auto out = svc::parse_json(sweep(c, "2026-11-23T09:20"));
  REQUIRE(out.as_array().size() == 1);
  CHECK(out.as_array()[0].get("to").as_string() == "supervisor");
  x = show(c, ref);
  CHECK(x.get("level").as_string() == "supervisor");
  CHECK(state(x, "escalate_by") == "met");
  CHECK(x.get("escalations").as_array()[0].get("at").as_string() == "2026-11-23T09:20:00+08:00");
}

TEST_CASE("complaint: a late class escalation is met late and shows as overdue until then (domain-rules 2.4)") {
  Cli c;
  seed(c);
  const auto ref = intake(c, {"--severity", "important"});
  at(c, "2026-11-23T11:00");
  auto x = show(c, ref);
  CHECK(state(x, "escalate_by") == "missed");
  CHECK(trim(ok(c, {"complaint", "list", "--overdue", "--csv"})).find("C1") != std::string::npos);
  ok(c, {"--as", "chenjing", "complaint", "escalate", ref, "--reason", "业主情绪激动"});
  x = show(c, ref);
  CHECK(x.get("level").as_string() == "supervisor");
  CHECK(state(x, "escalate_by") == "missed");  // met, but late
  CHECK(x.get("escalations").as_array()[0].get("rule").as_string() == "manual");
}

TEST_CASE("complaint: minor — resolve in 2d, no escalation or answer deadline (domain-rules 2.4)") {
  Cli c;
  seed(c);
  const auto x = show(c, intake(c));
  CHECK(x.get("severity").as_string() == "minor");
  CHECK(deadline(x, "escalate_by") == "null");
  CHECK(deadline(x, "answer_by") == "null");
  CHECK(deadline(x, "resolve_by") == "2026-11-25T09:00:00+08:00");
  CHECK(x.get("deadline_states").get("resolve_by").get("rule").as_string() == "complaint.severity.minor.resolve_within");
}

TEST_CASE("complaint: minor with an earlier requested deadline — the complainant's deadline wins (domain-rules 2.4)") {
  Cli c;
  seed(c);
  const auto ref = intake(c, {"--requested-by", "2026-11-24"});
  const auto x = show(c, ref);
  CHECK(x.get("requested_by").as_string() == "2026-11-24T23:59:59+08:00");
  CHECK(deadline(x, "resolve_by") == "2026-11-24T23:59:59+08:00");
  CHECK(x.get("deadline_states").get("resolve_by").get("start_event").as_string() == "requested_by");
  const auto why = ok(c, {"complaint", "explain", ref});
  CHECK(contains(why, "the earlier wins"));
  // A later requested deadline does not move the 2-day limit.
  const auto later = show(c, intake(c, {"--requested-by", "2026-11-30T18:00"}));
  CHECK(deadline(later, "resolve_by") == "2026-11-25T09:00:00+08:00");
}

TEST_CASE("complaint: the ladder at 2d, 1w and 2w — each escalation recorded once however often the sweep runs (domain-rules 2.5)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  CHECK(svc::parse_json(sweep(c, "2026-11-25T08:59")).as_array().empty());
  auto out = svc::parse_json(sweep(c, "2026-11-25T09:00"));
  REQUIRE(out.as_array().size() == 1);
  CHECK(out.as_array()[0].get("complaint").as_string() == ref);
  CHECK(out.as_array()[0].get("rule").as_string() == "complaint.ladder.2d");
  CHECK(levels(show(c, ref)) == std::vector<std::string>{"supervisor"});
  for (int i = 0; i < 3; ++i) CHECK(svc::parse_json(sweep(c, "2026-11-26T12:00")).as_array().empty());
  out = svc::parse_json(sweep(c, "2026-11-30T09:00"));
  REQUIRE(out.as_array().size() == 1);
  CHECK(out.as_array()[0].get("to").as_string() == "manager");
  CHECK(svc::parse_json(sweep(c, "2026-11-30T09:00")).as_array().empty());
  CHECK(svc::parse_json(sweep(c, "2026-12-07T08:59")).as_array().empty());
  out = svc::parse_json(sweep(c, "2026-12-07T09:00"));
  REQUIRE(out.as_array().size() == 1);
  CHECK(out.as_array()[0].get("to").as_string() == "gm");
  for (int i = 0; i < 3; ++i) CHECK(svc::parse_json(sweep(c, "2026-12-08T09:00")).as_array().empty());
  const auto x = show(c, ref);
  CHECK(levels(x) == std::vector<std::string>{"supervisor", "manager", "gm"});
  CHECK(x.get("level").as_string() == "gm");
  ok(c, {"audit", "verify"});
  // -q on a quiet run prints nothing at all.
  at(c, "2026-12-09T09:00");
  const auto quiet = c.run({"-q", "complaint", "sweep"});
  CHECK(quiet.code == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
}

TEST_CASE("complaint: a sweep that missed several rungs records each of them once (domain-rules 2.5)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  const auto out = svc::parse_json(sweep(c, "2026-12-01T09:00"));
  REQUIRE(out.as_array().size() == 2);
  CHECK(levels(show(c, ref)) == std::vector<std::string>{"supervisor", "manager"});
  CHECK(svc::parse_json(sweep(c, "2026-12-01T09:05")).as_array().empty());
}

TEST_CASE("complaint: the ladder skips rungs already below the level holding the complaint (domain-rules 2.5)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  at(c, "2026-11-23T10:00");
  ok(c, {"--as", "chenjing", "complaint", "escalate", ref, "--to", "manager", "--reason", "涉及多户"});
  CHECK(svc::parse_json(sweep(c, "2026-11-30T09:00")).as_array().empty());
  const auto out = svc::parse_json(sweep(c, "2026-12-07T09:00"));
  REQUIRE(out.as_array().size() == 1);
  CHECK(out.as_array()[0].get("to").as_string() == "gm");
}

TEST_CASE("complaint: one month unresolved makes a valid complaint major, once (domain-rules 2.6)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  sweep(c, "2026-12-07T09:00");  // the ladder up to gm
  CHECK(svc::parse_json(sweep(c, "2026-12-23T08:59")).as_array().empty());
  const auto out = svc::parse_json(sweep(c, "2026-12-23T09:00"));
  REQUIRE(out.as_array().size() == 1);
  CHECK(out.as_array()[0].get("action").as_string() == "upgraded");
  auto x = show(c, ref);
  CHECK(x.get("severity").as_string() == "major");
  CHECK(x.get("upgraded_at").as_string() == "2026-12-23T09:00:00+08:00");
  // Major deadlines from the upgrade; the escalation to the director is met, the complaint being
  // held higher already (gm).
  CHECK(deadline(x, "resolve_by") == "2027-01-02T09:00:00+08:00");
  CHECK(deadline(x, "answer_by") == "2026-12-25T09:00:00+08:00");
  CHECK(deadline(x, "escalate_by") == "2026-12-23T23:59:59+08:00");
  CHECK(state(x, "escalate_by") == "met");
  CHECK(svc::parse_json(sweep(c, "2026-12-24T09:00")).as_array().empty());
  // A manager may take it back to minor; the sweep does not upgrade it a second time.
  ok(c, {"--as", "sunwei", "complaint", "classify", ref, "--severity", "minor", "--reason", "复核"});
  CHECK(svc::parse_json(sweep(c, "2026-12-25T09:00")).as_array().empty());
}

TEST_CASE("complaint: the one-month upgrade of a complaint never swept escalates it to the director at once (domain-rules 2.4, 2.6)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  const auto out = svc::parse_json(sweep(c, "2026-12-23T10:00"));
  // upgraded, then director (class), then gm (ladder 2w); supervisor and manager are below director.
  REQUIRE(out.as_array().size() == 3);
  CHECK(out.as_array()[0].get("action").as_string() == "upgraded");
  CHECK(levels(show(c, ref)) == std::vector<std::string>{"director", "gm"});
}

TEST_CASE("complaint: reclassification recomputes open deadlines from intake and is recorded (domain-rules 2.4)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  at(c, "2026-11-23T15:00");
  ok(c, {"--as", "wangfang", "complaint", "classify", ref, "--severity", "major", "--category", "incident", "--reason", "涉及安全"});
  auto x = show(c, ref);
  CHECK(deadline(x, "escalate_by") == "2026-11-23T23:59:59+08:00");
  CHECK(deadline(x, "answer_by") == "2026-11-25T09:00:00+08:00");
  CHECK(deadline(x, "resolve_by") == "2026-12-03T09:00:00+08:00");
  bool classified = false;
  for (const auto& e : x.get("events").as_array())
    if (e.get("kind").as_string() == "classified") classified = contains(e.get("detail").as_string(), "severity: minor → major");
  CHECK(classified);
  // Invalid: no class deadlines any more.
  ok(c, {"--as", "sunwei", "complaint", "classify", ref, "--validity", "invalid"});
  x = show(c, ref);
  CHECK(deadline(x, "escalate_by") == "null");
  CHECK(deadline(x, "resolve_by") == "null");
  CHECK(x.get("counts_in_kpi").as_bool() == false);
  // Valid and important again: from intake, so escalate_by is missed already.
  ok(c, {"--as", "sunwei", "complaint", "classify", ref, "--validity", "valid", "--severity", "important"});
  x = show(c, ref);
  CHECK(deadline(x, "escalate_by") == "2026-11-23T10:00:00+08:00");
  CHECK(state(x, "escalate_by") == "missed");
  CHECK(deadline(x, "resolve_by") == "2026-11-26T09:00:00+08:00");
}

TEST_CASE("complaint: callback due 48h after resolution, logged with visit log, then close (domain-rules 2.7)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  at(c, "2026-11-24T10:00");
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已协调施工方停工"});
  auto x = show(c, ref);
  CHECK(x.get("status").as_string() == "resolved");
  CHECK(x.get("resolved_at").as_string() == "2026-11-24T10:00:00+08:00");
  CHECK(state(x, "resolve_by") == "met");
  CHECK(deadline(x, "callback_by") == "2026-11-26T10:00:00+08:00");
  CHECK(contains(ok(c, {"visit", "due", "--csv"}), "C1,callback,1-1-102"));
  const auto closing = c.run({"--as", "wangfang", "complaint", "close", ref});
  CHECK(closing.code == 65);
  CHECK(contains(closing.err, "has no callback yet"));
  at(c, "2026-11-25T16:00");
  CHECK(trim(ok(c, {"--as", "wangfang", "visit", "log", "--complaint", ref, "--method", "phone", "--rating", "4"})) == "V1");
  x = show(c, ref);
  CHECK(state(x, "callback_by") == "met");
  CHECK(x.get("rating").as_int() == 4);
  CHECK(ok(c, {"visit", "due", "--csv"}).find("C1") == std::string::npos);
  ok(c, {"--as", "wangfang", "complaint", "close", ref});
  CHECK(show(c, ref).get("status").as_string() == "closed");
  CHECK(contains(ok(c, {"audit", "log", "--entity", ref}), "complaint.close"));
  ok(c, {"audit", "verify"});
}

TEST_CASE("complaint: a low callback rating reopens the complaint (domain-rules 2.7)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  at(c, "2026-11-24T10:00");
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已处理"});
  at(c, "2026-11-24T18:00");
  const auto r = c.run({"--as", "wangfang", "visit", "log", "--complaint", ref, "--method", "onsite", "--rating", "2", "--note", "仍有噪音"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "reopened"));
  const auto x = show(c, ref);
  CHECK(x.get("status").as_string() == "open");
  CHECK(x.get("resolved_at").is_null());
  CHECK(x.get("rating").as_int() == 2);
  CHECK(state(x, "callback_by") == "met");
  CHECK(state(x, "resolve_by") == "due");  // counts from intake again: 2026-11-25 09:00
  CHECK(deadline(x, "resolve_by") == "2026-11-25T09:00:00+08:00");
  // A rating of 3 does not reopen.
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已停工"});
  ok(c, {"--as", "wangfang", "visit", "log", "--complaint", ref, "--method", "phone", "--rating", "3"});
  CHECK(show(c, ref).get("status").as_string() == "resolved");
}

TEST_CASE("complaint: closing without a callback needs a supervisor and a reason (domain-rules 2.7, 9.2)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已处理"});
  const auto denied = c.run({"--as", "wangfang", "complaint", "close", ref, "--no-callback", "--reason", "联系不上"});
  CHECK(denied.code == 77);
  CHECK(contains(denied.err, "needs role supervisor"));
  ok(c, {"--as", "liuqiang", "complaint", "close", ref, "--no-callback", "--reason", "三次联系不上"});
  const auto x = show(c, ref);
  CHECK(x.get("status").as_string() == "closed");
  CHECK(contains(x.get("close_note").as_string(), "三次联系不上"));
  CHECK(deadline(x, "callback_by") == "null");  // no longer owed
}

TEST_CASE("complaint: closing a major complaint needs the close_major_complaint role (domain-rules 2.4, 9.2)") {
  Cli c;
  seed(c);
  const auto ref = intake(c, {"--severity", "major"});
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已赔偿"});
  ok(c, {"--as", "wangfang", "visit", "log", "--complaint", ref, "--method", "phone", "--rating", "5"});
  for (const char* who : {"wangfang", "liuqiang"}) {
    const auto r = c.run({"--as", who, "complaint", "close", ref});
    CHECK(r.code == 77);
    CHECK(contains(r.err, "closing a major complaint needs role manager"));
  }
  // Nor may the front desk take it out of the major class to get round that.
  const auto down = c.run({"--as", "wangfang", "complaint", "classify", ref, "--severity", "minor"});
  CHECK(down.code == 77);
  ok(c, {"--as", "sunwei", "complaint", "close", ref});
  CHECK(show(c, ref).get("status").as_string() == "closed");
}

TEST_CASE("complaint: permissions — quality reads only, technicians take no complaints, the front desk does not escalate (domain-rules 9.2)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  const std::string before = c.digest();
  auto r = c.run({"--as", "majie", "complaint", "new", "--unit", "1-1-102", "--subject", "x"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "read-only role quality"));
  r = c.run({"--as", "wuming", "complaint", "new", "--unit", "1-1-102", "--subject", "x"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "complaint new needs role frontdesk or higher"));
  r = c.run({"--as", "wangfang", "complaint", "escalate", ref, "--reason", "x"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "complaint escalate needs role assistant or higher"));
  r = c.run({"--as", "majie", "complaint", "sweep"});
  CHECK(r.code == 77);
  CHECK(c.digest() == before);
  // Reading is for everyone, quality included; so is a dry run of the sweep.
  CHECK(c.run({"--as", "majie", "complaint", "show", ref}).code == 0);
  CHECK(c.run({"--as", "majie", "complaint", "sweep", "--dry-run"}).code == 0);
}

TEST_CASE("complaint: a service complaint about a staff member is reported to that person's superior (domain-rules 2.2)") {
  Cli c;
  seed(c);
  auto x = show(c, intake(c, {"--about-staff", "zhaoli", "--category", "staff_attitude"}));
  CHECK(x.get("about_staff").as_string() == "zhaoli");
  CHECK(x.get("routed_to").as_string() == "liuqiang");
  CHECK(x.get("level").as_string() == "supervisor");
  REQUIRE(x.get("escalations").as_array().size() == 1);
  CHECK(x.get("escalations").as_array()[0].get("rule").as_string() == "complaint.route");
  CHECK(contains(x.get("escalations").as_array()[0].get("reason").as_string(), "zhaoli"));
  // The supervisor's own superior is the manager.
  x = show(c, intake(c, {"--about-staff", "liuqiang"}));
  CHECK(x.get("routed_to").as_string() == "sunwei");
  CHECK(x.get("level").as_string() == "manager");
  // The 2-day rung has nothing to do for a complaint held by a supervisor already.
  CHECK(svc::parse_json(sweep(c, "2026-11-25T10:00")).as_array().empty());
}

TEST_CASE("complaint: first-contact ownership — the receiver owns it until assign hands it on (domain-rules 2.1)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  auto x = show(c, ref);
  CHECK(x.get("received_by").as_string() == "wangfang");
  CHECK(x.get("owner").as_string() == "wangfang");
  ok(c, {"--as", "wangfang", "complaint", "assign", ref, "--dept", "工程部"});
  x = show(c, ref);
  CHECK(x.get("dept").as_string() == "工程部");
  CHECK(x.get("owner").as_string() == "wangfang");
  ok(c, {"--as", "wangfang", "complaint", "assign", ref, "--dept", "工程部", "--to", "chenjing"});
  x = show(c, ref);
  CHECK(x.get("owner").as_string() == "chenjing");
  CHECK(x.get("received_by").as_string() == "wangfang");
}

TEST_CASE("complaint: suggestions go to a department, inquiries are answered and closed, invalid ones carry no deadline (domain-rules 2.3)") {
  Cli c;
  seed(c);
  auto s = show(c, intake(c, {"--kind", "suggestion", "--dept", "管业部"}));
  CHECK(s.get("kind").as_string() == "suggestion");
  CHECK(s.get("dept").as_string() == "管业部");
  CHECK(deadline(s, "resolve_by") == "null");
  ok(c, {"--as", "wangfang", "complaint", "close", "C1"});  // no callback owed
  const auto q = intake(c, {"--kind", "inquiry", "--nature", "inquiry"});
  ok(c, {"--as", "wangfang", "complaint", "respond", q, "--note", "物业费按月收取"});
  auto x = show(c, q);
  CHECK(x.get("status").as_string() == "closed");
  CHECK(x.get("answer").as_string() == "物业费按月收取");
  const auto inv = show(c, intake(c, {"--validity", "invalid"}));
  CHECK(deadline(inv, "resolve_by") == "null");
  CHECK(svc::parse_json(sweep(c, "2026-12-30T09:00")).as_array().empty());
}

TEST_CASE("complaint: respond meets answer_by, withdraw ends every open deadline (domain-rules 2.4)") {
  Cli c;
  seed(c);
  const auto ref = intake(c, {"--severity", "major"});
  at(c, "2026-11-24T09:00");
  ok(c, {"--as", "wangfang", "complaint", "respond", ref, "--note", "已告知处理方案"});
  auto x = show(c, ref);
  CHECK(state(x, "answer_by") == "met");
  CHECK(x.get("status").as_string() == "open");
  ok(c, {"--as", "wangfang", "complaint", "withdraw", ref, "--reason", "业主撤回"});
  x = show(c, ref);
  CHECK(x.get("status").as_string() == "withdrawn");
  CHECK(deadline(x, "resolve_by") == "null");
  CHECK(deadline(x, "escalate_by") == "null");
  CHECK(svc::parse_json(sweep(c, "2026-12-30T09:00")).as_array().empty());
}

TEST_CASE("complaint list filters: level, severity, month, unit, status, overdue and fail-if-any") {
  Cli c;
  seed(c);
  intake(c, {"--severity", "important"});
  intake(c);
  at(c, "2026-12-02T09:00");
  ok(c, {"--as", "wangfang", "complaint", "new", "--unit", "1-1-201", "--subject", "绿化", "--severity", "major"});
  auto rows = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--json", "complaint", "list"});
    std::vector<std::string> refs;
    const auto list = svc::parse_json(ok(c, args));
    for (const auto& v : list.as_array()) refs.push_back(v.get("ref").as_string());
    return refs;
  };
  CHECK(rows({}) == std::vector<std::string>{"C1", "C2", "C3"});
  CHECK(rows({"--severity", "important"}) == std::vector<std::string>{"C1"});
  CHECK(rows({"--month", "2026-12"}) == std::vector<std::string>{"C3"});
  CHECK(rows({"--unit", "1-1-201"}) == std::vector<std::string>{"C3"});
  CHECK(rows({"--overdue"}) == std::vector<std::string>{"C1", "C2"});
  sweep(c, "2026-12-02T09:00");
  CHECK(rows({"--level", "manager"}) == std::vector<std::string>{"C1", "C2"});
  CHECK(rows({"--level", "director"}) == std::vector<std::string>{"C3"});
  CHECK(rows({"--status", "resolved"}).empty());
  CHECK(c.run({"complaint", "list", "--status", "resolved", "--fail-if-any"}).code == 0);
  CHECK(c.run({"complaint", "list", "--overdue", "--fail-if-any"}).code == 1);
}

TEST_CASE("complaint show and explain: history, deadlines, escalations, the ladder and the rules cited") {
  Cli c;
  seed(c);
  const auto ref = intake(c, {"--severity", "important"});
  sweep(c, "2026-11-23T09:30");
  at(c, "2026-11-23T10:00");
  const auto table = ok(c, {"complaint", "show", ref});
  CHECK(contains(table, "Deadlines"));
  CHECK(contains(table, "Escalations"));
  CHECK(contains(table, "History"));
  CHECK(contains(table, "complaint.severity.important.resolve_within"));
  const auto why = ok(c, {"complaint", "explain", ref});
  CHECK(contains(why, "escalate_by"));
  CHECK(contains(why, "rule: complaint.severity.important.escalate_within"));
  CHECK(contains(why, "after 2d (2026-11-25 09:00) → supervisor: nothing to do: already held at supervisor"));
  CHECK(contains(why, "complaint.upgrade_to_major_after"));
  CHECK(contains(why, "n/a until resolved"));
  const auto j = svc::parse_json(ok(c, {"--json", "complaint", "explain", ref}));
  CHECK(j.get("explain").get("ladder").as_array().size() == 4);
}

TEST_CASE("complaint: Chinese labels for severity, kind, status and level (domain-rules 2.3)") {
  Cli c;
  seed(c);
  intake(c, {"--severity", "major"});
  c.set_env("SVC_LANG", "zh");
  const auto out = ok(c, {"complaint", "list"});
  CHECK(contains(out, "重大(严重)"));
  CHECK(contains(out, "投诉"));
  CHECK(contains(out, "处理中"));
  CHECK(contains(out, "客服助理"));
  // CSV and JSON keep the codes.
  CHECK(contains(ok(c, {"--csv", "complaint", "list"}), ",major,"));
}

TEST_CASE("complaint sweep --dry-run reports what it would do and changes nothing") {
  Cli c;
  seed(c);
  intake(c);
  at(c, "2026-11-30T09:00");
  const std::string before = c.digest();
  const auto r = c.run({"complaint", "sweep", "--dry-run"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "C1"));
  CHECK(contains(r.err, "dry run"));
  CHECK(c.digest() == before);
  // The real run then does the same, in one audit entry.
  const auto out = svc::parse_json(ok(c, {"--json", "complaint", "sweep"}));
  CHECK(out.as_array().size() == 2);
  CHECK(contains(ok(c, {"audit", "log", "--entity", "C1"}), "complaint.sweep"));
  ok(c, {"audit", "verify"});
}

// ---- bad input: exit code, message naming field, value and what is allowed, nothing changed ----

namespace {

struct Case {
  std::vector<std::vector<std::string>> setup;  // run first, must succeed
  std::vector<std::string> args;
  int code;
  std::string message;
};

void check_bad(const Case& k) {
  Cli c;
  seed(c);
  intake(c);  // C1, open, minor
  for (const auto& s : k.setup) ok(c, s);
  const std::string before = c.digest();
  const auto r = c.run(k.args);
  CHECK_MESSAGE(r.code == k.code, "stderr: " << r.err);
  CHECK_MESSAGE(contains(r.err, k.message), "stderr: " << r.err);
  CHECK(r.out.empty());
  CHECK(c.digest() == before);
}

const std::vector<std::string> kNew = {"--as", "wangfang", "complaint", "new", "--unit", "1-1-102", "--subject", "噪音"};
std::vector<std::string> new_with(std::vector<std::string> extra) {
  auto v = kNew;
  v.insert(v.end(), extra.begin(), extra.end());
  return v;
}
const std::vector<std::string> kResolve = {"--as", "wangfang", "complaint", "resolve", "C1", "--resolution", "已处理"};

}  // namespace

#define BAD(name, ...) \
  TEST_CASE("bad input: complaint " name) { check_bad(Case{__VA_ARGS__}); }

BAD("new with an unknown severity", {}, new_with({"--severity", "huge"}), 64,
    "--severity 'huge' is not allowed (allowed: major, important, minor)")
BAD("new with an unknown kind", {}, new_with({"--kind", "praise"}), 64,
    "--kind 'praise' is not allowed (allowed: complaint, suggestion, inquiry)")
BAD("new with validity suggestion points to --kind", {}, new_with({"--validity", "suggestion"}), 64,
    "use --kind suggestion")
BAD("new with an unknown validity", {}, new_with({"--validity", "maybe"}), 64,
    "--validity 'maybe' is not allowed (allowed: valid, invalid)")
BAD("new with an unknown nature", {}, new_with({"--nature", "angry"}), 64,
    "--nature 'angry' is not allowed (allowed: help, inquiry, venting)")
BAD("new with a category not in the policy", {}, new_with({"--category", "plumbing"}), 64,
    "--category 'plumbing' is not a complaint category (allowed: basic_service")
BAD("new with an unknown channel", {}, new_with({"--channel", "fax"}), 64,
    "--channel 'fax' is not allowed (allowed: phone, visit, letter, online, department)")
BAD("new for a unit that does not exist", {},
    {"--as", "wangfang", "complaint", "new", "--unit", "9-9-999", "--subject", "x"}, 66, "unknown unit '9-9-999'")
BAD("new with a blank subject", {}, {"--as", "wangfang", "complaint", "new", "--unit", "1-1-102", "--subject", "  "},
    64, "--subject must say what the complaint is about")
BAD("new without a unit", {}, {"--as", "wangfang", "complaint", "new", "--subject", "x"}, 64, "--unit")
BAD("new suggestion without a department", {}, new_with({"--kind", "suggestion"}), 64,
    "a suggestion goes to a department: give --dept")
BAD("new with a bad phone", {}, new_with({"--phone", "12ab"}), 64, "--phone '12ab' is not a phone number")
BAD("new with a requested deadline that is not a date", {}, new_with({"--requested-by", "next week"}), 64,
    "--requested-by 'next week' is not a time")
BAD("new with a requested deadline in the past", {}, new_with({"--requested-by", "2026-11-20"}), 64,
    "--requested-by '2026-11-20' is not after now")
BAD("new about a staff member who does not exist", {}, new_with({"--about-staff", "nobody"}), 66, "nobody")
BAD("new by a technician is refused (domain-rules 9.2)", {},
    {"--as", "wuming", "complaint", "new", "--unit", "1-1-102", "--subject", "x"}, 77,
    "complaint new needs role frontdesk or higher")
BAD("show of a complaint that does not exist", {}, {"complaint", "show", "C999"}, 66,
    "unknown complaint 'C999' (see 'svc complaint list')")
BAD("show with a ref that is not a complaint", {}, {"complaint", "show", "T7"}, 64,
    "'T7' is not a complaint (expected C7 or 7)")
BAD("escalate to a lower level", {{"--as", "chenjing", "complaint", "escalate", "C1", "--to", "manager", "--reason", "x"}},
    {"--as", "chenjing", "complaint", "escalate", "C1", "--to", "supervisor", "--reason", "y"}, 65,
    "C1 is already held at manager: --to must be higher (allowed: director, gm)")
BAD("escalate to an unknown level", {}, {"--as", "chenjing", "complaint", "escalate", "C1", "--to", "boss", "--reason", "x"},
    64, "--to 'boss' is not allowed (allowed: assistant, supervisor, manager, director, gm)")
BAD("escalate without a reason", {}, {"--as", "chenjing", "complaint", "escalate", "C1"}, 64, "--reason")
BAD("classify with nothing to change", {}, {"--as", "wangfang", "complaint", "classify", "C1"}, 64,
    "nothing to change: give --kind, --severity, --validity, --nature or --category")
BAD("classify to the same class", {}, {"--as", "wangfang", "complaint", "classify", "C1", "--severity", "minor"}, 64,
    "C1 is already classified so")
BAD("close of an open valid complaint names the next steps", {}, {"--as", "wangfang", "complaint", "close", "C1"}, 65,
    "cannot close C1: it is open (next steps: classify, assign, escalate, respond, resolve, withdraw)")
BAD("close of a resolved complaint without its callback (domain-rules 2.7)", {kResolve},
    {"--as", "wangfang", "complaint", "close", "C1"}, 65, "C1 has no callback yet: log it with 'svc visit log --complaint C1")
BAD("close without callback but without a reason", {kResolve},
    {"--as", "liuqiang", "complaint", "close", "C1", "--no-callback"}, 64, "--no-callback needs --reason")
BAD("resolve with a blank resolution", {}, {"--as", "wangfang", "complaint", "resolve", "C1", "--resolution", " "}, 64,
    "--resolution must say how it was resolved")
BAD("resolve twice", {kResolve}, kResolve, 65, "cannot resolve C1: it is resolved")
BAD("respond to a withdrawn complaint", {{"--as", "wangfang", "complaint", "withdraw", "C1", "--reason", "撤回"}},
    {"--as", "wangfang", "complaint", "respond", "C1", "--note", "x"}, 65,
    "cannot respond to C1: it is withdrawn (next steps: none)")
BAD("assign to a login that does not exist", {},
    {"--as", "wangfang", "complaint", "assign", "C1", "--dept", "工程部", "--to", "ghost"}, 66, "ghost")
BAD("list with an impossible month", {}, {"complaint", "list", "--month", "2026-13"}, 64,
    "--month '2026-13' is not a month; accepted: 2026-11, 2026/11, 2026年11月, 11月, 本月, 上月")
BAD("list with an unknown status", {}, {"complaint", "list", "--status", "pending"}, 64,
    "--status 'pending' is not allowed (allowed: open, resolved, closed, withdrawn)")
BAD("visit log for a complaint not yet resolved", {},
    {"--as", "wangfang", "visit", "log", "--complaint", "C1", "--method", "phone", "--rating", "5"}, 65,
    "cannot log a callback for C1: it is open")
BAD("visit log for a complaint with a rating out of range", {kResolve},
    {"--as", "wangfang", "visit", "log", "--complaint", "C1", "--method", "phone", "--rating", "9"}, 64,
    "--rating 9 is out of range")
BAD("visit log for a complaint with an unknown method", {kResolve},
    {"--as", "wangfang", "visit", "log", "--complaint", "C1", "--method", "email", "--rating", "5"}, 64,
    "--method 'email' is not a callback method (allowed: phone, onsite)")

TEST_CASE("complaint refs are completed from the database: open and resolved ones") {
  Cli c;
  seed(c);
  intake(c);
  intake(c);
  ok(c, {"--as", "wangfang", "complaint", "withdraw", "C1", "--reason", "撤回"});
  CHECK(ok(c, {"__complete", "complaints"}) == "C2\n");
  CHECK(contains(ok(c, {"completion", "bash"}), "_svc_ask complaints"));
}

// ---- the one-month rule, service complaints, the same-day result notice, the sweep's actor ----

namespace {

std::vector<svc::Value> events_of(const svc::Value& x, const std::string& kind) {
  std::vector<svc::Value> out;
  for (const auto& e : x.get("events").as_array())
    if (e.get("kind").as_string() == kind) out.push_back(e);
  return out;
}

bool overdue_has(const svc::Value& x, const std::string& name) {
  for (const auto& n : x.get("overdue").as_array())
    if (n.as_string() == name) return true;
  return false;
}

}  // namespace

TEST_CASE("complaint: the one-month upgrade counts the major answer_by and resolve_by from the upgrade, not intake (domain-rules 2.6)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);  // minor, 2026-11-23 09:00
  sweep(c, "2026-12-23T09:00");
  auto x = show(c, ref);
  REQUIRE(x.get("severity").as_string() == "major");
  // Born on time: major answer in 2d and resolve in 10d from the upgrade, like escalate_by.
  CHECK(deadline(x, "answer_by") == "2026-12-25T09:00:00+08:00");
  CHECK(deadline(x, "resolve_by") == "2027-01-02T09:00:00+08:00");
  CHECK(deadline(x, "escalate_by") == "2026-12-23T23:59:59+08:00");
  for (const char* name : {"answer_by", "resolve_by"}) {
    CHECK(state(x, name) == "due");
    CHECK(x.get("deadline_states").get(name).get("start_event").as_string() == "upgraded");
  }
  CHECK(x.get("overdue").as_array().empty());
  CHECK(ok(c, {"--csv", "complaint", "list", "--overdue"}).find(ref) == std::string::npos);
  // What the minor class had missed stays on record, in the upgrade's history entry.
  const auto upgraded = events_of(x, "upgraded");
  REQUIRE(upgraded.size() == 1);
  CHECK(contains(upgraded[0].get("detail").as_string(), "missed under the old class: resolve_by 2026-11-25 09:00"));
  // explain says why they count from there.
  const auto why = ok(c, {"complaint", "explain", ref});
  CHECK(contains(why, "counted from the one-month upgrade to major at 2026-12-23 09:00, not from intake"));
  // A day later nothing is late yet; after the upgrade's 2 days the answer is.
  at(c, "2026-12-24T09:00");
  CHECK(show(c, ref).get("overdue").as_array().empty());
  at(c, "2026-12-25T09:01");
  CHECK(overdue_has(show(c, ref), "answer_by"));
  // A reopening after resolution counts resolve_by from the upgrade as well.
  at(c, "2026-12-26T10:00");
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已停工"});
  ok(c, {"--as", "sunwei", "complaint", "reopen", ref, "--reason", "复发"});
  CHECK(deadline(show(c, ref), "resolve_by") == "2027-01-02T09:00:00+08:00");
}

TEST_CASE("complaint: a service complaint is owned by the superior of the person complained about from intake (domain-rules 2.2, 003 L88)") {
  Cli c;
  seed(c);
  // Typed by wangfang at the desk: the receiver stays on record, the owner is the superior.
  auto x = show(c, intake(c, {"--about-staff", "zhaoli"}));
  CHECK(x.get("received_by").as_string() == "wangfang");
  CHECK(x.get("routed_to").as_string() == "liuqiang");
  CHECK(x.get("owner").as_string() == "liuqiang");
  const auto routed = events_of(x, "routed");
  REQUIRE(routed.size() == 1);
  CHECK(routed[0].get("facts").get("owner").as_string() == "liuqiang");
  // Typed by the person complained about herself: recorded, but never hers.
  at(c, "2026-11-23T09:30");
  x = show(c, trim(ok(c, {"--as", "zhaoli", "complaint", "new", "--unit", "1-1-102", "--subject", "态度差",
                          "--about-staff", "zhaoli"})));
  CHECK(x.get("received_by").as_string() == "zhaoli");
  CHECK(x.get("owner").as_string() == "liuqiang");
}

TEST_CASE("complaint: the person complained about cannot handle the complaint, whatever their role (domain-rules 2.2, 003 L88)") {
  Cli c;
  seed(c);
  // About liuqiang, a supervisor whose role would allow every step: reported to sunwei.
  const auto ref = intake(c, {"--about-staff", "liuqiang"});
  REQUIRE(show(c, ref).get("owner").as_string() == "sunwei");
  const std::string before = c.digest();
  const std::vector<std::vector<std::string>> steps = {
      {"complaint", "classify", ref, "--validity", "invalid"},
      {"complaint", "assign", ref, "--dept", "客服部", "--to", "liuqiang"},
      {"complaint", "assign", ref, "--dept", "客服部"},
      {"complaint", "escalate", ref, "--reason", "x"},
      {"complaint", "respond", ref, "--note", "已答复"},
      {"complaint", "resolve", ref, "--resolution", "已处理"},
      {"complaint", "withdraw", ref, "--reason", "撤回"},
      {"complaint", "close", ref, "--no-callback", "--reason", "x"},
  };
  for (auto args : steps) {
    args.insert(args.begin(), {"--as", "liuqiang"});
    const auto r = c.run(args);
    CHECK_MESSAGE(r.code == 77, args[3] << ": " << r.err);
    CHECK_MESSAGE(contains(r.err, ref + " is a complaint about liuqiang: the person complained about may not handle it"),
                  args[3] << ": " << r.err);
  }
  // Nor may anyone hand it to them.
  const auto handover = c.run({"--as", "wangfang", "complaint", "assign", ref, "--dept", "客服部", "--to", "liuqiang"});
  CHECK(handover.code == 77);
  CHECK(contains(handover.err, "liuqiang is the person complained about"));
  CHECK(c.digest() == before);
  // Everyone else handles it as usual, and after resolution the person still cannot touch it.
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已道歉"});
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--as", "liuqiang", "complaint", "notify", ref, "--method", "phone"},
        std::vector<std::string>{"--as", "liuqiang", "visit", "log", "--complaint", ref, "--method", "phone", "--rating", "5"},
        std::vector<std::string>{"--as", "liuqiang", "complaint", "reopen", ref, "--reason", "x"}}) {
    const auto r = c.run(args);
    CHECK_MESSAGE(r.code == 77, args[2] << ": " << r.err);
  }
  // Reading stays open to them.
  CHECK(c.run({"--as", "liuqiang", "complaint", "show", ref}).code == 0);
}

TEST_CASE("complaint: with no superior found, the complaint is still kept from the person complained about (domain-rules 2.2)") {
  Cli c;
  seed(c);
  // zhoujun is the director: nobody above at this site (no gm in the staff list).
  auto x = show(c, intake(c, {"--about-staff", "zhoujun"}));
  CHECK(x.get("routed_to").is_null());
  CHECK(x.get("owner").as_string() == "wangfang");
  const auto r = c.run({"--as", "zhoujun", "complaint", "resolve", "C1", "--resolution", "已处理"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "C1 is a complaint about zhoujun"));
  CHECK(show(c, "C1").get("status").as_string() == "open");
}

TEST_CASE("complaint: the result is told to the complainant the same day it is resolved (domain-rules 2.4, 000 L203)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  auto x = show(c, ref);
  CHECK(deadline(x, "notify_by") == "null");
  CHECK(contains(ok(c, {"complaint", "explain", ref}), "n/a until resolved: the result is told to the complainant"));
  at(c, "2026-11-24T10:00");
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已协调停工"});
  x = show(c, ref);
  CHECK(deadline(x, "notify_by") == "2026-11-24T23:59:59+08:00");
  CHECK(x.get("deadline_states").get("notify_by").get("rule").as_string() == "complaint.notify_result_within");
  CHECK(state(x, "notify_by") == "due");
  at(c, "2026-11-24T16:30");
  ok(c, {"--as", "wangfang", "complaint", "notify", ref, "--method", "phone", "--note", "业主表示认可"});
  x = show(c, ref);
  CHECK(state(x, "notify_by") == "met");
  CHECK(x.get("deadline_states").get("notify_by").get("met_at").as_string() == "2026-11-24T16:30:00+08:00");
  const auto told = events_of(x, "notified");
  REQUIRE(told.size() == 1);
  CHECK(told[0].get("facts").get("method").as_string() == "phone");
  CHECK(contains(told[0].get("detail").as_string(), "业主表示认可"));
  CHECK(contains(ok(c, {"complaint", "show", ref}), "notify_by"));
  CHECK(contains(ok(c, {"complaint", "explain", ref}), "met at 2026-11-24 16:30"));
  // Told once: a second notice is refused.
  const std::string before = c.digest();
  const auto again = c.run({"--as", "wangfang", "complaint", "notify", ref, "--method", "phone"});
  CHECK(again.code == 65);
  CHECK(contains(again.err, "the result of C1 was already told to the complainant at 2026-11-24 16:30"));
  CHECK(c.digest() == before);
}

TEST_CASE("complaint: a result not told by midnight is missed, in show, list --overdue, explain and JSON (domain-rules 2.4)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  at(c, "2026-11-24T22:30");
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已处理"});
  at(c, "2026-11-24T23:59");
  CHECK(state(show(c, ref), "notify_by") == "due");
  CHECK(ok(c, {"--csv", "complaint", "list", "--overdue"}).find(ref) == std::string::npos);
  at(c, "2026-11-25T00:10");
  auto x = show(c, ref);
  CHECK(state(x, "notify_by") == "missed");
  CHECK(overdue_has(x, "notify_by"));
  CHECK(contains(ok(c, {"--csv", "complaint", "list", "--overdue"}), ref));
  CHECK(contains(ok(c, {"complaint", "explain", ref}), "missed"));
  // Told late: recorded as met late (still missed), and no longer among the open overdue ones.
  ok(c, {"--as", "wangfang", "complaint", "notify", ref, "--method", "in_person"});
  x = show(c, ref);
  CHECK(state(x, "notify_by") == "missed");
  CHECK(x.get("deadline_states").get("notify_by").get("met_at").as_string() == "2026-11-25T00:10:00+08:00");
  CHECK(ok(c, {"--csv", "complaint", "list", "--overdue"}).find(ref) == std::string::npos);
  CHECK(contains(ok(c, {"complaint", "explain", ref}), "missed: done at 2026-11-25 00:10"));
  // Reopened and resolved again: the new result is owed its own notice that day.
  at(c, "2026-11-25T09:00");
  ok(c, {"--as", "wangfang", "complaint", "reopen", ref, "--reason", "复发"});
  at(c, "2026-11-25T11:00");
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "再次处理"});
  x = show(c, ref);
  CHECK(deadline(x, "notify_by") == "2026-11-25T23:59:59+08:00");
  CHECK(state(x, "notify_by") == "due");
}

TEST_CASE("complaint: notify_result_within is a policy key (domain-rules 2.4)") {
  Cli c;
  seed(c);
  c.set_env("SVC_POLICY", c.write("svc.toml", "[complaint]\nnotify_result_within = \"4h\"\n"));
  const auto ref = intake(c);
  at(c, "2026-11-24T10:00");
  ok(c, {"--as", "wangfang", "complaint", "resolve", ref, "--resolution", "已处理"});
  CHECK(deadline(show(c, ref), "notify_by") == "2026-11-24T14:00:00+08:00");
  // The rule's source is for whoever maintains the policy: shown with --sources only (issue 18 cli).
  CHECK(!contains(ok(c, {"policy", "explain", "complaint.notify_result_within"}), "domain-rules"));
  CHECK(contains(ok(c, {"policy", "explain", "--sources", "complaint.notify_result_within"}), "domain-rules 2.4"));
}

TEST_CASE("complaint: sweep escalations are made by the rule, not whoever ran the sweep, who stays in the audit log (domain-rules 2.5)") {
  Cli c;
  seed(c);
  const auto ref = intake(c);
  at(c, "2026-11-25T09:00");
  ok(c, {"--as", "wangfang", "complaint", "sweep"});
  auto x = show(c, ref);
  REQUIRE(x.get("escalations").as_array().size() == 1);
  CHECK(x.get("escalations").as_array()[0].get("by").as_string() == "rule:complaint.ladder.2d");
  auto escalated = events_of(x, "escalated");
  REQUIRE(escalated.size() == 1);
  CHECK(escalated[0].get("actor").as_string() == "rule:complaint.ladder.2d");
  // The one-month upgrade and the class escalation it brings are the rules' too.
  sweep(c, "2026-12-23T09:00");
  x = show(c, ref);
  const auto upgraded = events_of(x, "upgraded");
  REQUIRE(upgraded.size() == 1);
  CHECK(upgraded[0].get("actor").as_string() == "rule:complaint.upgrade_to_major_after");
  for (const auto& e : x.get("escalations").as_array()) CHECK(e.get("by").as_string().rfind("rule:complaint.", 0) == 0);
  // The audit log keeps who ran it.
  const auto log = svc::parse_json(ok(c, {"--json", "audit", "log", "--entity", ref}));
  bool runner = false;
  for (const auto& e : log.as_array())
    if (e.get("action").as_string() == "complaint.sweep") runner = runner || e.get("actor").as_string() == "wangfang";
  CHECK(runner);
  // A manual escalation keeps the person.
  const auto manual = intake(c);
  ok(c, {"--as", "chenjing", "complaint", "escalate", manual, "--reason", "业主要求"});
  x = show(c, manual);
  CHECK(x.get("escalations").as_array()[0].get("by").as_string() == "chenjing");
  CHECK(events_of(x, "escalated")[0].get("actor").as_string() == "chenjing");
  // Routing a service complaint at intake is the rule's as well.
  x = show(c, intake(c, {"--about-staff", "zhaoli"}));
  CHECK(x.get("escalations").as_array()[0].get("by").as_string() == "rule:complaint.route");
  ok(c, {"audit", "verify"});
}
