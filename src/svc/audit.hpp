// The audit log: one hash-chained entry per mutating command, written in its transaction, with
// before/after snapshots of every row it touched (so verify also catches edits made outside svc).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/value.hpp"

namespace svc::audit {

// Tables whose rows are audited — every svc table but the audit log and its index: every change
// to them goes through an Entry, and `verify` checks that each row still matches the snapshot its
// last audit entry recorded.
std::vector<std::string> audited_tables(db::Database& db);

// The reference people use for a row: a unit's code, "staff:LOGIN", "T12", "C7", "V30", a
// `subject` column's value for rows that belong to a record, else "table:id".
std::string record_ref(std::string_view table, const Value& row);

// The canonical snapshot of one row (all columns, in table order) or null if it does not exist.
Value snapshot(db::Database& db, std::string_view table, std::int64_t id);
// The same canonical object from the current row of a `SELECT *` statement.
Value row_value(db::Statement& st);

class Entry {
 public:
  Entry(std::string actor, std::string command, std::string action, std::string entity)
      : actor_(std::move(actor)), command_(std::move(command)), action_(std::move(action)),
        entity_(std::move(entity)) {}

  // Call before changing or deleting an existing row.
  void before(db::Database& db, std::string_view table, std::int64_t id);
  // Call after inserting or changing a row (or after deleting it: the snapshot is then null).
  void after(db::Database& db, std::string_view table, std::int64_t id);
  void set_entity(std::string entity) { entity_ = std::move(entity); }
  // Also lists the entry under `ref` in `audit log --entity` (e.g. the unit a reminder row
  // belongs to, when one entry settles the reminders of many units).
  void refer(std::string ref) { extra_refs_.push_back(std::move(ref)); }
  bool empty() const { return rows_.empty(); }

  // Appends the entry to the chain; call inside the command's transaction, last.
  std::int64_t write(db::Database& db, Timestamp at);

 private:
  struct Row {
    std::string table;
    std::int64_t id;
    Value before;
    Value after;
  };
  Row& row(std::string_view table, std::int64_t id);
  std::string actor_, command_, action_, entity_;
  std::vector<Row> rows_;
  std::map<std::pair<std::string, std::int64_t>, std::size_t> index_;  // (table, id) → rows_ position
  std::vector<std::string> extra_refs_;
};

struct LogEntry {
  std::int64_t id;
  Timestamp at;
  std::string actor, command, action, entity;
  Value changes;  // array of {table, id, before, after, row_hash}
  std::string hash;
};

struct LogFilter {
  std::optional<std::string> entity;  // exact entity, e.g. "3-2-1501" or "T12"
  std::optional<std::string> actor;
  std::optional<Timestamp> since;
  int limit = 0;  // 0 = all; newest first when limited
};
std::vector<LogEntry> log(db::Database& db, const LogFilter& filter);

struct Problem {
  std::int64_t entry;  // the first entry that does not verify (0 when the problem is a row)
  std::string what;
};
struct VerifyResult {
  std::int64_t entries = 0;
  std::int64_t rows = 0;
  std::vector<Problem> problems;  // empty = verified
};
// The newest entry: what `svc audit head` prints for cron to keep elsewhere (mail, another
// machine, a write-once log). nullopt for an empty log.
struct Head {
  std::int64_t entry = 0;
  std::string hash;
  Timestamp at = 0;
};
std::optional<Head> head(db::Database& db);

// A head kept elsewhere: a hash, and the entry it belongs to when known.
struct Anchor {
  std::optional<std::int64_t> entry;
  std::string hash;  // 64 lowercase hex digits
};
// From a hash, "ENTRY:HASH", or what `audit head` printed (text or JSON); nullopt if none.
std::optional<Anchor> parse_anchor(std::string_view text);

// Recomputes the chain, checks every entry is well-formed and that the per-record index
// (audit_ref) holds exactly what the entries imply, and compares every audited row with its last
// recorded snapshot — all on one consistent read snapshot, so writers at work never cause a false
// alarm. With an anchor, also proves that entry is still there, unchanged: nothing up to it was
// altered and none of it removed (entries written after the anchor was taken cannot be vouched
// for by it).
VerifyResult verify(db::Database& db, const std::optional<Anchor>& anchor = std::nullopt);

// Per-field summary of a change: "status: occupied → vacant", for `audit log`.
// Times (columns ending in _at) are shown in local time at utc_offset. Unless `reveal`, phone
// numbers are masked (domain-rules 12): every run of 7 or more digits in a text value.
std::vector<std::string> describe_changes(const Value& changes, int utc_offset, bool reveal = false);

// An entry as `audit log` shows it: {id, at, actor, action, entity, command, changes, hash}; the
// command as typed and the changes with phone numbers masked unless `reveal`.
Value to_value(const LogEntry& e, int utc_offset, bool reveal);

}  // namespace svc::audit
