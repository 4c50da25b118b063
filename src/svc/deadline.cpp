// The deadline engine: compute, store, meet, pause/extend, evaluate and explain (as facts) deadlines.
#include "svc/deadline.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/render/explain.hpp"

namespace svc::deadline {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, subject, name, rule, clock, duration, start_event, start_at, base_due_at, due_at, met_at, "
    "policy_hash FROM deadline";

Deadline read(db::Statement& st) {
  Deadline d;
  d.id = st.integer(0);
  d.subject = st.text(1);
  d.name = st.text(2);
  d.rule = st.text(3);
  d.clock = st.text(4) == "business" ? ClockKind::business : ClockKind::calendar;
  d.duration = st.text(5);
  d.start_event = st.text(6);
  d.start_at = st.integer(7);
  d.base_due_at = st.integer(8);
  d.due_at = st.integer(9);
  d.met_at = st.opt_integer(10);
  d.policy_hash = st.text(11);
  return d;
}

Pause read_pause(db::Statement& st) {
  return Pause{st.integer(0), st.text(1), st.text(2), st.integer(3), st.opt_integer(4)};
}

// A pause moves a deadline only by the part of it after the deadline's clock started: a deadline
// set during a pause (or starting later, at an appointment) is not moved by the time before.
Timestamp paused_from(const Deadline& d, Timestamp pause_start) { return std::max(pause_start, d.start_at); }

Timestamp extended(const Deadline& d, Timestamp due, Timestamp pause_start, Timestamp pause_end,
                   const Calendar& calendar, std::vector<CalendarStep>* steps = nullptr) {
  const Timestamp from = paused_from(d, pause_start);
  if (from >= pause_end) return due;
  return calendar.extend(due, from, pause_end, d.clock, steps);
}

}  // namespace

Deadline set(db::Database& db, audit::Entry& entry, const Calendar& calendar,
             const std::string& policy_hash, const std::string& subject, const Spec& spec) {
  const Timestamp base = spec.duration ? calendar.add(spec.start_at, *spec.duration, spec.clock) : spec.start_at;
  auto existing = find(db, subject, spec.name);
  if (existing) entry.before(db, "deadline", existing->id);
  auto& st = db.cached(
      "INSERT INTO deadline (subject, name, rule, clock, duration, start_event, start_at, base_due_at, due_at, "
      "met_at, policy_hash) VALUES (:subject, :name, :rule, :clock, :duration, :event, :start, :base, :base, "
      "NULL, :hash) ON CONFLICT (subject, name) DO UPDATE SET rule = excluded.rule, clock = excluded.clock, "
      "duration = excluded.duration, start_event = excluded.start_event, start_at = excluded.start_at, "
      "base_due_at = excluded.base_due_at, due_at = excluded.due_at, met_at = NULL, "
      "policy_hash = excluded.policy_hash");
  st.bind(":subject", subject).bind(":name", spec.name).bind(":rule", spec.rule);
  st.bind(":clock", clock_name(spec.clock));
  st.bind(":duration", spec.duration ? format_duration(*spec.duration) : std::string());
  st.bind(":event", spec.start_event).bind(":start", spec.start_at).bind(":base", base);
  st.bind(":hash", policy_hash);
  st.run();
  auto d = find(db, subject, spec.name);
  entry.after(db, "deadline", d->id);
  return *d;
}

bool meet(db::Database& db, audit::Entry& entry, const std::string& subject, std::string_view name,
          Timestamp at) {
  auto d = find(db, subject, name);
  if (!d || d->met_at) return false;
  entry.before(db, "deadline", d->id);
  auto& st = db.cached("UPDATE deadline SET met_at = :at WHERE id = :id");
  st.bind(":at", at).bind(":id", d->id).run();
  entry.after(db, "deadline", d->id);
  return true;
}

bool reopen(db::Database& db, audit::Entry& entry, const std::string& subject, std::string_view name) {
  auto d = find(db, subject, name);
  if (!d || !d->met_at) return false;
  entry.before(db, "deadline", d->id);
  db.cached("UPDATE deadline SET met_at = NULL WHERE id = :id").bind(":id", d->id).run();
  entry.after(db, "deadline", d->id);
  return true;
}

void remove(db::Database& db, audit::Entry& entry, const std::string& subject, std::string_view name) {
  auto d = find(db, subject, name);
  if (!d) return;
  entry.before(db, "deadline", d->id);
  auto& st = db.cached("DELETE FROM deadline WHERE id = :id");
  st.bind(":id", d->id).run();
  entry.after(db, "deadline", d->id);
}

std::optional<Deadline> find(db::Database& db, const std::string& subject, std::string_view name) {
  auto& st = db.cached(std::string(kSelect) + " WHERE subject = :subject AND name = :name");
  st.bind(":subject", subject).bind(":name", name);
  if (!st.step()) return std::nullopt;
  return read(st);
}

std::vector<Deadline> of(db::Database& db, const std::string& subject) {
  auto& st = db.cached(std::string(kSelect) + " WHERE subject = :subject ORDER BY start_at, id");
  st.bind(":subject", subject);
  std::vector<Deadline> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

const std::vector<Deadline>& Book::of(const std::string& subject) const {
  static const std::vector<Deadline> none;
  auto it = deadlines.find(subject);
  return it == deadlines.end() ? none : it->second;
}

std::optional<Pause> Book::open(const std::string& subject) const {
  auto it = open_pause_started.find(subject);
  if (it == open_pause_started.end()) return std::nullopt;
  return Pause{0, subject, open_pause_reason.at(subject), it->second, std::nullopt};
}

Book load(db::Database& db, const std::vector<std::string>& subjects) {
  Book book;
  const std::string refs = json_list(subjects);
  auto& st = db.cached(std::string(kSelect) +
                       " WHERE subject IN (SELECT value FROM json_each(:refs)) ORDER BY subject, start_at, id");
  st.bind(":refs", refs);
  while (st.step()) {
    Deadline d = read(st);
    book.deadlines[d.subject].push_back(std::move(d));
  }
  auto& ps = db.cached(
      "SELECT subject, reason, started_at FROM pause WHERE ended_at IS NULL AND subject IN "
      "(SELECT value FROM json_each(:refs))");
  ps.bind(":refs", refs);
  while (ps.step()) {
    book.open_pause_started[ps.text(0)] = ps.integer(2);
    book.open_pause_reason[ps.text(0)] = ps.text(1);
  }
  return book;
}

void pause(db::Database& db, audit::Entry& entry, const std::string& subject, const std::string& reason,
           Timestamp at) {
  if (open_pause(db, subject)) fail(Exit::software, "{} is already paused", subject);
  auto& st = db.cached("INSERT INTO pause (subject, reason, started_at) VALUES (:subject, :reason, :at)");
  st.bind(":subject", subject).bind(":reason", reason).bind(":at", at).run();
  entry.after(db, "pause", db.last_insert_id());
}

void resume(db::Database& db, audit::Entry& entry, const Calendar& calendar, const std::string& subject,
            Timestamp at) {
  auto p = open_pause(db, subject);
  if (!p) fail(Exit::software, "{} is not paused", subject);
  entry.before(db, "pause", p->id);
  db.cached("UPDATE pause SET ended_at = :at WHERE id = :id").bind(":at", at).bind(":id", p->id).run();
  entry.after(db, "pause", p->id);
  // Paused time extends every deadline still open (policy.md notes), by the part of the pause
  // after its clock started.
  for (const auto& d : of(db, subject)) {
    if (d.met_at) continue;
    const Timestamp due = extended(d, d.due_at, p->started_at, at, calendar);
    if (due == d.due_at) continue;
    entry.before(db, "deadline", d.id);
    db.cached("UPDATE deadline SET due_at = :due WHERE id = :id").bind(":due", due).bind(":id", d.id).run();
    entry.after(db, "deadline", d.id);
  }
}

std::optional<Pause> open_pause(db::Database& db, const std::string& subject) {
  auto& st = db.cached(
      "SELECT id, subject, reason, started_at, ended_at FROM pause WHERE subject = :subject AND ended_at IS NULL");
  st.bind(":subject", subject);
  if (!st.step()) return std::nullopt;
  return read_pause(st);
}

std::vector<Pause> pauses(db::Database& db, const std::string& subject) {
  auto& st = db.cached(
      "SELECT id, subject, reason, started_at, ended_at FROM pause WHERE subject = :subject ORDER BY id");
  st.bind(":subject", subject);
  std::vector<Pause> out;
  while (st.step()) out.push_back(read_pause(st));
  return out;
}

Status evaluate(const Deadline& d, Timestamp now, const Calendar& calendar, const std::optional<Pause>& open) {
  Status s;
  s.effective_due = d.due_at;
  if (d.met_at) {
    s.state = *d.met_at <= d.due_at ? State::met : State::missed;
    return s;
  }
  // A pause still running at now keeps extending the open deadline.
  if (open) s.effective_due = extended(d, d.due_at, open->started_at, now, calendar);
  s.seconds_left = s.effective_due - now;
  s.state = now > s.effective_due ? State::missed : State::due;
  return s;
}

std::string_view state_name(State s) {
  switch (s) {
    case State::met: return "met";
    case State::missed: return "missed";
    case State::due: return "due";
  }
  return "due";
}

Value states_value(const std::vector<Deadline>& list, Timestamp now, const Calendar& calendar,
                   const std::optional<Pause>& open, int utc_offset) {
  Value out = Value::object();
  for (const auto& d : list) {
    const Status s = evaluate(d, now, calendar, open);
    Value v = Value::object();
    v.set("due_at", format_iso(s.effective_due, utc_offset));
    v.set("state", std::string(state_name(s.state)));
    v.set("met_at", d.met_at ? Value(format_iso(*d.met_at, utc_offset)) : Value());
    v.set("seconds_left", d.met_at ? Value() : Value(static_cast<long long>(s.seconds_left)));
    v.set("rule", d.rule);
    v.set("clock", clock_name(d.clock));
    v.set("start_event", d.start_event);
    v.set("start_at", format_iso(d.start_at, utc_offset));
    out.set(d.name, std::move(v));
  }
  return out;
}

Summary summarize(const std::vector<Deadline>& list, const std::vector<std::string>& names, Timestamp now,
                  const Calendar& calendar, const std::optional<Pause>& open, int utc_offset) {
  Summary out{Value::object(), Value::array()};
  for (const auto& name : names) {
    const Deadline* d = named(list, name);
    if (!d) {
      out.deadlines.set(name, Value());
      continue;
    }
    const Status s = evaluate(*d, now, calendar, open);
    out.deadlines.set(name, format_iso(s.effective_due, utc_offset));
    if (s.state == State::missed) out.overdue.push(name);
  }
  return out;
}

const Deadline* named(const std::vector<Deadline>& list, std::string_view name) {
  for (const auto& d : list)
    if (d.name == name) return &d;
  return nullptr;
}

std::string format_span(std::int64_t seconds) {
  std::int64_t s = seconds < 0 ? -seconds : seconds;
  const std::int64_t d = s / 86400, h = (s % 86400) / 3600, m = (s % 3600) / 60;
  if (d > 0) return fmt::format(fmt::runtime(tr("{}d {}h")), d, h);
  if (h > 0) return fmt::format(fmt::runtime(tr("{}h {:02}m")), h, m);
  return fmt::format(fmt::runtime(tr("{}m")), m);
}

ExplainFacts explain_facts(const Deadline& d, db::Database& db, Timestamp now, const Calendar& calendar,
                           const std::string& policy_hash) {
  ExplainFacts f{d, {}, std::nullopt, policy_hash, {}, {}};
  if (!d.duration.empty()) {
    const auto dur = parse_duration(d.duration);
    const Timestamp again = dur ? calendar.add(d.start_at, *dur, d.clock, &f.steps) : d.base_due_at;
    if (again != d.base_due_at) f.policy_now_gives = again;
  }
  Timestamp due = d.base_due_at;
  for (const auto& p : pauses(db, d.subject)) {
    if (!p.ended_at) {
      if (!d.met_at) f.pauses.push_back({p.reason, p.started_at, std::nullopt, 0, 0});
      continue;
    }
    // Only pauses that ended before the deadline was met (and while it existed) moved it.
    if (p.ended_at <= d.start_at || (d.met_at && p.started_at >= *d.met_at)) continue;
    const Timestamp moved = extended(d, due, p.started_at, *p.ended_at, calendar);
    f.pauses.push_back({p.reason, p.started_at, p.ended_at, due, moved});
    due = moved;
  }
  f.status = evaluate(d, now, calendar, open_pause(db, d.subject));
  return f;
}

namespace {

Value iso_or_null(const std::optional<Timestamp>& t, int utc_offset) {
  return t ? Value(format_iso(*t, utc_offset)) : Value();
}

// One calendar step: its kind and the fields that kind gives meaning to (calendar.hpp).
Value step_value(const CalendarStep& s, int utc_offset) {
  using Kind = CalendarStep::Kind;
  Value v = Value::object();
  v.set("kind", step_kind_name(s.kind));
  auto time = [&](const char* key, Timestamp t) { v.set(key, format_iso(t, utc_offset)); };
  auto number = [&](const char* key, std::int64_t n) { v.set(key, n); };
  switch (s.kind) {
    case Kind::same_day:
    case Kind::months:
    case Kind::wall_time:
    case Kind::open_time:
    case Kind::business_days:
    case Kind::business_weeks:
      v.set("clock", clock_name(s.clock));
      time("start_at", s.from);
      v.set("duration", format_duration(s.duration));
      if (s.kind == Kind::business_days || s.kind == Kind::business_weeks) number("business_days", s.count);
      if (s.kind == Kind::business_weeks) number("workdays_per_week", s.per_week);
      break;
    case Kind::month_end:
      v.set("month", format_date(s.day).substr(0, 7));
      number("missing_day", s.count);
      v.set("day", format_date(s.day));
      break;
    case Kind::outside_hours_start:
      time("at", s.from);
      time("counts_from", s.to);
      break;
    case Kind::closed_until_opening:
      time("closed_at", s.from);
      time("continues_at", s.to);
      break;
    case Kind::holiday_skipped:
    case Kind::closed_day_skipped:
    case Kind::makeup_day:
      v.set("day", format_date(s.day));
      break;
    case Kind::deadline:
      time("due_at", s.from);
      break;
    case Kind::no_pause:
      break;
    case Kind::pause_wall_time:
    case Kind::pause_open_time:
      time("started_at", s.from);
      time("ended_at", s.to);
      number("seconds", s.seconds);
      break;
    case Kind::result:
      time("due_at", s.to);
      break;
  }
  return v;
}

}  // namespace

Value explain_value(const ExplainFacts& f, int utc_offset) {
  const Deadline& d = f.deadline;
  Value v = Value::object();
  v.set("name", d.name);
  v.set("rule", d.rule);
  v.set("clock", clock_name(d.clock));
  v.set("start_event", d.start_event);
  v.set("start_at", format_iso(d.start_at, utc_offset));
  v.set("duration", d.duration.empty() ? Value() : Value(d.duration));
  v.set("base_due_at", format_iso(d.base_due_at, utc_offset));
  Value steps = Value::array();
  for (const auto& s : f.steps) steps.push(step_value(s, utc_offset));
  v.set("steps", std::move(steps));
  v.set("policy_now_gives", iso_or_null(f.policy_now_gives, utc_offset));
  v.set("policy_hash", d.policy_hash);
  v.set("policy_in_force", f.policy_in_force);
  Value pauses = Value::array();
  for (const auto& p : f.pauses) {
    Value pv = Value::object();
    pv.set("reason", p.reason);
    pv.set("started_at", format_iso(p.started_at, utc_offset));
    pv.set("ended_at", iso_or_null(p.ended_at, utc_offset));
    pv.set("added_seconds", p.ended_at ? Value(p.due_after - p.due_before) : Value());
    pv.set("due_after", p.ended_at ? Value(format_iso(p.due_after, utc_offset)) : Value());
    pauses.push(std::move(pv));
  }
  v.set("pauses", std::move(pauses));
  v.set("due_at", format_iso(f.status.effective_due, utc_offset));
  v.set("state", state_name(f.status.state));
  v.set("met_at", iso_or_null(d.met_at, utc_offset));
  v.set("seconds_left", d.met_at ? Value() : Value(f.status.seconds_left));
  // How late: done after the due time, or still open past it.
  std::optional<std::int64_t> late;
  if (f.status.state == State::missed) late = d.met_at ? *d.met_at - f.status.effective_due : -f.status.seconds_left;
  v.set("seconds_late", Value(late));
  return v;
}

std::vector<std::string> explain(const Deadline& d, db::Database& db, Timestamp now, const Calendar& calendar,
                                 const std::string& policy_hash, int utc_offset) {
  return render::narrate(explain_facts(d, db, now, calendar, policy_hash), utc_offset);
}

}  // namespace svc::deadline
