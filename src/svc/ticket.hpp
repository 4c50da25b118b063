// Repair work orders (报修/派工单, domain-rules 1): intake, the lifecycle state machine, SLA
// deadlines through the deadline engine, callbacks, paid-service charges and permissions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/deadline.hpp"
#include "svc/money.hpp"
#include "svc/op.hpp"
#include "svc/record.hpp"
#include "svc/policy.hpp"
#include "svc/staff.hpp"
#include "svc/value.hpp"
#include "svc/visit.hpp"

namespace svc::ticket {

inline const std::vector<std::string> kStatuses = {"new",  "dispatched", "arrived",  "waiting",
                                                   "done", "closed",     "cancelled"};
inline const std::vector<std::string> kChannels = {"phone", "visit", "patrol", "online", "letter"};

struct Ticket {
  std::int64_t id = 0;
  std::string status;
  std::optional<std::string> wait_reason, resume_status;
  std::optional<std::int64_t> unit_id;
  std::optional<std::string> unit;  // code
  std::optional<std::string> location;
  std::string scope;  // household | public
  std::string category, urgency;
  bool paid = false;
  std::optional<Fen> price_fen, charge_fen;
  std::string description;
  std::optional<std::string> reporter, phone;
  std::string channel;
  std::optional<std::string> assignee;
  std::string created_by;
  Timestamp created_at = 0;
  std::optional<Timestamp> appointment_at, dispatched_at, arrived_at, done_at, leak_test_at, closed_at,
      cancelled_at;
  std::optional<std::string> note;

  std::string ref() const { return record::ref(record::Kind::ticket, id); }
  static const record::Fields<Ticket>& fields();
};

// "T12" or "12" → 12; exit 64 naming the text otherwise.
std::int64_t parse_ref(std::string_view text);
std::optional<Ticket> find(db::Database& db, std::int64_t id);
Ticket get(db::Database& db, std::int64_t id);  // exit 66 when absent

// Intake (domain-rules 1.2). Everything as typed; validated here.
struct Intake {
  std::optional<std::string> unit;      // household
  bool is_public = false;               // public facility: needs location
  std::optional<std::string> location;
  std::string category;
  std::string description;
  bool urgent = false;                  // else scheduled: needs an appointment
  bool paid = false;
  std::optional<std::string> price;     // yuan, only with paid
  std::optional<std::string> appoint;   // ISO time
  std::optional<std::string> reporter, phone;
  std::string channel = "phone";
};

Ticket create(Op& c, Intake in);
Ticket dispatch(Op& c, std::int64_t id, const std::string& to);
Ticket arrive(Op& c, std::int64_t id);
struct Done {
  std::optional<std::string> note;
  std::optional<std::string> charge;        // yuan
  std::optional<std::string> leak_test_at;  // ISO time
};
// What `done` did: the ticket, and the charge it had before when a paid ticket done again after a
// reopening was given another --charge (domain-rules 1.7: it never changes by itself).
struct Completed {
  Ticket ticket;
  std::optional<Fen> charge_was;
};
Completed done(Op& c, std::int64_t id, const Done& d);
// Records the leak test (试漏) of a done leak repair; its callback is due from then (domain-rules
// 1.9). Until then the ticket waits for it: no callback is logged and it cannot be closed.
Ticket leak_test(Op& c, std::int64_t id, const std::optional<std::string>& at);
Ticket wait(Op& c, std::int64_t id, std::string reason);
Ticket resume(Op& c, std::int64_t id);
Ticket no_answer(Op& c, std::int64_t id, const std::string& next, const std::optional<std::string>& note);
// A dispatched ticket may be cancelled by role cancel_dispatched_ticket, or within [ticket]
// cancel_grace of intake, before the repairer arrives, by the clerk who took it (a duplicate).
Ticket cancel(Op& c, std::int64_t id, const std::string& reason);
// Takes a dispatch back before the repairer arrives (a wrong dispatch): the ticket is new again,
// by whoever dispatched it or role cancel_dispatched_ticket. The dispatch deadline counts from
// intake (domain-rules 1.3): it is open again at its old due time, and met at the next dispatch.
Ticket undispatch(Op& c, std::int64_t id, const std::optional<std::string>& reason);

// A correction of what was taken at intake (issue 18): each given field changes; empty text
// clears an optional one (--location of a household ticket, --reporter, --phone).
struct Edit {
  std::optional<std::string> unit;  // a household's unit (a public ticket becomes a household one)
  bool is_public = false;           // a household ticket becomes a public-facility one (needs a location)
  std::optional<std::string> location, category, description, reporter, phone;
  std::optional<std::string> appoint;  // a scheduled job's appointment
};
// The ticket after the edit and the event's facts ({changes, deadlines}, render::narrate_edit).
struct Edited {
  Ticket ticket;
  Value facts;
};
// One write, one "edited" event. Open deadlines follow the rule: a new appointment moves a
// scheduled job's arrive_by (and complete_by once dispatched, domain-rules 1.3); a category in
// another callback class moves the callback deadline of a done repair (domain-rules 1.9); a new
// ticket moved between a home and a public facility gets that scope's dispatch deadline.
Edited edit(Op& c, std::int64_t id, const Edit& e);
// Back to the technician for rework (整改), with fresh deadlines from [ticket.rework].
Ticket reopen(Op& c, std::int64_t id, const std::string& reason, const std::optional<std::string>& to);
Ticket close(Op& c, std::int64_t id, const record::Close& how);

// A callback (回访, domain-rules 1.9) for a done ticket; a rating at or below the policy's
// reopen_at_or_below reopens it (back to dispatched, same technician unless `to`).
visit::Result<Ticket> record_callback(Op& c, std::int64_t id, const std::string& method, int rating,
                                     const std::optional<std::string>& note, const std::optional<std::string>& to);

struct ListFilter {
  std::optional<std::string> status, unit, assignee, category;
  std::optional<Timestamp> since;
  bool overdue = false;                    // any deadline missed and still open
  std::optional<std::int64_t> due_within;  // seconds: any open deadline due within
  bool open_only = false;                  // not closed or cancelled
  bool waiting_leak_test = false;          // leak repairs done and waiting for their leak test
  std::optional<std::string> search;       // in the description, location, reporter or unit code
  int limit = 0;                           // the newest N (0 = all)
};
// A leak repair that is done and has no leak test yet: its callback cannot be owed until it has.
bool waiting_leak_test(const Policy& policy, const Ticket& t);
std::vector<Ticket> list(db::Database& db, const Policy& policy, Timestamp now, ListFilter f);
std::vector<std::string> open_refs(db::Database& db, int limit);

// The JSON record of cli.md: deadlines, overdue names at now, last rating, deadline_states and
// waiting_leak_test.
Value to_value(db::Database& db, const Policy& policy, const Ticket& t, Timestamp now, bool reveal);
// The same for a list, with the deadlines, pauses and ratings of all of them read at once.
std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Ticket>& list, Timestamp now,
                             bool reveal);

// `ticket explain`: per deadline, its lines (deadline::explain) and the rules that are n/a.
std::vector<deadline::Explanation> explain(db::Database& db, const Policy& policy, const Ticket& t, Timestamp now);

}  // namespace svc::ticket
