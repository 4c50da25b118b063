// The clock on real writes (issue "Correctness" 16): a change recorded under a clock set by --now
// or SVC_NOW says so on stderr, and a record's history never goes back in time.
#include "harness.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;
using svc::test::seed_example;

namespace {

const std::string kNote = "the clock is set to";

// Runs and requires exit 0; returns stdout without its newline (a ref such as T1).
std::string ok(Cli& c, std::vector<std::string> args) {
  std::string out = svc::test::run_ok(c, std::move(args));
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

TEST_CASE("clock: a write under SVC_NOW or --now says on stderr when it is recorded, even with -q (issue 16a)") {
  Cli c;  // SVC_NOW=2026-11-23T09:00
  auto r = c.run({"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK_MESSAGE(contains(r.err, "svc: note: the clock is set to 2026-11-23 09:00 by SVC_NOW; this change is recorded at "
                                "that time\n"),
                r.err);
  // A warning about the data, not chatter: -q keeps it.
  r = c.run({"-q", "--now", "2026-11-24T10:30", "unit", "set", "9-1-101", "--status", "occupied"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.err == "svc: note: the clock is set to 2026-11-24 10:30 by --now; this change is recorded at that time\n");
  // In the reader's language.
  c.set_env("SVC_LANG", "zh");
  r = c.run({"unit", "set", "9-1-101", "--status", "vacant"});
  CHECK(contains(r.err, "时钟由 SVC_NOW 设为 2026-11-23 09:00"));
}

TEST_CASE("clock: reads, dry runs and writes that change nothing say nothing about the clock (issue 16a)") {
  Cli c;
  const auto units = c.write("units.csv", example("units.csv"));
  auto r = c.run({"unit", "import", "--dry-run", units});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK_FALSE(contains(r.err, kNote));
  r = c.run({"unit", "import", units});
  CHECK(contains(r.err, kNote));
  r = c.run({"unit", "import", units});  // unchanged: nothing recorded
  REQUIRE(r.code == 0);
  CHECK_FALSE(contains(r.err, kNote));
  r = c.run({"unit", "list"});
  REQUIRE(r.code == 0);
  CHECK_FALSE(contains(r.err, kNote));
  // A failed write records nothing either.
  r = c.run({"unit", "add", "--code", "1-1-101", "--area", "80", "--status", "vacant"});
  CHECK(r.code == 65);
  CHECK_FALSE(contains(r.err, kNote));
}

TEST_CASE("clock: on the system clock a write says nothing about the clock") {
  Cli c;
  c.unset_env("SVC_NOW");
  const auto r = c.run({"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK_FALSE(contains(r.err, kNote));
}

TEST_CASE("history runs forward: a ticket created at 10:00 is not dispatched at 09:00 (issue 16b, record kit)") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_NOW", "2026-11-23T10:00");
  const auto t = ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "厨房水管漏水", "--urgent"});
  const auto before = c.digest();
  auto r = c.run({"--now", "2026-11-23T09:00", "ticket", "dispatch", t, "--to", "wuming"});
  CHECK(r.code == 65);
  CHECK_MESSAGE(contains(r.err, "cannot change " + t + " at 2026-11-23 09:00: its history already has a step at "
                                "2026-11-23 10:00"),
                r.err);
  CHECK(contains(r.err, "check --now and SVC_NOW"));
  CHECK_FALSE(contains(r.err, kNote));
  CHECK(c.digest() == before);
  // At the same minute or later it goes on.
  ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
}

TEST_CASE("history runs forward for complaints too, and for a callback logged on one (issue 16b, record kit)") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_NOW", "2026-11-23T10:00");
  const auto x = ok(c, {"--as", "wangfang", "complaint", "new", "--unit", "1-1-102", "--subject", "夜间噪音"});
  auto before = c.digest();
  auto r = c.run({"--as", "wangfang", "--now", "2026-11-22T18:00", "complaint", "resolve", x, "--resolution", "已协调"});
  CHECK(r.code == 65);
  CHECK_MESSAGE(contains(r.err, "cannot change " + x + " at 2026-11-22 18:00"), r.err);
  CHECK(c.digest() == before);
  ok(c, {"--as", "wangfang", "complaint", "resolve", x, "--resolution", "已协调"});
  before = c.digest();
  r = c.run({"--as", "wangfang", "--now", "2026-11-23T09:59", "visit", "log", "--complaint", x, "--method", "phone",
             "--rating", "4"});
  CHECK(r.code == 65);
  CHECK_MESSAGE(contains(r.err, "its history already has a step at 2026-11-23 10:00"), r.err);
  CHECK(c.digest() == before);
}
