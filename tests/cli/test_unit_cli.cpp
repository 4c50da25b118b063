// svc unit: import (UTF-8, BOM, GBK, dry run, re-import), list/show/add/set/summary, masking.
#include "harness.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

namespace {
const std::string kHeader =
    "code,building,entrance,room,area_m2,status,owner_name,owner_phone,tenant_name,tenant_phone,moved_in,has_parking\n";
}

TEST_CASE("unit import of the example estate, then a re-import changes nothing") {
  Cli c;
  const auto f = c.write("units.csv", example("units.csv"));
  auto r = c.run({"unit", "import", f});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "added 72, updated 0, unchanged 0"));
  const auto after_first = c.digest();
  r = c.run({"unit", "import", f});
  CHECK(r.code == 0);
  CHECK(contains(r.err, "added 0, updated 0, unchanged 72"));
  CHECK(c.digest() == after_first);  // no audit entry for a no-op import
}

TEST_CASE("unit import --dry-run reports and changes nothing") {
  Cli c;
  const auto before = c.digest();
  const auto r = c.run({"unit", "import", "--dry-run", c.write("units.csv", example("units.csv"))});
  CHECK(r.code == 0);
  CHECK(contains(r.err, "would add 72"));
  CHECK(c.digest() == before);
}

TEST_CASE("unit import accepts a UTF-8 BOM and a GBK file with --encoding gbk") {
  Cli c;
  auto r = c.run({"unit", "import", c.write("bom.csv", "\xEF\xBB\xBF" + kHeader + "9-1-101,9,1,101,80.00,occupied,王五,,,,,no\n")});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  // 张三 in GBK is D5 C5 C8 FD.
  r = c.run({"unit", "import", "--encoding", "gbk",
             c.write("gbk.csv", kHeader + "9-1-102,9,1,102,80.00,occupied,\xD5\xC5\xC8\xFD,,,,,no\n")});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  r = c.run({"--json", "unit", "show", "9-1-102"});
  CHECK(contains(r.out, "\"owner_name\": \"张三\""));
}

TEST_CASE("unit import updates changed rows and records one audit entry") {
  Cli c;
  REQUIRE(c.run({"unit", "import", c.write("a.csv", kHeader + "9-1-101,9,1,101,80.00,vacant,王五,,,,,no\n")}).code == 0);
  const auto r = c.run({"unit", "import", c.write("b.csv", kHeader + "9-1-101,9,1,101,80.00,occupied,王五,,,,2026-11-01,no\n")});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "updated 1"));
  // --entity finds the import entries by the unit they touched.
  const auto log = c.run({"--json", "audit", "log", "--entity", "9-1-101"});
  CHECK(contains(log.out, "status: vacant → occupied"));
  CHECK(contains(log.out, "\"action\": \"unit.import\""));
}

TEST_CASE("unit list filters and masks phones unless revealed by an allowed role") {
  Cli c;
  REQUIRE(c.run({"staff", "import", c.write("s.csv", example("staff.csv"))}).code == 0);
  REQUIRE(c.run({"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "occupied", "--owner", "王五",
                 "--owner-phone", "13812345678"}).code == 0);
  auto r = c.run({"--csv", "unit", "list", "--building", "9"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "138****5678"));
  CHECK(!contains(r.out, "13812345678"));
  r = c.run({"--reveal", "--csv", "unit", "list", "--building", "9"});  // root is admin
  CHECK(contains(r.out, "13812345678"));
  c.os_login = "chenjing";  // assistant: reveal_phone = assistant
  r = c.run({"--reveal", "--json", "unit", "show", "9-1-101"});
  CHECK(contains(r.out, "13812345678"));
}

TEST_CASE("unit list --fail-if-any exits 1 only when something is listed") {
  Cli c;
  REQUIRE(c.run({"unit", "import", c.write("u.csv", example("units.csv"))}).code == 0);
  CHECK(c.run({"unit", "list", "--status", "vacant", "--fail-if-any"}).code == 1);
  CHECK(c.run({"unit", "list", "--building", "77", "--fail-if-any"}).code == 0);
}

TEST_CASE("unit add, set and show round-trip in JSON") {
  Cli c;
  REQUIRE(c.run({"unit", "add", "--code", "5-1-1501", "--area", "89.37", "--status", "vacant"}).code == 0);
  auto r = c.run({"unit", "set", "5-1-1501", "--status", "rented", "--tenant", "李雷", "--tenant-phone", "13900001111"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  r = c.run({"--json", "unit", "show", "5-1-1501"});
  CHECK(contains(r.out, "\"status\": \"rented\""));
  CHECK(contains(r.out, "\"building\": \"5\""));
  CHECK(contains(r.out, "\"entrance\": \"1\""));
  CHECK(contains(r.out, "\"room\": \"1501\""));
  CHECK(contains(r.out, "\"area_m2\": \"89.37\""));
  CHECK(contains(r.out, "\"tenant_phone\": \"139****1111\""));
}

TEST_CASE("unit list table aligns Chinese text in Chinese") {
  Cli c;
  c.unset_env("SVC_LANG");
  REQUIRE(c.run({"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "occupied", "--owner", "欧阳娜娜"}).code == 0);
  REQUIRE(c.run({"unit", "add", "--code", "9-1-102", "--area", "80", "--status", "vacant", "--owner", "Li"}).code == 0);
  const auto r = c.run({"unit", "list"});
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "房号"));
  CHECK(contains(r.out, "空置"));
  // The owner column starts at the same display column on both data rows.
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  REQUIRE(lines.size() == 4);
  const auto col = [](const std::string& line, const std::string& needle) {
    return svc::render::display_width(line.substr(0, line.find(needle)));
  };
  CHECK(col(lines[2], "欧阳娜娜") == col(lines[3], "Li"));
}

TEST_CASE("unit summary counts by status and building") {
  Cli c;
  REQUIRE(c.run({"unit", "import", c.write("u.csv", example("units.csv"))}).code == 0);
  const auto r = c.run({"--json", "unit", "summary"});
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "\"key\": \"occupied\""));
  CHECK(contains(r.out, "\"key\": \"3\""));
  CHECK(contains(r.out, "\"units\": 24"));
}

TEST_CASE("unit import of a file with fewer columns keeps the other fields of existing units") {
  Cli c;
  REQUIRE(c.run({"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant", "--owner", "王五",
                 "--owner-phone", "13812345678"}).code == 0);
  const auto r = c.run({"unit", "import", "-"}, "code,area_m2,status\n9-1-101,80,occupied\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "updated 1"));
  const auto show = c.run({"--json", "--reveal", "unit", "show", "9-1-101"});
  CHECK(contains(show.out, "\"owner_name\": \"王五\""));
  CHECK(contains(show.out, "\"owner_phone\": \"13812345678\""));
  CHECK(contains(show.out, "\"status\": \"occupied\""));
}

TEST_CASE("csv output keeps English column keys and codes in every language") {
  Cli c;
  c.unset_env("SVC_LANG");
  REQUIRE(c.run({"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant"}).code == 0);
  const auto r = c.run({"--csv", "unit", "list"});
  CHECK(r.out.rfind("code,status,area_m2,", 0) == 0);
  CHECK(contains(r.out, ",vacant,"));
  const auto j = c.run({"--json", "unit", "list"});
  CHECK(!contains(j.out, "空置"));
}

// Issue "Correctness" 17: --encoding gbk on a file that is really UTF-8 used to import 张伟 as 寮犱紵
// with exit 0.
TEST_CASE("unit import --encoding gbk of a UTF-8 file is refused with exit 65 and imports nothing") {
  Cli c;
  const auto before = c.digest();
  const auto f = c.write("utf8.csv", kHeader + "9-1-101,9,1,101,80.00,occupied,张伟,,,,,no\n");
  const auto r = c.run({"unit", "import", "--encoding", "gbk", f});
  CHECK(r.code == 65);
  CHECK_MESSAGE(contains(r.err, f + ": line 2: the file is UTF-8, not GBK"), r.err);
  CHECK(contains(r.err, "drop --encoding gbk"));
  CHECK(c.digest() == before);
  REQUIRE(c.run({"unit", "import", f}).code == 0);
  CHECK(contains(c.run({"--json", "unit", "show", "9-1-101"}).out, "\"owner_name\": \"张伟\""));
}

TEST_CASE("every importer takes gbk, gb18030 and cp936 in any case as --encoding, and nothing else") {
  // 张伟 in GBK is D5 C5 CE B0; 王芳 is CD F5 B7 BC.
  Cli c;
  int n = 0;
  for (const std::string name : {"gbk", "GBK", "gb18030", "GB18030", "cp936", "CP936", "Gb18030"}) {
    const std::string room = std::to_string(101 + n++);
    const std::string code = "9-1-" + room;
    auto r = c.run({"unit", "import", "--encoding", name,
                    c.write("gbk.csv", kHeader + code + ",9,1," + room + ",80.00,occupied,\xD5\xC5\xCE\xB0,,,,,no\n")});
    REQUIRE_MESSAGE(r.code == 0, name << ": " << r.err);
    CHECK(contains(c.run({"--json", "unit", "show", code}).out, "\"owner_name\": \"张伟\""));
    r = c.run({"staff", "import", "--encoding", name,
               c.write("staff.csv", "login,name,role,phone\nwangfang,\xCD\xF5\xB7\xBC,frontdesk,13812345678\n")});
    REQUIRE_MESSAGE(r.code == 0, name << ": " << r.err);
    CHECK(contains(c.run({"--json", "staff", "list"}).out, "\"name\": \"王芳\""));
    r = c.run({"fee", "meter", "import", "--dry-run", "--encoding", name, "-"}, "unit,meter,reading,read_on\n");
    CHECK_MESSAGE(r.code != 64, name << ": " << r.err);
  }
  for (std::vector<std::string> verb : {std::vector<std::string>{"unit", "import"}, {"staff", "import"}, {"fee", "meter", "import"}}) {
    verb.insert(verb.end(), {"--encoding", "big5", "-"});
    const auto r = c.run(verb, kHeader);
    CHECK(r.code == 64);
    CHECK_MESSAGE(contains(r.err, "'big5' is not an encoding (allowed: utf-8, gbk, gb18030, cp936)"), r.err);
  }
}
