// The reception log: contacts and their way forward (domain-rules 7.1–7.3), promised replies and
// messages through the deadline engine, suggestions routed to department heads, the generated
// shift handover (12) and the response and courtesy rates (8).
#include "svc/desk.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "svc/alias.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/i18n.hpp"
#include "svc/patrol.hpp"
#include "svc/privacy.hpp"
#include "svc/staff.hpp"
#include "svc/strings.hpp"
#include "svc/unit.hpp"
#include "svc/when.hpp"

namespace svc::desk {

const record::Fields<Contact>& Contact::fields() {
  static const auto f =
      SVC_FIELDS(Contact, id, channel, kind, status, unit_id, unit, name, phone, note, answered, reply_by, reply,
                 replied_at, replied_by, for_login, dept, routed_to, passed_at, passed_by, pass_note, ticket_id,
                 complaint_id, received_by, received_at);
  return f;
}

const record::Fields<Handover>& Handover::fields() {
  static const auto f = SVC_FIELDS(Handover, id, shift, shift_start, shift_end, by_login, to_login, written_at, note,
                                   contents, accept_by, accepted_at, accepted_by);
  return f;
}

namespace {

constexpr std::string_view kSelect =
    "SELECT c.*, u.code AS unit FROM desk_contact c LEFT JOIN unit u ON u.id = c.unit_id";
constexpr std::string_view kHandoverSelect = "SELECT h.* FROM desk_handover h";
const std::vector<std::string_view> kMutable = {"status",    "reply",     "replied_at", "replied_by",
                                                "passed_at", "passed_by", "pass_note"};
// The rule a promised reply is stored under: a time agreed with the customer, not a policy
// duration (like a ticket's appointment).
constexpr std::string_view kPromisedRule = "desk.promised_reply";

// Which verb each status allows. A message or a suggestion is passed on; anything else open is
// answered by the reply it was promised.
const record::Lifecycle& lifecycle() {
  static const record::Lifecycle l({
      {"reply", "reply to", {"open"}, "replied"},
      {"pass", "mark passed on", {"open"}, "passed"},
  });
  return l;
}

bool passed_on(const Contact& c) { return c.kind == "message" || c.kind == "suggestion"; }

std::vector<std::string_view> conditions(const Contact& c) {
  if (passed_on(c)) return {"passed"};
  return {"replied"};
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

Value fact(std::string_view key, Value v) {
  Value o = Value::object();
  o.set(key, std::move(v));
  return o;
}

void save(Op& op, const Contact& c) { record::update(op, "desk_contact", c, kMutable); }

// "--reply-by": any time people say (svc(1) DATES AND TIMES); a date alone means by that day's
// closing time ([calendar] close), a duration ("2h", "1d") from now.
Timestamp parse_reply_by(const Op& op, const std::string& text) {
  const Timestamp at = when::require(op, "--reply-by", text, when::Role::reply_by);
  if (at <= op.now)
    fail(Exit::usage, "--reply-by '{}' is not after now ({})", text, format_local(op.now, op.utc_offset()));
  return at;
}

// The head who receives a department's suggestions (desk.heads): a role's first active member by
// login, or a staff login.
std::string head_of(Op& op, const std::string& dept) {
  const auto& heads = op.policy.desk.heads;
  const auto it = heads.find(dept);
  if (it == heads.end()) {
    std::vector<std::string> depts;
    for (const auto& [name, who] : heads) depts.push_back(name);
    fail(Exit::usage, "--dept '{}' has no head in the policy (desk.heads: {})", dept, join(depts));
  }
  const std::string& head = it->second;
  if (is_known_role(op.policy, head)) {
    const auto members = staff::list(op.db, staff::ListFilter{head, false});
    if (members.empty())
      fail(Exit::data_error, "no active staff member has the role {} to receive the suggestions of {} (desk.heads.{})",
           tr(head), dept, dept);
    return members.front().login;
  }
  const auto who = staff::find(op.db, head);
  if (!who || !who->active)
    fail(Exit::config, "desk.heads.{} names '{}', which is neither a role nor an active staff member", dept, head);
  return who->login;
}

// The ticket or complaint opened with a contact: the contact's own fields typed once.
ticket::Intake ticket_intake(const Intake& in) {
  ticket::Intake t = *in.ticket;
  if (!t.is_public) t.unit = in.unit;  // a resident reporting a public facility keeps her unit on the contact
  t.description = in.note;
  t.reporter = in.name;
  t.phone = in.phone;
  t.channel = in.channel;
  if (in.kind == "paid_service") t.paid = true;
  return t;
}

complaint::Intake complaint_intake(const Intake& in) {
  complaint::Intake x = *in.complaint;
  if (!in.unit) fail(Exit::usage, "a complaint is filed under the complainant's unit: give --unit");
  x.unit = *in.unit;
  x.kind = "complaint";
  if (x.subject.empty()) {
    if (in.note.find('\n') != std::string::npos)
      fail(Exit::usage, "--note has several lines: give --subject, what the complaint is about in one line");
    x.subject = in.note;
  } else if (!x.details) {
    x.details = in.note;
  }
  x.complainant = in.name;
  x.phone = in.phone;
  x.channel = in.channel;
  return x;
}

// Each contact leaves the desk with a way forward (domain-rules 7.1, 8 事务响应率).
void check_way_forward(const Intake& in) {
  const bool message = in.kind == "message", suggestion = in.kind == "suggestion";
  if (in.ticket && in.kind != "repair" && in.kind != "paid_service")
    fail(Exit::usage, "--ticket opens a repair ticket: it is for --kind repair or paid_service, not {}", in.kind);
  if (in.complaint && in.kind != "complaint")
    fail(Exit::usage, "--complaint opens a complaint: it is for --kind complaint, not {}", in.kind);
  if (in.for_login && !message) fail(Exit::usage, "--for names who a message is for: it needs --kind message");
  if (in.dept && !suggestion)
    fail(Exit::usage, "--dept names the department a suggestion goes to: it needs --kind suggestion");
  if (message || suggestion) {
    if (in.answered || in.reply_by)
      fail(Exit::usage, "a {} is passed on, not answered: leave out --answered and --reply-by", tr(in.kind));
    if (message && !in.for_login) fail(Exit::usage, "a message is for someone: give --for LOGIN");
    return;
  }
  const int ways = (in.answered ? 1 : 0) + (in.reply_by ? 1 : 0) + (in.ticket ? 1 : 0) + (in.complaint ? 1 : 0);
  if (ways > 1)
    fail(Exit::usage, "give one way forward, not several: --answered, --reply-by, --ticket and --complaint exclude "
                      "each other");
  if (ways == 1) return;
  if (in.kind == "repair" || in.kind == "paid_service")
    fail(Exit::usage,
         "a contact of kind {} needs a way forward: --ticket (opens the repair ticket), --answered (handled at once) or "
         "--reply-by TIME (a reply agreed with the customer)",
         tr(in.kind));
  if (in.kind == "complaint")
    fail(Exit::usage,
         "a contact of kind complaint needs a way forward: --complaint (opens the complaint), --answered (handled at "
         "once) or --reply-by TIME (a reply agreed with the customer)");
  fail(Exit::usage,
       "a contact of kind {} needs a way forward: --answered (handled at once) or --reply-by TIME (a reply agreed "
       "with the customer)",
       tr(in.kind));
}

}  // namespace

std::int64_t parse_ref(std::string_view text) { return record::parse_ref(record::Kind::desk, text); }

std::optional<Contact> find(db::Database& db, std::int64_t id) { return record::find<Contact>(db, kSelect, "c", id); }

Contact get(db::Database& db, std::int64_t id) {
  auto c = find(db, id);
  if (!c) record::not_found(record::Kind::desk, id);
  return *c;
}

Logged log(Op& op, Intake in) {
  op.require("take_contact", tr("desk log"));
  const auto& p = op.policy;
  alias::canon("--channel", in.channel, kChannels);
  alias::canon("--kind", in.kind, kKinds);
  if (blank(in.note)) fail(Exit::usage, "--note must say what the customer asked, reported or proposed");
  check_way_forward(in);
  std::optional<std::string> phone;
  if (in.phone && !in.phone->empty()) {
    phone = normalize_phone(*in.phone);
    if (!phone)
      fail(Exit::usage, "--phone '{}' is not a phone number (allowed: 7-15 digits, optionally with '+' and '-')", *in.phone);
  }
  std::optional<Timestamp> reply_by;
  if (in.reply_by) reply_by = parse_reply_by(op, *in.reply_by);

  Contact c;
  c.channel = in.channel;
  c.kind = in.kind;
  c.note = in.note;
  c.name = in.name;
  c.phone = phone;
  if (in.unit) c.unit_id = unit::get(op.db, *in.unit).id;
  if (in.for_login) {
    const auto who = staff::get(op.db, *in.for_login);
    if (!who.active) fail(Exit::data_error, "staff member '{}' is not active", *in.for_login);
    c.for_login = who.login;
  }
  if (in.kind == "suggestion") {
    c.dept = in.dept.value_or(p.desk.suggestion_dept);
    if (blank(*c.dept)) fail(Exit::usage, "--dept must name the department");
    c.routed_to = head_of(op, *c.dept);
  }
  c.answered = in.answered;
  c.reply_by = reply_by;
  c.received_by = op.login();
  c.received_at = op.now;
  // The ticket or complaint first: the contact row names it.
  std::optional<std::string> opened;
  if (in.ticket) {
    const auto t = ticket::create(op, ticket_intake(in));
    c.ticket_id = t.id;
    opened = t.ref();
  }
  if (in.complaint) {
    const auto x = complaint::create(op, complaint_intake(in));
    c.complaint_id = x.id;
    opened = x.ref();
  }
  c.status = in.answered ? "answered" : opened ? "referred" : "open";
  const std::int64_t id = record::insert(
      op, "desk_contact", c,
      {"channel", "kind", "status", "unit_id", "name", "phone", "note", "answered", "reply_by", "for_login", "dept",
       "routed_to", "ticket_id", "complaint_id", "received_by", "received_at"});
  c = get(op.db, id);
  op.entry.set_entity(c.ref());

  Value f = fact("kind", c.kind);
  f.set("channel", c.channel);
  if (c.answered) f.set("answered", true);
  if (opened) f.set("opened", *opened);
  if (c.for_login) f.set("for", *c.for_login);
  if (c.routed_to) {
    f.set("dept", *c.dept);
    f.set("routed_to", *c.routed_to);
  }
  if (c.reply_by) f.set("reply_by", Value(static_cast<long long>(*c.reply_by)));
  record::event(op, c.ref(), "logged", std::nullopt, c.status, f);
  // The ticket's or complaint's history names the contact it came from.
  if (opened) record::event(op, *opened, "from_desk", std::nullopt, std::nullopt, fact("contact", c.ref()));

  const Calendar cal = svc::calendar(p);
  if (c.reply_by)
    deadline::set(op.db, op.entry, cal, p.hash(), c.ref(),
                  deadline::Spec{"reply_by", std::string(kPromisedRule), ClockKind::calendar, std::nullopt,
                                 "reply_agreed", *c.reply_by});
  // domain-rules 7.2: 做好转告记录,并及时告知该服务人员.
  if (c.kind == "message")
    deadline::set(op.db, op.entry, cal, p.hash(), c.ref(),
                  deadline::Spec{"pass_by", "desk.message_pass_within", ClockKind::calendar,
                                 p.desk.message_pass_within, "logged", c.received_at});
  return Logged{c, opened};
}

Contact reply(Op& op, std::int64_t id, const std::string& note) {
  op.require("take_contact", tr("desk reply"));
  if (blank(note)) fail(Exit::usage, "--note must say the reply given to the customer");
  Contact c = get(op.db, id);
  lifecycle().require("reply", c.ref(), c.status, conditions(c));
  c.status = "answered";
  c.reply = note;
  c.replied_at = op.now;
  c.replied_by = op.login();
  save(op, c);
  Value f = fact("note", note);
  if (c.reply_by && op.now > *c.reply_by) f.set("late_seconds", Value(static_cast<long long>(op.now - *c.reply_by)));
  record::event(op, c.ref(), "replied", "open", "answered", f);
  deadline::meet(op.db, op.entry, c.ref(), "reply_by", op.now);
  return c;
}

Contact pass(Op& op, std::int64_t id, const std::optional<std::string>& note) {
  Contact c = get(op.db, id);
  const std::optional<std::string> recipient = c.for_login ? c.for_login : c.routed_to;
  // The recipient says they have it; the desk says it passed it on.
  if (recipient != op.login()) op.require("take_contact", tr("desk pass"));
  lifecycle().require("pass", c.ref(), c.status, conditions(c));
  c.status = "passed";
  c.passed_at = op.now;
  c.passed_by = op.login();
  c.pass_note = note && !blank(*note) ? note : std::nullopt;
  save(op, c);
  Value f = fact("to", recipient ? Value(*recipient) : Value());
  if (c.pass_note) f.set("note", *c.pass_note);
  if (const auto d = deadline::find(op.db, c.ref(), "pass_by"); d && !d->met_at && op.now > d->due_at)
    f.set("late_seconds", Value(static_cast<long long>(op.now - d->due_at)));
  record::event(op, c.ref(), "passed", "open", "passed", f);
  deadline::meet(op.db, op.entry, c.ref(), "pass_by", op.now);
  return c;
}

std::vector<Contact> list(db::Database& db, ListFilter f) {
  alias::canon("--kind", f.kind, kKinds);
  alias::canon("--channel", f.channel, kChannels);
  alias::canon("--status", f.status, kStatuses);
  if (f.unit) unit::get(db, *f.unit);
  record::Where w;
  w.equal("c.kind", f.kind).equal("c.channel", f.channel).equal("c.status", f.status).equal("u.code", f.unit);
  w.equal("c.received_by", f.by).equal("c.for_login", f.for_login);
  if (f.phone) {
    std::string digits;
    for (char ch : *f.phone)
      if (ch >= '0' && ch <= '9') digits.push_back(ch);
    if (digits.size() < 4) fail(Exit::usage, "--phone '{}': give at least 4 digits to search by", *f.phone);
    w.add("instr(c.phone, :phone) > 0", ":phone", digits);
  }
  if (f.name) w.add("instr(c.name, :name) > 0", ":name", *f.name);
  if (f.search)
    w.add("(instr(c.note, :q) > 0 OR instr(coalesce(c.reply, ''), :q) > 0 OR instr(coalesce(c.name, ''), :q) > 0 "
          "OR instr(coalesce(c.pass_note, ''), :q) > 0)",
          ":q", *f.search);
  w.add_if(f.from, "c.received_at >= :from", ":from").add_if(f.to, "c.received_at < :to", ":to");
  if (f.open_only) w.add("c.status = 'open'");
  auto st = db.prepare(std::string(kSelect) + w.sql() + record::newest_order("c.id", f.limit));
  w.bind(st);
  std::vector<Contact> out;
  while (st.step()) out.push_back(record::read<Contact>(st));
  record::reverse_newest(out, f.limit);
  return out;
}

std::vector<Contact> inbox(db::Database& db, const std::string& login, bool all) {
  auto st = db.prepare(std::string(kSelect) +
                       " WHERE (c.for_login = :login OR c.routed_to = :login)" +
                       (all ? "" : " AND c.status = 'open'") + " ORDER BY c.id");
  st.bind(":login", login);
  std::vector<Contact> out;
  while (st.step()) out.push_back(record::read<Contact>(st));
  return out;
}

std::vector<std::string> open_refs(db::Database& db, int limit) {
  return record::newest_refs(db, record::Kind::desk, "status = 'open'", limit);
}

std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Contact>& list, Timestamp now,
                             bool reveal) {
  const int off = policy.site.utc_offset;
  const Calendar cal = svc::calendar(policy);
  const auto book = deadline::load(db, record::refs_of(list));
  std::vector<Value> out;
  for (const auto& c : list) {
    Value v = record::to_value(c, off, reveal, {"unit_id", "ticket_id", "complaint_id"});
    v.set("ticket", c.ticket_id ? Value(record::ref(record::Kind::ticket, *c.ticket_id)) : Value());
    v.set("complaint", c.complaint_id ? Value(record::ref(record::Kind::complaint, *c.complaint_id)) : Value());
    const auto& deadlines = book.of(c.ref());
    auto summary = deadline::summarize(deadlines, kDeadlines, now, cal, std::nullopt, off);
    v.set("deadlines", std::move(summary.deadlines));
    v.set("overdue", std::move(summary.overdue));
    v.set("deadline_states", deadline::states_value(deadlines, now, cal, std::nullopt, off));
    out.push_back(std::move(v));
  }
  return out;
}

Value to_value(db::Database& db, const Policy& policy, const Contact& c, Timestamp now, bool reveal) {
  return to_values(db, policy, {c}, now, reveal).front();
}

// ---- what the desk owes ------------------------------------------------------------------------

std::vector<Due> due(db::Database& db, const Policy& policy, Timestamp now, const DueFilter& f) {
  const Calendar cal = svc::calendar(policy);
  std::vector<Due> all;
  // As the desk stood at `now` (so a report of a past day sees that day's): contacts received by
  // then and open then (open now, or changed since), deadlines not met by then, handovers written
  // by then and not accepted by then.
  std::vector<Contact> open;
  {
    auto st = db.prepare(std::string(kSelect) +
                         " WHERE c.received_at <= :now AND (c.status = 'open' OR c.updated_at > :now) ORDER BY c.id");
    st.bind(":now", now);
    while (st.step()) open.push_back(record::read<Contact>(st));
  }
  const auto book = deadline::load(db, record::refs_of(open));
  for (const auto& c : open)
    for (const auto& d : book.of(c.ref())) {
      if (d.met_at && *d.met_at <= now) continue;
      deadline::Deadline then = d;
      then.met_at.reset();  // met after `now`: still owed at `now`
      const auto s = deadline::evaluate(then, now, cal, std::nullopt);
      const bool message = d.name == "pass_by";
      all.push_back(Due{message ? "message" : "reply", c.ref(), c.unit,
                        message ? c.for_login : std::optional<std::string>(c.received_by), s.effective_due, s.state,
                        s.seconds_left, c.note});
    }
  std::vector<Handover> waiting;
  {
    auto st = db.prepare(std::string(kHandoverSelect) +
                         " WHERE h.written_at <= :now AND (h.accepted_at IS NULL OR h.accepted_at > :now) ORDER BY h.id");
    st.bind(":now", now);
    while (st.step()) waiting.push_back(record::read<Handover>(st));
  }
  for (const auto& h : waiting) {
    const auto state = now > h.accept_by ? deadline::State::missed : deadline::State::due;
    all.push_back(Due{"handover", h.ref(), std::nullopt, h.to_login, h.accept_by, state, h.accept_by - now,
                      h.note.value_or("")});
  }
  std::vector<Due> out;
  for (auto& d : all) {
    if (f.overdue_only && d.state != deadline::State::missed) continue;
    if (f.within && d.state == deadline::State::due && d.seconds_left > *f.within) continue;
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const Due& a, const Due& b) { return a.due_at < b.due_at; });
  return out;
}

std::vector<Due> exceptions(db::Database& db, const Policy& policy, Timestamp now) {
  return due(db, policy, now, DueFilter{std::nullopt, true});
}

Value to_value(const Due& d, int utc_offset) {
  Value v = Value::object();
  v.set("kind", d.kind);
  v.set("subject", d.subject);
  v.set("unit", d.unit);
  v.set("who", d.who);
  v.set("due_at", format_iso(d.due_at, utc_offset));
  v.set("state", std::string(deadline::state_name(d.state)));
  v.set("seconds_left", Value(static_cast<long long>(d.seconds_left)));
  v.set("text", d.text);
  return v;
}

// ---- the shift handover ------------------------------------------------------------------------

namespace {

Date add_days(Date d, std::int64_t n) { return civil_from_days(days_from_civil(d) + n); }

std::optional<Handover> handover_for(db::Database& db, Timestamp shift_start) {
  auto& st = db.cached(std::string(kHandoverSelect) + " WHERE h.shift_start = :start");
  st.bind(":start", shift_start);
  if (!st.step()) return std::nullopt;
  Handover h = record::read<Handover>(st);
  st.reset();
  return h;
}

std::vector<Contact> open_contacts(db::Database& db) {
  auto st = db.prepare(std::string(kSelect) + " WHERE c.status = 'open' ORDER BY c.id");
  std::vector<Contact> out;
  while (st.step()) out.push_back(record::read<Contact>(st));
  return out;
}

// Contacts still owed something, messages apart: promised replies, suggestions the head has not
// received yet. Whenever they came in: nothing open is left out (无遗漏).
Value section_open_contacts(const HandoverInput& in) {
  Value out = Value::array();
  for (const auto& c : in.open) {
    if (c.kind == "message") continue;
    out.push(handover_item(c.ref(), c.kind, c.status, c.unit ? c.unit : c.name,
                           c.kind == "suggestion" ? c.routed_to : std::optional<std::string>(c.received_by),
                           c.reply_by, c.note));
  }
  return out;
}

// Messages for absent colleagues not yet passed on (domain-rules 7.2), with their pass_by.
Value section_messages(const HandoverInput& in) {
  Value out = Value::array();
  for (const auto& c : in.open) {
    if (c.kind != "message") continue;
    const auto* d = deadline::named(in.book.of(c.ref()), "pass_by");
    out.push(handover_item(c.ref(), c.kind, c.status, c.unit ? c.unit : c.name, c.for_login,
                           d ? std::optional<Timestamp>(d->due_at) : std::nullopt, c.note));
  }
  return out;
}

// The end of what a shift received: its end, or now for a handover written before it ends.
Timestamp received_until(const HandoverInput& in) { return std::min(in.shift.end, in.now + 1); }

// Repair tickets received in the shift and not closed or cancelled.
Value section_tickets(const HandoverInput& in) {
  auto st = in.db.prepare(
      "SELECT t.id, t.status, coalesce(u.code, t.location) AS place, t.assignee, t.description FROM ticket t "
      "LEFT JOIN unit u ON u.id = t.unit_id WHERE t.created_at >= :start AND t.created_at < :end "
      "AND t.status NOT IN ('closed', 'cancelled') ORDER BY t.id");
  st.bind(":start", in.shift.start).bind(":end", received_until(in));
  Value out = Value::array();
  while (st.step())
    out.push(handover_item(record::ref(record::Kind::ticket, st.integer(0)), "ticket", st.text(1), st.opt_text(2),
                           st.opt_text(3), std::nullopt, st.text(4)));
  return out;
}

// Complaints (and suggestions, inquiries) received in the shift and not closed or withdrawn.
Value section_complaints(const HandoverInput& in) {
  auto st = in.db.prepare(
      "SELECT c.id, c.kind, c.status, u.code, c.owner, c.subject FROM complaint c JOIN unit u ON u.id = c.unit_id "
      "WHERE c.received_at >= :start AND c.received_at < :end AND c.status IN ('open', 'resolved') ORDER BY c.id");
  st.bind(":start", in.shift.start).bind(":end", received_until(in));
  Value out = Value::array();
  while (st.step())
    out.push(handover_item(record::ref(record::Kind::complaint, st.integer(0)), st.text(1), st.text(2), st.text(3),
                           st.text(4), std::nullopt, st.text(5)));
  return out;
}

// Deadlines of any record still open and falling due from now until the next shift ends (a
// paused ticket's as the pause moves them).
Value section_due_next_shift(const HandoverInput& in) {
  std::vector<std::string> subjects;
  {
    auto st =
        in.db.prepare("SELECT DISTINCT subject FROM deadline WHERE met_at IS NULL AND due_at < :end ORDER BY subject");
    st.bind(":end", in.next.end);
    while (st.step()) subjects.push_back(st.text(0));
  }
  const auto book = deadline::load(in.db, subjects);
  const Calendar cal = svc::calendar(in.policy);
  std::vector<std::pair<Timestamp, Value>> rows;
  for (const auto& subject : subjects)
    for (const auto& d : book.of(subject)) {
      if (d.met_at) continue;
      const auto s = deadline::evaluate(d, in.now, cal, book.open(subject));
      if (s.effective_due < in.now || s.effective_due >= in.next.end) continue;
      rows.emplace_back(s.effective_due, handover_item(subject, d.name, std::nullopt, std::nullopt, std::nullopt,
                                                       s.effective_due, d.rule));
    }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Value out = Value::array();
  for (auto& [at, v] : rows) out.push(std::move(v));
  return out;
}

}  // namespace

Shift shift_at(const Policy& policy, Timestamp at) {
  const int off = policy.site.utc_offset;
  const int day = policy.desk.day_starts, night = policy.desk.night_starts;
  const Date today = local_date(at, off);
  const int minute = local_minute_of_day(at, off);
  if (minute >= day && minute < night)
    return Shift{"day", local_to_timestamp(today, day * 60, off), local_to_timestamp(today, night * 60, off)};
  if (minute >= night)
    return Shift{"night", local_to_timestamp(today, night * 60, off),
                 local_to_timestamp(add_days(today, 1), day * 60, off)};
  return Shift{"night", local_to_timestamp(add_days(today, -1), night * 60, off),
               local_to_timestamp(today, day * 60, off)};
}

Shift ending_shift(const Policy& policy, Timestamp now) {
  const Shift current = shift_at(policy, now);
  const Shift previous = shift_at(policy, current.start - 1);
  const auto late = fixed_seconds(policy.desk.handover_late).value_or(0);
  if (now - current.start < late) return previous;
  return current;
}

Value handover_item(const std::string& ref, std::string_view kind, const std::optional<std::string>& status,
                    const std::optional<std::string>& unit, const std::optional<std::string>& who,
                    std::optional<Timestamp> due_at, const std::string& text) {
  Value v = Value::object();
  v.set("ref", ref);
  v.set("kind", kind);
  v.set("status", status);
  v.set("unit", unit);
  v.set("who", who);
  v.set("due_at", due_at ? Value(static_cast<long long>(*due_at)) : Value());
  v.set("text", text);
  return v;
}

// The sections of a handover, in the order it lists them (domain-rules 12: the customers of the
// shift and what the next one must not miss). Add a row here for a new source of open matters.
// Urgent patrol findings still open (5.3 A, the smell rule: security was told; the next shift
// must know too), oldest first.
Value section_patrol_findings(const HandoverInput& in) {
  Value out = Value::array();
  for (const auto& f : patrol::open_issues(in.db, in.policy, patrol::ListFilter{})) {
    if (!f.get("urgent").is_bool() || !f.get("urgent").as_bool()) continue;
    const std::string note = f.get("note").is_string() ? f.get("note").as_string() : "";
    out.push(handover_item(f.get("round").as_string(), "urgent_finding", f.get("action").is_string() ? std::optional(f.get("action").as_string()) : std::nullopt,
                           f.get("building").is_string() ? std::optional(f.get("building").as_string()) : std::nullopt,
                           f.get("checked_by").is_string() ? std::optional(f.get("checked_by").as_string()) : std::nullopt,
                           std::nullopt, f.get("text").as_string() + (note.empty() ? "" : ": " + note)));
  }
  return out;
}

const std::vector<HandoverSection>& handover_section_table() {
  static const std::vector<HandoverSection> table = {
      {"open_contacts", "Open contacts and promised replies", &section_open_contacts},
      {"messages", "Messages not yet passed on", &section_messages},
      {"tickets", "Repairs received in the shift, not closed", &section_tickets},
      {"complaints", "Complaints received in the shift, not closed", &section_complaints},
      {"due_next_shift", "Deadlines falling due in the next shift", &section_due_next_shift},
      {"patrol_findings", "Urgent patrol findings", &section_patrol_findings},
  };
  return table;
}

Value handover_sections(db::Database& db, const Policy& policy, const Shift& shift, Timestamp now) {
  const auto open = open_contacts(db);
  const auto book = deadline::load(db, record::refs_of(open));
  const Shift next = shift_at(policy, shift.end);
  const HandoverInput in{db, policy, shift, next, now, open, book};
  Value v = Value::object();
  for (const auto& section : handover_section_table()) v.set(section.name, section.items(in));
  return v;
}

Handover hand_over(Op& op, const std::optional<std::string>& to, const std::optional<std::string>& note) {
  op.require("take_contact", tr("desk handover"));
  const int off = op.utc_offset();
  std::optional<std::string> next;
  if (to) {
    const auto who = staff::get(op.db, *to);
    if (!who.active) fail(Exit::data_error, "staff member '{}' is not active", *to);
    if (who.login == op.login()) fail(Exit::usage, "--to '{}' is you: a handover goes to the next person", *to);
    if (contains(op.policy.roles.read_only, who.role))
      fail(Exit::usage, "--to '{}' has the read-only role {} and cannot take over the desk", *to, tr(who.role));
    next = who.login;
  }
  const Shift shift = ending_shift(op.policy, op.now);
  if (const auto done = handover_for(op.db, shift.start))
    fail(Exit::data_error, "the {} shift from {} was handed over already by {} at {} ({}; see 'svc desk handovers')",
         tr(shift.name), format_local(shift.start, off), done->by_login, format_local(done->written_at, off),
         done->ref());
  Handover h;
  h.shift = shift.name;
  h.shift_start = shift.start;
  h.shift_end = shift.end;
  h.by_login = op.login();
  h.to_login = next;
  h.written_at = op.now;
  h.note = note && !blank(*note) ? note : std::nullopt;
  h.contents = to_json(handover_sections(op.db, op.policy, shift, op.now), false);
  h.accept_by = svc::calendar(op.policy).add(op.now, op.policy.desk.accept_within, ClockKind::calendar);
  h.id = record::insert(op, "desk_handover", h,
                        {"shift", "shift_start", "shift_end", "by_login", "to_login", "written_at", "note", "contents",
                         "accept_by"});
  op.entry.set_entity(h.ref());
  op.entry.refer(h.ref());  // audit log --entity handover:N
  return h;
}

Handover get_handover(db::Database& db, std::int64_t id) {
  auto h = record::find<Handover>(db, kHandoverSelect, "h", id);
  if (!h) fail(Exit::no_input, "unknown handover {} (see 'svc desk handovers')", id);
  return *h;
}

Handover accept(Op& op, std::optional<std::int64_t> id) {
  const int off = op.utc_offset();
  Handover h;
  if (id) {
    h = get_handover(op.db, *id);
  } else {
    auto& st = op.db.cached(std::string(kHandoverSelect) +
                            " WHERE h.accepted_at IS NULL AND h.by_login <> :me AND (h.to_login IS NULL OR "
                            "h.to_login = :me) ORDER BY h.written_at, h.id LIMIT 1");
    st.bind(":me", op.login());
    if (!st.step())
      fail(Exit::no_input, "no handover is waiting for {} (see 'svc desk handovers --waiting')", op.login());
    h = record::read<Handover>(st);
    st.reset();
  }
  if (h.accepted_at)
    fail(Exit::data_error, "{} was accepted already by {} at {}", h.ref(), h.accepted_by.value_or("-"),
         format_local(*h.accepted_at, off));
  if (h.by_login == op.login())
    fail(Exit::no_perm, "{} is your own handover: the next person accepts it", h.ref());
  if (h.to_login && *h.to_login != op.login())
    fail(Exit::no_perm, "{} is handed over to {}: only they may accept it", h.ref(), *h.to_login);
  if (!h.to_login) op.require("take_contact", tr("accepting a handover"));
  h.accepted_at = op.now;
  h.accepted_by = op.login();
  record::update(op, "desk_handover", h, {"accepted_at", "accepted_by"});
  op.entry.set_entity(h.ref());
  op.entry.refer(h.ref());
  return h;
}

std::vector<Handover> handovers(db::Database& db, bool waiting_only, int limit) {
  auto st = db.prepare(std::string(kHandoverSelect) + (waiting_only ? " WHERE h.accepted_at IS NULL" : "") +
                       record::newest_order("h.id", limit));
  std::vector<Handover> out;
  while (st.step()) out.push_back(record::read<Handover>(st));
  record::reverse_newest(out, limit);
  return out;
}

Value to_value(const Handover& h, const Policy& policy, Timestamp now) {
  const int off = policy.site.utc_offset;
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(h.id)));
  v.set("ref", h.ref());
  v.set("shift", h.shift);
  v.set("shift_start", format_iso(h.shift_start, off));
  v.set("shift_end", format_iso(h.shift_end, off));
  v.set("by", h.by_login);
  v.set("to", h.to_login);
  v.set("written_at", format_iso(h.written_at, off));
  v.set("note", h.note);
  v.set("accept_by", format_iso(h.accept_by, off));
  v.set("accepted_at", h.accepted_at ? Value(format_iso(*h.accepted_at, off)) : Value());
  v.set("accepted_by", h.accepted_by);
  const Timestamp decided = h.accepted_at.value_or(now);
  v.set("state", h.accepted_at ? "accepted" : now > h.accept_by ? "overdue" : "waiting");
  v.set("late", decided > h.accept_by);
  const Value stored = parse_json(h.contents);
  Value sections = Value::object();
  Value counts = Value::object();
  // The sections the handover was written with: the table's order first, then any the table no
  // longer has, so an old handover reads as it was handed over.
  std::vector<std::string> names;
  for (const auto& section : handover_section_table())
    if (stored.has(section.name)) names.emplace_back(section.name);
  if (stored.is_object())
    for (const auto& [name, items] : stored.as_object())
      if (!contains(names, name)) names.push_back(name);
  for (const auto& name : names) {
    Value items = Value::array();
    if (stored.get(name).is_array())
      for (Value it : stored.get(name).as_array()) {
        if (it.get("due_at").is_int()) it.set("due_at", format_iso(it.get("due_at").as_int(), off));
        items.push(std::move(it));
      }
    counts.set(name, Value(static_cast<long long>(items.as_array().size())));
    sections.set(name, std::move(items));
  }
  v.set("counts", counts);
  v.set("sections", sections);
  return v;
}

// ---- the quality rates -------------------------------------------------------------------------

namespace {

void set_rate(Rate& r) { r.rate = fee::ratio(r.numerator, r.denominator); }

Value rate_value(const Rate& r) {
  Value v = Value::object();
  v.set("numerator", Value(static_cast<long long>(r.numerator)));
  v.set("denominator", Value(static_cast<long long>(r.denominator)));
  v.set("rate", r.rate ? Value(*r.rate) : Value());
  return v;
}

Value count(std::int64_t n) { return Value(static_cast<long long>(n)); }

}  // namespace

ResponseRate response_rate(db::Database& db, const Policy& policy, Timestamp from, Timestamp to, Timestamp now) {
  const Calendar cal = svc::calendar(policy);
  auto st = db.prepare(
      "SELECT c.id, c.kind, c.status, c.answered, d.name, d.due_at, d.met_at FROM desk_contact c "
      "LEFT JOIN deadline d ON d.subject = 'D' || c.id AND d.name IN ('reply_by', 'pass_by') "
      "WHERE c.received_at >= :from AND c.received_at < :to ORDER BY c.id");
  st.bind(":from", from).bind(":to", to);
  ResponseRate r;
  while (st.step()) {
    const std::string kind = st.text(1), status = st.text(2);
    if (status == "answered" && st.integer(3) != 0) {
      ++r.answered;  // handled on the spot
    } else if (status == "referred") {
      ++r.referred;  // recorded and passed on as a ticket or complaint
    } else if (kind == "suggestion") {
      ++r.routed;  // recorded and reported to the department head at once
    } else if (!st.is_null(4)) {
      deadline::Deadline d;
      d.due_at = d.base_due_at = st.integer(5);
      d.met_at = st.opt_integer(6);
      const auto s = deadline::evaluate(d, now, cal, std::nullopt);
      if (s.state == deadline::State::met) ++r.kept;
      else if (s.state == deadline::State::due) ++r.pending;
      else if (d.met_at) ++r.late;
      else ++r.missed;
    } else {
      ++r.missed;  // nothing promised and nothing done: cannot happen through svc, counted against
    }
  }
  r.numerator = r.answered + r.referred + r.routed + r.kept;
  r.denominator = r.numerator + r.late + r.missed;
  set_rate(r);
  return r;
}

CourtesyRate courtesy_rate(db::Database& db, const Policy& policy, Timestamp from, Timestamp to) {
  CourtesyRate r;
  {
    auto& st = db.cached("SELECT count(*) FROM desk_contact WHERE received_at >= :from AND received_at < :to");
    st.bind(":from", from).bind(":to", to);
    st.step();
    r.contacts = st.integer(0);
    st.reset();
  }
  {
    auto& st = db.cached(
        "SELECT count(*) FROM complaint WHERE kind = 'complaint' AND validity = 'valid' AND category = :category "
        "AND received_at >= :from AND received_at < :to");
    st.bind(":category", policy.desk.attitude_category).bind(":from", from).bind(":to", to);
    st.step();
    r.attitude_complaints = st.integer(0);
    st.reset();
  }
  r.denominator = r.contacts;
  r.numerator = std::max<std::int64_t>(0, r.contacts - r.attitude_complaints);
  set_rate(r);
  return r;
}

std::vector<std::pair<std::string, std::int64_t>> tally(db::Database& db, Timestamp from, Timestamp to) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& k : kKinds) out.emplace_back(k, 0);
  auto& st = db.cached(
      "SELECT kind, count(*) FROM desk_contact WHERE received_at >= :from AND received_at < :to GROUP BY kind");
  st.bind(":from", from).bind(":to", to);
  while (st.step()) {
    const std::string kind = st.text(0);
    for (auto& [k, n] : out)
      if (k == kind) n = st.integer(1);
  }
  st.reset();
  return out;
}

Value to_value(const ResponseRate& r) {
  Value v = rate_value(r);
  v.set("answered", count(r.answered));
  v.set("referred", count(r.referred));
  v.set("routed", count(r.routed));
  v.set("kept", count(r.kept));
  v.set("late", count(r.late));
  v.set("missed", count(r.missed));
  v.set("pending", count(r.pending));
  return v;
}

Value to_value(const CourtesyRate& r) {
  Value v = rate_value(r);
  v.set("contacts", count(r.contacts));
  v.set("attitude_complaints", count(r.attitude_complaints));
  return v;
}

}  // namespace svc::desk
