// Repair tickets: intake, lifecycle, deadlines (domain-rules 1.3, 1.9), callbacks, charges (1.7).
#include "svc/ticket.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "svc/error.hpp"
#include "svc/history.hpp"
#include "svc/privacy.hpp"
#include "svc/unit.hpp"

namespace svc::ticket {
namespace {

constexpr std::string_view kSelect =
    "SELECT t.id, t.scope, t.unit_id, u.code, t.location, t.category, t.urgency, t.status, t.wait_reason, "
    "t.resume_status, t.paid, t.price_fen, t.charge_fen, t.description, t.reporter, t.phone, t.channel, "
    "t.assignee, t.created_by, t.created_at, t.appointment_at, t.dispatched_at, t.arrived_at, t.done_at, "
    "t.leak_test_at, t.closed_at, t.cancelled_at, t.note FROM ticket t LEFT JOIN unit u ON u.id = t.unit_id";

Ticket read(db::Statement& st) {
  Ticket t;
  t.id = st.integer(0);
  t.scope = st.text(1);
  t.unit_id = st.opt_integer(2);
  t.unit = st.opt_text(3);
  t.location = st.opt_text(4);
  t.category = st.text(5);
  t.urgency = st.text(6);
  t.status = st.text(7);
  t.wait_reason = st.opt_text(8);
  t.resume_status = st.opt_text(9);
  t.paid = st.integer(10) != 0;
  t.price_fen = st.opt_integer(11);
  t.charge_fen = st.opt_integer(12);
  t.description = st.text(13);
  t.reporter = st.opt_text(14);
  t.phone = st.opt_text(15);
  t.channel = st.text(16);
  t.assignee = st.opt_text(17);
  t.created_by = st.text(18);
  t.created_at = st.integer(19);
  t.appointment_at = st.opt_integer(20);
  t.dispatched_at = st.opt_integer(21);
  t.arrived_at = st.opt_integer(22);
  t.done_at = st.opt_integer(23);
  t.leak_test_at = st.opt_integer(24);
  t.closed_at = st.opt_integer(25);
  t.cancelled_at = st.opt_integer(26);
  t.note = st.opt_text(27);
  return t;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// What may follow each status: the message for an illegal transition names them.
std::vector<std::string> next_steps(const Ticket& t) {
  if (t.status == "new") return {"dispatch", "wait", "cancel"};
  if (t.status == "dispatched") return {"arrive", "no-answer", "wait", "dispatch", "cancel"};
  if (t.status == "arrived") return {"done", "wait", "cancel"};
  if (t.status == "waiting") return {"resume", "cancel"};
  if (t.status == "done") return {"visit log", "leak-test", "close", "reopen"};
  if (t.status == "closed") return {"reopen"};
  return {};
}

[[noreturn]] void illegal(const Ticket& t, std::string_view verb) {
  const auto next = next_steps(t);
  fail(Exit::data_error, "cannot {} {}: it is {} (next steps: {})", tr(verb), t.ref(), tr(t.status),
       next.empty() ? std::string(tr("none")) : join(next));
}

void require_status(const Ticket& t, std::string_view verb, std::initializer_list<std::string_view> allowed) {
  for (auto s : allowed)
    if (t.status == s) return;
  illegal(t, verb);
}

// Technicians record arrive/done/no-answer/waits on their own tickets only; the front desk (the
// take_ticket role) and above may record them for anyone (domain-rules 9.2).
void require_worker(Ctx& c, const Ticket& t, std::string_view what) {
  const auto& role = c.policy.roles.actions.at("take_ticket");
  if (staff::may(c.policy, c.actor, role)) return;
  staff::require_role(c.policy, c.actor, "technician", what);
  if (t.assignee != c.actor.staff.login)
    fail(Exit::no_perm, "permission denied: {} of {} is for its technician ({}) or role {} and above",
         what, t.ref(), t.assignee.value_or("-"), role);
}

void require_take(Ctx& c, std::string_view what) { staff::require_action(c.policy, c.actor, "take_ticket", what); }

const TicketSla& sla(const Policy& p, const Ticket& t) {
  return t.scope == "public" ? p.ticket.public_area : p.ticket.household;
}
std::string sla_key(const Ticket& t, std::string_view field) {
  return fmt::format("ticket.sla.{}.{}", t.scope == "public" ? "public" : "household", field);
}
std::string callback_class(const Policy& p, const std::string& category) {
  auto it = p.ticket.callback_class.find(category);
  return it == p.ticket.callback_class.end() ? "default" : it->second;
}

void event(Ctx& c, const Ticket& t, std::string kind, std::optional<std::string> from,
           std::optional<std::string> to, std::string detail = "") {
  history::record(c.db, c.entry, history::Event{0, t.ref(), c.now, c.actor.staff.login, std::move(kind),
                                                std::move(from), std::move(to), std::move(detail)});
}

deadline::Deadline set_deadline(Ctx& c, const Ticket& t, std::string name, std::string rule,
                                 std::optional<Duration> duration, std::string start_event, Timestamp start) {
  return deadline::set(c.db, c.entry, svc::calendar(c.policy), c.policy.hash, t.ref(),
                       deadline::Spec{std::move(name), std::move(rule), c.policy.ticket.clock, duration,
                                      std::move(start_event), start});
}

// complete_by of a scheduled job: complete_within after the appointment, or after dispatch if
// that is later (domain-rules 1.3, 预约: 两天内应维修完毕).
void set_complete_by(Ctx& c, const Ticket& t) {
  const auto& s = sla(c.policy, t);
  if (t.urgency == "scheduled") {
    const Timestamp start = std::max(t.appointment_at.value_or(c.now), t.dispatched_at.value_or(c.now));
    const bool after_dispatch = t.dispatched_at && *t.dispatched_at > t.appointment_at.value_or(0);
    set_deadline(c, t, "complete_by", sla_key(t, "complete_within"), s.complete_within,
                 after_dispatch ? "dispatched" : "appointment", start);
  } else if (s.urgent_complete_within) {
    set_deadline(c, t, "complete_by", sla_key(t, "urgent_complete_within"), *s.urgent_complete_within,
                 "dispatched", *t.dispatched_at);
  }
}

void set_callback_by(Ctx& c, const Ticket& t) {
  const std::string cls = callback_class(c.policy, t.category);
  const auto& cb = c.policy.ticket.callback;
  if (cls == "leak") {
    // domain-rules 1.9: 试漏后3天内 — nothing is owed before the leak test.
    if (t.leak_test_at) set_deadline(c, t, "callback_by", "ticket.callback.leak", cb.leak, "leak_test", *t.leak_test_at);
    return;
  }
  const bool safety = cls == "safety";
  set_deadline(c, t, "callback_by", safety ? "ticket.callback.safety" : "ticket.callback.default",
               safety ? cb.safety : cb.fallback, "done", *t.done_at);
}

Timestamp parse_when(const Policy& p, std::string_view option, const std::string& text) {
  auto t = parse_time(text, p.site.utc_offset);
  if (!t)
    fail(Exit::usage, "{} '{}' is not a time (expected ISO-8601 such as 2026-11-22T09:15)", option, text);
  return *t;
}

Fen parse_money(std::string_view option, const std::string& text) {
  std::string why;
  auto fen = parse_yuan(text, false, &why);
  if (!fen) fail(Exit::usage, "{} '{}' is not an amount in yuan ({})", option, text, why);
  return *fen;
}

// Updates the ticket row from `t` (all mutable columns) with before/after audit snapshots.
void save(Ctx& c, const Ticket& t) {
  c.entry.before(c.db, "ticket", t.id);
  auto& st = c.db.cached(
      "UPDATE ticket SET status = :status, wait_reason = :wait, resume_status = :resume, charge_fen = :charge, "
      "assignee = :assignee, appointment_at = :appt, dispatched_at = :dispatched, arrived_at = :arrived, "
      "done_at = :done, leak_test_at = :leak, closed_at = :closed, cancelled_at = :cancelled, note = :note, "
      "urgency = :urgency, updated_at = :now WHERE id = :id");
  st.bind(":status", t.status).bind(":wait", t.wait_reason).bind(":resume", t.resume_status);
  st.bind(":charge", t.charge_fen).bind(":assignee", t.assignee).bind(":appt", t.appointment_at);
  st.bind(":dispatched", t.dispatched_at).bind(":arrived", t.arrived_at).bind(":done", t.done_at);
  st.bind(":leak", t.leak_test_at).bind(":closed", t.closed_at).bind(":cancelled", t.cancelled_at);
  st.bind(":note", t.note).bind(":urgency", t.urgency).bind(":now", c.now).bind(":id", t.id);
  st.run();
  c.entry.after(c.db, "ticket", t.id);
}

// domain-rules 1.7: a paid ticket's charge waits on the unit's ledger until fees are billed.
void post_charge(Ctx& c, const Ticket& t) {
  if (!t.paid || !c.policy.ticket.paid.post_to_ledger || !t.unit_id || !t.charge_fen || *t.charge_fen == 0) return;
  const std::string item = c.policy.ticket.paid.fee_item;
  auto& find_st = c.db.cached("SELECT id, amount_fen, bill_id FROM charge WHERE source = :source AND item = :item");
  find_st.bind(":source", t.ref()).bind(":item", item);
  if (find_st.step()) {
    const std::int64_t id = find_st.integer(0);
    const Fen amount = find_st.integer(1);
    const bool billed = !find_st.is_null(2);
    if (amount == *t.charge_fen) return;
    if (billed)
      fail(Exit::data_error, "the charge of {} ({} yuan) is billed already; it cannot become {} yuan", t.ref(),
           format_yuan(amount), format_yuan(*t.charge_fen));
    c.entry.before(c.db, "charge", id);
    c.db.cached("UPDATE charge SET amount_fen = :amount WHERE id = :id").bind(":amount", *t.charge_fen).bind(":id", id).run();
    c.entry.after(c.db, "charge", id);
    return;
  }
  auto& st = c.db.cached(
      "INSERT INTO charge (unit_id, item, amount_fen, source, created_at) VALUES (:unit, :item, :amount, :source, :now)");
  st.bind(":unit", *t.unit_id).bind(":item", item).bind(":amount", *t.charge_fen).bind(":source", t.ref());
  st.bind(":now", c.now).run();
  c.entry.after(c.db, "charge", c.db.last_insert_id());
}

}  // namespace

std::int64_t parse_ref(std::string_view text) {
  auto id = audit::parse_ref_id(text, 'T');
  if (!id) fail(Exit::usage, "'{}' is not a ticket (expected T12 or 12)", text);
  return *id;
}

std::optional<Ticket> find(db::Database& db, std::int64_t id) {
  auto& st = db.cached(std::string(kSelect) + " WHERE t.id = :id");
  st.bind(":id", id);
  if (!st.step()) return std::nullopt;
  return read(st);
}

Ticket get(db::Database& db, std::int64_t id) {
  auto t = find(db, id);
  if (!t) fail(Exit::no_input, "unknown ticket 'T{}' (see 'svc ticket list')", id);
  return *t;
}

Ticket create(Ctx& c, const Intake& in) {
  require_take(c, tr("ticket new"));
  const auto& p = c.policy;
  if (!contains(p.ticket.categories, in.category))
    fail(Exit::usage, "--category '{}' is not a ticket category (allowed: {})", in.category, join(p.ticket.categories));
  if (in.description.empty()) fail(Exit::usage, "--desc must describe the problem");
  if (!contains(kChannels, in.channel))
    fail(Exit::usage, "--channel '{}' is not a channel (allowed: {})", in.channel, join(kChannels));
  std::optional<std::int64_t> unit_id;
  if (in.is_public) {
    if (in.unit) fail(Exit::usage, "give either --unit (a household repair) or --public --location, not both");
    if (!in.location || in.location->empty()) fail(Exit::usage, "a public-facility ticket needs --location");
  } else {
    if (!in.unit) fail(Exit::usage, "give --unit for a household repair, or --public --location for a public facility");
    unit_id = unit::get(c.db, *in.unit).id;
  }
  std::optional<Timestamp> appointment;
  if (in.urgent && in.appoint) fail(Exit::usage, "--appoint is for scheduled tickets; an urgent ticket is attended at once");
  if (!in.urgent) {
    if (!in.appoint) fail(Exit::usage, "a scheduled ticket needs --appoint TIME (or use --urgent)");
    appointment = parse_when(p, "--appoint", *in.appoint);
    if (*appointment < c.now)
      fail(Exit::usage, "--appoint '{}' is in the past (now is {})", *in.appoint, format_local(c.now, p.site.utc_offset));
  }
  std::optional<Fen> price;
  if (in.price) {
    if (!in.paid) fail(Exit::usage, "--price is for paid tickets (add --paid)");
    price = parse_money("--price", *in.price);
  }
  if (in.paid && in.is_public) fail(Exit::usage, "a paid ticket needs a unit to charge (domain-rules 1.7)");
  std::optional<std::string> phone;
  if (in.phone && !in.phone->empty()) {
    phone = normalize_phone(*in.phone);
    if (!phone) fail(Exit::usage, "--phone '{}' is not a phone number (allowed: 7-15 digits, optionally with '+' and '-')", *in.phone);
  }

  auto& st = c.db.cached(
      "INSERT INTO ticket (scope, unit_id, location, category, urgency, status, paid, price_fen, description, "
      "reporter, phone, channel, created_by, created_at, appointment_at, updated_at) VALUES (:scope, :unit, "
      ":location, :category, :urgency, 'new', :paid, :price, :desc, :reporter, :phone, :channel, :by, :now, "
      ":appt, :now)");
  st.bind(":scope", in.is_public ? "public" : "household").bind(":unit", unit_id).bind(":location", in.location);
  st.bind(":category", in.category).bind(":urgency", in.urgent ? "urgent" : "scheduled");
  st.bind(":paid", in.paid ? 1 : 0).bind(":price", price).bind(":desc", in.description);
  st.bind(":reporter", in.reporter).bind(":phone", phone).bind(":channel", in.channel);
  st.bind(":by", c.actor.staff.login).bind(":now", c.now).bind(":appt", appointment);
  st.run();
  const std::int64_t id = c.db.last_insert_id();
  c.entry.after(c.db, "ticket", id);
  Ticket t = get(c.db, id);
  c.entry.set_entity(t.ref());
  event(c, t, "created", std::nullopt, "new", in.description);
  // domain-rules 1.3: write the 派工单 and notify engineering — the dispatch deadline.
  set_deadline(c, t, "dispatch_by", sla_key(t, "dispatch_within"), sla(p, t).dispatch_within, "created", t.created_at);
  // A scheduled job is due at the agreed appointment (应准时到达).
  if (appointment) set_deadline(c, t, "arrive_by", "ticket.appointment", std::nullopt, "appointment", *appointment);
  return t;
}

Ticket dispatch(Ctx& c, std::int64_t id, const std::string& to) {
  require_take(c, tr("ticket dispatch"));
  Ticket t = get(c.db, id);
  require_status(t, "dispatch", {"new", "dispatched"});
  const auto who = staff::get(c.db, to);
  if (!who.active) fail(Exit::data_error, "staff member '{}' is not active", to);
  if (who.role != "technician")
    fail(Exit::usage, "--to '{}' is {}, not a technician (see 'svc staff list --role technician')", to, who.role);
  if (t.status == "dispatched") {
    if (t.assignee == to) fail(Exit::usage, "{} is already dispatched to {}", t.ref(), to);
    const auto from = t.assignee;
    t.assignee = to;
    save(c, t);
    event(c, t, "reassigned", t.status, t.status, fmt::format("{} → {}", from.value_or("-"), to));
    return t;
  }
  t.status = "dispatched";
  t.assignee = to;
  t.dispatched_at = c.now;
  save(c, t);
  event(c, t, "dispatched", "new", "dispatched", to);
  deadline::meet(c.db, c.entry, t.ref(), "dispatch_by", c.now);
  const auto& s = sla(c.policy, t);
  // Urgent: on site within arrive_within of receiving the slip (domain-rules 1.3).
  if (t.urgency == "urgent") set_deadline(c, t, "arrive_by", sla_key(t, "arrive_within"), s.arrive_within, "dispatched", c.now);
  set_complete_by(c, t);
  return t;
}

Ticket arrive(Ctx& c, std::int64_t id) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket arrive"));
  require_status(t, "mark arrival of", {"dispatched"});
  t.status = "arrived";
  t.arrived_at = c.now;
  save(c, t);
  event(c, t, "arrived", "dispatched", "arrived");
  deadline::meet(c.db, c.entry, t.ref(), "arrive_by", c.now);
  return t;
}

Ticket done(Ctx& c, std::int64_t id, const Done& d) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket done"));
  if (d.charge && !t.paid) fail(Exit::usage, "--charge is for paid tickets; {} is free", t.ref());
  require_status(t, "complete", {"arrived"});
  if (d.charge) {
    t.charge_fen = parse_money("--charge", *d.charge);
  } else if (t.paid) {
    // domain-rules 1.7: the price agreed at intake, or the repairer sets it from the actual cost.
    if (!t.price_fen) fail(Exit::usage, "{} is a paid ticket with no agreed price: give --charge YUAN", t.ref());
    t.charge_fen = t.price_fen;
  }
  if (d.leak_test_at) {
    if (callback_class(c.policy, t.category) != "leak")
      fail(Exit::usage, "--leak-test-at is for leak tickets; {} is {}", t.ref(), t.category);
    const Timestamp at = parse_when(c.policy, "--leak-test-at", *d.leak_test_at);
    if (at < t.arrived_at.value_or(0))
      fail(Exit::usage, "--leak-test-at '{}' is before the repairer arrived", *d.leak_test_at);
    if (at > c.now) fail(Exit::usage, "--leak-test-at '{}' is in the future; record it with 'svc ticket leak-test' when done", *d.leak_test_at);
    t.leak_test_at = at;
  }
  t.status = "done";
  t.done_at = c.now;
  if (d.note) t.note = d.note;
  save(c, t);
  event(c, t, "done", "arrived", "done", d.note.value_or(""));
  deadline::meet(c.db, c.entry, t.ref(), "complete_by", c.now);
  post_charge(c, t);
  set_callback_by(c, t);
  return t;
}

Ticket leak_test(Ctx& c, std::int64_t id, const std::optional<std::string>& at_text) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket leak-test"));
  if (callback_class(c.policy, t.category) != "leak")
    fail(Exit::usage, "{} is a {} ticket; leak tests are for leak tickets", t.ref(), t.category);
  require_status(t, "record a leak test for", {"done"});
  const Timestamp at = at_text ? parse_when(c.policy, "--at", *at_text) : c.now;
  if (at > c.now) fail(Exit::usage, "--at '{}' is in the future", *at_text);
  if (at < *t.done_at) fail(Exit::usage, "--at '{}' is before the repair was done ({})", at_text.value_or(""), format_local(*t.done_at, c.policy.site.utc_offset));
  if (t.leak_test_at) fail(Exit::data_error, "{} already has a leak test at {}", t.ref(), format_local(*t.leak_test_at, c.policy.site.utc_offset));
  t.leak_test_at = at;
  save(c, t);
  event(c, t, "leak_test", t.status, t.status, format_iso(at, c.policy.site.utc_offset));
  set_callback_by(c, t);
  return t;
}

Ticket wait(Ctx& c, std::int64_t id, const std::string& reason) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket wait"));
  if (!contains(c.policy.ticket.pause_statuses, reason))
    fail(Exit::usage, "--reason '{}' is not a waiting status (allowed: {})", reason, join(c.policy.ticket.pause_statuses));
  require_status(t, "pause", {"new", "dispatched", "arrived"});
  const std::string from = t.status;
  t.resume_status = t.status;
  t.status = "waiting";
  t.wait_reason = reason;
  save(c, t);
  event(c, t, "waiting", from, "waiting", reason);
  deadline::pause(c.db, c.entry, t.ref(), reason, c.now);
  return t;
}

Ticket resume(Ctx& c, std::int64_t id) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket resume"));
  require_status(t, "resume", {"waiting"});
  const std::string reason = t.wait_reason.value_or("");
  t.status = t.resume_status.value_or("dispatched");
  t.wait_reason.reset();
  t.resume_status.reset();
  save(c, t);
  event(c, t, "resumed", "waiting", t.status, reason);
  deadline::resume(c.db, c.entry, svc::calendar(c.policy), t.ref(), c.now);
  return t;
}

Ticket no_answer(Ctx& c, std::int64_t id, const std::string& next, const std::optional<std::string>& note) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket no-answer"));
  require_status(t, "record no answer for", {"dispatched"});
  const Timestamp at = parse_when(c.policy, "--next", next);
  if (at <= c.now) fail(Exit::usage, "--next '{}' must be later than now ({})", next, format_local(c.now, c.policy.site.utc_offset));
  // domain-rules 1.5: nobody answered after the door rule; a new visit time is agreed.
  t.appointment_at = at;
  save(c, t);
  event(c, t, "no_answer", t.status, t.status,
        fmt::format("{} {}{}", tr("next visit"), format_iso(at, c.policy.site.utc_offset), note ? " — " + *note : ""));
  set_deadline(c, t, "arrive_by", "ticket.appointment", std::nullopt, "rescheduled", at);
  if (t.urgency == "scheduled") set_complete_by(c, t);
  return t;
}

Ticket cancel(Ctx& c, std::int64_t id, const std::string& reason) {
  Ticket t = get(c.db, id);
  if (reason.empty()) fail(Exit::usage, "--reason must say why the ticket is cancelled");
  require_status(t, "cancel", {"new", "dispatched", "arrived", "waiting"});
  if (t.status == "new")
    require_take(c, tr("ticket cancel"));
  else
    staff::require_action(c.policy, c.actor, "cancel_dispatched_ticket", tr("cancelling a dispatched ticket"));
  const std::string from = t.status;
  if (t.status == "waiting") deadline::resume(c.db, c.entry, svc::calendar(c.policy), t.ref(), c.now);
  t.status = "cancelled";
  t.cancelled_at = c.now;
  t.wait_reason.reset();
  t.resume_status.reset();
  save(c, t);
  event(c, t, "cancelled", from, "cancelled", reason);
  // Deadlines still open no longer apply to a cancelled job.
  for (const auto& d : deadline::of(c.db, t.ref()))
    if (!d.met_at) deadline::remove(c.db, c.entry, t.ref(), d.name);
  return t;
}

Ticket reopen(Ctx& c, std::int64_t id, const std::string& reason, const std::optional<std::string>& to) {
  require_take(c, tr("ticket reopen"));
  Ticket t = get(c.db, id);
  if (reason.empty()) fail(Exit::usage, "--reason must say why the ticket is reopened");
  require_status(t, "reopen", {"done", "closed"});
  if (to) {
    const auto who = staff::get(c.db, *to);
    if (who.role != "technician" || !who.active)
      fail(Exit::usage, "--to '{}' is {}, not an active technician", *to, who.role);
    t.assignee = *to;
  }
  const std::string from = t.status;
  // The rectification (整改, domain-rules 1.9) goes back to the technician; the callback is owed
  // again after the next completion.
  t.status = "dispatched";
  t.arrived_at.reset();
  t.done_at.reset();
  t.leak_test_at.reset();
  t.closed_at.reset();
  save(c, t);
  event(c, t, "reopened", from, "dispatched", to ? fmt::format("{} (→ {})", reason, *to) : reason);
  deadline::remove(c.db, c.entry, t.ref(), "callback_by");
  return t;
}

Ticket close(Ctx& c, std::int64_t id, const Close& how) {
  require_take(c, tr("ticket close"));
  Ticket t = get(c.db, id);
  require_status(t, "close", {"done"});
  std::string detail;
  if (how.no_callback) {
    staff::require_action(c.policy, c.actor, "close_without_callback", tr("closing without a callback"));
    if (!how.reason || how.reason->empty()) fail(Exit::usage, "--no-callback needs --reason");
    detail = fmt::format("{}: {}", tr("without callback"), *how.reason);
  } else if (!visit::has_callback_since(c.db, t.ref(), *t.done_at)) {
    // domain-rules 1.9: 对维修服务回访处理率达100% — every repair gets a callback.
    fail(Exit::data_error,
         "{} has no callback yet: log it with 'svc visit log --ticket {} --method phone --rating N' (a "
         "supervisor may close with --no-callback --reason)",
         t.ref(), t.ref());
  }
  t.status = "closed";
  t.closed_at = c.now;
  save(c, t);
  event(c, t, "closed", "done", "closed", detail);
  return t;
}

CallbackResult record_callback(Ctx& c, std::int64_t id, const std::string& method, int rating,
                               const std::optional<std::string>& note, const std::optional<std::string>& to) {
  require_take(c, tr("visit log"));
  Ticket t = get(c.db, id);
  require_status(t, "log a callback for", {"done"});
  CallbackResult r;
  r.visit = visit::log_callback(c.db, c.entry, t.ref(), t.unit_id, method, rating, note, c.actor.staff.login, c.now);
  event(c, t, "callback", t.status, t.status, fmt::format("{} {}/5", tr(method), rating));
  if (rating <= c.policy.ticket.callback.reopen_at_or_below) {
    t = reopen(c, id, fmt::format(fmt::runtime(tr("callback rating {} (at or below {})")), rating,
                                  c.policy.ticket.callback.reopen_at_or_below),
               to);
    r.reopened = true;
  }
  r.ticket = get(c.db, id);
  return r;
}

std::vector<Ticket> list(db::Database& db, const Policy& policy, Timestamp now, const ListFilter& f) {
  std::string sql = std::string(kSelect) + " WHERE 1=1";
  if (f.status) sql += " AND t.status = :status";
  if (f.unit) sql += " AND u.code = :unit";
  if (f.assignee) sql += " AND t.assignee = :assignee";
  if (f.category) sql += " AND t.category = :category";
  if (f.since) sql += " AND t.created_at >= :since";
  if (f.open_only || f.overdue || f.due_within) sql += " AND t.status NOT IN ('closed', 'cancelled')";
  sql += " ORDER BY t.id";
  auto st = db.prepare(sql);
  if (f.status) st.bind(":status", *f.status);
  if (f.unit) st.bind(":unit", *f.unit);
  if (f.assignee) st.bind(":assignee", *f.assignee);
  if (f.category) st.bind(":category", *f.category);
  if (f.since) st.bind(":since", *f.since);
  std::vector<Ticket> out;
  std::vector<Ticket> all;
  while (st.step()) all.push_back(read(st));
  const Calendar cal = svc::calendar(policy);
  for (auto& t : all) {
    if (f.overdue || f.due_within) {
      const auto open = deadline::open_pause(db, t.ref());
      bool keep = false;
      for (const auto& d : deadline::of(db, t.ref())) {
        if (d.met_at) continue;
        const auto s = deadline::evaluate(d, now, cal, open);
        if (f.overdue && s.state == deadline::State::missed) keep = true;
        if (f.due_within && s.state == deadline::State::due && s.seconds_left <= *f.due_within) keep = true;
      }
      if (!keep) continue;
    }
    out.push_back(std::move(t));
    if (f.limit > 0 && static_cast<int>(out.size()) >= f.limit) break;
  }
  return out;
}

std::vector<std::string> open_refs(db::Database& db, int limit) {
  auto& st = db.cached(
      "SELECT id FROM ticket WHERE status NOT IN ('closed', 'cancelled') ORDER BY id DESC LIMIT :limit");
  st.bind(":limit", limit);
  std::vector<std::string> out;
  while (st.step()) out.push_back(fmt::format("T{}", st.integer(0)));
  return out;
}

Value to_value(db::Database& db, const Policy& policy, const Ticket& t, Timestamp now, bool reveal) {
  const int off = policy.site.utc_offset;
  auto iso = [&](const std::optional<Timestamp>& x) { return x ? Value(format_iso(*x, off)) : Value(); };
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(t.id)));
  v.set("ref", t.ref());
  v.set("status", t.status);
  v.set("wait_reason", t.wait_reason);
  v.set("unit", t.unit);
  v.set("location", t.location);
  v.set("scope", t.scope);
  v.set("category", t.category);
  v.set("urgency", t.urgency);
  v.set("paid", t.paid);
  v.set("price_fen", t.price_fen ? Value(static_cast<long long>(*t.price_fen)) : Value());
  v.set("charge_fen", t.charge_fen ? Value(static_cast<long long>(*t.charge_fen)) : Value());
  v.set("description", t.description);
  v.set("reporter", t.reporter);
  v.set("phone", t.phone ? Value(reveal ? *t.phone : mask_phone(*t.phone)) : Value());
  v.set("channel", t.channel);
  v.set("assignee", t.assignee);
  v.set("created_by", t.created_by);
  v.set("created_at", format_iso(t.created_at, off));
  v.set("appointment_at", iso(t.appointment_at));
  v.set("dispatched_at", iso(t.dispatched_at));
  v.set("arrived_at", iso(t.arrived_at));
  v.set("done_at", iso(t.done_at));
  v.set("leak_test_at", iso(t.leak_test_at));
  v.set("closed_at", iso(t.closed_at));
  v.set("cancelled_at", iso(t.cancelled_at));
  v.set("note", t.note);

  const Calendar cal = svc::calendar(policy);
  const auto list = deadline::of(db, t.ref());
  const auto open = deadline::open_pause(db, t.ref());
  auto summary = deadline::summarize(list, {"dispatch_by", "arrive_by", "complete_by", "callback_by"}, now, cal, open, off);
  v.set("deadlines", std::move(summary.deadlines));
  v.set("overdue", std::move(summary.overdue));
  v.set("deadline_states", deadline::states_value(list, now, cal, open, off));
  const auto rating = visit::last_rating(db, t.ref());
  v.set("rating", rating ? Value(*rating) : Value());
  return v;
}

std::vector<deadline::Explanation> explain(db::Database& db, const Policy& policy, const Ticket& t, Timestamp now) {
  const Calendar cal = svc::calendar(policy);
  const int off = policy.site.utc_offset;
  std::vector<deadline::Explanation> out;
  const auto list = deadline::of(db, t.ref());
  for (const char* name : {"dispatch_by", "arrive_by", "complete_by", "callback_by"}) {
    deadline::Explanation e{name, {}};
    if (const auto* d = deadline::named(list, name)) {
      e.lines = deadline::explain(*d, db, now, cal, policy.hash, off);
    } else if (t.status == "cancelled") {
      e.lines.push_back(std::string(tr("n/a: the ticket was cancelled")));
    } else if (std::string_view(name) == "arrive_by") {
      e.lines.push_back(std::string(tr("n/a until dispatch: an urgent job is due on site arrive_within after dispatch (domain-rules 1.3)")));
    } else if (std::string_view(name) == "complete_by") {
      if (t.urgency == "urgent" && !sla(policy, t).urgent_complete_within)
        e.lines.push_back(fmt::format(fmt::runtime(tr("n/a: urgent jobs are repaired on the spot and have no completion deadline ({} is not set; domain-rules 1.3)")),
                                      sla_key(t, "urgent_complete_within")));
      else
        e.lines.push_back(std::string(tr("n/a until dispatch: complete_within after the appointment, or after dispatch if later (domain-rules 1.3)")));
    } else if (std::string_view(name) == "callback_by") {
      if (callback_class(policy, t.category) == "leak" && t.done_at)
        e.lines.push_back(std::string(tr("n/a until the leak test: leak callbacks are due 3 days after the leak test (试漏后3天内, domain-rules 1.9)")));
      else
        e.lines.push_back(std::string(tr("n/a until the repair is done: the callback is due after completion (domain-rules 1.9)")));
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace svc::ticket
