// Unit tests for the renderer: display width, truncation, table alignment, csv/json/md/html.
#include <doctest/doctest.h>

#include <sstream>

#include "svc/i18n.hpp"
#include "svc/render/render.hpp"

using svc::Value;
using namespace svc::render;

namespace {

Value rec(std::initializer_list<std::pair<const char*, Value>> kv) {
  Value v = Value::object();
  for (const auto& [k, x] : kv) v.set(k, x);
  return v;
}

std::string list_out(Format f, const std::vector<Column>& cols, const std::vector<Value>& rows,
                     const Options& o = {}) {
  std::ostringstream os;
  write_list(os, f, cols, rows, o);
  return os.str();
}

std::string record_out(Format f, const std::vector<Column>& cols, const Value& r,
                       const Options& o = {}) {
  std::ostringstream os;
  write_record(os, f, cols, r, o);
  return os.str();
}

}  // namespace

TEST_CASE("display width of ascii chinese mixed combining emoji") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("张三") == 4);
  CHECK(display_width("3-2-1501 张三") == 13);
  CHECK(display_width("e\u0301") == 1);           // e + combining acute
  CHECK(display_width("\xF0\x9F\x98\x80") == 2);  // 😀
  CHECK(display_width("a\xFF"
                      "b") == 3);  // invalid byte counts one
  CHECK(display_width("\u2026") == 1);
}

TEST_CASE("truncate by width never splits a wide character") {
  CHECK(truncate_to_width("abc", 3) == "abc");
  CHECK(truncate_to_width("abcd", 3) == "ab\u2026");
  CHECK(truncate_to_width("张三李四", 8) == "张三李四");
  CHECK(truncate_to_width("张三李四", 7) == "张三李\u2026");
  CHECK(truncate_to_width("张三李四", 5) == "张三\u2026");
  CHECK(truncate_to_width("张三李四", 4) == "张\u2026");  // not a half 三
  CHECK(display_width(truncate_to_width("张三李四", 4)) == 3);
  CHECK(truncate_to_width("a张三", 4) == "a张\u2026");
  CHECK(truncate_to_width("张三", 1) == "\u2026");
  CHECK(truncate_to_width("张三", 0) == "");
  CHECK(truncate_to_width("e\u0301e\u0301e\u0301", 2) == "e\u0301\u2026");
}

TEST_CASE("pad to width by display columns") {
  CHECK(pad_to_width("张三", 6) == "张三  ");
  CHECK(pad_to_width("张三", 6, true) == "  张三");
  CHECK(pad_to_width("张三李四", 6) == "张三李四");
}

TEST_CASE("chinese table aligns by display width") {
  svc::set_lang(svc::Lang::zh);
  const std::vector<Column> cols = {{"name", "姓名"}, {"unit", "房号"}};
  const std::vector<Value> rows = {rec({{"name", "张三"}, {"unit", "3-2-1501"}}),
                                   rec({{"name", "欧阳娜娜"}, {"unit", "1-1-101"}})};
  CHECK(list_out(Format::table, cols, rows) ==
        "姓名      房号\n"
        "────────  ────────\n"
        "张三      3-2-1501\n"
        "欧阳娜娜  1-1-101\n");
}

TEST_CASE("money and integer columns are right aligned") {
  const std::vector<Column> cols = {
      {"name", "姓名"}, {"amount_fen", "金额", Kind::money}, {"n", "Count", Kind::integer}};
  const std::vector<Value> rows = {rec({{"name", "张三"}, {"amount_fen", 123450}, {"n", 7}}),
                                   rec({{"name", "李四四"}, {"amount_fen", 5}, {"n", 1234567}}),
                                   rec({{"name", "王"}, {"amount_fen", -1200}, {"n", nullptr}})};
  CHECK(list_out(Format::table, cols, rows) ==
        "姓名       金额    Count\n"
        "──────  ───────  ───────\n"
        "张三    1234.50        7\n"
        "李四四     0.05  1234567\n"
        "王       -12.00        -\n");
}

TEST_CASE("table has no trailing spaces and shows null bool and datetime") {
  svc::set_lang(svc::Lang::zh);
  const std::vector<Column> cols = {{"a", "A"}, {"paid", "Paid"}, {"at", "At", Kind::datetime}};
  const std::vector<Value> rows = {
      rec({{"a", "long text here"}, {"paid", true}, {"at", "2026-11-22T09:15:00+08:00"}}),
      rec({{"a", "x"}, {"paid", false}, {"at", nullptr}})};
  const std::string out = list_out(Format::table, cols, rows);
  CHECK(out ==
        "A               Paid  At\n"
        "──────────────  ────  ────────────────\n"
        "long text here  是    2026-11-22 09:15\n"
        "x               否    -\n");
  svc::set_lang(svc::Lang::en);
  CHECK(list_out(Format::table, cols, rows).find("yes ") != std::string::npos);
  svc::set_lang(svc::Lang::zh);
  CHECK(list_out(Format::table, cols, {}) == "");
}

TEST_CASE("table shrinks the widest text column to the terminal width") {
  const std::vector<Column> cols = {
      {"id", "ID", Kind::integer}, {"d", "Description"}, {"s", "Status"}};
  const std::vector<Value> rows = {
      rec({{"id", 1}, {"d", "水管漏水，厨房地面积水很多需要尽快处理"}, {"s", "new"}})};
  Options o;
  o.terminal_width = 30;
  const std::string out = list_out(Format::table, cols, rows, o);
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) CHECK(display_width(line) <= 30);
  CHECK(out.find("\u2026") != std::string::npos);
  CHECK(out.find("ID  Description") == 0);
  // A column never shrinks below its header / 8 columns: too narrow a terminal just wraps.
  o.terminal_width = 5;
  const std::string narrow = list_out(Format::table, cols, rows, o);
  CHECK(narrow.find("Description") != std::string::npos);
  CHECK(narrow.find("水管漏水，\u2026") != std::string::npos);
}

TEST_CASE("max_width truncates and color makes the header bold") {
  std::vector<Column> cols = {{"d", "描述"}};
  cols[0].max_width = 5;
  const std::vector<Value> rows = {rec({{"d", "水管漏水了"}})};
  Options o;
  o.color = true;
  CHECK(list_out(Format::table, cols, rows, o) ==
        "\x1b[1m描述\x1b[0m\n"
        "─────\n"
        "水管\u2026\n");
  CHECK(list_out(Format::table, cols, rows).find("\x1b[") == std::string::npos);
}

TEST_CASE("record as table aligns the labels") {
  const std::vector<Column> cols = {
      {"ref", "编号"}, {"amount_fen", "应收金额", Kind::money}, {"note", "备注"}};
  const Value r = rec({{"ref", "T12"}, {"amount_fen", 9900}, {"note", "a\nb"}});
  CHECK(record_out(Format::table, cols, r) ==
        "编号:     T12\n"
        "应收金额: 99.00\n"
        "备注:     a b\n");
}

TEST_CASE("csv field quoting and formula guarding") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("张三") == "张三");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("l1\nl2") == "\"l1\nl2\"");
  CHECK(csv_field("l1\r\nl2") == "\"l1\r\nl2\"");
  CHECK(csv_field("=SUM(A1)") == "'=SUM(A1)");
  CHECK(csv_field("+1") == "'+1");
  CHECK(csv_field("@x") == "'@x");
  CHECK(csv_field("-") == "'-");
  CHECK(csv_field("-12.50") == "-12.50");
  CHECK(csv_field("-12") == "-12");
  CHECK(csv_field("-12.") == "'-12.");
  CHECK(csv_field("-1+2") == "'-1+2");
  CHECK(csv_field("\tx") == "'\tx");
  CHECK(csv_field("=1,2") == "\"'=1,2\"");
  CHECK(csv_field("") == "");
}

TEST_CASE("csv list has crlf lines optional bom full datetimes and money in yuan under _yuan headers") {
  const std::vector<Column> cols = {{"name", "姓名"},
                                    {"amount_fen", "金额", Kind::money},
                                    {"at", "时间", Kind::datetime},
                                    {"x", "X"}};
  const std::vector<Value> rows = {
      rec({{"name", "张,三"}, {"amount_fen", -1250}, {"at", "2026-11-22T09:15:00+08:00"}})};
  const std::string plain = list_out(Format::csv, cols, rows);
  CHECK(plain ==
        "name,amount_yuan,at,x\r\n"
        "\"张,三\",-12.50,2026-11-22T09:15:00+08:00,\r\n");
  Options o;
  o.bom = true;
  CHECK(list_out(Format::csv, cols, rows, o) == "\xEF\xBB\xBF" + plain);
  CHECK(list_out(Format::csv, cols, {}) == "name,amount_yuan,at,x\r\n");
  CHECK(record_out(Format::csv, cols, rows[0]) == plain);
}

TEST_CASE("json list prints whole records") {
  const std::vector<Column> cols = {{"ref", "编号"}};
  const std::vector<Value> rows = {rec({{"ref", "T1"}, {"status", "new"}})};
  CHECK(list_out(Format::json, cols, rows) ==
        "[\n  {\n    \"ref\": \"T1\",\n    \"status\": \"new\"\n  }\n]\n");
  CHECK(list_out(Format::json, cols, {}) == "[]\n");
  CHECK(record_out(Format::json, cols, rows[0]) ==
        "{\n  \"ref\": \"T1\",\n  \"status\": \"new\"\n}\n");
}

TEST_CASE("markdown escapes pipes and right aligns numbers") {
  svc::set_lang(svc::Lang::zh);
  const std::vector<Column> cols = {{"s", "主题"}, {"amount_fen", "金额", Kind::money}};
  const std::vector<Value> rows = {rec({{"s", "a|b\nc"}, {"amount_fen", 100}})};
  CHECK(list_out(Format::md, cols, rows) ==
        "| 主题 | 金额 |\n"
        "| --- | ---: |\n"
        "| a\\|b c | 1.00 |\n");
  CHECK(record_out(Format::md, cols, rows[0]) ==
        "| 字段 | 值 |\n"
        "| --- | --- |\n"
        "| 主题 | a\\|b c |\n"
        "| 金额 | 1.00 |\n");
}

TEST_CASE("html is a self contained escaped page") {
  const std::vector<Column> cols = {{"s", "主题"}, {"n", "N", Kind::integer}};
  const std::vector<Value> rows = {rec({{"s", "<b>&\"'"}, {"n", 3}})};
  const std::string page = list_out(Format::html, cols, rows);
  CHECK(page.rfind("<!doctype html>\n", 0) == 0);
  CHECK(page.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(page.find("<th>主题</th><th class=\"num\">N</th>") != std::string::npos);
  CHECK(page.find("<td>&lt;b&gt;&amp;&quot;&#39;</td><td class=\"num\">3</td>") !=
        std::string::npos);
  CHECK(page.find("<b>") == std::string::npos);
  const std::string one = record_out(Format::html, cols, rows[0]);
  CHECK(one.find("<tr><th>N</th><td class=\"num\">3</td></tr>") != std::string::npos);
  CHECK(one.find("</html>\n") != std::string::npos);
}

TEST_CASE("parse format names") {
  Format f = Format::table;
  CHECK(parse_format("csv", f));
  CHECK(f == Format::csv);
  CHECK(parse_format("html", f));
  CHECK(f == Format::html);
  CHECK_FALSE(parse_format("xml", f));
  CHECK_FALSE(parse_format("JSON", f));
}

TEST_CASE("label columns are translated for people and kept as codes for scripts") {
  svc::set_lang(svc::Lang::zh);
  const std::vector<Column> cols = {{"status", "状态", Kind::label}};
  const std::vector<Value> rows = {rec({{"status", "vacant"}})};
  CHECK(list_out(Format::table, cols, rows) == "状态\n────\n空置\n");
  CHECK(list_out(Format::csv, cols, rows) == "status\r\nvacant\r\n");
}
