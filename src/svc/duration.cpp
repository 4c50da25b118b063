// Policy durations: strict parsing of "15m"/"2d"/"3mo"/"same-day" and their canonical text.
#include "svc/duration.hpp"

#include <fmt/format.h>

#include "svc/i18n.hpp"

namespace svc {
namespace {

// Nine digits keep every unit far from int64 overflow (999999999h is still ~1.4e13 s) while no
// real policy needs more.
constexpr std::size_t kMaxDigits = 9;

std::optional<Duration> reject(std::string* why, std::string_view reason) {
  if (why) *why = std::string(tr(reason));
  return std::nullopt;
}

// U+FF10..U+FF19 (０..９) are EF BC 90..99 in UTF-8; an IME easily produces them.
bool has_full_width_digit(std::string_view s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b2 = static_cast<unsigned char>(s[i + 2]);
    if (s[i] == '\xEF' && s[i + 1] == '\xBC' && b2 >= 0x90 && b2 <= 0x99) return true;
  }
  return false;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text, std::string* why) {
  if (text == "same-day") return Duration{0, Duration::Unit::same_day};
  constexpr std::string_view kExpected =
      "expected a whole number followed by s, m, h, d, w, mo or y, or same-day";
  if (text.empty()) return reject(why, kExpected);
  if (text.front() == '-') return reject(why, "durations cannot be negative");
  if (text.front() == '+') return reject(why, "durations take no sign");
  if (text.find(' ') != std::string_view::npos || text.find('\t') != std::string_view::npos)
    return reject(why, "spaces are not allowed, write e.g. 2d");
  if (has_full_width_digit(text)) return reject(why, "full-width digits are not allowed, use 0-9");

  std::size_t i = 0;
  std::int64_t n = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (i == kMaxDigits) return reject(why, "number too large (at most 9 digits)");
    n = n * 10 + (text[i] - '0');
    ++i;
  }
  if (i == 0) return reject(why, kExpected);
  const std::string_view unit = text.substr(i);
  if (!unit.empty() && (unit.front() == '.' || unit.front() == ','))
    return reject(why, "fractions are not allowed; use a smaller unit, e.g. 90m instead of 1.5h");

  if (unit == "s") return Duration{n, Duration::Unit::seconds};
  if (unit == "m") return Duration{n * 60, Duration::Unit::seconds};
  if (unit == "h") return Duration{n * 3600, Duration::Unit::seconds};
  if (unit == "d") return Duration{n, Duration::Unit::days};
  if (unit == "w") return Duration{n, Duration::Unit::weeks};
  if (unit == "mo") return Duration{n, Duration::Unit::months};
  if (unit == "y") return Duration{n, Duration::Unit::years};
  return reject(why, kExpected);
}

std::string format_duration(const Duration& d) {
  switch (d.unit) {
    case Duration::Unit::seconds:
      // The largest unit that divides evenly, so "15m" stays "15m" and "90s" stays "90s".
      if (d.count != 0 && d.count % 3600 == 0) return fmt::format("{}h", d.count / 3600);
      if (d.count != 0 && d.count % 60 == 0) return fmt::format("{}m", d.count / 60);
      return fmt::format("{}s", d.count);
    case Duration::Unit::days:
      return fmt::format("{}d", d.count);
    case Duration::Unit::weeks:
      return fmt::format("{}w", d.count);
    case Duration::Unit::months:
      return fmt::format("{}mo", d.count);
    case Duration::Unit::years:
      return fmt::format("{}y", d.count);
    case Duration::Unit::same_day:
      return "same-day";
  }
  return "?";
}

std::optional<std::int64_t> fixed_seconds(const Duration& d) {
  switch (d.unit) {
    case Duration::Unit::seconds:
      return d.count;
    case Duration::Unit::days:
      return d.count * 86400;
    case Duration::Unit::weeks:
      return d.count * 7 * 86400;
    case Duration::Unit::months:
    case Duration::Unit::years:
    case Duration::Unit::same_day:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace svc
