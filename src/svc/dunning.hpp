// Dunning (催缴, domain-rules 3.5, 3.7): the ladder of reminders for units in arrears — planned once
// per (unit, episode, stage, cycle), delivered through the stage's channel write-ahead so that a
// crash never leads to a second send — legal referrals, and the dunning gaps (漏催/迟催) that keep
// the 催缴率 at 100%. Pure rules first (tests/unit/test_dunning.cpp), then the database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/money.hpp"
#include "svc/policy.hpp"
#include "svc/value.hpp"

namespace svc::dunning {

inline const std::vector<std::string> kStatuses = {"planned", "sending", "sent", "failed", "skipped", "unknown"};

// ---- pure rules ------------------------------------------------------------------------------

// When a stage's reminder of `cycle` falls due: the start of the oldest unpaid due date (local
// midnight), plus the stage's `after`, plus `cycle` × its `repeat`, on the calendar clock.
Timestamp stage_due(const Policy& policy, Date oldest_due, const DunningStage& stage, std::int64_t cycle);

struct StageDue {
  std::size_t stage = 0;  // index into policy.fee.dunning
  std::int64_t cycle = 0;
  Timestamp due_at = 0;
};
// The rung of the ladder a unit in `status` has reached at `now`: the last stage whose `after`
// has passed and whose only_status admits the unit, and of a repeating stage the latest repeat.
// nullopt while no stage is due yet.
std::optional<StageDue> current_stage(const Policy& policy, Date oldest_due, std::string_view unit_status,
                                      Timestamp now);

// {name} → value for every name in `values`; other text unchanged (the policy rejects unknown
// placeholders when it is loaded).
std::string expand(std::string_view text, const std::map<std::string, std::string>& values);

// The text a channel sends when its policy entry gives no template, by channel kind.
std::string_view default_template(ChannelKind kind);

std::string base64(std::string_view bytes);
// An RFC 2047 header value: ASCII as is, otherwise UTF-8 "B" encoded-words of at most 75
// characters, never splitting a character, folded onto continuation lines.
std::string encode_header(std::string_view utf8);
// A complete message for `sendmail -t -oi`: To, Subject, MIME headers, base64 UTF-8 body.
std::string mail_message(std::string_view to, std::string_view subject, std::string_view body,
                         std::string_view reference);

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
  std::optional<std::string> recipient, message, reason;
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
// Oldest first.
std::vector<Reminder> list(db::Database& db, const ListFilter& filter);

// reveal = false masks a phone recipient.
Value to_value(const Reminder& r, int utc_offset, bool reveal);

// ---- running the ladder ------------------------------------------------------------------------

// Who runs it and when; every change is written with its own audit entry by this actor.
struct Ctx {
  db::Database& db;
  const Policy& policy;
  std::string actor;
  std::string command;  // the command line, for the audit log
  Timestamp now = 0;
  std::ostream* standard_output = nullptr;  // where the stdout channel writes
};

struct RunOptions {
  bool dry_run = false;
  std::optional<std::string> stage;  // a policy stage name (checked: exit 64)
  std::optional<std::string> unit;   // a unit code (checked: exit 66)
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
  std::vector<std::string> deferred;   // channels that asked to retry later or could not start
  std::vector<Reminder> unreachable;   // skipped for want of a phone: a person has to chase these
  std::int64_t planned = 0, sent = 0, failed = 0, skipped = 0, waiting = 0;
  std::int64_t for_a_person = 0;       // unknown or given-up reminders, this run's and earlier ones
  // A delivery failed or a channel was unavailable, or an interrupted send was found: cron
  // should hear about it (exit 69).
  bool trouble() const { return failed > 0 || !deferred.empty() || !interrupted.empty(); }
};

// `svc fee remind`: recovers an interrupted run, plans what is due, then delivers planned and
// retryable reminders one by one (write-ahead). The caller holds the job lock. A dry run needs no
// lock: it plans and prepares inside one transaction it rolls back, renders instead of
// delivering, and leaves interrupted sends alone (a live run may own them).
RunResult run(Ctx& c, const RunOptions& options);

// `svc fee resolve ID --sent|--retry`: a person settles an unknown, given-up or skipped reminder
// (e.g. the phone was missing and has been added since: --retry).
Reminder resolve(Ctx& c, std::string_view id, bool sent, const std::optional<std::string>& note);

// ---- legal referral --------------------------------------------------------------------------

struct Referral {
  std::int64_t id = 0;
  std::string unit;
  Fen amount = 0;
  std::optional<std::string> oldest_due_on;
  std::string reason, created_by;
  Timestamp created_at = 0;
};
// `svc fee refer U --legal --reason`: the unit must have overdue bills (exit 65 otherwise).
Referral refer(Ctx& c, std::string_view unit, std::string_view reason);
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
  std::optional<std::string> detail;
};
struct Gaps {
  std::vector<Gap> gaps;
  std::int64_t accounts = 0;  // in arrears, not on hold, with a rung due
};
Gaps gaps(db::Database& db, const Policy& policy, Timestamp now);
Value to_value(const Gap& g, int utc_offset);

}  // namespace svc::dunning
