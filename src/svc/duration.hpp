// Policy durations: "90s", "15m", "2h", "48h", "2d", "1w", "3mo", "1y", "same-day" (policy.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace svc {

struct Duration {
  enum class Unit { seconds, days, weeks, months, years, same_day };
  std::int64_t count = 0;  // in `unit`; seconds for s/m/h (so "15m" is {900, seconds})
  Unit unit = Unit::seconds;
  auto operator<=>(const Duration&) const = default;
};

// Strict: a positive whole number then one of s m h d w mo y, or "same-day"; no spaces, signs,
// fractions or full-width digits. "0m" is allowed (an immediate deadline). On failure returns
// nullopt and, if `why` is given, puts a short reason there (in the current language).
std::optional<Duration> parse_duration(std::string_view text, std::string* why = nullptr);

// Back to the canonical text ("15m", "2d", "3mo", "same-day"); parse(format(d)) == d.
std::string format_duration(const Duration& d);

// Wall-clock length in seconds where that is fixed (s/m/h/d/w); nullopt for mo, y and same-day.
std::optional<std::int64_t> fixed_seconds(const Duration& d);

}  // namespace svc
