// Unit tests for the renderer: display width, truncation, table alignment, csv/json/md/html.
#include <doctest/doctest.h>

#include <map>
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
  // issue 18 lists: the marker is "..." (three columns on every terminal), not the ambiguous-width
  // "…" a Chinese terminal draws two columns wide.
  CHECK(truncate_to_width("abc", 3) == "abc");
  CHECK(truncate_to_width("abcde", 4) == "a...");
  CHECK(truncate_to_width("abcd", 3) == "abc");  // no room for the marker: cut
  CHECK(truncate_to_width("张三李四", 8) == "张三李四");
  CHECK(truncate_to_width("张三李四", 7) == "张三...");
  CHECK(truncate_to_width("张三李四", 6) == "张...");  // not a half 三
  CHECK(display_width(truncate_to_width("张三李四", 6)) == 5);
  CHECK(truncate_to_width("a张三", 5) == "a张三");
  CHECK(truncate_to_width("a张三", 4) == "a...");
  CHECK(truncate_to_width("张三", 1) == "");
  CHECK(truncate_to_width("张三", 0) == "");
  CHECK(truncate_to_width("e\u0301e\u0301e\u0301e\u0301e\u0301", 4) == "e\u0301...");
  CHECK(truncate_to_width("水管漏水了", 20).find("\u2026") == std::string::npos);
}

TEST_CASE("issue 18 lists: wrap by display width, at spaces in English and anywhere in Chinese") {
  using V = std::vector<std::string>;
  CHECK(wrap_to_width("short", 10) == V{"short"});
  CHECK(wrap_to_width("", 10) == V{""});
  CHECK(wrap_to_width("the tap in the kitchen leaks", 12) == V{"the tap in", "the kitchen", "leaks"});
  CHECK(wrap_to_width("厨房水龙头漏水很严重", 8) == V{"厨房水龙", "头漏水很", "严重"});
  CHECK(wrap_to_width("厨房水龙头", 7) == V{"厨房水", "龙头"});  // never half a character
  CHECK(wrap_to_width("abcdefghijkl", 5) == V{"abcde", "fghij", "kl"});
  for (const auto& line : wrap_to_width("3栋电梯厅 the light is out 灯不亮, 已报修", 9)) CHECK(display_width(line) <= 9);
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
  CHECK(out.find("...") != std::string::npos);
  CHECK(out.find("ID  Description") == 0);
  // A column never shrinks below its header / 12 columns, and columns kept always (the default
  // priority) stay: too narrow a terminal just wraps.
  o.terminal_width = 5;
  const std::string narrow = list_out(Format::table, cols, rows, o);
  CHECK(narrow.find("Description") != std::string::npos);
  CHECK(narrow.find("水管漏水...") != std::string::npos);
}

namespace {

// The lines of a table, each no wider than `width`.
void check_fits(const std::string& out, int width) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) CHECK_MESSAGE(display_width(line) <= width, line);
}

std::vector<Column> ticket_like_columns() {
  std::vector<Column> cols = {{"ref", "Ticket"},
                              {"status", "Status"},
                              {"unit", "Unit"},
                              {"tech", "Technician"},
                              {"created", "Created", Kind::datetime},
                              {"due", "Next deadline", Kind::datetime},
                              {"overdue", "Overdue"},
                              {"desc", "Problem", Kind::text, 24}};
  cols[1].priority = kHigh;
  cols[2].priority = kKeep;
  cols[3].priority = kMedium;
  cols[4].priority = kLow;
  cols[5].priority = kMedium;
  cols[6].priority = kLow;
  cols[7].priority = kHigh;
  return cols;
}

std::vector<Value> ticket_like_rows() {
  return {rec({{"ref", "T1"}, {"status", "dispatched"}, {"unit", "3-2-1501"}, {"tech", "wuming"},
               {"created", "2026-11-22T09:15:00+08:00"}, {"due", "2026-11-22T11:15:00+08:00"}, {"overdue", "yes"},
               {"desc", "厨房水龙头漏水，地面积水很多"}}),
          rec({{"ref", "T12"}, {"status", "new"}, {"unit", "1-1-101"}, {"tech", nullptr},
               {"created", "2026-11-23T10:00:00+08:00"}, {"due", nullptr}, {"overdue", "no"},
               {"desc", "灯不亮"}})};
}

}  // namespace

TEST_CASE("issue 18 lists: a table too wide drops its least important columns first, never the key") {
  const auto cols = ticket_like_columns();
  const auto rows = ticket_like_rows();
  Options o;
  // Full width: everything.
  const std::string full = list_out(Format::table, cols, rows, o);
  CHECK(full.find("Overdue") != std::string::npos);
  CHECK(full.find("厨房水龙头漏水，地面...") != std::string::npos);  // max_width 24 still holds
  CHECK(display_width(full.substr(full.rfind("T1 "), full.find('\n', full.rfind("T1 ")) - full.rfind("T1 "))) > 100);
  // 80 columns: the low ones go (the rightmost first among equals), the rest fit.
  o.terminal_width = 80;
  const std::string at80 = list_out(Format::table, cols, rows, o);
  check_fits(at80, 80);
  CHECK(at80.find("Overdue") == std::string::npos);
  CHECK(at80.find("Created") == std::string::npos);
  CHECK(at80.find("Technician") != std::string::npos);
  CHECK(at80.find("Next deadline") != std::string::npos);
  CHECK(at80.find("厨房水龙头漏水，...") != std::string::npos);
  CHECK(at80.rfind("Ticket  Status", 0) == 0);
  // 60: both low ones and then the rightmost medium one go; text is shortened before anything
  // else is dropped.
  o.terminal_width = 60;
  const std::string at60 = list_out(Format::table, cols, rows, o);
  check_fits(at60, 60);
  CHECK(at60.find("Created") == std::string::npos);
  CHECK(at60.find("Next deadline") == std::string::npos);
  CHECK(at60.find("Technician") != std::string::npos);
  CHECK(at60.find("Problem") != std::string::npos);
  // Very narrow: only the key and the columns kept always remain, and the terminal wraps.
  o.terminal_width = 10;
  const std::string at10 = list_out(Format::table, cols, rows, o);
  CHECK(at10.rfind("Ticket  Unit\n", 0) == 0);
  CHECK(at10.find("T12     1-1-101\n") != std::string::npos);
}

TEST_CASE("issue 18 lists: shortened text gets back the room a dropped column leaves") {
  std::vector<Column> cols = {{"ref", "Ref"}, {"d", "Description"}, {"x", "Extra", Kind::label}};
  cols[2].priority = kLow;
  const std::vector<Value> rows = {rec({{"ref", "T1"}, {"d", std::string(40, 'a')}, {"x", std::string(30, 'x')}})};
  Options o;
  o.terminal_width = 40;
  const std::string out = list_out(Format::table, cols, rows, o);
  check_fits(out, 40);
  CHECK(out.find("Extra") == std::string::npos);
  // 40 - "Ref" - 2: the description has every column left, not only its minimum.
  CHECK(out.find(std::string(32, 'a') + "...") != std::string::npos);
  // Json, csv and md are never fitted.
  CHECK(list_out(Format::csv, cols, rows, o) == list_out(Format::csv, cols, rows));
  CHECK(list_out(Format::md, cols, rows, o) == list_out(Format::md, cols, rows));
  CHECK(list_out(Format::md, cols, rows, o).find(std::string(40, 'a')) != std::string::npos);
}

TEST_CASE("issue 18 lists: a record wraps a long value under its label on a terminal") {
  const std::vector<Column> cols = {{"ref", "Ticket"}, {"d", "Problem"}, {"n", "Count", Kind::integer}};
  const Value r = rec({{"ref", "T1"}, {"d", "the tap in the kitchen leaks and the floor is wet"}, {"n", 3}});
  Options o;
  o.terminal_width = 30;
  CHECK(record_out(Format::table, cols, r, o) ==
        "Ticket:  T1\n"
        "Problem: the tap in the\n"
        "         kitchen leaks and the\n"
        "         floor is wet\n"
        "Count:   3\n");
  CHECK(record_out(Format::table, cols, r).find("kitchen leaks and the floor is wet\n") != std::string::npos);
}

TEST_CASE("issue 18 lists: staff columns show names to people and logins to scripts") {
  svc::set_lang(svc::Lang::en);
  const std::map<std::string, std::string> names = {{"wuming", "吴明"}};
  const std::vector<Column> cols = {{"ref", "Ticket"}, {"tech", "Technician", Kind::staff}};
  const std::vector<Value> rows = {rec({{"ref", "T1"}, {"tech", "wuming"}}), rec({{"ref", "T2"}, {"tech", "gone"}}),
                                   rec({{"ref", "T3"}, {"tech", nullptr}})};
  Options o;
  o.staff_names = &names;
  const std::string table = list_out(Format::table, cols, rows, o);
  CHECK(table.find("T1      吴明\n") != std::string::npos);
  CHECK(table.find("T2      gone\n") != std::string::npos);  // unknown: the login
  CHECK(table.find("T3      -\n") != std::string::npos);
  CHECK(list_out(Format::md, cols, rows, o).find("| T1 | 吴明 |") != std::string::npos);
  CHECK(list_out(Format::html, cols, rows, o).find("<td>吴明</td>") != std::string::npos);
  CHECK(record_out(Format::table, cols, rows[0], o).find("Technician: 吴明") != std::string::npos);
  CHECK(list_out(Format::csv, cols, rows, o) == "ref,tech\r\nT1,wuming\r\nT2,gone\r\nT3,\r\n");
  CHECK(list_out(Format::json, cols, rows, o) == list_out(Format::json, cols, rows));
  CHECK(list_out(Format::json, cols, rows, o).find("吴明") == std::string::npos);
  // Without the map (no database), logins.
  CHECK(list_out(Format::table, cols, rows).find("T1      wuming") != std::string::npos);
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
        "水...\n");
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
