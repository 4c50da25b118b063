// The deadline engine: compute, store, meet, pause/extend, evaluate and explain deadlines.
#include "svc/deadline.hpp"

#include <fmt/format.h>

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
  // Paused time extends every deadline still open (policy.md notes).
  for (const auto& d : of(db, subject)) {
    if (d.met_at) continue;
    const Timestamp extended = calendar.extend(d.due_at, p->started_at, at, d.clock);
    if (extended == d.due_at) continue;
    entry.before(db, "deadline", d.id);
    db.cached("UPDATE deadline SET due_at = :due WHERE id = :id").bind(":due", extended).bind(":id", d.id).run();
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
  if (open && open->started_at < now) s.effective_due = calendar.extend(d.due_at, open->started_at, now, d.clock);
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
    v.set("clock", std::string(clock_name(d.clock)));
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

std::vector<std::string> explain(const Deadline& d, db::Database& db, Timestamp now, const Calendar& calendar,
                                 const std::string& policy_hash, int utc_offset) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format(fmt::runtime(tr("rule: {} ({} clock)")), d.rule, tr(clock_name(d.clock))));
  lines.push_back(fmt::format(fmt::runtime(tr("starts at {}: {}")), tr(d.start_event), format_local(d.start_at, utc_offset)));
  if (d.duration.empty()) {
    lines.push_back(fmt::format(fmt::runtime(tr("due at the agreed time {}")), format_local(d.base_due_at, utc_offset)));
  } else {
    auto dur = parse_duration(d.duration);
    std::vector<CalendarStep> steps;
    const Timestamp again = dur ? calendar.add(d.start_at, *dur, d.clock, &steps) : d.base_due_at;
    for (auto& s : render::narrate(steps, utc_offset)) lines.push_back("  " + s);
    if (again != d.base_due_at)
      lines.push_back(fmt::format(fmt::runtime(tr("the policy has changed since (it now gives {}); the stored deadline {} stands")),
                                  format_local(again, utc_offset), format_local(d.base_due_at, utc_offset)));
  }
  if (d.policy_hash != policy_hash)
    lines.push_back(fmt::format(fmt::runtime(tr("computed under policy {}; the policy in force is {}")),
                                d.policy_hash.substr(0, 12), policy_hash.substr(0, 12)));
  Timestamp due = d.base_due_at;
  for (const auto& p : pauses(db, d.subject)) {
    if (!p.ended_at) {
      if (!d.met_at)
        lines.push_back(fmt::format(fmt::runtime(tr("paused since {} ({}): the deadline moves on while paused")),
                                    format_local(p.started_at, utc_offset), tr(p.reason)));
      continue;
    }
    // Only pauses that ended before the deadline was met (and while it existed) moved it.
    if (p.ended_at <= d.start_at || (d.met_at && p.started_at >= *d.met_at)) continue;
    const Timestamp moved = calendar.extend(due, p.started_at, *p.ended_at, d.clock);
    lines.push_back(fmt::format(fmt::runtime(tr("paused {} – {} ({}): +{} → {}")), format_local(p.started_at, utc_offset),
                                format_local(*p.ended_at, utc_offset), tr(p.reason), format_span(moved - due),
                                format_local(moved, utc_offset)));
    due = moved;
  }
  const Status s = evaluate(d, now, calendar, open_pause(db, d.subject));
  lines.push_back(fmt::format(fmt::runtime(tr("due {}")), format_local(s.effective_due, utc_offset)));
  switch (s.state) {
    case State::met:
      lines.push_back(fmt::format(fmt::runtime(tr("met at {}")), format_local(*d.met_at, utc_offset)));
      break;
    case State::missed:
      if (d.met_at)
        lines.push_back(fmt::format(fmt::runtime(tr("missed: done at {}, {} late")), format_local(*d.met_at, utc_offset),
                                    format_span(*d.met_at - s.effective_due)));
      else
        lines.push_back(fmt::format(fmt::runtime(tr("missed: {} late and still open")), format_span(-s.seconds_left)));
      break;
    case State::due:
      lines.push_back(fmt::format(fmt::runtime(tr("open: {} left")), format_span(s.seconds_left)));
      break;
  }
  return lines;
}

}  // namespace svc::deadline
