// The one deadline engine: deadlines of any record (tickets, complaints, …) computed on the
// calendar or business clock when their starting event happens, stored with the policy hash,
// extended by pauses, evaluated at any `now` as met, missed, due or n/a, and explained as facts
// (render/explain.hpp words them).
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
#include "svc/duration.hpp"
#include "svc/value.hpp"

namespace svc::deadline {

struct Deadline {
  std::int64_t id = 0;
  std::string subject;      // "T12", "C7"
  std::string name;         // dispatch_by, arrive_by, complete_by, callback_by, …
  std::string rule;         // the policy key, e.g. ticket.sla.household.dispatch_within
  ClockKind clock = ClockKind::calendar;
  std::string duration;     // "15m"; "" for a fixed time (an appointment)
  std::string start_event;  // created, dispatched, appointment, done, leak_test, …
  Timestamp start_at = 0;
  Timestamp base_due_at = 0;  // start + duration
  Timestamp due_at = 0;       // base + finished pauses
  std::optional<Timestamp> met_at;
  std::string policy_hash;
};

// What a deadline's starting event fixes. A duration deadline: start + duration on the clock; a
// fixed one (duration empty): due exactly at `start_at` (an agreed appointment).
struct Spec {
  std::string name;
  std::string rule;
  ClockKind clock = ClockKind::calendar;
  std::optional<Duration> duration;
  std::string start_event;
  Timestamp start_at = 0;
};

// Creates or replaces the subject's deadline `spec.name` (met_at cleared). Records it in entry.
Deadline set(db::Database& db, audit::Entry& entry, const Calendar& calendar,
             const std::string& policy_hash, const std::string& subject, const Spec& spec);
// Marks the deadline met at `at` if it exists and is not met yet; returns whether it did.
bool meet(db::Database& db, audit::Entry& entry, const std::string& subject, std::string_view name,
          Timestamp at);
// Opens a met deadline again (met_at cleared, its due time as it was): the step that met it was
// undone (a dispatch taken back, domain-rules 1.3). Returns whether it did.
bool reopen(db::Database& db, audit::Entry& entry, const std::string& subject, std::string_view name);
// Removes a deadline (a reopened ticket's callback deadline starts again at the next completion).
void remove(db::Database& db, audit::Entry& entry, const std::string& subject, std::string_view name);

std::optional<Deadline> find(db::Database& db, const std::string& subject, std::string_view name);
std::vector<Deadline> of(db::Database& db, const std::string& subject);

struct Pause;
// The deadlines and open pauses of many records at once — one query each, for lists and reports
// (never a query per row).
struct Book {
  std::map<std::string, std::vector<Deadline>> deadlines;  // subject → its deadlines, as of()
  std::map<std::string, std::int64_t> open_pause_started;  // subject → start of its open pause
  std::map<std::string, std::string> open_pause_reason;
  const std::vector<Deadline>& of(const std::string& subject) const;
  std::optional<Pause> open(const std::string& subject) const;
};
Book load(db::Database& db, const std::vector<std::string>& subjects);

// --- pauses (ticket pause_statuses: the SLA clock stops) ------------------------------------
struct Pause {
  std::int64_t id = 0;
  std::string subject, reason;
  Timestamp started_at = 0;
  std::optional<Timestamp> ended_at;
};
void pause(db::Database& db, audit::Entry& entry, const std::string& subject, const std::string& reason,
           Timestamp at);
// Ends the open pause and extends every unmet deadline of the subject by the paused time after
// the deadline's start (start_at): a deadline set during the pause moves only by the rest of it
// (wall time on the calendar clock, open time on the business clock).
void resume(db::Database& db, audit::Entry& entry, const Calendar& calendar, const std::string& subject,
            Timestamp at);
std::optional<Pause> open_pause(db::Database& db, const std::string& subject);
std::vector<Pause> pauses(db::Database& db, const std::string& subject);

// --- evaluation at now ----------------------------------------------------------------------
enum class State { met, missed, due };
struct Status {
  State state = State::due;
  Timestamp effective_due = 0;     // due_at, extended by a pause still open at now
  std::int64_t seconds_left = 0;   // effective_due - now (negative when late); 0 once met
};
Status evaluate(const Deadline& d, Timestamp now, const Calendar& calendar,
                const std::optional<Pause>& open);
std::string_view state_name(State s);  // "met", "missed", "due"

// Per-deadline JSON for a record: {name: {due_at, state, met_at, seconds_left, rule, clock}}.
Value states_value(const std::vector<Deadline>& list, Timestamp now, const Calendar& calendar,
                   const std::optional<Pause>& open, int utc_offset);

// --- explanation: facts here, words in render/explain.hpp ---------------------------------------
// A pause of the deadline's subject that the explanation mentions: one that ended while the
// deadline was open and how far it moved it, or the one still running while it is open.
struct PauseFact {
  std::string reason;                 // the pause status, e.g. waiting_parts
  Timestamp started_at = 0;
  std::optional<Timestamp> ended_at;  // empty: still paused, the deadline moves on meanwhile
  Timestamp due_before = 0;           // ended pauses: the deadline before and after this pause
  Timestamp due_after = 0;
};

// How the deadline came to be, as facts: the stored deadline (rule, clock, start, duration or
// agreed time, policy hash), the calendar arithmetic re-run on the policy in force, each pause,
// and the state at `now`.
struct ExplainFacts {
  Deadline deadline;
  std::vector<CalendarStep> steps;            // empty for a fixed time (an appointment)
  std::optional<Timestamp> policy_now_gives;  // set when the policy in force gives another date
  std::string policy_in_force;                // its hash; the deadline's own is deadline.policy_hash
  std::vector<PauseFact> pauses;
  Status status;  // met, missed or due at `now`, the effective due time, the time left
};
ExplainFacts explain_facts(const Deadline& d, db::Database& db, Timestamp now, const Calendar& calendar,
                           const std::string& policy_hash);
// The facts as JSON (English snake_case keys, ISO times at utc_offset), for `explain --json`.
Value explain_value(const ExplainFacts& facts, int utc_offset);

// The facts in the reader's language, one line each (render::narrate): what `explain` prints.
std::vector<std::string> explain(const Deadline& d, db::Database& db, Timestamp now,
                                 const Calendar& calendar, const std::string& policy_hash, int utc_offset);

// A record's deadlines as cli.md's JSON wants them: `deadlines` {name: due ISO text, or null for
// each of `names` the record does not carry} and `overdue` [names missed at now].
struct Summary {
  Value deadlines;
  Value overdue;
};
Summary summarize(const std::vector<Deadline>& list, const std::vector<std::string>& names, Timestamp now,
                  const Calendar& calendar, const std::optional<Pause>& open, int utc_offset);
// The deadline called `name` in `list`, or nullptr.
const Deadline* named(const std::vector<Deadline>& list, std::string_view name);

// One section of a record's `explain`: a deadline (or a rule such as a ladder) and its lines.
struct Explanation {
  std::string name;
  std::vector<std::string> lines;
};

// "2h 05m", "3d 4h" — a short human span for time left or late.
std::string format_span(std::int64_t seconds);

}  // namespace svc::deadline
