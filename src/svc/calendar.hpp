// Calendar: open hours, workdays, holidays and 调休 make-up workdays; adds durations on the
// calendar clock (wall time) or the business clock (open time on business days) — policy.md.
#pragma once

#include <array>
#include <set>
#include <string>
#include <vector>

#include "svc/clock.hpp"
#include "svc/duration.hpp"

namespace svc {

enum class ClockKind { calendar, business };

struct CalendarSpec {
  int utc_offset = 8 * 3600;                   // seconds east of UTC
  int open_minute = 9 * 60;                    // 09:00 [domain-rules 12]
  int close_minute = 20 * 60;                  // 20:00
  std::array<bool, 7> workdays{true, true, true, true, true, true, true};  // Mon..Sun
  std::set<Date> holidays;                     // never business days
  std::set<Date> makeup_workdays;              // 调休: always business days, even on a weekend
};

class Calendar {
 public:
  explicit Calendar(CalendarSpec spec);
  const CalendarSpec& spec() const { return spec_; }

  // A holiday is never a business day; a make-up day always is; otherwise the weekday decides.
  bool is_business_day(Date d) const;
  // Within open hours on a business day.
  bool is_open(Timestamp t) const;
  // The next instant at or after t that is open (t itself if open).
  Timestamp next_open(Timestamp t) const;
  // Open seconds in [from, to) (0 when to <= from).
  std::int64_t business_seconds_between(Timestamp from, Timestamp to) const;

  // start + d on the given clock. Calendar clock: wall time ("2d" = 48 h, "3mo" calendar months,
  // "same-day" = 23:59:59 local of start's day). Business clock: s/m/h count only open time;
  // "Nd" = the same time of day on the Nth following business day (a start outside open hours
  // counts from the next opening); "Nw" = N × (workdays per week) business days; mo/y and
  // same-day as on the calendar clock. If `steps` is given, appends one human-readable line per
  // step of the arithmetic (used by `explain`).
  Timestamp add(Timestamp start, const Duration& d, ClockKind clock,
                std::vector<std::string>* steps = nullptr) const;

  // A deadline extended by a pause [pause_start, pause_end): by its wall length on the calendar
  // clock, by its open time on the business clock.
  Timestamp extend(Timestamp deadline, Timestamp pause_start, Timestamp pause_end,
                   ClockKind clock, std::vector<std::string>* steps = nullptr) const;

 private:
  CalendarSpec spec_;
};

}  // namespace svc
