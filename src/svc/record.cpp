// The record kit: refs, field SQL, the lifecycle table, events and the filter builder.
#include "svc/record.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

#include "svc/i18n.hpp"
#include "svc/privacy.hpp"
#include "svc/strings.hpp"
#include "svc/render/narrate.hpp"
#include "svc/visit.hpp"

namespace svc::record {
namespace {

constexpr std::array<KindInfo, 6> kKinds{{
    {Kind::ticket, 'T', "ticket", "ticket", "'{}' is not a ticket (expected T12 or 12)",
     "unknown ticket 'T{}' (see 'svc ticket list')"},
    {Kind::complaint, 'C', "complaint", "complaint", "'{}' is not a complaint (expected C7 or 7)",
     "unknown complaint 'C{}' (see 'svc complaint list')"},
    {Kind::visit, 'V', "visit", "visit", "'{}' is not a visit (expected V30 or 30)",
     "unknown visit 'V{}' (see 'svc visit list')"},
    {Kind::patrol, 'P', "patrol_round", "patrol", "'{}' is not a patrol round (expected P5 or 5)",
     "unknown patrol round 'P{}' (see 'svc patrol list')"},
    {Kind::violation, 'X', "violation", "patrol violation", "'{}' is not a violation (expected X3 or 3)",
     "unknown violation 'X{}' (see 'svc patrol violation list')"},
    {Kind::desk, 'D', "desk_contact", "desk", "'{}' is not a desk contact (expected D9 or 9)",
     "unknown desk contact 'D{}' (see 'svc desk list')"},
}};

}  // namespace

const KindInfo& info(Kind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k;
  fail(Exit::software, "internal error: unknown record kind");
}

const KindInfo* by_table(std::string_view table) {
  for (const auto& k : kKinds)
    if (k.table == table) return &k;
  return nullptr;
}

std::string ref(Kind kind, std::int64_t id) { return fmt::format("{}{}", info(kind).letter, id); }

std::optional<std::int64_t> parse_id(std::string_view text, char letter) {
  std::string_view digits = text;
  const char lower = static_cast<char>(letter - 'A' + 'a');
  if (!digits.empty() && (digits.front() == letter || digits.front() == lower)) digits.remove_prefix(1);
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return id;
}

std::int64_t parse_ref(Kind kind, std::string_view text) {
  const auto& k = info(kind);
  auto id = parse_id(text, k.letter);
  if (!id) fail(Exit::usage, k.not_a, text);
  return *id;
}

void not_found(Kind kind, std::int64_t id) {
  fail(Exit::no_input, info(kind).unknown, id);
}

std::vector<std::string> newest_refs(db::Database& db, Kind kind, std::string_view condition, int limit) {
  auto& st = db.cached(fmt::format("SELECT id FROM {} WHERE {} ORDER BY id DESC LIMIT :limit", info(kind).table, condition));
  st.bind(":limit", limit);
  std::vector<std::string> out;
  while (st.step()) out.push_back(ref(kind, st.integer(0)));
  return out;
}

void bind_cell(db::Statement& st, std::string_view param, const Cell& c) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) st.bind(param, *i);
  else if (const auto* s = std::get_if<std::string>(&c)) st.bind(param, *s);
  else st.bind(param, nullptr);
}

std::string update_sql(std::string_view table, const std::vector<std::string_view>& columns) {
  std::string sql = fmt::format("UPDATE {} SET ", table);
  for (auto c : columns) sql += fmt::format("{} = :{}, ", c, c);
  return sql + "updated_at = :updated_at WHERE id = :id";
}

std::string insert_sql(std::string_view table, const std::vector<std::string_view>& columns) {
  std::string names, params;
  for (auto c : columns) {
    names += fmt::format("{}, ", c);
    params += fmt::format(":{}, ", c);
  }
  return fmt::format("INSERT INTO {} ({}updated_at) VALUES ({}:updated_at)", table, names, params);
}

std::string masked(const std::string& phone, bool reveal) { return reveal ? phone : mask_phone(phone); }

// ---- lifecycle ---------------------------------------------------------------------------------

const Step& Lifecycle::step(std::string_view verb) const {
  for (const auto& s : steps_)
    if (s.verb == verb) return s;
  fail(Exit::software, "internal error: '{}' is not in the lifecycle table", verb);
}

bool Lifecycle::allows(std::string_view verb, std::string_view status,
                       const std::vector<std::string_view>& conditions) const {
  for (const auto& s : steps_) {
    if (s.verb != verb) continue;
    const bool in = std::find(s.from.begin(), s.from.end(), status) != s.from.end();
    const bool when = s.when.empty() || std::find(conditions.begin(), conditions.end(), s.when) != conditions.end();
    if (in && when) return true;
  }
  return false;
}

std::vector<std::string> Lifecycle::next(std::string_view status, const std::vector<std::string_view>& conditions) const {
  std::vector<std::string> out;
  for (const auto& s : steps_)
    if (s.listed && allows(s.verb, status, conditions) && std::find(out.begin(), out.end(), s.verb) == out.end())
      out.emplace_back(s.verb);
  return out;
}

void Lifecycle::require(std::string_view verb, const std::string& ref, std::string_view status,
                        const std::vector<std::string_view>& conditions) const {
  if (allows(verb, status, conditions)) return;
  const auto steps = next(status, conditions);
  fail(Exit::data_error, "cannot {} {}: it is {} (next steps: {})", tr(step(verb).phrase), ref, tr(status),
       steps.empty() ? std::string(tr("none")) : join(steps));
}

// ---- history -----------------------------------------------------------------------------------

void event(Op& op, const std::string& ref, std::string_view kind, const std::optional<std::string>& from,
           const std::optional<std::string>& to, const Value& facts) {
  // History runs forward: a step dated before the record's last one (a clock left set back by
  // --now or SVC_NOW) would put the record's history out of order.
  auto& last = op.db.cached("SELECT max(at) FROM event WHERE subject = :subject");
  last.bind(":subject", ref);
  const auto latest = last.step() ? last.opt_integer(0) : std::nullopt;
  last.reset();
  if (latest && op.now < *latest)
    fail(Exit::data_error,
         "cannot change {} at {}: its history already has a step at {}, and history cannot go back in time "
         "(is the clock set back? check --now and SVC_NOW)",
         ref, format_local(op.now, op.utc_offset()), format_local(*latest, op.utc_offset()));
  auto& st = op.db.cached(
      "INSERT INTO event (subject, at, actor, kind, from_status, to_status, detail) "
      "VALUES (:subject, :at, :actor, :kind, :from, :to, :detail)");
  st.bind(":subject", ref).bind(":at", op.now).bind(":actor", op.login()).bind(":kind", kind);
  st.bind(":from", from).bind(":to", to).bind(":detail", to_json(facts, false));
  st.run();
  op.entry.after(op.db, "event", op.db.last_insert_id());
}

std::vector<Event> history(db::Database& db, const std::string& ref) {
  auto& st = db.cached("SELECT * FROM event WHERE subject = :subject ORDER BY id");
  st.bind(":subject", ref);
  std::vector<Event> out;
  while (st.step())
    out.push_back(Event{st.integer(st.column("id")), st.text(st.column("subject")), st.integer(st.column("at")),
                        st.text(st.column("actor")), st.text(st.column("kind")), st.opt_text(st.column("from_status")),
                        st.opt_text(st.column("to_status")), st.text(st.column("detail"))});
  return out;
}

Value history_value(const std::vector<Event>& events, int utc_offset) {
  Value arr = Value::array();
  for (const auto& e : events) {
    Value v = Value::object();
    v.set("at", format_iso(e.at, utc_offset));
    v.set("actor", e.actor);
    v.set("kind", e.kind);
    v.set("from", e.from_status);
    v.set("to", e.to_status);
    v.set("detail", render::narrate_event(e.kind, e.detail, utc_offset));
    v.set("facts", render::stored_facts(e.detail));
    arr.push(std::move(v));
  }
  return arr;
}

namespace {

void change(Value& changes, std::string_view field, const Value& from, const Value& to) {
  Value c = Value::object();
  c.set("field", field);
  c.set("from", from);
  c.set("to", to);
  changes.push(std::move(c));
}

}  // namespace

void changed(Value& changes, std::string_view field, const Value& from, const Value& to) {
  if (to_json(from, false) != to_json(to, false)) change(changes, field, from, to);
}

void changed_phone(Value& changes, const std::optional<std::string>& from, const std::optional<std::string>& to) {
  auto masked = [](const std::optional<std::string>& p) { return p ? Value(mask_phone(*p)) : Value(); };
  if (from != to) change(changes, "phone", masked(from), masked(to));
}

std::optional<std::string> optional_text(const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return text;
}

Value moved(const std::vector<deadline::Deadline>& before, const std::vector<deadline::Deadline>& after) {
  Value out = Value::array();
  auto due = [](const deadline::Deadline* d) { return d ? Value(static_cast<long long>(d->due_at)) : Value(); };
  std::vector<std::string> names;
  for (const auto* list : {&before, &after})
    for (const auto& d : *list)
      if (std::find(names.begin(), names.end(), d.name) == names.end()) names.push_back(d.name);
  for (const auto& name : names) {
    const auto* b = deadline::named(before, name);
    const auto* a = deadline::named(after, name);
    if ((b && b->met_at) || (a && a->met_at)) continue;
    if (b && a && b->due_at == a->due_at) continue;
    Value m = Value::object();
    m.set("name", name);
    m.set("from", due(b));
    m.set("to", due(a));
    out.push(std::move(m));
  }
  return out;
}

Value edit_facts(const Value& changes, const Value& deadlines) {
  Value f = Value::object();
  f.set("changes", changes);
  if (!deadlines.as_array().empty()) f.set("deadlines", deadlines);
  return f;
}

Related related(db::Database& db, const std::vector<std::string>& refs) {
  return Related{deadline::load(db, refs), visit::last_ratings(db, refs)};
}

void set_related(Value& v, const Related& related, const std::string& ref, const std::vector<std::string>& names,
                 Timestamp now, const Policy& policy) {
  const int off = policy.site.utc_offset;
  const Calendar cal = svc::calendar(policy);
  const auto& list = related.book.of(ref);
  const auto open = related.book.open(ref);
  auto summary = deadline::summarize(list, names, now, cal, open, off);
  v.set("deadlines", std::move(summary.deadlines));
  v.set("overdue", std::move(summary.overdue));
  v.set("deadline_states", deadline::states_value(list, now, cal, open, off));
  const auto rating = related.ratings.find(ref);
  const auto given = rating == related.ratings.end() ? std::nullopt : std::optional<int>(rating->second);
  v.set("rating", given);
  v.set("rating_label", visit::rating_label(policy, given));
}

// ---- filters -----------------------------------------------------------------------------------

Where& Where::add(std::string condition) {
  conditions_.push_back(std::move(condition));
  return *this;
}

Where& Where::add(std::string condition, std::string param, Cell value) {
  conditions_.push_back(std::move(condition));
  params_.emplace_back(std::move(param), std::move(value));
  return *this;
}

Where& Where::equal(std::string_view column, const std::optional<std::string>& value) {
  if (!value) return *this;
  std::string param(1, ':');
  param += column;
  std::replace(param.begin(), param.end(), '.', '_');
  return add(fmt::format("{} = {}", column, param), param, *value);
}

std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

Where& Where::contains(const std::vector<std::string_view>& columns, std::string param,
                       const std::optional<std::string>& text) {
  if (!text) return *this;
  std::string any;
  for (auto c : columns) any += fmt::format("{}{} LIKE {} ESCAPE '\\'", any.empty() ? "" : " OR ", c, param);
  return add("(" + any + ")", std::move(param), like_contains(*text));
}

std::string Where::sql() const {
  std::string out;
  for (const auto& c : conditions_) out += (out.empty() ? " WHERE " : " AND ") + c;
  return out;
}

void Where::bind(db::Statement& st) const {
  for (const auto& [param, value] : params_) bind_cell(st, param, value);
}

}  // namespace svc::record
