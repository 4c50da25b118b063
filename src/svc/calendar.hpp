// Calendar: open hours, workdays, holidays and 调休 make-up workdays; adds durations on the
// calendar clock (wall time) or the business clock (open time on business days) — policy.md.
// The arithmetic is reported as CalendarStep facts; render/explain.hpp puts them into words.
#pragma once

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "svc/clock.hpp"
#include "svc/duration.hpp"

namespace svc {

enum class ClockKind { calendar, business };
// "calendar", "business": the policy's and the database's spelling.
std::string_view clock_name(ClockKind clock);

struct CalendarSpec {
  int utc_offset = 8 * 3600;                   // seconds east of UTC
  int open_minute = 9 * 60;                    // 09:00 [domain-rules 12]
  int close_minute = 20 * 60;                  // 20:00
  std::array<bool, 7> workdays{true, true, true, true, true, true, true};  // Mon..Sun
  std::set<Date> holidays;                     // never business days
  std::set<Date> makeup_workdays;              // 调休: always business days, even on a weekend
};

// One step of the arithmetic of Calendar::add or Calendar::extend, as a fact: which fields mean
// something depends on the kind (see each kind). Times are UTC instants; the reader's offset and
// language are applied when the steps are narrated (render/explain.hpp), never here.
struct CalendarStep {
  enum class Kind {
    // add(): the first step says how `duration` is counted from the start `from` on `clock`.
    same_day,        // due by the end of `from`'s local day
    months,          // + `duration` in calendar months (both clocks)
    wall_time,       // + `duration` of wall time (calendar clock)
    open_time,       // + `duration` of open time (business clock)
    business_days,   // + `count` business days (`duration` = "Nd")
    business_weeks,  // + `duration` ("Nw") = `count` business days, `per_week` workdays a week
    // then, on the way:
    month_end,            // the target month `day` has no day `count`: its last day is used
    outside_hours_start,  // `from` is outside open hours: counting starts at `to`
    closed_until_opening,  // closed from closing time `from` until the next opening `to`
    holiday_skipped,       // `day` is skipped: a holiday
    closed_day_skipped,    // `day` is skipped: not a workday
    makeup_day,            // `day` is counted: a 调休 make-up workday on a weekday off
    // extend(): the deadline `from`, then the pause [`from`, `to`) and what it adds.
    deadline,
    no_pause,         // the pause has no length: the deadline is unchanged
    pause_wall_time,  // paused [`from`, `to`): + `seconds` of wall time (calendar clock)
    pause_open_time,  // paused [`from`, `to`): + `seconds` of open time (business clock)
    // last, in both:
    result,  // = `to`
  };
  Kind kind = Kind::result;
  ClockKind clock = ClockKind::calendar;
  Timestamp from = 0;
  Timestamp to = 0;
  Date day{};
  Duration duration{};
  std::int64_t seconds = 0;
  std::int64_t count = 0;
  std::int64_t per_week = 0;
};

// "holiday_skipped": the kind's stable English name, for JSON and test messages.
std::string_view step_kind_name(CalendarStep::Kind kind);

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
  // same-day as on the calendar clock. If `steps` is given, appends every step of the
  // arithmetic (used by `explain`), ending with `result`.
  Timestamp add(Timestamp start, const Duration& d, ClockKind clock,
                std::vector<CalendarStep>* steps = nullptr) const;

  // A deadline extended by a pause [pause_start, pause_end): by its wall length on the calendar
  // clock, by its open time on the business clock.
  Timestamp extend(Timestamp deadline, Timestamp pause_start, Timestamp pause_end,
                   ClockKind clock, std::vector<CalendarStep>* steps = nullptr) const;

 private:
  CalendarSpec spec_;
};

}  // namespace svc
