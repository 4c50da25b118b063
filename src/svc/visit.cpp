// Visits and callbacks: logging, planning and the list of what is owed.
#include "svc/visit.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "svc/error.hpp"
#include "svc/record.hpp"
#include "svc/unit.hpp"

namespace svc::visit {
namespace {

constexpr std::string_view kSelect =
    "SELECT v.id, v.kind, v.subject, u.code, v.assignee, v.due_at, v.done_at, v.method, v.rating, v.note, "
    "v.by_login, v.created_at FROM visit v LEFT JOIN unit u ON u.id = v.unit_id";

Visit read(db::Statement& st) {
  Visit v;
  v.id = st.integer(0);
  v.kind = st.text(1);
  v.subject = st.opt_text(2);
  v.unit = st.opt_text(3);
  v.assignee = st.opt_text(4);
  v.due_at = st.opt_integer(5);
  v.done_at = st.opt_integer(6);
  v.method = st.opt_text(7);
  if (auto r = st.opt_integer(8)) v.rating = static_cast<int>(*r);
  v.note = st.opt_text(9);
  v.by = st.opt_text(10);
  v.created_at = st.integer(11);
  return v;
}

}  // namespace

std::optional<Visit> find(db::Database& db, std::int64_t id) {
  auto& st = db.cached(std::string(kSelect) + " WHERE v.id = :id");
  st.bind(":id", id);
  if (!st.step()) return std::nullopt;
  return read(st);
}

Visit get(db::Database& db, std::int64_t id) {
  auto v = find(db, id);
  if (!v) record::not_found(record::Kind::visit, id);
  return *v;
}

std::int64_t parse_ref(std::string_view text) { return record::parse_ref(record::Kind::visit, text); }

Value rating_label(const Policy& policy, std::optional<int> rating) {
  const auto& scale = policy.visit.scale;
  if (!rating || *rating < 1 || static_cast<std::size_t>(*rating) > scale.size()) return Value();
  return Value(scale[static_cast<std::size_t>(*rating - 1)]);
}

std::string scale_text(const Policy& policy) {
  std::string out;
  for (std::size_t i = 0; i < policy.visit.scale.size(); ++i)
    out += fmt::format("{}{} {}", i == 0 ? "" : ", ", i + 1, policy.visit.scale[i]);
  return out;
}

namespace {
void check_answer(const Policy& policy, const std::string& method, int rating) {
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end())
    fail(Exit::usage, "--method '{}' is not a callback method (allowed: phone, onsite)", method);
  if (rating < 1 || rating > 5)
    fail(Exit::usage, "--rating {} is out of range (allowed: {})", rating, scale_text(policy));
}
}  // namespace

Visit log_outreach(Op& op, std::string_view unit_code, const std::string& method, int rating,
                   const std::optional<std::string>& note) {
  op.require("take_ticket", tr("visit log"));
  check_answer(op.policy, method, rating);
  auto& db = op.db;
  auto& entry = op.entry;
  const std::string& by = op.login();
  const Timestamp now = op.now;
  const std::int64_t unit_id = unit::get(db, unit_code).id;
  entry.set_entity(unit::get(db, unit_code).code);
  auto& open = db.cached(
      "SELECT id FROM visit WHERE unit_id = :unit AND kind = 'outreach' AND done_at IS NULL ORDER BY due_at LIMIT 1");
  open.bind(":unit", unit_id);
  if (open.step()) {
    const std::int64_t id = open.integer(0);
    entry.before(db, "visit", id);
    auto& st = db.cached(
        "UPDATE visit SET done_at = :now, method = :method, rating = :rating, note = :note, by_login = :by WHERE id = :id");
    st.bind(":now", now).bind(":method", method).bind(":rating", rating).bind(":note", note).bind(":by", by);
    st.bind(":id", id).run();
    entry.after(db, "visit", id);
    return get(db, id);
  }
  auto& st = db.cached(
      "INSERT INTO visit (kind, unit_id, done_at, method, rating, note, by_login, created_at) "
      "VALUES ('outreach', :unit, :now, :method, :rating, :note, :by, :now)");
  st.bind(":unit", unit_id).bind(":now", now).bind(":method", method).bind(":rating", rating);
  st.bind(":note", note).bind(":by", by).run();
  const std::int64_t id = db.last_insert_id();
  entry.after(db, "visit", id);
  return get(db, id);
}

Visit complete(Op& op, std::int64_t id, const std::string& method, std::optional<int> rating,
               const std::optional<std::string>& note) {
  op.require("take_ticket", tr("visit log"));
  auto& db = op.db;
  auto& entry = op.entry;
  const std::string& by = op.login();
  const Timestamp now = op.now;
  check_answer(op.policy, method, rating.value_or(5));
  const Visit v = get(db, id);
  if (v.kind == "callback") fail(Exit::usage, "V{} is a callback; log callbacks with --ticket or --complaint", id);
  if (v.done_at) fail(Exit::data_error, "V{} was done already", id);
  entry.before(db, "visit", id);
  auto& st = db.cached(
      "UPDATE visit SET done_at = :now, method = :method, rating = :rating, note = coalesce(:note, note), "
      "by_login = :by WHERE id = :id");
  st.bind(":now", now).bind(":method", method).bind(":rating", rating).bind(":note", note).bind(":by", by);
  st.bind(":id", id).run();
  entry.after(db, "visit", id);
  return get(db, id);
}

namespace {
// Records a callback for a ticket or complaint (subject) and meets its callback_by deadline.
Visit log_callback(db::Database& db, audit::Entry& entry, const std::string& subject,
                   std::optional<std::int64_t> unit_id, const std::string& method, int rating,
                   const std::optional<std::string>& note, const std::string& by, Timestamp now) {
  auto& st = db.cached(
      "INSERT INTO visit (kind, subject, unit_id, due_at, done_at, method, rating, note, by_login, created_at) "
      "VALUES ('callback', :subject, :unit, :due, :now, :method, :rating, :note, :by, :now)");
  auto owed = deadline::find(db, subject, "callback_by");
  st.bind(":subject", subject).bind(":unit", unit_id);
  st.bind(":due", owed ? std::optional<Timestamp>(owed->due_at) : std::nullopt);
  st.bind(":now", now).bind(":method", method).bind(":rating", rating).bind(":note", note).bind(":by", by);
  st.run();
  const std::int64_t id = db.last_insert_id();
  entry.after(db, "visit", id);
  deadline::meet(db, entry, subject, "callback_by", now);
  return get(db, id);
}
}  // namespace

Callback callback(Op& op, const std::string& subject, std::optional<std::int64_t> unit_id, std::string_view status,
                  const std::string& method, int rating, const std::optional<std::string>& note) {
  check_answer(op.policy, method, rating);
  Callback cb;
  cb.visit = log_callback(op.db, op.entry, subject, unit_id, method, rating, note, op.login(), op.now);
  Value facts = Value::object();
  facts.set("method", method);
  facts.set("rating", rating);
  record::event(op, subject, "callback", std::string(status), std::string(status), facts);
  const int threshold = op.policy.ticket.callback.reopen_at_or_below;
  cb.reopen = rating <= threshold;
  cb.why = Value::object();
  cb.why.set("rating", rating);
  cb.why.set("threshold", threshold);
  return cb;
}

std::optional<int> last_rating(db::Database& db, const std::string& subject) {
  auto& st = db.cached(
      "SELECT rating FROM visit WHERE subject = :subject AND kind = 'callback' AND rating IS NOT NULL "
      "ORDER BY done_at DESC, id DESC LIMIT 1");
  st.bind(":subject", subject);
  if (!st.step()) return std::nullopt;
  return static_cast<int>(st.integer(0));
}

std::map<std::string, int> last_ratings(db::Database& db, const std::vector<std::string>& subjects) {
  const std::string refs = json_list(subjects);
  // The last callback with a rating per subject: the greatest (done_at, id).
  auto& st = db.cached(
      "SELECT subject, rating FROM (SELECT subject, rating, row_number() OVER (PARTITION BY subject ORDER BY "
      "done_at DESC, id DESC) AS n FROM visit WHERE kind = 'callback' AND rating IS NOT NULL AND subject IN "
      "(SELECT value FROM json_each(:refs))) WHERE n = 1");
  st.bind(":refs", refs);
  std::map<std::string, int> out;
  while (st.step()) out[st.text(0)] = static_cast<int>(st.integer(1));
  return out;
}

bool has_callback_since(db::Database& db, const std::string& subject, Timestamp since) {
  auto& st = db.cached(
      "SELECT count(*) FROM visit WHERE subject = :subject AND kind = 'callback' AND done_at >= :since");
  st.bind(":subject", subject).bind(":since", since);
  st.step();
  return st.integer(0) > 0;
}

Visit plan(db::Database& db, audit::Entry& entry, const std::string& kind, std::int64_t unit_id,
           const std::optional<std::string>& assignee, Timestamp due_at, const std::optional<std::string>& note,
           Timestamp now) {
  auto& st = db.cached(
      "INSERT INTO visit (kind, unit_id, assignee, due_at, note, created_at) "
      "VALUES (:kind, :unit, :assignee, :due, :note, :now)");
  st.bind(":kind", kind).bind(":unit", unit_id).bind(":assignee", assignee).bind(":due", due_at);
  st.bind(":note", note).bind(":now", now).run();
  const std::int64_t id = db.last_insert_id();
  entry.after(db, "visit", id);
  return get(db, id);
}

std::vector<Due> due(db::Database& db, const Policy& policy, Timestamp now, const DueFilter& filter) {
  const Calendar calendar = svc::calendar(policy);
  std::vector<Due> out;
  // Callbacks owed: every open callback_by deadline (tickets and complaints alike).
  {
    auto& st = db.cached(
        "SELECT d.subject FROM deadline d WHERE d.name = 'callback_by' AND d.met_at IS NULL ORDER BY d.due_at");
    std::vector<std::string> subjects;
    while (st.step()) subjects.push_back(st.text(0));
    for (const auto& subject : subjects) {
      auto d = deadline::find(db, subject, "callback_by");
      const auto s = deadline::evaluate(*d, now, calendar, deadline::open_pause(db, subject));
      Due item{"callback", subject, std::nullopt, std::nullopt, s.effective_due, std::nullopt, s.state, s.seconds_left};
      auto& u = db.cached(
          "SELECT u.code, t.status FROM ticket t LEFT JOIN unit u ON u.id = t.unit_id WHERE 'T' || t.id = :s "
          "UNION ALL SELECT u.code, c.status FROM complaint c LEFT JOIN unit u ON u.id = c.unit_id "
          "WHERE 'C' || c.id = :s");
      u.bind(":s", subject);
      if (u.step()) {
        item.unit = u.opt_text(0);
        // A record closed without its callback (a supervisor's decision) owes none any more.
        const std::string status = u.text(1);
        if (status == "closed" || status == "cancelled" || status == "withdrawn") continue;
      }
      out.push_back(std::move(item));
    }
  }
  // Planned visits not yet done.
  {
    auto& st = db.cached(std::string(kSelect) + " WHERE v.done_at IS NULL AND v.due_at IS NOT NULL ORDER BY v.due_at");
    while (st.step()) {
      const Visit v = read(st);
      const std::int64_t left = *v.due_at - now;
      out.push_back(Due{v.kind, fmt::format("V{}", v.id), v.unit, v.assignee, *v.due_at, std::nullopt,
                        left < 0 ? deadline::State::missed : deadline::State::due, left});
    }
  }
  // Leak repairs done and waiting for their leak test: no callback is owed until it is recorded
  // (试漏后3天内回访, domain-rules 1.9), so the test itself is what is owed — by the technician.
  {
    auto& st = db.cached(
        "SELECT t.id, u.code, t.assignee, t.done_at FROM ticket t LEFT JOIN unit u ON u.id = t.unit_id "
        "WHERE t.status = 'done' AND t.leak_test_at IS NULL AND t.category IN (SELECT value FROM json_each(:leak)) "
        "ORDER BY t.done_at, t.id");
    st.bind(":leak", json_list(callback_categories(policy, "leak")));
    while (st.step())
      out.push_back(Due{"leak_test", fmt::format("T{}", st.integer(0)), st.opt_text(1), st.opt_text(2), std::nullopt,
                        st.integer(3), deadline::State::due, 0});
  }
  std::erase_if(out, [&](const Due& d) {
    if (filter.overdue_only && d.state != deadline::State::missed) return true;
    if (filter.within && d.seconds_left > *filter.within) return true;
    if (filter.assignee && d.assignee != filter.assignee) return true;
    return false;
  });
  auto key = [](const Due& d) { return d.due_at ? *d.due_at : d.since.value_or(0); };
  std::stable_sort(out.begin(), out.end(), [&](const Due& a, const Due& b) { return key(a) < key(b); });
  return out;
}

std::vector<Visit> list(db::Database& db, const ListFilter& filter) {
  std::string sql = std::string(kSelect) + " WHERE 1=1";
  if (filter.kind) sql += " AND v.kind = :kind";
  if (filter.subject) sql += " AND v.subject = :subject";
  if (filter.unit) sql += " AND u.code = :unit";
  if (filter.since) sql += " AND coalesce(v.done_at, v.created_at) >= :since";
  sql += " ORDER BY v.id";
  if (filter.limit > 0) sql += " LIMIT :limit";
  auto st = db.prepare(sql);
  if (filter.kind) st.bind(":kind", *filter.kind);
  if (filter.subject) st.bind(":subject", *filter.subject);
  if (filter.unit) st.bind(":unit", *filter.unit);
  if (filter.since) st.bind(":since", *filter.since);
  if (filter.limit > 0) st.bind(":limit", filter.limit);
  std::vector<Visit> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

namespace {
// `ticket` and `complaint` of a record ref ("T12", "C7"): the one that names it, the other null.
void set_subject(Value& o, std::string_view subject) {
  const char letter = subject.empty() ? '\0' : subject.front();
  o.set("ticket", letter == 'T' ? Value(std::string(subject)) : Value());
  o.set("complaint", letter == 'C' ? Value(std::string(subject)) : Value());
}
}  // namespace

Value to_value(const Visit& v, const Policy& policy) {
  const int utc_offset = policy.site.utc_offset;
  auto iso = [&](const std::optional<Timestamp>& t) { return t ? Value(format_iso(*t, utc_offset)) : Value(); };
  Value o = Value::object();
  o.set("id", Value(static_cast<long long>(v.id)));
  o.set("ref", fmt::format("V{}", v.id));
  o.set("kind", v.kind);
  set_subject(o, v.subject.value_or(""));
  o.set("unit", v.unit);
  o.set("due_at", iso(v.due_at));
  o.set("done_at", iso(v.done_at));
  o.set("method", v.method);
  o.set("rating", v.rating ? Value(*v.rating) : Value());
  o.set("rating_label", rating_label(policy, v.rating));
  o.set("by", v.by);
  o.set("assignee", v.assignee);
  o.set("note", v.note);
  return o;
}

Value to_value(const Due& d, int utc_offset) {
  Value o = Value::object();
  o.set("kind", d.kind);
  o.set("subject", d.subject);
  set_subject(o, d.subject);  // the record's own key, as in the visit record (cli.md)
  o.set("visit", !d.subject.empty() && d.subject.front() == 'V' ? Value(d.subject) : Value());
  o.set("unit", d.unit);
  o.set("assignee", d.assignee);
  o.set("due_at", d.due_at ? Value(format_iso(*d.due_at, utc_offset)) : Value());
  o.set("since", d.since ? Value(format_iso(*d.since, utc_offset)) : Value());
  o.set("state", std::string(deadline::state_name(d.state)));
  o.set("overdue", d.state == deadline::State::missed);
  o.set("seconds_left", d.due_at ? Value(static_cast<long long>(d.seconds_left)) : Value());
  return o;
}

}  // namespace svc::visit
