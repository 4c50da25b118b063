// Visits (domain-rules 4): callbacks after a repair or complaint (回访, 1.9, 2.7), outreach visits
// to every lived-in unit under a half-yearly plan (走访, 4.1), dunning home visits (上门催缴, 3.5)
// and what each found; the list of what is owed; the satisfaction rate (业户满意率, 4.4, 8).
// A visit is a record of the kit (V30): a field table, a lifecycle (planned → done), history for
// its steps (nobody home, done, what it opened), filters.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/calendar.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/deadline.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/record.hpp"
#include "svc/value.hpp"

namespace svc::visit {

inline const std::vector<std::string> kMethods = {"phone", "onsite"};
inline const std::vector<std::string> kKinds = {"callback", "outreach", "survey", "dunning"};
// How a dunning home visit ended (domain-rules 3.5); nobody_home also for any planned visit.
inline const std::vector<std::string> kOutcomes = {"met", "promised", "refused", "nobody_home"};
// What the satisfaction rate is counted by (domain-rules 4.4, 8): the callbacks after a repair and
// after a complaint, the outreach visits and the survey answers.
inline const std::vector<std::string> kRateKinds = {"repair_callback", "complaint_callback", "outreach", "survey"};

struct Visit {
  std::int64_t id = 0;
  std::string kind;                       // callback, outreach, survey, dunning
  std::optional<std::string> subject;     // T12 / C7: the record a callback is for
  std::optional<std::int64_t> unit_id;
  std::optional<std::string> unit;        // unit code
  std::optional<std::string> assignee;    // a planned visit: who is to make it
  std::optional<Timestamp> due_at, done_at;
  std::optional<std::string> method;
  std::optional<int> rating;
  std::optional<std::string> note, by_login;
  Timestamp created_at = 0;
  // visit_detail (schema 009)
  std::optional<std::int64_t> reminder_id;  // a dunning home visit: the reminder that planned it
  std::optional<std::string> outcome;       // met, promised, refused, nobody_home
  std::optional<std::string> promised_by;   // YYYY-MM-DD, with outcome promised
  std::int64_t attempts = 0;                // times nobody was home
  std::optional<std::int64_t> ticket_id, complaint_id;  // opened from what the visit found

  std::string ref() const { return record::ref(record::Kind::visit, id); }
  // "pending" until it is made, then "completed"; a callback is logged completed.
  std::string status() const { return done_at ? "completed" : "pending"; }
  static const record::Fields<Visit>& fields();
};

std::optional<Visit> find(db::Database& db, std::int64_t id);
Visit get(db::Database& db, std::int64_t id);
// "V30" or "30" → 30; exit 64 naming the text otherwise.
std::int64_t parse_ref(std::string_view text);

// A rating as typed: 1..5, or a label of the policy's visit.scale ("满意" → 4); nullopt otherwise.
std::optional<int> parse_rating(const Policy& policy, std::string_view text);

// A callback (回访) for a record (T12, C7) in `status`: the visit is logged, the record's
// callback_by deadline met and the call written in its history. `reopen` says whether the rating
// is at or below ticket.callback.reopen_at_or_below (the one threshold for every callback, domain-
// rules 1.9, 2.7) — the record's own module then reopens it, for the reason `why`. Method and
// rating are checked (exit 64).
struct Callback {
  Visit visit;
  bool reopen = false;
  Value why;  // facts: {rating, threshold}
};
Callback callback(Op& op, const std::string& subject, std::optional<std::int64_t> unit_id, std::string_view status,
                  const std::string& method, int rating, const std::optional<std::string>& note);
// What logging a callback did to a record of type R.
template <class R>
struct Result {
  Visit visit;
  bool reopened = false;
  R record;
};

// What a visit found, opened in the same write and linked both ways (the visit names the record,
// the record's history names the visit): a repair ticket for the visit's unit (domain-rules 1.9
// 整改) and/or a complaint (2.7: new opinions raised during a callback).
struct Found {
  std::optional<std::string> ticket_category;  // opens a ticket
  std::optional<std::string> desc;             // what is to be repaired (default: the visit's note)
  bool urgent = false;
  std::optional<std::string> appoint;          // a scheduled repair's agreed time
  std::optional<std::string> complaint_subject;  // opens a complaint
  std::optional<std::string> details;
  std::optional<std::string> severity;
};

// `svc visit log`, everything as typed: one of ticket (a repair callback), complaint (a complaint
// callback), unit (an outreach visit to the unit: its open planned one if any, else a new one)
// and visit (a planned visit: outreach, survey or dunning).
struct Log {
  std::optional<std::string> ticket, complaint, unit, visit;
  std::string method = "phone";
  std::optional<std::string> rating;       // 1..5 or a label; required but for dunning visits and nobody home
  std::optional<std::string> outcome;      // dunning: met, promised, refused, nobody_home; others: nobody_home
  std::optional<std::string> promised_by;  // with outcome promised: the date the owner will pay by
  std::optional<std::string> next;         // with nobody_home: the date to go again (default the next workday)
  std::optional<std::string> note;
  std::optional<std::string> to;           // a reopened ticket's technician
  Found found;
};
struct Logged {
  Visit visit;
  std::optional<std::string> reopened;     // T12 / C7 reopened by a low rating
  std::optional<std::string> reopened_to;  // its technician
  std::optional<std::string> ticket, complaint;  // opened from what the visit found
  bool nobody_home = false;                // the visit is still owed, due on `visit.due_at`
};
// Needs the take_ticket role for repair callbacks and visits, take_complaint for complaint
// callbacks (and each for what it opens). Exit 64 for a bad option or combination, 65 for a
// step the visit's state does not allow, 66 for an unknown record.
Logged log(Op& op, Log in);

// Creates a planned visit (an outreach visit, a dunning home visit, a follow-up) owed by `due_at`,
// assigned to `assignee`; `reminder_id` links a dunning home visit to its reminder and `subject`
// names the record it follows up (e.g. X3), if any. No role check: the caller's operation has one.
struct Plan {
  std::string kind;  // outreach, survey or dunning
  std::int64_t unit_id = 0;
  std::optional<std::string> assignee;
  Timestamp due_at = 0;
  std::optional<std::string> note;
  std::optional<std::string> subject;
  std::optional<std::int64_t> reminder_id;
};
Visit plan(Op& op, const Plan& p);
Visit plan(Op& op, const std::string& kind, std::int64_t unit_id, const std::optional<std::string>& assignee,
           Timestamp due_at, const std::optional<std::string>& note);
Visit plan(db::Database& db, audit::Entry& entry, const std::string& kind, std::int64_t unit_id,
           const std::optional<std::string>& assignee, Timestamp due_at, const std::optional<std::string>& note,
           Timestamp now);
namespace detail {
// Inserts a planned visit's row (audited) and returns its id: plan() and the outreach plan.
std::int64_t insert_planned(db::Database& db, audit::Entry& entry, const Plan& p, Timestamp now);
}  // namespace detail

// The outreach plan (走访计划, domain-rules 4.1: every lived-in unit visited or called every
// visit.outreach_every, 002 L10): a visit for every occupied or rented unit that has no outreach
// visit in the period yet, on the period's working days still to come ([calendar]), the days and
// the people (active staff of visit.visitor_role, round-robin) evenly loaded: no day and no person
// gets more than its share plus one. Units are taken in code order, so neighbours share a day.
// A rerun adds nothing; units added since are placed on the least-loaded days and people. Vacant
// and entrusted homes are left to the patrols (domain-rules 5.1). Needs visit.plan_role.
struct OutreachRequest {
  std::optional<std::string> every;  // a duration such as 6mo; default visit.outreach_every
  std::optional<std::string> from;   // the period's first day; default the calendar period holding today
};
struct PlannedVisit {
  std::int64_t id = 0;
  std::string unit;
  Date day;
  std::string assignee;
};
struct PersonLoad {
  std::string login, name;
  std::int64_t before = 0;  // outreach visits already planned for them in the period
  std::int64_t added = 0;
};
struct OutreachPlan {
  Date from, to;  // the period [from, to]
  std::string every;
  std::int64_t days = 0;       // working days the new visits were spread over
  std::optional<Date> first_day;  // the first of them
  std::int64_t lived_in = 0;   // occupied and rented units
  std::int64_t already = 0;    // of them, with an outreach visit in the period already
  std::int64_t vacant = 0, entrusted = 0;  // left to the patrols
  std::vector<PlannedVisit> visits;
  std::vector<PersonLoad> load;
};
OutreachPlan plan_outreach(Op& op, const OutreachRequest& req);
Value to_value(const OutreachPlan& p, bool dry_run);

// The rating of the subject's last callback, if any; whether one was logged since `since`.
std::optional<int> last_rating(db::Database& db, const std::string& subject);
// The same for many records at once (one query): subject → its last callback rating.
std::map<std::string, int> last_ratings(db::Database& db, const std::vector<std::string>& subjects);
bool has_callback_since(db::Database& db, const std::string& subject, Timestamp since);

// Something owed: a callback (an open callback_by deadline), a planned visit not yet done, the
// leak test a done leak repair waits for before its callback can be owed (domain-rules 1.9), or
// the next annual survey (survey_every after the last survey's last answer).
struct Due {
  std::string kind;                  // callback, outreach, survey, dunning, leak_test, follow_up
  std::string subject;               // T12 / C7, V<id> for planned visits, the last survey's name
  std::optional<std::string> unit;
  std::optional<std::string> assignee;
  std::optional<Timestamp> due_at;   // none for a leak test: the seeds give it no deadline
  std::optional<Timestamp> since;    // a leak test: owed since the repair was done
  deadline::State state = deadline::State::due;
  std::int64_t seconds_left = 0;     // to due_at; a leak test: 0 (owed now)
  std::optional<std::string> survey;  // the next annual survey: the name of the last one
};
struct DueFilter {
  std::optional<std::int64_t> within;  // seconds from now
  bool overdue_only = false;
  std::optional<std::string> assignee;
  std::optional<std::string> kind;     // callback, outreach, dunning, survey, leak_test, follow_up
};
// Soonest first (a leak test by the time it has been owed since). A leak test has no due time: it
// is owed now, so --within keeps it and --overdue does not. One query per kind of thing owed.
std::vector<Due> due(db::Database& db, const Policy& policy, Timestamp now, const DueFilter& filter);

struct ListFilter {
  std::optional<std::string> kind, subject, unit;
  std::optional<std::string> person;        // made by, or (not done yet) assigned to
  std::optional<Timestamp> since;           // done (or, not done, due or created) at or after
  std::optional<Timestamp> from, until;     // the same, in [from, until)
  std::optional<int> rating_at_most;        // rated at or below
  int limit = 0;
};
// By id; one query.
std::vector<Visit> list(db::Database& db, const ListFilter& filter);

// The satisfaction rate (业户满意率, domain-rules 4.4, 8; target targets.satisfaction_rate): the
// ratings at or above visit.satisfied_at_or_above divided by all ratings given in [from, to]
// (local dates, both included) — callbacks and outreach visits by the day they were done, survey
// answers by the date on the form; dunning visits carry no rating. By kind (kRateKinds, all four
// always present), by survey question (the policy's survey_questions first, in its order, then
// the others as first met) and overall. Integers only: each rate is `fee::ratio` of its pair.
struct Tally {
  std::int64_t satisfied = 0, rated = 0;
};
struct Satisfaction {
  Date from, to;
  int satisfied_at_or_above = 4;
  Tally total;
  std::vector<std::pair<std::string, Tally>> kinds;      // kRateKinds order
  std::vector<std::pair<std::string, Tally>> questions;  // survey questions
};
Satisfaction satisfaction(db::Database& db, const Policy& policy, Date from, Date to);
// {schema, from, to, satisfied_at_or_above, target, kinds: [{kind, satisfied, rated, rate}],
// questions: [{question, …}], total: {satisfied, rated, rate, target, met}}; rates are Fixed
// ten-thousandths (null without ratings).
Value to_value(const Satisfaction& s, const Policy& policy);

// The label of a rating on the policy's satisfaction scale (visit.scale, domain-rules 1.10):
// rating 1 is its first label, 5 its last; null without a rating or outside 1..5.
Value rating_label(const Policy& policy, std::optional<int> rating);
// The scale for messages and help: "1 极不满意, 2 不满意, 3 一般, 4 满意, 5 非常满意".
std::string scale_text(const Policy& policy);

// Times at the site offset, the rating with its label (rating_label), the links and outcome.
Value to_value(const Visit& v, const Policy& policy);
Value to_value(const Due& d, int utc_offset);

}  // namespace svc::visit
