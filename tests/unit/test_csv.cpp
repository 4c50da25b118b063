// Unit tests for import reading: UTF-8/GBK decoding, RFC 4180 parsing, header checks.
#include <doctest/doctest.h>

#include <string>

#include "svc/csv.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"

using svc::Encoding;

namespace {

// The error message of `f`, checking it is a data error; "" if nothing was thrown.
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const svc::Error& e) {
    CHECK(e.code() == svc::Exit::data_error);
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("decode utf8 strips the bom and keeps the text") {
  CHECK(svc::decode_input("\xEF\xBB\xBF姓名,电话\n", Encoding::utf8, "a.csv") == "姓名,电话\n");
  CHECK(svc::decode_input("plain", Encoding::utf8, "a.csv") == "plain");
  CHECK(svc::decode_input("", Encoding::utf8, "a.csv") == "");
  CHECK(svc::decode_input("\xF0\x9F\x98\x80", Encoding::utf8, "a.csv") == "\xF0\x9F\x98\x80");
  // A UTF-8 BOM wins over --encoding gbk.
  CHECK(svc::decode_input("\xEF\xBB\xBF张三", Encoding::gbk, "a.csv") == "张三");
}

TEST_CASE("gbk bytes read as utf8 name line column and hint gbk") {
  svc::set_lang(svc::Lang::en);
  const std::string bytes = "name,phone\n\xD5\xC5\xC8\xFD,138\n";
  const std::string msg = error_of([&] { svc::decode_input(bytes, Encoding::utf8, "owners.csv"); });
  CHECK(contains(msg, "owners.csv: line 2, column 1"));
  CHECK(contains(msg, "not valid UTF-8"));
  CHECK(contains(msg, "GBK export from Excel on Chinese Windows"));
  CHECK(contains(msg, "use --encoding gbk, or save it as 'CSV UTF-8' in Excel"));
  svc::set_lang(svc::Lang::zh);
  const std::string zh = error_of([&] { svc::decode_input(bytes, Encoding::utf8, "owners.csv"); });
  CHECK(contains(zh, "第 2 行第 1 列"));
  CHECK(contains(zh, "不是有效的 UTF-8"));
  CHECK(contains(zh, "--encoding gbk"));
}

TEST_CASE("gbk conversion of zhang san") {
  CHECK(svc::decode_input("\xD5\xC5\xC8\xFD", Encoding::gbk, "a.csv") == "张三");
  CHECK(svc::decode_input("a,\xD5\xC5\r\n", Encoding::gbk, "a.csv") == "a,张\r\n");
  svc::set_lang(svc::Lang::en);
  // 0xFF is never a GBK/GB18030 byte.
  const std::string msg =
      error_of([&] { svc::decode_input("ok\nab\xFF", Encoding::gbk, "g.csv"); });
  CHECK(contains(msg, "g.csv: line 2, column 3"));
  CHECK(contains(msg, "0xFF"));
  // A truncated double-byte character at the end.
  CHECK(contains(error_of([&] { svc::decode_input("x\xD5", Encoding::gbk, "g.csv"); }),
                 "line 1, column 2"));
}

TEST_CASE("invalid utf8 is rejected strictly") {
  svc::set_lang(svc::Lang::en);
  auto msg = [](std::string_view bytes) {
    return error_of([&] { svc::decode_input(bytes, Encoding::utf8, "u.csv"); });
  };
  CHECK(contains(msg("ab\xE5\xBC"), "line 1, column 3"));    // truncated 张 at the end
  CHECK(contains(msg("ab\xE5\xBC,x"), "line 1, column 3"));  // truncated mid-line
  CHECK(contains(msg("\xC0\xAF"), "line 1, column 1"));      // overlong '/'
  CHECK(contains(msg("\xE0\x80\xAF"), "not valid UTF-8"));   // overlong, 3 bytes
  CHECK(contains(msg("\xF0\x80\x80\xAF"), "not valid UTF-8"));
  CHECK(contains(msg("x\xED\xA0\x80"), "column 2"));            // surrogate U+D800
  CHECK(contains(msg("\xF4\x90\x80\x80"), "not valid UTF-8"));  // above U+10FFFF
  CHECK(contains(msg("\x80"), "not valid UTF-8"));
  CHECK_FALSE(contains(msg("a\xFF"
                           "b"),
                       "looks like a GBK"));  // not GBK either
  CHECK(contains(msg(std::string("a\nb\0c", 5)), "line 2, column 2: NUL byte"));
  CHECK(contains(
      error_of([] { svc::decode_input(std::string("\xD5\xC5\0", 3), Encoding::gbk, "g.csv"); }),
      "NUL"));
  CHECK(msg("\xEF\xBF\xBF \xF4\x8F\xBF\xBF \xED\x9F\xBF") == "");  // edge cases that are valid
}

TEST_CASE("parse csv quoted newlines crlf and blank lines") {
  const auto rows = svc::parse_csv(
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\r\n\r\n1,,3\n \"q\" ,z,\n\"\"",
      "p.csv");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].line == 1);
  CHECK(rows[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(rows[1].line == 2);
  CHECK(rows[1].fields == std::vector<std::string>{"x, y", "say \"hi\"", "line1\nline2"});
  CHECK(rows[2].line == 5);
  CHECK(rows[2].fields == std::vector<std::string>{"1", "", "3"});
  CHECK(rows[3].line == 6);
  CHECK(rows[3].fields == std::vector<std::string>{"q", "z", ""});
  CHECK(rows[4].line == 7);
  CHECK(rows[4].fields == std::vector<std::string>{""});
  CHECK(svc::parse_csv("", "p.csv").empty());
  CHECK(svc::parse_csv("a\n", "p.csv").size() == 1);
}

TEST_CASE("parse csv unterminated quote names file and line") {
  svc::set_lang(svc::Lang::en);
  const std::string msg = error_of([] { svc::parse_csv("a,b\n1,2\n3,\"open\nmore\n", "q.csv"); });
  CHECK(contains(msg, "q.csv: line 3"));
  CHECK(contains(msg, "not closed"));
  CHECK(contains(error_of([] { svc::parse_csv("a\n\"x\"y\n", "q.csv"); }), "q.csv: line 2"));
}

TEST_CASE("read csv table matches header and trims fields") {
  const std::vector<std::string> required = {"unit", "name"};
  const std::vector<std::string> optional = {"phone", "note"};
  const auto t = svc::read_csv_table(" Unit , NAME,phone\n3-2-1501, 张三 ,138\n,,\n1-1-101,李四,\n",
                                     "t.csv", required, optional);
  CHECK(t.header == std::vector<std::string>{"unit", "name", "phone"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.field(t.rows[0], "name") == "张三");
  CHECK(t.field(t.rows[0], "Unit") == "3-2-1501");
  CHECK(t.field(t.rows[1], "phone") == "");
  CHECK(t.field(t.rows[1], "note") == "");  // absent optional column
  CHECK(t.rows[1].line == 4);
  CHECK_FALSE(t.has_column("note"));
}

TEST_CASE("read csv table rejects unknown missing and ragged") {
  svc::set_lang(svc::Lang::en);
  const std::vector<std::string> required = {"unit", "name"};
  const std::vector<std::string> optional = {"phone"};
  const std::string unknown =
      error_of([&] { svc::read_csv_table("unit,name,mobile\n", "t.csv", required, optional); });
  CHECK(contains(unknown, "t.csv: line 1: unknown column 'mobile'"));
  CHECK(contains(unknown, "unit, name, phone"));
  const std::string missing =
      error_of([&] { svc::read_csv_table("unit,phone\n1,2\n", "t.csv", required, optional); });
  CHECK(contains(missing, "required column 'name' is missing"));
  const std::string ragged = error_of(
      [&] { svc::read_csv_table("unit,name\n1,a\n2,b,c\n", "t.csv", required, optional); });
  CHECK(contains(ragged, "t.csv: line 3: 3 fields, but the header has 2 columns"));
  CHECK(contains(
      error_of([&] { svc::read_csv_table("unit,name\n1\n", "t.csv", required, optional); }),
      "line 2: 1 fields"));
  CHECK(contains(
      error_of([&] { svc::read_csv_table("unit,Unit,name\n", "t.csv", required, optional); }),
      "appears twice"));
  CHECK(contains(error_of([&] { svc::read_csv_table("\n\n", "t.csv", required, optional); }),
                 "the file is empty"));
  svc::set_lang(svc::Lang::zh);
  CHECK(contains(
      error_of([&] { svc::read_csv_table("unit,name,mobile\n", "t.csv", required, optional); }),
      "未知的列“mobile”"));
}

// Issue "Correctness" 17: Excel on Chinese Windows writes CP936; GB18030 is its superset, read
// through glibc's iconv, which knows the 4-byte sequences but leaves CP936's euro sign (a lone
// 0x80) undefined — svc reads it as € (GB18030 has € at A2 E3).
TEST_CASE("gbk input is read as GB18030 with 4-byte sequences and the CP936 euro sign") {
  CHECK(svc::decode_input("\xD5\xC5\xCE\xB0", Encoding::gbk, "a.csv") == "张伟");
  CHECK(svc::decode_input("\x81\x30\x81\x30", Encoding::gbk, "a.csv") == "\xC2\x80");          // U+0080
  CHECK(svc::decode_input("\x95\x32\x82\x36", Encoding::gbk, "a.csv") == "\xF0\xA0\x80\x80");  // U+20000 𠀀
  CHECK(svc::decode_input("\x81\x39\xEE\x39", Encoding::gbk, "a.csv") == "\xE3\x90\x80");      // U+3400 㐀
  CHECK(svc::decode_input("\x80", Encoding::gbk, "a.csv") == "€");
  CHECK(svc::decode_input("\xA2\xE3", Encoding::gbk, "a.csv") == "€");
  CHECK(svc::decode_input("5\x80,\xD5\xC5\x80\x80\n", Encoding::gbk, "a.csv") == "5€,张€€\n");
  // 0x80 as the second byte of a double-byte character is part of it, not a euro sign: 0x81 0x80 is 亐.
  CHECK(svc::decode_input("\x81\x80", Encoding::gbk, "a.csv") == "亐");
  // A bad byte after a euro sign is still named at its own line and column.
  svc::set_lang(svc::Lang::en);
  const std::string msg = error_of([&] { svc::decode_input("\x80\nab\xFF", Encoding::gbk, "g.csv"); });
  CHECK(contains(msg, "g.csv: line 2, column 3"));
  CHECK(contains(msg, "0xFF"));
  // A truncated 4-byte sequence.
  CHECK(contains(error_of([&] { svc::decode_input("x\x95\x32\x82", Encoding::gbk, "g.csv"); }), "line 1, column 2"));
}

TEST_CASE("gbk on a file that is UTF-8 is refused, not turned into mojibake") {
  svc::set_lang(svc::Lang::en);
  // 张伟 in UTF-8 read as GBK would be 寮犱紵.
  const std::string msg = error_of([&] { svc::decode_input("name\n张伟\n", Encoding::gbk, "owners.csv"); });
  CHECK(contains(msg, "owners.csv: line 2"));
  CHECK(contains(msg, "the file is UTF-8, not GBK"));
  CHECK(contains(msg, "drop --encoding gbk"));
  svc::set_lang(svc::Lang::zh);
  CHECK(contains(error_of([&] { svc::decode_input("张伟", Encoding::gbk, "a.csv"); }), "去掉 --encoding gbk"));
  // Plain ASCII reads the same in both, and a UTF-8 BOM still settles it.
  CHECK(svc::decode_input("code,area\n1,2\n", Encoding::gbk, "a.csv") == "code,area\n1,2\n");
  CHECK(svc::decode_input("\xEF\xBB\xBF张伟", Encoding::gbk, "a.csv") == "张伟");
}

TEST_CASE("encoding names: gbk, gb18030 and cp936 in any case are GBK, utf-8 and utf8 are UTF-8") {
  for (const char* name : {"gbk", "GBK", "Gbk", "gb18030", "GB18030", "cp936", "CP936", "Cp936"})
    CHECK_MESSAGE(svc::parse_encoding(name) == Encoding::gbk, name);
  for (const char* name : {"utf-8", "UTF-8", "utf8", "UTF8"}) CHECK_MESSAGE(svc::parse_encoding(name) == Encoding::utf8, name);
  for (const char* name : {"", "big5", "latin1", "gb2312", "utf-16"}) CHECK_MESSAGE(!svc::parse_encoding(name), name);
}
