// Audit entries: snapshots, the SHA-256 chain, the log query and verification.
#include "svc/audit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "svc/error.hpp"
#include "svc/privacy.hpp"
#include "svc/record.hpp"
#include "svc/sha256.hpp"

namespace svc::audit {
namespace {

constexpr std::string_view kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

std::string entry_hash(std::string_view prev, std::int64_t id, Timestamp at, std::string_view actor,
                       std::string_view command, std::string_view action, std::string_view entity,
                       std::string_view changes) {
  // Fields are length-prefixed so no choice of text can make two entries hash alike.
  std::string buf;
  auto add = [&](std::string_view s) { buf += fmt::format("{}:{}\n", s.size(), s); };
  add(prev);
  add(std::to_string(id));
  add(std::to_string(at));
  add(actor);
  add(command);
  add(action);
  add(entity);
  add(changes);
  return sha256_hex(buf);
}

std::string row_hash(const Value& snap) { return snap.is_null() ? "" : sha256_hex(to_json(snap, false)); }

// Every table svc owns is audited, so a new module's tables are covered without registering
// them; only the log itself and its index are not.
constexpr std::string_view kAuditedTables =
    "FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
    "AND name NOT IN ('audit', 'audit_ref')";

void check_table(db::Database& db, std::string_view table) {
  static const std::string sql = fmt::format("SELECT 1 {} AND name = :name", kAuditedTables);
  auto& st = db.cached(sql);
  st.bind(":name", table);
  if (!st.step()) fail(Exit::software, "table '{}' is not audited", table);
  st.reset();
}

}  // namespace

std::vector<std::string> audited_tables(db::Database& db) {
  std::vector<std::string> tables;
  auto& st = db.cached(fmt::format("SELECT name {} ORDER BY name", kAuditedTables));
  while (st.step()) tables.push_back(st.text(0));
  return tables;
}

std::string record_ref(std::string_view table, const Value& row) {
  if (!row.is_object()) return {};
  if (table == "unit") return row.get("code").as_string();
  if (table == "staff") return "staff:" + row.get("login").as_string();
  if (table == "site") return "site";
  const Value& id = row.get("id");
  const std::string n = id.is_int() ? std::to_string(id.as_int()) : "?";
  // Records with a short id (cli.md): T12 ticket, C7 complaint, V30 visit, P5 patrol, X3 violation.
  if (const auto* kind = record::by_table(table); kind && id.is_int()) return record::ref(kind->kind, id.as_int());
  if (table == "payment") return row.get("receipt").as_string();  // R2026-000123
  // Rows that belong to a record carry its ref in a `subject` column (events, deadlines, pauses).
  const Value& subject = row.get("subject");
  if (subject.is_string()) return subject.as_string();
  return std::string(table) + ":" + n;
}

Value snapshot(db::Database& db, std::string_view table, std::int64_t id) {
  check_table(db, table);
  // table is one of audited_tables(), never user text.
  auto& st = db.cached(fmt::format("SELECT * FROM {} WHERE id = :id", table));
  st.bind(":id", id);
  if (!st.step()) return Value();
  return row_value(st);
}

Value row_value(db::Statement& st) {
  Value row = Value::object();
  // Columns keep their SQLite storage class: INTEGER as number, TEXT as string.
  for (int c = 0; c < st.column_count(); ++c) {
    if (st.is_null(c))
      row.set(st.column_name(c), Value());
    else if (st.is_integer(c))
      row.set(st.column_name(c), Value(static_cast<long long>(st.integer(c))));
    else
      row.set(st.column_name(c), Value(st.text(c)));
  }
  return row;
}

Entry::Row& Entry::row(std::string_view table, std::int64_t id) {
  // Rows keep the order they were first touched in (the hash covers it); the index finds them,
  // so an entry covering a 20,000-unit import or dunning plan stays linear.
  const auto [it, inserted] = index_.try_emplace({std::string(table), id}, rows_.size());
  if (inserted) rows_.push_back(Row{std::string(table), id, Value(), Value()});
  return rows_[it->second];
}

void Entry::before(db::Database& db, std::string_view table, std::int64_t id) {
  db::require_transaction(db, "an audited change");
  auto& r = row(table, id);
  r.before = snapshot(db, table, id);
}

void Entry::after(db::Database& db, std::string_view table, std::int64_t id) {
  db::require_transaction(db, "an audited change");
  auto& r = row(table, id);
  r.after = snapshot(db, table, id);
}

std::int64_t Entry::write(db::Database& db, Timestamp at) {
  db::require_transaction(db, "an audit entry");
  Value changes = Value::array();
  for (const auto& r : rows_) {
    Value c = Value::object();
    c.set("table", r.table);
    c.set("id", Value(static_cast<long long>(r.id)));
    c.set("before", r.before);
    c.set("after", r.after);
    c.set("row_hash", row_hash(r.after));
    changes.push(std::move(c));
  }
  const std::string changes_json = to_json(changes, false);

  std::string prev(kGenesis);
  std::int64_t id = 1;
  {
    auto st = db.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (st.step()) {
      id = st.integer(0) + 1;
      prev = st.text(1);
    }
  }
  const std::string hash = entry_hash(prev, id, at, actor_, command_, action_, entity_, changes_json);
  auto ins = db.prepare(
      "INSERT INTO audit (id, at, actor, command, action, entity, changes, prev_hash, hash) "
      "VALUES (:id, :at, :actor, :command, :action, :entity, :changes, :prev, :hash)");
  ins.bind(":id", id).bind(":at", at).bind(":actor", actor_).bind(":command", command_);
  ins.bind(":action", action_).bind(":entity", entity_).bind(":changes", changes_json);
  ins.bind(":prev", prev).bind(":hash", hash);
  ins.run();
  // The reference index: the main entity plus every record touched.
  std::set<std::string> refs = {entity_};
  refs.insert(extra_refs_.begin(), extra_refs_.end());
  for (const auto& r : rows_) {
    const std::string ref = record_ref(r.table, r.after.is_null() ? r.before : r.after);
    if (!ref.empty()) refs.insert(ref);
  }
  auto& ref = db.cached("INSERT INTO audit_ref (audit_id, ref) VALUES (:id, :ref)");
  for (const auto& x : refs) {
    ref.reset();
    ref.bind(":id", id).bind(":ref", x).run();
  }
  return id;
}

std::vector<LogEntry> log(db::Database& db, const LogFilter& filter) {
  std::string sql =
      "SELECT id, at, actor, command, action, entity, changes, hash FROM audit WHERE 1=1";
  if (filter.entity) sql += " AND id IN (SELECT audit_id FROM audit_ref WHERE ref = :entity)";
  if (filter.actor) sql += " AND actor = :actor";
  if (filter.since) sql += " AND at >= :since";
  sql += filter.limit > 0 ? " ORDER BY id DESC LIMIT :limit" : " ORDER BY id";
  auto st = db.prepare(sql);
  if (filter.entity) st.bind(":entity", *filter.entity);
  if (filter.actor) st.bind(":actor", *filter.actor);
  if (filter.since) st.bind(":since", *filter.since);
  if (filter.limit > 0) st.bind(":limit", filter.limit);
  std::vector<LogEntry> out;
  while (st.step()) {
    out.push_back(LogEntry{st.integer(0), st.integer(1), st.text(2), st.text(3), st.text(4),
                           st.text(5), parse_json(st.text(6)), st.text(7)});
  }
  if (filter.limit > 0) std::reverse(out.begin(), out.end());
  return out;
}

VerifyResult verify(db::Database& db) {
  VerifyResult result;
  std::map<std::pair<std::string, std::int64_t>, std::string> last_hash;  // row → hash after
  std::string prev(kGenesis);
  std::int64_t expected_id = 1;
  auto st = db.prepare(
      "SELECT id, at, actor, command, action, entity, changes, prev_hash, hash FROM audit ORDER BY id");
  while (st.step()) {
    ++result.entries;
    const std::int64_t id = st.integer(0);
    const std::string changes = st.text(6);
    if (id != expected_id) {
      result.problems.push_back({id, fmt::format(fmt::runtime(tr("entry {} follows entry {}: an entry was removed")), id, expected_id - 1)});
      return result;
    }
    if (st.text(7) != prev) {
      result.problems.push_back({id, fmt::format(fmt::runtime(tr("entry {} does not link to the entry before it")), id)});
      return result;
    }
    const std::string h = entry_hash(prev, id, st.integer(1), st.text(2), st.text(3), st.text(4),
                                     st.text(5), changes);
    if (h != st.text(8)) {
      result.problems.push_back({id, fmt::format(fmt::runtime(tr("entry {} was altered (its hash does not match its contents)")), id)});
      return result;
    }
    prev = h;
    ++expected_id;
    const Value parsed = parse_json(changes);
    if (parsed.is_array())
      for (const auto& c : parsed.as_array())
        last_hash[{c.get("table").as_string(), c.get("id").as_int()}] = c.get("row_hash").as_string();
  }

  // Every audited row must match its last snapshot; rows with none were written outside svc.
  for (const auto& table : audited_tables(db)) {
    // One scan per table; each row's canonical JSON is hashed as snapshot() would.
    auto rows = db.prepare(fmt::format("SELECT * FROM {} ORDER BY id", table));
    std::set<std::int64_t> present;
    while (rows.step()) {
      const Value now = row_value(rows);
      const std::int64_t id = now.get("id").as_int();
      present.insert(id);
      ++result.rows;
      auto it = last_hash.find({table, id});
      if (it == last_hash.end()) {
        result.problems.push_back({0, fmt::format(fmt::runtime(tr("{} row {} has no audit entry (written outside svc)")), table, id)});
      } else {
        if (it->second != row_hash(now))
          result.problems.push_back({0, fmt::format(fmt::runtime(tr("{} row {} ({}) was changed outside svc (differs from its last audit entry)")),
                                                    table, id, record_ref(table, now))});
      }
    }
    for (const auto& [key, hash] : last_hash)
      if (key.first == table && !hash.empty() && !present.count(key.second))
        result.problems.push_back({0, fmt::format(fmt::runtime(tr("{} row {} was deleted outside svc")), table, key.second)});
  }
  return result;
}

std::vector<std::string> describe_changes(const Value& changes, int utc_offset, bool reveal) {
  std::vector<std::string> out;
  if (!changes.is_array()) return out;
  std::string_view key;  // the column being described, for time formatting
  auto text = [&](const Value& v) -> std::string {
    if (v.is_null()) return "∅";
    if (v.is_int() && key.size() > 3 && key.substr(key.size() - 3) == "_at") return format_local(v.as_int(), utc_offset);
    if (v.is_int()) return std::to_string(v.as_int());
    if (v.is_string()) return reveal || key.ends_with("hash") ? v.as_string() : mask_phone_digits(v.as_string());
    return to_json(v, false);
  };
  for (const auto& c : changes.as_array()) {
    const Value& before = c.get("before");
    const Value& after = c.get("after");
    const std::string& table = c.get("table").as_string();
    const Value& row = after.is_null() ? before : after;
    std::string ref = record_ref(table, row);
    // Rows that belong to a record (events, deadlines, pauses) say what they are: "T1 deadline.dispatch_by".
    const bool own_ref = record::by_table(table) || table == "unit" || table == "staff" || table == "site" ||
                         table == "payment";
    if (row.has("subject") && !own_ref) {
      ref += " " + table;
      if (row.get("name").is_string()) ref += "." + row.get("name").as_string();
      else if (row.get("kind").is_string()) ref += "." + row.get("kind").as_string();
    }
    if (before.is_null() && after.is_null()) continue;
    if (before.is_null()) {
      out.push_back(fmt::format(fmt::runtime(tr("{}: created")), ref));
    } else if (after.is_null()) {
      out.push_back(fmt::format(fmt::runtime(tr("{}: deleted")), ref));
    } else {
      for (const auto& [k, v] : after.as_object()) {
        if (k == "updated_at") continue;
        key = k;
        const Value& old = before.get(k);
        if (!(old == v)) out.push_back(fmt::format("{}: {}: {} → {}", ref, k, text(old), text(v)));
      }
    }
  }
  return out;
}

Value to_value(const LogEntry& e, int utc_offset, bool reveal) {
  Value r = Value::object();
  r.set("id", Value(static_cast<long long>(e.id)));
  r.set("at", format_iso(e.at, utc_offset));
  r.set("actor", e.actor);
  r.set("action", e.action);
  r.set("entity", e.entity);
  r.set("command", reveal ? e.command : mask_phone_digits(e.command));
  Value changes = Value::array();
  for (const auto& c : describe_changes(e.changes, utc_offset, reveal)) changes.push(c);
  r.set("changes", changes);
  r.set("hash", e.hash);
  return r;
}

}  // namespace svc::audit
