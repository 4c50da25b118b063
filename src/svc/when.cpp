// Times and dates as people say them: a small reader over NFKC-normalised, lower-cased text. The
// forms and their meaning are documented once, in man/svc.1 DATES AND TIMES.
#include "svc/when.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "svc/alias.hpp"
#include "svc/duration.hpp"
#include "svc/error.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"

namespace svc::when {
namespace {

constexpr std::int64_t kDay = 86400;

// NFKC (full-width digits, letters, ':', '+', '/' and the ideographic space become ASCII), then
// surrounding space trimmed and runs of spaces made one.
std::string normalise(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return {};  // C strings end there: read nothing
  const std::string s = alias::nfkc(text);  // invalid UTF-8 stays as it is, and reads as nothing below
  std::string r;
  for (const char c : s) {
    if (c == ' ') {
      if (!r.empty() && r.back() != ' ') r += ' ';
    } else {
      r += c;
    }
  }
  if (!r.empty() && r.back() == ' ') r.pop_back();
  return r;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

Date add_days(Date d, std::int64_t n) { return civil_from_days(days_from_civil(d) + n); }

// A cursor over normalised text; words are matched as bytes (UTF-8 Chinese included).
struct Reader {
  std::string_view s;
  std::size_t i = 0;

  bool done() const { return i == s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool digit() const { return peek() >= '0' && peek() <= '9'; }
  bool letter() const { return peek() >= 'a' && peek() <= 'z'; }
  void space() {
    if (peek() == ' ') ++i;
  }
  bool eat(std::string_view word) {
    if (s.substr(i, word.size()) != word) return false;
    i += word.size();
    return true;
  }
  // An English word: the letters must end there ("fri" but not "fries").
  bool eat_word(std::string_view word) {
    const std::size_t at = i;
    if (!eat(word)) return false;
    if (letter()) {
      i = at;
      return false;
    }
    return true;
  }
  // 1..max ASCII digits; the count read goes to `count`.
  std::optional<std::int64_t> number(std::size_t max, std::size_t* count = nullptr) {
    std::size_t n = 0;
    std::int64_t v = 0;
    while (n < max && digit()) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    if (count) *count = n;
    if (n == 0 || digit()) return std::nullopt;  // none, or more digits than a field holds
    return v;
  }
};

template <class T>
struct Word {
  std::string_view text;
  T value;
};

// Longest spellings first where one begins another (大后天 before 后天).
constexpr std::array<Word<int>, 13> kDayWords{{{"大后天", 3},
                                               {"后天", 2},
                                               {"明天", 1},
                                               {"明日", 1},
                                               {"今天", 0},
                                               {"今日", 0},
                                               {"大前天", -3},
                                               {"前天", -2},
                                               {"昨天", -1},
                                               {"昨日", -1},
                                               {"tomorrow", 1},
                                               {"today", 0},
                                               {"yesterday", -1}}};

constexpr std::array<Word<int>, 17> kEnglishWeekdays{{{"monday", 0},
                                                      {"mon", 0},
                                                      {"tuesday", 1},
                                                      {"tues", 1},
                                                      {"tue", 1},
                                                      {"wednesday", 2},
                                                      {"wed", 2},
                                                      {"thursday", 3},
                                                      {"thurs", 3},
                                                      {"thur", 3},
                                                      {"thu", 3},
                                                      {"friday", 4},
                                                      {"fri", 4},
                                                      {"saturday", 5},
                                                      {"sat", 5},
                                                      {"sunday", 6},
                                                      {"sun", 6}}};

constexpr std::array<Word<int>, 8> kChineseWeekdays{
    {{"一", 0}, {"二", 1}, {"三", 2}, {"四", 3}, {"五", 4}, {"六", 5}, {"日", 6}, {"天", 6}}};

// 下周五 / 下个星期五 (next week's), 上周五 (last week's), 本周五 / 这周五 (this week's), 周五.
constexpr std::array<Word<int>, 7> kWeekShift{
    {{"下个", 1}, {"下", 1}, {"上个", -1}, {"上", -1}, {"本", 0}, {"这个", 0}, {"这", 0}}};
constexpr std::array<std::string_view, 3> kWeekWords{"星期", "礼拜", "周"};

std::optional<int> chinese_weekday(Reader& r, std::optional<int>& shift) {
  const std::size_t at = r.i;
  for (const auto& w : kWeekShift)
    if (r.eat(w.text)) {
      shift = w.value;
      break;
    }
  for (const auto word : kWeekWords) {
    if (!r.eat(word)) continue;
    for (const auto& d : kChineseWeekdays)
      if (r.eat(d.text)) return d.value;
    break;
  }
  r.i = at;  // 下午, 上午: not a weekday
  shift.reset();
  return std::nullopt;
}

Date weekday_date(Date today, int wd, std::optional<int> shift, Look look) {
  const int now_wd = weekday(today);
  if (shift) return add_days(today, -now_wd + 7 * *shift + wd);  // that week, Monday first
  if (look == Look::ahead) return add_days(today, (wd - now_wd + 7) % 7);
  return add_days(today, -((now_wd - wd + 7) % 7));
}

// A month and day without a year: this year's, unless that is behind (ahead) or beyond (back)
// today, then the nearest one that way.
std::optional<Date> month_day(Date today, std::int64_t m, std::int64_t d, Look look) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  Date date{today.year, static_cast<int>(m), static_cast<int>(d)};
  if (look == Look::ahead && valid_date(date) && date < today) ++date.year;
  if (look == Look::back && valid_date(date) && date > today) --date.year;
  if (!valid_date(date)) return std::nullopt;
  return date;
}

// 2026-12-9, 2026/12/9, 2026.12.9, 2026年12月9日, 12/9, 12月9日 (号 for 日).
std::optional<Date> numeric_date(Reader& r, Date today, Look look, bool& bad) {
  const std::size_t at = r.i;
  std::size_t digits = 0;
  const auto first = r.number(4, &digits);
  if (!first) {
    r.i = at;
    return std::nullopt;
  }
  auto finish = [&](std::optional<Date> d) {
    if (!d) bad = true;  // it looked like a date and is not one (2026-02-30, 13/1)
    return d;
  };
  for (const char sep : {'-', '/', '.'}) {
    if (digits != 4 || r.peek() != sep) continue;
    ++r.i;
    const auto m = r.number(2);
    if (!m || r.peek() != sep) return finish(std::nullopt);
    ++r.i;
    const auto d = r.number(2);
    if (!d) return finish(std::nullopt);
    const Date date{static_cast<int>(*first), static_cast<int>(*m), static_cast<int>(*d)};
    return finish(valid_date(date) ? std::optional(date) : std::nullopt);
  }
  if (digits == 4 && r.eat("年")) {
    const auto m = r.number(2);
    if (!m || !r.eat("月")) return finish(std::nullopt);
    const auto d = r.number(2);
    if (!d || !(r.eat("日") || r.eat("号"))) return finish(std::nullopt);
    const Date date{static_cast<int>(*first), static_cast<int>(*m), static_cast<int>(*d)};
    return finish(valid_date(date) ? std::optional(date) : std::nullopt);
  }
  if (digits <= 2 && r.peek() == '/') {
    ++r.i;
    const auto d = r.number(2);
    if (!d) return finish(std::nullopt);
    return finish(month_day(today, *first, *d, look));
  }
  if (digits <= 2 && r.eat("月")) {
    const auto d = r.number(2);
    if (!d || !(r.eat("日") || r.eat("号"))) return finish(std::nullopt);
    return finish(month_day(today, *first, *d, look));
  }
  r.i = at;  // a time of day (14:00, 9点)
  return std::nullopt;
}

// The day part: a day word, a weekday or a numeric date. `bad` is set when the text starts like a
// date but is not a real one.
std::optional<Date> read_day(Reader& r, Date today, Look look, bool& bad) {
  for (const auto& w : kDayWords)
    if (w.text.front() & 0x80 ? r.eat(w.text) : r.eat_word(w.text)) return add_days(today, w.value);
  std::optional<int> shift;
  if (const auto wd = chinese_weekday(r, shift)) return weekday_date(today, *wd, shift, look);
  for (const auto& w : kEnglishWeekdays)
    if (r.eat_word(w.text)) return weekday_date(today, w.value, std::nullopt, look);
  return numeric_date(r, today, look, bad);
}

enum class Half { none, am, noon, pm };
constexpr std::array<Word<Half>, 9> kHalves{{{"上午", Half::am},
                                             {"早上", Half::am},
                                             {"早晨", Half::am},
                                             {"凌晨", Half::am},
                                             {"中午", Half::noon},
                                             {"下午", Half::pm},
                                             {"傍晚", Half::pm},
                                             {"晚上", Half::pm},
                                             {"晚", Half::pm}}};

// The time of day in seconds: 14:00, 14:00:30, 9:30, 14点, 14点30(分), 2点半, 下午2点, 上午9:30,
// 2pm, 2:30 pm. nullopt when there is none; `bad` when there is one that cannot be (25:00).
std::optional<int> read_time_of_day(Reader& r, bool& bad) {
  const std::size_t at = r.i;
  auto invalid = [&bad] {
    bad = true;
    return std::optional<int>{};
  };
  Half half = Half::none;
  for (const auto& w : kHalves)
    if (r.eat(w.text)) {
      half = w.value;
      r.space();
      break;
    }
  const auto h = r.number(2);
  if (!h) {
    r.i = at;
    return std::nullopt;
  }
  std::int64_t m = 0, sec = 0;
  bool clock = false;
  if (r.peek() == ':') {
    ++r.i;
    std::size_t n = 0;
    const auto mm = r.number(2, &n);
    if (!mm || n != 2) return invalid();
    m = *mm;
    if (r.peek() == ':') {
      ++r.i;
      const auto ss = r.number(2, &n);
      if (!ss || n != 2) return invalid();
      sec = *ss;
    }
    clock = true;
  } else if (r.eat("点") || r.eat("时")) {
    if (r.eat("半")) {
      m = 30;
    } else if (const auto mm = r.number(2)) {
      m = *mm;
      r.eat("分");
    }
    clock = true;
  }
  Half english = Half::none;
  const std::size_t before_suffix = r.i;
  r.space();
  if (half == Half::none && (r.eat_word("am") || r.eat_word("a.m."))) english = Half::am;
  else if (half == Half::none && (r.eat_word("pm") || r.eat_word("p.m."))) english = Half::pm;
  else r.i = before_suffix;
  if (!clock && english == Half::none) {  // a bare number is not a time
    r.i = at;
    return std::nullopt;
  }
  std::int64_t hour = *h;
  if (english != Half::none) {
    if (hour < 1 || hour > 12) return invalid();
    hour = english == Half::pm ? (hour % 12) + 12 : hour % 12;
  } else if (half == Half::am) {
    if (hour > 12) return invalid();
    hour %= 12;
  } else if (half == Half::pm) {
    if (hour < 1) return invalid();
    if (hour < 12) hour += 12;
  } else if (half == Half::noon) {
    if (hour >= 1 && hour <= 2) hour += 12;
    else if (hour != 11 && hour != 12) return invalid();
  }
  // No 24:00 and no leap seconds, as in ISO input (clock.cpp).
  if (hour > 23 || m > 59 || sec > 59) return invalid();
  return static_cast<int>(hour * 3600 + m * 60 + sec);
}

bool looks_back(Role role) { return role == Role::happened || role == Role::since || role == Role::until; }

// A day is representable when its date can be written in four digits at the site.
bool in_range(Timestamp t, int offset) { return valid_date(local_date(t, offset)); }

struct Shift {
  std::int64_t count = 0;
  enum class Unit { seconds, days, months } unit = Unit::seconds;
};

constexpr std::array<Word<std::pair<std::int64_t, Shift::Unit>>, 12> kChineseUnits{{
    {"分钟", {60, Shift::Unit::seconds}},
    {"分", {60, Shift::Unit::seconds}},
    {"个小时", {3600, Shift::Unit::seconds}},
    {"小时", {3600, Shift::Unit::seconds}},
    {"个钟头", {3600, Shift::Unit::seconds}},
    {"钟头", {3600, Shift::Unit::seconds}},
    {"天", {1, Shift::Unit::days}},
    {"个星期", {7, Shift::Unit::days}},
    {"星期", {7, Shift::Unit::days}},
    {"周", {7, Shift::Unit::days}},
    {"个月", {1, Shift::Unit::months}},
    {"年", {12, Shift::Unit::months}},
}};
constexpr std::array<Word<int>, 6> kChineseWays{
    {{"以后", 1}, {"之后", 1}, {"后", 1}, {"以前", -1}, {"之前", -1}, {"前", -1}}};

// +2h, -2d, 2h (the role's way), +1mo, 3天后, 2小时前, 30分钟后: a signed shift from now.
std::optional<std::pair<Shift, int>> read_shift(std::string_view text) {
  int way = 0;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    way = text.front() == '+' ? 1 : -1;
    text.remove_prefix(1);
  }
  // The policy's duration syntax: 90s, 30m, 2h, 3d, 1w, 1mo, 1y.
  if (const auto d = parse_duration(text); d && d->unit != Duration::Unit::same_day) {
    if (const auto s = fixed_seconds(*d)) {
      if (d->unit == Duration::Unit::days || d->unit == Duration::Unit::weeks)
        return std::pair{Shift{*s / kDay, Shift::Unit::days}, way};
      return std::pair{Shift{*s, Shift::Unit::seconds}, way};
    }
    return std::pair{Shift{d->unit == Duration::Unit::years ? d->count * 12 : d->count, Shift::Unit::months}, way};
  }
  Reader r{text};
  const auto n = r.number(6);
  if (!n) return std::nullopt;
  r.space();
  for (const auto& u : kChineseUnits) {
    if (!r.eat(u.text)) continue;
    for (const auto& w : kChineseWays)
      if (r.eat(w.text)) {
        if (way != 0 && way != w.value) return std::nullopt;  // "+3天前" says both ways
        way = w.value;
        break;
      }
    if (!r.done()) return std::nullopt;
    return std::pair{Shift{*n * u.value.first, u.value.second}, way};
  }
  return std::nullopt;
}

std::optional<Timestamp> apply(const Shift& s, int way, const Context& ctx) {
  Timestamp t = ctx.now;
  switch (s.unit) {
    case Shift::Unit::seconds: t += way * s.count; break;
    case Shift::Unit::days: t += way * s.count * kDay; break;
    case Shift::Unit::months: {
      // Calendar months keep the time of day; a missing day is the month's last (Jan 31 + 1mo).
      if (s.count > 12 * 10000) return std::nullopt;
      const std::int64_t sod = ctx.now + ctx.utc_offset - days_from_civil(ctx.today()) * kDay;
      const Date d = add_months(ctx.today(), static_cast<int>(way * s.count));
      if (!valid_date(d)) return std::nullopt;
      t = local_to_timestamp(d, static_cast<int>(sod), ctx.utc_offset);
      break;
    }
  }
  if (!in_range(t, ctx.utc_offset)) return std::nullopt;
  return t;
}

// 本周 / 上周 / 本月 / 上月 / 今年 / 去年: the first day and the day after the last, for ranges.
std::optional<std::pair<Date, Date>> read_period(std::string_view text, Date today) {
  const Date monday = add_days(today, -weekday(today));
  const Date first{today.year, today.month, 1};
  const Date january{today.year, 1, 1};
  struct Period {
    std::string_view text;
    Date from, to;
  };
  const std::array<Period, 18> periods{{
      {"本周", monday, add_days(monday, 7)},
      {"这周", monday, add_days(monday, 7)},
      {"本星期", monday, add_days(monday, 7)},
      {"这个星期", monday, add_days(monday, 7)},
      {"this week", monday, add_days(monday, 7)},
      {"上周", add_days(monday, -7), monday},
      {"上个星期", add_days(monday, -7), monday},
      {"last week", add_days(monday, -7), monday},
      {"本月", first, add_months(first, 1)},
      {"这个月", first, add_months(first, 1)},
      {"this month", first, add_months(first, 1)},
      {"上月", add_months(first, -1), first},
      {"上个月", add_months(first, -1), first},
      {"last month", add_months(first, -1), first},
      {"今年", january, add_months(january, 12)},
      {"this year", january, add_months(january, 12)},
      {"去年", add_months(january, -12), january},
      {"last year", add_months(january, -12), january},
  }};
  for (const auto& p : periods)
    if (text == p.text) return std::pair{p.from, p.to};
  return std::nullopt;
}

int date_alone(Role role, const Context& ctx) {
  switch (role) {
    case Role::appointment:
    case Role::happened: return ctx.open_minute * 60;
    case Role::deadline: return static_cast<int>(kDay - 1);
    case Role::reply_by: return ctx.close_minute * 60;
    case Role::since: return 0;
    case Role::until: return static_cast<int>(kDay);
  }
  return 0;
}

}  // namespace

Context context(const Policy& policy, Timestamp now) {
  return Context{now, policy.site.utc_offset, policy.calendar.open_minute, policy.calendar.close_minute};
}

static std::optional<Time> read(std::string_view text, Role role, const Context& ctx) {
  const std::string s = normalise(text);
  if (s.empty()) return std::nullopt;
  const int off = ctx.utc_offset;
  // Strict ISO-8601 first, offsets included ("2026-11-22T09:15:00+08:00", "…Z").
  if (auto d = parse_date(s)) return Time{local_to_timestamp(*d, date_alone(role, ctx), off), true};
  if (auto t = parse_time(s, off)) return Time{*t, false};
  const std::string low = lower(s);
  if (low == "now" || low == "现在") return Time{ctx.now, false};
  if (const auto shift = read_shift(low)) {
    const int way = shift->second != 0 ? shift->second : (looks_back(role) ? -1 : 1);
    if (const auto t = apply(shift->first, way, ctx)) return Time{*t, false};
    return std::nullopt;
  }
  const Date today = ctx.today();
  if (role == Role::since || role == Role::until) {
    if (const auto p = read_period(low, today))
      return Time{local_to_timestamp(role == Role::since ? p->first : p->second, 0, off), false};
  }
  Reader r{low};
  bool bad = false;
  const auto day = read_day(r, today, looks_back(role) ? Look::back : Look::ahead, bad);
  if (bad) return std::nullopt;
  r.space();
  // "2026-12-9T14:00": the ISO separator after a numeric date.
  if (day && r.peek() == 't' && r.i + 1 < low.size() && low[r.i + 1] >= '0' && low[r.i + 1] <= '9') ++r.i;
  const auto tod = read_time_of_day(r, bad);
  if (bad || !r.done() || (!day && !tod)) return std::nullopt;
  if (!tod) return Time{local_to_timestamp(*day, date_alone(role, ctx), off), true};
  return Time{local_to_timestamp(day.value_or(today), *tod, off), false};
}

std::optional<Time> parse(std::string_view text, Role role, const Context& ctx) {
  auto t = read(text, role, ctx);
  // Every instant must be one svc can write back at the site (the end of 9999-12-31 is not).
  if (t && !in_range(t->at, ctx.utc_offset)) return std::nullopt;
  return t;
}

Time require(std::string_view option, std::string_view text, Role role, const Context& ctx) {
  if (auto t = parse(text, role, ctx)) return *t;
  // The message names the forms accepted (svc(1) DATES AND TIMES has them all).
  if (role == Role::since || role == Role::until)
    fail(Exit::usage,
         "{} '{}' is not a time; accepted: 7d, 24h, 今天, 昨天, 本周, 上周, 本月, 上月, 周一, 12/1, 2026-12-01, "
         "2026-12-01 09:00 (man svc: DATES AND TIMES)",
         option, text);
  fail(Exit::usage,
       "{} '{}' is not a time; accepted: 14:00, 今天 14:00, 明天 下午2点, 后天, 周五 9:30, 下周一, 12/9 14:00, "
       "2026-12-09 14:00, 2026/12/9, +2h, +3d (man svc: DATES AND TIMES)",
       option, text);
}

Timestamp require(const Op& op, std::string_view option, std::string_view text, Role role) {
  const Time t = require(option, text, role, context(op.policy, op.now));
  if (t.time_assumed && (role == Role::appointment || role == Role::happened))
    op.note(assumed_note(option, text, t.at, op.utc_offset()));
  return t.at;
}

std::optional<Date> parse_day(std::string_view text, const Context& ctx, Look look) {
  const std::string s = normalise(text);
  if (s.empty()) return std::nullopt;
  if (auto d = parse_date(s)) return d;
  const std::string low = lower(s);
  if (const auto shift = read_shift(low); shift && shift->first.unit != Shift::Unit::seconds) {
    const int way = shift->second != 0 ? shift->second : (look == Look::back ? -1 : 1);
    if (const auto t = apply(shift->first, way, ctx)) return local_date(*t, ctx.utc_offset);
    return std::nullopt;
  }
  Reader r{low};
  bool bad = false;
  const auto day = read_day(r, ctx.today(), look, bad);
  if (bad || !day || !r.done()) return std::nullopt;
  return day;
}

Date require_day(std::string_view option, std::string_view text, const Context& ctx, Look look) {
  if (auto d = parse_day(text, ctx, look)) return *d;
  fail(Exit::usage,
       "{} '{}' is not a date; accepted: 今天, 昨天, 明天, 周五, 上周五, 12/9, 2026-12-09, 2026/12/9, 2026年12月9日, "
       "+30d (man svc: DATES AND TIMES)",
       option, text);
}

std::optional<Date> parse_month(std::string_view text, const Context& ctx) {
  const std::string low = lower(normalise(text));
  const Date today = ctx.today();
  const Date first{today.year, today.month, 1};
  static constexpr Word<int> kWords[] = {{"本月", 0},     {"这个月", 0},     {"这月", 0},        {"当月", 0},
                                    {"this month", 0}, {"上月", -1},     {"上个月", -1},     {"last month", -1},
                                    {"下月", 1},     {"下个月", 1},     {"next month", 1}};
  for (const auto& w : kWords)
    if (low == w.text) return add_months(first, w.value);
  // 2026-11, 2026/11, 2026.11, 2026-1; 2026年11月; 11月 (this year).
  Reader r{low};
  int year = today.year;
  std::size_t count = 0;
  auto n = r.number(4, &count);
  if (!n) return std::nullopt;
  if (count == 4) {
    year = static_cast<int>(*n);
    if (!(r.eat("-") || r.eat("/") || r.eat(".") || r.eat("年"))) return std::nullopt;
    n = r.number(2, &count);
    if (!n) return std::nullopt;
    r.eat("月");
  } else if (count > 2 || !r.eat("月")) {
    return std::nullopt;
  }
  if (!r.done() || *n < 1 || *n > 12 || year < 1970) return std::nullopt;
  return Date{year, static_cast<int>(*n), 1};
}

std::string require_month(std::string_view option, std::string_view text, const Context& ctx) {
  if (const auto d = parse_month(text, ctx)) return fmt::format("{:04}-{:02}", d->year, d->month);
  fail(Exit::usage, "{} '{}' is not a month; accepted: 2026-11, 2026/11, 2026年11月, 11月, 本月, 上月 (man svc: DATES AND TIMES)",
       option, text);
}

std::optional<Date> parse_week(std::string_view text, const Context& ctx) {
  const std::string low = lower(normalise(text));
  if (const auto monday = parse_iso_week(low)) return monday;
  const Date monday = add_days(ctx.today(), -weekday(ctx.today()));
  static constexpr Word<int> kWords[] = {{"本周", 0},  {"这周", 0},     {"本星期", 0},    {"这个星期", 0}, {"this week", 0},
                                    {"上周", -7}, {"上个星期", -7}, {"last week", -7}, {"下周", 7},      {"下个星期", 7},
                                    {"next week", 7}};
  for (const auto& w : kWords)
    if (low == w.text) return add_days(monday, w.value);
  return std::nullopt;
}

std::string require_week(std::string_view option, std::string_view text, const Context& ctx) {
  if (const auto d = parse_week(text, ctx)) return format_iso_week(*d);
  fail(Exit::usage, "{} '{}' is not a week; accepted: 2026-W48, 本周, 上周 (man svc: DATES AND TIMES)", option, text);
}

std::string assumed_note(std::string_view option, std::string_view text, Timestamp at, int utc_offset) {
  return fmt::format(fmt::runtime(tr("{} '{}' has no time of day: {}, the start of business hours, is used")), option,
                     text, format_local(at, utc_offset));
}

}  // namespace svc::when
