// Bad input: every case asserts the exit code, the message (naming field, value and what is
// allowed) and that the database did not change at all (cli.md "Conventions").
#include "harness.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

namespace {

void seed(Cli& c) {
  auto s = c.run({"staff", "import", c.write("staff.csv", example("staff.csv"))});
  REQUIRE_MESSAGE(s.code == 0, s.err);
  auto u = c.run({"unit", "import", c.write("units.csv", example("units.csv"))});
  REQUIRE_MESSAGE(u.code == 0, u.err);
}

struct Case {
  std::vector<std::string> args;
  std::string input;
  int code;
  std::string message;
  std::string os_login = "root";
};

void check_bad(Cli& c, const Case& k) {
  const std::string before = c.digest();
  c.os_login = k.os_login;
  const auto r = c.run(k.args, k.input);
  CHECK_MESSAGE(r.code == k.code, "stderr: " << r.err);
  CHECK_MESSAGE(contains(r.err, k.message), "stderr: " << r.err);
  CHECK(r.out.empty());
  CHECK(c.digest() == before);
}

const std::string kHeader =
    "code,building,entrance,room,area_m2,status,owner_name,owner_phone,tenant_name,tenant_phone,moved_in,has_parking\n";

}  // namespace

// Each BAD(...) is its own test case (one CTest entry each).
#define BAD(name, ...)                \
  TEST_CASE("bad input: " name) {     \
    Cli c;                            \
    seed(c);                          \
    check_bad(c, Case{__VA_ARGS__});  \
  }
// Cases that need a file: FILE_BAD(name, filename, content, args-after-file, code, message).
#define FILE_BAD(name, verb, content, code, message)                                   \
  TEST_CASE("bad input: " name) {                                                      \
    Cli c;                                                                             \
    seed(c);                                                                           \
    const auto f = c.write("in.csv", content);                                         \
    check_bad(c, Case{{verb, "import", f}, "", code, message});                        \
  }

// --- unit import (all or nothing) ---
FILE_BAD("unit import of a GBK file read as UTF-8 says how to fix it", "unit",
         kHeader + "9-1-101,9,1,101,80.00,occupied,\xD5\xC5\xC8\xFD,,,,,no\n", 65, "--encoding gbk")
FILE_BAD("unit import with a truncated UTF-8 sequence", "unit",
         kHeader + "9-1-101,9,1,101,80.00,occupied,\xE5\xBC,,,,,no\n", 65, "not valid UTF-8")
FILE_BAD("unit import area with three decimals", "unit",
         kHeader + "9-1-101,9,1,101,89.375,occupied,王五,,,,,no\n", 65, "column area_m2: '89.375'")
FILE_BAD("unit import negative area", "unit",
         kHeader + "9-1-101,9,1,101,-80,occupied,王五,,,,,no\n", 65, "column area_m2: '-80'")
FILE_BAD("unit import unknown status", "unit",
         kHeader + "9-1-101,9,1,101,80.00,sold,王五,,,,,no\n", 65, "column status: 'sold': allowed: occupied, vacant, entrusted, rented")
FILE_BAD("unit import unknown column", "unit", "code,area_m2,status,floor\n9-1-101,80,occupied,3\n", 65, "floor")
FILE_BAD("unit import missing required column", "unit", "code,status\n9-1-101,occupied\n", 65, "area_m2")
FILE_BAD("unit import duplicate code within the file", "unit",
         kHeader + "9-1-101,9,1,101,80.00,occupied,王五,,,,,no\n9-1-101,9,1,101,80.00,occupied,王五,,,,,no\n", 65,
         "appears twice")
FILE_BAD("unit import bad owner phone", "unit",
         kHeader + "9-1-101,9,1,101,80.00,occupied,王五,12ab,,,,no\n", 65, "column owner_phone: '12ab'")
FILE_BAD("unit import impossible move-in date", "unit",
         kHeader + "9-1-101,9,1,101,80.00,occupied,王五,,,,2026-02-30,no\n", 65, "column moved_in: '2026-02-30'")
FILE_BAD("unit import rented unit without tenant (domain-rules 3.6)", "unit",
         kHeader + "9-1-101,9,1,101,80.00,rented,王五,,,,,no\n", 65, "tenant")
FILE_BAD("unit import unterminated quote", "unit", kHeader + "9-1-101,9,1,101,80.00,occupied,\"王五,,,,,no\n", 65,
         "in.csv")
FILE_BAD("unit import ragged row", "unit", kHeader + "9-1-101,9,1,101,80.00\n", 65, "line 2")
FILE_BAD("unit import bad parking flag", "unit",
         kHeader + "9-1-101,9,1,101,80.00,occupied,王五,,,,,maybe\n", 65, "column has_parking: 'maybe'")
FILE_BAD("unit import one bad row among good ones imports nothing", "unit",
         kHeader + "9-1-101,9,1,101,80.00,occupied,王五,,,,,no\n9-1-102,9,1,102,abc,occupied,赵六,,,,,no\n", 65,
         "in.csv:3: column area_m2: 'abc'")
FILE_BAD("unit import bad unit code", "unit", kHeader + "9--101,9,1,101,80.00,occupied,王五,,,,,no\n", 65,
         "column code: '9--101'")
BAD("unit import of a missing file", {"unit", "import", "/nonexistent/units.csv"}, "", 66, "cannot read '/nonexistent/units.csv'")
BAD("unit import with an unknown encoding", {"unit", "import", "-", "--encoding", "big5"}, kHeader, 64, "--encoding")

// --- unit add / set / show / list ---
BAD("unit add of an existing code", {"unit", "add", "--code", "1-1-101", "--area", "80", "--status", "vacant"}, "", 65,
    "unit '1-1-101' already exists")
BAD("unit add with a malformed code", {"unit", "add", "--code", "3--1", "--area", "80", "--status", "vacant"}, "", 64,
    "'3--1'")
BAD("unit add without area", {"unit", "add", "--code", "9-1-101", "--status", "vacant"}, "", 64, "--area '': required")
BAD("unit add with a negative area", {"unit", "add", "--code", "9-1-101", "--area", "-5", "--status", "vacant"}, "",
    64, "'-5'")
BAD("unit add with a non-numeric area", {"unit", "add", "--code", "9-1-101", "--area", "abc", "--status", "vacant"},
    "", 64, "'abc'")
BAD("unit add with an unknown status", {"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "sold"}, "",
    64, "allowed: occupied, vacant, entrusted, rented")
BAD("unit set of an unknown unit", {"unit", "set", "9-9-999", "--status", "vacant"}, "", 66, "unknown unit '9-9-999'")
BAD("unit set with nothing to change", {"unit", "set", "1-1-101"}, "", 64, "nothing to change")
BAD("unit set rented without a tenant (domain-rules 3.6)", {"unit", "set", "1-1-102", "--status", "rented"}, "", 64,
    "tenant")
BAD("unit list with an unknown status", {"unit", "list", "--status", "sold"}, "", 64, "--status")
BAD("unit show of an unknown unit", {"unit", "show", "7-7-707"}, "", 66, "unknown unit '7-7-707'")

// --- staff ---
BAD("staff add with an unknown role", {"staff", "add", "--login", "li", "--name", "李", "--role", "boss"}, "", 64,
    "unknown role 'boss' (allowed: technician")
BAD("staff add with an invalid login", {"staff", "add", "--login", "王 芳", "--name", "王芳", "--role", "frontdesk"}, "",
    64, "invalid login")
BAD("staff add of an existing login", {"staff", "add", "--login", "wangfang", "--name", "王芳", "--role", "frontdesk"},
    "", 65, "already exists")
BAD("staff add without a name", {"staff", "add", "--login", "li", "--role", "frontdesk"}, "", 64, "--name is required")
BAD("staff add with an invalid phone", {"staff", "add", "--login", "li", "--name", "李", "--role", "frontdesk", "--phone", "call me"},
    "", 64, "invalid phone 'call me'")
BAD("staff set of an unknown login", {"staff", "set", "nobody", "--role", "frontdesk"}, "", 66, "unknown staff member 'nobody'")
BAD("staff import with an unknown role", {"staff", "import", "-"}, "login,name,role\nli,李,boss\n", 65,
    "<stdin>:2: column role: 'boss'")
BAD("staff import with a duplicate login", {"staff", "import", "-"}, "login,name,role\nli,李,frontdesk\nli,李,frontdesk\n",
    65, "appears twice")

// --- permissions (domain-rules 9.2) ---
BAD("frontdesk may not add staff", {"staff", "add", "--login", "li", "--name", "李", "--role", "frontdesk"}, "", 77,
    "needs role admin", "wangfang")
BAD("quality (read-only) may not change units", {"unit", "set", "1-1-101", "--status", "occupied"}, "", 77,
    "read-only", "majie")
BAD("technician may not import units", {"unit", "import", "-"}, kHeader, 77, "needs role assistant", "wuming")
BAD("unknown --as is refused", {"--as", "ghost", "unit", "list"}, "", 77, "'ghost'")
BAD("--as a higher role is refused", {"--as", "sunwei", "unit", "list"}, "", 77, "same or a lower role", "wangfang")
BAD("an OS user who is not staff is refused", {"unit", "list"}, "", 77, "is not a staff member", "stranger")
BAD("frontdesk may not --reveal phones", {"--reveal", "unit", "list"}, "", 77, "needs role assistant", "wangfang")
TEST_CASE("bad input: inactive staff may not act") {
  Cli c;
  seed(c);
  REQUIRE(c.run({"staff", "set", "zhaoli", "--active", "no"}).code == 0);
  check_bad(c, Case{{"unit", "list"}, "", 77, "staff member 'zhaoli' is not active", "zhaoli"});
}

// --- global options and parsing ---
BAD("--now that is not a time", {"--now", "tomorrow", "unit", "list"}, "", 64, "--now 'tomorrow'")
BAD("--format that does not exist", {"--format", "xml", "unit", "list"}, "", 64, "--format 'xml'")
BAD("--lang that does not exist", {"--lang", "fr", "unit", "list"}, "", 64, "--lang 'fr'")
BAD("an unknown noun", {"frobnicate"}, "", 64, "frobnicate")
BAD("an unknown option", {"unit", "list", "--colour-me"}, "", 64, "--colour-me")
BAD("a missing policy file", {"--policy", "/nonexistent/policy.toml", "unit", "list"}, "", 66, "/nonexistent/policy.toml")
BAD("audit log --since that is not a time", {"audit", "log", "--since", "last fortnight"}, "", 64, "--since 'last fortnight'")
BAD("db backup onto an existing file", {"db", "backup", "/etc/passwd"}, "", 73, "already exists")

TEST_CASE("bad input: a policy with an unknown key exits 78 with file, line and column") {
  Cli c;
  seed(c);
  const auto before = c.digest();
  const auto p = c.write("policy.toml", "[ticket]\nclock = \"calendar\"\ncolour = \"blue\"\n");
  const auto r = c.run({"--policy", p, "unit", "list"});
  CHECK(r.code == 78);
  CHECK_MESSAGE(contains(r.err, p + ":3:1: ticket.colour: unknown key"), r.err);
  CHECK(c.digest() == before);
}

TEST_CASE("bad input: a policy with a bad duration exits 78 naming the key") {
  Cli c;
  seed(c);
  const auto before = c.digest();
  const auto p = c.write("policy.toml", "[ticket.callback]\nleak = \"soon\"\n");
  const auto r = c.run({"--policy", p, "unit", "list"});
  CHECK(r.code == 78);
  CHECK_MESSAGE(contains(r.err, p + ":2:8: ticket.callback.leak:"), r.err);
  CHECK_MESSAGE(contains(r.err, "soon"), r.err);
  CHECK(c.digest() == before);
}

TEST_CASE("bad input: unit add reports every bad option at once, by its option name") {
  Cli c;
  seed(c);
  const auto before = c.digest();
  const auto r = c.run({"unit", "add", "--code", "9-1-101", "--area", "1.234", "--status", "sold", "--owner-phone", "x1"});
  CHECK(r.code == 64);
  CHECK_MESSAGE(contains(r.err, "--area '1.234'"), r.err);
  CHECK_MESSAGE(contains(r.err, "--status 'sold'"), r.err);
  CHECK_MESSAGE(contains(r.err, "--owner-phone 'x1'"), r.err);
  CHECK(c.digest() == before);
}

BAD("an unknown verb names the noun and the verb", {"unit", "frob"}, "", 64, "unknown command 'unit frob'")
