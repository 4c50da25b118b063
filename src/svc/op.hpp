// The operation context every domain operation receives, and the one write path: the only place
// that begins a write transaction, opens the command's audit entry, runs the change, writes the
// entry and commits (architecture.md "Writes, records, permissions").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "svc/audit.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/policy.hpp"
#include "svc/staff.hpp"

namespace svc {

// Who acts, on which database, under which policy and at what time: everything an operation
// needs except its audit entry. The CLI's Session builds one per command.
struct Scope {
  db::Database& db;
  const Policy& policy;
  const staff::Actor& actor;
  Timestamp now;
  std::string command;  // the command line as typed, for the audit log
  // Called after each write that committed (not a dry run, not a change that touched nothing):
  // the CLI says there when the change was recorded under a clock set by --now or SVC_NOW.
  std::function<void()> committed = {};
  // A note for the person at the terminal (the CLI prints it on stderr unless -q): what an
  // operation assumed on their behalf, e.g. the time of an appointment given as a date alone.
  std::function<void(std::string_view)> note = {};
};

// One change in progress: the scope plus the command's audit entry. Every domain operation that
// writes takes an Op; its permission checks go through require() (never in cmd/).
struct Op {
  db::Database& db;
  const Policy& policy;
  const staff::Actor& actor;
  Timestamp now;
  audit::Entry& entry;
  std::function<void(std::string_view)> notify = {};  // Scope::note

  // Says something to the person at the terminal (Scope::note); nothing when nobody listens.
  void note(std::string_view text) const {
    if (notify) notify(text);
  }
  const std::string& login() const { return actor.staff.login; }
  int utc_offset() const { return policy.site.utc_offset; }
  // The policy's [roles] entry for a named action (take_ticket, void_receipt, ...): exit 77
  // naming the role needed when the actor's role is lower or read-only. `what` is translated.
  void require(std::string_view action, std::string_view what) const;
  bool may(std::string_view action) const;
  // The actor's role must be `role` or higher (for rules that name a role, not an action).
  void require_role(std::string_view role, std::string_view what) const;
};

// What a mutating command declares: its audit action and main record, and whether it is a dry
// run (everything runs, then is rolled back).
struct Change {
  std::string action;  // e.g. "ticket.new"; also names the command in permission messages
  std::string entity;  // the main record; an operation may refine it (entry.set_entity)
  bool dry_run = false;
};

// The one write path. A read-only actor is refused (unless it is a dry run); then BEGIN
// IMMEDIATE, a fresh audit entry, `change` runs; a dry run, or a change that touched no row, is
// rolled back; otherwise the entry is appended to the chain, `deliver` hands the result to the
// user, and only then the transaction commits — so a command whose output cannot be written
// changes nothing; then scope.committed runs. Any exception rolls everything back.
void write_path(const Scope& scope, const Change& change, const std::function<void(Op&)>& run,
                const std::function<void()>& deliver);

template <class Fn, class Deliver>
auto write(const Scope& scope, const Change& change, Fn&& fn, Deliver&& deliver) {
  using R = std::invoke_result_t<Fn&, Op&>;
  if constexpr (std::is_void_v<R>) {
    write_path(scope, change, [&](Op& op) { fn(op); }, [&] { deliver(); });
  } else {
    std::optional<R> result;
    write_path(scope, change, [&](Op& op) { result.emplace(fn(op)); }, [&] { deliver(std::as_const(*result)); });
    return std::move(*result);
  }
}

template <class Fn>
auto write(const Scope& scope, const Change& change, Fn&& fn) {
  using R = std::invoke_result_t<Fn&, Op&>;
  if constexpr (std::is_void_v<R>)
    write(scope, change, std::forward<Fn>(fn), [] {});
  else
    return write(scope, change, std::forward<Fn>(fn), [](const R&) {});
}

}  // namespace svc
