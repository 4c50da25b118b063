// Dunning (催缴, domain-rules 3.5, 3.7): the ladder of reminders for units in arrears — planned once
// per (unit, episode, stage, cycle), delivered through the stage's channel write-ahead so that a
// crash never leads to a second send — legal referrals, and the dunning gaps (漏催/迟催) that keep
// the 催缴率 at 100%. Pure rules first (tests/unit/test_dunning.cpp), then the database.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/money.hpp"
#include "svc/notify.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/value.hpp"

namespace svc::dunning {

inline const std::vector<std::string> kStatuses = {"planned", "sending", "sent", "failed", "skipped", "unknown"};

// ---- pure rules ------------------------------------------------------------------------------

// When the reminders that later stages count from (DunningStage::anchor) count as given, by stage
// name: the moment the episode's first reminder of that stage was sent, or, when it could not be
// delivered (skipped for want of a phone, given up, unknown), the moment it was due. A stage whose
// first reminder is still on its way (planned, retrying) is absent: what counts from it waits.
using Anchors = std::map<std::string, Timestamp, std::less<>>;

// When a stage's reminder of `cycle` falls due (domain-rules 3.5): its start — the start of the
// oldest unpaid due date (local midnight), or the time of its anchor — plus the stage's `after`,
// plus `cycle` × its `repeat`, on the calendar clock. nullopt while its anchor has not been given.
std::optional<Timestamp> stage_due(const Policy& policy, Date oldest_due, const DunningStage& stage, std::int64_t cycle,
                                   const Anchors& anchors = {});

struct StageDue {
  std::size_t stage = 0;  // index into policy.fee.dunning
  std::int64_t cycle = 0;
  Timestamp due_at = 0;
};
// The rung of the ladder a unit in `status` has reached at `now`: of the stages whose only_status
// admits the unit and whose first reminder has fallen due, the one that fell due last (on a tie,
// the later in the ladder), at its latest repeat. With every stage counted from the oldest due
// date that is the last stage in ladder order; an anchored stage that falls due late (its notice
// was held or delayed) still has its turn after a stage that fell due before it. nullopt while no
// stage is due yet.
std::optional<StageDue> current_stage(const Policy& policy, Date oldest_due, std::string_view unit_status,
                                      Timestamp now, const Anchors& anchors = {});

// The text a channel sends when its policy entry gives no template, by channel kind.
std::string_view default_template(ChannelKind kind);

// ---- records ---------------------------------------------------------------------------------

struct Reminder {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::string unit;
  std::string episode;  // the oldest unpaid due date, YYYY-MM-DD
  std::string stage;
  std::int64_t cycle = 0;
  std::string channel;
  std::string status;
  std::int64_t attempts = 0;
  Timestamp due_at = 0;
  Fen amount = 0;
  std::optional<std::string> recipient, message;
  std::optional<std::string> reason;  // a fact as JSON ({"code": "paid"}): see reason_text
  std::optional<std::int64_t> visit_id;
  Timestamp created_at = 0, updated_at = 0;
  std::optional<Timestamp> sent_at;
};

// A reminder by id ("12"); exit 64 for text that is not an id, 66 when there is none.
Reminder get(db::Database& db, std::string_view id);

struct ListFilter {
  std::optional<std::string> status, unit, stage;
  std::optional<Timestamp> since;  // created at or after
};
// Oldest first. A stage neither in the policy nor on any reminder is refused (64), a unit that
// does not exist 66.
std::vector<Reminder> list(db::Database& db, const Policy& policy, const ListFilter& filter);

// A reminder's reason is stored as a fact, e.g. {"code":"failed","problem":"exit","status":1,
// "detail":"gateway down","attempt":1,"of":3}, and put into words when it is read, in the
// reader's language. Older rows hold a sentence: it is shown as it is (and has no code).
std::string reason_text(std::string_view stored, int utc_offset);
std::optional<std::string> reason_code(std::string_view stored);
std::optional<std::string> reason_text(const Reminder& r, int utc_offset);

// reveal = false masks a phone recipient. `reason` is the rendered text, `reason_code` the fact's code.
Value to_value(const Reminder& r, int utc_offset, bool reveal);

// ---- running the ladder ------------------------------------------------------------------------

struct RunOptions {
  bool dry_run = false;
  std::optional<std::string> stage;  // a policy stage name (checked: exit 64)
  std::optional<std::string> unit;   // a unit code (checked: exit 66)
  bool wait = false;                 // for the job lock held by another run, instead of exit 75
};

// A channel given up on for the rest of a run, and why.
struct Deferred {
  std::string channel;
  notify::Failure why;
};

// What happened to one reminder in this run.
struct Outcome {
  Reminder reminder;          // as it stands after the run (dry run: as it would be sent)
  bool planned = false;       // planned by this run
  bool attempted = false;     // a delivery was tried (or, dry run, would be)
  std::vector<std::string> argv;  // exec/mail: the command (dry run)
};

struct RunResult {
  std::vector<Outcome> outcomes;       // in unit order
  std::vector<Reminder> interrupted;   // found 'sending' from an interrupted run: now unknown
  std::vector<Deferred> deferred;      // channels that asked to retry later, could not start or hung
  std::vector<Reminder> unreachable;   // skipped for want of a phone: a person has to chase these
  std::int64_t planned = 0, sent = 0, failed = 0, skipped = 0, waiting = 0;
  std::int64_t for_a_person = 0;       // unknown or given-up reminders, this run's and earlier ones
  // A delivery failed or a channel was unavailable, or an interrupted send was found: cron
  // should hear about it (exit 69).
  bool trouble() const { return failed > 0 || !deferred.empty() || !interrupted.empty(); }
};

// `svc fee remind`: takes the job lock (exit 75 when another run holds it, unless `wait`),
// recovers an interrupted run, plans what is due, then delivers planned and retryable reminders
// one by one, write-ahead: each step is its own write (svc::write) and audit entry by the
// scope's actor. A dry run needs no lock and is allowed to read-only roles: it is one write that
// is rolled back, renders instead of delivering, and leaves interrupted sends alone (a live run
// may own them). The stdout channel writes to `standard_output`.
RunResult run(const Scope& scope, const RunOptions& options, std::ostream& standard_output);

// `svc fee resolve ID --sent|--retry`: a person (policy action resolve_reminder) settles an
// unknown, given-up or skipped reminder (e.g. the phone was missing and has been added since:
// --retry). The reminder is read inside the transaction.
Reminder resolve(Op& op, std::string_view id, bool sent, const std::optional<std::string>& note);

// ---- legal referral --------------------------------------------------------------------------

struct Referral {
  std::int64_t id = 0;
  std::string unit;
  Fen amount = 0;
  std::optional<std::string> oldest_due_on;
  std::string reason, created_by;
  Timestamp created_at = 0;
};
// `svc fee refer U --legal --reason` (policy action refer_legal): the unit must have overdue
// bills, read inside the transaction (exit 65 otherwise).
Referral refer(Op& op, std::string_view unit, std::string_view reason);
std::vector<Referral> referrals(db::Database& db, const std::optional<std::string>& unit);
Value to_value(const Referral& r, int utc_offset);

// ---- gaps --------------------------------------------------------------------------------------

// An account in arrears whose current rung has no reminder, or one not delivered on time.
struct Gap {
  std::string unit, owner, status;
  Fen amount = 0;
  std::string oldest_due_on;
  std::string stage;
  std::int64_t cycle = 0;
  Timestamp due_at = 0;
  std::string problem;  // missing, late, pending, failed, skipped, unknown
  std::optional<std::int64_t> reminder;
  std::optional<std::string> detail;  // in the reader's language
};
struct Gaps {
  std::vector<Gap> gaps;
  std::int64_t accounts = 0;  // in arrears, not on hold, with a rung due
  // The dunning rate's numerator (催缴率, 3.7): accounts reminded at their rung, on time.
  std::int64_t on_time() const { return accounts - static_cast<std::int64_t>(gaps.size()); }
};
Gaps gaps(db::Database& db, const Policy& policy, Timestamp now);
Value to_value(const Gap& g, int utc_offset);

}  // namespace svc::dunning
