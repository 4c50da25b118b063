// Times and dates as people say them at the desk — 明天 14:00, 下午2点, 周五, +2h, 2026/12/9,
// 本周 — as well as strict ISO-8601: the one parser behind every command-line option that takes
// a time or a date (svc(1) DATES AND TIMES). Data files keep their strict formats (clock.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "svc/clock.hpp"

namespace svc {
struct Policy;
struct Op;
}  // namespace svc

namespace svc::when {

// What the option's value is for, which decides what a date alone means and which way a weekday,
// a month/day without a year or an unsigned duration points.
enum class Role {
  appointment,  // an agreed visit time: a date alone is the start of business hours ([calendar]
                // open), noted on stderr; looks ahead
  happened,     // when something was done (--at): a date alone is the start of business hours,
                // noted; looks back
  deadline,     // to be met by (--requested-by, --by): a date alone is the end of that day; ahead
  reply_by,     // a promised reply: a date alone is that day's closing time ([calendar] close); ahead
  since,        // the start of a range (--since, --from): 00:00 of the day; also 7d, 本周, 本月; back
  until,        // the end of a range (--to): the end of that day (exclusive); also 上周, 上月; back
};

// Which way a weekday (周五), a month/day (12/9) or a duration without a sign (2h) points: the
// nearest such day from today on, or from today back. Today counts either way.
enum class Look { ahead, back };

// The moment the text is read against: the clock's now, the site offset and business hours.
struct Context {
  Timestamp now = 0;
  int utc_offset = 8 * 3600;
  int open_minute = 9 * 60;
  int close_minute = 20 * 60;
  Date today() const { return local_date(now, utc_offset); }
};
Context context(const Policy& policy, Timestamp now);

struct Time {
  Timestamp at = 0;
  bool time_assumed = false;  // a date without a time of day: the role chose the time
};

// A time in any accepted form (svc(1) DATES AND TIMES), or nullopt. Full-width characters from a
// Chinese input method (１４：００) are read as their ASCII forms (NFKC).
std::optional<Time> parse(std::string_view text, Role role, const Context& ctx);
// The same, or exit 64 naming the option, the value and the accepted forms.
Time require(std::string_view option, std::string_view text, Role role, const Context& ctx);
// For an operation: read at op.now with the policy's calendar; a date alone for an appointment or
// a done moment is said on stderr through op.note ("no time of day given: 09:00 …").
Timestamp require(const Op& op, std::string_view option, std::string_view text, Role role);

// A day (今天, 昨天, 周五, 下周一, 12/9, 2026-12-09, 2026/12/9, 2026年12月9日, +3d, 3天后), or nullopt.
std::optional<Date> parse_day(std::string_view text, const Context& ctx, Look look);
Date require_day(std::string_view option, std::string_view text, const Context& ctx, Look look);

// A month as people say it — 2026-11, 2026/11, 2026年11月, 11月 (this year), 本月, 这个月, 上月,
// 上个月, 下月, this month, last month, next month — as its first day, or nullopt.
std::optional<Date> parse_month(std::string_view text, const Context& ctx);
// The same as YYYY-MM, or exit 64 naming the option, the value and the accepted forms.
std::string require_month(std::string_view option, std::string_view text, const Context& ctx);
// An ISO week — 2026-W48, 本周, 这周, 上周, 下周, this week, last week, next week — as its Monday.
std::optional<Date> parse_week(std::string_view text, const Context& ctx);
// The same as YYYY-Www, or exit 64 naming the option, the value and the accepted forms.
std::string require_week(std::string_view option, std::string_view text, const Context& ctx);

// The note for a date given without a time of day, for an appointment or a done moment.
std::string assumed_note(std::string_view option, std::string_view text, Timestamp at, int utc_offset);

}  // namespace svc::when
