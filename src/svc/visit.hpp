// Visits: callbacks after a repair or complaint (回访, domain-rules 1.9, 2.7), and the list of
// visits owed — open callback deadlines plus planned visits (outreach, dunning home visits).
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
#include "svc/value.hpp"

namespace svc::visit {

inline const std::vector<std::string> kMethods = {"phone", "onsite"};

struct Visit {
  std::int64_t id = 0;
  std::string kind;                       // callback, outreach, survey, dunning
  std::optional<std::string> subject;     // T12 / C7
  std::optional<std::string> unit;        // unit code
  std::optional<std::string> assignee;
  std::optional<Timestamp> due_at, done_at;
  std::optional<std::string> method;
  std::optional<int> rating;
  std::optional<std::string> note, by;
  Timestamp created_at = 0;
};

std::optional<Visit> find(db::Database& db, std::int64_t id);
Visit get(db::Database& db, std::int64_t id);
// "V30" or "30" → 30; exit 64 naming the text otherwise.
std::int64_t parse_ref(std::string_view text);

// A callback (回访) for a record (T12, C7) in `status`: the visit is logged, the record's
// callback_by deadline met and the call written in its history. `reopen` says whether the rating
// is at or below ticket.callback.reopen_at_or_below (the one threshold for every callback, domain-
// rules 1.9, 2.7) — the record's own module then reopens it, for the reason `why`. The visit is
// logged and the record's callback_by deadline met; method and rating are checked (exit 64).
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

// Records an outreach visit or call to a unit (走访, domain-rules 4.1) done now; if a planned
// outreach visit to the unit is open, it is the one completed.
// Needs the take_ticket role (front desk and above).
Visit log_outreach(Op& op, std::string_view unit, const std::string& method, int rating,
                   const std::optional<std::string>& note);
// Completes a planned visit (outreach, survey, a dunning home visit) done now; rating optional.
Visit complete(Op& op, std::int64_t id, const std::string& method, std::optional<int> rating,
               const std::optional<std::string>& note);
// The rating of the subject's last callback, if any; whether one was logged since `since`.
std::optional<int> last_rating(db::Database& db, const std::string& subject);
// The same for many records at once (one query): subject → its last callback rating.
std::map<std::string, int> last_ratings(db::Database& db, const std::vector<std::string>& subjects);
bool has_callback_since(db::Database& db, const std::string& subject, Timestamp since);

// Creates a planned visit (e.g. a dunning home visit) owed by `due_at`.
Visit plan(db::Database& db, audit::Entry& entry, const std::string& kind, std::int64_t unit_id,
           const std::optional<std::string>& assignee, Timestamp due_at, const std::optional<std::string>& note,
           Timestamp now);

// Something owed: a callback (an open callback_by deadline), a planned visit not yet done, or the
// leak test a done leak repair waits for before its callback can be owed (domain-rules 1.9).
struct Due {
  std::string kind;                  // callback, outreach, survey, dunning, leak_test
  std::string subject;               // T12 / C7, or V<id> for planned visits
  std::optional<std::string> unit;
  std::optional<std::string> assignee;
  std::optional<Timestamp> due_at;   // none for a leak test: the seeds give it no deadline
  std::optional<Timestamp> since;    // a leak test: owed since the repair was done
  deadline::State state = deadline::State::due;
  std::int64_t seconds_left = 0;     // to due_at; a leak test: 0 (owed now)
};
struct DueFilter {
  std::optional<std::int64_t> within;  // seconds from now
  bool overdue_only = false;
  std::optional<std::string> assignee;
};
// Soonest first (a leak test by the time it has been owed since). A leak test has no due time: it
// is owed now, so --within keeps it and --overdue does not.
std::vector<Due> due(db::Database& db, const Policy& policy, Timestamp now, const DueFilter& filter);

struct ListFilter {
  std::optional<std::string> kind, subject, unit;
  std::optional<Timestamp> since;
  int limit = 0;
};
std::vector<Visit> list(db::Database& db, const ListFilter& filter);

// The label of a rating on the policy's satisfaction scale (visit.scale, domain-rules 1.10):
// rating 1 is its first label, 5 its last; null without a rating or outside 1..5.
Value rating_label(const Policy& policy, std::optional<int> rating);
// The scale for messages and help: "1 极不满意, 2 不满意, 3 一般, 4 满意, 5 非常满意".
std::string scale_text(const Policy& policy);

// Times at the site offset, the rating with its label (rating_label).
Value to_value(const Visit& v, const Policy& policy);
Value to_value(const Due& d, int utc_offset);

}  // namespace svc::visit
