// svc policy check/show/explain from the command line.
#include "harness.hpp"

using svc::test::Cli;
using svc::test::contains;

TEST_CASE("policy show | policy check - round-trips the effective policy") {
  Cli c(false);
  const auto show = c.run({"policy", "show"});
  REQUIRE(show.code == 0);
  CHECK(contains(show.out, "[ticket.callback]"));
  const auto check = c.run({"policy", "check", "-"}, show.out);
  CHECK_MESSAGE(check.code == 0, check.err);
  CHECK(contains(check.err, "ok: <stdin>"));
}

TEST_CASE("policy show reflects a site file over the defaults") {
  Cli c(false);
  const auto p = c.write("svc.toml", "[ticket.callback]\nleak = \"4d\"\n");
  const auto show = c.run({"--policy", p, "policy", "show"});
  REQUIRE_MESSAGE(show.code == 0, show.err);
  CHECK(contains(show.out, "leak = \"4d\""));
  CHECK(contains(show.out, "safety = \"2d\""));
}

TEST_CASE("policy check FILE reports problems with file:line:column and exit 78") {
  Cli c(false);
  const auto p = c.write("bad.toml", "[complaint]\ncallback_within = 48\n");
  const auto r = c.run({"policy", "check", p});
  CHECK(r.code == 78);
  CHECK_MESSAGE(contains(r.err, p + ":2:19: complaint.callback_within:"), r.err);
}

TEST_CASE("policy explain ticket.callback.leak gives value, default and rule (domain-rules 1.9)") {
  Cli c(false);
  const auto r = c.run({"--json", "policy", "explain", "ticket.callback.leak"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.out, "\"value\": \"\\\"3d\\\"\""));
  CHECK(contains(r.out, "domain-rules 1.9"));
}

TEST_CASE("policy explain of an unknown key suggests close ones") {
  Cli c(false);
  const auto r = c.run({"policy", "explain", "ticket.callbak.leak"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "ticket.callback.leak"));
}
