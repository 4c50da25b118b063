// svc patrol (domain-rules 5) and svc patrol violation (domain-rules 6), with a fixed clock: the
// monthly plan per route and frequency (5.1), a round with every kind of finding (5.3, 5.4), the
// smell rule (5.3 A, L572), rounds typed in from paper, plan adherence against a hand count, who
// may impose a penalty and the manager's signature (6.4), compensation billed to the fee ledger
// (6.3), rectification deadlines, the follow-up a penalty owes (6.3 L440), retention and purge
// (6.6), and bad input that changes nothing.
#include <map>

#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::seed_example;

namespace {

using Args = std::vector<std::string>;

void at(Cli& c, const std::string& when) { c.set_env("SVC_NOW", when); }

std::string ok(Cli& c, Args args) {
  const auto r = c.run(std::move(args));
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return r.out;
}

std::string trim(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

svc::Value json(Cli& c, Args args) {
  args.insert(args.begin(), "--json");
  return svc::parse_json(ok(c, std::move(args)));
}

// A JSON list, by value (a range-for over json(...).as_array() would outlive its temporary).
std::vector<svc::Value> rows(Cli& c, Args args) { return json(c, std::move(args)).as_array(); }

// Rounds per route in a listing.
std::map<std::string, int> per_route(const svc::Value& rounds) {
  std::map<std::string, int> n;
  for (const auto& r : rounds.as_array()) ++n[r.get("route").as_string()];
  return n;
}

const svc::Value& check_of(const svc::Value& round, const std::string& point) {
  for (const auto& c : round.get("checks").as_array())
    if (c.get("point").as_string() == point) return c;
  FAIL("no check " << point);
  static const svc::Value none;
  return none;
}

// One route only (the others retired), two rounds a day, given to two assistants in turn.
const char* kTwoRoundsPolicy = R"([patrol]
late_after = "2h"
[patrol.routes.roads]
frequency = "2x-daily"
times = ["09:00", "15:00"]
staff = ["chenjing", "liuqiang"]
[patrol.routes.stairwells]
retired = true
[patrol.routes.facilities]
retired = true
[patrol.routes.surroundings]
retired = true
[patrol.routes.entrusted]
retired = true
[patrol.routes.vacant]
retired = true
)";

}  // namespace

TEST_CASE("patrol plan: a month's rounds per route and frequency, stable across reruns (domain-rules 5.1)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-30T17:00");  // made at the end of the month before
  const auto before = c.digest();
  const auto dry = c.run({"patrol", "plan", "--month", "2026-12", "--dry-run"});
  REQUIRE_MESSAGE(dry.code == 0, dry.err);
  CHECK(contains(dry.err, "257 round(s) added"));
  CHECK(c.digest() == before);

  const auto made = c.run({"patrol", "plan", "--month", "2026-12"});
  REQUIRE_MESSAGE(made.code == 0, made.err);
  CHECK(contains(made.err, "plan 2026-12: 257 round(s) added, 0 already planned"));
  const auto rounds = json(c, {"patrol", "list", "--month", "2026-12"});
  const auto n = per_route(rounds);
  // December 2026 has 31 days; the estate has buildings 1, 2 and 3; Mondays: 7, 14, 21, 28;
  // Wednesdays: 2, 9, 16, 23, 30.
  CHECK(n.at("stairwells") == 31 * 3);  // daily, per building
  CHECK(n.at("roads") == 31 * 3);       // 3x-daily
  CHECK(n.at("facilities") == 31);
  CHECK(n.at("surroundings") == 31);
  CHECK(n.at("entrusted") == 4);  // weekly on Monday (000 L157)
  CHECK(n.at("vacant") == 5);     // weekly on Wednesday
  for (const auto& r : rounds.as_array()) {
    CHECK(r.get("status").as_string() == "planned");
    CHECK(r.get("origin").as_string() == "plan");
  }
  // The three roads rounds of 1 December at the policy's times.
  std::vector<std::string> times;
  for (const auto& r : rows(c, {"patrol", "list", "--date", "2026-12-01", "--route", "roads"}))
    times.push_back(r.get("planned_for").as_string());
  CHECK(times == std::vector<std::string>{"2026-12-01T09:30:00+08:00", "2026-12-01T13:30:00+08:00",
                                          "2026-12-01T17:30:00+08:00"});

  // A rerun adds nothing and changes no round.
  const auto again = c.run({"patrol", "plan", "--month", "2026-12"});
  REQUIRE_MESSAGE(again.code == 0, again.err);
  CHECK(contains(again.err, "0 round(s) added, 257 already planned"));
  CHECK(json(c, {"patrol", "list", "--month", "2026-12"}) == rounds);
}

TEST_CASE("patrol plan: rounds go to the route's staff in turn, and a plan not made in time is reported (domain-rules 5.1)") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_POLICY", c.write("policy.toml", kTwoRoundsPolicy));
  // 1 December, no plan for December: the daily lists say so.
  at(c, "2026-12-01T08:00");
  const auto late = c.run({"patrol", "list"});
  REQUIRE_MESSAGE(late.code == 0, late.err);
  CHECK(contains(late.err, "the patrol plan of 2026-12 was due by 2026-11-30 and has not been made"));
  ok(c, {"patrol", "plan", "--month", "2026-12"});
  std::vector<std::string> who;
  for (const auto& r : rows(c, {"patrol", "list", "--date", "2026-12-01"}))
    who.push_back(r.get("assignee").as_string());
  for (const auto& r : rows(c, {"patrol", "list", "--date", "2026-12-02"}))
    who.push_back(r.get("assignee").as_string());
  CHECK(who == std::vector<std::string>{"chenjing", "liuqiang", "chenjing", "liuqiang"});
  const auto plans = json(c, {"patrol", "adherence", "--month", "2026-12"}).get("plans").as_array();
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].get("state").as_string() == "late");
}

TEST_CASE("patrol round: ok, fixed on the spot, a ticket, a violation, the rest missed (domain-rules 5.3, 5.4)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  const auto p = trim(ok(c, {"--as", "chenjing", "patrol", "start", "--route", "stairwells", "--building", "1"}));
  CHECK(p == "P1");
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "corridor_lights", "--ok"});
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "doors_windows", "--issue", "防火门闭门器松动", "--fixed"});
  const auto t = c.run({"--as", "chenjing", "patrol", "check", "P1", "tiles", "--issue", "一楼地砖破损", "--ticket"});
  REQUIRE_MESSAGE(t.code == 0, t.err);
  CHECK(trim(t.out) == "T1");
  const auto x = c.run({"--as", "chenjing", "patrol", "check", "P1", "evacuation_routes_clear", "--issue",
                        "302门口堆放纸箱", "--violation", "fire", "--unit", "1-1-102", "--subcategory",
                        "blocked_routes"});
  REQUIRE_MESSAGE(x.code == 0, x.err);
  CHECK(trim(x.out) == "X1");
  at(c, "2026-11-23T09:40");
  const auto fin = c.run({"--as", "chenjing", "patrol", "finish", "P1"});
  REQUIRE_MESSAGE(fin.code == 0, fin.err);
  CHECK(contains(fin.err, "P1: done · ok 1, issues 3, missed 10"));

  const auto round = json(c, {"patrol", "show", "P1"});
  CHECK(round.get("status").as_string() == "done");
  CHECK(round.get("by").as_string() == "chenjing");
  CHECK(round.get("checks").as_array().size() == 14);  // 5.3 A: every point of the stairwell
  CHECK(check_of(round, "corridor_lights").get("result").as_string() == "ok");
  CHECK(check_of(round, "doors_windows").get("action").as_string() == "fixed");
  CHECK(check_of(round, "tiles").get("ticket").as_string() == "T1");
  CHECK(check_of(round, "evacuation_routes_clear").get("violation").as_string() == "X1");
  CHECK(check_of(round, "hydrants").get("result").as_string() == "missed");
  CHECK(check_of(round, "hydrants").get("text").as_string() == "消防栓是否标识完好、配件齐全");

  // The ticket: a public-facility repair, channel patrol, at the round's place, linked back.
  const auto ticket = json(c, {"ticket", "show", "T1"});
  CHECK(ticket.get("channel").as_string() == "patrol");
  CHECK(ticket.get("category").as_string() == "public_facility");
  bool linked = false;
  for (const auto& e : ticket.get("events").as_array())
    if (e.get("kind").as_string() == "patrol_finding") linked = e.get("facts").get("round").as_string() == "P1";
  CHECK(linked);
  // The violation: found on P1 by chenjing.
  const auto v = json(c, {"patrol", "violation", "show", "X1"});
  CHECK(v.get("source").as_string() == "P1");
  CHECK(v.get("found_by").as_string() == "chenjing");
  CHECK(v.get("unit").as_string() == "1-1-102");
  CHECK(v.get("subcategory").as_string() == "blocked_routes");

  // The open issues: the ticket and the violation, not the one fixed on the spot.
  std::vector<std::string> open;
  for (const auto& i : rows(c, {"patrol", "list", "--open-issues"})) open.push_back(i.get("point").as_string());
  CHECK(open.size() == 2);
  CHECK(std::find(open.begin(), open.end(), "doors_windows") == open.end());
  // --missed lists the round with missed points.
  CHECK(json(c, {"patrol", "list", "--missed"}).as_array().size() == 1);
}

TEST_CASE("patrol smell rule: gas or burning at a stairwell point is urgent, tells security, lists first (domain-rules 5.3 A)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  ok(c, {"patrol", "start", "--route", "roads"});  // P1, earlier, nothing urgent
  ok(c, {"patrol", "check", "P1", "lighting", "--issue", "路灯有焦味"});  // not a stairwell: not the smell rule
  at(c, "2026-11-23T10:00");
  ok(c, {"patrol", "start", "--route", "stairwells", "--building", "2"});  // P2
  const auto r = c.run({"patrol", "check", "P2", "cleanliness", "--issue", "三楼梯间有煤气味"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "URGENT: P2 point cleanliness: 三楼梯间有煤气味"));
  CHECK(contains(r.err, "tell security (保安部) now"));
  // --urgent makes any issue urgent.
  ok(c, {"patrol", "start", "--route", "facilities"});  // P3
  const auto u = c.run({"patrol", "check", "P3", "playground", "--issue", "滑梯断裂", "--urgent"});
  REQUIRE_MESSAGE(u.code == 0, u.err);
  CHECK(contains(u.err, "URGENT: P3 point playground"));
  CHECK_FALSE(contains(u.err, "保安部"));

  const auto rounds = json(c, {"patrol", "list"}).as_array();
  REQUIRE(rounds.size() == 3);
  CHECK(rounds[0].get("urgent").as_bool());
  CHECK(rounds[1].get("urgent").as_bool());
  CHECK_FALSE(rounds[2].get("urgent").as_bool());
  CHECK(rounds[2].get("ref").as_string() == "P1");
  CHECK_FALSE(check_of(json(c, {"patrol", "show", "P1"}), "lighting").get("urgent").as_bool());
  const auto issues = json(c, {"patrol", "list", "--open-issues"}).as_array();
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].get("urgent").as_bool());
  CHECK_FALSE(issues[2].get("urgent").as_bool());
  // In Chinese too.
  c.set_env("SVC_LANG", "zh");
  ok(c, {"patrol", "start", "--route", "stairwells", "--building", "3"});  // P4
  const auto zh = c.run({"patrol", "check", "P4", "alarms", "--issue", "有烧焦味道"});
  REQUIRE_MESSAGE(zh.code == 0, zh.err);
  CHECK(contains(zh.err, "保安部"));
  CHECK(contains(zh.err, "紧急"));
}

TEST_CASE("patrol record: a round typed in from paper, every bad row named and nothing written") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T18:00");
  const auto before = c.digest();
  const auto bad = c.run({"patrol", "record", "--route", "roads", "--file",
                          c.write("bad.csv", "point,result,note,action\nsigns,bogus,,\nnowhere,ok,,\nlighting,issue,,\n"
                                             "signs,ok,,\ncleanliness,ok,,ticket\n")});
  CHECK(bad.code == 65);
  CHECK(contains(bad.err, "bad.csv:2: column result: 'bogus'"));
  CHECK(contains(bad.err, "bad.csv:3: column point: 'nowhere'"));
  CHECK(contains(bad.err, "bad.csv:4: column note: ''"));
  CHECK(contains(bad.err, "bad.csv:5: column point: 'signs': listed twice"));
  CHECK(contains(bad.err, "bad.csv:6: column action: 'ticket'"));
  CHECK(c.digest() == before);

  const auto good = c.run({"--as", "chenjing", "patrol", "record", "--route", "roads", "--at", "2026-11-23T14:00", "--file",
                           c.write("round.csv", "point,result,note,action\nsigns,ok,,\nlighting,issue,3号路灯不亮,ticket\n"
                                                "cleanliness,issue,垃圾未清,fixed\n")});
  REQUIRE_MESSAGE(good.code == 0, good.err);
  const auto round = json(c, {"patrol", "show", "P1"});
  CHECK(round.get("origin").as_string() == "file");
  CHECK(round.get("started_at").as_string() == "2026-11-23T14:00:00+08:00");
  CHECK(round.get("by").as_string() == "chenjing");
  CHECK(check_of(round, "lighting").get("ticket").as_string() == "T1");
  CHECK(check_of(round, "cleanliness").get("action").as_string() == "fixed");
  CHECK(check_of(round, "manhole_covers").get("result").as_string() == "missed");
  CHECK(check_of(round, "facilities_occupation").get("result").as_string() == "missed");
}

TEST_CASE("patrol adherence: planned, on time, late, not done, points checked and missed, per route and person, against a hand count") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_POLICY", c.write("policy.toml", kTwoRoundsPolicy));
  at(c, "2026-11-30T16:00");
  ok(c, {"patrol", "plan", "--month", "2026-12"});
  // A round nobody planned (November has no plan), typed in from paper: 1 point checked, 4 missed.
  ok(c, {"--as", "liuqiang", "patrol", "record", "--route", "roads", "--at", "2026-11-30T10:00", "--file",
         c.write("r.csv", "point,result\nsigns,ok\n")});
  // 1 Dec 09:00 (chenjing): started 09:30, on time; 2 of 5 points checked, 3 missed.
  at(c, "2026-12-01T09:30");
  CHECK(trim(ok(c, {"--as", "chenjing", "patrol", "start", "--route", "roads"})) == "P1");
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "signs", "--ok"});
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "lighting", "--ok"});
  ok(c, {"--as", "chenjing", "patrol", "finish", "P1"});
  // 1 Dec 15:00 (liuqiang): started 18:00, later than 15:00 + 2h; all 5 checked.
  at(c, "2026-12-01T18:00");
  CHECK(trim(ok(c, {"--as", "liuqiang", "patrol", "start", "--route", "roads"})) == "P2");
  for (const char* point : {"facilities_occupation", "signs", "manhole_covers", "lighting", "cleanliness"})
    ok(c, {"--as", "liuqiang", "patrol", "check", "P2", point, "--ok"});
  ok(c, {"--as", "liuqiang", "patrol", "finish", "P2"});
  // 2 Dec 09:00 (chenjing): never walked. 2 Dec 15:00 (liuqiang's): walked by chenjing, not finished.
  at(c, "2026-12-02T15:10");
  CHECK(trim(ok(c, {"--as", "chenjing", "patrol", "start", "--route", "roads"})) == "P4");

  at(c, "2026-12-02T20:00");
  const auto a = json(c, {"patrol", "adherence", "--from", "2026-12-01", "--to", "2026-12-02"});
  CHECK(a.get("from").as_string() == "2026-12-01");
  const auto routes = a.get("routes").as_array();
  REQUIRE(routes.size() == 1);
  const auto& r = routes[0];
  CHECK(r.get("key").as_string() == "roads");
  CHECK(r.get("planned").as_int() == 4);
  CHECK(r.get("on_time").as_int() == 1);
  CHECK(r.get("late").as_int() == 1);
  CHECK(r.get("not_done").as_int() == 1);
  CHECK(r.get("in_progress").as_int() == 1);
  CHECK(r.get("pending").as_int() == 0);
  CHECK(r.get("unplanned").as_int() == 0);
  CHECK(r.get("points_checked").as_int() == 2 + 5);
  CHECK(r.get("points_missed").as_int() == 3);
  std::map<std::string, svc::Value> people;
  for (const auto& p : a.get("people").as_array()) people[p.get("key").as_string()] = p;
  REQUIRE(people.size() == 2);
  // chenjing: P1 (on time), P3 (given to her, not done), P4 (walking liuqiang's round).
  CHECK(people["chenjing"].get("planned").as_int() == 3);
  CHECK(people["chenjing"].get("on_time").as_int() == 1);
  CHECK(people["chenjing"].get("not_done").as_int() == 1);
  CHECK(people["chenjing"].get("in_progress").as_int() == 1);
  CHECK(people["chenjing"].get("points_missed").as_int() == 3);
  // liuqiang: P2 (late).
  CHECK(people["liuqiang"].get("planned").as_int() == 1);
  CHECK(people["liuqiang"].get("late").as_int() == 1);
  CHECK(people["liuqiang"].get("points_checked").as_int() == 5);
  CHECK(a.get("total").get("planned").as_int() == 4);
  // From 30 Nov: the unplanned round counts as walked, not as planned.
  const auto wider = json(c, {"patrol", "adherence", "--from", "2026-11-30", "--to", "2026-12-02"});
  CHECK(wider.get("total").get("planned").as_int() == 4);
  CHECK(wider.get("total").get("unplanned").as_int() == 1);
  CHECK(wider.get("total").get("points_checked").as_int() == 2 + 5 + 1);
  CHECK(wider.get("total").get("points_missed").as_int() == 3 + 4);
  // The 3 Dec rounds are still to come: pending, not "not done".
  const auto week = json(c, {"patrol", "adherence", "--from", "2026-12-01", "--to", "2026-12-03"});
  CHECK(week.get("total").get("pending").as_int() == 2);
  CHECK(week.get("total").get("not_done").as_int() == 1);
}

TEST_CASE("patrol violation: an assistant may not compensate (77), anyone may advise (domain-rules 6.4)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  ok(c, {"--as", "wangfang", "patrol", "violation", "new", "--unit", "1-1-102", "--category", "fire", "--severity",
         "general", "--desc", "楼道堆放杂物"});
  const auto before = c.digest();
  for (const char* kind : {"compensate", "criticize", "litigate"}) {
    CAPTURE(kind);
    Args args = {"--as", "chenjing", "patrol", "violation", "act", "X1", kind, "--reason", "屡劝不改"};
    if (std::string(kind) == "compensate") args.insert(args.end(), {"--amount", "200"});
    const auto r = c.run(args);
    CHECK(r.code == 77);
    CHECK(contains(r.err, "supervisor, manager"));
    CHECK(contains(r.err, "'chenjing' is assistant"));
    CHECK(c.digest() == before);
  }
  ok(c, {"--as", "wangfang", "patrol", "violation", "act", "X1", "advise", "--note", "已劝导业主清理"});
  // The supervisor may: a general violation's penalty takes effect at once, billed, follow-up owed.
  const auto r = c.run({"--as", "liuqiang", "patrol", "violation", "act", "X1", "compensate", "--amount", "200", "--reason",
                        "损坏消防栓"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "billed"));
  CHECK(contains(r.err, "a follow-up contact is owed"));
  const auto bills = json(c, {"fee", "bills", "--unit", "1-1-102"}).as_array();
  REQUIRE(bills.size() == 1);
  CHECK(bills[0].get("amount_fen").as_int() == 20000);
}

TEST_CASE("patrol violation: a major penalty awaits the manager's signature, then is signed and billed (domain-rules 6.3, 6.4)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  ok(c, {"patrol", "violation", "new", "--unit", "1-1-201", "--category", "renovation", "--subcategory", "load_bearing",
         "--severity", "major", "--desc", "擅自拆改承重墙"});
  const auto r = c.run({"--as", "liuqiang", "patrol", "violation", "act", "X1", "compensate", "--amount", "1500.50",
                        "--reason", "破坏房屋结构"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "awaiting the signature of the manager"));
  auto v = json(c, {"patrol", "violation", "show", "X1"});
  CHECK(v.get("awaiting_signature").as_bool());
  CHECK_FALSE(v.get("follow_up_owed").as_bool());
  CHECK(json(c, {"fee", "bills", "--unit", "1-1-201"}).as_array().empty());  // not yet in effect
  CHECK(json(c, {"patrol", "violation", "list", "--awaiting"}).as_array().size() == 1);

  // Only the manager signs; the supervisor who decided it may not.
  const auto before = c.digest();
  const auto denied = c.run({"--as", "liuqiang", "patrol", "violation", "sign", "X1"});
  CHECK(denied.code == 77);
  CHECK(contains(denied.err, "'liuqiang' is supervisor"));
  CHECK(c.digest() == before);

  at(c, "2026-11-24T10:00");
  const auto s = c.run({"--as", "sunwei", "patrol", "violation", "sign", "X1"});
  REQUIRE_MESSAGE(s.code == 0, s.err);
  CHECK(contains(s.err, "compensate signed, in effect"));
  v = json(c, {"patrol", "violation", "show", "X1"});
  CHECK_FALSE(v.get("awaiting_signature").as_bool());
  CHECK(v.get("follow_up_owed").as_bool());
  const auto& act = v.get("actions").as_array().at(0);
  CHECK(act.get("signed_by").as_string() == "sunwei");
  CHECK(act.get("effective_at").as_string() == "2026-11-24T10:00:00+08:00");
  const auto bills = json(c, {"fee", "bills", "--unit", "1-1-201"}).as_array();
  REQUIRE(bills.size() == 1);
  CHECK(bills[0].get("item").as_string() == "compensation");
  CHECK(bills[0].get("amount_fen").as_int() == 150050);
  CHECK(bills[0].get("source").as_string() == "X1");
  CHECK(bills[0].get("due_on").as_string() == "2026-12-01");  // fee.items.compensation.due_within = 7d
  // Collected like any bill.
  ok(c, {"fee", "pay", "--unit", "1-1-201", "--amount", "1500.50", "--method", "cash"});
  CHECK(json(c, {"fee", "bills", "--unit", "1-1-201"}).as_array().at(0).get("status").as_string() == "paid");
  // Signing twice: nothing awaits.
  const auto twice = c.run({"--as", "sunwei", "patrol", "violation", "sign", "X1"});
  CHECK(twice.code == 65);
  CHECK(contains(twice.err, "X1 has no penalty awaiting signature"));

  // The follow-up contact (6.3 L440): owed until recorded.
  const auto owed = c.run({"--as", "chenjing", "patrol", "violation", "act", "X1", "follow_up", "--note", "上门沟通,业主表示理解"});
  REQUIRE_MESSAGE(owed.code == 0, owed.err);
  CHECK_FALSE(json(c, {"patrol", "violation", "show", "X1"}).get("follow_up_owed").as_bool());
  const auto again = c.run({"--as", "chenjing", "patrol", "violation", "act", "X1", "follow_up", "--note", "再次沟通"});
  CHECK(again.code == 65);
  CHECK(contains(again.err, "X1 owes no follow-up contact"));
}

TEST_CASE("patrol violation: rectification due, re-inspection, close with retention (domain-rules 6.3, 6.6)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  ok(c, {"patrol", "violation", "new", "--unit", "1-1-102", "--category", "environment", "--severity", "general",
         "--desc", "阳台违章搭建"});
  ok(c, {"--as", "chenjing", "patrol", "violation", "act", "X1", "rectify", "--by", "2026-11-25"});
  CHECK(json(c, {"patrol", "violation", "due", "--overdue"}).as_array().empty());
  const auto due = json(c, {"patrol", "violation", "due"}).as_array();
  REQUIRE(due.size() == 1);
  CHECK(due[0].get("rectify_by").as_string() == "2026-11-25");
  at(c, "2026-11-26T09:00");
  CHECK(json(c, {"patrol", "violation", "due", "--overdue"}).as_array().size() == 1);
  CHECK(c.run({"patrol", "violation", "due", "--fail-if-any"}).code == 1);

  // Closing needs a re-inspection that found it fixed.
  ok(c, {"--as", "chenjing", "patrol", "violation", "reinspect", "X1", "--not-fixed", "--note", "仍未拆除"});
  const auto refused = c.run({"--as", "chenjing", "patrol", "violation", "close", "X1"});
  CHECK(refused.code == 65);
  CHECK(contains(refused.err, "found it not fixed"));
  ok(c, {"--as", "chenjing", "patrol", "violation", "reinspect", "X1", "--ok"});
  CHECK(json(c, {"patrol", "violation", "due"}).as_array().empty());
  ok(c, {"--as", "chenjing", "patrol", "violation", "close", "X1"});
  const auto v = json(c, {"patrol", "violation", "show", "X1"});
  CHECK(v.get("status").as_string() == "closed");
  CHECK(v.get("retain_until").as_string() == "2027-11-26");  // general: 1 year
}

TEST_CASE("db purge --expired: only violations past retention, dry run first, the audit keeps what was removed (domain-rules 6.6)") {
  Cli c;
  seed_example(c);
  auto violation = [&](const std::string& when, const std::string& severity, const std::string& desc) {
    at(c, when);
    ok(c, {"patrol", "violation", "new", "--unit", "1-1-102", "--category", "fire", "--severity", severity, "--desc", desc});
  };
  auto close = [&](const std::string& ref, const std::string& when) {
    at(c, when);
    ok(c, {"patrol", "violation", "reinspect", ref, "--ok"});
    ok(c, {"patrol", "violation", "close", ref});
  };
  violation("2025-01-10T09:00", "general", "堵塞通道");  // X1: closed 2025-01-11, kept until 2026-01-11
  close("X1", "2025-01-11T09:00");
  violation("2025-01-10T10:00", "major", "损坏消防设施");  // X2: major, kept until 2030-01-11
  close("X2", "2025-01-11T10:00");
  violation("2025-01-10T11:00", "general", "乱拉电线");  // X3: still open
  violation("2026-11-01T09:00", "general", "楼道堆物");  // X4: closed this month
  close("X4", "2026-11-02T09:00");
  at(c, "2026-11-23T09:00");
  ok(c, {"patrol", "start", "--route", "roads"});  // a round: never purged

  const auto before = c.digest();
  const auto dry = json(c, {"db", "purge", "--expired", "--dry-run"}).as_array();
  REQUIRE(dry.size() == 1);
  CHECK(dry[0].get("violation").as_string() == "X1");
  CHECK(dry[0].get("rule").as_string() == "violation.retain.general");
  CHECK(c.digest() == before);
  // Only the manager purges.
  CHECK(c.run({"--as", "liuqiang", "db", "purge", "--expired"}).code == 77);
  CHECK(c.digest() == before);

  const auto done = c.run({"--as", "sunwei", "db", "purge", "--expired"});
  REQUIRE_MESSAGE(done.code == 0, done.err);
  CHECK(contains(done.err, "1 violation record(s) past retention removed"));
  CHECK(c.run({"patrol", "violation", "show", "X1"}).code == 66);
  std::vector<std::string> left;
  for (const auto& v : rows(c, {"patrol", "violation", "list"})) left.push_back(v.get("ref").as_string());
  CHECK(left == std::vector<std::string>{"X2", "X3", "X4"});
  CHECK(json(c, {"patrol", "show", "P1"}).get("ref").as_string() == "P1");
  // The audit entry holds what was removed.
  const auto log = json(c, {"audit", "log", "--limit", "1"}).as_array();
  REQUIRE(log.size() == 1);
  CHECK(log[0].get("action").as_string() == "db.purge");
  std::string changes;
  for (const auto& ch : log[0].get("changes").as_array()) changes += ch.as_string() + "\n";
  CHECK(contains(changes, "X1: deleted"));
  CHECK(contains(changes, "X1 event.closed: deleted"));
  CHECK(contains(changes, "X1 purge_log: created"));
  // Nothing more is past retention.
  CHECK(json(c, {"db", "purge", "--expired", "--dry-run"}).as_array().empty());
}

// Bad input: the exit code, a message naming the field and the value, and nothing changed.
TEST_CASE("patrol bad input: exit code, a message naming field and value, and an unchanged database") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  ok(c, {"patrol", "start", "--route", "roads"});                              // P1
  ok(c, {"patrol", "check", "P1", "signs", "--issue", "路牌歪斜"});             // reported
  ok(c, {"patrol", "violation", "new", "--unit", "1-1-102", "--category", "fire", "--severity", "general", "--desc", "堆物"});
  ok(c, {"patrol", "violation", "new", "--unit", "1-1-201", "--category", "renovation", "--severity", "major", "--desc", "拆墙"});
  ok(c, {"--as", "liuqiang", "patrol", "violation", "act", "X2", "compensate", "--amount", "800", "--reason", "损坏"});
  const auto ok_csv = c.write("ok.csv", "point,result\nsigns,ok\n");
  struct Bad {
    Args args;
    int code;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {{"patrol", "plan", "--month", "2026-13"}, 64, "--month '2026-13' is not a month"},
      {{"patrol", "plan", "--month", "abc"}, 64, "--month 'abc' is not a month"},
      {{"patrol", "plan", "--month", "2026-10"}, 65, "--month '2026-10' is over"},
      {{"patrol", "rain"}, 64, "give --before or --after"},
      {{"patrol", "start", "--route", "bogus"}, 64, "--route 'bogus' is not a patrol route (allowed: entrusted"},
      {{"patrol", "start", "--route", "stairwells"}, 64, "route 'stairwells' is walked per building: give --building"},
      {{"patrol", "start", "--route", "stairwells", "--building", "9"}, 64, "--building '9' is not a building"},
      {{"patrol", "start", "--route", "roads", "--building", "1"}, 64, "--building is for routes walked per building; 'roads'"},
      {{"patrol", "check", "P1", "bogus", "--ok"}, 64, "point 'bogus' is not on the roads checklist of P1"},
      {{"patrol", "check", "P1", "lighting"}, 64, "give either --ok or --issue"},
      {{"patrol", "check", "P1", "lighting", "--ok", "--fixed"}, 64, "--fixed, --ticket, --violation and --urgent are for an --issue"},
      {{"patrol", "check", "P1", "lighting", "--issue", "x", "--fixed", "--ticket"}, 64, "give at most one of --fixed"},
      {{"patrol", "check", "P1", "lighting", "--issue", "x", "--violation", "bogus", "--unit", "1-1-102"}, 64,
       "--violation 'bogus' is not allowed"},
      {{"patrol", "check", "P1", "lighting", "--issue", "x", "--violation", "fire", "--unit", "9-9-999"}, 66,
       "unknown unit '9-9-999'"},
      {{"patrol", "check", "P9", "lighting", "--ok"}, 66, "unknown patrol round 'P9'"},
      {{"patrol", "check", "P1", "signs", "--ok"}, 65, "point signs of P1 was already checked"},
      {{"patrol", "check", "P1", "lighting", "--issue", " "}, 64, "--issue must say what was seen"},
      {{"patrol", "finish", "P9"}, 66, "unknown patrol round 'P9'"},
      {{"patrol", "settle", "P1", "lighting", "--fixed", "--note", "x"}, 65, "P1 has no issue at point 'lighting'"},
      {{"patrol", "settle", "P1", "signs", "--fixed"}, 64, "--fixed needs --note"},
      {{"patrol", "record", "--route", "roads", "--file", ok_csv, "--at", "2030-01-01T00:00"}, 64,
       "--at '2030-01-01T00:00' is in the future"},
      {{"patrol", "record", "--route", "roads", "--file", ok_csv, "--at", "yesterdy"}, 64, "--at 'yesterdy' is not a time"},
      {{"patrol", "record", "--route", "roads", "--file", ok_csv, "--by", "nobody"}, 66, "'nobody'"},
      {{"patrol", "violation", "new", "--unit", "1-1-102", "--category", "bogus", "--severity", "general", "--desc", "x"}, 64,
       "--category 'bogus' is not allowed (allowed: renovation, fire"},
      {{"patrol", "violation", "new", "--unit", "1-1-102", "--category", "fire", "--subcategory", "bogus", "--severity",
        "general", "--desc", "x"},
       64, "--subcategory 'bogus' is not a kind of fire violation (allowed: blocked_routes"},
      {{"patrol", "violation", "new", "--unit", "1-1-102", "--category", "fire", "--severity", "huge", "--desc", "x"}, 64,
       "--severity 'huge' is not allowed (allowed: general, major)"},
      {{"patrol", "violation", "new", "--category", "fire", "--severity", "general", "--desc", "x"}, 64,
       "say where: give --unit or --location"},
      {{"patrol", "violation", "new", "--unit", "9-9-999", "--category", "fire", "--severity", "general", "--desc", "x"}, 66,
       "unknown unit '9-9-999'"},
      {{"patrol", "violation", "new", "--unit", "1-1-102", "--category", "fire", "--severity", "general", "--desc", " "}, 64,
       "--desc must not be empty"},
      {{"patrol", "violation", "act", "X1", "bogus"}, 64, "ACTION 'bogus' is not allowed"},
      {{"patrol", "violation", "act", "X1", "rectify"}, 64, "'rectify' needs --by DATE"},
      {{"patrol", "violation", "act", "X1", "rectify", "--by", "2026-11-01"}, 64, "--by '2026-11-01' is not after now"},
      {{"patrol", "violation", "act", "X1", "rectify", "--by", "tomorow"}, 64, "--by 'tomorow' is not a time"},
      {{"--as", "liuqiang", "patrol", "violation", "act", "X1", "compensate", "--amount", "abc", "--reason", "x"}, 64,
       "--amount 'abc' is not an amount in yuan"},
      {{"--as", "liuqiang", "patrol", "violation", "act", "X1", "compensate", "--amount", "-5", "--reason", "x"}, 64,
       "--amount '-5' is not an amount in yuan"},
      {{"--as", "liuqiang", "patrol", "violation", "act", "X1", "compensate", "--amount", "5"}, 64, "--reason must not be empty"},
      {{"patrol", "violation", "act", "X1", "advise", "--amount", "5"}, 64, "--amount is for 'compensate', not 'advise'"},
      {{"patrol", "violation", "act", "X1", "follow_up", "--note", "x"}, 65, "X1 owes no follow-up contact"},
      {{"patrol", "violation", "act", "X9", "advise"}, 66, "unknown violation 'X9'"},
      {{"--as", "sunwei", "patrol", "violation", "sign", "X1"}, 65, "X1 has no penalty awaiting signature"},
      {{"patrol", "violation", "close", "X1"}, 65, "X1 needs a re-inspection"},
      {{"--as", "sunwei", "patrol", "violation", "close", "X2"}, 65, "X2 has a penalty awaiting the signature of the manager"},
      {{"patrol", "violation", "reinspect", "X1"}, 64, "give --ok or --not-fixed"},
      {{"patrol", "violation", "due", "--within", "soon"}, 64, "--within 'soon' is not a duration"},
      {{"patrol", "adherence", "--from", "2026-12-05", "--to", "2026-12-01"}, 64, "--to 2026-12-01 is before --from 2026-12-05"},
      {{"patrol", "list", "--date", "2026-11-31"}, 64, "'2026-11-31'"},
      {{"db", "purge"}, 64, "say what to purge: --expired"},
      {{"--as", "chenjing", "patrol", "violation", "act", "X1", "compensate", "--amount", "5", "--reason", "x"}, 77,
       "'chenjing' is assistant"},
      {{"--as", "wangfang", "patrol", "plan", "--month", "2026-12"}, 77, "'wangfang' is frontdesk"},
  };
  CHECK(cases.size() >= 25);
  const auto before = c.digest();
  for (const auto& k : cases) {
    std::string line;
    for (const auto& a : k.args) line += a + " ";
    CAPTURE(line);
    const auto r = c.run(k.args);
    CHECK(r.code == k.code);
    CHECK_MESSAGE(contains(r.err, k.message), r.err);
    CHECK(c.digest() == before);
  }
}

TEST_CASE("patrol routes: a point a site retires stays readable on old rounds and is not walked again (issue 15)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T09:00");
  ok(c, {"patrol", "start", "--route", "roads"});
  ok(c, {"patrol", "check", "P1", "signs", "--ok"});
  ok(c, {"patrol", "finish", "P1"});
  // The site retires 'signs' and renames 'lighting'.
  c.set_env("SVC_POLICY", c.write("policy.toml", R"([patrol.checklists]
roads = [
  { code = "facilities_occupation", text = "设施设备是否完好,是否有违章占用现象" },
  { code = "signs", text = "标识、路牌、警示牌是否完好", retired = true },
  { code = "manhole_covers", text = "各类雨、污水井盖是否完好" },
  { code = "lighting", text = "路灯、景观灯是否齐全完好" },
  { code = "cleanliness", text = "卫生状况是否完好" },
]
)"));
  const auto old = json(c, {"patrol", "show", "P1"});
  CHECK(check_of(old, "signs").get("text").as_string() == "标识、路牌、警示牌是否完好");
  CHECK(check_of(old, "lighting").get("text").as_string() == "照明灯、装饰灯是否齐全");  // as it was
  at(c, "2026-11-23T14:00");
  ok(c, {"patrol", "start", "--route", "roads"});
  const auto before = c.digest();
  const auto r = c.run({"patrol", "check", "P2", "signs", "--ok"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "point 'signs' is not on the roads checklist of P2"));
  CHECK(c.digest() == before);
  ok(c, {"patrol", "finish", "P2"});
  const auto fresh = json(c, {"patrol", "show", "P2"});
  CHECK(fresh.get("checks").as_array().size() == 4);
  CHECK(check_of(fresh, "lighting").get("text").as_string() == "路灯、景观灯是否齐全完好");
}
