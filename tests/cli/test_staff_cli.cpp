// svc staff and the acting identity: add, set, import, list, --as and SVC_USER.
#include "harness.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

TEST_CASE("staff import adds the example staff and a re-import updates in place") {
  Cli c;
  auto r = c.run({"staff", "import", c.write("s.csv", example("staff.csv"))});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "added 11, updated 0"));
  r = c.run({"--csv", "staff", "list", "--role", "technician"});
  CHECK(contains(r.out, "wuming"));
  CHECK(!contains(r.out, "wangfang"));
  r = c.run({"staff", "import", "-"}, "login,name,role\nwangfang,王芳,assistant\n");
  CHECK(r.code == 0);
  CHECK(contains(r.err, "updated 1"));
  r = c.run({"--json", "staff", "list", "--role", "assistant"});
  CHECK(contains(r.out, "wangfang"));
}

TEST_CASE("staff set --active no hides from list and --all shows again") {
  Cli c;
  REQUIRE(c.run({"staff", "add", "--login", "li", "--name", "李", "--role", "frontdesk"}).code == 0);
  REQUIRE(c.run({"staff", "set", "li", "--active", "no"}).code == 0);
  CHECK(!contains(c.run({"--csv", "staff", "list"}).out, "li,"));
  CHECK(contains(c.run({"--csv", "staff", "list", "--all"}).out, "li,"));
}

TEST_CASE("--as and SVC_USER choose the acting staff member and the audit names them") {
  Cli c;
  REQUIRE(c.run({"staff", "import", c.write("s.csv", example("staff.csv"))}).code == 0);
  REQUIRE(c.run({"--as", "chenjing", "unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant"}).code == 0);
  c.set_env("SVC_USER", "chenjing");
  REQUIRE(c.run({"unit", "set", "9-1-101", "--status", "occupied"}).code == 0);
  const auto log = c.run({"--json", "audit", "log", "--entity", "9-1-101"});
  CHECK(contains(log.out, "\"actor\": \"chenjing\""));
  CHECK(contains(log.out, "\"action\": \"unit.add\""));
  CHECK(contains(log.out, "\"action\": \"unit.set\""));
}

TEST_CASE("a supervisor may act as a frontdesk member (same or lower role)") {
  Cli c;
  REQUIRE(c.run({"staff", "import", c.write("s.csv", example("staff.csv"))}).code == 0);
  c.os_login = "liuqiang";
  const auto r = c.run({"--as", "wangfang", "unit", "list"});
  CHECK_MESSAGE(r.code == 0, r.err);
}

TEST_CASE("staff import counts unchanged rows and writes no audit entry for them") {
  Cli c;
  const auto f = c.write("s.csv", example("staff.csv"));
  REQUIRE(c.run({"staff", "import", f}).code == 0);
  const auto before = c.digest();
  const auto r = c.run({"staff", "import", f});
  CHECK(r.code == 0);
  CHECK(contains(r.err, "added 0, updated 0, unchanged 11"));
  CHECK(c.digest() == before);
}

TEST_CASE("staff set: the last active admin cannot deactivate or demote themself, another admin first") {
  Cli c;  // root is the only admin
  const auto before = c.digest();
  auto r = c.run({"staff", "set", "root", "--active", "no"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "last active admin"));
  r = c.run({"staff", "set", "root", "--role", "manager"});
  CHECK(r.code == 65);
  CHECK(c.digest() == before);
  REQUIRE(c.run({"staff", "add", "--login", "second", "--name", "副管理员", "--role", "admin"}).code == 0);
  CHECK(c.run({"staff", "set", "root", "--role", "manager"}).code == 0);
  // An import that would leave nobody is refused whole.
  const auto mid = c.digest();
  c.os_login = "second";
  r = c.run({"staff", "import", c.write("s.csv", "login,name,role,active\nsecond,副管理员,admin,no\n")});
  CHECK(r.code == 65);
  CHECK(c.digest() == mid);
}
