// Issue 18, the front desk: one screen for a household (`unit show`) and the search (`svc find`,
// `--search` on the ticket and complaint lists). Phones stay masked (domain-rules 12).
#include "estate.hpp"
#include "svc/money.hpp"
#include "svc/render/render.hpp"
#include "svc/value.hpp"

using svc::test::contains;
using svc::test::Estate;
using svc::test::run_ok;

namespace {

using svc::test::run_json;

std::vector<std::string> refs(const svc::Value& list) {
  std::vector<std::string> out;
  for (const auto& v : list.as_array()) out.push_back(v.get("ref").as_string());
  return out;
}

// Every line of a table fits `width` terminal columns.
void fits(const std::string& out, int width) {
  std::size_t start = 0;
  while (start < out.size()) {
    const auto end = out.find('\n', start);
    const std::string line = out.substr(start, end == std::string::npos ? std::string::npos : end - start);
    CHECK_MESSAGE(svc::render::display_width(line) <= width, "too wide: " << line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

// 1-1-102 gets an open violation beside what the estate gave it (T2, T3 open; C1 resolved with
// its callback rated 5; C2 open; August billed, R2026-000001 paid 100.00).
void add_violation(Estate& c) {
  run_ok(c, {"patrol", "violation", "new", "--unit", "1-1-102", "--category", "fire", "--severity", "general", "--desc",
             "楼道堆放杂物"});
}

}  // namespace

TEST_CASE("issue 18 household: unit show adds open tickets and complaints, balance, reminder, rating, violations") {
  Estate c;
  add_violation(c);
  const auto u = run_json(c, {"unit", "show", "1-1-102"});
  // The unit's own keys are as they were.
  CHECK(u.get("code").as_string() == "1-1-102");
  CHECK(u.get("owner_name").as_string() == "胡敏");
  CHECK(u.get("owner_phone").as_string() == "186****0407");
  CHECK(refs(u.get("open_tickets")) == std::vector<std::string>{"T2", "T3"});
  // As `ticket list` shows them: T2's arrival is already missed, T3's callback is due.
  CHECK(u.get("open_tickets").as_array()[0].get("overdue").as_array().size() == 1);
  CHECK(u.get("open_tickets").as_array()[1].get("next_due").is_string());
  CHECK(refs(u.get("open_complaints")) == std::vector<std::string>{"C1", "C2"});  // C1 resolved, not closed
  CHECK(refs(u.get("open_violations")) == std::vector<std::string>{"X1"});
  // The balance is the fee statement's, to the fen.
  const auto st = run_json(c, {"fee", "statement", "1-1-102"});
  CHECK(u.get("balance_fen").as_int() == st.get("balance_fen").as_int());
  CHECK(u.get("balance_fen").as_int() > 0);
  CHECK(u.get("oldest_unpaid_period").as_string() == "2026-08");
  const auto& rating = u.get("last_rating");
  CHECK(rating.get("rating").as_int() == 5);
  CHECK(rating.get("complaint").as_string() == "C1");
  CHECK(rating.get("rating_label").is_string());
  CHECK(u.get("last_reminder").is_null());  // 1-1-102 was never reminded

  // 1-1-101 was: its notice was skipped for want of a phone.
  const auto v = run_json(c, {"unit", "show", "1-1-101"});
  CHECK(v.get("last_reminder").get("status").as_string() == "skipped");
  CHECK(v.get("last_reminder").get("stage").is_string());
  CHECK(v.get("open_tickets").as_array().empty());
  CHECK(v.get("last_rating").is_null());

  // A closed ticket leaves the screen.
  run_ok(c, {"ticket", "cancel", "T2", "--reason", "业主自行修好"});
  CHECK(refs(run_json(c, {"unit", "show", "1-1-102"}).get("open_tickets")) == std::vector<std::string>{"T3"});
}

TEST_CASE("issue 18 household: the table has a Chinese heading per section, masks phones and fits 80 columns") {
  Estate c;
  add_violation(c);
  c.set_env("SVC_LANG", "zh");
  c.set_env("COLUMNS", "80");
  const auto out = run_ok(c, {"unit", "show", "1-1-102"});
  for (const char* heading : {"未结报修单", "未结投诉", "费用", "最近一次评价", "未结违例"}) CHECK_MESSAGE(contains(out, heading), heading);
  CHECK_FALSE(contains(out, "最近一次催缴"));  // no reminder: no empty section
  CHECK(contains(out, "186****0407"));
  CHECK_FALSE(contains(out, "18657500407"));
  CHECK(contains(out, "2026-08"));
  fits(out, 80);
  const auto reminded = run_ok(c, {"unit", "show", "1-1-101"});
  CHECK(contains(reminded, "最近一次催缴"));
  CHECK_FALSE(contains(reminded, "未结报修单"));
}

TEST_CASE("issue 18 household: --reveal shows the phone only to a role allowed to (domain-rules 12)") {
  Estate c;
  auto r = c.run({"--as", "wangfang", "--reveal", "unit", "show", "1-1-102"});
  CHECK(r.code == 77);
  CHECK(r.out.empty());
  r = c.run({"--as", "chenjing", "--reveal", "unit", "show", "1-1-102"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "18657500407"));
  // The read-only role reads the household as everyone does.
  CHECK(c.run({"--as", "majie", "unit", "show", "1-1-102"}).code == 0);
  CHECK(c.run({"unit", "show", "9-9-999"}).code == 66);
}

TEST_CASE("issue 18 find: the last digits of a phone find the household without revealing the number") {
  Estate c;
  const auto before = c.digest();
  const auto hits = run_json(c, {"find", "0407"});
  REQUIRE(!hits.as_array().empty());
  const auto& h = hits.as_array().front();
  CHECK(h.get("kind").as_string() == "unit");
  CHECK(h.get("ref").as_string() == "1-1-102");
  CHECK(h.get("matched").as_string() == "owner_phone");
  CHECK(h.get("phone").as_string() == "186****0407");
  // Six digits match as well; nothing beyond the mask's last four is shown, in any format.
  for (const char* fmt : {"--json", "--csv", "--md"}) {
    const auto r = c.run({fmt, "find", "500407"});
    CHECK(r.code == 0);
    CHECK(contains(r.out, "1-1-102"));
    CHECK_FALSE(contains(r.out, "500407"));
    CHECK_FALSE(contains(r.out, "18657500407"));
  }
  CHECK_FALSE(contains(run_ok(c, {"find", "186 5750 0407"}), "18657500407"));
  // Full digits only with --reveal, and only for a role that may.
  CHECK(c.run({"--as", "wangfang", "--reveal", "find", "0407"}).code == 77);
  CHECK(contains(run_ok(c, {"--as", "chenjing", "--reveal", "find", "0407"}), "18657500407"));
  // A ticket's own phone is matched too, and masked.
  run_ok(c, {"ticket", "new", "--unit", "1-1-201", "--category", "water", "--desc", "马桶堵塞", "--urgent", "--phone",
             "13912348888", "--reporter", "胡刚"});
  const auto t = run_json(c, {"find", "8888"});
  REQUIRE(t.as_array().size() == 1);
  CHECK(t.as_array()[0].get("ref").as_string() == "T5");
  CHECK(t.as_array()[0].get("phone").as_string() == "139****8888");
  CHECK(c.digest() != before);  // (the ticket); the searches themselves wrote nothing
  const auto after = c.digest();
  run_ok(c, {"find", "8888"});
  CHECK(c.digest() == after);
}

TEST_CASE("issue 18 find: unit codes exact and by their start, typed full-width by a Chinese IME") {
  Estate c;
  auto hits = run_json(c, {"find", "１-１-１０１"});  // full-width digits and hyphen-minus (NFKC)
  REQUIRE(!hits.as_array().empty());
  CHECK(hits.as_array()[0].get("ref").as_string() == "1-1-101");
  CHECK(hits.as_array()[0].get("matched").as_string() == "code");
  hits = run_json(c, {"find", "１－１－１０２"});  // U+FF0D, the IME's full-width minus
  CHECK(hits.as_array()[0].get("ref").as_string() == "1-1-102");
  // A start finds the units under it, in natural order; the exact code comes first.
  hits = run_json(c, {"find", "1-1-1"});
  const auto r = refs(hits);
  REQUIRE(r.size() >= 2);
  CHECK(r[0] == "1-1-101");
  CHECK(r[1] == "1-1-102");
  hits = run_json(c, {"find", "1-1-10", "--limit", "0"});
  for (const auto& h : hits.as_array()) CHECK(h.get("ref").as_string().rfind("1-1-10", 0) == 0);
}

TEST_CASE("issue 18 find: names, ticket and complaint texts and receipts, newest first, with a limit") {
  Estate c;
  // The owner's name finds the unit first, then her complaints' and tickets' are not about the name.
  auto hits = run_json(c, {"find", "胡敏"});
  REQUIRE(!hits.as_array().empty());
  CHECK(hits.as_array()[0].get("ref").as_string() == "1-1-102");
  CHECK(hits.as_array()[0].get("matched").as_string() == "owner_name");
  // Ticket texts: T2 (厨房漏水) only; a tenant's name finds the rented unit.
  CHECK(refs(run_json(c, {"find", "厨房漏水"})) == std::vector<std::string>{"T2"});
  hits = run_json(c, {"find", "闫洋"});
  CHECK(hits.as_array()[0].get("ref").as_string() == "1-1-402");
  CHECK(hits.as_array()[0].get("matched").as_string() == "tenant_name");
  // Complaint subjects.
  CHECK(refs(run_json(c, {"find", "装修噪音"})) == std::vector<std::string>{"C1"});
  // Receipts by their number, whole or in part.
  hits = run_json(c, {"find", "R2026-000001"});
  REQUIRE(hits.as_array().size() == 1);
  CHECK(hits.as_array()[0].get("kind").as_string() == "receipt");
  CHECK(hits.as_array()[0].get("unit").as_string() == "1-1-102");
  CHECK(refs(run_json(c, {"find", "000001"})) == std::vector<std::string>{"R2026-000001"});
  // Newest first across kinds; --limit keeps the newest and says there were more.
  run_ok(c, {"ticket", "new", "--unit", "1-1-201", "--category", "water", "--desc", "楼上漏水到卧室", "--urgent"});
  CHECK(refs(run_json(c, {"find", "漏水"})) == std::vector<std::string>{"T5", "T2"});
  const auto r = c.run({"--json", "find", "漏水", "--limit", "1"});
  CHECK(r.code == 0);
  CHECK(refs(svc::parse_json(r.out)) == std::vector<std::string>{"T5"});
  CHECK(contains(r.err, "more than 1"));
  // In a table the kinds are words; JSON keeps the codes.
  c.set_env("SVC_LANG", "zh");
  const auto table = run_ok(c, {"find", "漏水"});
  CHECK(contains(table, "工单"));
  CHECK(contains(table, "T5"));
}

TEST_CASE("issue 18 find: % and _ in the text are plain characters, not LIKE wildcards") {
  Estate c;
  run_ok(c, {"ticket", "new", "--unit", "1-1-201", "--category", "water", "--desc", "水压只有50%_左右", "--urgent"});
  CHECK(refs(run_json(c, {"find", "50%_"})) == std::vector<std::string>{"T5"});
  CHECK(run_json(c, {"find", "%%%"}).as_array().empty());   // would match everything as a pattern
  CHECK(run_json(c, {"find", "___"}).as_array().empty());
  CHECK(run_json(c, {"find", "\\%_"}).as_array().empty());
  CHECK(refs(run_json(c, {"ticket", "list", "--search", "50%"})) == std::vector<std::string>{"T5"});
  CHECK(run_json(c, {"ticket", "list", "--search", "%"}).as_array().size() == 1);
}

TEST_CASE("issue 18 find: too short a text is refused with 64 and what is needed") {
  Estate c;
  for (const char* text : {"12", "胡", "ab", " 1 ", "　胡　"}) {
    CAPTURE(text);
    const auto r = c.run({"find", text});
    CHECK(r.code == 64);
    CHECK(contains(r.err, "too short"));
    CHECK(r.out.empty());
  }
  // Two Chinese characters, three digits: enough (three digits are no phone, though).
  CHECK(c.run({"find", "胡敏"}).code == 0);
  const auto r = c.run({"--json", "find", "407"});
  CHECK(r.code == 0);
  const svc::Value hits = svc::parse_json(r.out);
  for (const auto& h : hits.as_array()) CHECK(h.get("matched").as_string() != "owner_phone");
  // Nothing found is no error: a note says so.
  const auto none = c.run({"find", "不存在的内容"});
  CHECK(none.code == 0);
  CHECK(contains(none.err, "nothing matches"));
}

TEST_CASE("issue 18 find: ticket list and complaint list --search, with the other filters") {
  Estate c;
  // Description, reporter, location, unit code.
  CHECK(refs(run_json(c, {"ticket", "list", "--search", "漏水"})) == std::vector<std::string>{"T2"});
  CHECK(refs(run_json(c, {"ticket", "list", "--search", "大堂"})) == std::vector<std::string>{"T1"});
  CHECK(refs(run_json(c, {"ticket", "list", "--search", "1-1-201"})) == std::vector<std::string>{"T4"});
  CHECK(refs(run_json(c, {"ticket", "list", "--search", "1-1-102"})) == std::vector<std::string>{"T2", "T3"});
  CHECK(refs(run_json(c, {"ticket", "list", "--search", "1-1-102", "--status", "done"})) == std::vector<std::string>{"T3"});
  CHECK(run_json(c, {"ticket", "list", "--search", "1-1-102", "--category", "electric"}).as_array().empty());
  // Complaints: subject, unit, with --status.
  CHECK(refs(run_json(c, {"complaint", "list", "--search", "电梯"})) == std::vector<std::string>{"C2"});
  CHECK(refs(run_json(c, {"complaint", "list", "--search", "1-1-102", "--status", "resolved"})) ==
        std::vector<std::string>{"C1"});
  CHECK(run_json(c, {"complaint", "list", "--search", "没有这种投诉"}).as_array().empty());
  // % and _ are the text itself, not LIKE's wildcards (that would list everything).
  for (const char* noun : {"ticket", "complaint"})
    for (const char* wild : {"%", "_", "1_1_102"}) {
      CAPTURE(noun);
      CAPTURE(wild);
      CHECK(run_json(c, {noun, "list", "--search", wild}).as_array().empty());
    }
}

TEST_CASE("issue 18 household: money paid ahead shows as prepaid credit, not a negative debt, the reminder's channel in Chinese") {
  Estate c;
  run_ok(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "5000", "--method", "cash"});
  const auto st = run_json(c, {"fee", "statement", "1-1-102"});
  REQUIRE(st.get("balance_fen").as_int() < 0);
  CHECK(run_json(c, {"unit", "show", "1-1-102"}).get("balance_fen").as_int() == st.get("balance_fen").as_int());  // JSON as before
  c.set_env("SVC_LANG", "zh");
  const auto out = run_ok(c, {"unit", "show", "1-1-102"});
  CHECK(contains(out, "预存款"));
  CHECK_FALSE(contains(out, "欠费余额"));
  const std::string credit = svc::format_yuan(-st.get("balance_fen").as_int());
  CHECK(contains(out, credit));
  CHECK_FALSE(contains(out, "-" + credit));
  const auto reminded = run_ok(c, {"unit", "show", "1-1-101"});
  c.set_env("SVC_LANG", "en");
  const auto channel = run_json(c, {"unit", "show", "1-1-101"}).get("last_reminder").get("channel").as_string();
  const std::map<std::string, std::string> chinese = {{"sms", "短信"},  {"letter", "信函"},    {"mail", "邮件"},
                                                      {"visit", "上门"}, {"none", "不发送"}, {"stdout", "标准输出"}};
  REQUIRE(chinese.count(channel) == 1);
  CHECK(contains(reminded, chinese.at(channel)));
}
