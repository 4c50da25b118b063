// svc visit: the satisfaction labels come from the policy's visit.scale (domain-rules 1.10,
// policy.md [visit]) wherever a rating is shown, so a site that renames them sees its names.
#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::seed_example;

namespace {

std::string ok(Cli& c, std::vector<std::string> args) { return svc::test::run_ok(c, std::move(args)); }

// A repair done at 11:00 and called back the next morning with `rating`.
void repaired_and_called(Cli& c, const std::string& rating) {
  seed_example(c);
  ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "厨房水管漏水", "--urgent"});
  ok(c, {"ticket", "dispatch", "T1", "--to", "wuming"});
  ok(c, {"ticket", "arrive", "T1"});
  c.set_env("SVC_NOW", "2026-11-23T11:00");
  ok(c, {"ticket", "done", "T1"});
  c.set_env("SVC_NOW", "2026-11-24T10:00");
  ok(c, {"visit", "log", "--ticket", "T1", "--method", "phone", "--rating", rating});
}

}  // namespace

TEST_CASE("visit: ratings are shown with the default scale's labels (domain-rules 1.10)") {
  Cli c;
  repaired_and_called(c, "4");
  const auto v = svc::parse_json(ok(c, {"--json", "visit", "show", "V1"}));
  CHECK(v.get("rating").as_int() == 4);
  CHECK(v.get("rating_label").as_string() == "满意");
  const auto t = svc::parse_json(ok(c, {"--json", "ticket", "show", "T1"}));
  CHECK(t.get("rating_label").as_string() == "满意");
  CHECK(contains(ok(c, {"--csv", "visit", "list"}), ",4,满意,"));
}

TEST_CASE("visit: a site that renames the scale sees its names everywhere a rating is shown (policy visit.scale)") {
  Cli c;
  c.set_env("SVC_POLICY", c.write("site.toml", "[visit]\nscale = [\"很差\", \"差\", \"还行\", \"好\", \"很好\"]\n"));
  repaired_and_called(c, "4");
  // visit show and list, as JSON and as a table.
  CHECK(svc::parse_json(ok(c, {"--json", "visit", "show", "V1"})).get("rating_label").as_string() == "好");
  CHECK(contains(ok(c, {"visit", "show", "V1"}), "好"));
  CHECK(svc::parse_json(ok(c, {"--json", "visit", "list"})).as_array()[0].get("rating_label").as_string() == "好");
  CHECK(contains(ok(c, {"visit", "list"}), "好"));
  // The callback rating on the ticket.
  CHECK(svc::parse_json(ok(c, {"--json", "ticket", "show", "T1"})).get("rating_label").as_string() == "好");
  const auto table = ok(c, {"ticket", "show", "T1"});
  CHECK(contains(table, "好"));
  CHECK_FALSE(contains(table, "满意"));
  // The out-of-range and missing-rating messages name the site's scale, not the default's.
  auto r = c.run({"visit", "log", "--unit", "1-1-102", "--method", "phone", "--rating", "6"});
  CHECK(r.code == 64);
  CHECK_MESSAGE(contains(r.err, "--rating 6 is out of range (allowed: 1 很差, 2 差, 3 还行, 4 好, 5 很好)"), r.err);
  CHECK_FALSE(contains(r.err, "very satisfied"));
  r = c.run({"visit", "log", "--unit", "1-1-102", "--method", "phone"});
  CHECK(r.code == 64);
  CHECK_MESSAGE(contains(r.err, "--rating is required (1 很差, 2 差, 3 还行, 4 好, 5 很好)"), r.err);
}

TEST_CASE("visit: the callback rating of a complaint shows its label (domain-rules 2.7, 1.10)") {
  Cli c;
  c.set_env("SVC_POLICY", c.write("site.toml", "[visit]\nscale = [\"很差\", \"差\", \"还行\", \"好\", \"很好\"]\n"));
  seed_example(c);
  ok(c, {"--as", "wangfang", "complaint", "new", "--unit", "1-1-102", "--subject", "夜间噪音"});
  ok(c, {"--as", "wangfang", "complaint", "resolve", "C1", "--resolution", "已协调"});
  ok(c, {"--as", "wangfang", "visit", "log", "--complaint", "C1", "--method", "phone", "--rating", "5"});
  CHECK(svc::parse_json(ok(c, {"--json", "complaint", "show", "C1"})).get("rating_label").as_string() == "很好");
  CHECK(contains(ok(c, {"complaint", "show", "C1"}), "很好"));
}

TEST_CASE("visit log --help names no hard-coded labels: it points at the policy's visit.scale") {
  Cli c(false);
  for (const char* lang : {"en", "zh"}) {
    c.set_env("SVC_LANG", lang);
    const auto r = c.run({"visit", "log", "--help"});
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "visit.scale"));
    CHECK_FALSE(contains(r.out, "非常满意"));
    CHECK_FALSE(contains(r.out, "极不满意"));
  }
}
