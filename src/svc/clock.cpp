// Time: civil-date arithmetic, strict ISO-8601 parsing/formatting and the one real-time read.
#include "svc/clock.hpp"

#include <fmt/format.h>

#include <cctype>
#include <chrono>

namespace svc {
namespace {

// Floor division: local dates before 1970 and negative offsets must not round toward zero.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

constexpr std::int64_t kDay = 86400;

// A tiny cursor over ASCII text: only '0'..'9' count as digits, so full-width digits (which are
// multi-byte UTF-8) can never slip through.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;

  bool done() const { return i == s.size(); }
  bool eat(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  // Exactly n ASCII digits.
  std::optional<int> digits(std::size_t n) {
    if (s.size() - i < n) return std::nullopt;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const char c = s[i + k];
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    i += n;
    return v;
  }
};

std::optional<Date> read_date(Cursor& c) {
  auto y = c.digits(4);
  if (!y || !c.eat('-')) return std::nullopt;
  auto m = c.digits(2);
  if (!m || !c.eat('-')) return std::nullopt;
  auto d = c.digits(2);
  if (!d) return std::nullopt;
  Date date{*y, *m, *d};
  if (!valid_date(date)) return std::nullopt;
  return date;
}

// "+08:00", "+0800", "-05:30", "Z"; the rest of the text must be empty.
std::optional<int> read_offset(Cursor& c) {
  if (c.eat('Z')) return 0;
  int sign = 0;
  if (c.eat('+')) {
    sign = 1;
  } else if (c.eat('-')) {
    sign = -1;
  } else {
    return std::nullopt;
  }
  auto h = c.digits(2);
  if (!h) return std::nullopt;
  c.eat(':');  // both "+08:00" and "+0800" are common in the wild
  auto m = c.digits(2);
  if (!m) return std::nullopt;
  // Real offsets run from -12:00 to +14:00; allow up to 18:00 like java.time, no further.
  if (*h > 18 || *m > 59 || (*h == 18 && *m != 0)) return std::nullopt;
  return sign * (*h * 3600 + *m * 60);
}

}  // namespace

std::int64_t days_from_civil(Date d) {
  const std::int64_t y = static_cast<std::int64_t>(d.year) - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;  // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

int weekday(Date d) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  return static_cast<int>(floor_mod(days_from_civil(d) + 3, 7));
}

std::optional<Date> parse_iso_week(std::string_view w) {
  // "2026-W48": ISO 8601 week — the week with the year's first Thursday is week 1.
  if (w.size() != 8 || w[4] != '-' || (w[5] != 'W' && w[5] != 'w')) return std::nullopt;
  const auto y = parse_date(std::string(w.substr(0, 4)) + "-01-04");
  if (!y || !std::isdigit(static_cast<unsigned char>(w[6])) || !std::isdigit(static_cast<unsigned char>(w[7])))
    return std::nullopt;
  const int week = (w[6] - '0') * 10 + (w[7] - '0');
  const std::int64_t jan4 = days_from_civil(*y);
  const std::int64_t monday1 = jan4 - weekday(*y);  // weekday(): 0 = Monday
  const Date monday = civil_from_days(monday1 + (week - 1) * 7);
  if (week < 1 || week > 53 || format_iso_week(monday) != std::string(w.substr(0, 5)) + "W" + std::string(w.substr(6)))
    return std::nullopt;
  return monday;
}

std::string format_iso_week(Date monday) {
  // The ISO year is that of the week's Thursday.
  const Date thursday = civil_from_days(days_from_civil(monday) + 3);
  const std::int64_t jan1 = days_from_civil(Date{thursday.year, 1, 1});
  const int week = static_cast<int>((days_from_civil(thursday) - jan1) / 7 + 1);
  return fmt::format("{:04}-W{:02}", thursday.year, week);
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

bool valid_date(Date d) {
  // Four-digit years only: that is what the text form can carry.
  if (d.year < 1 || d.year > 9999) return false;
  if (d.month < 1 || d.month > 12) return false;
  return d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

std::optional<Date> parse_date(std::string_view text) {
  Cursor c{text};
  auto d = read_date(c);
  if (!d || !c.done()) return std::nullopt;
  return d;
}

std::string format_date(Date d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

Date add_months(Date d, int months) {
  const std::int64_t index = static_cast<std::int64_t>(d.year) * 12 + (d.month - 1) + months;
  const std::int64_t year = floor_div(index, 12);
  const int month = static_cast<int>(floor_mod(index, 12)) + 1;
  Date out{static_cast<int>(year), month, d.day};
  const int last = days_in_month(out.year, out.month);
  if (out.day > last) out.day = last;
  return out;
}

std::optional<int> parse_utc_offset(std::string_view text) {
  Cursor c{text};
  auto off = read_offset(c);
  if (!off || !c.done()) return std::nullopt;
  return off;
}

std::string format_utc_offset(int offset_seconds) {
  const char sign = offset_seconds < 0 ? '-' : '+';
  const int a = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  return fmt::format("{}{:02}:{:02}", sign, a / 3600, (a % 3600) / 60);
}

Date local_date(Timestamp t, int offset_seconds) {
  return civil_from_days(floor_div(t + offset_seconds, kDay));
}

int local_minute_of_day(Timestamp t, int offset_seconds) {
  return static_cast<int>(floor_mod(t + offset_seconds, kDay) / 60);
}

Timestamp local_to_timestamp(Date d, int seconds_of_day, int offset_seconds) {
  return days_from_civil(d) * kDay + seconds_of_day - offset_seconds;
}

std::optional<Timestamp> parse_time(std::string_view text, int site_offset_seconds) {
  Cursor c{text};
  auto d = read_date(c);
  if (!d) return std::nullopt;
  if (c.done()) return local_to_timestamp(*d, 0, site_offset_seconds);
  if (!c.eat('T') && !c.eat(' ')) return std::nullopt;
  auto h = c.digits(2);
  if (!h || !c.eat(':')) return std::nullopt;
  auto m = c.digits(2);
  if (!m) return std::nullopt;
  int sec = 0;
  if (c.eat(':')) {
    auto s = c.digits(2);
    if (!s) return std::nullopt;
    sec = *s;
  }
  // No 24:00 and no leap seconds: each has two spellings of one instant, which breeds bugs.
  if (*h > 23 || *m > 59 || sec > 59) return std::nullopt;
  int offset = site_offset_seconds;
  if (!c.done()) {
    auto off = read_offset(c);
    if (!off || !c.done()) return std::nullopt;
    offset = *off;
  }
  const Timestamp t = local_to_timestamp(*d, *h * 3600 + *m * 60 + sec, offset);
  // Written with another offset, the instant may fall outside the years svc writes at the site's
  // own (9999-12-31T23:59Z is year 10000 in Beijing): such a time could not be shown again.
  if (!parse_date(format_date(local_date(t, site_offset_seconds)))) return std::nullopt;
  return t;
}

std::string format_iso(Timestamp t, int offset_seconds) {
  const std::int64_t sod = floor_mod(t + offset_seconds, kDay);
  return fmt::format("{}T{:02}:{:02}:{:02}{}", format_date(local_date(t, offset_seconds)),
                     sod / 3600, (sod % 3600) / 60, sod % 60, format_utc_offset(offset_seconds));
}

std::string format_local(Timestamp t, int offset_seconds) {
  const std::int64_t sod = floor_mod(t + offset_seconds, kDay);
  return fmt::format("{} {:02}:{:02}", format_date(local_date(t, offset_seconds)), sod / 3600,
                     (sod % 3600) / 60);
}

Clock Clock::system() { return Clock(std::nullopt); }
Clock Clock::fixed(Timestamp t) { return Clock(t); }

Timestamp Clock::now() const {
  if (fixed_) return *fixed_;
  // The only place svc reads the real time: everything else takes a Clock, so tests and --now
  // can replay any moment.
  const auto since = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(since).count();
}

}  // namespace svc
