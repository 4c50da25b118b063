// svc report: the daily, weekly, monthly and KPI reports against hand counts of a fixed-clock
// scenario (domain-rules 8, 11), every format byte-identical to its golden file
// (tests/cli/golden/; SVC_UPDATE_GOLDEN=1 rewrites them after a deliberate change), and a closed
// day that later activity does not change.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::seed_example;

namespace {

std::string ok(Cli& c, std::vector<std::string> args) { return svc::test::run_ok(c, std::move(args)); }
void at(Cli& c, const char* now) { c.set_env("SVC_NOW", now); }

// November billed on the 1st; a week of the front desk around Monday 2026-11-23:
//   Sun 22nd 16:00  T1 electric 1-2-101 (urgent), dispatched at 16:05
//   Mon 23rd 08:30  T1 on site, done at 10:00
//            09:00  T2 water 1-1-102 (urgent): dispatched 09:05, on site 09:30 (arrive_by 09:20:
//                   late), done 11:00
//            10:00  T3 door and window 1-1-201, appointment Tuesday 14:00
//            10:30  C1 complaint 1-1-102, taken by wangfang
//            15:00  1-1-102 pays 100.00 in cash; 16:00 1-2-101 pays 50.00 by WeChat
//   Tue 24th 10:00  T2 called back, rated 4 (满意); T4 gas 2-1-101 (urgent); 1-1-201 pays 30.00
void week(Cli& c) {
  at(c, "2026-11-01T08:00");
  ok(c, {"init", "--site", "示例花园 管理处"});
  seed_example(c);
  at(c, "2026-11-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-11"});
  at(c, "2026-11-22T16:00");
  ok(c, {"ticket", "new", "--unit", "1-2-101", "--category", "electric", "--desc", "客厅跳闸", "--urgent"});
  at(c, "2026-11-22T16:05");
  ok(c, {"ticket", "dispatch", "T1", "--to", "zhengtao"});
  at(c, "2026-11-23T08:30");
  ok(c, {"ticket", "arrive", "T1"});
  at(c, "2026-11-23T09:00");
  ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "厨房水管漏水", "--urgent"});
  at(c, "2026-11-23T09:05");
  ok(c, {"ticket", "dispatch", "T2", "--to", "wuming"});
  at(c, "2026-11-23T09:30");
  ok(c, {"ticket", "arrive", "T2"});
  at(c, "2026-11-23T10:00");
  ok(c, {"ticket", "done", "T1"});
  ok(c, {"ticket", "new", "--unit", "1-1-201", "--category", "door_window", "--desc", "门锁坏", "--appoint",
         "2026-11-24T14:00"});
  at(c, "2026-11-23T10:30");
  ok(c, {"--as", "wangfang", "complaint", "new", "--unit", "1-1-102", "--subject", "夜间噪音"});
  at(c, "2026-11-23T11:00");
  ok(c, {"ticket", "done", "T2"});
  at(c, "2026-11-23T15:00");
  ok(c, {"--as", "wangfang", "fee", "pay", "--unit", "1-1-102", "--period", "2026-11", "--amount", "100.00", "--method",
         "cash"});
  at(c, "2026-11-23T16:00");
  ok(c, {"--as", "wangfang", "fee", "pay", "--unit", "1-2-101", "--period", "2026-11", "--amount", "50.00", "--method",
         "wechat"});
}

void tuesday(Cli& c) {
  at(c, "2026-11-24T10:00");
  ok(c, {"visit", "log", "--ticket", "T2", "--method", "phone", "--rating", "4"});
  ok(c, {"ticket", "new", "--unit", "2-1-101", "--category", "gas", "--desc", "燃气表异味", "--urgent"});
  ok(c, {"--as", "wangfang", "fee", "pay", "--unit", "1-1-201", "--period", "2026-11", "--amount", "30.00", "--method",
         "cash"});
}

svc::Value json(Cli& c, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return svc::parse_json(ok(c, std::move(args)));
}

std::int64_t integer(const svc::Value& v, const char* section, const char* key) {
  return v.get(section).get(key).as_int();
}

// The row of `table` whose `key` is `value`.
svc::Value row(const svc::Value& table, const char* key, const std::string& value) {
  for (const auto& r : table.as_array())
    if (r.get(key).is_string() && r.get(key).as_string() == value) return r;
  FAIL("no row with " << key << " = " << value);
  return {};
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Compares `got` with tests/cli/golden/<name>, or rewrites it under SVC_UPDATE_GOLDEN=1.
void golden(const std::string& name, const std::string& got) {
  const std::filesystem::path file = std::filesystem::path(SVC_SOURCE_DIR) / "tests/cli/golden" / name;
  if (const char* update = std::getenv("SVC_UPDATE_GOLDEN"); update && *update) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << got;
    return;
  }
  REQUIRE_MESSAGE(std::filesystem::exists(file), file.string() << " is missing (SVC_UPDATE_GOLDEN=1 writes it)");
  const auto want = slurp(file);
  if (want != got) {
    // The first differing line, so a failure says where.
    std::istringstream a(want), b(got);
    std::string la, lb;
    int line = 0;
    while (true) {
      ++line;
      const bool ma = static_cast<bool>(std::getline(a, la)), mb = static_cast<bool>(std::getline(b, lb));
      if (!ma && !mb) break;
      if (la != lb || ma != mb) {
        FAIL_CHECK(name << " differs from its golden file at line " << line << "\n  want: " << la << "\n  got:  " << lb);
        return;
      }
    }
    FAIL_CHECK(name << " differs from its golden file");
  }
}

}  // namespace

TEST_CASE("report daily: the day's figures against a hand count (domain-rules 11.1)") {
  Cli c(false);
  week(c);
  tuesday(c);
  at(c, "2026-11-25T09:00");
  const auto d = json(c, {"report", "daily", "--date", "2026-11-23"});
  CHECK(d.get("report").as_string() == "daily");
  CHECK(d.get("from").as_string() == "2026-11-23");
  CHECK(d.get("as_of").as_string() == "2026-11-24T00:00:00+08:00");
  // Received on the 23rd: T2 and T3 (T1 came on the 22nd, T4 on the 24th); dispatched: T2;
  // done: T1 and T2.
  CHECK(integer(d, "tickets", "received") == 2);
  CHECK(integer(d, "tickets", "dispatched") == 1);
  CHECK(integer(d, "tickets", "done") == 2);
  // Deadlines that fell due on the 23rd and were missed (故障超时记录): T2's repairer arrived at
  // 09:30, ten minutes after its urgent arrive_by (domain-rules 1.3); T3, taken at 10:00, was not
  // dispatched within its dispatch_by. (T1's arrive_by fell due on the 22nd: that day's.)
  const auto missed = d.get("tickets").get("deadlines_missed");
  REQUIRE(missed.as_array().size() == 2);
  CHECK(missed.as_array()[0].get("ref").as_string() == "T2");
  CHECK(missed.as_array()[0].get("deadline").as_string() == "arrive_by");
  CHECK(missed.as_array()[1].get("ref").as_string() == "T3");
  CHECK(missed.as_array()[1].get("deadline").as_string() == "dispatch_by");
  CHECK(row(d.get("tickets").get("by_category"), "category", "water").get("done").as_int() == 1);
  CHECK(row(d.get("tickets").get("by_category"), "category", "electric").get("received").as_int() == 0);
  // The complaint; the two payments, 150.00, by method.
  CHECK(row(d.get("complaints").get("by_class"), "kind", "complaint").get("received").as_int() == 1);
  CHECK(integer(d, "fees", "payments") == 2);
  CHECK(integer(d, "fees", "collected_fen") == 15000);
  CHECK(row(d.get("fees").get("by_method"), "method", "cash").get("amount_fen").as_int() == 10000);
  CHECK(row(d.get("fees").get("by_method"), "method", "wechat").get("amount_fen").as_int() == 5000);
  // The callback was made on the 24th: not the 23rd's.
  CHECK(integer(d, "visits", "done") == 0);
}

TEST_CASE("report daily: a closed day does not change with later activity (domain-rules 11.1)") {
  Cli c(false);
  week(c);
  c.set_env("COLUMNS", "120");
  at(c, "2026-11-24T00:30");
  auto before = json(c, {"report", "daily", "--date", "2026-11-23"});
  const auto table_before = ok(c, {"report", "daily", "--date", "2026-11-23"});
  tuesday(c);
  at(c, "2026-11-25T09:00");
  auto after = json(c, {"report", "daily", "--date", "2026-11-23"});
  const auto table_after = ok(c, {"report", "daily", "--date", "2026-11-23"});
  CHECK(before.get("generated_at").as_string() != after.get("generated_at").as_string());
  before.set("generated_at", svc::Value());
  after.set("generated_at", svc::Value());
  CHECK(svc::to_json(before) == svc::to_json(after));
  // The page differs only in its "generated" line (the second).
  const auto body = [](const std::string& page) {
    const auto first = page.find('\n'), second = page.find('\n', first + 1);
    return page.substr(0, first) + page.substr(second);
  };
  CHECK(body(table_before) == body(table_after));
}

TEST_CASE("report daily: every format byte-identical to its golden file (domain-rules 11.1)") {
  Cli c(false);
  week(c);
  c.set_env("SVC_LANG", "zh");
  c.set_env("COLUMNS", "120");
  at(c, "2026-11-24T00:30");
  golden("daily.txt", ok(c, {"report", "daily", "--date", "2026-11-23"}));
  golden("daily.md", ok(c, {"--md", "report", "daily", "--date", "2026-11-23"}));
  golden("daily.csv", ok(c, {"--csv", "report", "daily", "--date", "2026-11-23"}));
  golden("daily.json", ok(c, {"--json", "report", "daily", "--date", "2026-11-23"}));
  golden("daily.html", ok(c, {"--format", "html", "report", "daily", "--date", "2026-11-23"}));
  c.set_env("SVC_LANG", "en");
  golden("daily.en.txt", ok(c, {"report", "daily", "--date", "2026-11-23"}));
}

TEST_CASE("report monthly and kpi: the month's rates with numerator and denominator (domain-rules 8)") {
  Cli c(false);
  week(c);
  tuesday(c);
  at(c, "2026-12-01T09:00");
  const auto m = json(c, {"report", "monthly", "--month", "2026-11"});
  CHECK(m.get("as_of").as_string() == "2026-12-01T00:00:00+08:00");
  CHECK(integer(m, "tickets", "received") == 4);
  CHECK(integer(m, "tickets", "done") == 2);
  // 维修回访率: T2 called back of T1 and T2 done → 1/2.
  CHECK(m.get("tickets").get("callback_rate").as_double() == doctest::Approx(0.5));
  // 业户满意率: the one rating (4) is at or above visit.satisfied_at_or_above (4) → 1/1.
  CHECK(m.get("visits").get("satisfaction_rate").as_double() == doctest::Approx(1.0));
  // 收缴率: 180.00 collected of what November billed.
  CHECK(integer(m, "fees", "collected_fen") == 18000);
  const auto billed = integer(m, "fees", "billed_fen");
  CHECK(billed > 18000);
  const auto k = json(c, {"report", "kpi", "--month", "2026-11"});
  const auto targets = k.get("kpi").get("targets");
  const auto callback = row(targets, "key", "repair_callback_rate");
  CHECK(callback.get("numerator").as_int() == 1);
  CHECK(callback.get("denominator").as_int() == 2);
  CHECK(callback.get("met").as_bool() == false);
  const auto satisfaction = row(targets, "key", "satisfaction_rate");
  CHECK(satisfaction.get("numerator").as_int() == 1);
  CHECK(satisfaction.get("denominator").as_int() == 1);
  CHECK(satisfaction.get("met").as_bool() == true);
  const auto collection = row(targets, "key", "collection_rate");
  CHECK(collection.get("numerator").as_int() == 18000);
  CHECK(collection.get("denominator").as_int() == billed);
  // The same figures in the weekly report of the week they fall in.
  const auto w = json(c, {"report", "weekly", "--week", "2026-W48"});
  CHECK(w.get("from").as_string() == "2026-11-23");
  CHECK(w.get("to").as_string() == "2026-11-29");
}

TEST_CASE("report note: the manager's analysis is printed in the monthly report, by role (domain-rules 2.8)") {
  Cli c(false);
  week(c);
  at(c, "2026-12-01T09:00");
  const auto file = c.write("note.txt", "\xEF\xBB\xBF原因：夜间施工噪音。\n整改：施工时间告示。\n\n");
  // The front desk may not (77, naming who may); the supervisor may.
  auto r = c.run({"--as", "wangfang", "report", "note", "--month", "2026-11", "--section", "complaints", "--file", file});
  CHECK(r.code == 77);
  CHECK_MESSAGE(contains(r.err, "supervisor"), r.err);
  ok(c, {"--as", "liuqiang", "report", "note", "--month", "2026-11", "--section", "complaints", "--file", file});
  const auto m = json(c, {"report", "monthly", "--month", "2026-11"});
  const auto notes = m.get("complaints").get("notes");
  REQUIRE(notes.as_array().size() == 1);
  // The BOM and the trailing blank lines are not part of the note.
  CHECK(notes.as_array()[0].as_string() == "原因：夜间施工噪音。\n整改：施工时间告示。");
  CHECK(contains(ok(c, {"report", "monthly", "--month", "2026-11"}), "整改：施工时间告示。"));
}

TEST_CASE("report: bad periods, sections and destinations change nothing (cli.md exit codes)") {
  Cli c(false);
  week(c);
  const auto digest = c.digest();
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"report", "daily", "--date", "2026-13-01"}, 64, "--date '2026-13-01'"},
      {{"report", "daily", "--date", "someday"}, 64, "--date 'someday'"},
      {{"report", "weekly", "--week", "2026-W54"}, 64, "--week '2026-W54'"},
      {{"report", "weekly", "--week", "2026-48"}, 64, "--week '2026-48'"},
      {{"report", "monthly", "--month", "2026-13"}, 64, "--month '2026-13'"},
      {{"report", "kpi", "--month", "November"}, 64, "--month 'November'"},
      {{"report", "note", "--month", "2026-11", "--section", "bogus", "--file", c.write("n.txt", "x")}, 64, "bogus"},
      {{"report", "note", "--month", "2026-11", "--section", "fees", "--file", c.path("missing.txt").string()}, 66,
       "missing.txt"},
      {{"report", "daily", "--out", c.path("").string()}, 73, c.path("").string()},
  };
  for (const auto& k : cases) {
    std::string line;
    for (const auto& a : k.args) line += a + " ";
    CAPTURE(line);
    const auto r = c.run(k.args);
    CHECK(r.code == k.code);
    CHECK_MESSAGE(contains(r.err, k.message), r.err);
    CHECK(c.digest() == digest);
  }
}

TEST_CASE("report daily and patrols: findings, urgent first, violations and adherence against a hand count (domain-rules 5.3, 6.4, 11.1)") {
  Cli c(false);
  at(c, "2026-11-01T08:00");
  ok(c, {"init"});
  seed_example(c);
  // Monday 23rd: a stairwell round of building 1 with an ok point, one fixed on the spot, one
  // opening a ticket, one opening a violation, and a gas smell (urgent, 5.3 A); the rest missed.
  at(c, "2026-11-23T09:00");
  ok(c, {"--as", "chenjing", "patrol", "start", "--route", "stairwells", "--building", "1"});
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "corridor_lights", "--ok"});
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "doors_windows", "--issue", "防火门闭门器松动", "--fixed"});
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "tiles", "--issue", "一楼地砖破损", "--ticket"});
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "evacuation_routes_clear", "--issue", "302门口堆放纸箱",
         "--violation", "fire", "--unit", "1-1-102"});
  ok(c, {"--as", "chenjing", "patrol", "check", "P1", "cleanliness", "--issue", "三楼梯间有煤气味"});
  at(c, "2026-11-23T09:40");
  ok(c, {"--as", "chenjing", "patrol", "finish", "P1"});
  // A major violation whose compensation awaits the manager's signature (6.4).
  at(c, "2026-11-23T11:00");
  ok(c, {"patrol", "violation", "new", "--unit", "2-1-101", "--category", "renovation", "--severity", "major", "--desc",
         "拆改承重墙"});
  ok(c, {"--as", "liuqiang", "patrol", "violation", "act", "X2", "compensate", "--amount", "800", "--reason", "损坏承重结构"});
  at(c, "2026-11-24T00:30");
  const auto before = json(c, {"report", "daily", "--date", "2026-11-23"});
  const auto p = before.get("patrols");
  CHECK(p.get("findings").as_int() == 4);         // fixed, ticket, violation, smell
  CHECK(p.get("urgent_findings").as_int() == 1);  // the gas smell
  // Open at the day's end: the ticket's, the violation's and the smell (reported); not the fixed one.
  CHECK(p.get("findings_open").as_int() == 3);
  const auto open = p.get("open_findings").as_array();
  REQUIRE(open.size() == 3);
  CHECK(open[0].get("urgent").as_int() == 1);  // urgent first
  CHECK(open[0].get("point").as_string() == "cleanliness");
  CHECK(p.get("violations_opened").as_int() == 2);
  CHECK(p.get("awaiting_signature").as_int() == 1);
  // The urgent finding heads the exceptions.
  const auto items = before.get("exceptions").get("items").as_array();
  REQUIRE_FALSE(items.empty());
  CHECK(items[0].get("what").as_string() == "urgent_finding");
  CHECK(items[0].get("ref").as_string() == "P1");
  // The manager signs on Tuesday and the smell is settled: the 23rd's report does not change.
  at(c, "2026-11-24T09:00");
  ok(c, {"--as", "sunwei", "patrol", "violation", "sign", "X2"});
  ok(c, {"patrol", "settle", "P1", "cleanliness", "--fixed", "--note", "燃气公司已处理"});
  at(c, "2026-11-24T10:00");
  auto after = json(c, {"report", "daily", "--date", "2026-11-23"});
  auto was = before;
  was.set("generated_at", svc::Value());
  after.set("generated_at", svc::Value());
  CHECK(svc::to_json(was.get("patrols")) == svc::to_json(after.get("patrols")));
  CHECK(svc::to_json(was.get("exceptions")) == svc::to_json(after.get("exceptions")));
  // The month: no plan was made, so every round was unplanned; the one round's points.
  const auto m = json(c, {"report", "patrols", "--month", "2026-11"});
  CHECK(m.get("report").as_string() == "patrols");
  CHECK(m.get("patrols").get("points_checked").as_int() == 5);
  CHECK(m.get("patrols").get("points_missed").as_int() == 9);
  CHECK(m.get("patrols").get("awaiting_signature").as_int() == 0);  // signed by now
}
