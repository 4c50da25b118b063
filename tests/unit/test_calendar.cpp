// Unit tests for the calendar: business days, 调休, open hours and the two clocks (policy.md), and
// the steps of the arithmetic it reports as facts (their wording is tested in test_explain.cpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "svc/calendar.hpp"
#include "svc/error.hpp"
#include "time_text.hpp"

using namespace svc;
using svc::test::at;
using svc::test::dur;
using svc::test::kCst;

namespace {

std::string local(Timestamp t) { return format_local(t, kCst); }

// The default policy calendar: every day 09:00–20:00.
Calendar every_day() { return Calendar(CalendarSpec{}); }

// Mon–Fri with the 2026 National Day holiday and a 调休 make-up Saturday (hypothetical dates).
Calendar office_week() {
  CalendarSpec s;
  s.workdays = {true, true, true, true, true, false, false};
  for (int d = 1; d <= 7; ++d) s.holidays.insert(Date{2026, 10, d});
  s.makeup_workdays.insert(Date{2026, 10, 10});  // a Saturday
  return Calendar(s);
}

using Kind = CalendarStep::Kind;

// The kinds in order, as names, so a failed check shows the whole sequence.
std::vector<std::string_view> kinds(const std::vector<CalendarStep>& steps) {
  std::vector<std::string_view> out;
  for (const auto& s : steps) out.push_back(step_kind_name(s.kind));
  return out;
}

std::vector<std::string_view> names(std::initializer_list<Kind> list) {
  std::vector<std::string_view> out;
  for (Kind k : list) out.push_back(step_kind_name(k));
  return out;
}

long count_of(const std::vector<CalendarStep>& steps, Kind kind) {
  return std::count_if(steps.begin(), steps.end(), [&](const auto& s) { return s.kind == kind; });
}

Exit exit_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return Exit::ok;
}

}  // namespace

TEST_CASE("calendar: a holiday is never a business day (policy.md two clocks)") {
  const Calendar cal = office_week();
  CHECK_FALSE(cal.is_business_day({2026, 10, 1}));  // a Thursday
  CHECK_FALSE(cal.is_open(at("2026-10-01T10:00")));
  CHECK(cal.is_business_day({2026, 9, 30}));
}

TEST_CASE("calendar: 调休 Saturday is a business day (policy.md two clocks)") {
  const Calendar cal = office_week();
  CHECK(cal.is_business_day({2026, 10, 10}));
  CHECK(cal.is_open(at("2026-10-10T10:00")));
  CHECK_FALSE(cal.is_business_day({2026, 10, 17}));  // an ordinary Saturday
}

TEST_CASE("calendar: a holiday wins over a make-up day listed for the same date") {
  CalendarSpec s;
  s.holidays.insert(Date{2026, 10, 1});
  s.makeup_workdays.insert(Date{2026, 10, 1});
  CHECK_FALSE(Calendar(s).is_business_day({2026, 10, 1}));
}

TEST_CASE("calendar: a weekday excluded from workdays is not a business day") {
  const Calendar cal = office_week();
  CHECK_FALSE(cal.is_business_day({2026, 11, 22}));  // Sunday
  CHECK_FALSE(cal.is_business_day({2026, 11, 21}));  // Saturday
  CHECK(cal.is_business_day({2026, 11, 20}));        // Friday
  CHECK(every_day().is_business_day({2026, 11, 22}));
}

TEST_CASE("calendar: is_open covers open time up to but not including closing") {
  const Calendar cal = every_day();
  CHECK(cal.is_open(at("2026-11-20T09:00")));
  CHECK(cal.is_open(at("2026-11-20T19:59:59")));
  CHECK_FALSE(cal.is_open(at("2026-11-20T20:00")));
  CHECK_FALSE(cal.is_open(at("2026-11-20T08:59:59")));
  CHECK_FALSE(cal.is_open(at("2026-11-20T03:00")));
}

TEST_CASE("calendar: next_open") {
  const Calendar cal = office_week();
  CHECK(cal.next_open(at("2026-11-20T10:00")) == at("2026-11-20T10:00"));  // already open
  CHECK(cal.next_open(at("2026-11-20T07:00")) == at("2026-11-20T09:00"));
  CHECK(cal.next_open(at("2026-11-20T20:00")) == at("2026-11-23T09:00"));  // Fri close → Mon
  CHECK(cal.next_open(at("2026-11-21T12:00")) == at("2026-11-23T09:00"));  // Saturday
  CHECK(cal.next_open(at("2026-09-30T20:30")) == at("2026-10-08T09:00"));  // over the holiday
  CHECK(cal.next_open(at("2026-10-09T21:00")) == at("2026-10-10T09:00"));  // 调休 Saturday
}

TEST_CASE("calendar: business_seconds_between counts open time only") {
  const Calendar cal = office_week();
  CHECK(cal.business_seconds_between(at("2026-11-20T10:00"), at("2026-11-20T11:30")) == 5400);
  CHECK(cal.business_seconds_between(at("2026-11-20T07:00"), at("2026-11-20T09:30")) == 1800);
  CHECK(cal.business_seconds_between(at("2026-11-20T19:00"), at("2026-11-23T10:00")) == 7200);
  CHECK(cal.business_seconds_between(at("2026-11-21T00:00"), at("2026-11-22T23:59")) == 0);
  CHECK(cal.business_seconds_between(at("2026-11-20T11:00"), at("2026-11-20T10:00")) == 0);
  CHECK(cal.business_seconds_between(at("2026-11-16T00:00"), at("2026-11-23T00:00")) ==
        5 * 11 * 3600);
  CHECK(cal.business_seconds_between(at("2026-09-30T19:00"), at("2026-10-08T09:30")) == 5400);
}

TEST_CASE("calendar: business minutes cross closing time (19:50 + 15m = next day 09:05)") {
  const Calendar cal = every_day();
  std::vector<CalendarStep> steps;
  const Timestamp end = cal.add(at("2026-11-20T19:50"), dur("15m"), ClockKind::business, &steps);
  CHECK(local(end) == "2026-11-21 09:05");
  REQUIRE(kinds(steps) == names({Kind::open_time, Kind::closed_until_opening, Kind::result}));
  CHECK(steps[0].clock == ClockKind::business);
  CHECK(steps[0].from == at("2026-11-20T19:50"));
  CHECK(steps[0].duration == dur("15m"));
  CHECK(steps[1].from == at("2026-11-20T20:00"));
  CHECK(steps[1].to == at("2026-11-21T09:00"));
  CHECK(steps[2].to == end);
}

TEST_CASE("calendar: a business deadline landing exactly at closing stays at closing") {
  const Calendar cal = every_day();
  CHECK(local(cal.add(at("2026-11-20T19:45"), dur("15m"), ClockKind::business)) ==
        "2026-11-20 20:00");
  CHECK(local(cal.add(at("2026-11-20T09:00"), dur("11h"), ClockKind::business)) ==
        "2026-11-20 20:00");
  CHECK(local(cal.add(at("2026-11-20T09:00"), dur("12h"), ClockKind::business)) ==
        "2026-11-21 10:00");
}

TEST_CASE("calendar: a business start outside open hours counts from the next opening") {
  const Calendar cal = office_week();
  std::vector<CalendarStep> steps;
  CHECK(local(cal.add(at("2026-11-21T15:00"), dur("2h"), ClockKind::business, &steps)) ==
        "2026-11-23 11:00");
  REQUIRE(kinds(steps) == names({Kind::open_time, Kind::outside_hours_start, Kind::result}));
  CHECK(steps[1].from == at("2026-11-21T15:00"));
  CHECK(steps[1].to == at("2026-11-23T09:00"));
  // A start within open hours has no such step.
  steps.clear();
  cal.add(at("2026-11-20T15:00"), dur("2h"), ClockKind::business, &steps);
  CHECK(count_of(steps, Kind::outside_hours_start) == 0);
  // 0m is immediate, but still only when the office is open.
  CHECK(local(cal.add(at("2026-11-20T21:00"), dur("0m"), ClockKind::business)) ==
        "2026-11-23 09:00");
  CHECK(local(cal.add(at("2026-11-20T10:00"), dur("0m"), ClockKind::business)) ==
        "2026-11-20 10:00");
}

TEST_CASE("calendar: business hours skip a weekend and a holiday") {
  const Calendar cal = office_week();
  // Wed 19:00 + 2h: 1h on Wed, then Oct 1–7 closed, 1h on Thu Oct 8.
  CHECK(local(cal.add(at("2026-09-30T19:00"), dur("2h"), ClockKind::business)) ==
        "2026-10-08 10:00");
}

TEST_CASE("calendar: 2d business crossing a holiday (policy.md Nd)") {
  CalendarSpec s;
  s.workdays = {true, true, true, true, true, false, false};
  s.holidays = {Date{2026, 10, 1}, Date{2026, 10, 2}};
  const Calendar cal(s);
  std::vector<CalendarStep> steps;
  // Wed 10:00: Thu, Fri holidays, Sat, Sun off → Mon (1), Tue (2).
  CHECK(local(cal.add(at("2026-09-30T10:00"), dur("2d"), ClockKind::business, &steps)) ==
        "2026-10-06 10:00");
  REQUIRE(kinds(steps) == names({Kind::business_days, Kind::holiday_skipped, Kind::holiday_skipped,
                                 Kind::closed_day_skipped, Kind::closed_day_skipped, Kind::result}));
  CHECK(steps[0].from == at("2026-09-30T10:00"));
  CHECK(steps[0].count == 2);
  CHECK(steps[1].day == Date{2026, 10, 1});
  CHECK(steps[2].day == Date{2026, 10, 2});
  CHECK(steps[3].day == Date{2026, 10, 3});
  CHECK(steps[4].day == Date{2026, 10, 4});
  CHECK(steps[5].to == at("2026-10-06T10:00"));
}

TEST_CASE("calendar: Nd business counts a 调休 make-up Saturday") {
  const Calendar cal = office_week();
  std::vector<CalendarStep> steps;
  CHECK(local(cal.add(at("2026-10-09T10:00"), dur("1d"), ClockKind::business, &steps)) ==
        "2026-10-10 10:00");
  REQUIRE(kinds(steps) == names({Kind::business_days, Kind::makeup_day, Kind::result}));
  CHECK(steps[1].day == Date{2026, 10, 10});
  // An ordinary workday counted is not reported.
  steps.clear();
  cal.add(at("2026-10-12T10:00"), dur("1d"), ClockKind::business, &steps);
  CHECK(kinds(steps) == names({Kind::business_days, Kind::result}));
  CHECK(local(cal.add(at("2026-10-09T10:00"), dur("2d"), ClockKind::business)) ==
        "2026-10-12 10:00");
}

TEST_CASE("calendar: Nd business from outside open hours moves to the opening first") {
  const Calendar cal = office_week();
  // Fri 21:00 → Mon 09:00, + 1 business day → Tue 09:00.
  CHECK(local(cal.add(at("2026-11-20T21:00"), dur("1d"), ClockKind::business)) ==
        "2026-11-24 09:00");
  CHECK(local(cal.add(at("2026-11-20T07:30"), dur("1d"), ClockKind::business)) ==
        "2026-11-23 09:00");
}

TEST_CASE("calendar: 1w business with 6 workdays is 6 business days (policy.md 1w)") {
  CalendarSpec s;
  s.workdays = {true, true, true, true, true, true, false};
  const Calendar cal(s);
  std::vector<CalendarStep> steps;
  // Mon 10:00: Tue..Sat are 5, Sunday skipped, Mon is the 6th.
  CHECK(local(cal.add(at("2026-11-16T10:00"), dur("1w"), ClockKind::business, &steps)) ==
        "2026-11-23 10:00");
  REQUIRE(kinds(steps) == names({Kind::business_weeks, Kind::closed_day_skipped, Kind::result}));
  CHECK(steps[0].duration == dur("1w"));
  CHECK(steps[0].count == 6);
  CHECK(steps[0].per_week == 6);
  CHECK(steps[1].day == Date{2026, 11, 22});
  // With 5 workdays 1w is 5 business days: Mon → next Mon as well, but 2w differs.
  CHECK(local(office_week().add(at("2026-11-16T10:00"), dur("2w"), ClockKind::business)) ==
        "2026-11-30 10:00");
  CHECK(local(cal.add(at("2026-11-16T10:00"), dur("2w"), ClockKind::business)) ==
        "2026-11-30 10:00");
  CHECK(local(cal.add(at("2026-11-16T10:00"), dur("3w"), ClockKind::business)) ==
        "2026-12-07 10:00");
  CHECK(local(office_week().add(at("2026-11-16T10:00"), dur("3w"), ClockKind::business)) ==
        "2026-12-07 10:00");
}

TEST_CASE("calendar: calendar clock is wall time") {
  const Calendar cal = office_week();
  std::vector<CalendarStep> steps;
  CHECK(local(cal.add(at("2026-11-20T19:50"), dur("15m"), ClockKind::calendar, &steps)) ==
        "2026-11-20 20:05");
  REQUIRE(kinds(steps) == names({Kind::wall_time, Kind::result}));
  CHECK(steps[0].clock == ClockKind::calendar);
  CHECK(steps[0].from == at("2026-11-20T19:50"));
  CHECK(steps[0].duration == dur("15m"));
  CHECK(steps[1].to == at("2026-11-20T20:05"));
  CHECK(cal.add(at("2026-09-30T10:00"), dur("2d"), ClockKind::calendar) == at("2026-10-02T10:00"));
  CHECK(cal.add(at("2026-09-30T10:00"), dur("48h"), ClockKind::calendar) == at("2026-10-02T10:00"));
  CHECK(cal.add(at("2026-09-30T10:00"), dur("1w"), ClockKind::calendar) == at("2026-10-07T10:00"));
  CHECK(cal.add(at("2026-09-30T10:00"), dur("90s"), ClockKind::calendar) ==
        at("2026-09-30T10:01:30"));
}

TEST_CASE("calendar: months and years are calendar months on both clocks") {
  const Calendar cal = office_week();
  for (ClockKind clock : {ClockKind::calendar, ClockKind::business}) {
    CHECK(local(cal.add(at("2026-01-31T10:00"), dur("1mo"), clock)) == "2026-02-28 10:00");
    CHECK(local(cal.add(at("2026-01-31T10:00"), dur("3mo"), clock)) == "2026-04-30 10:00");
    CHECK(local(cal.add(at("2026-11-22T23:30"), dur("1mo"), clock)) == "2026-12-22 23:30");
    CHECK(local(cal.add(at("2024-02-29T08:00"), dur("1y"), clock)) == "2025-02-28 08:00");
  }
  std::vector<CalendarStep> steps;
  cal.add(at("2026-01-31T10:00"), dur("1mo"), ClockKind::business, &steps);
  REQUIRE(kinds(steps) == names({Kind::months, Kind::month_end, Kind::result}));
  CHECK(steps[0].clock == ClockKind::business);
  CHECK(steps[0].duration == dur("1mo"));
  CHECK(steps[1].day == Date{2026, 2, 28});
  CHECK(steps[1].count == 31);
  // A day the target month has: no month_end step.
  steps.clear();
  cal.add(at("2026-01-30T10:00"), dur("1y"), ClockKind::calendar, &steps);
  CHECK(kinds(steps) == names({Kind::months, Kind::result}));
}

TEST_CASE("calendar: same-day is 23:59:59 local on the start's day, on both clocks") {
  const Calendar cal = office_week();
  for (ClockKind clock : {ClockKind::calendar, ClockKind::business}) {
    std::vector<CalendarStep> steps;
    CHECK(cal.add(at("2026-11-21T18:00"), dur("same-day"), clock, &steps) == at("2026-11-21T23:59:59"));
    CHECK(cal.add(at("2026-11-21T00:00"), dur("same-day"), clock) == at("2026-11-21T23:59:59"));
    REQUIRE(kinds(steps) == names({Kind::same_day, Kind::result}));
    CHECK(steps[0].clock == clock);
    CHECK(steps[0].from == at("2026-11-21T18:00"));
  }
}

TEST_CASE("calendar: pause extends by wall time on the calendar clock") {
  const Calendar cal = every_day();
  std::vector<CalendarStep> steps;
  const Timestamp end = cal.extend(at("2026-11-21T15:00"), at("2026-11-20T19:00"),
                                   at("2026-11-21T10:00"), ClockKind::calendar, &steps);
  CHECK(local(end) == "2026-11-22 06:00");  // +15h
  REQUIRE(kinds(steps) == names({Kind::deadline, Kind::pause_wall_time, Kind::result}));
  CHECK(steps[0].from == at("2026-11-21T15:00"));
  CHECK(steps[1].from == at("2026-11-20T19:00"));
  CHECK(steps[1].to == at("2026-11-21T10:00"));
  CHECK(steps[1].seconds == 15 * 3600);
  CHECK(steps[2].to == end);
}

TEST_CASE("calendar: pause extends by open time on the business clock") {
  const Calendar cal = every_day();
  std::vector<CalendarStep> steps;
  // 19:00–20:00 and 09:00–10:00 are open: 2h of open time.
  const Timestamp end = cal.extend(at("2026-11-21T15:00"), at("2026-11-20T19:00"),
                                   at("2026-11-21T10:00"), ClockKind::business, &steps);
  CHECK(local(end) == "2026-11-21 17:00");
  REQUIRE(kinds(steps) == names({Kind::deadline, Kind::pause_open_time, Kind::result}));
  CHECK(steps[1].seconds == 2 * 3600);
  // The added open time itself runs over closing.
  steps.clear();
  CHECK(local(cal.extend(at("2026-11-21T19:00"), at("2026-11-20T19:00"), at("2026-11-21T10:00"),
                         ClockKind::business, &steps)) == "2026-11-22 10:00");
  REQUIRE(kinds(steps) == names({Kind::deadline, Kind::pause_open_time, Kind::closed_until_opening,
                                 Kind::result}));
  CHECK(steps[2].from == at("2026-11-21T20:00"));
  CHECK(steps[2].to == at("2026-11-22T09:00"));
}

TEST_CASE("calendar: a pause with no open time or no length leaves the deadline alone") {
  const Calendar cal = every_day();
  const Timestamp closing = at("2026-11-20T20:00");
  std::vector<CalendarStep> steps;
  CHECK(cal.extend(closing, at("2026-11-20T21:00"), at("2026-11-21T08:00"), ClockKind::business,
                   &steps) == closing);
  REQUIRE(kinds(steps) == names({Kind::deadline, Kind::pause_open_time, Kind::result}));
  CHECK(steps[1].seconds == 0);
  CHECK(steps[2].to == closing);
  steps.clear();
  CHECK(cal.extend(closing, at("2026-11-20T21:00"), at("2026-11-20T21:00"), ClockKind::calendar,
                   &steps) == closing);
  CHECK(kinds(steps) == names({Kind::deadline, Kind::no_pause}));
  CHECK(cal.extend(closing, at("2026-11-20T22:00"), at("2026-11-20T21:00"), ClockKind::calendar) ==
        closing);
}

TEST_CASE("calendar: no business days at all is a config error, not a hang") {
  CalendarSpec s;
  s.workdays = {false, false, false, false, false, false, false};
  const Calendar cal(s);
  const Timestamp t = at("2026-11-20T10:00");
  CHECK(exit_code_of([&] { cal.next_open(t); }) == Exit::config);
  CHECK(exit_code_of([&] { cal.add(t, dur("15m"), ClockKind::business); }) == Exit::config);
  CHECK(exit_code_of([&] { cal.add(t, dur("1d"), ClockKind::business); }) == Exit::config);
  CHECK(exit_code_of([&] { cal.add(t, dur("1w"), ClockKind::business); }) == Exit::config);
  CHECK(cal.business_seconds_between(t, t + 86400) == 0);
  // The calendar clock does not need business days.
  CHECK(cal.add(t, dur("15m"), ClockKind::calendar) == t + 900);
}

TEST_CASE("calendar: open hours that never open are a config error on the business clock") {
  CalendarSpec s;
  s.open_minute = 20 * 60;
  s.close_minute = 9 * 60;
  const Calendar cal(s);
  CHECK_FALSE(cal.is_open(at("2026-11-20T22:00")));
  CHECK(exit_code_of([&] { cal.add(at("2026-11-20T10:00"), dur("1h"), ClockKind::business); }) ==
        Exit::config);
}

TEST_CASE("calendar: an absurd business duration is refused within bounded time") {
  const Calendar cal = office_week();
  CHECK(exit_code_of([&] {
          cal.add(at("2026-11-20T10:00"), dur("999999999h"), ClockKind::business);
        }) == Exit::config);
  CHECK(exit_code_of([&] {
          cal.add(at("2026-11-20T10:00"), dur("999999999d"), ClockKind::business);
        }) == Exit::config);
  CHECK(exit_code_of([&] {
          cal.add(at("2026-11-20T10:00"), dur("999999999y"), ClockKind::calendar);
        }) == Exit::config);
}

TEST_CASE("calendar: every closed day of a long run is a step (the narrator shortens the list)") {
  std::vector<CalendarStep> steps;
  // Fri 10:00 + 300h of open time, 11h a day: 27 closings before the deadline on the 28th day.
  const Timestamp end = every_day().add(at("2026-11-20T10:00"), dur("300h"), ClockKind::business,
                                        &steps);
  CHECK(local(end) == "2026-12-17 13:00");
  CHECK(steps.size() == 29);
  CHECK(count_of(steps, Kind::closed_until_opening) == 27);
  CHECK(steps.front().kind == Kind::open_time);
  CHECK(steps.back().kind == Kind::result);
}

TEST_CASE("calendar: step kinds have stable English names") {
  CHECK(step_kind_name(Kind::holiday_skipped) == "holiday_skipped");
  CHECK(step_kind_name(Kind::closed_until_opening) == "closed_until_opening");
  CHECK(step_kind_name(Kind::result) == "result");
  CHECK(clock_name(ClockKind::business) == "business");
  CHECK(clock_name(ClockKind::calendar) == "calendar");
}
