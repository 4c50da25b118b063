// Unit tests for the explain narrator (render/explain): every calendar step kind and every line of
// a deadline's explanation in English and Chinese, and the cap on long runs of closed days.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "svc/calendar.hpp"
#include "svc/deadline.hpp"
#include "svc/i18n.hpp"
#include "svc/render/explain.hpp"
#include "time_text.hpp"

using namespace svc;
using svc::test::at;
using svc::test::dur;
using svc::test::kCst;

namespace {

using Kind = CalendarStep::Kind;

// Sets the output language for the scope.
struct InLang {
  Lang saved = lang();
  explicit InLang(Lang l) { set_lang(l); }
  ~InLang() { set_lang(saved); }
};

std::vector<std::string> lines_in(Lang l, const std::vector<CalendarStep>& steps) {
  InLang in(l);
  return render::narrate(steps, kCst);
}

std::vector<std::string> lines_in(Lang l, const deadline::ExplainFacts& f) {
  InLang in(l);
  return render::narrate(f, kCst);
}

struct Wording {
  CalendarStep step;
  std::string en, zh;
};

// One step of every kind, as the calendar reports it, and what a reader sees.
std::vector<Wording> every_kind() {
  const Timestamp start = at("2026-11-20T19:50");  // a Friday
  const auto business = ClockKind::business;
  const auto calendar = ClockKind::calendar;
  return {
      {{.kind = Kind::same_day, .clock = business, .from = start, .duration = dur("same-day")},
       "start 2026-11-20 19:50 (Fri), business clock, same-day: by the end of that local day",
       "起点 2026-11-20 19:50 (周五),工作时钟,当日:当地当天结束前"},
      {{.kind = Kind::same_day, .clock = calendar, .from = start, .duration = dur("same-day")},
       "start 2026-11-20 19:50 (Fri), calendar clock, same-day: by the end of that local day",
       "起点 2026-11-20 19:50 (周五),日历时钟,当日:当地当天结束前"},
      {{.kind = Kind::months, .clock = business, .from = start, .duration = dur("3mo")},
       "start 2026-11-20 19:50 (Fri), business clock, +3mo in calendar months",
       "起点 2026-11-20 19:50 (周五),工作时钟,按自然月 +3mo"},
      {{.kind = Kind::months, .clock = calendar, .from = start, .duration = dur("1y")},
       "start 2026-11-20 19:50 (Fri), calendar clock, +1y in calendar months",
       "起点 2026-11-20 19:50 (周五),日历时钟,按自然月 +1y"},
      {{.kind = Kind::wall_time, .clock = calendar, .from = start, .duration = dur("15m")},
       "start 2026-11-20 19:50 (Fri), calendar clock, +15m wall time",
       "起点 2026-11-20 19:50 (周五),日历时钟,+15m 自然时间"},
      {{.kind = Kind::open_time, .clock = business, .from = start, .duration = dur("2h")},
       "start 2026-11-20 19:50 (Fri), business clock, +2h open time",
       "起点 2026-11-20 19:50 (周五),工作时钟,+2h 营业时间"},
      {{.kind = Kind::business_days, .clock = business, .from = start, .duration = dur("2d"), .count = 2},
       "start 2026-11-20 19:50 (Fri), business clock, +2 business days",
       "起点 2026-11-20 19:50 (周五),工作时钟,+2 个工作日"},
      {{.kind = Kind::business_weeks, .clock = business, .from = start, .duration = dur("2w"), .count = 10,
        .per_week = 5},
       "start 2026-11-20 19:50 (Fri), business clock, +2w = 10 business days (5 workdays a week)",
       "起点 2026-11-20 19:50 (周五),工作时钟,+2w = 10 个工作日(每周 5 个工作日)"},
      {{.kind = Kind::month_end, .clock = calendar, .day = {2026, 2, 28}, .count = 31},
       "2026-02 has no day 31, uses its last day", "2026-02 没有 31 日,取该月最后一天"},
      {{.kind = Kind::outside_hours_start, .clock = business, .from = at("2026-11-21T21:00"),
        .to = at("2026-11-23T09:00")},
       "outside open hours, counts from 2026-11-23 09:00 (Mon)", "不在营业时间内,从 2026-11-23 09:00 (周一) 开始计"},
      {{.kind = Kind::closed_until_opening, .clock = business, .from = at("2026-11-20T20:00"),
        .to = at("2026-11-21T09:00")},
       "closed 20:00–09:00, continues 2026-11-21 09:00 (Sat)", "20:00–09:00 不营业,2026-11-21 09:00 (周六) 继续计"},
      {{.kind = Kind::holiday_skipped, .clock = business, .day = {2026, 10, 1}},
       "skips 2026-10-01 (Thu), holiday", "跳过 2026-10-01 (周四),节假日"},
      {{.kind = Kind::closed_day_skipped, .clock = business, .day = {2026, 10, 4}},
       "skips 2026-10-04 (Sun), not a workday", "跳过 2026-10-04 (周日),非工作日"},
      {{.kind = Kind::makeup_day, .clock = business, .day = {2026, 10, 10}},
       "counts 2026-10-10 (Sat) (make-up workday, 调休)", "2026-10-10 (周六) 计入(调休补班日)"},
      {{.kind = Kind::deadline, .clock = calendar, .from = at("2026-11-21T15:00")},
       "deadline 2026-11-21 15:00 (Sat)", "期限 2026-11-21 15:00 (周六)"},
      {{.kind = Kind::no_pause, .clock = calendar}, "no pause, deadline unchanged", "没有暂停,期限不变"},
      {{.kind = Kind::pause_wall_time, .clock = calendar, .from = at("2026-11-20T19:00"),
        .to = at("2026-11-21T10:00"), .seconds = 15 * 3600},
       "paused 2026-11-20 19:00 (Fri) to 2026-11-21 10:00 (Sat), +15h wall time",
       "暂停 2026-11-20 19:00 (周五) 至 2026-11-21 10:00 (周六),+15h 自然时间"},
      {{.kind = Kind::pause_open_time, .clock = business, .from = at("2026-11-20T19:00"),
        .to = at("2026-11-21T10:00"), .seconds = 2 * 3600 + 30 * 60 + 5},
       "paused 2026-11-20 19:00 (Fri) to 2026-11-21 10:00 (Sat), +2h30m5s open time",
       "暂停 2026-11-20 19:00 (周五) 至 2026-11-21 10:00 (周六),+2h30m5s 营业时间"},
      {{.kind = Kind::result, .clock = business, .to = at("2026-11-21T09:05")},
       "= 2026-11-21 09:05 (Sat)", "= 2026-11-21 09:05 (周六)"},
  };
}

std::vector<CalendarStep> closed_days(int n) {
  std::vector<CalendarStep> out;
  for (int i = 1; i <= n; ++i)
    out.push_back({.kind = Kind::closed_day_skipped, .clock = ClockKind::business, .day = {2026, 12, i}});
  return out;
}

const char* const kCapEn = "… (further closed days not listed)";
const char* const kCapZh = "……(其余不营业日不再列出)";

// A business-clock deadline reached after closing time, met in time.
deadline::ExplainFacts met_facts() {
  deadline::ExplainFacts f;
  auto& d = f.deadline;
  d.name = "arrive_by";
  d.rule = "ticket.sla.household.arrive_within";
  d.clock = ClockKind::business;
  d.duration = "15m";
  d.start_event = "dispatched";
  d.start_at = at("2026-11-20T19:50");
  d.base_due_at = d.due_at = at("2026-11-21T09:05");
  d.met_at = at("2026-11-21T09:00");
  d.policy_hash = f.policy_in_force = "0123456789abcdef";
  f.steps = {{.kind = Kind::open_time, .clock = ClockKind::business, .from = d.start_at, .duration = dur("15m")},
             {.kind = Kind::closed_until_opening, .clock = ClockKind::business, .from = at("2026-11-20T20:00"),
              .to = at("2026-11-21T09:00")},
             {.kind = Kind::result, .clock = ClockKind::business, .to = d.base_due_at}};
  f.status = {deadline::State::met, d.due_at, 0};
  return f;
}

// An appointment under an older policy, moved by one pause, paused again, missed and still open.
deadline::ExplainFacts paused_facts() {
  deadline::ExplainFacts f;
  auto& d = f.deadline;
  d.name = "arrive_by";
  d.rule = "ticket.appointment";
  d.start_event = "appointment";
  d.start_at = d.base_due_at = at("2026-11-23T14:00");
  d.due_at = at("2026-11-23T16:00");
  d.policy_hash = "0123456789abcdef";
  f.policy_in_force = "fedcba9876543210";
  f.pauses = {{"waiting_parts", at("2026-11-23T10:00"), at("2026-11-23T12:00"), d.base_due_at, d.due_at},
              {"waiting_owner", at("2026-11-23T17:00"), std::nullopt, 0, 0}};
  f.status = {deadline::State::missed, d.due_at, -(26 * 3600 + 59)};
  return f;
}

}  // namespace

TEST_CASE("explain narrator: every calendar step kind in English and Chinese") {
  const auto table = every_kind();
  // Every kind is in the table, so a new kind cannot go unworded.
  for (int k = 0; k <= static_cast<int>(Kind::result); ++k) {
    const auto kind = static_cast<Kind>(k);
    const bool listed =
        std::any_of(table.begin(), table.end(), [&](const Wording& w) { return w.step.kind == kind; });
    CHECK_MESSAGE(listed, "no wording test for " << step_kind_name(kind));
  }
  for (const auto& w : table) {
    CAPTURE(step_kind_name(w.step.kind));
    {
      InLang en(Lang::en);
      CHECK(render::narrate(w.step, kCst) == w.en);
    }
    InLang zh(Lang::zh);
    CHECK(render::narrate(w.step, kCst) == w.zh);
  }
}

TEST_CASE("explain narrator: times are read at the site offset") {
  InLang en(Lang::en);
  const CalendarStep result{.kind = Kind::result, .to = at("2026-11-21T09:05")};
  CHECK(render::narrate(result, kCst) == "= 2026-11-21 09:05 (Sat)");
  CHECK(render::narrate(result, 0) == "= 2026-11-21 01:05 (Sat)");
  CHECK(render::narrate(result, -10 * 3600) == "= 2026-11-20 15:05 (Fri)");
}

TEST_CASE("explain narrator: a day that closes at midnight closes at 24:00") {
  InLang en(Lang::en);
  const CalendarStep closed{.kind = Kind::closed_until_opening, .clock = ClockKind::business,
                            .from = at("2026-11-21T00:00"), .to = at("2026-11-21T09:00")};
  CHECK(render::narrate(closed, kCst) == "closed 24:00–09:00, continues 2026-11-21 09:00 (Sat)");
}

TEST_CASE("explain narrator: spans of paused time in hours, minutes and seconds") {
  InLang en(Lang::en);
  CalendarStep p{.kind = Kind::pause_open_time, .clock = ClockKind::business, .from = at("2026-11-20T19:00"),
                 .to = at("2026-11-21T10:00")};
  const std::string head = "paused 2026-11-20 19:00 (Fri) to 2026-11-21 10:00 (Sat), +";
  p.seconds = 0;
  CHECK(render::narrate(p, kCst) == head + "0s open time");
  p.seconds = 45;
  CHECK(render::narrate(p, kCst) == head + "45s open time");
  p.seconds = 90 * 60;
  CHECK(render::narrate(p, kCst) == head + "1h30m open time");
  p.seconds = 50 * 3600;  // never days: a day of open time is not 24 h
  CHECK(render::narrate(p, kCst) == head + "50h open time");
}

TEST_CASE("explain narrator: closed days are listed up to the cap, then one line for the rest") {
  // Exactly the cap: every day listed, no summary line.
  auto lines = lines_in(Lang::en, closed_days(render::kMaxClosedDayLines));
  CHECK(lines.size() == static_cast<std::size_t>(render::kMaxClosedDayLines));
  CHECK(std::find(lines.begin(), lines.end(), kCapEn) == lines.end());
  // One more: the cap's worth of days, then the summary line.
  lines = lines_in(Lang::en, closed_days(render::kMaxClosedDayLines + 1));
  REQUIRE(lines.size() == static_cast<std::size_t>(render::kMaxClosedDayLines) + 1);
  CHECK(lines.back() == kCapEn);
  CHECK(lines[render::kMaxClosedDayLines - 1] == "skips 2026-12-12 (Sat), not a workday");
  // Many more: still a single summary line, and the steps after the run are kept.
  auto steps = closed_days(25);
  steps.push_back({.kind = Kind::result, .to = at("2026-12-26T10:00")});
  lines = lines_in(Lang::zh, steps);
  REQUIRE(lines.size() == static_cast<std::size_t>(render::kMaxClosedDayLines) + 2);
  CHECK(lines[render::kMaxClosedDayLines] == kCapZh);
  CHECK(lines.back() == "= 2026-12-26 10:00 (周六)");
}

TEST_CASE("explain narrator: the closed-day cap counts a run, not the whole list") {
  // Two runs of 10 apart: neither reaches the cap.
  auto steps = closed_days(10);
  steps.push_back({.kind = Kind::result, .to = at("2026-12-11T10:00")});
  const auto more = closed_days(10);
  steps.insert(steps.end(), more.begin(), more.end());
  const auto lines = lines_in(Lang::en, steps);
  CHECK(lines.size() == 21);
  CHECK(std::find(lines.begin(), lines.end(), kCapEn) == lines.end());
}

TEST_CASE("explain narrator: the calendar's own steps in Chinese and English") {
  std::vector<CalendarStep> steps;
  Calendar(CalendarSpec{}).add(at("2026-11-20T19:50"), dur("15m"), ClockKind::business, &steps);
  CHECK(lines_in(Lang::zh, steps) == std::vector<std::string>{"起点 2026-11-20 19:50 (周五),工作时钟,+15m 营业时间",
                                                              "20:00–09:00 不营业,2026-11-21 09:00 (周六) 继续计",
                                                              "= 2026-11-21 09:05 (周六)"});
  CHECK(lines_in(Lang::en, steps) ==
        std::vector<std::string>{"start 2026-11-20 19:50 (Fri), business clock, +15m open time",
                                 "closed 20:00–09:00, continues 2026-11-21 09:00 (Sat)", "= 2026-11-21 09:05 (Sat)"});
  // A long run from the calendar: 300h of open time closes 27 times, 12 of them are listed.
  steps.clear();
  Calendar(CalendarSpec{}).add(at("2026-11-20T10:00"), dur("300h"), ClockKind::business, &steps);
  const auto lines = lines_in(Lang::en, steps);
  REQUIRE(lines.size() == 1 + static_cast<std::size_t>(render::kMaxClosedDayLines) + 1 + 1);
  CHECK(lines[lines.size() - 2] == kCapEn);
}

TEST_CASE("explain narrator: a met deadline's explanation in English and Chinese") {
  const auto f = met_facts();
  CHECK(lines_in(Lang::en, f) == std::vector<std::string>{
                                     "rule: ticket.sla.household.arrive_within (business clock)",
                                     "starts at dispatched: 2026-11-20 19:50",
                                     "  start 2026-11-20 19:50 (Fri), business clock, +15m open time",
                                     "  closed 20:00–09:00, continues 2026-11-21 09:00 (Sat)",
                                     "  = 2026-11-21 09:05 (Sat)",
                                     "due 2026-11-21 09:05",
                                     "met at 2026-11-21 09:00",
                                 });
  CHECK(lines_in(Lang::zh, f) == std::vector<std::string>{
                                     "规则:ticket.sla.household.arrive_within(工作时间计时)",
                                     "起点 已派工:2026-11-20 19:50",
                                     "  起点 2026-11-20 19:50 (周五),工作时钟,+15m 营业时间",
                                     "  20:00–09:00 不营业,2026-11-21 09:00 (周六) 继续计",
                                     "  = 2026-11-21 09:05 (周六)",
                                     "到期 2026-11-21 09:05",
                                     "于 2026-11-21 09:00 完成",
                                 });
}

TEST_CASE("explain narrator: pauses, an older policy and a missed open deadline in English and Chinese") {
  const auto f = paused_facts();
  CHECK(lines_in(Lang::en, f) == std::vector<std::string>{
                                     "rule: ticket.appointment (calendar clock)",
                                     "starts at appointment: 2026-11-23 14:00",
                                     "due at the agreed time 2026-11-23 14:00",
                                     "computed under policy 0123456789ab; the policy in force is fedcba987654",
                                     "paused 2026-11-23 10:00 – 2026-11-23 12:00 (waiting_parts): +2h 00m → 2026-11-23 16:00",
                                     "paused since 2026-11-23 17:00 (waiting_owner): the deadline moves on while paused",
                                     "due 2026-11-23 16:00",
                                     "missed: 1d 2h late and still open",
                                 });
  CHECK(lines_in(Lang::zh, f) == std::vector<std::string>{
                                     "规则:ticket.appointment(日历计时)",
                                     "起点 预约时间:2026-11-23 14:00",
                                     "约定时间 2026-11-23 14:00 到期",
                                     "按策略 0123456789ab 计算;现行策略为 fedcba987654",
                                     "暂停 2026-11-23 10:00 – 2026-11-23 12:00(等配件):+2小时00分 → 2026-11-23 16:00",
                                     "自 2026-11-23 17:00 起暂停(等业主):暂停期间时限顺延",
                                     "到期 2026-11-23 16:00",
                                     "超时:已晚 1天2小时,仍未完成",
                                 });
}

TEST_CASE("explain narrator: a changed policy, a late completion and time left") {
  auto f = met_facts();
  f.policy_now_gives = at("2026-11-21T09:10");
  f.deadline.met_at = at("2026-11-21T11:20");
  f.status = {deadline::State::missed, f.deadline.due_at, 0};
  auto en = lines_in(Lang::en, f);
  REQUIRE(en.size() == 8);
  CHECK(en[5] == "the policy has changed since (it now gives 2026-11-21 09:10); the stored deadline 2026-11-21 09:05 "
                 "stands");
  CHECK(en[7] == "missed: done at 2026-11-21 11:20, 2h 15m late");
  auto zh = lines_in(Lang::zh, f);
  REQUIRE(zh.size() == 8);
  CHECK(zh[5] == "策略已变更(现在算得 2026-11-21 09:10);保存的时限 2026-11-21 09:05 不变");
  CHECK(zh[7] == "超时:于 2026-11-21 11:20 完成,晚了 2小时15分");
  f.policy_now_gives.reset();
  f.deadline.met_at.reset();
  f.status = {deadline::State::due, f.deadline.due_at, 3 * 3600 + 5 * 60};
  en = lines_in(Lang::en, f);
  CHECK(en.back() == "open: 3h 05m left");
  CHECK(en.size() == 7);
  CHECK(lines_in(Lang::zh, f).back() == "进行中:剩余 3小时05分");
}
