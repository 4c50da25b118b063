// Visits: the record, callbacks, logging a visit (and what it found), planned visits, and the
// list of what is owed.
#include "svc/visit.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "svc/complaint.hpp"
#include "svc/alias.hpp"
#include "svc/error.hpp"
#include "svc/strings.hpp"
#include "svc/ticket.hpp"
#include "svc/unit.hpp"
#include "svc/violation.hpp"
#include "svc/when.hpp"

namespace svc::visit {

const record::Fields<Visit>& Visit::fields() {
  static const auto f = SVC_FIELDS(Visit, id, kind, subject, unit_id, unit, assignee, due_at, done_at, method, rating,
                                    note, by_login, created_at, reminder_id, outcome, promised_by, attempts, ticket_id,
                                    complaint_id);
  return f;
}

namespace {

// A visit with its detail (schema 009). A dunning visit planned before the detail existed is
// linked from its reminder only (reminder.visit_id).
constexpr std::string_view kSelect =
    "SELECT v.id, v.kind, v.subject, v.unit_id, u.code AS unit, v.assignee, v.due_at, v.done_at, v.method, v.rating, "
    "v.note, v.by_login, v.created_at, "
    "coalesce(d.reminder_id, (SELECT min(r.id) FROM reminder r WHERE r.visit_id = v.id)) AS reminder_id, "
    "d.outcome, d.promised_by, coalesce(d.attempts, 0) AS attempts, d.ticket_id, d.complaint_id "
    "FROM visit v LEFT JOIN unit u ON u.id = v.unit_id LEFT JOIN visit_detail d ON d.visit_id = v.id";

// A visit is pending until it is done; only a pending one is logged (a callback is logged done).
const record::Lifecycle& lifecycle() {
  static const record::Lifecycle l({{"visit log", "log", {"pending"}}});
  return l;
}

// visit_detail: at most one row per visit, written through the record kit.
struct Detail {
  std::int64_t id = 0, visit_id = 0;
  std::optional<std::int64_t> reminder_id;
  std::optional<std::string> outcome, promised_by;
  std::int64_t attempts = 0;
  std::optional<std::int64_t> ticket_id, complaint_id;
  Timestamp created_at = 0;
  static const record::Fields<Detail>& fields() {
    static const auto f =
        SVC_FIELDS(Detail, id, visit_id, reminder_id, outcome, promised_by, attempts, ticket_id, complaint_id, created_at);
    return f;
  }
};

// The visit's detail as it is to be stored; `existing` says whether the row is there already.
void save_detail(Op& op, const Visit& v) {
  Detail d{0, v.id, v.reminder_id, v.outcome, v.promised_by, v.attempts, v.ticket_id, v.complaint_id, op.now};
  auto& st = op.db.cached("SELECT id FROM visit_detail WHERE visit_id = :v");
  st.bind(":v", v.id);
  const bool existing = st.step();
  if (existing) d.id = st.integer(0);
  st.reset();
  const std::vector<std::string_view> columns = {"reminder_id", "outcome",   "promised_by",
                                                 "attempts",    "ticket_id", "complaint_id"};
  if (existing) {
    record::update(op, "visit_detail", d, columns);
  } else {
    auto all = columns;
    all.insert(all.begin(), {"visit_id", "created_at"});
    record::insert(op, "visit_detail", d, all);
  }
}


void check_method(const std::string& method) {
  if (!contains(kMethods, method)) fail(Exit::usage, "--method '{}' is not a callback method (allowed: {})", method, join(kMethods));
}

void check_answer(const Policy& policy, const std::string& method, int rating) {
  check_method(method);
  if (rating < 1 || rating > 5) fail(Exit::usage, "--rating {} is out of range (allowed: {})", rating, scale_text(policy));
}

// The rating as typed, or exit 64 naming it and the scale.
int rating_of(const Policy& policy, const std::string& text) {
  if (auto r = parse_rating(policy, text)) return *r;
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    fail(Exit::usage, "--rating {} is out of range (allowed: {})", text, scale_text(policy));
  fail(Exit::usage, "--rating '{}' is not a rating (allowed: {}, by number or name)", text, scale_text(policy));
}

// A date option that must be after (or not before) today.
Date date_option(const Op& op, std::string_view option, const std::string& text, bool after_today) {
  const auto d = when::require_day(option, text, when::context(op.policy, op.now), when::Look::ahead);
  const Date today = local_date(op.now, op.utc_offset());
  if (after_today && d <= today) fail(Exit::usage, "{} {} is not after today ({})", option, text, format_date(today));
  if (d < today) fail(Exit::usage, "{} {} is before today ({})", option, text, format_date(today));
  return d;
}

// The next business day after today ([calendar]), for a visit that found nobody home.
Date next_workday(const Op& op) {
  const Calendar cal = svc::calendar(op.policy);
  Date d = local_date(op.now, op.utc_offset());
  for (int i = 0; i < 366; ++i) {
    d = civil_from_days(days_from_civil(d) + 1);
    if (cal.is_business_day(d)) return d;
  }
  fail(Exit::config, "the policy's [calendar] has no working day in the coming year");
}

Timestamp end_of(const Op& op, Date d) { return local_to_timestamp(d, 86399, op.utc_offset()); }

// Options that go with one subject, an outcome or a finding only.
void check_combinations(const Log& in) {
  const int given = (in.ticket ? 1 : 0) + (in.complaint ? 1 : 0) + (in.unit ? 1 : 0) + (in.visit ? 1 : 0);
  if (given != 1) fail(Exit::usage, "give exactly one of --ticket, --complaint, --unit or --visit");
  if (in.to && !in.ticket) fail(Exit::usage, "--to names the technician of a reopened ticket: it goes with --ticket");
  if (in.outcome && (in.ticket || in.complaint))
    fail(Exit::usage, "--outcome is for a planned visit (--visit or --unit), not a callback");
  if (in.promised_by && in.outcome != "promised") fail(Exit::usage, "--promised-by goes with --outcome promised");
  if (in.outcome == "promised" && !in.promised_by)
    fail(Exit::usage, "--outcome promised needs --promised-by DATE: the date the owner will pay by");
  if (in.next && in.outcome != "nobody_home") fail(Exit::usage, "--next goes with --outcome nobody_home");
  const Found& f = in.found;
  if (!f.ticket_category && (f.desc || f.urgent || f.appoint))
    fail(Exit::usage, "--desc, --urgent and --appoint describe the repair of --new-ticket");
  if (!f.complaint_subject && (f.details || f.severity))
    fail(Exit::usage, "--details and --severity describe the complaint of --new-complaint");
}

// Links a record opened from the visit both ways: its history names the visit, the visit's names it.
void link(Op& op, const Visit& v, const std::string& ref, std::string_view status, std::string_view key) {
  Value from = Value::object();
  from.set("visit", v.ref());
  from.set("kind", v.kind);
  record::event(op, ref, "from_visit", std::string(status), std::string(status), from);
  Value opened = Value::object();
  opened.set(key, ref);
  record::event(op, v.ref(), "opened", v.status(), v.status(), opened);
}

// Opens what the visit found, for its unit, and links both ways.
void open_found(Op& op, Visit& v, const Found& f) {
  if (!f.ticket_category && !f.complaint_subject) return;
  if (!v.unit) fail(Exit::data_error, "{} has no unit: a ticket or complaint found on it needs one", v.ref());
  const std::string channel = v.method == "onsite" ? "visit" : "phone";
  if (f.ticket_category) {
    ticket::Intake in;
    in.unit = v.unit;
    in.category = *f.ticket_category;
    const auto desc = f.desc ? f.desc : v.note;
    if (!desc || desc->empty()) fail(Exit::usage, "--new-ticket needs --desc (what is to be repaired), or a --note to use");
    in.description = *desc;
    in.urgent = f.urgent;
    in.appoint = f.appoint;
    in.channel = channel;
    const auto t = ticket::create(op, in);
    v.ticket_id = t.id;
    link(op, v, t.ref(), t.status, "ticket");
  }
  if (f.complaint_subject) {
    complaint::Intake in;
    in.unit = *v.unit;
    in.subject = *f.complaint_subject;
    in.details = f.details;
    if (f.severity) in.severity = *f.severity;
    in.channel = channel;
    const auto c = complaint::create(op, in);
    v.complaint_id = c.id;
    link(op, v, c.ref(), c.status, "complaint");
  }
  save_detail(op, v);
}

// The earliest open planned outreach visit to the unit, if any.
std::optional<std::int64_t> open_outreach(db::Database& db, std::int64_t unit_id) {
  auto& st = db.cached(
      "SELECT id FROM visit WHERE unit_id = :unit AND kind = 'outreach' AND done_at IS NULL ORDER BY due_at, id LIMIT 1");
  st.bind(":unit", unit_id);
  std::optional<std::int64_t> id;
  if (st.step()) id = st.integer(0);
  st.reset();
  return id;
}

// Logs a planned visit (or a new outreach visit): done now, or, nobody home, owed again on `next`.
Visit log_planned(Op& op, const Log& in, const std::optional<int>& rating) {
  auto& db = op.db;
  op.require("take_ticket", tr("visit log"));
  std::optional<Visit> found;
  if (in.visit) {
    found = get(db, parse_ref(*in.visit));
  } else {
    const auto u = unit::get(db, *in.unit);
    op.entry.set_entity(u.code);
    if (auto open = open_outreach(db, u.id)) {
      found = get(db, *open);
    } else {
      if (in.outcome) fail(Exit::data_error, "no planned visit to {} is open: --outcome is for a planned visit (see 'svc visit due')", u.code);
      if (!rating) fail(Exit::usage, "--rating is required ({})", scale_text(op.policy));
      auto& st = db.cached(
          "INSERT INTO visit (kind, unit_id, done_at, method, rating, note, by_login, created_at) "
          "VALUES ('outreach', :unit, :now, :method, :rating, :note, :by, :now)");
      st.bind(":unit", u.id).bind(":now", op.now).bind(":method", in.method).bind(":rating", *rating);
      st.bind(":note", in.note).bind(":by", op.login()).run();
      const std::int64_t id = db.last_insert_id();
      op.entry.after(db, "visit", id);
      return get(db, id);
    }
  }
  Visit v = *found;
  if (v.kind == "callback") fail(Exit::usage, "V{} is a callback; log callbacks with --ticket or --complaint", v.id);
  lifecycle().require("visit log", v.ref(), v.status());
  const bool nobody_home = in.outcome == "nobody_home";
  if (v.kind == "dunning") {
    if (!in.outcome) fail(Exit::usage, "{} is a dunning home visit: give its --outcome ({})", v.ref(), join(kOutcomes));
    if (rating) fail(Exit::usage, "{} is a dunning home visit: it records an --outcome, not a --rating (no dunning visit counts in the satisfaction rate)", v.ref());
  } else {
    if (in.outcome && !nobody_home)
      fail(Exit::usage, "--outcome {} is for dunning home visits ({} is {}); a visit that found nobody home is --outcome nobody_home",
            *in.outcome, v.ref(), tr(v.kind));
    if (nobody_home && rating) fail(Exit::usage, "--outcome nobody_home records a visit not made: it has no --rating");
    if (!nobody_home && !rating) fail(Exit::usage, "--rating is required ({})", scale_text(op.policy));
  }
  Value facts = Value::object();
  facts.set("method", in.method);
  if (nobody_home) {
    const Date next = in.next ? date_option(op, "--next", *in.next, true) : next_workday(op);
    op.entry.before(db, "visit", v.id);
    auto& st = db.cached("UPDATE visit SET due_at = :due WHERE id = :id");
    st.bind(":due", end_of(op, next)).bind(":id", v.id).run();
    op.entry.after(db, "visit", v.id);
    ++v.attempts;
    v.outcome = "nobody_home";
    v.promised_by.reset();
    save_detail(op, v);
    facts.set("next", format_date(next));
    if (in.note) facts.set("note", *in.note);
    record::event(op, v.ref(), "nobody_home", "pending", "pending", facts);
    return get(db, v.id);
  }
  if (in.promised_by) v.promised_by = format_date(date_option(op, "--promised-by", *in.promised_by, false));
  op.entry.before(db, "visit", v.id);
  auto& st = db.cached(
      "UPDATE visit SET done_at = :now, method = :method, rating = :rating, note = coalesce(:note, note), "
      "by_login = :by WHERE id = :id");
  st.bind(":now", op.now).bind(":method", in.method).bind(":rating", rating).bind(":note", in.note);
  st.bind(":by", op.login()).bind(":id", v.id).run();
  op.entry.after(db, "visit", v.id);
  // How it ended replaces an earlier "nobody home": the outcome is the visit's last.
  if (in.outcome || v.outcome) {
    v.outcome = in.outcome;
    if (!in.promised_by) v.promised_by.reset();
    save_detail(op, v);
  }
  if (rating) facts.set("rating", *rating);
  if (in.outcome) facts.set("outcome", *in.outcome);
  if (v.promised_by) facts.set("promised_by", *v.promised_by);
  record::event(op, v.ref(), "visited", "pending", "completed", facts);
  return get(db, v.id);
}

}  // namespace

namespace detail {
std::int64_t insert_planned(db::Database& db, audit::Entry& entry, const Plan& p, Timestamp now) {
  if (p.kind != "outreach" && p.kind != "survey" && p.kind != "dunning")
    fail(Exit::software, "internal error: a planned visit of kind '{}'", p.kind);
  auto& st = db.cached(
      "INSERT INTO visit (kind, subject, unit_id, assignee, due_at, note, created_at) "
      "VALUES (:kind, :subject, :unit, :assignee, :due, :note, :now)");
  st.bind(":kind", p.kind).bind(":subject", p.subject).bind(":unit", p.unit_id).bind(":assignee", p.assignee);
  st.bind(":due", p.due_at).bind(":note", p.note).bind(":now", now).run();
  const std::int64_t id = db.last_insert_id();
  entry.after(db, "visit", id);
  return id;
}
}  // namespace detail

std::optional<Visit> find(db::Database& db, std::int64_t id) {
  return record::find<Visit>(db, kSelect, "v", id);
}

Visit get(db::Database& db, std::int64_t id) {
  auto v = find(db, id);
  if (!v) record::not_found(record::Kind::visit, id);
  return *v;
}

std::int64_t parse_ref(std::string_view text) { return record::parse_ref(record::Kind::visit, text); }

std::optional<int> parse_rating(const Policy& policy, std::string_view text) {
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '5') return text[0] - '0';
  const auto& scale = policy.visit.scale;
  for (std::size_t i = 0; i < scale.size(); ++i)
    if (scale[i] == text) return static_cast<int>(i) + 1;
  return std::nullopt;
}

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

Logged log(Op& op, Log in) {
  alias::canon("--method", in.method, kMethods, "--method '{}' is not a callback method (allowed: {})");
  if (in.outcome) alias::canon("--outcome", *in.outcome, kOutcomes, "--outcome '{}' is not an outcome (allowed: {})");
  check_combinations(in);
  const std::optional<int> rating = in.rating ? std::optional<int>(rating_of(op.policy, *in.rating)) : std::nullopt;
  Logged out;
  if (in.ticket || in.complaint) {
    if (!rating) fail(Exit::usage, "--rating is required ({})", scale_text(op.policy));
    if (in.ticket) {
      const auto r = ticket::record_callback(op, ticket::parse_ref(*in.ticket), in.method, *rating, in.note, in.to);
      out.visit = r.visit;
      if (r.reopened) {
        out.reopened = r.record.ref();
        out.reopened_to = r.record.assignee;
      }
    } else {
      const auto r = complaint::record_callback(op, complaint::parse_ref(*in.complaint), in.method, *rating, in.note);
      out.visit = r.visit;
      if (r.reopened) out.reopened = r.record.ref();
    }
  } else {
    out.visit = log_planned(op, in, rating);
    out.nobody_home = in.outcome == "nobody_home";
  }
  open_found(op, out.visit, in.found);
  if (out.visit.ticket_id) out.ticket = record::ref(record::Kind::ticket, *out.visit.ticket_id);
  if (out.visit.complaint_id) out.complaint = record::ref(record::Kind::complaint, *out.visit.complaint_id);
  out.visit = get(op.db, out.visit.id);
  return out;
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
  const bool any = st.integer(0) > 0;
  st.reset();
  return any;
}

Visit plan(Op& op, const Plan& p) {
  const std::int64_t id = detail::insert_planned(op.db, op.entry, p, op.now);
  if (p.reminder_id) {
    Visit v = get(op.db, id);
    v.reminder_id = p.reminder_id;
    save_detail(op, v);
  }
  return get(op.db, id);
}

Visit plan(Op& op, const std::string& kind, std::int64_t unit_id, const std::optional<std::string>& assignee,
           Timestamp due_at, const std::optional<std::string>& note) {
  return plan(op, Plan{kind, unit_id, assignee, due_at, note, std::nullopt, std::nullopt});
}

Visit plan(db::Database& db, audit::Entry& entry, const std::string& kind, std::int64_t unit_id,
           const std::optional<std::string>& assignee, Timestamp due_at, const std::optional<std::string>& note,
           Timestamp now) {
  return get(db, detail::insert_planned(db, entry, Plan{kind, unit_id, assignee, due_at, note, std::nullopt, std::nullopt}, now));
}

std::vector<Due> due(db::Database& db, const Policy& policy, Timestamp now, const DueFilter& filter) {
  const Calendar calendar = svc::calendar(policy);
  std::vector<Due> out;
  auto wanted = [&](std::string_view kind) { return !filter.kind || *filter.kind == kind; };
  // Callbacks owed: every open callback_by deadline of a ticket or complaint still open, their
  // deadlines and pauses read at once.
  if (wanted("callback")) {
    auto& st = db.cached(
        "SELECT d.subject, u.code FROM deadline d "
        "LEFT JOIN ticket t ON substr(d.subject, 1, 1) = 'T' AND t.id = CAST(substr(d.subject, 2) AS INTEGER) "
        "LEFT JOIN complaint c ON substr(d.subject, 1, 1) = 'C' AND c.id = CAST(substr(d.subject, 2) AS INTEGER) "
        "LEFT JOIN unit u ON u.id = coalesce(t.unit_id, c.unit_id) "
        "WHERE d.name = 'callback_by' AND d.met_at IS NULL "
        // A record closed without its callback (a supervisor's decision) owes none any more.
        "AND coalesce(t.status, c.status, '') NOT IN ('closed', 'cancelled', 'withdrawn') ORDER BY d.due_at, d.id");
    std::vector<std::pair<std::string, std::optional<std::string>>> owed;
    while (st.step()) owed.emplace_back(st.text(0), st.opt_text(1));
    std::vector<std::string> subjects;
    for (const auto& o : owed) subjects.push_back(o.first);
    const auto book = deadline::load(db, subjects);
    for (const auto& [subject, unit] : owed) {
      const auto* d = deadline::named(book.of(subject), "callback_by");
      if (!d) continue;
      const auto s = deadline::evaluate(*d, now, calendar, book.open(subject));
      out.push_back(Due{"callback", subject, unit, std::nullopt, s.effective_due, std::nullopt, s.state, s.seconds_left, std::nullopt});
    }
  }
  // Planned visits not yet done.
  {
    record::Where w;
    w.add("v.done_at IS NULL").add("v.due_at IS NOT NULL");
    if (filter.kind) w.add("v.kind = :kind", ":kind", *filter.kind);
    auto st = db.prepare(std::string(kSelect) + w.sql() + " ORDER BY v.due_at, v.id");
    w.bind(st);
    while (st.step()) {
      const auto v = record::read<Visit>(st);
      const std::int64_t left = *v.due_at - now;
      out.push_back(Due{v.kind, v.ref(), v.unit, v.assignee, *v.due_at, std::nullopt,
                        left < 0 ? deadline::State::missed : deadline::State::due, left, std::nullopt});
    }
  }
  // Leak repairs done and waiting for their leak test: no callback is owed until it is recorded
  // (试漏后3天内回访, domain-rules 1.9), so the test itself is what is owed — by the technician.
  if (wanted("leak_test")) {
    auto& st = db.cached(
        "SELECT t.id, u.code, t.assignee, t.done_at FROM ticket t LEFT JOIN unit u ON u.id = t.unit_id "
        "WHERE t.status = 'done' AND t.leak_test_at IS NULL AND t.category IN (SELECT value FROM json_each(:leak)) "
        "ORDER BY t.done_at, t.id");
    st.bind(":leak", json_list(callback_categories(policy, "leak")));
    while (st.step())
      out.push_back(Due{"leak_test", fmt::format("T{}", st.integer(0)), st.opt_text(1), st.opt_text(2), std::nullopt,
                        st.integer(3), deadline::State::due, 0, std::nullopt});
  }
  // The next annual survey (每年发放《业主意见征询表》, domain-rules 4.1): visit.survey_every after the
  // last answer of the latest survey. None before the first survey is imported.
  if (wanted("survey")) {
    auto& st = db.cached(
        "SELECT s.name, max(r.answered_on) AS last FROM survey s JOIN survey_response r ON r.survey_id = s.id "
        "GROUP BY s.id ORDER BY last DESC, s.id DESC LIMIT 1");
    if (st.step()) {
      const auto last = parse_date(st.text(1));
      const std::string name = st.text(0);
      st.reset();
      if (last) {
        const Timestamp at = calendar.add(local_to_timestamp(*last, 86399, policy.site.utc_offset),
                                          policy.visit.survey_every, ClockKind::calendar);
        const std::int64_t left = at - now;
        out.push_back(Due{"survey", name, std::nullopt, std::nullopt, at, std::nullopt,
                          left < 0 ? deadline::State::missed : deadline::State::due, left, name});
      }
    }
  }
  // After a violation's penalty takes effect, a contact to mend relations is owed (6.3, 003 L440),
  // recorded with `svc patrol violation act X follow_up`.
  if (wanted("follow_up"))
    for (const auto& f : violation::follow_ups_owed(db, policy)) {
      const std::int64_t left = f.due - now;
      out.push_back(Due{"follow_up", f.violation, f.unit, std::nullopt, f.due, f.since,
                        left < 0 ? deadline::State::missed : deadline::State::due, left, std::nullopt});
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
  if (filter.unit) unit::get(db, *filter.unit);  // an unknown unit is named (66), not an empty list
  // When a visit happened: done, or (not done yet) due, or created.
  constexpr std::string_view when = "coalesce(v.done_at, v.due_at, v.created_at)";
  record::Where w;
  w.equal("v.kind", filter.kind).equal("v.subject", filter.subject).equal("u.code", filter.unit);
  w.add_if(filter.person, "coalesce(v.by_login, v.assignee) = :person", ":person");
  w.add_if(filter.since, std::string(when) + " >= :since", ":since");
  w.add_if(filter.from, std::string(when) + " >= :from", ":from");
  w.add_if(filter.until, std::string(when) + " < :until", ":until");
  w.add_if(filter.rating_at_most, "v.rating <= :rating_at_most", ":rating_at_most");
  auto st = db.prepare(std::string(kSelect) + w.sql() + record::newest_order("v.id", filter.limit));
  w.bind(st);
  std::vector<Visit> out;
  while (st.step()) out.push_back(record::read<Visit>(st));
  record::reverse_newest(out, filter.limit);
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
  auto ref = [](record::Kind k, const std::optional<std::int64_t>& id) { return id ? Value(record::ref(k, *id)) : Value(); };
  Value o = Value::object();
  o.set("id", Value(static_cast<long long>(v.id)));
  o.set("ref", v.ref());
  o.set("kind", v.kind);
  o.set("status", v.status());
  set_subject(o, v.subject.value_or(""));
  o.set("subject", v.subject);
  o.set("unit", v.unit);
  o.set("due_at", iso(v.due_at));
  o.set("done_at", iso(v.done_at));
  o.set("method", v.method);
  o.set("rating", v.rating ? Value(*v.rating) : Value());
  o.set("rating_label", rating_label(policy, v.rating));
  o.set("by", v.by_login);
  o.set("assignee", v.assignee);
  o.set("note", v.note);
  o.set("reminder", v.reminder_id ? Value(static_cast<long long>(*v.reminder_id)) : Value());
  o.set("outcome", v.outcome);
  o.set("promised_by", v.promised_by);
  o.set("attempts", Value(static_cast<long long>(v.attempts)));
  o.set("opened_ticket", ref(record::Kind::ticket, v.ticket_id));
  o.set("opened_complaint", ref(record::Kind::complaint, v.complaint_id));
  return o;
}

Value to_value(const Due& d, int utc_offset) {
  const bool survey_round = d.survey.has_value();
  Value o = Value::object();
  o.set("kind", d.kind);
  o.set("subject", d.subject);
  set_subject(o, survey_round ? "" : d.subject);  // the record's own key, as in the visit record (cli.md)
  o.set("visit", !survey_round && !d.subject.empty() && d.subject.front() == 'V' ? Value(d.subject) : Value());
  o.set("survey", d.survey);
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
