// svc policy check/show/explain from the command line.
#include <toml++/toml.h>

#include <regex>

#include "harness.hpp"
#include "svc/value.hpp"

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

namespace {

// JSON as svc reads it back (integers only): the fractions (0.7, 1.0) quoted first, so the test
// can compare them as the TOML prints them.
svc::Value parse_policy_json(const std::string& text) {
  return svc::parse_json(std::regex_replace(text, std::regex(R"(: (-?[0-9]+\.[0-9]+)(,?\n))"), ": \"$1\"$2"));
}

// Every key of the TOML table against the JSON object: the same keys, strings and integers equal,
// fractions as numbers.
void same_keys(const toml::table& t, const svc::Value& j, const std::string& path) {
  REQUIRE_MESSAGE(j.is_object(), path);
  CHECK_MESSAGE(j.as_object().size() == t.size(), path);
  for (const auto& [k, node] : t) {
    const std::string key = path.empty() ? std::string(k.str()) : path + "." + std::string(k.str());
    REQUIRE_MESSAGE(j.has(k.str()), "missing in JSON: " << key);
    const auto& v = j.get(k.str());
    if (const auto* sub = node.as_table()) {
      same_keys(*sub, v, key);
    } else if (const auto* arr = node.as_array()) {
      REQUIRE_MESSAGE(v.is_array(), key);
      REQUIRE(v.as_array().size() == arr->size());
      for (std::size_t i = 0; i < arr->size(); ++i) {
        if (const auto* et = arr->get(i)->as_table()) same_keys(*et, v.as_array()[i], key);
        else if (const auto* s = arr->get(i)->as_string()) CHECK_MESSAGE(v.as_array()[i].as_string() == s->get(), key);
      }
    } else if (const auto* s = node.as_string()) {
      CHECK_MESSAGE(v.as_string() == s->get(), key);
    } else if (const auto* i = node.as_integer()) {
      CHECK_MESSAGE(v.as_int() == i->get(), key);
    } else if (const auto* b = node.as_boolean()) {
      CHECK_MESSAGE(v.as_bool() == b->get(), key);
    } else if (const auto* f = node.as_floating_point()) {
      CHECK_MESSAGE(std::stod(v.as_string()) == doctest::Approx(f->get()), key);
    } else {
      FAIL_CHECK("a TOML type the default policy does not use, at " << key);
    }
  }
}

}  // namespace

TEST_CASE("policy show --json is the effective policy as JSON with the keys of the TOML (the hash input)") {
  Cli c(false);
  const auto p = c.write("svc.toml", "[ticket.callback]\nleak = \"4d\"\n[visit]\nscale = [\"很差\",\"差\",\"还行\",\"好\",\"很好\"]\n");
  const auto toml_text = c.run({"--policy", p, "policy", "show"});
  REQUIRE_MESSAGE(toml_text.code == 0, toml_text.err);
  CHECK(contains(toml_text.out, "[ticket.callback]"));  // table output stays TOML
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--policy", p, "--json", "policy", "show"},
                                               {"--policy", p, "policy", "show", "--json"},
                                               {"--policy", p, "--format", "json", "policy", "show"}}) {
    const auto r = c.run(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.front() == '{');
    const auto j = parse_policy_json(r.out);
    // Durations and money keep their TOML strings; the site's values are in.
    CHECK(j.get("ticket").get("callback").get("leak").as_string() == "4d");
    CHECK(j.get("visit").get("scale").as_array()[3].as_string() == "好");
    CHECK(j.get("fee").get("status_factor").get("entrusted").as_string() == "0.7");
    same_keys(toml::parse(toml_text.out), j, "");
  }
}
