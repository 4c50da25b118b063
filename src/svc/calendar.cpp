// Calendar: business days, open hours and deadline arithmetic on the two clocks (policy.md).
#include "svc/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "svc/error.hpp"
#include "svc/i18n.hpp"

namespace svc {
namespace {

constexpr std::int64_t kDay = 86400;
// Every day-by-day scan stops here, so a calendar without business days (or an absurd duration)
// is reported instead of hanging the command.
constexpr std::int64_t kMaxScanDays = 20 * 366;
// `explain` output is read by a person: after this many per-day lines the rest is summarised.
constexpr int kMaxDetailLines = 12;

template <class... Args>
std::string trf(std::string_view english, Args&&... args) {
  return fmt::format(fmt::runtime(tr(english)), std::forward<Args>(args)...);
}

std::string_view weekday_name(Date d) {
  static constexpr std::string_view kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return tr(kNames[weekday(d)]);
}

std::string day_text(Date d) { return fmt::format("{} ({})", format_date(d), weekday_name(d)); }

// "2026-11-20 19:50 (Fri)": what a front-desk supervisor reads in `explain`.
std::string when(Timestamp t, int offset) {
  return fmt::format("{} ({})", format_local(t, offset), weekday_name(local_date(t, offset)));
}

std::string hhmm(int minute_of_day) {
  return fmt::format("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60);
}

// "2h30m", "45s", "0s": spans of open time are never shown in days, which would suggest 24 h.
std::string span_text(std::int64_t seconds) {
  if (seconds == 0) return "0s";
  std::string out;
  if (seconds < 0) {
    out = "-";
    seconds = -seconds;
  }
  if (seconds >= 3600) out += fmt::format("{}h", seconds / 3600);
  if (seconds % 3600 >= 60) out += fmt::format("{}m", seconds % 3600 / 60);
  if (seconds % 60 != 0) out += fmt::format("{}s", seconds % 60);
  return out;
}

std::int64_t seconds_of_day(Timestamp t, int offset) {
  return t - local_to_timestamp(local_date(t, offset), 0, offset);
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
// share it and each prints its own heading line.
class BusinessClock {
 public:
  BusinessClock(const Calendar& cal, std::vector<std::string>* steps)
      : cal_(cal), s_(cal.spec()), steps_(steps) {}

  // A start outside open hours counts from the next opening.
  Timestamp to_opening(Timestamp start) {
    const Timestamp t = cal_.next_open(start);
    if (t != start && steps_)
      steps_->push_back(trf("outside open hours, counts from {}", when(t, s_.utc_offset)));
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
      detail(trf("closed {}–{}, continues {}", hhmm(s_.close_minute), hhmm(s_.open_minute),
                 when(next, off)));
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
          detail(trf("counts {} (make-up workday, 调休)", day_text(day)));
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
    if (s_.holidays.count(day) != 0)
      detail(trf("skips {}, holiday", day_text(day)));
    else
      detail(trf("skips {}, not a workday", day_text(day)));
  }

  void detail(std::string line) {
    if (!steps_) return;
    if (details_ < kMaxDetailLines)
      steps_->push_back(std::move(line));
    else if (details_ == kMaxDetailLines)
      steps_->push_back(std::string(tr("… (further closed days not listed)")));
    ++details_;
  }

  const Calendar& cal_;
  const CalendarSpec& s_;
  std::vector<std::string>* steps_;
  int details_ = 0;
};

}  // namespace

Timestamp Calendar::add(Timestamp start, const Duration& d, ClockKind clock,
                        std::vector<std::string>* steps) const {
  const int off = spec_.utc_offset;
  const bool business = clock == ClockKind::business;
  const std::string dur = format_duration(d);
  auto say = [&](std::string line) {
    if (steps) steps->push_back(std::move(line));
  };
  Timestamp end = start;

  switch (d.unit) {
    case Duration::Unit::same_day: {
      say(business ? trf("start {}, business clock, same-day: by the end of that local day",
                         when(start, off))
                   : trf("start {}, calendar clock, same-day: by the end of that local day",
                         when(start, off)));
      end = local_to_timestamp(local_date(start, off), static_cast<int>(kDay - 1), off);
      break;
    }
    case Duration::Unit::months:
    case Duration::Unit::years: {
      say(business
              ? trf("start {}, business clock, +{} in calendar months", when(start, off), dur)
              : trf("start {}, calendar clock, +{} in calendar months", when(start, off), dur));
      const std::int64_t months = d.unit == Duration::Unit::years ? d.count * 12 : d.count;
      if (months < 0 || months > 12 * 9999) fail(Exit::config, "duration '{}' is too long", dur);
      const Date from = local_date(start, off);
      const Date to = add_months(from, static_cast<int>(months));
      if (!valid_date(to)) fail(Exit::config, "duration '{}' is too long", dur);
      if (to.day != from.day)
        say(trf("{} has no day {}, uses its last day",
                fmt::format("{:04}-{:02}", to.year, to.month), from.day));
      end = local_to_timestamp(to, static_cast<int>(seconds_of_day(start, off)), off);
      break;
    }
    case Duration::Unit::seconds:
    case Duration::Unit::days:
    case Duration::Unit::weeks: {
      if (!business) {
        say(trf("start {}, calendar clock, +{} wall time", when(start, off), dur));
        end = start + *fixed_seconds(d);
        break;
      }
      BusinessClock bc(*this, steps);
      if (d.unit == Duration::Unit::seconds) {
        say(trf("start {}, business clock, +{} open time", when(start, off), dur));
        end = bc.add_open_seconds(start, d.count);
      } else if (d.unit == Duration::Unit::days) {
        say(trf("start {}, business clock, +{} business days", when(start, off), d.count));
        end = bc.add_business_days(start, d.count);
      } else {
        const auto per_week = std::count(spec_.workdays.begin(), spec_.workdays.end(), true);
        if (per_week == 0)
          fail(Exit::config, "the calendar has no workdays, so '{}' cannot be counted", dur);
        say(trf("start {}, business clock, +{} = {} business days ({} workdays a week)",
                when(start, off), dur, d.count * per_week, per_week));
        end = bc.add_business_days(start, d.count * per_week);
      }
      break;
    }
  }
  say(fmt::format("= {}", when(end, off)));
  return end;
}

Timestamp Calendar::extend(Timestamp deadline, Timestamp pause_start, Timestamp pause_end,
                           ClockKind clock, std::vector<std::string>* steps) const {
  const int off = spec_.utc_offset;
  auto say = [&](std::string line) {
    if (steps) steps->push_back(std::move(line));
  };
  say(trf("deadline {}", when(deadline, off)));
  if (pause_end <= pause_start) {
    say(std::string(tr("no pause, deadline unchanged")));
    return deadline;
  }
  Timestamp end = deadline;
  if (clock == ClockKind::calendar) {
    const std::int64_t wall = pause_end - pause_start;
    say(trf("paused {} to {}, +{} wall time", when(pause_start, off), when(pause_end, off),
            span_text(wall)));
    end = deadline + wall;
  } else {
    const std::int64_t open = business_seconds_between(pause_start, pause_end);
    say(trf("paused {} to {}, +{} open time", when(pause_start, off), when(pause_end, off),
            span_text(open)));
    // No open time paused: the deadline must not move, not even to the next opening.
    if (open > 0) end = BusinessClock(*this, steps).add_open_seconds(deadline, open);
  }
  say(fmt::format("= {}", when(end, off)));
  return end;
}

}  // namespace svc
