// Unit tests for civil dates, strict ISO-8601 parsing/formatting and the Clock.
#include <doctest/doctest.h>

#include "svc/clock.hpp"

using namespace svc;

namespace {
constexpr int kCst = 8 * 3600;
constexpr Timestamp k0915 = 1795310100;  // 2026-11-22T09:15:00+08:00
}  // namespace

TEST_CASE("clock: parse_date accepts real dates including leap days") {
  CHECK(parse_date("2026-11-22") == Date{2026, 11, 22});
  CHECK(parse_date("2024-02-29") == Date{2024, 2, 29});
  CHECK(parse_date("2000-02-29") == Date{2000, 2, 29});
  CHECK(parse_date("2026-12-31") == Date{2026, 12, 31});
}

TEST_CASE("clock: parse_date is strict (bad month, bad day, short fields, junk, full-width)") {
  for (const char* bad :
       {"2026-13-01", "2026-02-30", "2026-1-1", "2026-01-01x", "2026-01-01 ", " 2026-01-01",
        "２０２６-01-01", "2026-０1-01", "", "2026-00-10", "2026-01-00", "2025-02-29", "1900-02-29",
        "2026/01/01", "26-01-01", "2026-04-31", "0000-01-01", "+2026-01-01"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_date(bad).has_value());
  }
}

TEST_CASE("clock: days_from_civil and civil_from_days agree") {
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({2000, 3, 1}) == 11017);
  CHECK(days_from_civil({1969, 12, 31}) == -1);
  CHECK(civil_from_days(-1) == Date{1969, 12, 31});
  for (std::int64_t n = -719162; n <= 2932896; n += 997) {
    CAPTURE(n);
    const Date d = civil_from_days(n);
    CHECK(valid_date(d));
    CHECK(days_from_civil(d) == n);
  }
}

TEST_CASE("clock: weekday is 0 for Monday through 6 for Sunday") {
  CHECK(weekday({1970, 1, 1}) == 3);    // Thursday
  CHECK(weekday({2026, 11, 20}) == 4);  // Friday
  CHECK(weekday({2026, 11, 22}) == 6);  // Sunday
  CHECK(weekday({2026, 11, 16}) == 0);  // Monday
  CHECK(weekday({1969, 12, 29}) == 0);  // Monday before the epoch
}

TEST_CASE("clock: days_in_month and valid_date") {
  CHECK(days_in_month(2026, 2) == 28);
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2100, 2) == 28);
  CHECK(days_in_month(2026, 4) == 30);
  CHECK(days_in_month(2026, 12) == 31);
  CHECK_FALSE(valid_date({2026, 2, 29}));
  CHECK_FALSE(valid_date({2026, 13, 1}));
  CHECK(valid_date({2026, 1, 31}));
}

TEST_CASE("clock: add_months clamps to the end of the target month") {
  CHECK(add_months({2026, 1, 31}, 1) == Date{2026, 2, 28});
  CHECK(add_months({2024, 1, 31}, 1) == Date{2024, 2, 29});
  CHECK(add_months({2026, 3, 31}, 1) == Date{2026, 4, 30});
  CHECK(add_months({2026, 1, 31}, 3) == Date{2026, 4, 30});
  CHECK(add_months({2026, 12, 15}, 1) == Date{2027, 1, 15});
  CHECK(add_months({2026, 1, 15}, -1) == Date{2025, 12, 15});
  CHECK(add_months({2026, 3, 31}, -1) == Date{2026, 2, 28});
  CHECK(add_months({2024, 2, 29}, 12) == Date{2025, 2, 28});
  CHECK(add_months({2026, 5, 10}, 0) == Date{2026, 5, 10});
  CHECK(add_months({2026, 5, 10}, 25) == Date{2028, 6, 10});
}

TEST_CASE("clock: format_date pads fields") {
  CHECK(format_date({2026, 1, 5}) == "2026-01-05");
  CHECK(parse_date(format_date({987, 3, 4})) == Date{987, 3, 4});
}

TEST_CASE("clock: UTC offsets parse and format") {
  CHECK(parse_utc_offset("+08:00") == 28800);
  CHECK(parse_utc_offset("+0800") == 28800);
  CHECK(parse_utc_offset("-05:30") == -19800);
  CHECK(parse_utc_offset("Z") == 0);
  CHECK(parse_utc_offset("+00:00") == 0);
  for (const char* bad : {"", "08:00", "+8:00", "+08:60", "+08:00x", "z", "+19:00", "UTC", "+08"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_utc_offset(bad).has_value());
  }
  CHECK(format_utc_offset(28800) == "+08:00");
  CHECK(format_utc_offset(-19800) == "-05:30");
  CHECK(format_utc_offset(0) == "+00:00");
}

TEST_CASE("clock: parse_time accepts T or space, optional seconds and offsets") {
  CHECK(parse_time("2026-11-22T09:15", kCst) == k0915);
  CHECK(parse_time("2026-11-22 09:15", kCst) == k0915);
  CHECK(parse_time("2026-11-22T09:15:00", kCst) == k0915);
  CHECK(parse_time("2026-11-22T09:15:30", kCst) == k0915 + 30);
  CHECK(parse_time("2026-11-22T09:15+08:00", 0) == k0915);
  CHECK(parse_time("2026-11-22T09:15:00+0800", 0) == k0915);
  CHECK(parse_time("2026-11-22T01:15Z", kCst) == k0915);
  CHECK(parse_time("2026-11-21T20:15-05:00", kCst) == k0915);
  // Without an offset the site offset applies.
  CHECK(parse_time("2026-11-22T01:15", 0) == k0915);
}

TEST_CASE("clock: a bare date means local midnight") {
  CHECK(parse_time("2026-11-22", kCst) == k0915 - (9 * 3600 + 15 * 60));
  CHECK(parse_time("2026-11-22", 0) == k0915 - (9 * 3600 + 15 * 60) + kCst);
}

TEST_CASE("clock: parse_time rejects impossible times and junk") {
  for (const char* bad :
       {"2026-11-22T24:00", "2026-11-22T09:60", "2026-11-22T09:15:60", "2026-11-22T9:15",
        "2026-11-22T09:15 ", "2026-11-22T", "2026-11-22T09", "2026-11-22T09:15:00.5",
        "2026-02-30T10:00", "2026-13-01T10:00", "2026-11-22+08:00", "2026-11-22t09:15",
        "2026-11-22T09:15+8", "2026-11-22T０9:15", "2026-11-22  09:15", "now", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_time(bad, kCst).has_value());
  }
}

TEST_CASE("clock: format_iso and format_local") {
  CHECK(format_iso(k0915, kCst) == "2026-11-22T09:15:00+08:00");
  CHECK(format_iso(k0915, 0) == "2026-11-22T01:15:00+00:00");
  CHECK(format_iso(k0915 + 7, -19800) == "2026-11-21T19:45:07-05:30");
  CHECK(format_local(k0915 + 59, kCst) == "2026-11-22 09:15");
  CHECK(format_iso(-1, 0) == "1969-12-31T23:59:59+00:00");
}

TEST_CASE("clock: parse_time(format_iso(t)) round-trips") {
  for (Timestamp t = k0915 - 400 * 86400; t < k0915 + 400 * 86400; t += 86400 * 3 + 3607) {
    CAPTURE(t);
    CHECK(parse_time(format_iso(t, kCst), 0) == t);
    CHECK(parse_time(format_iso(t, -19800), kCst) == t);
  }
}

TEST_CASE("clock: local date and minute of day at the site offset") {
  const Timestamp t = *parse_time("2026-11-21T16:30Z", 0);  // 00:30 on the 22nd in Beijing
  CHECK(local_date(t, kCst) == Date{2026, 11, 22});
  CHECK(local_minute_of_day(t, kCst) == 30);
  CHECK(local_date(t, 0) == Date{2026, 11, 21});
  CHECK(local_minute_of_day(t, 0) == 16 * 60 + 30);
  CHECK(local_date(-1, 0) == Date{1969, 12, 31});
  CHECK(local_minute_of_day(-1, 0) == 1439);
  CHECK(local_to_timestamp({2026, 11, 22}, 9 * 3600 + 15 * 60, kCst) == k0915);
}

TEST_CASE("clock: fixed and system clocks") {
  const Clock fixed = Clock::fixed(k0915);
  CHECK(fixed.is_fixed());
  CHECK(fixed.now() == k0915);
  const Clock real = Clock::system();
  CHECK_FALSE(real.is_fixed());
  CHECK(real.now() > 1700000000);  // after 2023-11: the real time, not zero
}
