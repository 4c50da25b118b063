// Where one noun's records show in another's lists: the follow-up contact a violation's penalty
// owes is listed by `svc visit due` (domain-rules 6.3, 003 L440), and an urgent patrol finding
// still open is in the desk's shift handover (domain-rules 5.3 A, 12: 无遗漏).
#include <set>

#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::seed_example;

namespace {

std::string ok(Cli& c, std::vector<std::string> args) { return svc::test::run_ok(c, std::move(args)); }
void at(Cli& c, const char* now) { c.set_env("SVC_NOW", now); }
svc::Value json(Cli& c, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return svc::parse_json(ok(c, std::move(args)));
}

std::vector<svc::Value> owed(Cli& c, const char* kind) {
  std::vector<svc::Value> out;
  const auto due = json(c, {"visit", "due", "--kind", "follow_up"});  // kept: as_array() is a view into it
  for (const auto& d : due.as_array())
    if (d.get("kind").as_string() == kind) out.push_back(d);
  return out;
}

}  // namespace

TEST_CASE("visit due lists the follow-up a violation's penalty owes until it is recorded (domain-rules 6.3)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  ok(c, {"patrol", "violation", "new", "--unit", "1-1-201", "--category", "renovation", "--severity", "general", "--desc",
         "装修噪音超时"});
  CHECK(owed(c, "follow_up").empty());  // no penalty yet
  ok(c, {"--as", "liuqiang", "patrol", "violation", "act", "X1", "criticize", "--reason", "屡劝不改"});
  const auto list = owed(c, "follow_up");
  REQUIRE(list.size() == 1);
  CHECK(list[0].get("subject").as_string() == "X1");
  CHECK(list[0].get("unit").as_string() == "1-1-201");
  // violation.follow_up_within = 7d: due a week after the penalty took effect, overdue after.
  CHECK(list[0].get("due_at").as_string() == "2026-11-30T09:00:00+08:00");
  at(c, "2026-12-01T09:00");
  CHECK(json(c, {"visit", "due", "--overdue"}).as_array().size() >= 1);
  ok(c, {"--as", "chenjing", "patrol", "violation", "act", "X1", "follow_up", "--note", "上门沟通,业主表示理解"});
  CHECK(owed(c, "follow_up").empty());
}

TEST_CASE("desk handover lists the urgent patrol findings still open (domain-rules 5.3 A, 12)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T10:00");
  ok(c, {"patrol", "start", "--route", "stairwells", "--building", "2"});
  ok(c, {"patrol", "check", "P1", "cleanliness", "--issue", "三楼梯间有煤气味"});
  ok(c, {"patrol", "check", "P1", "tiles", "--issue", "地砖松动"});  // not urgent: not in this section
  at(c, "2026-11-23T19:50");
  const auto h = json(c, {"--as", "wangfang", "desk", "handover", "--to", "zhaoli"});
  const auto& findings = h.get("sections").get("patrol_findings").as_array();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].get("ref").as_string() == "P1");
  CHECK(findings[0].get("kind").as_string() == "urgent_finding");
  CHECK(svc::test::contains(findings[0].get("text").as_string(), "三楼梯间有煤气味"));
  // Settled before the next handover: no longer handed on.
  at(c, "2026-11-24T08:00");
  ok(c, {"patrol", "settle", "P1", "cleanliness", "--fixed", "--note", "燃气公司已处理"});
  at(c, "2026-11-24T08:50");
  const auto night = json(c, {"--as", "zhaoli", "desk", "handover", "--to", "wangfang"});
  CHECK(night.get("sections").get("patrol_findings").as_array().empty());
}
