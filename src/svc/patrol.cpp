// Patrols (domain-rules 5): the monthly plan, rounds and their checks, findings that become
// tickets or violations, the smell rule, rounds from paper, lists and plan adherence.
#include "svc/patrol.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "svc/csv.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/problems.hpp"
#include "svc/staff.hpp"
#include "svc/strings.hpp"
#include "svc/ticket.hpp"
#include "svc/toml_check.hpp"
#include "svc/unit.hpp"
#include "svc/violation.hpp"
#include "svc/when.hpp"

namespace svc::patrol {

const record::Fields<Round>& Round::fields() {
  static const auto f = SVC_FIELDS(Round, id, route, building, checklist, status, origin, planned_for, plan_id,
                                   assignee, started_at, by_login, finished_at, note, created_by, created_at);
  return f;
}

namespace {

constexpr std::string_view kSelect = "SELECT r.* FROM patrol_round r";
const std::vector<std::string_view> kMutable = {"status", "started_at", "by_login", "finished_at", "note"};
const std::vector<std::string_view> kInsert = {"route",    "building",   "checklist", "status",   "origin",
                                               "planned_for", "plan_id", "assignee",  "started_at", "by_login",
                                               "created_by", "created_at"};

// An issue still being dealt with: reported and not settled, or its ticket or violation still
// open (a repair done counts as dealt with; the ticket waits only for its callback).
constexpr std::string_view kOpenIssue =
    "(c.result = 'issue' AND ((c.action = 'reported' AND c.settled_at IS NULL) OR (c.action = 'ticket' AND EXISTS "
    "(SELECT 1 FROM ticket t WHERE t.id = c.ticket_id AND t.status NOT IN ('done', 'closed', 'cancelled'))) OR "
    "(c.action = 'violation' AND EXISTS (SELECT 1 FROM violation v WHERE v.id = c.violation_id AND v.status = "
    "'open'))))";

// Which verb each status allows (domain-rules 5.3, 5.4).
const record::Lifecycle& lifecycle() {
  static const record::Lifecycle l({
      {"start", "start", {"planned"}},
      {"check", "check a point of", {"open"}},
      {"finish", "finish", {"open"}},
      {"settle", "settle an issue of", {"open", "done"}},
  });
  return l;
}

Value fact(std::string_view key, Value v) {
  Value o = Value::object();
  o.set(key, std::move(v));
  return o;
}

void event(Op& op, const Round& r, std::string_view kind, const std::optional<std::string>& from,
           const std::optional<std::string>& to, const Value& facts = Value::object()) {
  record::event(op, r.ref(), kind, from, to, facts);
}

std::vector<std::string> codes(const std::vector<CodedItem>& items, bool active_only) {
  std::vector<std::string> out;
  for (const auto& i : items)
    if (!active_only || !i.retired) out.push_back(i.code);
  return out;
}

std::vector<std::string> route_codes(const Policy& p) {
  std::vector<std::string> out;
  for (const auto& r : p.patrol.routes)
    if (!r.retired) out.push_back(r.code);
  return out;
}

// A route that is walked now: known (64, listing them) and not retired (65).
const PatrolRoute& active_route(const Policy& p, const std::string& code) {
  const PatrolRoute* r = p.patrol.route(code);
  if (!r) fail(Exit::usage, "--route '{}' is not a patrol route (allowed: {})", code, join(route_codes(p)));
  if (r->retired)
    fail(Exit::data_error, "route '{}' is retired (patrol.routes.{}.retired): it is no longer walked (routes: {})", code,
         code, join(route_codes(p)));
  return *r;
}

const std::vector<CodedItem>& points_of(const Policy& p, const std::string& checklist) {
  auto it = p.patrol.checklists.find(checklist);
  if (it == p.patrol.checklists.end())
    fail(Exit::config, "patrol.checklists.{} is no longer in the policy: its rounds can be read but not walked",
         checklist);
  return it->second;
}

// The buildings of the estate, in their natural order (2 before 10).
std::vector<std::string> buildings(db::Database& db) {
  auto& st = db.cached("SELECT DISTINCT building FROM unit ORDER BY length(building), building");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

// --building as the route wants it: required (and a building of the estate) on a per-building
// route, refused on any other.
void check_building(db::Database& db, const PatrolRoute& r, const std::optional<std::string>& building) {
  if (!r.per_building) {
    if (building) fail(Exit::usage, "--building is for routes walked per building; '{}' is not one", r.code);
    return;
  }
  const auto all = buildings(db);
  if (!building)
    fail(Exit::usage, "route '{}' is walked per building: give --building (buildings: {})", r.code,
         all.empty() ? std::string(tr("none")) : join(all));
  if (!contains(all, *building))
    fail(Exit::usage, "--building '{}' is not a building of the estate (buildings: {})", *building,
         all.empty() ? std::string(tr("none")) : join(all));
}

std::string route_name(const Policy& p, const std::string& code) {
  const PatrolRoute* r = p.patrol.route(code);
  return r ? r->name : code;
}

// Where a round was walked, for a ticket's location: "楼梯间 (2栋)".
std::string where(const Policy& p, const Round& r) {
  const std::string name = route_name(p, r.route);
  if (!r.building) return name;
  return fmt::format(fmt::runtime(tr("{} (building {})")), name, *r.building);
}

// The seconds after its planned time a round of `route` may start and still be on time.
std::int64_t late_seconds(const Policy& p, const std::string& route) {
  const PatrolRoute* r = p.patrol.route(route);
  return toml_check::nominal_seconds(r && r->late_after ? *r->late_after : p.patrol.late_after);
}

// 5.3 A (003 L572): a stairwell that smells of gas (石油气) or burning (焦味).
bool smells(const Policy& p, const std::string& checklist, const std::string& text) {
  if (!contains(p.patrol.smell_checklists, checklist)) return false;
  return std::any_of(p.patrol.smell_words.begin(), p.patrol.smell_words.end(),
                     [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

Check read_check(db::Statement& st) {
  Check c;
  c.id = st.integer(st.column("id"));
  c.round_id = st.integer(st.column("round_id"));
  c.point = st.text(st.column("point"));
  c.text = st.text(st.column("text"));
  c.seq = st.integer(st.column("seq"));
  c.result = st.text(st.column("result"));
  c.note = st.opt_text(st.column("note"));
  c.action = st.opt_text(st.column("action"));
  c.urgent = st.integer(st.column("urgent")) != 0;
  c.ticket_id = st.opt_integer(st.column("ticket_id"));
  c.violation_id = st.opt_integer(st.column("violation_id"));
  c.checked_at = st.integer(st.column("checked_at"));
  c.checked_by = st.text(st.column("checked_by"));
  c.settled_at = st.opt_integer(st.column("settled_at"));
  c.settled_by = st.opt_text(st.column("settled_by"));
  c.settle_note = st.opt_text(st.column("settle_note"));
  return c;
}

// The checks of many rounds at once (one query), by round id, in checklist order.
std::map<std::int64_t, std::vector<Check>> checks_of(db::Database& db, const std::vector<std::string>& ids) {
  auto& st = db.cached(
      "SELECT * FROM patrol_check WHERE round_id IN (SELECT value FROM json_each(:ids)) ORDER BY round_id, seq, id");
  st.bind(":ids", json_list(ids));
  std::map<std::int64_t, std::vector<Check>> out;
  while (st.step()) {
    Check c = read_check(st);
    out[c.round_id].push_back(std::move(c));
  }
  return out;
}

// Which rounds have an urgent issue still open (one query).
std::set<std::int64_t> urgent_open(db::Database& db, const std::vector<std::string>& ids) {
  auto& st = db.cached(std::string("SELECT DISTINCT c.round_id FROM patrol_check c WHERE c.urgent = 1 AND ") +
                       std::string(kOpenIssue) + " AND c.round_id IN (SELECT value FROM json_each(:ids))");
  st.bind(":ids", json_list(ids));
  std::set<std::int64_t> out;
  while (st.step()) out.insert(st.integer(0));
  return out;
}

void insert_check(Op& op, const Round& r, Check& c) {
  auto& st = op.db.cached(
      "INSERT INTO patrol_check (round_id, subject, point, text, seq, result, note, action, urgent, ticket_id, "
      "violation_id, checked_at, checked_by) VALUES (:round, :subject, :point, :text, :seq, :result, :note, :action, "
      ":urgent, :ticket, :violation, :at, :by)");
  st.bind(":round", r.id).bind(":subject", r.ref()).bind(":point", c.point).bind(":text", c.text);
  st.bind(":seq", c.seq).bind(":result", c.result).bind(":note", c.note).bind(":action", c.action);
  st.bind(":urgent", c.urgent ? 1 : 0).bind(":ticket", c.ticket_id).bind(":violation", c.violation_id);
  st.bind(":at", c.checked_at).bind(":by", c.checked_by).run();
  c.id = op.db.last_insert_id();
  c.round_id = r.id;
  op.entry.after(op.db, "patrol_check", c.id);
}

// The shape of a finding, before anything is looked up (exit 64 naming the options).
void check_finding(const Finding& f, bool settling) {
  if (!settling && f.ok == f.issue.has_value()) fail(Exit::usage, "give either --ok or --issue TEXT");
  if (f.issue && f.issue->find_first_not_of(" \t\r\n") == std::string::npos)
    fail(Exit::usage, "--issue must say what was seen");
  const int actions = (f.fixed ? 1 : 0) + (f.ticket ? 1 : 0) + (f.violation ? 1 : 0);
  if (actions > 1) fail(Exit::usage, "give at most one of --fixed, --ticket and --violation");
  if (settling && actions == 0) fail(Exit::usage, "say how it was dealt with: --fixed, --ticket or --violation CATEGORY");
  if (f.ok && (actions > 0 || f.urgent))
    fail(Exit::usage, "--fixed, --ticket, --violation and --urgent are for an --issue, not --ok");
  if (!f.violation && (f.unit || f.location || f.subcategory || f.severity))
    fail(Exit::usage, "--unit, --location, --subcategory and --severity describe a --violation");
}

struct Opened {
  std::optional<std::string> ticket, violation;
};

// What an issue opens (5.4): a public-facility repair ticket, channel patrol, at the round's
// place; or a violation found by the walker — both linked back to the round.
Opened open_for(Op& op, const Round& r, const CodedItem& item, const std::string& issue, const Finding& f,
                const std::string& walker, Check& c) {
  Opened out;
  if (f.ticket) {
    ticket::Intake in;
    in.is_public = true;
    in.location = fmt::format("{} · {}", where(op.policy, r), item.text);
    in.category = op.policy.patrol.ticket_category;
    in.description = issue;
    in.urgent = true;
    in.channel = "patrol";
    const ticket::Ticket t = ticket::create(op, in);
    Value facts = fact("round", r.ref());
    facts.set("point", item.code);
    record::event(op, t.ref(), "patrol_finding", t.status, t.status, facts);
    c.ticket_id = t.id;
    c.action = "ticket";
    out.ticket = t.ref();
  } else if (f.violation) {
    violation::Intake in;
    in.unit = f.unit;
    in.location = f.location;
    if (!in.unit && !in.location) in.location = where(op.policy, r);
    in.category = *f.violation;
    in.subcategory = f.subcategory;
    in.severity = f.severity;
    in.description = issue;
    in.found_by = walker;
    in.source = r.ref();
    in.point = item.code;
    const violation::Violation v = violation::create(op, in, "--violation");
    c.violation_id = v.id;
    c.action = "violation";
    out.violation = v.ref();
  } else {
    c.action = f.fixed ? "fixed" : "reported";
  }
  op.entry.set_entity(r.ref());
  return out;
}

// One checked point: ok, or an issue with what it opened. `at` and `by`: when and by whom the
// point was checked (now and the actor, or as typed in from paper).
CheckResult record_check(Op& op, const Round& r, const CodedItem& item, std::int64_t seq, const Finding& f,
                         Timestamp at, const std::string& by) {
  CheckResult res;
  Check& c = res.check;
  c.point = item.code;
  c.text = item.text;
  c.seq = seq;
  c.checked_at = at;
  c.checked_by = by;
  if (f.ok) {
    c.result = "ok";
    if (f.issue) c.note = f.issue;  // a note on an ok point (from a file)
  } else {
    c.result = "issue";
    c.note = *f.issue;
    res.smell = smells(op.policy, r.checklist, *f.issue);
    c.urgent = f.urgent || res.smell;
    const Opened opened = open_for(op, r, item, *f.issue, f, by, c);
    res.ticket = opened.ticket;
    res.violation = opened.violation;
  }
  insert_check(op, r, c);
  if (c.result == "issue") {
    Value facts = fact("point", c.point);
    facts.set("text", c.text);
    facts.set("action", *c.action);
    if (res.ticket) facts.set("ticket", *res.ticket);
    if (res.violation) facts.set("violation", *res.violation);
    if (c.urgent) facts.set("urgent", true);
    if (res.smell) facts.set("smell", true);
    event(op, r, "issue", r.status, r.status, facts);
  }
  res.round = r;
  return res;
}

const CodedItem& point_of(const Policy& p, const Round& r, const std::string& point, std::int64_t* seq) {
  const auto& items = points_of(p, r.checklist);
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].code == point && !items[i].retired) {
      *seq = static_cast<std::int64_t>(i + 1);
      return items[i];
    }
  fail(Exit::usage, "point '{}' is not on the {} checklist of {} (points: {})", point, r.checklist, r.ref(),
       join(codes(items, true)));
}

std::optional<Check> checked(db::Database& db, std::int64_t round_id, const std::string& point) {
  auto& st = db.cached("SELECT * FROM patrol_check WHERE round_id = :round AND point = :point");
  st.bind(":round", round_id).bind(":point", point);
  if (!st.step()) return std::nullopt;
  Check c = read_check(st);
  st.reset();
  return c;
}

// Starts a round of `rt` at `when`, walked by `walker`: the planned round of that route (and
// building) nearest `when` on its date, or a new one of `origin`.
Round start_at(Op& op, const PatrolRoute& rt, const std::optional<std::string>& building, Timestamp when,
               const std::string& walker, std::string_view origin) {
  const int off = op.utc_offset();
  const Date day = local_date(when, off);
  const Timestamp from = local_to_timestamp(day, 0, off);
  auto& st = op.db.cached(
      std::string(kSelect) +
      " WHERE r.route = :route AND coalesce(r.building, '') = :building AND r.status = 'planned' AND r.planned_for "
      ">= :from AND r.planned_for < :to ORDER BY abs(r.planned_for - :when), r.planned_for, r.id LIMIT 1");
  st.bind(":route", rt.code).bind(":building", building.value_or("")).bind(":from", from);
  st.bind(":to", from + 86400).bind(":when", when);
  std::optional<Round> planned;
  if (st.step()) planned = record::read<Round>(st);
  st.reset();
  Round r;
  if (planned) {
    r = *planned;
    lifecycle().require("start", r.ref(), r.status);
    r.status = "open";
    r.started_at = when;
    r.by_login = walker;
    record::update(op, "patrol_round", r, kMutable);
  } else {
    r.route = rt.code;
    r.building = building;
    r.checklist = rt.checklist;
    r.status = "open";
    r.origin = std::string(origin);
    r.started_at = when;
    r.by_login = walker;
    r.created_by = op.login();
    r.created_at = op.now;
    r.id = record::insert(op, "patrol_round", r, kInsert);
  }
  op.entry.set_entity(r.ref());
  Value facts = fact("route", r.route);
  if (r.building) facts.set("building", *r.building);
  if (r.planned_for) facts.set("planned_for", Value(static_cast<long long>(*r.planned_for)));
  if (walker != op.login()) facts.set("by", walker);
  if (when != op.now) facts.set("walked_at", Value(static_cast<long long>(when)));
  event(op, r, "started", planned ? std::optional<std::string>("planned") : std::nullopt, "open", facts);
  return r;
}

Finished finish_at(Op& op, Round r, Timestamp at) {
  const auto& items = points_of(op.policy, r.checklist);
  std::set<std::string> seen;
  Finished out;
  for (const auto& c : checks(op.db, r.id)) {
    seen.insert(c.point);
    if (c.result == "ok") ++out.ok;
    else if (c.result == "issue") ++out.issues;
    else ++out.missed;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].retired || seen.count(items[i].code)) continue;
    Check c;
    c.point = items[i].code;
    c.text = items[i].text;
    c.seq = static_cast<std::int64_t>(i + 1);
    c.result = "missed";
    c.checked_at = at;
    c.checked_by = r.by_login.value_or(op.login());
    insert_check(op, r, c);
    ++out.missed;
  }
  r.status = "done";
  r.finished_at = at;
  record::update(op, "patrol_round", r, kMutable);
  Value facts = fact("ok", Value(static_cast<long long>(out.ok)));
  facts.set("issues", Value(static_cast<long long>(out.issues)));
  facts.set("missed", Value(static_cast<long long>(out.missed)));
  event(op, r, "finished", "open", "done", facts);
  out.round = r;
  return out;
}

// A month "YYYY-MM" → its first and last day (exit 64 naming the option).
std::pair<Date, Date> month_days(std::string_view option, const std::string& text) {
  const auto period = fee::parse_period(text);
  if (!period) fail(Exit::usage, "{} '{}' is not a month (expected YYYY-MM, e.g. 2026-12)", option, text);
  return {fee::first_day(*period), fee::last_day(*period)};
}

Date next_day(Date d) { return civil_from_days(days_from_civil(d) + 1); }

}  // namespace

std::int64_t parse_ref(std::string_view text) { return record::parse_ref(record::Kind::patrol, text); }

std::optional<Round> find(db::Database& db, std::int64_t id) { return record::find<Round>(db, kSelect, "r", id); }

Round get(db::Database& db, std::int64_t id) {
  auto r = find(db, id);
  if (!r) record::not_found(record::Kind::patrol, id);
  return *r;
}

std::vector<Check> checks(db::Database& db, std::int64_t round_id) {
  auto all = checks_of(db, {std::to_string(round_id)});
  return std::move(all[round_id]);
}

// ---- the plan --------------------------------------------------------------------------------

Date plan_due_on(const Policy& policy, Date first_of_month) {
  const Date before = add_months(first_of_month, -1);
  if (policy.patrol.plan_due_day == 0) return Date{before.year, before.month, days_in_month(before.year, before.month)};
  return Date{before.year, before.month, policy.patrol.plan_due_day};
}

PlanResult plan(Op& op, const std::string& month) {
  const auto& p = op.policy;
  op.require_role(p.patrol.plan_role, tr("making the patrol plan (patrol.plan_role)"));
  const auto [first, last] = month_days("--month", month);
  const int off = op.utc_offset();
  const Date today = local_date(op.now, off);
  if (last < today) fail(Exit::data_error, "--month '{}' is over: there is nothing left to plan", month);
  // Each route's staff must be able to walk it.
  for (const auto& r : p.patrol.routes) {
    if (r.retired) continue;
    for (const auto& login : r.staff) {
      const auto who = staff::find(op.db, login);
      if (!who || !who->active)
        fail(Exit::data_error, "patrol.routes.{}.staff: '{}' is not an active staff member (see 'svc staff list')",
             r.code, login);
      if (contains(p.roles.read_only, who->role))
        fail(Exit::data_error, "patrol.routes.{}.staff: '{}' has the read-only role {} and cannot patrol", r.code,
             login, tr(who->role));
    }
  }
  const auto estate = buildings(op.db);
  PlanResult out;
  out.month = fee::format_period(fee::period_of(first));
  out.due_on = format_date(plan_due_on(p, first));

  std::optional<std::int64_t> plan_id;
  {
    auto& st = op.db.cached("SELECT id, made_at FROM patrol_plan WHERE month = :month");
    st.bind(":month", out.month);
    if (st.step()) {
      plan_id = st.integer(0);
      out.made_at = st.integer(1);
    }
    st.reset();
  }
  if (!plan_id) {
    auto& st = op.db.cached(
        "INSERT INTO patrol_plan (month, due_on, made_at, made_by, updated_at) VALUES (:month, :due, :now, :by, :now)");
    st.bind(":month", out.month).bind(":due", out.due_on).bind(":now", op.now).bind(":by", op.login()).run();
    plan_id = op.db.last_insert_id();
    op.entry.after(op.db, "patrol_plan", *plan_id);
    out.made_at = op.now;
  }
  out.late = format_date(local_date(out.made_at, off)) > out.due_on;

  std::set<std::tuple<std::string, std::string, Timestamp>> existing;
  {
    auto st = op.db.prepare(
        "SELECT route, coalesce(building, ''), planned_for FROM patrol_round WHERE origin = 'plan' AND planned_for >= "
        ":from AND planned_for < :to");
    st.bind(":from", local_to_timestamp(first, 0, off)).bind(":to", local_to_timestamp(next_day(last), 0, off));
    while (st.step()) existing.emplace(st.text(0), st.text(1), st.integer(2));
  }
  for (const auto& rt : p.patrol.routes) {
    if (rt.retired) continue;
    PlanRoute row{rt.code, rt.name, 0, 0, 0};
    std::vector<std::optional<std::string>> where_;
    if (rt.per_building)
      for (const auto& b : estate) where_.emplace_back(b);
    else
      where_.emplace_back(std::nullopt);
    std::size_t turn = 0;  // round-robin over the route's staff, counted over the whole month
    for (Date d = first; d <= last; d = next_day(d)) {
      if (rt.every.period == PatrolFrequency::Period::week && weekday(d) != rt.weekday.value_or(0)) continue;
      for (int minute : rt.times) {
        const Timestamp at = local_to_timestamp(d, minute * 60, off);
        for (const auto& b : where_) {
          std::optional<std::string> assignee;
          if (!rt.staff.empty()) assignee = rt.staff[turn % rt.staff.size()];
          ++turn;
          if (existing.count({rt.code, b.value_or(""), at})) {
            ++row.existing;
            continue;
          }
          if (at < op.now) {
            ++row.past;
            continue;
          }
          Round r;
          r.route = rt.code;
          r.building = b;
          r.checklist = rt.checklist;
          r.status = "planned";
          r.origin = "plan";
          r.planned_for = at;
          r.plan_id = plan_id;
          r.assignee = assignee;
          r.created_by = op.login();
          r.created_at = op.now;
          record::insert(op, "patrol_round", r, kInsert);
          ++row.created;
        }
      }
    }
    out.created += row.created;
    out.existing += row.existing;
    out.past += row.past;
    out.routes.push_back(std::move(row));
  }
  if (out.created > 0 && out.made_at != op.now) {
    op.entry.before(op.db, "patrol_plan", *plan_id);
    op.db.cached("UPDATE patrol_plan SET updated_at = :now WHERE id = :id").bind(":now", op.now).bind(":id", *plan_id).run();
    op.entry.after(op.db, "patrol_plan", *plan_id);
  }
  op.entry.set_entity("plan:" + out.month);
  return out;
}

namespace {

// The plans of `months` ("YYYY-MM") as of `now`: made on time, late, missing, due today or not yet
// due (5.1).
std::vector<PlanState> states_of(db::Database& db, const Policy& policy, const std::vector<std::string>& months,
                                 Timestamp now) {
  const int off = policy.site.utc_offset;
  std::map<std::string, Timestamp> made;
  auto& st = db.cached("SELECT month, made_at FROM patrol_plan WHERE month IN (SELECT value FROM json_each(:months))");
  st.bind(":months", json_list(months));
  while (st.step()) made[st.text(0)] = st.integer(1);
  const std::string today = format_date(local_date(now, off));
  std::vector<PlanState> out;
  for (const auto& m : months) {
    PlanState s;
    s.month = m;
    s.due_on = format_date(plan_due_on(policy, *parse_date(m + "-01")));
    if (auto it = made.find(m); it != made.end()) s.made_at = it->second;
    if (s.made_at) s.state = format_date(local_date(*s.made_at, off)) > s.due_on ? "late" : "made";
    else if (today > s.due_on) s.state = "missing";
    else if (today == s.due_on) s.state = "due";
    else s.state = "pending";
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<PlanState> plan_states(db::Database& db, const Policy& policy, Timestamp now) {
  const Date first = local_date(now, policy.site.utc_offset);
  const Date here{first.year, first.month, 1};
  return states_of(db, policy, {format_date(here).substr(0, 7), format_date(add_months(here, 1)).substr(0, 7)}, now);
}

std::vector<Round> rain(Op& op, bool before) {
  op.require_role(op.policy.patrol.plan_role, tr("adding a heavy-rain round (patrol.plan_role)"));
  const std::string origin = before ? "rain_before" : "rain_after";
  std::vector<Round> out;
  const auto estate = buildings(op.db);
  for (const auto& rt : op.policy.patrol.routes) {
    if (rt.retired || !rt.heavy_rain) continue;
    // One round per heavy rain: a round of this rain not yet walked is the one to walk.
    auto& st = op.db.cached(
        "SELECT id FROM patrol_round WHERE route = :route AND origin = :origin AND status <> 'done' ORDER BY id LIMIT 1");
    st.bind(":route", rt.code).bind(":origin", origin);
    if (st.step()) {
      const std::int64_t id = st.integer(0);
      st.reset();
      fail(Exit::data_error, "P{} of route {} is already planned for this rain and not walked yet: 'svc patrol start --route {}'",
           id, rt.code, rt.code);
    }
    st.reset();
    std::vector<std::optional<std::string>> where_;
    if (rt.per_building)
      for (const auto& b : estate) where_.emplace_back(b);
    else
      where_.emplace_back(std::nullopt);
    for (const auto& b : where_) {
      Round r;
      r.route = rt.code;
      r.building = b;
      r.checklist = rt.checklist;
      r.status = "planned";
      r.origin = origin;
      r.planned_for = op.now;
      r.created_by = op.login();
      r.created_at = op.now;
      r.id = record::insert(op, "patrol_round", r, kInsert);
      event(op, r, "rain_round", std::nullopt, std::nullopt, fact("origin", origin));
      out.push_back(get(op.db, r.id));
    }
  }
  if (out.empty())
    fail(Exit::data_error, "no patrol route is walked in heavy rain: set heavy_rain = true on a [patrol.routes] entry");
  op.entry.set_entity(out.front().ref());
  return out;
}

// ---- rounds ----------------------------------------------------------------------------------

Round start(Op& op, const std::string& route, const std::optional<std::string>& building) {
  const PatrolRoute& rt = active_route(op.policy, route);
  check_building(op.db, rt, building);
  points_of(op.policy, rt.checklist);
  auto& st = op.db.cached(
      "SELECT id, by_login, started_at FROM patrol_round WHERE route = :route AND coalesce(building, '') = :building "
      "AND status = 'open' ORDER BY id LIMIT 1");
  st.bind(":route", rt.code).bind(":building", building.value_or(""));
  if (st.step()) {
    const std::int64_t id = st.integer(0);
    const std::string by = st.text(1);
    const Timestamp since = st.integer(2);
    st.reset();
    fail(Exit::data_error, "P{} of route {} is being walked by {} since {}: check its points, or 'svc patrol finish P{}'",
         id, rt.code, by, format_local(since, op.utc_offset()), id);
  }
  st.reset();
  return start_at(op, rt, building, op.now, op.login(), "walk");
}

CheckResult check(Op& op, std::int64_t id, const std::string& point, const Finding& f) {
  check_finding(f, false);
  Round r = get(op.db, id);
  lifecycle().require("check", r.ref(), r.status);
  std::int64_t seq = 0;
  const CodedItem& item = point_of(op.policy, r, point, &seq);
  if (const auto done = checked(op.db, r.id, point))
    fail(Exit::data_error, "point {} of {} was already checked at {} by {} ({})", point, r.ref(),
         format_local(done->checked_at, op.utc_offset()), done->checked_by, tr(done->result));
  op.entry.set_entity(r.ref());
  return record_check(op, r, item, seq, f, op.now, op.login());
}

CheckResult settle(Op& op, std::int64_t id, const std::string& point, const Finding& f,
                   const std::optional<std::string>& note) {
  check_finding(f, true);
  if (f.fixed && (!note || note->find_first_not_of(" \t\r\n") == std::string::npos))
    fail(Exit::usage, "--fixed needs --note saying what was done");
  Round r = get(op.db, id);
  lifecycle().require("settle", r.ref(), r.status);
  auto c = checked(op.db, r.id, point);
  if (!c || c->result != "issue")
    fail(Exit::data_error, "{} has no issue at point '{}' (see 'svc patrol show {}')", r.ref(), point, r.ref());
  if (c->action != "reported" || c->settled_at)
    fail(Exit::data_error, "the issue at {} of {} was already dealt with ({})", point, r.ref(), tr(c->action.value_or("")));
  const auto& items = points_of(op.policy, r.checklist);
  CodedItem item{c->point, c->text, false};
  for (const auto& i : items)
    if (i.code == c->point) item.text = c->text;
  op.entry.before(op.db, "patrol_check", c->id);
  CheckResult res;
  const Opened opened = open_for(op, r, item, *c->note, f, op.login(), *c);
  c->settled_at = op.now;
  c->settled_by = op.login();
  c->settle_note = note;
  auto& st = op.db.cached(
      "UPDATE patrol_check SET action = :action, ticket_id = :ticket, violation_id = :violation, settled_at = :at, "
      "settled_by = :by, settle_note = :note WHERE id = :id");
  st.bind(":action", c->action).bind(":ticket", c->ticket_id).bind(":violation", c->violation_id);
  st.bind(":at", op.now).bind(":by", op.login()).bind(":note", note).bind(":id", c->id).run();
  op.entry.after(op.db, "patrol_check", c->id);
  Value facts = fact("point", c->point);
  facts.set("action", *c->action);
  if (opened.ticket) facts.set("ticket", *opened.ticket);
  if (opened.violation) facts.set("violation", *opened.violation);
  if (note) facts.set("note", *note);
  event(op, r, "settled", r.status, r.status, facts);
  res.round = r;
  res.check = *c;
  res.ticket = opened.ticket;
  res.violation = opened.violation;
  return res;
}

Finished finish(Op& op, std::int64_t id) {
  Round r = get(op.db, id);
  lifecycle().require("finish", r.ref(), r.status);
  op.entry.set_entity(r.ref());
  return finish_at(op, r, op.now);
}

Recorded record_round(Op& op, const std::string& route, const std::optional<std::string>& building,
                      std::string_view utf8_text, std::string_view source, const std::optional<std::string>& at,
                      const std::optional<std::string>& by) {
  const PatrolRoute& rt = active_route(op.policy, route);
  check_building(op.db, rt, building);
  std::string walker = op.login();
  if (by) {
    const auto who = staff::get(op.db, *by);
    if (!who.active) fail(Exit::data_error, "--by '{}' is not an active staff member", *by);
    if (contains(op.policy.roles.read_only, who.role))
      fail(Exit::data_error, "--by '{}' has the read-only role {} and cannot patrol", *by, tr(who.role));
    walker = who.login;
  }
  Timestamp when = op.now;
  if (at) {
    const auto t = when::require(op, "--at", *at, when::Role::happened);
    if (t > op.now) fail(Exit::usage, "--at '{}' is in the future (now is {})", *at, format_local(op.now, op.utc_offset()));
    when = t;
  }
  const auto& items = points_of(op.policy, rt.checklist);
  const CsvTable table = read_csv_table(utf8_text, source, {"point", "result"}, {"note", "action", "category", "unit"});
  Problems problems{std::string(source)};
  struct Row {
    const CodedItem* item = nullptr;
    std::int64_t seq = 0;
    Finding f;
    bool missed = false;
  };
  std::vector<Row> rows;
  std::map<std::string, int> first_line;
  const std::vector<std::string> results = kResults;
  for (const auto& row : table.rows) {
    Row out;
    bool good = true;
    const std::string& point = table.field(row, "point");
    const std::string& result = table.field(row, "result");
    const std::string& note = table.field(row, "note");
    const std::string& action = table.field(row, "action");
    const std::string& category = table.field(row, "category");
    const std::string& unit = table.field(row, "unit");
    for (std::size_t i = 0; i < items.size(); ++i)
      if (items[i].code == point) {
        out.item = &items[i];
        out.seq = static_cast<std::int64_t>(i + 1);
      }
    if (!out.item) {
      problems.add(row.line, "point", point, "not a point of the {} checklist (points: {})", rt.checklist,
                   join(codes(items, true)));
      good = false;
    } else if (out.item->retired) {
      problems.add(row.line, "point", point, "retired: no longer checked on new rounds (points: {})",
                   join(codes(items, true)));
      good = false;
    } else if (auto it = first_line.find(point); it != first_line.end()) {
      problems.add(row.line, "point", point, "listed twice (first on line {})", it->second);
      good = false;
    } else {
      first_line[point] = row.line;
    }
    if (!contains(results, result)) {
      problems.add(row.line, "result", result, "allowed: {}", join(results));
      good = false;
    }
    const bool issue = result == "issue";
    if (issue && note.find_first_not_of(" \t\r\n") == std::string::npos) {
      problems.add(row.line, "note", note, "an issue needs a note saying what was seen");
      good = false;
    }
    if (!action.empty() && !issue) {
      problems.add(row.line, "action", action, "an action is only for result issue");
      good = false;
    } else if (!action.empty() && !contains(kActions, action)) {
      problems.add(row.line, "action", action, "allowed: {} (empty = reported)", join(kActions));
      good = false;
    }
    if (action == "violation") {
      if (!contains(op.policy.violation.categories, category)) {
        problems.add(row.line, "category", category, "a violation needs its category (allowed: {})",
                     join(op.policy.violation.categories));
        good = false;
      }
      if (!unit.empty() && !unit::find(op.db, unit)) {
        problems.add(row.line, "unit", unit, "unknown unit (see 'svc unit list')");
        good = false;
      }
    } else {
      if (!category.empty()) {
        problems.add(row.line, "category", category, "only for action violation");
        good = false;
      }
      if (!unit.empty()) {
        problems.add(row.line, "unit", unit, "only for action violation");
        good = false;
      }
    }
    if (!good) continue;
    out.missed = result == "missed";
    out.f.ok = result == "ok";
    if (!note.empty()) out.f.issue = note;
    if (issue) {
      out.f.fixed = action == "fixed";
      out.f.ticket = action == "ticket";
      if (action == "violation") {
        out.f.violation = category;
        if (!unit.empty()) out.f.unit = unit;
      }
    }
    rows.push_back(std::move(out));
  }
  if (table.rows.empty()) problems.add(1, "point", "", "the file lists no points");
  problems.raise_if_any();

  Recorded out;
  Round r = start_at(op, rt, building, when, walker, "file");
  for (const auto& row : rows) {
    if (row.missed) {
      Check c;
      c.point = row.item->code;
      c.text = row.item->text;
      c.seq = row.seq;
      c.result = "missed";
      c.note = row.f.issue;
      c.checked_at = when;
      c.checked_by = walker;
      insert_check(op, r, c);
      continue;
    }
    auto res = record_check(op, r, *row.item, row.seq, row.f, when, walker);
    if (res.check.result == "issue") out.findings.push_back(std::move(res));
  }
  out.finished = finish_at(op, r, when);
  Value facts = fact("source", std::string(source));
  facts.set("rows", Value(static_cast<long long>(rows.size())));
  event(op, out.finished.round, "recorded", "done", "done", facts);
  op.entry.set_entity(r.ref());
  return out;
}

// ---- lists and adherence ---------------------------------------------------------------------

std::string state(const Policy& policy, const Round& r, Timestamp now) {
  if (!r.planned_for) return r.status == "open" ? "in_progress" : "unplanned";
  const std::int64_t late = late_seconds(policy, r.route);
  if (r.status == "done") return *r.started_at <= *r.planned_for + late ? "on_time" : "late";
  if (r.status == "open") return "in_progress";
  return now > *r.planned_for + late ? "not_done" : "pending";
}

namespace {

// The window a list or adherence covers: --date D, --month M, or today.
std::pair<Timestamp, Timestamp> window(const Policy& p, const ListFilter& f, Timestamp now) {
  const int off = p.site.utc_offset;
  if (f.date && f.month) fail(Exit::usage, "give --date or --month, not both");
  Date from = local_date(now, off), to = from;
  if (f.date) from = to = when::require_day("--date", *f.date, when::context(p, now), when::Look::back);
  if (f.month) std::tie(from, to) = month_days("--month", *f.month);
  return {local_to_timestamp(from, 0, off), local_to_timestamp(next_day(to), 0, off)};
}

void check_route_filter(const Policy& p, const std::optional<std::string>& route) {
  if (!route || p.patrol.route(*route)) return;
  std::vector<std::string> all;
  for (const auto& r : p.patrol.routes) all.push_back(r.code);
  fail(Exit::usage, "--route '{}' is not a patrol route (allowed: {})", *route, join(all));
}

// Rounds whose time (planned, or for an unplanned round its start) falls in [from, to).
constexpr std::string_view kInWindow =
    "((r.planned_for >= :from AND r.planned_for < :to) OR (r.planned_for IS NULL AND r.started_at >= :from AND "
    "r.started_at < :to))";

}  // namespace

std::vector<Round> list(db::Database& db, const Policy& policy, Timestamp now, const ListFilter& f) {
  const auto [from, to] = window(policy, f, now);
  check_route_filter(policy, f.route);
  const auto by = f.by ? std::optional<std::string>(staff::get(db, *f.by).login) : std::nullopt;
  record::Where w;
  w.add(std::string(kInWindow));
  w.equal("r.route", f.route);
  if (by) w.add("coalesce(r.by_login, r.assignee) = :by", ":by", *by);
  auto st = db.prepare(std::string(kSelect) + w.sql() + " ORDER BY coalesce(r.planned_for, r.started_at), r.id");
  w.bind(st);
  st.bind(":from", from).bind(":to", to);
  std::vector<Round> all;
  while (st.step()) all.push_back(record::read<Round>(st));
  std::vector<std::string> ids;
  for (const auto& r : all) ids.push_back(std::to_string(r.id));
  if (f.missed) {
    std::set<std::int64_t> with_missed;
    auto& m = db.cached(
        "SELECT DISTINCT round_id FROM patrol_check WHERE result = 'missed' AND round_id IN (SELECT value FROM "
        "json_each(:ids))");
    m.bind(":ids", json_list(ids));
    while (m.step()) with_missed.insert(m.integer(0));
    std::erase_if(all, [&](const Round& r) { return !with_missed.count(r.id) && state(policy, r, now) != "not_done"; });
  }
  // The smell rule and --urgent: rounds with an urgent issue still open come first.
  const auto urgent = urgent_open(db, ids);
  std::stable_partition(all.begin(), all.end(), [&](const Round& r) { return urgent.count(r.id) > 0; });
  if (f.limit > 0 && static_cast<int>(all.size()) > f.limit) all.resize(static_cast<std::size_t>(f.limit));
  return all;
}

namespace {

// One check as cli.md's JSON: the point, its text as checked, the result and what it opened.
Value check_value(const Check& c, int off) {
  Value o = Value::object();
  o.set("point", c.point);
  o.set("text", c.text);
  o.set("result", c.result);
  o.set("note", c.note);
  o.set("action", c.action);
  o.set("urgent", c.urgent);
  o.set("ticket", c.ticket_id ? Value(record::ref(record::Kind::ticket, *c.ticket_id)) : Value());
  o.set("violation", c.violation_id ? Value(record::ref(record::Kind::violation, *c.violation_id)) : Value());
  o.set("checked_at", format_iso(c.checked_at, off));
  o.set("checked_by", c.checked_by);
  return o;
}

}  // namespace

std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Round>& list, Timestamp now) {
  const int off = policy.site.utc_offset;
  std::vector<std::string> ids;
  for (const auto& r : list) ids.push_back(std::to_string(r.id));
  const auto all_checks = checks_of(db, ids);
  const auto urgent = urgent_open(db, ids);
  std::vector<Value> out;
  for (const auto& r : list) {
    Value v = record::to_value(r, off, false, {"plan_id"});
    v.set("route_name", route_name(policy, r.route));
    v.set("planned_for", r.planned_for ? Value(format_iso(*r.planned_for, off)) : Value());
    v.set("by", r.by_login);
    v.set("state", state(policy, r, now));
    std::int64_t ok = 0, issues = 0, missed = 0;
    bool any_urgent = false;
    Value arr = Value::array();
    if (auto it = all_checks.find(r.id); it != all_checks.end())
      for (const auto& c : it->second) {
        if (c.result == "ok") ++ok;
        else if (c.result == "issue") ++issues;
        else ++missed;
        any_urgent = any_urgent || c.urgent;
        Value o = check_value(c, off);
        o.set("settled_at", c.settled_at ? Value(format_iso(*c.settled_at, off)) : Value());
        o.set("settle_note", c.settle_note);
        arr.push(std::move(o));
      }
    v.set("checks", arr);
    v.set("ok", Value(static_cast<long long>(ok)));
    v.set("issues", Value(static_cast<long long>(issues)));
    v.set("missed", Value(static_cast<long long>(missed)));
    v.set("urgent", any_urgent);
    v.set("urgent_open", urgent.count(r.id) > 0);
    out.push_back(std::move(v));
  }
  return out;
}

Value to_value(db::Database& db, const Policy& policy, const Round& r, Timestamp now) {
  return to_values(db, policy, {r}, now).front();
}

std::vector<Value> open_issues(db::Database& db, const Policy& policy, const ListFilter& f) {
  check_route_filter(policy, f.route);
  record::Where w;
  w.add(std::string(kOpenIssue));
  w.equal("r.route", f.route);
  if (f.by) {
    w.add("c.checked_by = :by", ":by", staff::get(db, *f.by).login);
  }
  // Without --date or --month, every open issue, however old.
  const bool dated = f.date || f.month;
  const auto span = dated ? window(policy, f, 0) : std::pair<Timestamp, Timestamp>{};
  if (dated) w.add(std::string(kInWindow));
  auto st = db.prepare(
      "SELECT c.*, r.route, r.building FROM patrol_check c JOIN patrol_round r ON r.id = c.round_id" + w.sql() +
      " ORDER BY c.urgent DESC, c.checked_at, c.id" + (f.limit > 0 ? " LIMIT :limit" : ""));
  w.bind(st);
  if (dated) st.bind(":from", span.first).bind(":to", span.second);
  if (f.limit > 0) st.bind(":limit", f.limit);
  const int off = policy.site.utc_offset;
  std::vector<Value> out;
  while (st.step()) {
    const Check c = read_check(st);
    Value o = Value::object();
    o.set("round", record::ref(record::Kind::patrol, c.round_id));
    o.set("route", st.text(st.column("route")));
    o.set("building", st.opt_text(st.column("building")));
    const Value fields = check_value(c, off);
    for (const auto& [k, v] : fields.as_object())
      if (k != "result") o.set(k, v);
    out.push_back(std::move(o));
  }
  return out;
}

Adherence adherence(db::Database& db, const Policy& policy, Date from, Date to, Timestamp now) {
  if (to < from) fail(Exit::usage, "--to {} is before --from {}", format_date(to), format_date(from));
  const int off = policy.site.utc_offset;
  Adherence out;
  out.from = from;
  out.to = to;
  // Each route's lateness allowance, for the SQL below (route codes are [a-z0-9_]).
  Value late = Value::object();
  for (const auto& r : policy.patrol.routes) late.set(r.code, Value(static_cast<long long>(late_seconds(policy, r.code))));
  auto section = [&](std::string_view key) {
    const std::string sql = fmt::format(
        "WITH r AS (SELECT r.*, coalesce(json_extract(:late, '$.' || r.route), :late_default) AS late_s FROM "
        "patrol_round r WHERE {}), c AS (SELECT round_id, sum(result <> 'missed') AS checked, sum(result = 'missed') "
        "AS missed FROM patrol_check WHERE round_id IN (SELECT id FROM r) GROUP BY round_id) "
        "SELECT {} AS key, "
        "sum(r.planned_for IS NOT NULL) AS planned, "
        "sum(r.planned_for IS NOT NULL AND r.status = 'done' AND r.started_at <= r.planned_for + r.late_s) AS on_time, "
        "sum(r.planned_for IS NOT NULL AND r.status = 'done' AND r.started_at > r.planned_for + r.late_s) AS late, "
        "sum(r.planned_for IS NOT NULL AND r.status = 'open') AS in_progress, "
        "sum(r.planned_for IS NOT NULL AND r.status = 'planned' AND r.planned_for + r.late_s < :now) AS not_done, "
        "sum(r.planned_for IS NOT NULL AND r.status = 'planned' AND r.planned_for + r.late_s >= :now) AS pending, "
        "sum(r.planned_for IS NULL) AS unplanned, coalesce(sum(c.checked), 0) AS checked, "
        "coalesce(sum(c.missed), 0) AS missed "
        "FROM r LEFT JOIN c ON c.round_id = r.id GROUP BY 1 ORDER BY 1",
        kInWindow, key);
    auto st = db.prepare(sql);
    st.bind(":late", to_json(late, false)).bind(":late_default", late_seconds(policy, ""));
    st.bind(":from", local_to_timestamp(from, 0, off)).bind(":to", local_to_timestamp(next_day(to), 0, off));
    st.bind(":now", now);
    std::vector<AdherenceRow> rows;
    while (st.step()) {
      AdherenceRow row;
      row.key = st.opt_text(0).value_or("");
      row.planned = st.integer(1);
      row.on_time = st.integer(2);
      row.late = st.integer(3);
      row.in_progress = st.integer(4);
      row.not_done = st.integer(5);
      row.pending = st.integer(6);
      row.unplanned = st.integer(7);
      row.points_checked = st.integer(8);
      row.points_missed = st.integer(9);
      rows.push_back(std::move(row));
    }
    return rows;
  };
  out.routes = section("r.route");
  out.people = section("coalesce(r.by_login, r.assignee)");
  for (const auto& r : out.routes) {
    out.total.planned += r.planned;
    out.total.on_time += r.on_time;
    out.total.late += r.late;
    out.total.in_progress += r.in_progress;
    out.total.not_done += r.not_done;
    out.total.pending += r.pending;
    out.total.unplanned += r.unplanned;
    out.total.points_checked += r.points_checked;
    out.total.points_missed += r.points_missed;
  }
  // The plans of the months the period covers (5.1), each due by the end of the month before.
  std::vector<std::string> months;
  for (Date m{from.year, from.month, 1}; m <= to; m = add_months(m, 1)) months.push_back(format_date(m).substr(0, 7));
  out.plans = states_of(db, policy, months, now);
  return out;
}

Value to_value(const AdherenceRow& r) {
  Value o = Value::object();
  auto n = [](std::int64_t x) { return Value(static_cast<long long>(x)); };
  o.set("key", r.key.empty() ? Value() : Value(r.key));
  o.set("planned", n(r.planned));
  o.set("on_time", n(r.on_time));
  o.set("late", n(r.late));
  o.set("in_progress", n(r.in_progress));
  o.set("not_done", n(r.not_done));
  o.set("pending", n(r.pending));
  o.set("unplanned", n(r.unplanned));
  o.set("points_checked", n(r.points_checked));
  o.set("points_missed", n(r.points_missed));
  return o;
}

std::vector<Value> routes(const Policy& policy) {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::vector<Value> out;
  for (const auto& r : policy.patrol.routes) {
    Value o = Value::object();
    o.set("route", r.code);
    o.set("name", r.name);
    o.set("frequency", r.frequency);
    Value times = Value::array();
    for (int m : r.times) times.push(fmt::format("{:02}:{:02}", m / 60, m % 60));
    o.set("times", times);
    o.set("weekday", r.weekday ? Value(kDays[*r.weekday]) : Value());
    o.set("per_building", r.per_building);
    o.set("checklist", r.checklist);
    auto it = policy.patrol.checklists.find(r.checklist);
    o.set("points", Value(static_cast<long long>(it == policy.patrol.checklists.end() ? 0 : codes(it->second, true).size())));
    o.set("staff", join(r.staff));
    o.set("heavy_rain", r.heavy_rain);
    o.set("retired", r.retired);
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<Value> points(const Policy& policy, const std::string& route) {
  check_route_filter(policy, route);
  const PatrolRoute* r = policy.patrol.route(route);
  std::vector<Value> out;
  const auto& items = points_of(policy, r->checklist);
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value o = Value::object();
    o.set("seq", Value(static_cast<long long>(i + 1)));
    o.set("point", items[i].code);
    o.set("text", items[i].text);
    o.set("retired", items[i].retired);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace svc::patrol
