// The explain narrator: calendar steps and deadline facts in words, in the reader's language.
#include "svc/render/explain.hpp"

#include <fmt/format.h>

#include <utility>

#include "svc/i18n.hpp"

namespace svc::render {
namespace {

using Kind = CalendarStep::Kind;

// A translated format string filled in: say(tr("due {}"), when).
template <class... Args>
std::string say(std::string_view translated, Args&&... args) {
  return fmt::format(fmt::runtime(translated), std::forward<Args>(args)...);
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

// A closing or opening time of day. Closing at midnight is "24:00": a day closes after it opens.
std::string hhmm(Timestamp t, int offset, bool closing) {
  int minute = local_minute_of_day(t, offset);
  if (closing && minute == 0) minute = 24 * 60;
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
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

bool is_closed_day_line(Kind k) {
  return k == Kind::closed_until_opening || k == Kind::holiday_skipped ||
         k == Kind::closed_day_skipped || k == Kind::makeup_day;
}

}  // namespace

std::string narrate(const CalendarStep& s, int off) {
  const bool business = s.clock == ClockKind::business;
  const std::string dur = format_duration(s.duration);
  switch (s.kind) {
    case Kind::same_day:
      return business ? say(tr("start {}, business clock, same-day: by the end of that local day"),
                            when(s.from, off))
                      : say(tr("start {}, calendar clock, same-day: by the end of that local day"),
                            when(s.from, off));
    case Kind::months:
      return business ? say(tr("start {}, business clock, +{} in calendar months"), when(s.from, off), dur)
                      : say(tr("start {}, calendar clock, +{} in calendar months"), when(s.from, off), dur);
    case Kind::wall_time:
      return say(tr("start {}, calendar clock, +{} wall time"), when(s.from, off), dur);
    case Kind::open_time:
      return say(tr("start {}, business clock, +{} open time"), when(s.from, off), dur);
    case Kind::business_days:
      return say(tr("start {}, business clock, +{} business days"), when(s.from, off), s.count);
    case Kind::business_weeks:
      return say(tr("start {}, business clock, +{} = {} business days ({} workdays a week)"),
                 when(s.from, off), dur, s.count, s.per_week);
    case Kind::month_end:
      return say(tr("{} has no day {}, uses its last day"),
                 fmt::format("{:04}-{:02}", s.day.year, s.day.month), s.count);
    case Kind::outside_hours_start:
      return say(tr("outside open hours, counts from {}"), when(s.to, off));
    case Kind::closed_until_opening:
      return say(tr("closed {}–{}, continues {}"), hhmm(s.from, off, true), hhmm(s.to, off, false),
                 when(s.to, off));
    case Kind::holiday_skipped:
      return say(tr("skips {}, holiday"), day_text(s.day));
    case Kind::closed_day_skipped:
      return say(tr("skips {}, not a workday"), day_text(s.day));
    case Kind::makeup_day:
      return say(tr("counts {} (make-up workday, 调休)"), day_text(s.day));
    case Kind::deadline:
      return say(tr("deadline {}"), when(s.from, off));
    case Kind::no_pause:
      return std::string(tr("no pause, deadline unchanged"));
    case Kind::pause_wall_time:
      return say(tr("paused {} to {}, +{} wall time"), when(s.from, off), when(s.to, off),
                 span_text(s.seconds));
    case Kind::pause_open_time:
      return say(tr("paused {} to {}, +{} open time"), when(s.from, off), when(s.to, off),
                 span_text(s.seconds));
    case Kind::result:
      return fmt::format("= {}", when(s.to, off));
  }
  return {};
}

std::vector<std::string> narrate(const std::vector<CalendarStep>& steps, int utc_offset) {
  std::vector<std::string> lines;
  int run = 0;  // closed-day lines in a row
  for (const auto& s : steps) {
    if (!is_closed_day_line(s.kind)) {
      run = 0;
    } else if (++run > kMaxClosedDayLines) {
      if (run == kMaxClosedDayLines + 1) lines.emplace_back(tr("… (further closed days not listed)"));
      continue;
    }
    lines.push_back(narrate(s, utc_offset));
  }
  return lines;
}

std::vector<std::string> narrate(const deadline::ExplainFacts& f, int off) {
  using deadline::State;
  const deadline::Deadline& d = f.deadline;
  std::vector<std::string> lines;
  lines.push_back(say(tr("rule: {} ({} clock)"), d.rule, tr(clock_name(d.clock))));
  lines.push_back(say(tr("starts at {}: {}"), tr(d.start_event), format_local(d.start_at, off)));
  if (d.duration.empty())
    lines.push_back(say(tr("due at the agreed time {}"), format_local(d.base_due_at, off)));
  for (const auto& step : narrate(f.steps, off)) lines.push_back("  " + step);
  if (f.policy_now_gives)
    lines.push_back(say(tr("the policy has changed since (it now gives {}); the stored deadline {} stands"),
                        format_local(*f.policy_now_gives, off), format_local(d.base_due_at, off)));
  if (d.policy_hash != f.policy_in_force)
    lines.push_back(say(tr("computed under policy {}; the policy in force is {}"), d.policy_hash.substr(0, 12),
                        f.policy_in_force.substr(0, 12)));
  for (const auto& p : f.pauses) {
    if (!p.ended_at)
      lines.push_back(say(tr("paused since {} ({}): the deadline moves on while paused"),
                          format_local(p.started_at, off), tr(p.reason)));
    else
      lines.push_back(say(tr("paused {} – {} ({}): +{} → {}"), format_local(p.started_at, off),
                          format_local(*p.ended_at, off), tr(p.reason),
                          deadline::format_span(p.due_after - p.due_before), format_local(p.due_after, off)));
  }
  const deadline::Status& s = f.status;
  lines.push_back(say(tr("due {}"), format_local(s.effective_due, off)));
  switch (s.state) {
    case State::met:
      lines.push_back(say(tr("met at {}"), format_local(*d.met_at, off)));
      break;
    case State::missed:
      if (d.met_at)
        lines.push_back(say(tr("missed: done at {}, {} late"), format_local(*d.met_at, off),
                            deadline::format_span(*d.met_at - s.effective_due)));
      else
        lines.push_back(say(tr("missed: {} late and still open"), deadline::format_span(-s.seconds_left)));
      break;
    case State::due:
      lines.push_back(say(tr("open: {} left"), deadline::format_span(s.seconds_left)));
      break;
  }
  return lines;
}

}  // namespace svc::render
