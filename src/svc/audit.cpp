// Audit entries: snapshots, the SHA-256 chain, the log query and verification.
#include "svc/audit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <mutex>
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
                       std::string_view changes, const std::optional<std::string>& refs) {
  // Fields are length-prefixed so no choice of text can make two entries hash alike. Entries
  // written before schema 7 have no refs and keep the hash they were written with.
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
  if (refs) add(*refs);
  return sha256_hex(buf);
}

// Every ref an entry is indexed under: its entity, its extra refs and each changed record's ref.
std::set<std::string> index_refs(std::string_view entity, const std::vector<std::string>& extra, const Value& changes) {
  std::set<std::string> refs = {std::string(entity)};
  refs.insert(extra.begin(), extra.end());
  if (changes.is_array())
    for (const auto& c : changes.as_array()) {
      const std::string ref = record_ref(c.get("table").as_string(), c.get("after").is_null() ? c.get("before") : c.get("after"));
      if (!ref.empty()) refs.insert(ref);
    }
  return refs;
}

// What svc writes in `changes`: an array of {table (text), id (integer), before, after, row_hash
// (text)}. Anything else in a chain-valid entry means the file was rebuilt by hand.
bool well_formed(const Value& changes) {
  if (!changes.is_array()) return false;
  for (const auto& c : changes.as_array())
    if (!c.is_object() || !c.get("table").is_string() || !c.get("id").is_int() || !c.get("row_hash").is_string() ||
        !(c.get("before").is_null() || c.get("before").is_object()) ||
        !(c.get("after").is_null() || c.get("after").is_object()))
      return false;
  return true;
}

// Stored JSON, or null when it is not JSON at all.
Value stored_json(std::string_view text) {
  try {
    return parse_json(text);
  } catch (const Error&) {
    return Value();
  }
}

std::string row_hash(const Value& snap) { return snap.is_null() ? "" : sha256_hex(to_json(snap, false)); }

// Every table svc owns is audited, so a new module's tables are covered without registering
// them; only the log itself and its index are not.
constexpr std::string_view kAuditedTables =
    "FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
    "AND name NOT IN ('audit', 'audit_ref')";

// A table the code names is looked up in the schema once per process, not per row snapshotted:
// the lookup scans sqlite_schema, and `fee remind` snapshots three rows per account (issue 19).
// The names come from the code, and every database svc opens is at the latest schema.
void check_table(db::Database& db, std::string_view table) {
  static std::mutex lock;
  static std::set<std::string, std::less<>> audited;
  const std::lock_guard<std::mutex> held(lock);
  if (audited.count(table)) return;
  static const std::string sql = fmt::format("SELECT 1 {} AND name = :name", kAuditedTables);
  auto& st = db.cached(sql);
  st.bind(":name", table);
  if (!st.step()) fail(Exit::software, "table '{}' is not audited", table);
  st.reset();
  audited.emplace(table);
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
  std::vector<std::string> extra(extra_refs_.begin(), extra_refs_.end());
  std::sort(extra.begin(), extra.end());
  extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
  const std::string extra_json = json_list(extra);
  const std::string hash = entry_hash(prev, id, at, actor_, command_, action_, entity_, changes_json, extra_json);
  auto ins = db.prepare(
      "INSERT INTO audit (id, at, actor, command, action, entity, changes, prev_hash, hash, refs) "
      "VALUES (:id, :at, :actor, :command, :action, :entity, :changes, :prev, :hash, :refs)");
  ins.bind(":id", id).bind(":at", at).bind(":actor", actor_).bind(":command", command_);
  ins.bind(":action", action_).bind(":entity", entity_).bind(":changes", changes_json);
  ins.bind(":prev", prev).bind(":hash", hash).bind(":refs", extra_json);
  ins.run();
  // The reference index: the main entity, the extra refs and every record touched.
  const auto refs = index_refs(entity_, extra, changes);
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

std::optional<Anchor> parse_anchor(std::string_view text) {
  // A hash alone, "ENTRY:HASH", or the output of `svc audit head` (text or JSON): the first 64
  // hex digits are the hash, a number before them the entry.
  Anchor a;
  std::string digits;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t j = i;
    while (j < text.size() && std::isxdigit(static_cast<unsigned char>(text[j]))) ++j;
    const std::string_view run = text.substr(i, j - i);
    if (run.size() == 64) {
      a.hash = std::string(run);
      std::transform(a.hash.begin(), a.hash.end(), a.hash.begin(), [](unsigned char ch) { return std::tolower(ch); });
      if (!digits.empty()) a.entry = std::stoll(digits);
      return a;
    }
    if (!run.empty() && run.size() <= 18 && std::all_of(run.begin(), run.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      digits = std::string(run);
    i = j == i ? i + 1 : j;
  }
  return std::nullopt;
}

std::optional<Head> head(db::Database& db) {
  auto st = db.prepare("SELECT id, hash, at FROM audit ORDER BY id DESC LIMIT 1");
  if (!st.step()) return std::nullopt;
  return Head{st.integer(0), st.text(1), st.integer(2)};
}

VerifyResult verify(db::Database& db, const std::optional<Anchor>& anchor) {
  // One consistent snapshot for the log, the index and every table: a commit made meanwhile by
  // another desk is either wholly seen or not at all, so it can never look like tampering.
  db::ReadSnapshot snapshot(db);
  VerifyResult result;
  auto problem = [&](std::int64_t entry, std::string what) { result.problems.push_back({entry, std::move(what)}); };
  std::map<std::pair<std::string, std::int64_t>, std::string> last_hash;  // row → hash after
  std::map<std::int64_t, std::set<std::string>> expected;                 // entry → refs it implies
  std::set<std::int64_t> exact;                                            // entries whose index is known whole
  std::string prev(kGenesis);
  std::int64_t expected_id = 1;
  bool anchor_seen = false;
  auto st = db.prepare(
      "SELECT id, at, actor, command, action, entity, changes, prev_hash, hash, refs FROM audit ORDER BY id");
  while (st.step()) {
    ++result.entries;
    const std::int64_t id = st.integer(0);
    const std::string changes = st.text(6);
    if (id != expected_id) {
      problem(id, fmt::format(fmt::runtime(tr("entry {} follows entry {}: an entry was removed")), id, expected_id - 1));
      return result;
    }
    if (st.text(7) != prev) {
      problem(id, fmt::format(fmt::runtime(tr("entry {} does not link to the entry before it")), id));
      return result;
    }
    const auto refs = st.opt_text(9);
    const std::string h = entry_hash(prev, id, st.integer(1), st.text(2), st.text(3), st.text(4), st.text(5), changes, refs);
    if (h != st.text(8)) {
      problem(id, fmt::format(fmt::runtime(tr("entry {} was altered (its hash does not match its contents)")), id));
      return result;
    }
    if (anchor && ((anchor->entry && *anchor->entry == id) || (!anchor->entry && anchor->hash == h))) {
      anchor_seen = true;
      if (anchor->hash != h) {
        problem(id, fmt::format(fmt::runtime(tr("entry {} does not match the anchor (hash {} kept elsewhere): the log "
                                                "was rewritten from there on")),
                                id, anchor->hash.substr(0, 12)));
        return result;
      }
    }
    prev = h;
    ++expected_id;
    Value parsed;
    try {
      parsed = parse_json(changes);
    } catch (const Error&) {
    }
    Value extra = refs ? stored_json(*refs) : Value::array();
    if (!well_formed(parsed) || !extra.is_array() ||
        !std::all_of(extra.as_array().begin(), extra.as_array().end(), [](const Value& v) { return v.is_string(); })) {
      problem(id, fmt::format(fmt::runtime(tr("entry {} is damaged: its changes are not what svc writes")), id));
      return result;
    }
    std::vector<std::string> extra_refs;
    for (const auto& r : extra.as_array()) extra_refs.push_back(r.as_string());
    expected[id] = index_refs(st.text(5), extra_refs, parsed);
    if (refs) exact.insert(id);
    for (const auto& c : parsed.as_array())
      last_hash[{c.get("table").as_string(), c.get("id").as_int()}] = c.get("row_hash").as_string();
  }
  if (anchor && !anchor_seen) {
    problem(anchor->entry.value_or(0),
            anchor->entry ? fmt::format(fmt::runtime(tr("the anchor's entry {} is missing (the log ends at entry {}): "
                                                        "entries were removed")),
                                        *anchor->entry, expected_id - 1)
                          : fmt::format(fmt::runtime(tr("no entry has the anchor's hash {}: the log was rewritten or "
                                                        "cut short")),
                                        anchor->hash.substr(0, 12)));
    return result;
  }

  // The per-record index (audit_ref, what `audit log --entity` reads): every ref an entry
  // implies is there; nothing points to an entry that does not exist; and for entries that store
  // their extra refs, nothing more.
  {
    std::map<std::int64_t, std::set<std::string>> actual;
    auto idx = db.prepare("SELECT audit_id, ref FROM audit_ref");
    while (idx.step()) actual[idx.integer(0)].insert(idx.text(1));
    for (const auto& [id, refs] : actual) {
      if (!expected.count(id)) {
        problem(0, fmt::format(fmt::runtime(tr("the record index lists entry {}, which does not exist")), id));
        continue;
      }
      if (exact.count(id))
        for (const auto& r : refs)
          if (!expected[id].count(r))
            problem(id, fmt::format(fmt::runtime(tr("the record index lists entry {} under '{}', which it did not touch")), id, r));
    }
    for (const auto& [id, refs] : expected) {
      const auto& have = actual[id];
      for (const auto& r : refs)
        if (!have.count(r))
          problem(id, fmt::format(fmt::runtime(tr("the record index is missing entry {} under '{}'")), id, r));
    }
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
        problem(0, fmt::format(fmt::runtime(tr("{} row {} has no audit entry (written outside svc)")), table, id));
      } else if (it->second != row_hash(now)) {
        problem(0, fmt::format(fmt::runtime(tr("{} row {} ({}) was changed outside svc (differs from its last audit entry)")),
                               table, id, record_ref(table, now)));
      }
    }
    for (const auto& [key, hash] : last_hash)
      if (key.first == table && !hash.empty() && !present.count(key.second))
        problem(0, fmt::format(fmt::runtime(tr("{} row {} was deleted outside svc")), table, key.second));
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
