// svc visit: the satisfaction labels come from the policy's visit.scale (domain-rules 1.10,
// policy.md [visit]) wherever a rating is shown, so a site that renames them sees its names.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::seed_example;

namespace {

std::string ok(Cli& c, std::vector<std::string> args) { return svc::test::run_ok(c, std::move(args)); }

// A repair done at 11:00 and called back the next morning with `rating`.
void repaired_and_called(Cli& c, const std::string& rating) {
  seed_example(c);
  ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "厨房水管漏水", "--urgent"});
  ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  ok(c, {"ticket", "arrive", "T1"});
  c.set_env("SVC_NOW", "2026-11-23T11:00");
  ok(c, {"ticket", "done", "T1"});
  c.set_env("SVC_NOW", "2026-11-24T10:00");
  ok(c, {"visit", "log", "--ticket", "T1", "--method", "phone", "--rating", rating});
}

}  // namespace

TEST_CASE("visit: ratings are shown with the default scale's labels (domain-rules 1.10)") {
  Cli c;
  repaired_and_called(c, "4");
  const auto v = svc::parse_json(ok(c, {"--json", "visit", "show", "V1"}));
  CHECK(v.get("rating").as_int() == 4);
  CHECK(v.get("rating_label").as_string() == "满意");
  const auto t = svc::parse_json(ok(c, {"--json", "ticket", "show", "T1"}));
  CHECK(t.get("rating_label").as_string() == "满意");
  CHECK(contains(ok(c, {"--csv", "visit", "list"}), ",4,满意,"));
}

TEST_CASE("visit: a site that renames the scale sees its names everywhere a rating is shown (policy visit.scale)") {
  Cli c;
  c.set_env("SVC_POLICY", c.write("site.toml", "[visit]\nscale = [\"很差\", \"差\", \"还行\", \"好\", \"很好\"]\n"));
  repaired_and_called(c, "4");
  // visit show and list, as JSON and as a table.
  CHECK(svc::parse_json(ok(c, {"--json", "visit", "show", "V1"})).get("rating_label").as_string() == "好");
  CHECK(contains(ok(c, {"visit", "show", "V1"}), "好"));
  CHECK(svc::parse_json(ok(c, {"--json", "visit", "list"})).as_array()[0].get("rating_label").as_string() == "好");
  CHECK(contains(ok(c, {"visit", "list"}), "好"));
  // The callback rating on the ticket.
  CHECK(svc::parse_json(ok(c, {"--json", "ticket", "show", "T1"})).get("rating_label").as_string() == "好");
  const auto table = ok(c, {"ticket", "show", "T1"});
  CHECK(contains(table, "好"));
  CHECK_FALSE(contains(table, "满意"));
  // The out-of-range and missing-rating messages name the site's scale, not the default's.
  auto r = c.run({"visit", "log", "--unit", "1-1-102", "--method", "phone", "--rating", "6"});
  CHECK(r.code == 64);
  CHECK_MESSAGE(contains(r.err, "--rating 6 is out of range (allowed: 1 很差, 2 差, 3 还行, 4 好, 5 很好)"), r.err);
  CHECK_FALSE(contains(r.err, "very satisfied"));
  r = c.run({"visit", "log", "--unit", "1-1-102", "--method", "phone"});
  CHECK(r.code == 64);
  CHECK_MESSAGE(contains(r.err, "--rating is required (1 很差, 2 差, 3 还行, 4 好, 5 很好)"), r.err);
}

TEST_CASE("visit: the callback rating of a complaint shows its label (domain-rules 2.7, 1.10)") {
  Cli c;
  c.set_env("SVC_POLICY", c.write("site.toml", "[visit]\nscale = [\"很差\", \"差\", \"还行\", \"好\", \"很好\"]\n"));
  seed_example(c);
  ok(c, {"--as", "wangfang", "complaint", "new", "--unit", "1-1-102", "--subject", "夜间噪音"});
  ok(c, {"--as", "wangfang", "complaint", "resolve", "C1", "--resolution", "已协调"});
  ok(c, {"--as", "wangfang", "visit", "log", "--complaint", "C1", "--method", "phone", "--rating", "5"});
  CHECK(svc::parse_json(ok(c, {"--json", "complaint", "show", "C1"})).get("rating_label").as_string() == "很好");
  CHECK(contains(ok(c, {"complaint", "show", "C1"}), "很好"));
}

TEST_CASE("visit log --help names no hard-coded labels: it points at the policy's visit.scale") {
  Cli c(false);
  for (const char* lang : {"en", "zh"}) {
    c.set_env("SVC_LANG", lang);
    const auto r = c.run({"visit", "log", "--help"});
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "visit.scale"));
    CHECK_FALSE(contains(r.out, "非常满意"));
    CHECK_FALSE(contains(r.out, "极不满意"));
  }
}

// ---- domain-rules 4 and 8: the outreach plan, what a visit found, dunning visits, the annual
// survey and the satisfaction rate (issue 14), on fixed clocks.
namespace {

using Args = std::vector<std::string>;

svc::Value json(Cli& c, Args args) {
  args.insert(args.begin(), "--json");
  return svc::parse_json(ok(c, std::move(args)));
}

// The example estate (61 lived-in units: 50 occupied, 11 rented; 7 vacant, 4 entrusted) and three
// active assistants (客服助理) to share the visits, plus one who has left.
void estate_with_assistants(Cli& c) {
  seed_example(c);
  ok(c, {"staff", "add", "--login", "xuyan", "--name", "徐燕", "--role", "assistant"});
  ok(c, {"staff", "add", "--login", "hemei", "--name", "何梅", "--role", "assistant"});
  ok(c, {"staff", "add", "--login", "gone", "--name", "离职", "--role", "assistant"});
  ok(c, {"staff", "set", "gone", "--active", "no"});
}

std::set<std::string> lived_in_units() {
  std::set<std::string> out;
  std::istringstream in(svc::test::example("units.csv"));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    if (f.size() > 5 && (f[5] == "occupied" || f[5] == "rented")) out.insert(f[0]);
  }
  return out;
}

// Outreach visits per unit, per day and per person in [from, to].
struct Spread {
  std::map<std::string, int> unit, day, person;
};
Spread spread(Cli& c, const std::string& from, const std::string& to) {
  Spread s;
  const auto list = json(c, {"visit", "list", "--kind", "outreach", "--from", from, "--to", to});
  for (const auto& v : list.as_array()) {
    ++s.unit[v.get("unit").as_string()];
    ++s.day[v.get("due_at").as_string().substr(0, 10)];
    ++s.person[v.get("assignee").as_string()];
  }
  return s;
}

int max_of(const std::map<std::string, int>& m) {
  int x = 0;
  for (const auto& [_, n] : m) x = std::max(x, n);
  return x;
}
int min_of(const std::map<std::string, int>& m) {
  int x = m.empty() ? 0 : m.begin()->second;
  for (const auto& [_, n] : m) x = std::min(x, n);
  return x;
}

// A ladder whose one rung is a home visit the day after the due date; August billed and, on
// 2026-08-17, the reminder for 1-1-102 planned its dunning visit (domain-rules 3.5).
void arrears_visit_planned(Cli& c, void (*seed)(Cli&)) {
  c.set_env("SVC_POLICY", c.write("site.toml", "[[fee.dunning]]\nstage = \"visit\"\nafter = \"1d\"\nchannel = \"visit\"\n"));
  c.set_env("SVC_NOW", "2026-08-01T09:00");
  seed(c);
  ok(c, {"fee", "bill", "--period", "2026-08"});
  c.set_env("SVC_NOW", "2026-08-17T09:00");
  ok(c, {"fee", "remind", "--unit", "1-1-102"});
}

}  // namespace

TEST_CASE("visit plan: every lived-in unit twice a year, evenly over days and assistants (domain-rules 4.1)") {
  Cli c;
  // A site open on weekdays, closed on New Year's Day ([calendar]).
  c.set_env("SVC_POLICY", c.write("site.toml", "[calendar]\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n"
                                               "holidays = [\"2027-01-01\"]\n"));
  c.set_env("SVC_NOW", "2026-12-20T09:00");
  estate_with_assistants(c);
  const auto lived = lived_in_units();
  REQUIRE(lived.size() == 61);

  // The first half of 2027: dry run shows the plan and the load, and writes nothing.
  const auto before = c.digest();
  auto r = c.run({"--json", "visit", "plan", "--from", "2027-01-01", "--dry-run"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "dry run"));
  CHECK(contains(r.err, "7 vacant and 4 entrusted homes are left to the patrols"));
  auto p = svc::parse_json(r.out);
  CHECK(p.get("planned").as_int() == 61);
  CHECK(p.get("from").as_string() == "2027-01-01");
  CHECK(p.get("to").as_string() == "2027-06-30");
  REQUIRE(p.get("load").as_array().size() == 3);  // the one who left gets none
  for (const auto& l : p.get("load").as_array()) CHECK(l.get("added").as_int() >= 20);
  CHECK(c.digest() == before);

  ok(c, {"visit", "plan", "--from", "2027-01-01"});
  auto h1 = spread(c, "2027-01-01", "2027-06-30");
  CHECK(h1.unit.size() == 61);
  for (const auto& u : lived) CHECK_MESSAGE(h1.unit[u] == 1, u);
  CHECK(h1.unit.count("1-1-101") == 0);  // vacant: the patrols see it
  CHECK(max_of(h1.person) - min_of(h1.person) <= 1);
  CHECK(h1.person.count("gone") == 0);
  const auto days = p.get("days").as_int();
  CHECK(max_of(h1.day) <= 61 / days + 1);  // no day with more than its share plus one
  for (const auto& [day, _] : h1.day) {    // working days only
    CHECK(day != "2027-01-01");  // the holiday
    CHECK(day != "2027-01-02");  // a Saturday
    CHECK(day != "2027-01-03");  // a Sunday
  }
  CHECK(h1.day.count("2027-01-04") == 1);  // the first working day

  // A rerun adds nothing and moves nothing.
  const auto planned = json(c, {"visit", "list", "--kind", "outreach"});
  const auto after_first = c.digest();
  r = c.run({"--json", "visit", "plan", "--from", "2027-01-01"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(svc::parse_json(r.out).get("planned").as_int() == 0);
  CHECK(svc::parse_json(r.out).get("already").as_int() == 61);
  CHECK(c.digest() == after_first);
  CHECK(json(c, {"visit", "list", "--kind", "outreach"}) == planned);

  // The second half: every lived-in unit again, so twice in the year.
  ok(c, {"visit", "plan", "--from", "2027-07-01"});
  const auto year = spread(c, "2027-01-01", "2027-12-31");
  for (const auto& u : lived) CHECK_MESSAGE(year.unit.at(u) == 2, u);
  CHECK(year.unit.size() == 61);
}

TEST_CASE("visit plan: units added between runs are placed by the next run, loads stay level (domain-rules 4.1)") {
  Cli c;
  c.set_env("SVC_NOW", "2026-12-20T09:00");
  estate_with_assistants(c);
  ok(c, {"visit", "plan", "--from", "2027-01-01"});
  ok(c, {"unit", "add", "--code", "9-1-101", "--area", "90", "--status", "occupied"});
  ok(c, {"unit", "add", "--code", "9-1-102", "--area", "90", "--status", "rented", "--tenant", "李雷"});
  ok(c, {"unit", "add", "--code", "9-1-103", "--area", "90", "--status", "vacant"});
  const auto p = json(c, {"visit", "plan", "--from", "2027-01-01"});
  REQUIRE(p.get("visits").as_array().size() == 2);
  std::set<std::string> added;
  for (const auto& v : p.get("visits").as_array()) added.insert(v.get("unit").as_string());
  CHECK(added == std::set<std::string>{"9-1-101", "9-1-102"});
  const auto h = spread(c, "2027-01-01", "2027-06-30");
  CHECK(h.unit.size() == 63);
  CHECK(max_of(h.person) - min_of(h.person) <= 1);
  CHECK(max_of(h.day) <= 63 / p.get("days").as_int() + 1);
  // The plan in the default period (the half year holding today) is its own.
  const auto now = json(c, {"visit", "plan", "--dry-run"});
  CHECK(now.get("from").as_string() == "2026-07-01");
  CHECK(now.get("first_day").as_string() == "2026-12-20");  // today: the centre is open every day
}

TEST_CASE("visit log: an outreach visit that finds a leak opens a ticket in the same write, linked both ways (domain-rules 1.9, 4.1)") {
  Cli c;
  estate_with_assistants(c);
  ok(c, {"visit", "plan"});
  const auto first = json(c, {"visit", "due", "--kind", "outreach", "--to", "chenjing"}).as_array().front();
  const std::string v = first.get("subject").as_string(), unit = first.get("unit").as_string();
  // Nobody home: still owed, on the next working day.
  auto r = c.run({"visit", "log", "--visit", v, "--method", "onsite", "--outcome", "nobody_home"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "nobody home: " + v + " is owed again on 2026-11-24"));
  // A finding with a bad category: refused, and the visit is not logged either.
  const auto before = c.digest();
  r = c.run({"visit", "log", "--visit", v, "--method", "onsite", "--rating", "2", "--note", "卫生间渗水",
             "--new-ticket", "bogus"});
  CHECK(r.code != 0);
  CHECK(contains(r.err, "bogus"));
  CHECK(c.digest() == before);

  r = c.run({"visit", "log", "--visit", v, "--method", "onsite", "--rating", "不满意", "--note", "卫生间渗水",
             "--new-ticket", "leak", "--urgent"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "T1 opened from " + v));
  const auto visit = json(c, {"visit", "show", v});
  CHECK(visit.get("status").as_string() == "completed");
  CHECK(visit.get("rating").as_int() == 2);
  CHECK(visit.get("opened_ticket").as_string() == "T1");
  CHECK(visit.get("attempts").as_int() == 1);
  CHECK(visit.get("outcome").is_null());  // it was made in the end
  const auto ticket = json(c, {"ticket", "show", "T1"});
  CHECK(ticket.get("unit").as_string() == unit);
  CHECK(ticket.get("description").as_string() == "卫生间渗水");
  CHECK(ticket.get("channel").as_string() == "visit");
  bool linked = false;
  for (const auto& e : ticket.get("events").as_array())
    if (e.get("kind").as_string() == "from_visit" && contains(e.get("detail").as_string(), v)) linked = true;
  CHECK(linked);
  // One audited change for the visit and the ticket it opened: the plan, nobody home, the visit.
  CHECK(json(c, {"audit", "log", "--entity", v}).as_array().size() == 3);
  CHECK(json(c, {"audit", "log", "--entity", "T1"}).as_array().size() == 1);
  // Done: no longer owed; a second log is refused.
  const auto owed = json(c, {"visit", "due", "--kind", "outreach"});
  for (const auto& d : owed.as_array()) CHECK(d.get("subject").as_string() != v);
  r = c.run({"visit", "log", "--visit", v, "--method", "onsite", "--rating", "4"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, v));
  // A callback that raises a new opinion opens a complaint (domain-rules 2.7).
  r = c.run({"visit", "log", "--unit", "1-1-202", "--method", "phone", "--rating", "3", "--new-complaint", "电梯噪音",
             "--details", "夜间电梯噪音大"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(json(c, {"complaint", "show", "C1"}).get("unit").as_string() == "1-1-202");
}

TEST_CASE("visit log: a dunning home visit records its outcome, linked to its reminder (domain-rules 3.5)") {
  Cli c;
  arrears_visit_planned(c, seed_example);
  const auto due = json(c, {"visit", "due", "--kind", "dunning"}).as_array();
  REQUIRE(due.size() == 1);
  const std::string v = due.front().get("subject").as_string();
  CHECK(json(c, {"visit", "show", v}).get("reminder").as_int() == 1);
  // A dunning visit records an outcome, not a rating; a promise needs its date.
  auto r = c.run({"visit", "log", "--visit", v, "--method", "onsite", "--rating", "5"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--outcome"));
  r = c.run({"visit", "log", "--visit", v, "--method", "onsite", "--outcome", "promised"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--promised-by"));
  ok(c, {"visit", "log", "--visit", v, "--method", "onsite", "--outcome", "promised", "--promised-by", "2026-08-31",
         "--note", "月底前缴"});
  const auto shown = json(c, {"visit", "show", v});
  CHECK(shown.get("outcome").as_string() == "promised");
  CHECK(shown.get("promised_by").as_string() == "2026-08-31");
  CHECK(shown.get("status").as_string() == "completed");
  CHECK(json(c, {"visit", "due", "--kind", "dunning"}).as_array().empty());
  CHECK(contains(ok(c, {"visit", "show", v}), "promised to pay by 2026-08-31"));
  // Dunning visits never count in the satisfaction rate.
  CHECK(json(c, {"visit", "rate", "--month", "2026-08"}).get("total").get("rated").as_int() == 0);
  CHECK(c.run({"db", "check"}).code == 0);
  CHECK(c.run({"audit", "verify"}).code == 0);
}

TEST_CASE("visit rate: the satisfaction rate by kind and question against a hand count (domain-rules 4.4, 8)") {
  Cli c;
  seed_example(c);
  // Repair callbacks 5 and 2 (T1, T2); a complaint callback 4; outreach 3 and 4; survey answers.
  for (const char* unit : {"1-1-102", "1-1-201"}) {
    ok(c, {"ticket", "new", "--unit", unit, "--category", "water", "--desc", "漏水", "--urgent"});
  }
  for (const char* t : {"T1", "T2"}) {
    ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
    ok(c, {"ticket", "arrive", t});
    ok(c, {"ticket", "done", t});
  }
  c.set_env("SVC_NOW", "2026-11-24T10:00");
  ok(c, {"visit", "log", "--ticket", "T1", "--method", "phone", "--rating", "5"});
  ok(c, {"visit", "log", "--ticket", "T2", "--method", "phone", "--rating", "2"});
  ok(c, {"--as", "wangfang", "complaint", "new", "--unit", "1-1-202", "--subject", "噪音"});
  ok(c, {"--as", "wangfang", "complaint", "resolve", "C1", "--resolution", "已协调"});
  ok(c, {"--as", "wangfang", "visit", "log", "--complaint", "C1", "--method", "phone", "--rating", "4"});
  ok(c, {"visit", "log", "--unit", "1-1-202", "--method", "onsite", "--rating", "3"});
  ok(c, {"visit", "log", "--unit", "1-1-301", "--method", "onsite", "--rating", "非常满意"});
  // Survey: 服务态度 5, 4, 1; 维修质量 3, (blank), 4.
  ok(c, {"visit", "survey", "import",
         c.write("s.csv", "unit,date,服务态度,维修质量,comment\n1-1-102,2026-11-20,5,3,\n1-1-201,2026-11-21,4,,好\n"
                          "1-1-202,2026-11-22,1,4,太吵\n")});
  // Outside the month: not counted.
  c.set_env("SVC_NOW", "2026-12-02T10:00");
  ok(c, {"visit", "log", "--unit", "1-1-302", "--method", "onsite", "--rating", "1"});

  const auto rate = json(c, {"visit", "rate", "--month", "2026-11"});
  std::map<std::string, std::pair<long long, long long>> kinds;
  for (const auto& k : rate.get("kinds").as_array())
    kinds[k.get("kind").as_string()] = {k.get("satisfied").as_int(), k.get("rated").as_int()};
  CHECK(kinds["repair_callback"] == std::pair<long long, long long>{1, 2});
  CHECK(kinds["complaint_callback"] == std::pair<long long, long long>{1, 1});
  CHECK(kinds["outreach"] == std::pair<long long, long long>{1, 2});
  CHECK(kinds["survey"] == std::pair<long long, long long>{3, 5});
  const auto questions = rate.get("questions").as_array();
  REQUIRE(questions.size() == 2);
  CHECK(questions[0].get("question").as_string() == "服务态度");
  CHECK(questions[0].get("satisfied").as_int() == 2);
  CHECK(questions[0].get("rated").as_int() == 3);
  CHECK(questions[1].get("satisfied").as_int() == 1);
  CHECK(questions[1].get("rated").as_int() == 2);
  const auto total = rate.get("total");
  CHECK(total.get("satisfied").as_int() == 6);
  CHECK(total.get("rated").as_int() == 10);
  CHECK(svc::to_json(total.get("rate"), false) == "0.6");
  CHECK(total.get("met").as_bool() == false);  // target 85%
  // The same in every format, with numerator and denominator.
  const auto csv = ok(c, {"--csv", "visit", "rate", "--from", "2026-11-01", "--to", "2026-11-30"});
  CHECK(contains(csv, "total,total,6,10,"));
  CHECK(contains(csv, "kind,repair_callback,1,2,"));
  for (const char* f : {"table", "md", "html"}) CHECK(c.run({"--format", f, "visit", "rate", "--month", "2026-11"}).code == 0);
  // December holds the one rating of 1.
  const auto dec = json(c, {"visit", "rate", "--month", "2026-12"}).get("total");
  CHECK(dec.get("satisfied").as_int() == 0);
  CHECK(dec.get("rated").as_int() == 1);
  // A site that counts only 非常满意 as satisfied.
  c.set_env("SVC_POLICY", c.write("site.toml", "[visit]\nsatisfied_at_or_above = 5\n"));
  CHECK(json(c, {"visit", "rate", "--month", "2026-11"}).get("total").get("satisfied").as_int() == 3);
  // list: rated at or below 2 in November.
  const auto low = json(c, {"visit", "list", "--rating-at-most", "2", "--month", "2026-11"}).as_array();
  REQUIRE(low.size() == 1);
  CHECK(low.front().get("ticket").as_string() == "T2");
  CHECK(json(c, {"visit", "list", "--unit", "1-1-202"}).as_array().size() == 2);  // the complaint callback and the outreach visit
  CHECK(json(c, {"visit", "list", "--person", "wangfang"}).as_array().size() == 1);
}

TEST_CASE("visit survey import: bad rows are named and the whole file is refused, GBK needs --encoding (domain-rules 4.1)") {
  Cli c;
  seed_example(c);
  const auto before = c.digest();
  const auto bad = c.write("bad.csv",
                           "unit,date,服务态度,维修质量,comment\n"
                           "1-1-102,2026-11-20,5,4,\n"
                           "9-9-999,2026-11-20,5,4,\n"      // unknown unit
                           "1-1-201,2026-11-20,6,4,\n"      // rating 6
                           "1-1-202,2026-11-20,,,\n"        // an empty form
                           "1-1-102,2026-11-21,4,4,\n"      // the same unit again
                           "1-1-301,2026-11-31,4,4,\n"      // no such date
                           "1-1-302,2026-12-01,4,4,\n");    // after today
  auto r = c.run({"visit", "survey", "import", bad});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "6 bad value(s), nothing was imported"));
  CHECK(contains(r.err, "bad.csv:3: column unit: '9-9-999'"));
  CHECK(contains(r.err, "bad.csv:4: column 服务态度: '6': is not a rating (allowed: 1 极不满意"));
  CHECK(contains(r.err, "bad.csv:5: column 服务态度: '': the form has no rating and no comment"));
  CHECK(contains(r.err, "bad.csv:6: column unit: '1-1-102': a second form for this unit (the first is on line 2)"));
  CHECK(contains(r.err, "bad.csv:7: column date: '2026-11-31'"));
  CHECK(contains(r.err, "bad.csv:8: column date: '2026-12-01': is after today (2026-11-23)"));
  CHECK(c.digest() == before);

  // GBK from Excel on Chinese Windows: refused with the way out, then read with --encoding gbk.
  const std::string utf8 = "unit,date,服务态度,comment\n1-1-102,2026-11-20,满意,电梯慢\n";
  const std::string gbk =
      "unit,date,\xB7\xFE\xCE\xF1\xCC\xAC\xB6\xC8,comment\n1-1-102,2026-11-20,\xC2\xFA\xD2\xE2,\xB5\xE7\xCC\xDD\xC2\xFD\n";
  const auto file = c.write("gbk.csv", gbk);
  r = c.run({"visit", "survey", "import", file});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "--encoding gbk"));
  CHECK(c.digest() == before);
  r = c.run({"visit", "survey", "import", file, "--encoding", "gbk", "--dry-run"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "dry run: would import 1 forms into survey '2026'"));
  CHECK(c.digest() == before);
  ok(c, {"visit", "survey", "import", file, "--encoding", "gbk"});
  const auto shown = json(c, {"visit", "survey", "show", "2026"});
  CHECK(shown.get("questions").as_array().front().as_string() == "服务态度");
  CHECK(shown.get("summary").as_array().front().get("rating_4").as_int() == 1);
  const auto forms = json(c, {"visit", "survey", "show", "2026", "--forms"}).as_array();
  REQUIRE(forms.size() == 1);
  CHECK(forms.front().get("comment").as_string() == "电梯慢");
  CHECK(json(c, {"visit", "survey", "list"}).as_array().size() == 1);
  (void)utf8;
  // The next survey is owed a year after the last form (visit.survey_every).
  const auto due = json(c, {"visit", "due", "--kind", "survey"}).as_array();
  REQUIRE(due.size() == 1);
  CHECK(contains(due.front().get("due_at").as_string(), "2027-11-20"));
}

TEST_CASE("visit survey import: the policy's questions are the only question columns (policy visit.survey_questions)") {
  Cli c;
  c.set_env("SVC_POLICY", c.write("site.toml", "[visit]\nsurvey_questions = [\"服务态度\", \"维修质量\"]\n"));
  seed_example(c);
  const auto before = c.digest();
  const auto r = c.run({"visit", "survey", "import", c.write("s.csv", "unit,date,服务态度,卫生,comment\n1-1-102,2026-11-20,5,4,\n")});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "卫生"));
  CHECK(c.digest() == before);
  ok(c, {"visit", "survey", "import", c.write("t.csv", "unit,date,维修质量\n1-1-102,2026-11-20,5\n")});
}

TEST_CASE("visit: bad input exits with its code, names the field and the value, and changes nothing (domain-rules 4, cli.md)") {
  Cli c;
  arrears_visit_planned(c, estate_with_assistants);  // V1: a dunning home visit
  REQUIRE(json(c, {"visit", "show", "V1"}).get("kind").as_string() == "dunning");
  ok(c, {"visit", "plan"});                       // V2…: outreach visits
  REQUIRE(json(c, {"visit", "show", "V2"}).get("kind").as_string() == "outreach");
  ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "漏水", "--urgent"});
  ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  ok(c, {"ticket", "arrive", "T1"});
  ok(c, {"ticket", "done", "T1"});
  const std::string good = c.write("good.csv", "unit,date,服务态度\n1-1-102,2026-08-10,5\n");
  ok(c, {"visit", "survey", "import", good});
  const std::string bad = c.write("bad.csv", "unit,date,服务态度\n1-1-201,2026-08-10,9\n");
  const std::string noq = c.write("noq.csv", "unit,date,comment\n1-1-201,2026-08-10,好\n");
  const std::string missing = c.path("missing.csv").string();

  struct Bad {
    Args args;
    int code;
    std::vector<std::string> says;
  };
  const std::vector<Bad> cases = {
      {{"visit", "log", "--ticket", "T1", "--method", "fax", "--rating", "5"}, 64, {"--method 'fax'", "phone, onsite"}},
      {{"visit", "log", "--ticket", "T1", "--method", "phone", "--rating", "6"}, 64, {"--rating 6", "5 非常满意"}},
      {{"visit", "log", "--ticket", "T1", "--method", "phone", "--rating", "好极了"}, 64, {"--rating '好极了'"}},
      {{"visit", "log", "--unit", "9-9-999", "--method", "phone", "--rating", "5"}, 66, {"9-9-999"}},
      {{"visit", "log", "--ticket", "T1", "--unit", "1-1-102", "--method", "phone", "--rating", "5"}, 64,
       {"--ticket", "--unit"}},
      {{"visit", "log", "--complaint", "C9", "--method", "phone", "--rating", "4"}, 66, {"C9"}},
      {{"visit", "log", "--visit", "V999", "--method", "phone", "--rating", "5"}, 66, {"V999"}},
      {{"visit", "log", "--visit", "V1", "--method", "onsite", "--rating", "5"}, 64, {"V1", "--outcome", "met, promised, refused, nobody_home"}},
      {{"visit", "log", "--visit", "V1", "--method", "onsite", "--outcome", "lost"}, 64, {"--outcome 'lost'", "refused"}},
      {{"visit", "log", "--visit", "V1", "--method", "onsite", "--outcome", "promised", "--promised-by", "2026-13-01"},
       64, {"--promised-by '2026-13-01' is not a date"}},
      {{"visit", "log", "--visit", "V1", "--method", "onsite", "--outcome", "promised", "--promised-by", "2026-08-01"},
       64, {"--promised-by 2026-08-01", "before today (2026-08-17)"}},
      {{"visit", "log", "--visit", "V2", "--method", "onsite", "--outcome", "refused"}, 64, {"--outcome refused", "V2"}},
      {{"visit", "log", "--visit", "V2", "--method", "onsite", "--outcome", "nobody_home", "--next", "2026-08-17"}, 64,
       {"--next 2026-08-17", "not after today"}},
      {{"visit", "log", "--visit", "V2", "--method", "onsite", "--rating", "4", "--note", "漏水", "--new-ticket", "bogus"},
       64, {"bogus"}},
      {{"visit", "log", "--visit", "V2", "--method", "onsite", "--rating", "4", "--desc", "漏水"}, 64, {"--desc", "--new-ticket"}},
      {{"visit", "log", "--visit", "V2", "--method", "onsite", "--rating", "4", "--new-ticket", "water"}, 64,
       {"--new-ticket", "--desc"}},
      {{"visit", "log", "--visit", "V2", "--method", "onsite", "--rating", "4", "--new-complaint", "噪音", "--severity",
        "huge"},
       64, {"huge"}},
      {{"visit", "log", "--unit", "1-1-102", "--method", "phone", "--rating", "4", "--to", "wuming"}, 64, {"--to", "--ticket"}},
      {{"--as", "majie", "visit", "log", "--visit", "V2", "--method", "onsite", "--rating", "4"}, 77, {"majie"}},
      {{"visit", "plan", "--every", "5d"}, 64, {"--every '5d'", "6mo"}},
      {{"visit", "plan", "--from", "2026-02-30"}, 64, {"--from '2026-02-30'"}},
      {{"visit", "plan", "--from", "2025-01-01"}, 65, {"2025-01-01 – 2025-06-30", "over"}},
      {{"--as", "chenjing", "visit", "plan"}, 77, {"chenjing"}},
      {{"visit", "rate", "--month", "2026-13"}, 64, {"--month '2026-13'"}},
      {{"visit", "rate", "--from", "2026-08-30", "--to", "2026-08-01"}, 64, {"--to 2026-08-01", "--from 2026-08-30"}},
      {{"visit", "due", "--within", "soon"}, 64, {"--within 'soon'"}},
      {{"visit", "due", "--kind", "fax"}, 64, {"--kind", "fax"}},
      {{"visit", "list", "--rating-at-most", "9"}, 64, {"--rating-at-most", "9"}},
      {{"visit", "list", "--person", "nobody"}, 66, {"nobody"}},
      {{"visit", "survey", "import", bad}, 65, {"bad.csv:2: column 服务态度: '9'", "nothing was imported"}},
      {{"visit", "survey", "import", missing}, 66, {"missing.csv"}},
      {{"visit", "survey", "import", noq}, 65, {"noq.csv", "no question column"}},
      {{"visit", "survey", "import", good}, 65, {"survey '2026' was imported already"}},
      {{"visit", "survey", "import", good, "--name", std::string(65, 'x')}, 64, {"--name", "1 to 64"}},
      {{"--as", "wangfang", "visit", "survey", "import", good, "--name", "again"}, 77, {"wangfang"}},
      {{"visit", "survey", "show", "2099"}, 66, {"'2099'"}},
  };
  CHECK(cases.size() >= 20);
  const auto before = c.digest();
  for (const auto& k : cases) {
    std::string line;
    for (const auto& a : k.args) line += a + " ";
    CAPTURE(line);
    const auto r = c.run(k.args);
    CHECK_MESSAGE(r.code == k.code, r.err);
    for (const auto& s : k.says) CHECK_MESSAGE(contains(r.err, s), s << " in: " << r.err);
    CHECK(c.digest() == before);
  }
}
