// svc fee in-process: exact-fen scenarios (area rounding, entrusted factor, partial and over
// payments, allocation order, void, late fee with cap), idempotent billing, aging as of a past
// date, collection rate, `db check` after every scenario, and bad input that changes nothing.
#include <sstream>

#include "harness.hpp"

#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

namespace {

// A small estate with round numbers: an occupied, an entrusted (托管), a rented home with a
// parking space (出租, domain-rules 3.6) and a vacant one.
const std::string kUnits =
    "code,area_m2,status,owner_name,tenant_name,has_parking\n"
    "1-1-101,89.37,occupied,王芳,,no\n"
    "1-1-102,89.37,entrusted,李雷,,no\n"
    "1-1-201,100.00,rented,张三,韩梅梅,yes\n"
    "1-1-202,50.00,vacant,开发商,,no\n";

void ok(Cli& c, std::vector<std::string> args, const std::string& input = "") {
  const auto r = c.run(args, input);
  std::string line;
  for (const auto& a : args) line += a + " ";
  REQUIRE_MESSAGE(r.code == 0, line << "\nstderr: " << r.err);
}

std::string out(Cli& c, std::vector<std::string> args) {
  const auto r = c.run(args);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return r.out;
}

svc::Value json(Cli& c, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return svc::parse_json(out(c, args));
}

std::int64_t fen(const svc::Value& v, const char* key) { return v.get(key).as_int(); }

// A summary's rows added up (svc(1) FORMATS: {"schema", "rows", "total"}, the total apart), as
// `jq '.rows | map(.amount_fen) | add'` does; the rows must hold no total of their own.
std::int64_t sum_of(const svc::Value& summary, const char* key) {
  REQUIRE(summary.get("schema").as_int() == 2);
  std::int64_t n = 0;
  for (const auto& row : summary.get("rows").as_array()) {
    for (const auto& [k, v] : row.as_object()) CHECK_MESSAGE(!(v.is_string() && v.as_string() == "total"), k);
    n += row.get(key).as_int();
  }
  return n;
}

// db check (fee invariants included) and the audit chain must pass after every scenario.
void healthy(Cli& c) {
  const auto r = c.run({"db", "check"});
  CHECK_MESSAGE(r.code == 0, r.out << r.err);
  CHECK(c.run({"audit", "verify"}).code == 0);
}

void estate(Cli& c) {
  ok(c, {"staff", "import", c.write("staff.csv", example("staff.csv"))});
  ok(c, {"unit", "import", "-"}, kUnits);
}

svc::Value bill_of(Cli& c, const std::string& unit, const std::string& item) {
  const auto list = json(c, {"fee", "bills", "--unit", unit});
  for (const auto& b : list.as_array())
    if (b.get("item").as_string() == item) return b;
  FAIL("no " << item << " bill for " << unit);
  return {};
}

}  // namespace

TEST_CASE("fee bill domain-rules 3.2 3.3 exact fen, entrusted 70 percent, vacant in full, idempotent") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-11-01T09:00");
  const auto first = c.run({"fee", "bill", "--period", "2026-11"});
  REQUIRE_MESSAGE(first.code == 0, first.err);
  CHECK(contains(first.err, "billed 5 bills (904.83 yuan"));
  CHECK(fen(bill_of(c, "1-1-101", "property"), "amount_fen") == 22343);  // 89.37 × 2.50 = 223.425 → 223.43
  CHECK(fen(bill_of(c, "1-1-102", "property"), "amount_fen") == 15640);  // × 0.70 = 156.3975 → 156.40
  CHECK(fen(bill_of(c, "1-1-201", "property"), "amount_fen") == 25000);
  CHECK(fen(bill_of(c, "1-1-201", "parking"), "amount_fen") == 15000);
  CHECK(fen(bill_of(c, "1-1-202", "property"), "amount_fen") == 12500);  // vacant: full fee
  const auto b = bill_of(c, "1-1-101", "property");
  CHECK(b.get("period").as_string() == "2026-11");
  CHECK(b.get("due_on").as_string() == "2026-11-15");
  CHECK(b.get("status").as_string() == "open");
  CHECK(fen(b, "paid_fen") == 0);
  healthy(c);

  const auto before = c.digest();
  const auto again = c.run({"fee", "bill", "--period", "2026-11"});
  CHECK(again.code == 0);
  CHECK(contains(again.err, "nothing to bill for 2026-11: 5 bills exist already"));
  CHECK(c.digest() == before);
}

TEST_CASE("fee bill dry run changes nothing and --item bills one item") {
  Cli c;
  estate(c);
  const auto before = c.digest();
  const auto dry = c.run({"fee", "bill", "--period", "2026-11", "--dry-run"});
  CHECK(dry.code == 0);
  CHECK(contains(dry.err, "dry run: would bill 5 bills"));
  CHECK(c.digest() == before);
  ok(c, {"fee", "bill", "--period", "2026-11", "--item", "parking"});
  CHECK(json(c, {"fee", "bills"}).as_array().size() == 1);
  ok(c, {"fee", "bill", "--period", "2026-11"});
  CHECK(json(c, {"fee", "bills"}).as_array().size() == 5);
  healthy(c);
}

TEST_CASE("fee a site policy can discount vacant homes through status_factor") {
  Cli c;
  estate(c);
  c.set_env("SVC_POLICY", c.write("policy.toml", "[fee]\nstatus_factor = { entrusted = 0.70, vacant = 0.50 }\n"));
  ok(c, {"fee", "bill", "--period", "2026-11"});
  CHECK(fen(bill_of(c, "1-1-202", "property"), "amount_fen") == 6250);
  healthy(c);
}

TEST_CASE("fee pay partial then over payment becomes prepaid credit used by the next bills") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-11-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-11"});
  c.set_env("SVC_NOW", "2026-11-10T10:00");
  auto p = json(c, {"--as", "wangfang", "fee", "pay", "--unit", "1-1-101", "--amount", "100", "--method", "cash"});
  CHECK(p.get("receipt").as_string() == "R2026-000001");
  CHECK(fen(p, "amount_fen") == 10000);
  CHECK(fen(p, "credit_fen") == 0);
  REQUIRE(p.get("allocations").as_array().size() == 1);
  CHECK(fen(p.get("allocations").as_array()[0], "amount_fen") == 10000);
  CHECK(fen(bill_of(c, "1-1-101", "property"), "paid_fen") == 10000);
  CHECK(bill_of(c, "1-1-101", "property").get("status").as_string() == "open");
  healthy(c);

  // 123.43 settles the bill, 300.00 more is prepaid credit.
  p = json(c, {"--as", "wangfang", "fee", "pay", "--unit", "1-1-101", "--amount", "423.43", "--method", "wechat"});
  CHECK(p.get("receipt").as_string() == "R2026-000002");
  CHECK(fen(p, "credit_fen") == 30000);
  CHECK(bill_of(c, "1-1-101", "property").get("status").as_string() == "paid");
  auto st = json(c, {"fee", "statement", "1-1-101"});
  CHECK(fen(st, "credit_fen") == 30000);
  CHECK(fen(st, "balance_fen") == -30000);
  healthy(c);

  // December's bill is paid from the credit as it is billed.
  c.set_env("SVC_NOW", "2026-12-01T09:00");
  const auto r = c.run({"fee", "bill", "--period", "2026-12"});
  CHECK(contains(r.err, "prepaid credit used: 223.43 yuan"));
  st = json(c, {"fee", "statement", "1-1-101"});
  CHECK(fen(st, "credit_fen") == 30000 - 22343);
  CHECK(fen(st, "outstanding_fen") == 0);
  CHECK(json(c, {"fee", "receipt", "R2026-000002"}).get("allocations").as_array().size() == 2);
  healthy(c);
}

TEST_CASE("fee pay domain-rules 3.4 allocation oldest due first, --period first, then by item priority") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-10-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-10"});
  c.set_env("SVC_NOW", "2026-11-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-11"});
  // 1-1-201 owes October parking 150 + property 250 and the same for November.
  auto p = json(c, {"fee", "pay", "--unit", "1-1-201", "--amount", "450", "--method", "bank"});
  auto allocs = p.get("allocations").as_array();
  REQUIRE(allocs.size() == 3);
  CHECK(allocs[0].get("period").as_string() == "2026-10");
  CHECK(allocs[1].get("period").as_string() == "2026-10");
  CHECK(allocs[2].get("period").as_string() == "2026-11");
  CHECK(fen(allocs[2], "amount_fen") == 5000);
  // A payment for a named period goes there first.
  p = json(c, {"fee", "pay", "--unit", "1-1-201", "--amount", "10", "--method", "cash", "--period", "2026-11"});
  CHECK(p.get("allocations").as_array()[0].get("period").as_string() == "2026-11");
  healthy(c);

  Cli d;
  estate(d);
  d.set_env("SVC_POLICY", d.write("policy.toml", "[fee]\nallocation = \"by_item_priority\"\nitem_priority = [\"property\", \"parking\"]\n"));
  d.set_env("SVC_NOW", "2026-10-01T09:00");
  ok(d, {"fee", "bill", "--period", "2026-10"});
  d.set_env("SVC_NOW", "2026-11-01T09:00");
  ok(d, {"fee", "bill", "--period", "2026-11"});
  p = json(d, {"fee", "pay", "--unit", "1-1-201", "--amount", "500", "--method", "bank"});
  allocs = p.get("allocations").as_array();
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[0].get("item").as_string() == "property");
  CHECK(allocs[0].get("period").as_string() == "2026-10");
  CHECK(allocs[1].get("item").as_string() == "property");
  CHECK(allocs[1].get("period").as_string() == "2026-11");
  healthy(d);
}

TEST_CASE("fee void domain-rules 3.8 reverses allocations and keeps the number") {
  Cli c;
  estate(c);
  ok(c, {"fee", "bill", "--period", "2026-11"});
  ok(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "200", "--method", "cash"});
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "50", "--method", "cash"});
  CHECK(bill_of(c, "1-1-102", "property").get("status").as_string() == "paid");
  const auto r = c.run({"--as", "liuqiang", "fee", "void", "R2026-000001", "--reason", "wrong unit"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(bill_of(c, "1-1-102", "property").get("status").as_string() == "open");
  CHECK(fen(bill_of(c, "1-1-102", "property"), "paid_fen") == 0);
  const auto v = json(c, {"fee", "receipt", "R2026-000001"});
  CHECK(v.get("void").as_bool());
  CHECK(v.get("void_reason").as_string() == "wrong unit");
  // The next receipt continues the series: the void keeps its number.
  CHECK(json(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "156.40", "--method", "alipay"})
            .get("receipt")
            .as_string() == "R2026-000003");
  healthy(c);
  // The day's ledger shows the void and leaves it out of the totals by method.
  const auto ledger = json(c, {"fee", "payments", "--date", "2026-11-23", "--by-method"});
  CHECK(fen(ledger.get("total"), "amount_fen") == 5000 + 15640);
  CHECK(sum_of(ledger, "amount_fen") == 5000 + 15640);  // rows only: no total among them
}

TEST_CASE("fee late fee per day from the due date, capped, and waived by a supervisor") {
  Cli c;
  estate(c);
  c.set_env("SVC_POLICY", c.write("policy.toml", "[fee]\nlate_fee_per_day = \"0.001\"\nlate_fee_cap = \"0.05\"\n"));
  c.set_env("SVC_NOW", "2026-10-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-10"});
  // Ten days late: 223.43 × 0.001 × 10 = 2.2343 → 2.23, posted as a late-fee bill and paid next.
  c.set_env("SVC_NOW", "2026-10-25T10:00");
  auto p = json(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "300", "--method", "cash"});
  auto allocs = p.get("allocations").as_array();
  REQUIRE(allocs.size() == 2);
  CHECK(allocs[1].get("item").as_string() == "late_fee");
  CHECK(fen(allocs[1], "amount_fen") == 223);
  CHECK(fen(p, "credit_fen") == 30000 - 22343 - 223);
  healthy(c);
  // 77 days late: 17.20 would be due, capped at 5% of 223.43 = 11.17.
  c.set_env("SVC_NOW", "2026-12-31T10:00");
  auto row = json(c, {"fee", "arrears"}).as_array();
  bool seen = false;
  for (const auto& r : row)
    if (r.get("unit").as_string() == "1-1-102") {
      seen = true;
      CHECK(fen(r, "amount_fen") == 15640);
      CHECK(fen(r, "late_fee_fen") == 782);  // cap 5% of 156.40
    }
  CHECK(seen);
  p = json(c, {"fee", "pay", "--unit", "1-1-202", "--amount", "200", "--method", "cash"});
  REQUIRE(p.get("allocations").as_array().size() == 2);
  CHECK(fen(p.get("allocations").as_array()[1], "amount_fen") == 625);  // 5% of 125.00
  healthy(c);
  // A supervisor waives 1-1-102's late fees: none accrue, none are billed.
  const auto w = c.run({"--as", "liuqiang", "fee", "waive", "1-1-102", "--reason", "dispute settled"});
  REQUIRE_MESSAGE(w.code == 0, w.err);
  p = json(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "156.40", "--method", "cash"});
  CHECK(p.get("allocations").as_array().size() == 1);
  CHECK(fen(p, "credit_fen") == 0);
  healthy(c);
}

TEST_CASE("fee no late fee by default") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-10-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-10"});
  c.set_env("SVC_NOW", "2027-03-01T09:00");
  const auto p = json(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "223.43", "--method", "cash"});
  CHECK(p.get("allocations").as_array().size() == 1);
  CHECK(fen(p, "credit_fen") == 0);
  healthy(c);
}

TEST_CASE("fee arrears and aging as of a past date, min-days, owner is the debtor domain-rules 3.6") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-06-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-06"});
  c.set_env("SVC_NOW", "2026-09-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-09"});
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "446.86", "--method", "cash"});
  c.set_env("SVC_NOW", "2026-11-23T09:00");

  // As of 10 June: June's bills were not yet due.
  CHECK(json(c, {"--now", "2026-06-10T12:00", "fee", "arrears"}).as_array().empty());
  // As of 1 August: 47 days overdue, and 1-1-101 still owed then (it paid in September).
  auto rows = json(c, {"--now", "2026-08-01T12:00", "fee", "arrears"}).as_array();
  REQUIRE(rows.size() == 4);
  bool rented = false;
  for (const auto& r : rows) {
    CHECK(r.get("oldest_due_on").as_string() == "2026-06-15");
    CHECK(r.get("days_overdue").as_int() == 47);
    CHECK(r.get("stage").is_null());
    if (r.get("unit").as_string() == "1-1-201") {
      rented = true;
      CHECK(r.get("owner").as_string() == "张三");
      CHECK(r.get("contact").as_string() == "韩梅梅");
      CHECK(fen(r, "amount_fen") == 40000);
    }
  }
  CHECK(rented);
  auto summary = json(c, {"--now", "2026-08-01T12:00", "fee", "arrears", "--aging"});
  auto aging = summary.get("rows").as_array();
  REQUIRE(aging.size() == 5);
  CHECK(aging[1].get("bucket").as_string() == "31-90");
  CHECK(fen(aging[1], "amount_fen") == 22343 + 15640 + 40000 + 12500);
  CHECK(fen(aging[0], "amount_fen") == 0);
  CHECK(aging[0].get("share").as_double() == 0.0);
  CHECK(aging[1].get("share").as_double() == 1.0);  // a number: amount_fen / the total's amount_fen
  CHECK(fen(summary.get("total"), "amount_fen") == 22343 + 15640 + 40000 + 12500);
  CHECK(sum_of(summary, "amount_fen") == fen(summary.get("total"), "amount_fen"));
  CHECK(fen(summary.get("total"), "units") == 4);
  CHECK(summary.get("as_of").as_string() == "2026-08-01T12:00:00+08:00");
  // Today: June is 161 days overdue (91-180), September 69 (31-90); 1-1-101 paid both.
  rows = json(c, {"fee", "arrears"}).as_array();
  CHECK(rows.size() == 3);
  summary = json(c, {"fee", "arrears", "--aging"});
  aging = summary.get("rows").as_array();
  CHECK(fen(aging[2], "amount_fen") == 15640 + 40000 + 12500);
  CHECK(fen(aging[1], "amount_fen") == 15640 + 40000 + 12500);
  CHECK(aging[1].get("share").as_double() == 0.5);
  CHECK(sum_of(summary, "amount_fen") == fen(summary.get("total"), "amount_fen"));
  CHECK(fen(summary.get("total"), "units") == 3);  // each account once, though in two buckets
  // For people the table and CSV keep their total row, and shares as percentages.
  const auto csv = out(c, {"--csv", "fee", "arrears", "--aging"});
  CHECK(contains(csv, "total,3,1362.80,100.00%"));
  CHECK(contains(csv, "31-90,3,681.40,50.00%"));
  CHECK(json(c, {"fee", "arrears", "--min-days", "162"}).as_array().empty());
  CHECK(json(c, {"fee", "arrears", "--min-days", "161"}).as_array().size() == 3);
  CHECK(c.run({"fee", "arrears", "--fail-if-any"}).code == 1);
  healthy(c);
}

TEST_CASE("fee rate domain-rules 3.4 collection rate by item and arrears recovered") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-10-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-10"});
  c.set_env("SVC_NOW", "2026-11-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-11"});
  c.set_env("SVC_NOW", "2026-11-20T09:00");
  // 1-1-101 pays October (223.43, recovered arrears) and November (223.43).
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "446.86", "--method", "cash"});
  ok(c, {"fee", "pay", "--unit", "1-1-201", "--amount", "150", "--method", "cash", "--period", "2026-11"});
  const auto summary = json(c, {"fee", "rate", "--period", "2026-11"});
  CHECK(summary.get("period").as_string() == "2026-11");
  const auto rows = summary.get("rows").as_array();
  REQUIRE(rows.size() == 2);  // the items only: the total and the arrears recovered are apart
  CHECK(rows[0].get("item").as_string() == "parking");
  CHECK(rows[0].get("rate").as_double() == 1.0);
  CHECK(rows[1].get("item").as_string() == "property");
  CHECK(fen(rows[1], "billed_fen") == 22343 + 15640 + 25000 + 12500);
  CHECK(fen(rows[1], "collected_fen") == 22343);
  CHECK(rows[1].get("rate").as_double() == 0.296);  // a number beside its numerator and denominator
  const auto& total = summary.get("total");
  CHECK(total.get("rate").as_double() == 0.4127);
  CHECK(fen(total, "collected_fen") == 22343 + 15000);
  CHECK(sum_of(summary, "collected_fen") == fen(total, "collected_fen"));
  CHECK(sum_of(summary, "billed_fen") == fen(total, "billed_fen"));
  CHECK(fen(summary, "arrears_recovered_fen") == 22343);
  // The table keeps its total and arrears-recovered rows, with percentages.
  const auto table = out(c, {"--lang", "en", "fee", "rate", "--period", "2026-11"});
  CHECK(contains(table, "41.27%"));
  CHECK(contains(table, "29.60%"));
  // As of the end of October nothing of November's bills was collected.
  const auto past = json(c, {"--now", "2026-11-05T00:00", "fee", "rate", "--period", "2026-11"});
  CHECK(past.get("total").get("rate").as_double() == 0.0);
  // A month with no bills has no rate: null, not a string.
  CHECK(json(c, {"fee", "rate", "--period", "2026-01"}).get("total").get("rate").is_null());
  healthy(c);
}

TEST_CASE("fee meter import bills usage and flags entrusted homes above domain-rules 3.3 limits") {
  Cli c;
  c.set_env("SVC_NOW", "2026-09-30T09:00");  // 1-1-102 is entrusted from today
  estate(c);
  c.set_env("SVC_NOW", "2026-11-30T09:00");
  ok(c, {"fee", "meter", "import", "-"},
     "unit,meter,reading,read_on\n1-1-101,water,100,2026-10-01\n1-1-102,water,50,2026-10-01\n"
     "1-1-102,electric,1000.5,2026-10-01\n");
  CHECK(json(c, {"fee", "bills"}).as_array().empty());  // baselines only
  const auto r = c.run({"--json", "fee", "meter", "import", "-"},
                       "unit,meter,reading,read_on\n1-1-101,water,112.5,2026-11-01\n1-1-102,water,57,2026-11-01\n"
                       "1-1-102,electric,1015.5,2026-11-01\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "imported 3 readings (0 baselines, 0 resets), 3 bills of"));
  const auto flagged = svc::parse_json(r.out).as_array();
  REQUIRE(flagged.size() == 1);  // 7 m³ of water > 5; 15 kWh ≤ 20
  CHECK(flagged[0].get("unit").as_string() == "1-1-102");
  CHECK(contains(flagged[0].get("flag").as_string(), "used 7.00 since 2026-09-30, above the limit 5.00"));
  const auto water = bill_of(c, "1-1-101", "water");
  CHECK(fen(water, "amount_fen") == 5250);  // 12.5 m³ × 4.20
  CHECK(water.get("due_on").as_string() == "2026-11-25");
  CHECK(fen(bill_of(c, "1-1-102", "electric"), "amount_fen") == 840);  // 15 × 0.56
  // A new meter: a supervisor imports the lower reading with --reset.
  const auto reset = c.run({"--as", "liuqiang", "fee", "meter", "import", "--reset", "-"},
                           "unit,meter,reading,read_on\n1-1-101,water,3,2026-11-20\n");
  REQUIRE_MESSAGE(reset.code == 0, reset.err);
  CHECK(contains(reset.err, "1 resets"));
  healthy(c);
}

namespace {

// The readings flagged for a look, as `fee meter list --flagged` shows them: "UNIT METER READ_ON".
std::vector<std::string> flagged(Cli& c) {
  std::vector<std::string> out;
  const auto list = json(c, {"fee", "meter", "list", "--flagged"});
  for (const auto& r : list.as_array())
    out.push_back(r.get("unit").as_string() + " " + r.get("meter").as_string() + " " + r.get("read_on").as_string());
  return out;
}

void readings(Cli& c, const std::string& now, const std::string& rows) {
  c.set_env("SVC_NOW", now);
  ok(c, {"fee", "meter", "import", "-"}, "unit,meter,reading,read_on\n" + rows);
}

}  // namespace

TEST_CASE("fee meter import domain-rules 3.3 entrusted use is summed over the entrustment and flagged once when it passes the limit") {
  Cli c;
  c.set_env("SVC_NOW", "2026-06-30T09:00");  // 1-1-102 becomes entrusted today: 托管期间水表不超过5º
  estate(c);
  // 4 m³ a month, on an entrusted and an occupied home alike; never above 5 between two readings.
  readings(c, "2026-07-01T09:00", "1-1-101,water,100,2026-07-01\n1-1-102,water,100,2026-07-01\n");
  readings(c, "2026-08-01T09:00", "1-1-101,water,104,2026-08-01\n1-1-102,water,104,2026-08-01\n");
  CHECK(flagged(c).empty());  // 4 m³ so far
  // September passes 5 m³ over the entrustment (8); October (12) is not flagged again.
  c.set_env("SVC_NOW", "2026-10-05T09:00");
  const auto r = c.run({"--json", "fee", "meter", "import", "-"},
                       "unit,meter,reading,read_on\n1-1-102,water,108,2026-09-01\n1-1-102,water,112,2026-10-01\n"
                       "1-1-101,water,108,2026-09-01\n1-1-101,water,112,2026-10-01\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto rows = svc::parse_json(r.out).as_array();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].get("read_on").as_string() == "2026-09-01");
  CHECK(rows[0].get("flag").as_string() ==
        "entrusted home used 8.00 since 2026-06-30, above the limit 5.00");
  CHECK(flagged(c) == std::vector<std::string>{"1-1-102 water 2026-09-01"});
  // The entrustment ends and begins again on 10 October: its use counts afresh from the reading
  // of 1 October, the last one before it began.
  c.set_env("SVC_NOW", "2026-10-08T09:00");
  ok(c, {"unit", "set", "1-1-102", "--status", "occupied"});
  c.set_env("SVC_NOW", "2026-10-10T09:00");
  ok(c, {"unit", "set", "1-1-102", "--status", "entrusted"});
  readings(c, "2026-11-01T09:00", "1-1-102,water,116,2026-11-01\n");
  CHECK(flagged(c).size() == 1);
  readings(c, "2026-12-01T09:00", "1-1-102,water,118,2026-12-01\n");
  CHECK(flagged(c) == std::vector<std::string>{"1-1-102 water 2026-09-01", "1-1-102 water 2026-12-01"});
  const auto list = json(c, {"fee", "meter", "list", "--flagged"});
  CHECK(contains(list.as_array().back().get("flag").as_string(), "used 6.00 since 2026-10-10"));
  healthy(c);
}

TEST_CASE("fee meter import domain-rules 3.3 a home entrusted before its start was recorded: the start comes from the audit log") {
  Cli c;
  c.set_env("SVC_NOW", "2026-06-30T09:00");
  estate(c);
  c.sql("DELETE FROM entrustment");  // as a database from before schema 008 has none
  readings(c, "2026-07-01T09:00", "1-1-102,water,100,2026-07-01\n");
  readings(c, "2026-08-01T09:00", "1-1-102,water,106,2026-08-01\n");
  const auto rows = json(c, {"fee", "meter", "list", "--flagged"}).as_array();
  REQUIRE(rows.size() == 1);
  CHECK(contains(rows[0].get("flag").as_string(), "used 6.00 since 2026-06-30"));
}

namespace {
// stderr without the note a write under --now/SVC_NOW always prints (cron runs on the real clock).
std::string beyond_clock_note(const std::string& err) {
  std::string out, line;
  std::istringstream in(err);
  while (std::getline(in, line))
    if (!contains(line, "the clock is set to")) out += line + "\n";
  return out;
}
}  // namespace

TEST_CASE("fee cron commands are silent on success with -q: bill, meter import, remind") {
  Cli c;
  c.set_env("SVC_POLICY", c.write("policy.toml", "[[fee.dunning]]\nstage = \"notice\"\nafter = \"1d\"\nchannel = \"none\"\n"));
  c.set_env("SVC_NOW", "2026-09-30T09:00");
  estate(c);
  c.set_env("SVC_NOW", "2026-11-01T09:00");
  auto r = c.run({"-q", "fee", "bill", "--period", "2026-11"});
  CHECK(r.code == 0);
  CHECK_MESSAGE(r.out.empty(), r.out);
  CHECK_MESSAGE(beyond_clock_note(r.err).empty(), r.err);
  CHECK(json(c, {"fee", "bills", "--period", "2026-11"}).as_array().size() == 5);
  r = c.run({"-q", "fee", "meter", "import", "-"}, "unit,meter,reading,read_on\n1-1-102,water,100,2026-10-01\n");
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK_MESSAGE(beyond_clock_note(r.err).empty(), r.err);
  // A reading flagged for a look still needs a person: one line on stderr, nothing on stdout.
  r = c.run({"-q", "fee", "meter", "import", "-"}, "unit,meter,reading,read_on\n1-1-102,water,107,2026-11-01\n");
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK_MESSAGE(contains(r.err, "svc: 1-1-102 water meter reading of 2026-11-01: entrusted home used 7.00 since "
                                "2026-09-30, above the limit 5.00"),
                r.err);
  c.set_env("SVC_NOW", "2026-11-16T09:00");
  r = c.run({"-q", "fee", "remind"});
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK_MESSAGE(beyond_clock_note(r.err).empty(), r.err);
  CHECK(json(c, {"fee", "reminders"}).as_array().size() == 4);
}

TEST_CASE("fee paid repair charges become repair bills once domain-rules 1.7") {
  Cli c;
  estate(c);
  c.sql("INSERT INTO charge (unit_id, item, amount_fen, source, created_at) "
        "SELECT id, 'repair', 8000, 'T7', 1794967200 FROM unit WHERE code = '1-1-101'");  // 2026-11-18 10:00
  c.set_env("SVC_NOW", "2026-11-23T09:00");
  const auto r = c.run({"fee", "bill", "--period", "2026-11"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "1 from repair charges"));
  const auto b = bill_of(c, "1-1-101", "repair");
  CHECK(fen(b, "amount_fen") == 8000);
  CHECK(b.get("source").as_string() == "T7");
  CHECK(b.get("due_on").as_string() == "2026-11-25");  // 7 days after posting
  CHECK(contains(c.run({"fee", "bill", "--period", "2026-11"}).err, "nothing to bill"));
}

TEST_CASE("fee receipt prints an escaped HTML page with the amount in capitals") {
  Cli c;
  estate(c);
  ok(c, {"fee", "bill", "--period", "2026-11"});
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "1280.50", "--method", "wechat", "--note", "<b>x</b>"});
  const auto r = c.run({"--lang", "zh", "fee", "receipt", "R2026-000001", "--format", "html"});
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "<!doctype html>"));
  CHECK(contains(r.out, "R2026-000001"));
  CHECK(contains(r.out, "壹仟贰佰捌拾元伍角整"));
  CHECK(contains(r.out, "物业管理费"));
  CHECK(contains(r.out, "微信"));
  CHECK(contains(r.out, "&lt;b&gt;x&lt;/b&gt;"));
  CHECK(!contains(r.out, "<b>x</b>"));
}

TEST_CASE("fee hold is queryable for remind and lifted by a supervisor") {
  Cli c;
  estate(c);
  ok(c, {"--as", "liuqiang", "fee", "hold", "1-1-201", "--until", "2027-01-31", "--reason", "payment plan"});
  auto holds = json(c, {"fee", "holds"}).as_array();
  REQUIRE(holds.size() == 1);
  CHECK(holds[0].get("until").as_string() == "2027-01-31");
  CHECK(json(c, {"--now", "2027-02-01T09:00", "fee", "holds"}).as_array().empty());
  ok(c, {"--as", "liuqiang", "fee", "hold", "1-1-201", "--lift"});
  CHECK(json(c, {"fee", "holds"}).as_array().empty());
  healthy(c);
}

TEST_CASE("fee db check finds a bill whose paid amount disagrees with its allocations") {
  Cli c;
  estate(c);
  ok(c, {"fee", "bill", "--period", "2026-11"});
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "100", "--method", "cash"});
  c.sql("UPDATE bill SET paid_fen = 9000 WHERE id = 1");
  c.sql("UPDATE payment SET seq = 3, receipt = 'R2026-000003'");
  const auto r = c.run({"db", "check"});
  CHECK(r.code != 0);
  CHECK(contains(r.out + r.err, "bill 1 says 90.00 paid but its allocations add up to 100.00"));
  CHECK(contains(r.out + r.err, "receipts of 2026 are not gapless"));
}

// ---- bad input: exit code, message, nothing changed (one CTest entry each) ------------------------

namespace {

// The estate billed for November, a payment (R2026-000001), a voided one (R2026-000002), a
// cancelled bill (5, 1-1-202's property) and meter baselines.
void seed(Cli& c) {
  estate(c);
  c.set_env("SVC_NOW", "2026-11-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-11"});
  ok(c, {"fee", "meter", "import", "-"}, "unit,meter,reading,read_on\n1-1-101,water,100,2026-11-01\n");
  c.set_env("SVC_NOW", "2026-11-23T09:00");
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "100", "--method", "cash"});
  ok(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "100", "--method", "cash"});
  ok(c, {"--as", "liuqiang", "fee", "void", "R2026-000002", "--reason", "test"});
  ok(c, {"--as", "liuqiang", "fee", "cancel", "5", "--reason", "billed in error"});
}

struct Case {
  std::vector<std::string> args;
  std::string input;
  int code;
  std::string message;
  std::string as = "";
};

void check_bad(Cli& c, const Case& k) {
  const std::string before = c.digest();
  auto args = k.args;
  if (!k.as.empty()) args.insert(args.begin(), {"--as", k.as});
  const auto r = c.run(args, k.input);
  CHECK_MESSAGE(r.code == k.code, "stderr: " << r.err);
  CHECK_MESSAGE(contains(r.err, k.message), "stderr: " << r.err);
  CHECK(r.out.empty());
  CHECK(c.digest() == before);
}

const std::string kMeterHeader = "unit,meter,reading,read_on\n";

}  // namespace

#define FEE_BAD(name, ...)            \
  TEST_CASE("fee bad input: " name) { \
    Cli c;                            \
    seed(c);                          \
    check_bad(c, Case{__VA_ARGS__});  \
  }

// fee pay
FEE_BAD("pay a negative amount", {"fee", "pay", "--unit", "1-1-101", "--amount", "-5", "--method", "cash"}, "", 64,
        "--amount '-5': a payment must be more than 0")
FEE_BAD("pay an amount with three decimals", {"fee", "pay", "--unit", "1-1-101", "--amount", "12.345", "--method", "cash"},
        "", 64, "--amount '12.345': at most two decimals")
FEE_BAD("pay zero", {"fee", "pay", "--unit", "1-1-101", "--amount", "0.00", "--method", "cash"}, "", 64,
        "must be more than 0")
FEE_BAD("pay an amount that is not a number", {"fee", "pay", "--unit", "1-1-101", "--amount", "abc", "--method", "cash"},
        "", 64, "--amount 'abc'")
FEE_BAD("pay an amount with a thousands separator",
        {"fee", "pay", "--unit", "1-1-101", "--amount", "1,000", "--method", "cash"}, "", 64, "thousands separators")
FEE_BAD("pay for an unknown unit", {"fee", "pay", "--unit", "9-9-999", "--amount", "10", "--method", "cash"}, "", 66,
        "unknown unit '9-9-999'")
FEE_BAD("pay with an unknown method", {"fee", "pay", "--unit", "1-1-101", "--amount", "10", "--method", "bitcoin"}, "",
        64, "--method 'bitcoin' is not a payment method (allowed: cash, wechat, alipay, bank, card)")
FEE_BAD("pay a void bill", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash", "--bill", "5"}, "",
        65, "bill 5 is void")
FEE_BAD("pay a void period", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash", "--period", "2026-11"},
        "", 65, "are void; there is nothing to pay")
FEE_BAD("pay a bill of another unit", {"fee", "pay", "--unit", "1-1-101", "--amount", "10", "--method", "cash", "--bill", "2"},
        "", 65, "bill 2 belongs to unit 1-1-102, not 1-1-101")
FEE_BAD("pay an unknown bill", {"fee", "pay", "--unit", "1-1-101", "--amount", "10", "--method", "cash", "--bill", "999"},
        "", 66, "unknown bill '999'")
FEE_BAD("pay a period that is not a month",
        {"fee", "pay", "--unit", "1-1-101", "--amount", "10", "--method", "cash", "--period", "2026-13"}, "", 64,
        "--period '2026-13' is not a month")
FEE_BAD("pay a period without bills",
        {"fee", "pay", "--unit", "1-1-101", "--amount", "10", "--method", "cash", "--period", "2025-01"}, "", 65,
        "has no bills for --period 2025-01")
FEE_BAD("pay without a method", {"fee", "pay", "--unit", "1-1-101", "--amount", "10"}, "", 64, "--method")
FEE_BAD("technician may not take payments", {"fee", "pay", "--unit", "1-1-101", "--amount", "10", "--method", "cash"}, "",
        77, "needs role frontdesk", "wuming")
FEE_BAD("quality may not take payments", {"fee", "pay", "--unit", "1-1-101", "--amount", "10", "--method", "cash"}, "", 77,
        "read-only", "majie")
// fee bill
FEE_BAD("bill a period that is not a month", {"fee", "bill", "--period", "2026-13"}, "", 64,
        "--period '2026-13' is not a month; accepted: 2026-11, 2026/11, 2026年11月, 11月, 本月, 上月")
FEE_BAD("bill a period with the month first", {"fee", "bill", "--period", "11/2026"}, "", 64, "--period '11/2026' is not a month")
FEE_BAD("bill an unknown item", {"fee", "bill", "--period", "2026-12", "--item", "gas"}, "", 64,
        "--item 'gas' is not a fee item (allowed: compensation, electric, parking, property, repair, water)")
FEE_BAD("frontdesk may not bill", {"fee", "bill", "--period", "2026-12"}, "", 77, "needs role assistant", "wangfang")
FEE_BAD("cancel a paid bill", {"fee", "cancel", "1", "--reason", "x"}, "", 65, "bill 1 has 100.00 paid on it", "liuqiang")
FEE_BAD("cancel a void bill", {"fee", "cancel", "5", "--reason", "x"}, "", 65, "bill 5 is already void", "liuqiang")
FEE_BAD("frontdesk may not cancel a bill", {"fee", "cancel", "3", "--reason", "x"}, "", 77, "needs role supervisor",
        "wangfang")
FEE_BAD("cancel a bill that is not a number", {"fee", "cancel", "x12", "--reason", "x"}, "", 64, "bill 'x12'", "liuqiang")
// fee void / receipt
FEE_BAD("void an unknown receipt", {"fee", "void", "R2026-000099", "--reason", "x"}, "", 66,
        "unknown receipt 'R2026-000099'", "liuqiang")
FEE_BAD("void a malformed receipt number", {"fee", "void", "2026/1", "--reason", "x"}, "", 64,
        "'2026/1' is not a receipt number", "liuqiang")
FEE_BAD("void a receipt twice", {"fee", "void", "R2026-000002", "--reason", "x"}, "", 65,
        "receipt R2026-000002 is already void", "liuqiang")
FEE_BAD("void with an empty reason", {"fee", "void", "R2026-000001", "--reason", " "}, "", 64,
        "--reason must not be empty", "liuqiang")
FEE_BAD("frontdesk may not void a receipt", {"fee", "void", "R2026-000001", "--reason", "x"}, "", 77,
        "needs role supervisor", "wangfang")
FEE_BAD("show an unknown receipt", {"fee", "receipt", "R2026-000042"}, "", 66, "unknown receipt 'R2026-000042'")
// fee meter import
FEE_BAD("meter going backwards", {"fee", "meter", "import", "-"}, kMeterHeader + "1-1-101,water,90,2026-11-20\n", 65,
        "column reading: '90.00': lower than the previous reading 100.00 of meter water")
FEE_BAD("meter reset by an assistant", {"fee", "meter", "import", "--reset", "-"},
        kMeterHeader + "1-1-101,water,90,2026-11-20\n", 77, "needs role supervisor", "chenjing")
FEE_BAD("meter that is not known", {"fee", "meter", "import", "-"}, kMeterHeader + "1-1-101,gas,90,2026-11-20\n", 65,
        "column meter: 'gas': unknown meter (allowed: electric, water)")
FEE_BAD("meter reading of an unknown unit", {"fee", "meter", "import", "-"},
        kMeterHeader + "9-9-999,water,90,2026-11-20\n", 65, "column unit: '9-9-999'")
FEE_BAD("meter reading with three decimals", {"fee", "meter", "import", "-"},
        kMeterHeader + "1-1-101,water,120.125,2026-11-20\n", 65, "column reading: '120.125'")
FEE_BAD("meter reading in the future", {"fee", "meter", "import", "-"},
        kMeterHeader + "1-1-101,water,120,2026-12-20\n", 65, "column read_on: '2026-12-20': is after today (2026-11-23)")
FEE_BAD("meter reading twice on one day", {"fee", "meter", "import", "-"},
        kMeterHeader + "1-1-101,water,120,2026-11-20\n1-1-101,water,121,2026-11-20\n", 65, "same day")
FEE_BAD("meter reading older than the last one", {"fee", "meter", "import", "-"},
        kMeterHeader + "1-1-101,water,120,2026-10-20\n", 65, "already has a reading on 2026-11-01")
FEE_BAD("meter file without the reading column", {"fee", "meter", "import", "-"}, "unit,meter,read_on\n1-1-101,water,2026-11-20\n",
        65, "reading")
// waivers, holds, reports
FEE_BAD("waive when the policy charges no late fees", {"fee", "waive", "1-1-101", "--reason", "x"}, "", 65,
        "the policy charges no late fees", "liuqiang")
FEE_BAD("frontdesk may not waive late fees", {"fee", "waive", "1-1-101", "--reason", "x"}, "", 77,
        "needs role supervisor", "wangfang")
FEE_BAD("hold until a past date", {"fee", "hold", "1-1-101", "--until", "2026-11-01", "--reason", "x"}, "", 65,
        "--until '2026-11-01' is before today (2026-11-23)", "liuqiang")
FEE_BAD("hold until something that is not a date", {"fee", "hold", "1-1-101", "--until", "next month", "--reason", "x"},
        "", 64, "--until 'next month' is not a date", "liuqiang")
FEE_BAD("hold without a reason", {"fee", "hold", "1-1-101", "--until", "2027-01-01"}, "", 64, "--reason is required",
        "liuqiang")
FEE_BAD("lift a hold that does not exist", {"fee", "hold", "1-1-101", "--lift"}, "", 65, "has no dunning hold in force",
        "liuqiang")
FEE_BAD("rate of a period that is not a month", {"fee", "rate", "--period", "November"}, "", 64, "--period 'November'")
FEE_BAD("statement of an unknown unit", {"fee", "statement", "7-7-707"}, "", 66, "unknown unit '7-7-707'")
FEE_BAD("payments on a day that is not a date", {"fee", "payments", "--date", "yesterdy"}, "", 64,
        "--date 'yesterdy' is not a date")
FEE_BAD("arrears with negative min-days", {"fee", "arrears", "--min-days", "-1"}, "", 64, "--min-days")

TEST_CASE("fee bad input: a second hold while one is in force") {
  Cli c;
  seed(c);
  ok(c, {"--as", "liuqiang", "fee", "hold", "1-1-101", "--until", "2027-01-01", "--reason", "dispute"});
  check_bad(c, Case{{"fee", "hold", "1-1-101", "--until", "2027-02-01", "--reason", "x"}, "", 65,
                    "already on hold until 2027-01-01 (dispute)", "liuqiang"});
}

TEST_CASE("fee bad input: a policy with an unknown entrusted meter exits 78") {
  Cli c;
  seed(c);
  const auto before = c.digest();
  const auto p = c.write("policy.toml", "[fee]\nentrusted_meter_limits = { gas = \"5\" }\n");
  const auto r = c.run({"--policy", p, "fee", "items"});
  CHECK(r.code == 78);
  CHECK_MESSAGE(contains(r.err, "fee.entrusted_meter_limits.gas: unknown meter 'gas'"), r.err);
  CHECK(c.digest() == before);
}

TEST_CASE("fee pay --ref: a retried payment returns the first receipt, a reused ref for another payment is refused") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-11-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-11"});
  auto first = c.run({"--json", "fee", "pay", "--unit", "1-1-102", "--amount", "100", "--method", "wechat", "--ref", "TX42"});
  REQUIRE_MESSAGE(first.code == 0, first.err);
  CHECK(contains(first.out, "R2026-000001"));
  const auto before = c.digest();
  // The script retries: the same receipt, nothing new taken, no audit entry.
  auto again = c.run({"--json", "fee", "pay", "--unit", "1-1-102", "--amount", "100", "--method", "wechat", "--ref", "TX42"});
  CHECK(again.code == 0);
  CHECK(contains(again.out, "R2026-000001"));
  CHECK(contains(again.err, "recorded before"));
  CHECK(c.digest() == before);
  auto other = c.run({"fee", "pay", "--unit", "1-1-201", "--amount", "100", "--method", "wechat", "--ref", "TX42"});
  CHECK(other.code == 65);
  CHECK(contains(other.err, "needs its own reference"));
  CHECK(c.run({"fee", "pay", "--unit", "1-1-102", "--amount", "1", "--method", "cash", "--ref", "bad ref"}).code == 64);
  CHECK(c.digest() == before);
}
