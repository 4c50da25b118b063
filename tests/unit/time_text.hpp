// Test helpers for the calendar, deadline and explain tests: instants and durations written as
// text, at China Standard Time (the default site offset).
#pragma once

#include <doctest/doctest.h>

#include "svc/clock.hpp"
#include "svc/duration.hpp"

namespace svc::test {

inline constexpr int kCst = 8 * 3600;

inline Timestamp at(const char* text) {
  const auto t = parse_time(text, kCst);
  REQUIRE(t.has_value());
  return *t;
}

inline Duration dur(const char* text) {
  const auto d = parse_duration(text);
  REQUIRE(d.has_value());
  return *d;
}

}  // namespace svc::test
