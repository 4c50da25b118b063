// Time: the one Clock every command reads, and ISO-8601 parsing/formatting at the site offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace svc {

using Timestamp = std::int64_t;  // unix seconds, UTC

// A civil date in the site's local time.
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const Date&) const = default;
};

// Days since 1970-01-01 for a civil date, and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(Date d);
Date civil_from_days(std::int64_t days);
// 0 = Monday … 6 = Sunday.
int weekday(Date d);
bool valid_date(Date d);
int days_in_month(int year, int month);
// The ISO week (Monday first) that `week` names: "2026-W48" → its Monday; nullopt if malformed.
std::optional<Date> parse_iso_week(std::string_view week);
std::string format_iso_week(Date monday);  // "2026-W48"
// "YYYY-MM-DD" (strict); nullopt for anything else or an impossible date.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);  // "2026-11-22"
// Add months to a date, clamping the day to the end of the target month (Jan 31 + 1mo = Feb 28).
Date add_months(Date d, int months);

// Site offset from UTC in seconds, e.g. +08:00 → 28800. "+08:00", "-05:30", "Z".
std::optional<int> parse_utc_offset(std::string_view text);
std::string format_utc_offset(int offset_seconds);  // "+08:00"

// Local date and minute-of-day of an instant at the given offset.
Date local_date(Timestamp t, int offset_seconds);
int local_minute_of_day(Timestamp t, int offset_seconds);
// The instant of a local date + seconds-of-day at the offset.
Timestamp local_to_timestamp(Date d, int seconds_of_day, int offset_seconds);

// ISO-8601 as people type it: "2026-11-22T09:15", "2026-11-22 09:15", "2026-11-22T09:15:30",
// with an optional offset ("+08:00", "+0800", "Z"); without one the site offset applies.
// A bare date "2026-11-22" means local midnight. nullopt for anything else (the caller names the
// field in its message).
std::optional<Timestamp> parse_time(std::string_view text, int site_offset_seconds);

std::string format_iso(Timestamp t, int offset_seconds);    // "2026-11-22T09:15:00+08:00"
std::string format_local(Timestamp t, int offset_seconds);  // "2026-11-22 09:15"

// The single source of "now". Tests and `--now`/`SVC_NOW` use a fixed clock.
class Clock {
 public:
  static Clock system();
  static Clock fixed(Timestamp t);
  Timestamp now() const;
  bool is_fixed() const { return fixed_.has_value(); }

 private:
  explicit Clock(std::optional<Timestamp> fixed) : fixed_(fixed) {}
  std::optional<Timestamp> fixed_;
};

}  // namespace svc
