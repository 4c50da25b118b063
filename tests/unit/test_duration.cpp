// Unit tests for policy durations: every unit, the canonical text and each rejection (policy.md).
#include <doctest/doctest.h>

#include <string>

#include "svc/duration.hpp"
#include "svc/i18n.hpp"

using svc::Duration;
using svc::parse_duration;
using U = Duration::Unit;

namespace {

// Reasons are compared in English; the language is process-wide, so put it back afterwards.
struct English {
  svc::Lang saved = svc::lang();
  English() { svc::set_lang(svc::Lang::en); }
  ~English() { svc::set_lang(saved); }
};

}  // namespace

TEST_CASE("duration: every unit parses (policy.md durations)") {
  CHECK(parse_duration("90s") == Duration{90, U::seconds});
  CHECK(parse_duration("15m") == Duration{900, U::seconds});
  CHECK(parse_duration("2h") == Duration{7200, U::seconds});
  CHECK(parse_duration("48h") == Duration{172800, U::seconds});
  CHECK(parse_duration("2d") == Duration{2, U::days});
  CHECK(parse_duration("1w") == Duration{1, U::weeks});
  CHECK(parse_duration("3mo") == Duration{3, U::months});
  CHECK(parse_duration("1y") == Duration{1, U::years});
  CHECK(parse_duration("same-day") == Duration{0, U::same_day});
  CHECK(parse_duration("999999999s") == Duration{999999999, U::seconds});
}

TEST_CASE("duration: 0m is an immediate deadline") {
  CHECK(parse_duration("0m") == Duration{0, U::seconds});
  CHECK(parse_duration("0d") == Duration{0, U::days});
}

TEST_CASE("duration: rejects fractions, signs, spaces, full-width digits and unknown units") {
  English en;
  for (const char* bad :
       {"",    "0.5h", "-1d",         "1 d",   "２d",      "1x",       "d",    "1mo2",
        "+1d", "1D",   "1M",          "mo",    "same_day", "Same-day", "1d ",  " 1d",
        "1.d", "1,5d", "1000000000s", "1h30m", "1ms",      "1dd",      "0x10s"}) {
    CAPTURE(bad);
    std::string why;
    CHECK_FALSE(parse_duration(bad, &why).has_value());
    CHECK_FALSE(why.empty());
  }
}

TEST_CASE("duration: each rejection says why") {
  English en;
  std::string why;
  parse_duration("1x", &why);
  CHECK(why == "expected a whole number followed by s, m, h, d, w, mo or y, or same-day");
  parse_duration("-1d", &why);
  CHECK(why == "durations cannot be negative");
  parse_duration("0.5h", &why);
  CHECK(why.find("fractions") != std::string::npos);
  parse_duration("1 d", &why);
  CHECK(why.find("spaces") != std::string::npos);
  parse_duration("２d", &why);
  CHECK(why.find("full-width") != std::string::npos);
  parse_duration("1000000000s", &why);
  CHECK(why.find("too large") != std::string::npos);
  CHECK_FALSE(parse_duration("1x").has_value());  // no `why` pointer is fine
}

TEST_CASE("duration: reasons are translated to Chinese by default (i18n)") {
  const svc::Lang saved = svc::lang();
  svc::set_lang(svc::Lang::zh);
  std::string why;
  parse_duration("1x", &why);
  svc::set_lang(saved);
  CHECK(why.find("应为整数") != std::string::npos);
}

TEST_CASE("duration: format gives the canonical text and round-trips") {
  CHECK(svc::format_duration({900, U::seconds}) == "15m");
  CHECK(svc::format_duration({90, U::seconds}) == "90s");
  CHECK(svc::format_duration({7200, U::seconds}) == "2h");
  CHECK(svc::format_duration({0, U::seconds}) == "0s");
  CHECK(svc::format_duration({2, U::days}) == "2d");
  CHECK(svc::format_duration({1, U::weeks}) == "1w");
  CHECK(svc::format_duration({3, U::months}) == "3mo");
  CHECK(svc::format_duration({1, U::years}) == "1y");
  CHECK(svc::format_duration({0, U::same_day}) == "same-day");
  CHECK(svc::format_duration(*parse_duration("120m")) == "2h");
  for (const char* text :
       {"90s", "15m", "2h", "48h", "2d", "1w", "3mo", "1y", "same-day", "0m", "61s"}) {
    CAPTURE(text);
    const auto d = parse_duration(text);
    REQUIRE(d.has_value());
    CHECK(parse_duration(svc::format_duration(*d)) == d);
  }
}

TEST_CASE("duration: fixed_seconds only for s, m, h, d and w") {
  CHECK(svc::fixed_seconds(*parse_duration("15m")) == 900);
  CHECK(svc::fixed_seconds(*parse_duration("2d")) == 172800);
  CHECK(svc::fixed_seconds(*parse_duration("1w")) == 604800);
  CHECK_FALSE(svc::fixed_seconds(*parse_duration("3mo")).has_value());
  CHECK_FALSE(svc::fixed_seconds(*parse_duration("1y")).has_value());
  CHECK_FALSE(svc::fixed_seconds(*parse_duration("same-day")).has_value());
}
