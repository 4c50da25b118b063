// Unit tests for times and dates as people say them (issue 18 dates, svc(1) DATES AND TIMES):
// tables of input → instant at fixed moments (a weekday, a weekend, a month end, a year end).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "svc/error.hpp"
#include "svc/when.hpp"

using namespace svc;
using when::Look;
using when::Role;

namespace {

constexpr int kCst = 8 * 3600;

// The context at a local time in Beijing, business hours 09:00–20:00 (the built-in calendar).
when::Context at(const char* local) {
  const auto t = parse_time(local, kCst);
  REQUIRE(t.has_value());
  return when::Context{*t, kCst, 9 * 60, 20 * 60};
}

struct Case {
  const char* text;
  Role role;
  const char* expected;  // local "YYYY-MM-DD HH:MM:SS", or nullptr when refused
  bool assumed = false;  // a date alone: the role chose the time of day
};

std::string local(Timestamp t) { return format_iso(t, kCst).substr(0, 19); }

void check(const when::Context& ctx, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CAPTURE(static_cast<int>(c.role));
    const auto got = when::parse(c.text, c.role, ctx);
    if (!c.expected) {
      CHECK_FALSE(got.has_value());
      if (got) CHECK(local(got->at) == "refused");
      continue;
    }
    REQUIRE(got.has_value());
    CHECK(local(got->at) == c.expected);
    CHECK(got->time_assumed == c.assumed);
  }
}

}  // namespace

TEST_CASE("issue 18 dates: day words, times of day and durations on a Friday morning") {
  const auto ctx = at("2026-11-27T10:30");  // Friday
  const auto A = Role::appointment;
  check(ctx, {
                 {"今天", A, "2026-11-27T09:00:00", true},
                 {"today", A, "2026-11-27T09:00:00", true},
                 {"明天", A, "2026-11-28T09:00:00", true},
                 {"明日", A, "2026-11-28T09:00:00", true},
                 {"Tomorrow", A, "2026-11-28T09:00:00", true},
                 {"后天", A, "2026-11-29T09:00:00", true},
                 {"大后天", A, "2026-11-30T09:00:00", true},
                 {"昨天", A, "2026-11-26T09:00:00", true},
                 {"yesterday", A, "2026-11-26T09:00:00", true},
                 {"14:00", A, "2026-11-27T14:00:00"},
                 {"9:05", A, "2026-11-27T09:05:00"},
                 {"14:00:30", A, "2026-11-27T14:00:30"},
                 {"明天 14:00", A, "2026-11-28T14:00:00"},
                 {"明天14:00", A, "2026-11-28T14:00:00"},
                 {"明天下午2点", A, "2026-11-28T14:00:00"},
                 {"明天 下午2点半", A, "2026-11-28T14:30:00"},
                 {"明天上午9点", A, "2026-11-28T09:00:00"},
                 {"后天 9点30分", A, "2026-11-29T09:30:00"},
                 {"后天 9点30", A, "2026-11-29T09:30:00"},
                 {"晚上8点", A, "2026-11-27T20:00:00"},
                 {"中午12点", A, "2026-11-27T12:00:00"},
                 {"中午1点", A, "2026-11-27T13:00:00"},
                 {"上午12点", A, "2026-11-27T00:00:00"},
                 {"下午14点", A, "2026-11-27T14:00:00"},
                 {"15时", A, "2026-11-27T15:00:00"},
                 {"tomorrow 2pm", A, "2026-11-28T14:00:00"},
                 {"tomorrow 2:30 PM", A, "2026-11-28T14:30:00"},
                 {"12am", A, "2026-11-27T00:00:00"},
                 {"12pm", A, "2026-11-27T12:00:00"},
                 {"now", A, "2026-11-27T10:30:00"},
                 {"现在", A, "2026-11-27T10:30:00"},
                 {"+2h", A, "2026-11-27T12:30:00"},
                 {"+30m", A, "2026-11-27T11:00:00"},
                 {"+3d", A, "2026-11-30T10:30:00"},
                 {"+1w", A, "2026-12-04T10:30:00"},
                 {"+1mo", A, "2026-12-27T10:30:00"},
                 {"2h", A, "2026-11-27T12:30:00"},
                 {"-2h", A, "2026-11-27T08:30:00"},
                 {"3天后", A, "2026-11-30T10:30:00"},
                 {"2小时后", A, "2026-11-27T12:30:00"},
                 {"2 小时后", A, "2026-11-27T12:30:00"},
                 {"30分钟后", A, "2026-11-27T11:00:00"},
                 {"1周后", A, "2026-12-04T10:30:00"},
                 {"2天前", A, "2026-11-25T10:30:00"},
             });
}

TEST_CASE("issue 18 dates: ISO-8601 and numeric dates as before, and new spellings") {
  const auto ctx = at("2026-11-27T10:30");
  const auto A = Role::appointment;
  check(ctx, {
                 {"2026-12-09T14:00", A, "2026-12-09T14:00:00"},
                 {"2026-12-09 14:00", A, "2026-12-09T14:00:00"},
                 {"2026-12-09T14:00:15", A, "2026-12-09T14:00:15"},
                 {"2026-12-09T14:00+08:00", A, "2026-12-09T14:00:00"},
                 {"2026-12-09T06:00Z", A, "2026-12-09T14:00:00"},
                 {"2026-12-09T14:00+0800", A, "2026-12-09T14:00:00"},
                 {"2026-12-09", A, "2026-12-09T09:00:00", true},
                 {"2026-12-9", A, "2026-12-09T09:00:00", true},
                 {"2026-12-9 14:00", A, "2026-12-09T14:00:00"},
                 {"2026-12-9t14:00", A, "2026-12-09T14:00:00"},
                 {"2026/12/9 14:00", A, "2026-12-09T14:00:00"},
                 {"2026/12/09", A, "2026-12-09T09:00:00", true},
                 {"2026.12.9", A, "2026-12-09T09:00:00", true},
                 {"2026年12月9日 14:00", A, "2026-12-09T14:00:00"},
                 {"2026年12月9日下午2点", A, "2026-12-09T14:00:00"},
                 {"2026年12月9号", A, "2026-12-09T09:00:00", true},
                 {"12/9", A, "2026-12-09T09:00:00", true},
                 {"12/9 14:00", A, "2026-12-09T14:00:00"},
                 {"12月9日", A, "2026-12-09T09:00:00", true},
                 {"12月9号 下午3点", A, "2026-12-09T15:00:00"},
                 {"  明天   14:00  ", A, "2026-11-28T14:00:00"},
             });
}

TEST_CASE("issue 18 dates: full-width input from a Chinese input method is read as ASCII (NFKC)") {
  const auto ctx = at("2026-11-27T10:30");
  const auto A = Role::appointment;
  check(ctx, {
                 {"１４：００", A, "2026-11-27T14:00:00"},
                 {"明天　１４：００", A, "2026-11-28T14:00:00"},  // ideographic space
                 {"２０２６／１２／９", A, "2026-12-09T09:00:00", true},
                 {"＋２ｈ", A, "2026-11-27T12:30:00"},
                 {"２０２６－１２－０９Ｔ１４：００", A, "2026-12-09T14:00:00"},
                 {"ＦＲＩ", A, "2026-11-27T09:00:00", true},
             });
}

TEST_CASE("issue 18 dates: a weekday is the nearest such day, today included, the way the option looks") {
  const auto fri = at("2026-11-27T10:30");  // Friday
  check(fri, {
                 {"周五", Role::appointment, "2026-11-27T09:00:00", true},  // today: a past time is the caller's refusal
                 {"周五 14:00", Role::appointment, "2026-11-27T14:00:00"},
                 {"fri", Role::appointment, "2026-11-27T09:00:00", true},
                 {"Friday 3pm", Role::appointment, "2026-11-27T15:00:00"},
                 {"周六", Role::appointment, "2026-11-28T09:00:00", true},
                 {"星期六", Role::appointment, "2026-11-28T09:00:00", true},
                 {"礼拜天", Role::appointment, "2026-11-29T09:00:00", true},
                 {"周日", Role::appointment, "2026-11-29T09:00:00", true},
                 {"sun", Role::appointment, "2026-11-29T09:00:00", true},
                 {"周一", Role::appointment, "2026-11-30T09:00:00", true},
                 {"mon 9:30", Role::appointment, "2026-11-30T09:30:00"},
                 {"周四", Role::appointment, "2026-12-03T09:00:00", true},
                 {"thursday", Role::appointment, "2026-12-03T09:00:00", true},
                 {"下周五", Role::appointment, "2026-12-04T09:00:00", true},
                 {"下个星期一 10:00", Role::appointment, "2026-11-30T10:00:00"},
                 {"下周一", Role::appointment, "2026-11-30T09:00:00", true},
                 {"本周四", Role::appointment, "2026-11-26T09:00:00", true},
                 {"这周日", Role::appointment, "2026-11-29T09:00:00", true},
                 {"上周五", Role::appointment, "2026-11-20T09:00:00", true},
                 // Looking back (a done moment, --since): the last such day, today included.
                 {"周四", Role::happened, "2026-11-26T09:00:00", true},
                 {"周五", Role::happened, "2026-11-27T09:00:00", true},
                 {"周六", Role::happened, "2026-11-21T09:00:00", true},
                 {"周一", Role::since, "2026-11-23T00:00:00", true},
             });
  const auto sat = at("2026-11-28T16:00");  // a weekend: Saturday
  check(sat, {
                 {"周五", Role::appointment, "2026-12-04T09:00:00", true},
                 {"周五", Role::since, "2026-11-27T00:00:00", true},
                 {"周六", Role::appointment, "2026-11-28T09:00:00", true},
                 {"周日", Role::appointment, "2026-11-29T09:00:00", true},
                 {"下周一", Role::appointment, "2026-11-30T09:00:00", true},
                 {"本周五", Role::appointment, "2026-11-27T09:00:00", true},
                 {"本周", Role::since, "2026-11-23T00:00:00"},
                 {"今天", Role::since, "2026-11-28T00:00:00", true},
             });
}

TEST_CASE("issue 18 dates: what a date alone means depends on the option's role") {
  const auto ctx = at("2026-11-27T10:30");
  check(ctx, {
                 {"明天", Role::appointment, "2026-11-28T09:00:00", true},
                 {"明天", Role::happened, "2026-11-28T09:00:00", true},
                 {"明天", Role::deadline, "2026-11-28T23:59:59", true},
                 {"明天", Role::reply_by, "2026-11-28T20:00:00", true},
                 {"明天", Role::since, "2026-11-28T00:00:00", true},
                 {"明天", Role::until, "2026-11-29T00:00:00", true},
                 {"2026-12-01", Role::deadline, "2026-12-01T23:59:59", true},
                 {"2026-12-01", Role::reply_by, "2026-12-01T20:00:00", true},
                 {"2026-12-01", Role::until, "2026-12-02T00:00:00", true},
                 {"2026-12-01 18:00", Role::deadline, "2026-12-01T18:00:00"},
             });
  // A different calendar moves the appointment and the promised reply.
  auto late = ctx;
  late.open_minute = 8 * 60 + 30;
  late.close_minute = 17 * 60 + 30;
  check(late, {
                  {"明天", Role::appointment, "2026-11-28T08:30:00", true},
                  {"明天", Role::reply_by, "2026-11-28T17:30:00", true},
              });
}

TEST_CASE("issue 18 dates: --since takes durations back and whole weeks, months and years") {
  const auto ctx = at("2026-11-27T10:30");  // Friday
  const auto S = Role::since;
  check(ctx, {
                 {"7d", S, "2026-11-20T10:30:00"},
                 {"24h", S, "2026-11-26T10:30:00"},
                 {"-2d", S, "2026-11-25T10:30:00"},
                 {"3天前", S, "2026-11-24T10:30:00"},
                 {"1mo", S, "2026-10-27T10:30:00"},
                 {"今天", S, "2026-11-27T00:00:00", true},
                 {"昨天", S, "2026-11-26T00:00:00", true},
                 {"本周", S, "2026-11-23T00:00:00"},
                 {"这周", S, "2026-11-23T00:00:00"},
                 {"this week", S, "2026-11-23T00:00:00"},
                 {"上周", S, "2026-11-16T00:00:00"},
                 {"本月", S, "2026-11-01T00:00:00"},
                 {"上月", S, "2026-10-01T00:00:00"},
                 {"上个月", S, "2026-10-01T00:00:00"},
                 {"今年", S, "2026-01-01T00:00:00"},
                 {"去年", S, "2025-01-01T00:00:00"},
                 {"2026-11-01", S, "2026-11-01T00:00:00", true},
                 {"11/1", S, "2026-11-01T00:00:00", true},
                 {"12/1", S, "2025-12-01T00:00:00", true},  // looking back: last December
                 {"2026-11-01 09:00", S, "2026-11-01T09:00:00"},
                 // The end of a range: the period's end, exclusive.
                 {"上周", Role::until, "2026-11-23T00:00:00"},
                 {"本月", Role::until, "2026-12-01T00:00:00"},
                 // Periods are for ranges only.
                 {"本周", Role::appointment, nullptr},
                 {"本月", Role::deadline, nullptr},
             });
}

TEST_CASE("issue 18 dates: month end and year end") {
  const auto nov30 = at("2026-11-30T18:00");  // Monday, the last day of November
  check(nov30, {
                   {"明天", Role::appointment, "2026-12-01T09:00:00", true},
                   {"后天 10:00", Role::appointment, "2026-12-02T10:00:00"},
                   {"+1d", Role::appointment, "2026-12-01T18:00:00"},
                   {"本月", Role::since, "2026-11-01T00:00:00"},
                   {"上月", Role::since, "2026-10-01T00:00:00"},
                   {"本周", Role::since, "2026-11-30T00:00:00"},
               });
  const auto dec31 = at("2026-12-31T16:00");  // Thursday, the last day of the year
  check(dec31, {
                   {"明天", Role::appointment, "2027-01-01T09:00:00", true},
                   {"大后天", Role::appointment, "2027-01-03T09:00:00", true},
                   {"1/5", Role::appointment, "2027-01-05T09:00:00", true},  // the next 5 January
                   {"1月5日 14:00", Role::appointment, "2027-01-05T14:00:00"},
                   {"12/9", Role::appointment, "2027-12-09T09:00:00", true},
                   {"12/31", Role::appointment, "2026-12-31T09:00:00", true},  // today counts
                   {"12/9", Role::since, "2026-12-09T00:00:00", true},
                   {"下周一", Role::appointment, "2027-01-04T09:00:00", true},
                   {"周五", Role::appointment, "2027-01-01T09:00:00", true},
                   {"本月", Role::since, "2026-12-01T00:00:00"},
                   {"本月", Role::until, "2027-01-01T00:00:00"},
                   {"今年", Role::until, "2027-01-01T00:00:00"},
                   {"+1mo", Role::appointment, "2027-01-31T16:00:00"},
               });
  const auto jan31 = at("2027-01-31T10:00");
  check(jan31, {{"+1mo", Role::appointment, "2027-02-28T10:00:00"}});  // no 31 February
}

TEST_CASE("issue 18 dates: bad text is refused, never guessed") {
  const auto ctx = at("2026-11-27T10:30");
  for (const char* bad :
       {"", "  ", "tomorow", "明天见", "2026-13-01", "2026-02-30", "2026/2/30", "13/1", "2/30", "25:00", "14:60",
        "14:0", "24:00", "上午13点", "13pm", "0am", "中午5点", "1400", "14", "2026", "周八", "下周",
        "星期", "fries", "next friday", "+2x", "+-2h", "2h later", "+3天前", "明天 14:00 后天", "14:00 明天", "T14:00",
        "2026-12-09T14:00+25:00", "9999-12-31T23:59Z", "+99999999y", "99999999d", "本周 14:00", "12/9/2026",
        "2026年12月", "12月9", "same-day", "-", "+", "今天今天"}) {
    CAPTURE(bad);
    for (const auto role : {Role::appointment, Role::since, Role::deadline}) CHECK_FALSE(when::parse(bad, role, ctx).has_value());
  }
}

TEST_CASE("issue 18 dates: the refusal names the option, the value and the forms accepted (exit 64)") {
  svc::set_lang(svc::Lang::en);
  const auto ctx = at("2026-11-27T10:30");
  try {
    when::require("--appoint", "tomorow", Role::appointment, ctx);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::usage);
    const std::string m = e.what();
    CHECK(m.find("--appoint 'tomorow' is not a time") != std::string::npos);
    CHECK(m.find("明天 下午2点") != std::string::npos);
    CHECK(m.find("+2h") != std::string::npos);
  }
  try {
    when::require("--since", "last fortnight", Role::since, ctx);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::usage);
    CHECK(std::string(e.what()).find("本周") != std::string::npos);
  }
  try {
    when::require_day("--date", "14:00", ctx, Look::back);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::usage);
    CHECK(std::string(e.what()).find("--date '14:00' is not a date") != std::string::npos);
  }
}

TEST_CASE("issue 18 dates: days for date options") {
  const auto ctx = at("2026-11-27T10:30");  // Friday
  struct Day {
    const char* text;
    Look look;
    const char* expected;
  };
  for (const auto& d : std::vector<Day>{
           {"今天", Look::back, "2026-11-27"},
           {"昨天", Look::back, "2026-11-26"},
           {"前天", Look::back, "2026-11-25"},
           {"明天", Look::ahead, "2026-11-28"},
           {"2026-11-20", Look::back, "2026-11-20"},
           {"2026/11/2", Look::back, "2026-11-02"},
           {"2026年11月2日", Look::back, "2026-11-02"},
           {"11/2", Look::back, "2026-11-02"},
           {"11/2", Look::ahead, "2027-11-02"},
           {"周一", Look::back, "2026-11-23"},
           {"周一", Look::ahead, "2026-11-30"},
           {"上周五", Look::back, "2026-11-20"},
           {"+30d", Look::ahead, "2026-12-27"},
           {"30天后", Look::ahead, "2026-12-27"},
           {"-1d", Look::ahead, "2026-11-26"},
           {"1w", Look::back, "2026-11-20"},
           {"１１／２", Look::back, "2026-11-02"},
       }) {
    CAPTURE(d.text);
    const auto got = when::parse_day(d.text, ctx, d.look);
    REQUIRE(got.has_value());
    CHECK(format_date(*got) == d.expected);
  }
  for (const char* bad : {"14:00", "明天 14:00", "+2h", "30m", "本周", "2026-11-31", "x", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(when::parse_day(bad, ctx, Look::back).has_value());
  }
}
