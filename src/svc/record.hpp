// The record kit: what every lifecycle record (ticket, complaint, patrol round, violation, desk
// contact) stands on — short refs, a field table that reads rows by column name and writes them
// back with audit snapshots, the table of which verbs each status allows (one translated
// refusal), event history with facts rendered at read time, and a small filter builder.
// A new noun is its field list, its lifecycle table, its rules and its verbs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/deadline.hpp"
#include "svc/error.hpp"
#include "svc/op.hpp"
#include "svc/value.hpp"

namespace svc::record {

// ---- short refs (cli.md): T12, C7, V30, P5, X3, D9 ----------------------------------------

enum class Kind { ticket, complaint, visit, patrol, violation, desk };

struct KindInfo {
  Kind kind;
  char letter;                  // 'T'
  std::string_view table;       // "ticket"
  std::string_view noun;        // "ticket": the CLI noun
  std::string_view not_a;       // "'{}' is not a ticket (expected T12 or 12)" (catalogue text)
  std::string_view unknown;     // "unknown ticket 'T{}' (see 'svc ticket list')"
};
const KindInfo& info(Kind kind);
// The kind whose rows live in `table`, if any.
const KindInfo* by_table(std::string_view table);

std::string ref(Kind kind, std::int64_t id);  // "T12"
// "T12", "t12" or "12" → 12; nullopt for anything else.
std::optional<std::int64_t> parse_id(std::string_view text, char letter);
// The same, exit 64 naming the text and the expected form: "'X9' is not a ticket (expected T12 or 12)".
std::int64_t parse_ref(Kind kind, std::string_view text);
// Exit 66: "unknown ticket 'T9' (see 'svc ticket list')".
[[noreturn]] void not_found(Kind kind, std::int64_t id);

// The refs of the newest `limit` records matching `condition` (SQL over the kind's own table,
// written by the caller, never user text) — for completion.
std::vector<std::string> newest_refs(db::Database& db, Kind kind, std::string_view condition, int limit);

// ---- fields: rows read by column name, written back by name --------------------------------

template <class R>
using Member = std::variant<std::string R::*, std::optional<std::string> R::*, std::int64_t R::*,
                            std::optional<std::int64_t> R::*, bool R::*, std::optional<int> R::*>;

template <class R>
struct Field {
  std::string_view column;
  Member<R> member;
};

template <class R>
using Fields = std::vector<Field<R>>;

// One value of a field, for binding: null, integer or text.
using Cell = std::variant<std::monostate, std::int64_t, std::string>;

template <class R>
Cell cell(const R& r, const Field<R>& f) {
  return std::visit(
      [&](auto m) -> Cell {
        const auto& v = r.*m;
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) return std::int64_t{v ? 1 : 0};
        else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::int64_t>) return v;
        else if (!v) return std::monostate{};
        else if constexpr (std::is_same_v<T, std::optional<int>>) return std::int64_t{*v};
        else return *v;
      },
      f.member);
}

template <class R>
void read_field(db::Statement& st, R& r, const Field<R>& f) {
  const int col = st.column(f.column);
  std::visit(
      [&](auto m) {
        auto& v = r.*m;
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) v = st.text(col);
        else if constexpr (std::is_same_v<T, std::optional<std::string>>) v = st.opt_text(col);
        else if constexpr (std::is_same_v<T, std::int64_t>) v = st.integer(col);
        else if constexpr (std::is_same_v<T, std::optional<std::int64_t>>) v = st.opt_integer(col);
        else if constexpr (std::is_same_v<T, bool>) v = st.integer(col) != 0;
        else v = st.is_null(col) ? std::nullopt : std::optional<int>(static_cast<int>(st.integer(col)));
      },
      f.member);
}

// The current row as a record: every field by its column name.
template <class R>
R read(db::Statement& st) {
  R r;
  for (const auto& f : R::fields()) read_field(st, r, f);
  return r;
}

void bind_cell(db::Statement& st, std::string_view param, const Cell& c);
// "UPDATE table SET a = :a, b = :b, updated_at = :updated_at WHERE id = :id" (cached per text).
std::string update_sql(std::string_view table, const std::vector<std::string_view>& columns);
// "INSERT INTO table (a, b, updated_at) VALUES (:a, :b, :updated_at)": every lifecycle table has
// an updated_at column.
std::string insert_sql(std::string_view table, const std::vector<std::string_view>& columns);

template <class R>
const Field<R>& field(std::string_view column) {
  for (const auto& f : R::fields())
    if (f.column == column) return f;
  fail(Exit::software, "internal error: no field named '{}'", column);
}

// Writes `columns` of `r` (and updated_at = now) to its row, with before/after audit snapshots.
template <class R>
void update(Op& op, std::string_view table, const R& r, const std::vector<std::string_view>& columns) {
  op.entry.before(op.db, table, r.id);
  auto& st = op.db.cached(update_sql(table, columns));
  for (auto c : columns) bind_cell(st, std::string(":") + std::string(c), cell(r, field<R>(c)));
  st.bind(":updated_at", op.now).bind(":id", r.id);
  st.run();
  op.entry.after(op.db, table, r.id);
}

// Inserts `columns` of `r` as a new row and returns its id (audited).
template <class R>
std::int64_t insert(Op& op, std::string_view table, const R& r, const std::vector<std::string_view>& columns) {
  auto& st = op.db.cached(insert_sql(table, columns));
  for (auto c : columns) bind_cell(st, std::string(":") + std::string(c), cell(r, field<R>(c)));
  st.bind(":updated_at", op.now);
  st.run();
  const std::int64_t id = op.db.last_insert_id();
  op.entry.after(op.db, table, id);
  return id;
}

// A phone number as shown: masked (138****5678) unless the viewer may and asked to reveal it.
std::string masked(const std::string& phone, bool reveal);

// The record as JSON (cli.md): every field but `hidden`, under its column name; times (`*_at`)
// as ISO-8601 at the site offset, a `phone` masked unless `reveal`.
template <class R>
Value to_value(const R& r, int utc_offset, bool reveal, std::initializer_list<std::string_view> hidden = {}) {
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(r.id)));
  v.set("ref", r.ref());
  for (const auto& f : R::fields()) {
    if (f.column == "id" || std::find(hidden.begin(), hidden.end(), f.column) != hidden.end()) continue;
    const std::string key(f.column);
    const Cell c = cell(r, f);
    // Integer columns named *_at or *_by are times (created_at, requested_by).
    const bool time = key.size() > 3 && (key.compare(key.size() - 3, 3, "_at") == 0 || key.compare(key.size() - 3, 3, "_by") == 0);
    if (std::holds_alternative<std::monostate>(c)) v.set(key, Value());
    else if (const auto* s = std::get_if<std::string>(&c)) v.set(key, key == "phone" ? masked(*s, reveal) : *s);
    else if (std::holds_alternative<bool R::*>(f.member)) v.set(key, std::get<std::int64_t>(c) != 0);
    else if (time) v.set(key, format_iso(std::get<std::int64_t>(c), utc_offset));
    else v.set(key, Value(static_cast<long long>(std::get<std::int64_t>(c))));
  }
  return v;
}

// The SELECT of one record by id: `select` ends before its WHERE; `alias` is the table's alias.
template <class R>
std::optional<R> find(db::Database& db, std::string_view select, std::string_view alias, std::int64_t id) {
  auto& st = db.cached(std::string(select) + " WHERE " + std::string(alias) + ".id = :id");
  st.bind(":id", id);
  if (!st.step()) return std::nullopt;
  R r = read<R>(st);
  st.reset();
  return r;
}

// ---- the lifecycle table ----------------------------------------------------------------------

// A verb as the user types it ("dispatch", "visit log"), how a refusal names it ("dispatch",
// "mark arrival of"), the statuses it is allowed in, and an optional condition the record must
// report (see Lifecycle::require's `conditions`). A correction (edit, taking a dispatch back) is
// not `listed` among the next steps of a refusal: it is allowed, but it is no step forward.
struct Step {
  std::string_view verb;
  std::string_view phrase;
  std::vector<std::string_view> from;
  std::string_view when = {};
  bool listed = true;
};

class Lifecycle {
 public:
  explicit Lifecycle(std::vector<Step> steps) : steps_(std::move(steps)) {}
  // The verbs allowed in `status`, in table order: the "next steps" a refusal lists.
  std::vector<std::string> next(std::string_view status, const std::vector<std::string_view>& conditions = {}) const;
  bool allows(std::string_view verb, std::string_view status,
              const std::vector<std::string_view>& conditions = {}) const;
  // Exit 65 unless `verb` is allowed: "cannot {phrase} {ref}: it is {status} (next steps: …)",
  // phrase and status in the reader's language.
  void require(std::string_view verb, const std::string& ref, std::string_view status,
               const std::vector<std::string_view>& conditions = {}) const;

 private:
  const Step& step(std::string_view verb) const;
  std::vector<Step> steps_;
};

// ---- history ---------------------------------------------------------------------------------

// One step of a record's history. `facts` is structured (e.g. {"rating": 2, "method": "phone"}),
// stored as JSON and narrated when read, in the reader's language (render/narrate).
void event(Op& op, const std::string& ref, std::string_view kind, const std::optional<std::string>& from,
           const std::optional<std::string>& to, const Value& facts = Value::object());

struct Event {
  std::int64_t id = 0;
  std::string subject;
  Timestamp at = 0;
  std::string actor, kind;
  std::optional<std::string> from_status, to_status;
  std::string detail;  // facts as JSON (older rows: free text)
};
std::vector<Event> history(db::Database& db, const std::string& ref);
// JSON objects {at, actor, kind, from, to, detail, facts}: detail narrated in the reader's
// language, facts as stored (null for older free text).
Value history_value(const std::vector<Event>& events, int utc_offset);

// ---- edits ------------------------------------------------------------------------------------

// An edit's changes as facts, narrated when read (render::narrate_edit): `changed` appends
// {field, from, to} to `changes` when the two differ (times as unix seconds, phones masked by the
// caller); `moved` lists the deadlines the edit moved, set or removed, [{name, from, to}] (due
// times, null where there was none) — met deadlines never move.
void changed(Value& changes, std::string_view field, const Value& from, const Value& to);
// A phone's change, kept masked as everywhere it is shown (two numbers may mask alike).
void changed_phone(Value& changes, const std::optional<std::string>& from, const std::optional<std::string>& to);
// An optional text as given: empty or blank clears it.
std::optional<std::string> optional_text(const std::string& text);
Value moved(const std::vector<deadline::Deadline>& before, const std::vector<deadline::Deadline>& after);
// The facts of an "edited" event: {"changes": […], "deadlines": […] (only when some moved)}.
Value edit_facts(const Value& changes, const Value& deadlines);

// An edit written: refused when `changes` is empty (64); the record's `columns` updated,
// `resync` recomputing its deadlines; returns the facts of its "edited" event (the changes and
// the deadlines that moved).
template <class R, class Resync>
Value write_edit(Op& op, std::string_view table, const R& r, const Value& changes,
                 const std::vector<std::string_view>& columns, Resync&& resync) {
  if (changes.as_array().empty()) fail(Exit::usage, "nothing changes: {} already reads so", r.ref());
  const auto before = deadline::of(op.db, r.ref());
  update(op, table, r, columns);
  resync();
  return edit_facts(changes, moved(before, deadline::of(op.db, r.ref())));
}

// ---- the filter builder ----------------------------------------------------------------------

// WHERE clauses joined by AND, each with its own bound parameter; `sql()` is empty without one.
class Where {
 public:
  Where& add(std::string condition);
  Where& add(std::string condition, std::string param, Cell value);
  template <class T>
  Where& add_if(const std::optional<T>& value, std::string condition, std::string param) {
    if (!value) return *this;
    if constexpr (std::is_integral_v<T>) return add(std::move(condition), std::move(param), std::int64_t{*value});
    else return add(std::move(condition), std::move(param), std::string(*value));
  }
  // "column = :column" when the value is given (the parameter is named after the column).
  Where& equal(std::string_view column, const std::optional<std::string>& value);
  // When `text` is given: any of `columns` contains it (LIKE, case-insensitive for ASCII letters;
  // % _ and \ in the text match themselves), for the lists' --search.
  Where& contains(const std::vector<std::string_view>& columns, std::string param, const std::optional<std::string>& text);
  std::string sql() const;
  void bind(db::Statement& st) const;

 private:
  std::vector<std::string> conditions_;
  std::vector<std::pair<std::string, Cell>> params_;
};

// A LIKE pattern matching any text that contains `text` literally, used with ESCAPE '\': its
// %, _ and \ are escaped ("50%_off" → "%50\%\_off%").
std::string like_contains(std::string_view text);

// The refs of a list of records ("T1", "T2", …), to read what belongs to them in one query.
template <class R>
std::vector<std::string> refs_of(const std::vector<R>& list) {
  std::vector<std::string> refs;
  refs.reserve(list.size());
  for (const auto& r : list) refs.push_back(r.ref());
  return refs;
}

// ---- deadlines of a list -------------------------------------------------------------------

// A list's --limit: the last `limit` records of a list in creation order (0 = all of them).
template <class R>
void keep_newest(std::vector<R>& list, int limit) {
  if (limit > 0 && list.size() > static_cast<std::size_t>(limit))
    list.erase(list.begin(), list.end() - limit);
}

// SQL for a list's --limit after its WHERE: the newest `limit` rows by `id` (read them, then
// reverse_newest puts them back in creation order), or all in creation order.
inline std::string newest_order(std::string_view id, int limit) {
  return limit > 0 ? " ORDER BY " + std::string(id) + " DESC LIMIT " + std::to_string(limit) : " ORDER BY " + std::string(id);
}
template <class R>
void reverse_newest(std::vector<R>& list, int limit) {
  if (limit > 0) std::reverse(list.begin(), list.end());
}

// Keeps the records that have an open deadline missed at `now` (`overdue`) or due within `within`
// seconds, the newest `limit` of them (0 = all; `all` is in creation order, and so is the result).
// The deadlines of all of them are read at once.
template <class R>
std::vector<R> with_deadlines(db::Database& db, const Policy& policy, Timestamp now, std::vector<R> all, bool overdue,
                              std::optional<std::int64_t> within, int limit) {
  const auto book = deadline::load(db, refs_of(all));
  const Calendar cal = svc::calendar(policy);
  std::vector<R> out;
  for (auto& r : all) {
    const auto open = book.open(r.ref());
    bool keep = false;
    for (const auto& d : book.of(r.ref())) {
      if (d.met_at) continue;
      const auto s = deadline::evaluate(d, now, cal, open);
      keep = keep || (overdue && s.state == deadline::State::missed) ||
             (within && s.state == deadline::State::due && s.seconds_left <= *within);
    }
    if (!keep) continue;
    out.push_back(std::move(r));
  }
  keep_newest(out, limit);
  return out;
}

// What a list shows beside each record, read for all of them at once: deadlines and open
// pauses, and the last callback rating.
struct Related {
  deadline::Book book;
  std::map<std::string, int> ratings;
};
Related related(db::Database& db, const std::vector<std::string>& refs);
// Sets a record's `deadlines` (each of `names`: due time or null), `overdue` (names missed at now),
// `deadline_states`, `rating` (its last callback, or null) and `rating_label` (the rating's name on
// the policy's visit.scale).
void set_related(Value& v, const Related& related, const std::string& ref, const std::vector<std::string>& names,
                 Timestamp now, const Policy& policy);

// ---- results shared by every lifecycle record -------------------------------------------------

// How a record is closed: normally after its callback; or, by a supervisor, without one.
struct Close {
  bool no_callback = false;
  std::optional<std::string> reason;
};

}  // namespace svc::record

// SVC_FIELDS(Ticket, id, status, …): the field table of a record, one entry per column name.
#define SVC_RECORD_PARENS ()
#define SVC_RECORD_EXPAND(...) SVC_RECORD_EXPAND3(SVC_RECORD_EXPAND3(SVC_RECORD_EXPAND3(SVC_RECORD_EXPAND3(__VA_ARGS__))))
#define SVC_RECORD_EXPAND3(...) SVC_RECORD_EXPAND2(SVC_RECORD_EXPAND2(SVC_RECORD_EXPAND2(SVC_RECORD_EXPAND2(__VA_ARGS__))))
#define SVC_RECORD_EXPAND2(...) SVC_RECORD_EXPAND1(SVC_RECORD_EXPAND1(SVC_RECORD_EXPAND1(SVC_RECORD_EXPAND1(__VA_ARGS__))))
#define SVC_RECORD_EXPAND1(...) __VA_ARGS__
#define SVC_RECORD_EACH(R, ...) __VA_OPT__(SVC_RECORD_EXPAND(SVC_RECORD_EACH_HELPER(R, __VA_ARGS__)))
#define SVC_RECORD_EACH_HELPER(R, f, ...) \
  ::svc::record::Field<R>{#f, &R::f}, __VA_OPT__(SVC_RECORD_EACH_AGAIN SVC_RECORD_PARENS(R, __VA_ARGS__))
#define SVC_RECORD_EACH_AGAIN() SVC_RECORD_EACH_HELPER
#define SVC_FIELDS(R, ...) ::svc::record::Fields<R>{SVC_RECORD_EACH(R, __VA_ARGS__)}
