// Repair tickets: intake, lifecycle, deadlines (domain-rules 1.3, 1.9), callbacks, charges (1.7).
#include "svc/ticket.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "svc/alias.hpp"
#include "svc/error.hpp"
#include "svc/privacy.hpp"
#include "svc/strings.hpp"
#include "svc/unit.hpp"
#include "svc/when.hpp"

namespace svc::ticket {

const record::Fields<Ticket>& Ticket::fields() {
  static const auto f =
      SVC_FIELDS(Ticket, id, status, wait_reason, resume_status, unit_id, unit, location, scope, category, urgency, paid,
                 price_fen, charge_fen, description, reporter, phone, channel, assignee, created_by, created_at,
                 appointment_at, dispatched_at, arrived_at, done_at, leak_test_at, closed_at, cancelled_at, note);
  return f;
}

namespace {

const std::vector<std::string> kDeadlines = {"dispatch_by", "arrive_by", "complete_by", "callback_by"};
constexpr std::string_view kSelect = "SELECT t.*, u.code AS unit FROM ticket t LEFT JOIN unit u ON u.id = t.unit_id";
// What `save` writes back: every column a lifecycle step may change.
const std::vector<std::string_view> kMutable = {
    "status",      "wait_reason",  "resume_status", "charge_fen", "assignee", "appointment_at", "dispatched_at",
    "arrived_at",  "done_at",      "leak_test_at",  "closed_at",  "cancelled_at", "note", "urgency"};

// Which verb each status allows (the "next steps" of a refusal, domain-rules 1.3–1.9).
const record::Lifecycle& lifecycle() {
  static const record::Lifecycle l({
      {"dispatch", "dispatch", {"new", "dispatched"}},
      {"arrive", "mark arrival of", {"dispatched"}},
      {"no-answer", "record no answer for", {"dispatched"}},
      {"wait", "pause", {"new", "dispatched", "arrived"}},
      {"resume", "resume", {"waiting"}},
      {"done", "complete", {"arrived"}},
      {"visit log", "log a callback for", {"done"}},
      {"leak-test", "record a leak test for", {"done"}},
      {"close", "close", {"done"}},
      {"reopen", "reopen", {"done", "closed"}},
      {"cancel", "cancel", {"new", "dispatched", "arrived", "waiting"}},
      // Corrections: allowed, but no step forward (not among a refusal's next steps).
      {"undispatch", "take back the dispatch of", {"dispatched"}, {}, false},
      {"edit", "edit", {"new", "dispatched", "arrived", "waiting", "done"}, {}, false},
  });
  return l;
}

// Loads the ticket and checks that `verb` is allowed in its status.
Ticket load(Op& c, std::int64_t id, std::string_view verb) {
  Ticket t = get(c.db, id);
  lifecycle().require(verb, t.ref(), t.status);
  return t;
}

// Technicians record arrive/done/no-answer/waits on their own tickets only; the front desk (the
// take_ticket role) and above may record them for anyone (domain-rules 9.2).
void require_worker(Op& c, const Ticket& t, std::string_view what) {
  if (c.may("take_ticket")) return;
  c.require_role("technician", what);
  if (t.assignee != c.login())
    fail(Exit::no_perm, "permission denied: {} of {} is for its technician ({}) or role {} and above",
         what, t.ref(), t.assignee.value_or("-"), tr(c.policy.roles.actions.at("take_ticket")));
}

void require_take(Op& c, std::string_view what) { c.require("take_ticket", what); }

// Who picks the repairer (domain-rules 9.2): the front desk for a household (接待员, 003 L262), the
// engineering foreman for a public facility (工程部领班, 003 L284) — the front desk records and
// hands the slip over.
void require_dispatch(Op& c, const Ticket& t) {
  if (t.scope == "public")
    c.require("dispatch_public_ticket", tr("dispatching a public-facility ticket"));
  else
    require_take(c, tr("ticket dispatch"));
}

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
bool is_leak(const Policy& p, const Ticket& t) { return callback_class(p, t.category) == "leak"; }

// domain-rules 1.9 (试漏后3天内回访): a leak repair's callback counts only after its leak test, so
// nothing may be logged or closed before it.
void require_leak_test(const Policy& p, const Ticket& t, std::string_view verb) {
  if (!is_leak(p, t) || t.leak_test_at) return;
  if (verb == "close")
    fail(Exit::data_error,
         "cannot close {}: a leak repair needs its leak test (试漏) and then a callback; record "
         "the leak test first with 'svc ticket leak-test {}'",
         t.ref(), t.ref());
  fail(Exit::data_error,
       "{} is a leak repair waiting for its leak test (试漏): record the leak test first with 'svc ticket leak-test "
       "{}'; the callback counts only after it and is due 3 days later",
       t.ref(), t.ref());
}

void event(Op& c, const Ticket& t, std::string_view kind, std::optional<std::string> from,
           std::optional<std::string> to, const Value& facts = Value::object()) {
  record::event(c, t.ref(), kind, from, to, facts);
}

Value facts(std::initializer_list<std::pair<std::string_view, Value>> items) {
  Value v = Value::object();
  for (const auto& [k, x] : items)
    if (!x.is_null()) v.set(k, x);
  return v;
}

deadline::Deadline set_deadline(Op& c, const Ticket& t, std::string name, std::string rule,
                                 std::optional<Duration> duration, std::string start_event, Timestamp start) {
  return deadline::set(c.db, c.entry, svc::calendar(c.policy), c.policy.hash(), t.ref(),
                       deadline::Spec{std::move(name), std::move(rule), c.policy.ticket.clock, duration,
                                      std::move(start_event), start});
}

// complete_by of a scheduled job: complete_within after the appointment, or after dispatch if
// that is later (domain-rules 1.3, 预约: 两天内应维修完毕).
void set_complete_by(Op& c, const Ticket& t) {
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

void set_callback_by(Op& c, const Ticket& t) {
  const std::string cls = callback_class(c.policy, t.category);
  const auto& cb = c.policy.ticket.callback;
  if (is_leak(c.policy, t)) {
    // domain-rules 1.9: 试漏后3天内 — nothing is owed before the leak test.
    if (t.leak_test_at) set_deadline(c, t, "callback_by", "ticket.callback.leak", cb.leak, "leak_test", *t.leak_test_at);
    return;
  }
  const bool safety = cls == "safety";
  set_deadline(c, t, "callback_by", safety ? "ticket.callback.safety" : "ticket.callback.default",
               safety ? cb.safety : cb.fallback, "done", *t.done_at);
}

// A price or charge in yuan, no more than the policy's ticket.paid.max_charge (a mistyped
// 99999999999 would otherwise become a real bill).
Fen parse_money(const Policy& p, std::string_view option, const std::string& text) {
  std::string why;
  auto fen = parse_yuan(text, false, &why);
  if (!fen) fail(Exit::usage, "{} '{}' is not an amount in yuan ({})", option, text, why);
  if (p.ticket.paid.max_charge > 0 && *fen > p.ticket.paid.max_charge)
    fail(Exit::usage, "{} '{}' is more than a paid repair may cost ({} yuan, ticket.paid.max_charge)", option, text,
         format_yuan(p.ticket.paid.max_charge));
  return *fen;
}

void save(Op& c, const Ticket& t) { record::update(c, "ticket", t, kMutable); }

// domain-rules 1.7: a paid ticket's charge waits on the unit's ledger until fees are billed. A
// charge on a bill is not changed behind it: the bill is cancelled first ('svc fee cancel'), and
// then the charge waits for the next billing again, at its new amount.
void post_charge(Op& c, const Ticket& t) {
  if (!t.paid || !c.policy.ticket.paid.post_to_ledger || !t.unit_id) return;
  const Fen amount = t.charge_fen.value_or(0);
  const std::string item = c.policy.ticket.paid.fee_item;
  auto& find_st = c.db.cached(
      "SELECT c.id, c.amount_fen, c.bill_id, b.status FROM charge c LEFT JOIN bill b ON b.id = c.bill_id "
      "WHERE c.source = :source AND c.item = :item");
  find_st.bind(":source", t.ref()).bind(":item", item);
  if (find_st.step()) {
    const std::int64_t id = find_st.integer(0);
    const Fen was = find_st.integer(1);
    const auto bill = find_st.opt_integer(2);
    const bool billed = bill && find_st.opt_text(3).value_or("") != "void";
    find_st.reset();
    if (amount == was) return;
    if (billed)
      fail(Exit::data_error,
           "the charge of {} ({} yuan) is on bill {} already; to charge {} yuan, cancel that bill first ('svc fee "
           "cancel {} --reason ...'), then give --charge again",
           t.ref(), format_yuan(was), *bill, format_yuan(amount), *bill);
    c.entry.before(c.db, "charge", id);
    if (amount == 0) {
      c.db.cached("DELETE FROM charge WHERE id = :id").bind(":id", id).run();
    } else {
      // Waiting for the next billing again (its old bill, if any, was cancelled).
      c.db.cached("UPDATE charge SET amount_fen = :amount, bill_id = NULL WHERE id = :id")
          .bind(":amount", amount)
          .bind(":id", id)
          .run();
    }
    c.entry.after(c.db, "charge", id);
    return;
  }
  if (amount == 0) return;
  auto& st = c.db.cached(
      "INSERT INTO charge (unit_id, item, amount_fen, source, created_at) VALUES (:unit, :item, :amount, :source, :now)");
  st.bind(":unit", *t.unit_id).bind(":item", item).bind(":amount", amount).bind(":source", t.ref());
  st.bind(":now", c.now).run();
  c.entry.after(c.db, "charge", c.db.last_insert_id());
}

}  // namespace

std::int64_t parse_ref(std::string_view text) { return record::parse_ref(record::Kind::ticket, text); }

std::optional<Ticket> find(db::Database& db, std::int64_t id) { return record::find<Ticket>(db, kSelect, "t", id); }

Ticket get(db::Database& db, std::int64_t id) {
  auto t = find(db, id);
  if (!t) record::not_found(record::Kind::ticket, id);
  return *t;
}

Ticket create(Op& c, Intake in) {
  require_take(c, tr("ticket new"));
  const auto& p = c.policy;
  alias::canon("--category", in.category, p.ticket.categories, "--category '{}' is not a ticket category (allowed: {})");
  if (in.description.empty()) fail(Exit::usage, "--desc must describe the problem");
  alias::canon("--channel", in.channel, kChannels, "--channel '{}' is not a channel (allowed: {})");
  std::optional<std::int64_t> unit_id;
  if (in.is_public) {
    if (in.unit) fail(Exit::usage, "give either --unit (a household repair) or --public --location, not both");
    if (!in.location || in.location->empty()) fail(Exit::usage, "a public-facility ticket needs --location");
  } else {
    if (!in.unit) fail(Exit::usage, "give --unit for a household repair, or --public --location for a public facility");
    const auto u = unit::get(c.db, *in.unit);
    unit_id = u.id;
    // Issue 18 (fewer keystrokes): a caller who gives no contact of their own is the household on
    // file — the tenant of a rented home, else the owner.
    if (!in.reporter && !in.phone) {
      const bool tenant = u.status == "rented" && u.tenant_phone;
      if (tenant) in.reporter = u.tenant_name;
      else if (!u.owner_name.empty()) in.reporter = u.owner_name;
      in.phone = tenant ? u.tenant_phone : u.owner_phone;
    }
  }
  std::optional<Timestamp> appointment;
  if (in.urgent && in.appoint) fail(Exit::usage, "--appoint is for scheduled tickets; an urgent ticket is attended at once");
  if (!in.urgent) {
    if (!in.appoint) fail(Exit::usage, "a scheduled ticket needs --appoint TIME (or use --urgent)");
    appointment = when::require(c, "--appoint", *in.appoint, when::Role::appointment);
    if (*appointment < c.now)
      fail(Exit::usage, "--appoint '{}' is in the past (now is {})", *in.appoint, format_local(c.now, p.site.utc_offset));
  }
  std::optional<Fen> price;
  if (in.price) {
    if (!in.paid) fail(Exit::usage, "--price is for paid tickets (add --paid)");
    price = parse_money(p, "--price", *in.price);
  }
  if (in.paid && in.is_public) fail(Exit::usage, "a paid ticket needs a unit to charge");
  const auto phone = in.phone ? phone_option(*in.phone) : std::nullopt;

  Ticket t;
  t.scope = in.is_public ? "public" : "household";
  t.unit_id = unit_id;
  t.location = in.location;
  t.category = in.category;
  t.urgency = in.urgent ? "urgent" : "scheduled";
  t.status = "new";
  t.paid = in.paid;
  t.price_fen = price;
  t.description = in.description;
  t.reporter = in.reporter;
  t.phone = phone;
  t.channel = in.channel;
  t.created_by = c.login();
  t.created_at = c.now;
  t.appointment_at = appointment;
  const std::int64_t id =
      record::insert(c, "ticket", t, {"scope", "unit_id", "location", "category", "urgency", "status", "paid",
                                      "price_fen", "description", "reporter", "phone", "channel", "created_by",
                                      "created_at", "appointment_at"});
  t = get(c.db, id);
  c.entry.set_entity(t.ref());
  event(c, t, "created", std::nullopt, "new", facts({{"description", in.description}}));
  // domain-rules 1.3: write the 派工单 and notify engineering — the dispatch deadline.
  set_deadline(c, t, "dispatch_by", sla_key(t, "dispatch_within"), sla(p, t).dispatch_within, "created", t.created_at);
  // A scheduled job is due at the agreed appointment (应准时到达).
  if (appointment) set_deadline(c, t, "arrive_by", "ticket.appointment", std::nullopt, "appointment", *appointment);
  return t;
}

Ticket dispatch(Op& c, std::int64_t id, const std::string& named) {
  Ticket t = get(c.db, id);
  require_dispatch(c, t);
  lifecycle().require("dispatch", t.ref(), t.status);
  const auto who = staff::get(c.db, named);
  const std::string& to = who.login;
  if (!who.active) fail(Exit::data_error, "staff member '{}' is not active", to);
  if (who.role != "technician")
    fail(Exit::usage, "--to '{}' is {}, not a technician (see 'svc staff list --role technician')", to, tr(who.role));
  if (t.status == "dispatched") {
    if (t.assignee == to) fail(Exit::usage, "{} is already dispatched to {}", t.ref(), to);
    const auto from = t.assignee;
    t.assignee = to;
    save(c, t);
    event(c, t, "reassigned", t.status, t.status, facts({{"from", from}, {"to", to}}));
    return t;
  }
  t.status = "dispatched";
  t.assignee = to;
  t.dispatched_at = c.now;
  save(c, t);
  event(c, t, "dispatched", "new", "dispatched", facts({{"to", to}}));
  deadline::meet(c.db, c.entry, t.ref(), "dispatch_by", c.now);
  const auto& s = sla(c.policy, t);
  // Urgent: on site within arrive_within of receiving the slip (domain-rules 1.3).
  if (t.urgency == "urgent") set_deadline(c, t, "arrive_by", sla_key(t, "arrive_within"), s.arrive_within, "dispatched", c.now);
  set_complete_by(c, t);
  return t;
}

Ticket arrive(Op& c, std::int64_t id) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket arrive"));
  lifecycle().require("arrive", t.ref(), t.status);
  t.status = "arrived";
  t.arrived_at = c.now;
  save(c, t);
  event(c, t, "arrived", "dispatched", "arrived");
  deadline::meet(c.db, c.entry, t.ref(), "arrive_by", c.now);
  return t;
}

Completed done(Op& c, std::int64_t id, const Done& d) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket done"));
  if (d.charge && !t.paid) fail(Exit::usage, "--charge is for paid tickets; {} is free", t.ref());
  lifecycle().require("done", t.ref(), t.status);
  // domain-rules 1.7: the price agreed at intake, or the repairer sets it from the actual cost. A
  // charge set in an earlier round (before a reopening) stays unless --charge is given again.
  const auto charge_was = t.charge_fen;
  if (d.charge) {
    t.charge_fen = parse_money(c.policy, "--charge", *d.charge);
  } else if (t.paid && !t.charge_fen) {
    if (!t.price_fen) fail(Exit::usage, "{} is a paid ticket with no agreed price: give --charge YUAN", t.ref());
    t.charge_fen = t.price_fen;
  }
  const bool charge_changed = charge_was && charge_was != t.charge_fen;
  if (d.leak_test_at) {
    if (callback_class(c.policy, t.category) != "leak")
      fail(Exit::usage, "--leak-test-at is for leak tickets; {} is {}", t.ref(), tr(t.category));
    const Timestamp at = when::require(c, "--leak-test-at", *d.leak_test_at, when::Role::happened);
    if (at < t.arrived_at.value_or(0))
      fail(Exit::usage, "--leak-test-at '{}' is before the repairer arrived", *d.leak_test_at);
    if (at > c.now) fail(Exit::usage, "--leak-test-at '{}' is in the future; record it with 'svc ticket leak-test' when done", *d.leak_test_at);
    t.leak_test_at = at;
  }
  t.status = "done";
  t.done_at = c.now;
  if (d.note) t.note = d.note;
  save(c, t);
  event(c, t, "done", "arrived", "done", facts({{"note", d.note}}));
  if (charge_changed)
    event(c, t, "charge_changed", t.status, t.status,
          facts({{"from_fen", Value(static_cast<long long>(*charge_was))},
                 {"to_fen", Value(static_cast<long long>(t.charge_fen.value_or(0)))}}));
  deadline::meet(c.db, c.entry, t.ref(), "complete_by", c.now);
  post_charge(c, t);
  set_callback_by(c, t);
  return Completed{t, charge_changed ? charge_was : std::nullopt};
}

Ticket leak_test(Op& c, std::int64_t id, const std::optional<std::string>& at_text) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket leak-test"));
  if (callback_class(c.policy, t.category) != "leak")
    fail(Exit::usage, "{} is a {} ticket; leak tests are for leak tickets", t.ref(), tr(t.category));
  lifecycle().require("leak-test", t.ref(), t.status);
  const Timestamp at = at_text ? when::require(c, "--at", *at_text, when::Role::happened) : c.now;
  if (at > c.now) fail(Exit::usage, "--at '{}' is in the future", *at_text);
  if (at < *t.done_at) fail(Exit::usage, "--at '{}' is before the repair was done ({})", at_text.value_or(""), format_local(*t.done_at, c.policy.site.utc_offset));
  if (t.leak_test_at) fail(Exit::data_error, "{} already has a leak test at {}", t.ref(), format_local(*t.leak_test_at, c.policy.site.utc_offset));
  t.leak_test_at = at;
  save(c, t);
  event(c, t, "leak_test", t.status, t.status, facts({{"at", Value(static_cast<long long>(at))}}));
  set_callback_by(c, t);
  return t;
}

Ticket wait(Op& c, std::int64_t id, std::string reason) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket wait"));
  alias::canon("--reason", reason, c.policy.ticket.pause_statuses, "--reason '{}' is not a waiting status (allowed: {})");
  lifecycle().require("wait", t.ref(), t.status);
  const std::string from = t.status;
  t.resume_status = t.status;
  t.status = "waiting";
  t.wait_reason = reason;
  save(c, t);
  event(c, t, "waiting", from, "waiting", facts({{"reason", reason}}));
  deadline::pause(c.db, c.entry, t.ref(), reason, c.now);
  return t;
}

Ticket resume(Op& c, std::int64_t id) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket resume"));
  lifecycle().require("resume", t.ref(), t.status);
  const std::string reason = t.wait_reason.value_or("");
  t.status = t.resume_status.value_or("dispatched");
  t.wait_reason.reset();
  t.resume_status.reset();
  save(c, t);
  event(c, t, "resumed", "waiting", t.status, facts({{"reason", reason}}));
  deadline::resume(c.db, c.entry, svc::calendar(c.policy), t.ref(), c.now);
  return t;
}

Ticket no_answer(Op& c, std::int64_t id, const std::string& next, const std::optional<std::string>& note) {
  Ticket t = get(c.db, id);
  require_worker(c, t, tr("ticket no-answer"));
  lifecycle().require("no-answer", t.ref(), t.status);
  const Timestamp at = when::require(c, "--next", next, when::Role::appointment);
  if (at <= c.now) fail(Exit::usage, "--next '{}' must be later than now ({})", next, format_local(c.now, c.policy.site.utc_offset));
  // domain-rules 1.5: nobody answered after the door rule; a new visit time is agreed.
  t.appointment_at = at;
  save(c, t);
  event(c, t, "no_answer", t.status, t.status, facts({{"next", Value(static_cast<long long>(at))}, {"note", note}}));
  set_deadline(c, t, "arrive_by", "ticket.appointment", std::nullopt, "rescheduled", at);
  if (t.urgency == "scheduled") set_complete_by(c, t);
  return t;
}

namespace {

// [ticket] cancel_grace (issue 18): the clerk who took a ticket may cancel it — a duplicate —
// for this long after intake even once dispatched, as long as nobody is on site yet.
bool in_cancel_grace(const Op& c, const Ticket& t) {
  const Duration& grace = c.policy.ticket.cancel_grace;
  if (grace.count == 0 || t.status != "dispatched" || t.arrived_at || t.created_by != c.login()) return false;
  return c.now <= svc::calendar(c.policy).add(t.created_at, grace, ClockKind::calendar);
}

}  // namespace

Ticket cancel(Op& c, std::int64_t id, const std::string& reason) {
  Ticket t = get(c.db, id);
  if (reason.empty()) fail(Exit::usage, "--reason must say why the ticket is cancelled");
  lifecycle().require("cancel", t.ref(), t.status);
  const bool grace = t.status != "new" && in_cancel_grace(c, t);
  if (t.status == "new" || grace)
    require_take(c, tr("ticket cancel"));
  else
    c.require("cancel_dispatched_ticket", tr("cancelling a dispatched ticket"));
  const std::string from = t.status;
  if (t.status == "waiting") deadline::resume(c.db, c.entry, svc::calendar(c.policy), t.ref(), c.now);
  t.status = "cancelled";
  t.cancelled_at = c.now;
  t.wait_reason.reset();
  t.resume_status.reset();
  save(c, t);
  event(c, t, "cancelled", from, "cancelled",
        facts({{"reason", reason}, {"grace", grace ? Value(format_duration(c.policy.ticket.cancel_grace)) : Value()}}));
  // Deadlines still open no longer apply to a cancelled job.
  for (const auto& d : deadline::of(c.db, t.ref()))
    if (!d.met_at) deadline::remove(c.db, c.entry, t.ref(), d.name);
  return t;
}

Ticket undispatch(Op& c, std::int64_t id, const std::optional<std::string>& reason) {
  Ticket t = get(c.db, id);
  lifecycle().require("undispatch", t.ref(), t.status);
  // Who handed the slip out last: the dispatch, a hand-over or a reopening.
  std::optional<record::Event> last;
  for (auto& e : record::history(c.db, t.ref()))
    if (e.kind == "dispatched" || e.kind == "reassigned" || e.kind == "reopened") last = std::move(e);
  if (last && last->kind == "reopened")
    fail(Exit::data_error,
         "{} is back with {} for rework after a reopening: hand it to another technician with 'svc ticket dispatch "
         "{} --to LOGIN'",
         t.ref(), t.assignee.value_or("-"), t.ref());
  const std::string by = last ? last->actor : std::string("-");
  if (by == c.login())
    require_dispatch(c, t);
  else if (!c.may("cancel_dispatched_ticket"))
    fail(Exit::no_perm, "permission denied: {} was dispatched by {}: only they or role {} and above may take it back",
         t.ref(), by, c.policy.roles.actions.at("cancel_dispatched_ticket"));
  const std::string from = t.assignee.value_or("-");
  t.status = "new";
  t.assignee.reset();
  t.dispatched_at.reset();
  save(c, t);
  event(c, t, "undispatched", "dispatched", "new",
        facts({{"from", from}, {"reason", reason && !reason->empty() ? Value(*reason) : Value()}}));
  // domain-rules 1.3: the slip is written within dispatch_within of intake; taking it back does
  // not restart that clock. What counted from the dispatch (an urgent job's arrive_by, complete_by)
  // starts again at the next one; an agreed appointment stays.
  deadline::reopen(c.db, c.entry, t.ref(), "dispatch_by");
  for (const auto& d : deadline::of(c.db, t.ref()))
    if (!d.met_at && (d.name == "complete_by" || (d.name == "arrive_by" && d.start_event == "dispatched")))
      deadline::remove(c.db, c.entry, t.ref(), d.name);
  return t;
}

namespace {

// Open deadlines after an edit (domain-rules 1.3, 1.9); met ones stay as they were.
void edit_deadlines(Op& c, const Ticket& before, const Ticket& t) {
  if (t.scope != before.scope)  // only a new ticket: the other scope's dispatch limit, from intake
    set_deadline(c, t, "dispatch_by", sla_key(t, "dispatch_within"), sla(c.policy, t).dispatch_within, "created",
                 t.created_at);
  if (t.appointment_at != before.appointment_at) {
    const auto arrive = deadline::find(c.db, t.ref(), "arrive_by");
    if (!arrive || !arrive->met_at)
      set_deadline(c, t, "arrive_by", "ticket.appointment", std::nullopt, "appointment", *t.appointment_at);
    const auto complete = deadline::find(c.db, t.ref(), "complete_by");
    if (complete && !complete->met_at && complete->start_event != "reopened") set_complete_by(c, t);
  }
  if (t.done_at && callback_class(c.policy, t.category) != callback_class(c.policy, before.category)) {
    const auto cb = deadline::find(c.db, t.ref(), "callback_by");
    if (cb && cb->met_at) return;
    if (is_leak(c.policy, t) && !t.leak_test_at)
      deadline::remove(c.db, c.entry, t.ref(), "callback_by");  // owed from the leak test now
    else
      set_callback_by(c, t);
  }
}

}  // namespace

Edited edit(Op& c, std::int64_t id, const Edit& e) {
  require_take(c, tr("ticket edit"));
  if (!e.unit && !e.is_public && !e.location && !e.category && !e.description && !e.reporter && !e.phone && !e.appoint)
    fail(Exit::usage, "nothing to change: give --unit, --public, --location, --category, --desc, --reporter, --phone or --appoint");
  if (e.unit && e.is_public) fail(Exit::usage, "give either --unit (a household repair) or --public --location, not both");
  Ticket t = get(c.db, id);
  lifecycle().require("edit", t.ref(), t.status);
  const auto& p = c.policy;
  const Ticket before = t;
  if (e.unit) {
    const auto u = unit::get(c.db, *e.unit);
    t.scope = "household";
    t.unit_id = u.id;
    t.unit = u.code;
  }
  if (e.is_public) {
    t.scope = "public";
    t.unit_id.reset();
    t.unit.reset();
  }
  if (e.location) t.location = record::optional_text(*e.location);
  if (t.scope == "public" && !t.location) fail(Exit::usage, "a public-facility ticket needs --location");
  if (t.scope != before.scope) {
    if (t.status != "new")
      fail(Exit::data_error,
           "{} is {}: only a new ticket may move between a home and a public facility (its dispatcher and deadlines "
           "differ); cancel it and open a new one",
           t.ref(), tr(t.status));
    if (t.paid) fail(Exit::usage, "a paid ticket needs a unit to charge");
  }
  if (t.unit_id != before.unit_id && t.paid && t.done_at)
    fail(Exit::data_error, "{} is a paid repair already done: its charge belongs to {}; the unit cannot change now",
         t.ref(), before.unit.value_or("-"));
  if (e.category) {
    std::string category = *e.category;
    alias::canon("--category", category, p.ticket.categories, "--category '{}' is not a ticket category (allowed: {})");
    t.category = category;
  }
  if (e.description) {
    if (e.description->empty()) fail(Exit::usage, "--desc must describe the problem");
    t.description = *e.description;
  }
  if (e.reporter) t.reporter = record::optional_text(*e.reporter);
  if (e.phone) t.phone = phone_option(*e.phone);
  if (e.appoint) {
    if (t.urgency == "urgent") fail(Exit::usage, "--appoint is for scheduled tickets; an urgent ticket is attended at once");
    if (t.arrived_at)
      fail(Exit::data_error, "{}: the repairer arrived at {}; the appointment cannot change now", t.ref(),
           format_local(*t.arrived_at, p.site.utc_offset));
    const Timestamp at = when::require(c, "--appoint", *e.appoint, when::Role::appointment);
    if (at < c.now)
      fail(Exit::usage, "--appoint '{}' is in the past (now is {})", *e.appoint, format_local(c.now, p.site.utc_offset));
    t.appointment_at = at;
  }
  Value changes = Value::array();
  record::changed(changes, "scope", before.scope, t.scope);
  record::changed(changes, "unit", before.unit, t.unit);
  record::changed(changes, "location", before.location, t.location);
  record::changed(changes, "category", before.category, t.category);
  record::changed(changes, "description", before.description, t.description);
  record::changed(changes, "reporter", before.reporter, t.reporter);
  record::changed_phone(changes, before.phone, t.phone);
  record::changed(changes, "appointment_at", before.appointment_at, t.appointment_at);
  const Value f = record::write_edit(
      c, "ticket", t, changes,
      {"scope", "unit_id", "location", "category", "description", "reporter", "phone", "appointment_at"},
      [&] { edit_deadlines(c, before, t); });
  event(c, t, "edited", t.status, t.status, f);
  return Edited{t, f};
}

namespace {

// Rework (整改, domain-rules 1.9: 及时通知维修人员整改) runs on fresh deadlines from the reopening,
// by the ticket's own urgency: an urgent job is on site again within [ticket.rework]
// arrive_within (unset: the scope's sla arrive_within) and, if the scope sets one, complete within
// urgent_complete_within; a scheduled job is complete within [ticket.rework] complete_within
// (unset: the scope's sla complete_within).
void set_rework_deadlines(Op& c, const Ticket& t) {
  const auto& s = sla(c.policy, t);
  const auto& rw = c.policy.ticket.rework;
  if (t.urgency == "urgent") {
    set_deadline(c, t, "arrive_by", rw.arrive_within ? "ticket.rework.arrive_within" : sla_key(t, "arrive_within"),
                 rw.arrive_within.value_or(s.arrive_within), "reopened", c.now);
    if (s.urgent_complete_within)
      set_deadline(c, t, "complete_by", sla_key(t, "urgent_complete_within"), *s.urgent_complete_within, "reopened",
                   c.now);
    return;
  }
  set_deadline(c, t, "complete_by", rw.complete_within ? "ticket.rework.complete_within" : sla_key(t, "complete_within"),
               rw.complete_within.value_or(s.complete_within), "reopened", c.now);
}

// Back to the technician for rectification (整改, domain-rules 1.9); the callback is owed again
// after the next completion. `why` says what reopened it (facts, narrated when read).
Ticket send_back(Op& c, Ticket t, const Value& why, const std::optional<std::string>& to) {
  lifecycle().require("reopen", t.ref(), t.status);
  if (to) {
    require_dispatch(c, t);  // choosing another repairer is dispatching
    const auto who = staff::get(c.db, *to);
    if (who.role != "technician" || !who.active)
      fail(Exit::usage, "--to '{}' is {}, not an active technician", *to, tr(who.role));
    t.assignee = who.login;
  }
  const std::string from = t.status;
  t.status = "dispatched";
  t.arrived_at.reset();
  t.done_at.reset();
  t.leak_test_at.reset();
  t.closed_at.reset();
  save(c, t);
  Value f = why;
  if (to) f.set("to", *to);
  event(c, t, "reopened", from, "dispatched", f);
  deadline::remove(c.db, c.entry, t.ref(), "callback_by");
  set_rework_deadlines(c, t);
  return t;
}

}  // namespace

Ticket reopen(Op& c, std::int64_t id, const std::string& reason, const std::optional<std::string>& to) {
  require_take(c, tr("ticket reopen"));
  Ticket t = get(c.db, id);
  if (reason.empty()) fail(Exit::usage, "--reason must say why the ticket is reopened");
  return send_back(c, std::move(t), facts({{"reason", reason}}), to);
}

Ticket close(Op& c, std::int64_t id, const record::Close& how) {
  require_take(c, tr("ticket close"));
  Ticket t = get(c.db, id);
  lifecycle().require("close", t.ref(), t.status);
  require_leak_test(c.policy, t, "close");
  Value detail = Value::object();
  if (how.no_callback) {
    c.require("close_without_callback", tr("closing without a callback"));
    if (!how.reason || how.reason->empty()) fail(Exit::usage, "--no-callback needs --reason");
    detail = facts({{"no_callback", true}, {"reason", *how.reason}});
  } else if (!visit::has_callback_since(c.db, t.ref(), is_leak(c.policy, t) ? *t.leak_test_at : *t.done_at)) {
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

visit::Result<Ticket> record_callback(Op& c, std::int64_t id, const std::string& method, int rating,
                                     const std::optional<std::string>& note, const std::optional<std::string>& to) {
  require_take(c, tr("visit log"));
  Ticket t = load(c, id, "visit log");
  require_leak_test(c.policy, t, "visit log");
  visit::Result<Ticket> r;
  const auto cb = visit::callback(c, t.ref(), t.unit_id, t.status, method, rating, note);
  r.visit = cb.visit;
  if (cb.reopen) {
    send_back(c, t, cb.why, to);
    r.reopened = true;
  }
  r.record = get(c.db, id);
  return r;
}

std::vector<Ticket> list(db::Database& db, const Policy& policy, Timestamp now, ListFilter f) {
  alias::canon("--status", f.status, kStatuses);
  if (f.category)
    if (auto code = alias::find("--category", *f.category, policy.ticket.categories)) f.category = code;
  // A category neither in the policy nor on any ticket is a typo: its empty list would read as "none".
  if (f.category && !contains(policy.ticket.categories, *f.category) &&
      !db.prepare("SELECT 1 FROM ticket WHERE category = :c LIMIT 1").bind(":c", *f.category).step())
    fail(Exit::usage, "--category '{}' is not a ticket category (allowed: {})", *f.category, join(policy.ticket.categories));
  // Likewise a unit or a technician that does not exist (66), as `complaint list` does.
  if (f.unit) unit::get(db, *f.unit);
  if (f.assignee) f.assignee = staff::get(db, *f.assignee).login;
  record::Where w;
  w.equal("t.status", f.status).equal("u.code", f.unit).equal("t.assignee", f.assignee).equal("t.category", f.category);
  w.add_if(f.since, "t.created_at >= :since", ":since");
  w.contains({"t.description", "t.location", "t.reporter", "u.code"}, ":search", f.search);
  if (f.waiting_leak_test)
    w.add("t.status = 'done' AND t.leak_test_at IS NULL AND t.category IN (SELECT value FROM json_each(:leak))",
          ":leak", json_list(callback_categories(policy, "leak")));
  const bool by_deadline = f.overdue || f.due_within;
  if (f.open_only || by_deadline) w.add("t.status NOT IN ('closed', 'cancelled')");
  // Only tickets with an open deadline that is missed, or due within the window, can qualify.
  if (by_deadline)
    w.add("EXISTS (SELECT 1 FROM deadline d WHERE d.subject = 'T' || t.id AND d.met_at IS NULL)");
  // --limit keeps the newest; the list reads oldest first either way.
  auto st = db.prepare(std::string(kSelect) + w.sql() + record::newest_order("t.id", by_deadline ? 0 : f.limit));
  w.bind(st);
  std::vector<Ticket> all;
  while (st.step()) all.push_back(record::read<Ticket>(st));
  if (!by_deadline) {
    record::reverse_newest(all, f.limit);
    return all;
  }
  return record::with_deadlines(db, policy, now, std::move(all), f.overdue, f.due_within, f.limit);
}

bool waiting_leak_test(const Policy& policy, const Ticket& t) {
  return t.status == "done" && !t.leak_test_at && is_leak(policy, t);
}

std::vector<std::string> open_refs(db::Database& db, int limit) {
  return record::newest_refs(db, record::Kind::ticket, "status NOT IN ('closed', 'cancelled')", limit);
}

std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Ticket>& list, Timestamp now,
                             bool reveal) {
  const auto related = record::related(db, record::refs_of(list));
  std::vector<Value> out;
  for (const auto& t : list) {
    out.push_back(record::to_value(t, policy.site.utc_offset, reveal, {"unit_id", "resume_status"}));
    record::set_related(out.back(), related, t.ref(), kDeadlines, now, policy);
    out.back().set("waiting_leak_test", waiting_leak_test(policy, t));
  }
  return out;
}

Value to_value(db::Database& db, const Policy& policy, const Ticket& t, Timestamp now, bool reveal) {
  return to_values(db, policy, {t}, now, reveal).front();
}

std::vector<deadline::Explanation> explain(db::Database& db, const Policy& policy, const Ticket& t, Timestamp now) {
  const Calendar cal = svc::calendar(policy);
  const int off = policy.site.utc_offset;
  std::vector<deadline::Explanation> out;
  const auto list = deadline::of(db, t.ref());
  for (const auto& name : kDeadlines) {
    deadline::Explanation e{name, {}};
    if (const auto* d = deadline::named(list, name)) {
      e.lines = deadline::explain(*d, db, now, cal, policy.hash(), off);
    } else if (t.status == "cancelled") {
      e.lines.push_back(std::string(tr("n/a: the ticket was cancelled")));
    } else if (std::string_view(name) == "arrive_by") {
      e.lines.push_back(std::string(tr("n/a until dispatch: an urgent job is due on site arrive_within after dispatch")));
    } else if (std::string_view(name) == "complete_by") {
      if (t.urgency == "urgent" && !sla(policy, t).urgent_complete_within)
        e.lines.push_back(fmt::format(fmt::runtime(tr("n/a: urgent jobs are repaired on the spot and have no completion deadline ({} is not set)")),
                                      sla_key(t, "urgent_complete_within")));
      else
        e.lines.push_back(std::string(tr("n/a until dispatch: complete_within after the appointment, or after dispatch if later")));
    } else if (std::string_view(name) == "callback_by") {
      if (callback_class(policy, t.category) == "leak" && t.done_at)
        e.lines.push_back(std::string(tr("n/a until the leak test: leak callbacks are due 3 days after the leak test (试漏后3天内)")));
      else
        e.lines.push_back(std::string(tr("n/a until the repair is done: the callback is due after completion")));
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace svc::ticket
