// Calendar: business days, open hours and deadline arithmetic on the two clocks (policy.md).
#include "svc/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "svc/error.hpp"

namespace svc {
namespace {

using Kind = CalendarStep::Kind;

constexpr std::int64_t kDay = 86400;
// Every day-by-day scan stops here, so a calendar without business days (or an absurd duration)
// is reported instead of hanging the command.
constexpr std::int64_t kMaxScanDays = 20 * 366;

std::string hhmm(int minute_of_day) {
  return fmt::format("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60);
}

std::int64_t seconds_of_day(Timestamp t, int offset) {
  return t - local_to_timestamp(local_date(t, offset), 0, offset);
}

// Appends a step when the caller asked for them.
void note(std::vector<CalendarStep>* steps, const CalendarStep& step) {
  if (steps) steps->push_back(step);
}

}  // namespace

Calendar::Calendar(CalendarSpec spec) : spec_(std::move(spec)) {}

bool Calendar::is_business_day(Date d) const {
  if (spec_.holidays.count(d) != 0) return false;
  if (spec_.makeup_workdays.count(d) != 0) return true;
  return spec_.workdays[static_cast<std::size_t>(weekday(d))];
}

namespace {

bool has_open_hours(const CalendarSpec& s) {
  return s.open_minute >= 0 && s.open_minute < s.close_minute && s.close_minute <= 24 * 60;
}

void require_open_hours(const CalendarSpec& s) {
  if (!has_open_hours(s))
    fail(Exit::config, "the calendar has no open hours (open {} is not before close {})",
         hhmm(s.open_minute), hhmm(s.close_minute));
}

}  // namespace

bool Calendar::is_open(Timestamp t) const {
  if (!has_open_hours(spec_)) return false;
  const Date d = local_date(t, spec_.utc_offset);
  if (!is_business_day(d)) return false;
  const std::int64_t sod = seconds_of_day(t, spec_.utc_offset);
  return sod >= spec_.open_minute * 60 && sod < spec_.close_minute * 60;
}

Timestamp Calendar::next_open(Timestamp t) const {
  require_open_hours(spec_);
  const int off = spec_.utc_offset;
  const Date d = local_date(t, off);
  if (is_business_day(d)) {
    const std::int64_t sod = seconds_of_day(t, off);
    if (sod < spec_.open_minute * 60) return local_to_timestamp(d, spec_.open_minute * 60, off);
    if (sod < spec_.close_minute * 60) return t;
  }
  const std::int64_t base = days_from_civil(d);
  for (std::int64_t k = 1; k <= kMaxScanDays; ++k) {
    const Date next = civil_from_days(base + k);
    if (is_business_day(next)) return local_to_timestamp(next, spec_.open_minute * 60, off);
  }
  fail(Exit::config, "the calendar has no business day in the 20 years after {}", format_date(d));
}

std::int64_t Calendar::business_seconds_between(Timestamp from, Timestamp to) const {
  if (to <= from || !has_open_hours(spec_)) return 0;
  const int off = spec_.utc_offset;
  const std::int64_t first = days_from_civil(local_date(from, off));
  const std::int64_t last = days_from_civil(local_date(to, off));
  if (last - first > kMaxScanDays)
    fail(Exit::data_error, "cannot count open time from {} to {}: more than 20 years",
         format_local(from, off), format_local(to, off));
  std::int64_t total = 0;
  for (std::int64_t n = first; n <= last; ++n) {
    const Date d = civil_from_days(n);
    if (!is_business_day(d)) continue;
    const Timestamp a = std::max(from, local_to_timestamp(d, spec_.open_minute * 60, off));
    const Timestamp b = std::min(to, local_to_timestamp(d, spec_.close_minute * 60, off));
    if (b > a) total += b - a;
  }
  return total;
}

namespace {

// The arithmetic of the business clock, kept apart from the public API so add() and extend()
// share it and each records its own heading step.
class BusinessClock {
 public:
  BusinessClock(const Calendar& cal, std::vector<CalendarStep>* steps)
      : cal_(cal), s_(cal.spec()), steps_(steps) {}

  // A start outside open hours counts from the next opening.
  Timestamp to_opening(Timestamp start) {
    const Timestamp t = cal_.next_open(start);
    if (t != start) say({.kind = Kind::outside_hours_start, .from = start, .to = t});
    return t;
  }

  // Open seconds forward; a deadline that lands exactly on closing stays at closing.
  Timestamp add_open_seconds(Timestamp start, std::int64_t seconds) {
    const int off = s_.utc_offset;
    Timestamp cur = to_opening(start);
    const std::int64_t first_day = days_from_civil(local_date(cur, off));
    std::int64_t remaining = seconds;
    for (;;) {
      const Date d = local_date(cur, off);
      const Timestamp close = local_to_timestamp(d, s_.close_minute * 60, off);
      if (remaining <= close - cur) return cur + remaining;
      remaining -= close - cur;
      const Timestamp next = cal_.next_open(close);
      const Date next_day = local_date(next, off);
      if (days_from_civil(next_day) - first_day > kMaxScanDays) too_long();
      for (std::int64_t n = days_from_civil(d) + 1; n < days_from_civil(next_day); ++n)
        note_skipped(civil_from_days(n));
      say({.kind = Kind::closed_until_opening, .from = close, .to = next});
      cur = next;
    }
  }

  // The same local time of day on the nth following business day.
  Timestamp add_business_days(Timestamp start, std::int64_t n) {
    const int off = s_.utc_offset;
    const Timestamp from = to_opening(start);
    const Date d = local_date(from, off);
    const std::int64_t sod = seconds_of_day(from, off);
    const std::int64_t base = days_from_civil(d);
    std::int64_t k = 0;
    for (std::int64_t counted = 0; counted < n;) {
      if (++k > kMaxScanDays) too_long();
      const Date day = civil_from_days(base + k);
      if (cal_.is_business_day(day)) {
        ++counted;
        if (s_.makeup_workdays.count(day) != 0 &&
            !s_.workdays[static_cast<std::size_t>(weekday(day))])
          say({.kind = Kind::makeup_day, .day = day});
      } else {
        note_skipped(day);
      }
    }
    return local_to_timestamp(civil_from_days(base + k), static_cast<int>(sod), off);
  }

 private:
  [[noreturn]] void too_long() {
    fail(Exit::config,
         "business-clock arithmetic ran past 20 years; the duration is too long for this "
         "calendar");
  }

  void note_skipped(Date day) {
    say({.kind = s_.holidays.count(day) != 0 ? Kind::holiday_skipped : Kind::closed_day_skipped,
         .day = day});
  }

  void say(CalendarStep step) {
    step.clock = ClockKind::business;
    note(steps_, step);
  }

  const Calendar& cal_;
  const CalendarSpec& s_;
  std::vector<CalendarStep>* steps_;
};

}  // namespace

Timestamp Calendar::add(Timestamp start, const Duration& d, ClockKind clock,
                        std::vector<CalendarStep>* steps) const {
  const int off = spec_.utc_offset;
  const bool business = clock == ClockKind::business;
  auto heading = [&](Kind kind, std::int64_t count = 0, std::int64_t per_week = 0) {
    note(steps, {.kind = kind, .clock = clock, .from = start, .duration = d, .count = count,
                 .per_week = per_week});
  };
  Timestamp end = start;

  switch (d.unit) {
    case Duration::Unit::same_day: {
      heading(Kind::same_day);
      end = local_to_timestamp(local_date(start, off), static_cast<int>(kDay - 1), off);
      break;
    }
    case Duration::Unit::months:
    case Duration::Unit::years: {
      heading(Kind::months);
      const std::string dur = format_duration(d);
      const std::int64_t months = d.unit == Duration::Unit::years ? d.count * 12 : d.count;
      if (months < 0 || months > 12 * 9999) fail(Exit::config, "duration '{}' is too long", dur);
      const Date from = local_date(start, off);
      const Date to = add_months(from, static_cast<int>(months));
      if (!valid_date(to)) fail(Exit::config, "duration '{}' is too long", dur);
      if (to.day != from.day)
        note(steps, {.kind = Kind::month_end, .clock = clock, .day = to, .count = from.day});
      end = local_to_timestamp(to, static_cast<int>(seconds_of_day(start, off)), off);
      break;
    }
    case Duration::Unit::seconds:
    case Duration::Unit::days:
    case Duration::Unit::weeks: {
      if (!business) {
        heading(Kind::wall_time);
        end = start + *fixed_seconds(d);
        break;
      }
      BusinessClock bc(*this, steps);
      if (d.unit == Duration::Unit::seconds) {
        heading(Kind::open_time);
        end = bc.add_open_seconds(start, d.count);
      } else if (d.unit == Duration::Unit::days) {
        heading(Kind::business_days, d.count);
        end = bc.add_business_days(start, d.count);
      } else {
        const auto per_week = std::count(spec_.workdays.begin(), spec_.workdays.end(), true);
        if (per_week == 0)
          fail(Exit::config, "the calendar has no workdays, so '{}' cannot be counted",
               format_duration(d));
        heading(Kind::business_weeks, d.count * per_week, per_week);
        end = bc.add_business_days(start, d.count * per_week);
      }
      break;
    }
  }
  note(steps, {.kind = Kind::result, .clock = clock, .to = end});
  return end;
}

Timestamp Calendar::extend(Timestamp deadline, Timestamp pause_start, Timestamp pause_end,
                           ClockKind clock, std::vector<CalendarStep>* steps) const {
  note(steps, {.kind = Kind::deadline, .clock = clock, .from = deadline});
  if (pause_end <= pause_start) {
    note(steps, {.kind = Kind::no_pause, .clock = clock});
    return deadline;
  }
  Timestamp end = deadline;
  if (clock == ClockKind::calendar) {
    const std::int64_t wall = pause_end - pause_start;
    note(steps, {.kind = Kind::pause_wall_time, .clock = clock, .from = pause_start,
                 .to = pause_end, .seconds = wall});
    end = deadline + wall;
  } else {
    const std::int64_t open = business_seconds_between(pause_start, pause_end);
    note(steps, {.kind = Kind::pause_open_time, .clock = clock, .from = pause_start,
                 .to = pause_end, .seconds = open});
    // No open time paused: the deadline must not move, not even to the next opening.
    if (open > 0) end = BusinessClock(*this, steps).add_open_seconds(deadline, open);
  }
  note(steps, {.kind = Kind::result, .clock = clock, .to = end});
  return end;
}

std::string_view clock_name(ClockKind clock) {
  return clock == ClockKind::business ? "business" : "calendar";
}

std::string_view step_kind_name(CalendarStep::Kind kind) {
  switch (kind) {
    case Kind::same_day: return "same_day";
    case Kind::months: return "months";
    case Kind::wall_time: return "wall_time";
    case Kind::open_time: return "open_time";
    case Kind::business_days: return "business_days";
    case Kind::business_weeks: return "business_weeks";
    case Kind::month_end: return "month_end";
    case Kind::outside_hours_start: return "outside_hours_start";
    case Kind::closed_until_opening: return "closed_until_opening";
    case Kind::holiday_skipped: return "holiday_skipped";
    case Kind::closed_day_skipped: return "closed_day_skipped";
    case Kind::makeup_day: return "makeup_day";
    case Kind::deadline: return "deadline";
    case Kind::no_pause: return "no_pause";
    case Kind::pause_wall_time: return "pause_wall_time";
    case Kind::pause_open_time: return "pause_open_time";
    case Kind::result: return "result";
  }
  return "result";
}

}  // namespace svc
