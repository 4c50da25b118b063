// Patrols (巡查, domain-rules 5): the monthly plan of rounds per route and frequency (5.1), rounds
// walked point by point against the route's checklist (5.3), findings dealt with on the spot,
// turned into repair tickets or violations, or reported (5.4), the smell rule (5.3 A, 003 L572),
// rounds typed in from paper, lists, and plan adherence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/record.hpp"
#include "svc/value.hpp"

namespace svc::patrol {

inline const std::vector<std::string> kStatuses = {"planned", "open", "done"};
inline const std::vector<std::string> kResults = {"ok", "issue", "missed"};
// What was done about an issue (5.4): on the spot, a repair ticket, a violation, or reported to
// the supervisor (who may settle it later).
inline const std::vector<std::string> kActions = {"fixed", "ticket", "violation", "reported"};

struct Round {
  std::int64_t id = 0;
  std::string route;
  std::optional<std::string> building;
  std::string checklist, status, origin;  // origin: plan, rain_before, rain_after, walk, file
  std::optional<Timestamp> planned_for;
  std::optional<std::int64_t> plan_id;
  std::optional<std::string> assignee;
  std::optional<Timestamp> started_at;
  std::optional<std::string> by_login;
  std::optional<Timestamp> finished_at;
  std::optional<std::string> note;
  std::string created_by;
  Timestamp created_at = 0;

  std::string ref() const { return record::ref(record::Kind::patrol, id); }
  static const record::Fields<Round>& fields();
};

struct Check {
  std::int64_t id = 0;
  std::int64_t round_id = 0;
  std::string point, text;
  std::int64_t seq = 0;
  std::string result;  // ok, issue, missed
  std::optional<std::string> note, action;
  bool urgent = false;
  std::optional<std::int64_t> ticket_id, violation_id;
  Timestamp checked_at = 0;
  std::string checked_by;
  std::optional<Timestamp> settled_at;
  std::optional<std::string> settled_by, settle_note;
};

// "P5" or "5" → 5; exit 64 naming the text otherwise.
std::int64_t parse_ref(std::string_view text);
std::optional<Round> find(db::Database& db, std::int64_t id);
Round get(db::Database& db, std::int64_t id);  // exit 66 when absent
std::vector<Check> checks(db::Database& db, std::int64_t round_id);

// ---- the plan (5.1) --------------------------------------------------------------------------

// The day the plan of `month` is due: the last day of the month before (patrol.plan_due =
// "month-end"), or that month's day plan_due.
Date plan_due_on(const Policy& policy, Date first_of_month);

struct PlanRoute {
  std::string route, name;
  std::int64_t created = 0, existing = 0, past = 0;  // past: times already gone when planned
};
struct PlanResult {
  std::string month;
  std::string due_on;
  Timestamp made_at = 0;  // the first run's time
  bool late = false;      // first made after due_on
  std::vector<PlanRoute> routes;
  std::int64_t created = 0, existing = 0, past = 0;
};
// The month's rounds per active route: every day (weekly: its weekday) at each of the route's
// times, per building for per-building routes, each given to the route's staff in turn. Rounds
// whose time has gone when the plan is made are not planned. Idempotent: a rerun adds only what
// is missing, with the same assignees. Needs patrol.plan_role.
PlanResult plan(Op& op, const std::string& month);

// 5.1: a month whose plan was not made by its due day (the daily report shows it).
struct PlanState {
  std::string month, due_on;
  std::optional<Timestamp> made_at;
  std::string state;  // made, late (made after due_on), missing (due_on passed), due (today), pending
};
// The plans of the current month and the next, as of `now`.
std::vector<PlanState> plan_states(db::Database& db, const Policy& policy, Timestamp now);

// 000 L157: an extra round of every heavy_rain route, planned for now, before or after heavy rain.
std::vector<Round> rain(Op& op, bool before);

// ---- rounds ----------------------------------------------------------------------------------

// Starts a round of `route` (and `building`, for a per-building route): the planned round of
// that route nearest now on today's date, or a new unplanned one.
Round start(Op& op, const std::string& route, const std::optional<std::string>& building);

// A finding at one point (5.3, 5.4).
struct Finding {
  bool ok = false;
  std::optional<std::string> issue;  // the issue seen
  bool fixed = false;                // dealt with on the spot
  bool ticket = false;               // a public-facility repair ticket
  std::optional<std::string> violation;  // a violation of this category
  std::optional<std::string> unit, location, subcategory, severity;  // for the violation
  bool urgent = false;
};
struct CheckResult {
  Round round;
  Check check;
  std::optional<std::string> ticket, violation;  // refs opened
  bool smell = false;  // urgent by the smell rule (not only --urgent)
};
// Records one point of an open round. An issue opens its ticket or violation in the same
// transaction, linked both ways; a smell (5.3 A) or --urgent issue is urgent.
CheckResult check(Op& op, std::int64_t id, const std::string& point, const Finding& f);
// A reported issue dealt with later: fixed (with a note), a ticket or a violation.
CheckResult settle(Op& op, std::int64_t id, const std::string& point, const Finding& f,
                   const std::optional<std::string>& note);

struct Finished {
  Round round;
  std::int64_t ok = 0, issues = 0, missed = 0;
};
// Every point not checked is recorded as missed.
Finished finish(Op& op, std::int64_t id);

// `patrol record`: a whole round from CSV (point,result[,note,action,category,unit]) walked by
// `by` at `at`; every bad row is named and nothing is written unless all are good.
struct Recorded {
  Finished finished;
  std::vector<CheckResult> findings;  // the issues, with what they opened
};
Recorded record_round(Op& op, const std::string& route, const std::optional<std::string>& building,
                      std::string_view utf8_text, std::string_view source, const std::optional<std::string>& at,
                      const std::optional<std::string>& by);

// ---- lists and adherence -----------------------------------------------------------------------

// How a round stands at `now`: on_time, late (done, started after planned_for + late_after),
// in_progress, not_done (planned, not started, and its time plus late_after has passed),
// pending, or unplanned (walked without a plan).
std::string state(const Policy& policy, const Round& r, Timestamp now);

struct ListFilter {
  std::optional<std::string> date, month, route, by;
  bool missed = false;  // rounds with missed points, or planned rounds not done
  int limit = 0;
};
// Rounds planned (or, unplanned, started) on the date or in the month (default: today), rounds
// with an open urgent issue first.
std::vector<Round> list(db::Database& db, const Policy& policy, Timestamp now, const ListFilter& f);
// Rounds as cli.md's JSON: checks (with the text of retired points as recorded), counts, urgent,
// state, and the tickets and violations the checks opened — read in one query per kind.
std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Round>& list, Timestamp now);
Value to_value(db::Database& db, const Policy& policy, const Round& r, Timestamp now);

// Issues still open: reported and not settled, or their ticket or violation still open; urgent
// ones first. With `route`/`date`/`month` as in list.
std::vector<Value> open_issues(db::Database& db, const Policy& policy, const ListFilter& f);

struct AdherenceRow {
  std::string key;  // route code, or login ("" = nobody)
  std::int64_t planned = 0, on_time = 0, late = 0, in_progress = 0, not_done = 0, pending = 0, unplanned = 0;
  std::int64_t points_checked = 0, points_missed = 0;
};
struct Adherence {
  Date from, to;  // inclusive
  std::vector<AdherenceRow> routes, people;
  AdherenceRow total;
  std::vector<PlanState> plans;  // the months of the period
};
// Plan adherence for [from, to]: rounds planned, done on time, late, not done; points checked and
// missed — per route and per person (who walked it, else whom it was given to). One query per
// section; what the reports call.
Adherence adherence(db::Database& db, const Policy& policy, Date from, Date to, Timestamp now);
Value to_value(const AdherenceRow& r);

// The routes of the policy (code, name, frequency, times, …) and one route's points.
std::vector<Value> routes(const Policy& policy);
std::vector<Value> points(const Policy& policy, const std::string& route);


}  // namespace svc::patrol
