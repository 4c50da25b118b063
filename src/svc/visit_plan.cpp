// The outreach plan (走访计划, domain-rules 4.1): every lived-in unit visited or called once a
// period, spread evenly over the period's working days and the visiting staff.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "svc/error.hpp"
#include "svc/render/render.hpp"
#include "svc/visit.hpp"
#include "svc/when.hpp"

namespace svc::visit {
namespace {

// The calendar period of `months` months holding `day`, counted from January: a half year is
// January–June or July–December whenever the plan runs, so every run finds the same period.
Date period_start(Date day, std::int64_t months) {
  const std::int64_t index = static_cast<std::int64_t>(day.year) * 12 + (day.month - 1);
  const std::int64_t start = index - index % months;
  return Date{static_cast<int>(start / 12), static_cast<int>(start % 12) + 1, 1};
}

Date next_day(Date d) { return civil_from_days(days_from_civil(d) + 1); }

// How many of `count` new items each slot takes so that the loads end as level as they can: every
// slot is filled up to the same level, the ones left over go one each to the earliest slots still
// at that level. A slot ends above the lowest by at most one unless it was above before.
std::vector<std::int64_t> level(const std::vector<std::int64_t>& loads, std::int64_t count) {
  std::vector<std::int64_t> take(loads.size(), 0);
  if (loads.empty() || count <= 0) return take;
  auto fill = [&](std::int64_t to) {
    std::int64_t n = 0;
    for (auto l : loads) n += std::max<std::int64_t>(0, to - l);
    return n;
  };
  // The highest level the new items fill every slot up to.
  std::int64_t lo = *std::min_element(loads.begin(), loads.end()), hi = lo + count;
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo + 1) / 2;
    if (fill(mid) <= count) lo = mid;
    else hi = mid - 1;
  }
  std::int64_t rest = count - fill(lo);
  for (std::size_t i = 0; i < loads.size(); ++i) {
    take[i] = std::max<std::int64_t>(0, lo - loads[i]);
    if (rest > 0 && loads[i] + take[i] == lo) {
      ++take[i];
      --rest;
    }
  }
  return take;
}

std::int64_t months_of(const Duration& d) { return d.unit == Duration::Unit::years ? 12 * d.count : d.count; }

}  // namespace

OutreachPlan plan_outreach(Op& op, const OutreachRequest& req) {
  op.require_role(op.policy.visit.plan_role, tr("visit plan"));
  auto& db = op.db;
  const int off = op.utc_offset();
  Duration every = op.policy.visit.outreach_every;
  if (req.every) {
    std::string why;
    const auto d = parse_duration(*req.every, &why);
    if (!d || (d->unit != Duration::Unit::months && d->unit != Duration::Unit::years) || d->count < 1)
      fail(Exit::usage, "--every '{}' is not a whole number of months or years such as 6mo or 1y", *req.every);
    every = *d;
  }
  const std::int64_t months = months_of(every);
  if (months > 120) fail(Exit::usage, "--every '{}' is longer than 10 years", format_duration(every));
  const Date today = local_date(op.now, off);
  Date from = period_start(today, months);
  if (req.from) {
    from = when::require_day("--from", *req.from, when::context(op.policy, op.now), when::Look::ahead);
  }
  const Date end = add_months(from, static_cast<int>(months));  // the day after the period
  OutreachPlan out;
  out.from = from;
  out.to = civil_from_days(days_from_civil(end) - 1);
  out.every = format_duration(every);
  if (end <= today)
    fail(Exit::data_error, "the period {} – {} is over: no visit can be planned in it", format_date(out.from),
         format_date(out.to));

  // The working days still to come in the period ([calendar]: workdays, holidays, 调休).
  const Calendar cal = svc::calendar(op.policy);
  std::vector<Date> days;
  for (Date d = std::max(from, today); d < end; d = next_day(d))
    if (cal.is_business_day(d)) days.push_back(d);
  if (days.empty())
    fail(Exit::data_error, "no working day is left in the period {} – {} (policy [calendar])", format_date(out.from),
         format_date(out.to));

  // The people who make the visits, in turn.
  std::vector<PersonLoad> people;
  {
    auto& st = db.cached("SELECT login, name FROM staff WHERE role = :role AND active = 1 ORDER BY login");
    st.bind(":role", op.policy.visit.visitor_role);
    while (st.step()) people.push_back(PersonLoad{st.text(0), st.text(1), 0, 0});
  }
  if (people.empty())
    fail(Exit::data_error,
         "no active staff member has the role {} to make the visits (policy visit.visitor_role; see 'svc staff list')",
         tr(op.policy.visit.visitor_role));

  const Timestamp from_at = local_to_timestamp(from, 0, off), end_at = local_to_timestamp(end, 0, off);
  // Homes nobody lives in are seen by the patrols instead (domain-rules 5.1).
  {
    auto& st = db.cached("SELECT status, count(*) FROM unit GROUP BY status");
    while (st.step()) {
      const std::string status = st.text(0);
      if (status == "vacant") out.vacant = st.integer(1);
      else if (status == "entrusted") out.entrusted = st.integer(1);
      else out.lived_in += st.integer(1);
    }
  }
  // Every lived-in unit without an outreach visit (planned or made) in the period, in code order.
  struct Unit {
    std::int64_t id;
    std::string code;
  };
  std::vector<Unit> units;
  {
    auto& st = db.cached(
        "SELECT u.id, u.code FROM unit u WHERE u.status IN ('occupied', 'rented') AND NOT EXISTS (SELECT 1 FROM visit v "
        "WHERE v.kind = 'outreach' AND v.unit_id = u.id AND coalesce(v.done_at, v.due_at, v.created_at) >= :from "
        "AND coalesce(v.done_at, v.due_at, v.created_at) < :end) "
        "ORDER BY CAST(u.building AS INTEGER), u.building, CAST(u.entrance AS INTEGER), u.entrance, "
        "CAST(u.room AS INTEGER), u.room, u.code");
    st.bind(":from", from_at).bind(":end", end_at);
    while (st.step()) units.push_back(Unit{st.integer(0), st.text(1)});
  }
  out.already = out.lived_in - static_cast<std::int64_t>(units.size());

  // What the period holds already: outreach visits per day and per person.
  std::vector<std::int64_t> day_load(days.size(), 0), person_load(people.size(), 0);
  {
    auto& st = db.cached(
        "SELECT date(due_at + :off, 'unixepoch') AS day, count(*) FROM visit WHERE kind = 'outreach' "
        "AND due_at >= :from AND due_at < :end GROUP BY day");
    st.bind(":off", off).bind(":from", from_at).bind(":end", end_at);
    std::map<Date, std::int64_t> by_day;
    while (st.step())
      if (auto d = parse_date(st.text(0))) by_day[*d] = st.integer(1);
    for (std::size_t i = 0; i < days.size(); ++i) day_load[i] = by_day.count(days[i]) ? by_day[days[i]] : 0;
  }
  {
    auto& st = db.cached(
        "SELECT assignee, count(*) FROM visit WHERE kind = 'outreach' AND assignee IS NOT NULL "
        "AND coalesce(done_at, due_at) >= :from AND coalesce(done_at, due_at) < :end GROUP BY assignee");
    st.bind(":from", from_at).bind(":end", end_at);
    std::map<std::string, std::int64_t> by_person;
    while (st.step()) by_person[st.text(0)] = st.integer(1);
    for (std::size_t i = 0; i < people.size(); ++i) {
      const auto it = by_person.find(people[i].login);
      person_load[i] = people[i].before = it == by_person.end() ? 0 : it->second;
    }
  }

  // Days in date order take their share of consecutive units (neighbours share a day); people
  // take theirs round-robin.
  const auto count = static_cast<std::int64_t>(units.size());
  const auto per_day = level(day_load, count);
  auto per_person = level(person_load, count);
  for (std::size_t i = 0; i < people.size(); ++i) people[i].added = per_person[i];
  std::size_t day = 0, turn = 0;
  std::int64_t left_today = per_day.empty() ? 0 : per_day[0];
  for (const auto& u : units) {
    while (left_today == 0) left_today = per_day[++day];
    --left_today;
    while (per_person[turn % people.size()] == 0) ++turn;
    const std::size_t who = turn++ % people.size();
    --per_person[who];
    const Date on = days[day];
    const std::int64_t id = detail::insert_planned(db, op.entry, Plan{"outreach", u.id, people[who].login,
                                                              local_to_timestamp(on, 86399, off), std::nullopt,
                                                              std::nullopt, std::nullopt},
                                           op.now);
    out.visits.push_back(PlannedVisit{id, u.code, on, people[who].login});
  }
  out.days = static_cast<std::int64_t>(days.size());
  out.first_day = days.front();
  out.load = std::move(people);
  return out;
}

Value to_value(const OutreachPlan& p, bool dry_run) {
  Value v = Value::object();
  v.set("schema", render::kJsonSchema);
  v.set("from", format_date(p.from));
  v.set("to", format_date(p.to));
  v.set("every", p.every);
  v.set("dry_run", dry_run);
  v.set("days", Value(static_cast<long long>(p.days)));
  v.set("first_day", p.first_day ? Value(format_date(*p.first_day)) : Value());
  v.set("lived_in", Value(static_cast<long long>(p.lived_in)));
  v.set("already", Value(static_cast<long long>(p.already)));
  v.set("planned", Value(static_cast<long long>(p.visits.size())));
  v.set("vacant", Value(static_cast<long long>(p.vacant)));
  v.set("entrusted", Value(static_cast<long long>(p.entrusted)));
  Value visits = Value::array();
  for (const auto& pv : p.visits) {
    Value r = Value::object();
    r.set("ref", dry_run ? Value() : Value(record::ref(record::Kind::visit, pv.id)));
    r.set("unit", pv.unit);
    r.set("date", format_date(pv.day));
    r.set("assignee", pv.assignee);
    visits.push(std::move(r));
  }
  v.set("visits", std::move(visits));
  Value load = Value::array();
  for (const auto& l : p.load) {
    Value r = Value::object();
    r.set("assignee", l.login);
    r.set("name", l.name);
    r.set("before", Value(static_cast<long long>(l.before)));
    r.set("added", Value(static_cast<long long>(l.added)));
    r.set("total", Value(static_cast<long long>(l.before + l.added)));
    load.push(std::move(r));
  }
  v.set("load", std::move(load));
  return v;
}

}  // namespace svc::visit
