// svc audit: one entry per mutating command, the hash chain, and tamper detection.
#include "harness.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

TEST_CASE("each mutating command writes exactly one audit entry") {
  Cli c;
  auto count = [&] {
    const std::string out = c.run({"--csv", "audit", "log"}).out;
    return std::count(out.begin(), out.end(), '\n');
  };
  const auto start = count();
  REQUIRE(c.run({"unit", "import", c.write("u.csv", example("units.csv"))}).code == 0);
  CHECK(count() == start + 1);
  REQUIRE(c.run({"unit", "set", "1-1-101", "--status", "occupied", "--owner", "新业主"}).code == 0);
  CHECK(count() == start + 2);
  CHECK(c.run({"unit", "list"}).code == 0);  // reads write nothing
  CHECK(count() == start + 2);
}

TEST_CASE("audit verify passes, then names an altered entry") {
  Cli c;
  REQUIRE(c.run({"unit", "import", c.write("u.csv", example("units.csv"))}).code == 0);
  REQUIRE(c.run({"unit", "set", "1-1-101", "--status", "occupied"}).code == 0);
  auto r = c.run({"audit", "verify"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "3 entries"));
  c.sql("UPDATE audit SET actor = 'mallory' WHERE id = 2");
  r = c.run({"audit", "verify"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "failed at entry 2"));
}

TEST_CASE("audit verify names a unit row changed with the sqlite3 tool") {
  Cli c;
  REQUIRE(c.run({"unit", "import", c.write("u.csv", example("units.csv"))}).code == 0);
  c.sql("UPDATE unit SET owner_name = '某人' WHERE code = '2-1-301'");
  const auto r = c.run({"audit", "verify"});
  CHECK(r.code == 65);
  CHECK(contains(r.out, "(2-1-301) was changed outside svc"));
}

TEST_CASE("audit verify notices a removed entry and a row inserted behind svc's back") {
  Cli c;
  REQUIRE(c.run({"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant"}).code == 0);
  REQUIRE(c.run({"unit", "set", "9-1-101", "--status", "occupied"}).code == 0);
  Cli d;
  d.sql("INSERT INTO unit (code, building, room, area_centi, status, created_at, updated_at) "
        "VALUES ('8-1-1', '8', '1', 100, 'vacant', 0, 0)");
  auto r = d.run({"audit", "verify"});
  CHECK(r.code == 65);
  CHECK(contains(r.out, "no audit entry"));
  c.sql("DELETE FROM audit WHERE id = 2");
  r = c.run({"audit", "verify"});
  CHECK(r.code == 65);
  CHECK(contains(r.out, "was removed"));
}

TEST_CASE("audit log --entity shows what changed, field by field") {
  Cli c;
  REQUIRE(c.run({"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant"}).code == 0);
  REQUIRE(c.run({"unit", "set", "9-1-101", "--owner", "王五"}).code == 0);
  const auto r = c.run({"--json", "audit", "log", "--entity", "9-1-101"});
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "9-1-101: created"));
  CHECK(contains(r.out, "owner_name:  → 王五"));
  CHECK(contains(r.out, "\"command\": \"svc unit set 9-1-101 --owner 王五\""));
}
