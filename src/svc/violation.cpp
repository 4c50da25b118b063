// Customer violations (domain-rules 6): intake, the handling methods and who may use them, the
// manager's signature, compensation billed to the fee ledger, re-inspection, close, retention and
// purge.
#include "svc/violation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "svc/alias.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/fee_detail.hpp"
#include "svc/staff.hpp"
#include "svc/strings.hpp"
#include "svc/unit.hpp"
#include "svc/when.hpp"

namespace svc::violation {

const record::Fields<Violation>& Violation::fields() {
  static const auto f =
      SVC_FIELDS(Violation, id, unit_id, unit, location, category, subcategory, severity, status, description,
                 found_by, source, created_by, created_at, reinspection, reinspected_at, closed_at, closed_by,
                 retain_until);
  return f;
}

namespace {

constexpr std::string_view kSelect =
    "SELECT v.*, u.code AS unit FROM violation v LEFT JOIN unit u ON u.id = v.unit_id";
const std::vector<std::string_view> kMutable = {"status", "reinspection", "reinspected_at", "closed_at", "closed_by",
                                                "retain_until"};
constexpr std::string_view kActionColumns =
    "SELECT id, violation_id, kind, note, rectify_by, amount_fen, penalty, needs_signature, signed_at, signed_by, "
    "effective_at, bill_id, by_login, at FROM violation_action";

// Which verb each status allows (domain-rules 6.3, 6.4). A penalty awaiting the manager's
// signature (L442) must be signed before the violation can be closed.
const record::Lifecycle& lifecycle() {
  static const record::Lifecycle l({
      {"act", "act on", {"open"}},
      {"sign", "sign the penalty of", {"open"}, "awaiting"},
      {"reinspect", "re-inspect", {"open"}},
      {"close", "close", {"open"}, "inspected"},
  });
  return l;
}

Action read_action(db::Statement& st) {
  Action a;
  a.id = st.integer(0);
  a.violation_id = st.integer(1);
  a.kind = st.text(2);
  a.note = st.opt_text(3);
  a.rectify_by = st.opt_text(4);
  a.amount = st.opt_integer(5);
  a.penalty = st.integer(6) != 0;
  a.needs_signature = st.integer(7) != 0;
  a.signed_at = st.opt_integer(8);
  a.signed_by = st.opt_text(9);
  a.effective_at = st.opt_integer(10);
  a.bill_id = st.opt_integer(11);
  a.by = st.text(12);
  a.at = st.integer(13);
  return a;
}

// The actions of many violations at once (one query), by violation id.
std::map<std::int64_t, std::vector<Action>> actions_of(db::Database& db, const std::vector<std::string>& ids) {
  auto& st = db.cached(std::string(kActionColumns) +
                       " WHERE violation_id IN (SELECT value FROM json_each(:ids)) ORDER BY id");
  st.bind(":ids", json_list(ids));
  std::map<std::int64_t, std::vector<Action>> out;
  while (st.step()) {
    Action a = read_action(st);
    out[a.violation_id].push_back(std::move(a));
  }
  return out;
}

bool awaiting(const std::vector<Action>& list) {
  return std::any_of(list.begin(), list.end(), [](const Action& a) { return a.needs_signature && !a.signed_at; });
}

std::vector<std::string_view> conditions(db::Database& db, const Violation& v) {
  std::vector<std::string_view> out;
  if (awaiting(actions(db, v.id))) out.push_back("awaiting");
  if (v.reinspection == "ok") out.push_back("inspected");
  return out;
}

std::vector<std::string> active_codes(const std::vector<CodedItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items)
    if (!i.retired) out.push_back(i.code);
  return out;
}

const CodedItem* coded(const std::vector<CodedItem>& items, std::string_view code) {
  for (const auto& i : items)
    if (i.code == code) return &i;
  return nullptr;
}

void require_text(std::string_view option, const std::optional<std::string>& text) {
  if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos)
    fail(Exit::usage, "{} must not be empty", option);
}

// domain-rules 6.4 (L444–L446): only the 管理处经理 or the 客服助理部主管 may impose penalties;
// everyone else may only persuade and educate. The roles named, and every role above the highest.
void require_penalty_role(const Op& op, std::string_view what) {
  const auto& roles = op.policy.violation.penalty_roles;
  int top = -1;
  for (const auto& r : roles) top = std::max(top, role_rank(op.policy, r));
  const std::string& role = op.actor.staff.role;
  if (!op.actor.read_only && (contains(roles, role) || (top >= 0 && role_rank(op.policy, role) >= top))) return;
  std::vector<std::string> words;  // the roles in the reader's words
  for (const auto& r : roles) words.emplace_back(tr(r));
  fail(Exit::no_perm,
       "permission denied: {} is for {} and the roles above them (violation.penalty_roles: "
       "others may only persuade); '{}' is {}",
       what, join(words), op.login(), tr(role));
}

void event(Op& op, const Violation& v, std::string_view kind, const std::optional<std::string>& from,
           const std::optional<std::string>& to, const Value& facts = Value::object()) {
  record::event(op, v.ref(), kind, from, to, facts);
}

Value fact(std::string_view key, Value v) {
  Value o = Value::object();
  o.set(key, std::move(v));
  return o;
}

Action get_action(db::Database& db, std::int64_t id) {
  auto& st = db.cached(std::string(kActionColumns) + " WHERE id = :id");
  st.bind(":id", id);
  if (!st.step()) fail(Exit::software, "internal error: no violation action {}", id);
  Action a = read_action(st);
  st.reset();
  return a;
}

// A compensation billed to the unit's fee ledger (like a paid repair, domain-rules 1.7): a bill of
// violation.fee_item, due fee.items.<item>.due_within after it takes effect, collected and dunned
// as any other; the unit's prepaid credit is used on it first.
std::int64_t bill(Op& op, const Violation& v, const Action& a) {
  const FeeItem* item = find_fee_item(op.policy, op.policy.violation.fee_item);
  if (!item) fail(Exit::config, "violation.fee_item '{}' is not a fee item", op.policy.violation.fee_item);
  const Date today = local_date(op.now, op.utc_offset());
  const fee::Period period = fee::period_of(today);
  const std::int64_t id = fee::detail::insert_bill(
      op, {*v.unit_id, item->code, fee::format_period(period), v.ref(), format_date(fee::due_date(*item, period, today)),
           v.ref(), *a.amount, std::nullopt});
  fee::detail::apply_credit(op, *v.unit_id);
  return id;
}

// A penalty takes effect now: a compensation is billed.
Action take_effect(Op& op, const Violation& v, Action a) {
  op.entry.before(op.db, "violation_action", a.id);
  a.effective_at = op.now;
  if (a.kind == "compensate") a.bill_id = bill(op, v, a);
  auto& st = op.db.cached(
      "UPDATE violation_action SET effective_at = :at, signed_at = :signed_at, signed_by = :signed_by, "
      "bill_id = :bill WHERE id = :id");
  st.bind(":at", op.now).bind(":signed_at", a.signed_at).bind(":signed_by", a.signed_by);
  st.bind(":bill", a.bill_id).bind(":id", a.id).run();
  op.entry.after(op.db, "violation_action", a.id);
  return a;
}

void save(Op& op, const Violation& v) { record::update(op, "violation", v, kMutable); }

}  // namespace

std::int64_t parse_ref(std::string_view text) { return record::parse_ref(record::Kind::violation, text); }

std::optional<Violation> find(db::Database& db, std::int64_t id) { return record::find<Violation>(db, kSelect, "v", id); }

Violation get(db::Database& db, std::int64_t id) {
  auto v = find(db, id);
  if (!v) record::not_found(record::Kind::violation, id);
  return *v;
}

std::vector<Action> actions(db::Database& db, std::int64_t id) {
  auto all = actions_of(db, {std::to_string(id)});
  return std::move(all[id]);
}

Violation create(Op& op, Intake in, std::string_view category_option) {
  const auto& p = op.policy.violation;
  alias::canon(category_option, in.category, p.categories);
  if (in.subcategory) {
    auto it = p.subcategories.find(in.category);
    const std::vector<CodedItem> none;
    const auto& kinds = it == p.subcategories.end() ? none : it->second;
    const CodedItem* item = coded(kinds, *in.subcategory);
    if (!item || item->retired)
      fail(Exit::usage, "--subcategory '{}' is not a kind of {} violation (allowed: {})", *in.subcategory, in.category,
           kinds.empty() ? std::string(tr("none")) : join(active_codes(kinds)));
  }
  std::string severity = in.severity.value_or("general");
  alias::canon("--severity", severity, kSeverities);
  require_text("--desc", in.description);
  if (!in.unit && !in.location) fail(Exit::usage, "say where: give --unit or --location");
  if (in.location) require_text("--location", in.location);
  std::optional<std::int64_t> unit_id;
  if (in.unit) unit_id = unit::get(op.db, *in.unit).id;
  std::string found_by = op.login();
  if (in.found_by) {
    const auto who = staff::get(op.db, *in.found_by);
    if (!who.active) fail(Exit::data_error, "--found-by '{}' is not an active staff member", *in.found_by);
    found_by = who.login;
  }
  Violation v;
  v.unit_id = unit_id;
  v.location = in.location;
  v.category = in.category;
  v.subcategory = in.subcategory;
  v.severity = severity;
  v.status = "open";
  v.description = in.description;
  v.found_by = found_by;
  v.source = in.source;
  v.created_by = op.login();
  v.created_at = op.now;
  const std::int64_t id = record::insert(op, "violation", v,
                                         {"unit_id", "location", "category", "subcategory", "severity", "status",
                                          "description", "found_by", "source", "created_by", "created_at"});
  v = get(op.db, id);
  op.entry.set_entity(v.ref());
  Value f = fact("category", v.category);
  f.set("severity", v.severity);
  f.set("description", v.description);
  if (in.source) f.set("round", *in.source);
  if (in.point) f.set("point", *in.point);
  event(op, v, "created", std::nullopt, "open", f);
  return v;
}

Acted act(Op& op, std::int64_t id, Act a) {
  alias::canon("ACTION", a.kind, kActions);
  if (a.by && a.kind != "rectify") fail(Exit::usage, "--by is for 'rectify' (the deadline), not '{}'", a.kind);
  if (a.amount && a.kind != "compensate") fail(Exit::usage, "--amount is for 'compensate', not '{}'", a.kind);
  const bool penalty = a.kind == "compensate" || a.kind == "criticize" || a.kind == "litigate";
  if (penalty) {
    require_penalty_role(op, fmt::format(fmt::runtime(tr("'{}' on a violation")), a.kind));
    require_text("--reason", a.reason);
  } else if (a.kind == "rectify") {
    op.require_role(op.policy.violation.handler_role, tr("ordering rectification (violation.handler_role)"));
  } else if (a.kind == "follow_up") {
    op.require_role(op.policy.violation.handler_role, tr("recording a follow-up contact (violation.handler_role)"));
    require_text("--note", a.reason);
  }
  Violation v = get(op.db, id);
  if (a.kind == "follow_up") {
    // 6.3 (L440): the contact a penalty owes, also after the violation was closed.
    const auto owed = follow_ups_owed(op.db, op.policy);
    if (std::none_of(owed.begin(), owed.end(), [&](const FollowUp& f) { return f.violation == v.ref(); }))
      fail(Exit::data_error,
           "{} owes no follow-up contact: no penalty has taken effect on it since the last follow-up",
           v.ref());
  } else {
    lifecycle().require("act", v.ref(), v.status, conditions(op.db, v));
  }

  Action row;
  row.violation_id = v.id;
  row.kind = a.kind;
  row.note = a.reason;
  row.penalty = penalty;
  row.by = op.login();
  row.at = op.now;
  std::optional<Timestamp> rectify_due;
  if (a.kind == "rectify") {
    if (!a.by) fail(Exit::usage, "'rectify' needs --by DATE, the deadline");
    rectify_due = when::require(op, "--by", *a.by, when::Role::deadline);  // a date: by its end
    if (*rectify_due <= op.now)
      fail(Exit::usage, "--by '{}' is not after now ({})", *a.by, format_local(op.now, op.utc_offset()));
    row.rectify_by = format_date(local_date(*rectify_due, op.utc_offset()));
  }
  if (a.kind == "compensate") {
    if (!a.amount) fail(Exit::usage, "'compensate' needs --amount YUAN");
    std::string why;
    const auto fen = parse_yuan(*a.amount, false, &why);
    if (!fen || *fen <= 0) fail(Exit::usage, "--amount '{}' is not an amount in yuan above 0 ({})", *a.amount, why);
    if (op.policy.fee.max_payment > 0 && *fen > op.policy.fee.max_payment)
      fail(Exit::usage, "--amount '{}' is more than one bill may be ({} yuan, fee.max_payment)", *a.amount,
           format_yuan(op.policy.fee.max_payment));
    if (!v.unit_id)
      fail(Exit::data_error, "{} has no unit, only a location: a compensation is billed to a unit", v.ref());
    for (const auto& x : actions(op.db, v.id))
      if (x.kind == "compensate")
        fail(Exit::data_error, "{} already has a compensation of {} yuan (decided {}): one per violation", v.ref(),
             format_yuan(x.amount.value_or(0)), format_local(x.at, op.utc_offset()));
    row.amount = *fen;
  }
  // domain-rules 6.4 (L442): a major violation's penalty takes effect when the manager signs it.
  row.needs_signature = penalty && v.severity == "major";
  auto& st = op.db.cached(
      "INSERT INTO violation_action (violation_id, subject, kind, note, rectify_by, amount_fen, penalty, "
      "needs_signature, by_login, at) VALUES (:v, :subject, :kind, :note, :rectify_by, :amount, :penalty, :sign, "
      ":by, :at)");
  st.bind(":v", v.id).bind(":subject", v.ref()).bind(":kind", row.kind).bind(":note", row.note);
  st.bind(":rectify_by", row.rectify_by).bind(":amount", row.amount).bind(":penalty", row.penalty ? 1 : 0);
  st.bind(":sign", row.needs_signature ? 1 : 0).bind(":by", row.by).bind(":at", row.at).run();
  row.id = op.db.last_insert_id();
  op.entry.after(op.db, "violation_action", row.id);

  Value f = fact("action", a.kind);
  if (row.note) f.set("note", *row.note);
  if (row.rectify_by) f.set("by", *row.rectify_by);
  if (row.amount) f.set("amount_fen", Value(static_cast<long long>(*row.amount)));
  if (row.needs_signature) f.set("awaiting_signature", true);
  event(op, v, "acted", v.status, v.status, f);
  if (rectify_due)
    deadline::set(op.db, op.entry, svc::calendar(op.policy), op.policy.hash(), v.ref(),
                  deadline::Spec{"rectify_by", "violation.rectify", ClockKind::calendar, std::nullopt, "rectify",
                                 *rectify_due});
  Acted out{v, row, row.needs_signature, std::nullopt, false};
  if (penalty && !row.needs_signature) {
    row = take_effect(op, v, row);
    out.bill_id = row.bill_id;
    out.follow_up_owed = v.unit_id.has_value();
  }
  out.action = get_action(op.db, row.id);
  out.violation = get(op.db, id);
  return out;
}

Signed sign(Op& op, std::int64_t id) {
  op.require_role(op.policy.violation.major_handler,
                  tr("signing a violation penalty (violation.major_handler)"));
  Violation v = get(op.db, id);
  const auto cond = conditions(op.db, v);
  if (v.status == "open" && !contains(cond, "awaiting"))
    fail(Exit::data_error, "{} has no penalty awaiting signature: only a penalty on a major violation is signed",
         v.ref());
  lifecycle().require("sign", v.ref(), v.status, cond);
  Signed out{v, {}, false};
  Value kinds = Value::array();
  for (auto a : actions(op.db, v.id)) {
    if (!a.needs_signature || a.signed_at) continue;
    a.signed_at = op.now;
    a.signed_by = op.login();
    out.actions.push_back(take_effect(op, v, a));
    kinds.push(a.kind);
  }
  event(op, v, "signed", v.status, v.status, fact("actions", kinds));
  out.follow_up_owed = v.unit_id && !out.actions.empty();
  for (auto& a : out.actions) a = get_action(op.db, a.id);
  out.violation = get(op.db, id);
  return out;
}

Violation reinspect(Op& op, std::int64_t id, bool ok, const std::optional<std::string>& note) {
  op.require_role(op.policy.violation.handler_role, tr("re-inspecting a violation (violation.handler_role)"));
  Violation v = get(op.db, id);
  lifecycle().require("reinspect", v.ref(), v.status, conditions(op.db, v));
  v.reinspection = ok ? "ok" : "not_fixed";
  v.reinspected_at = op.now;
  save(op, v);
  Value f = fact("result", *v.reinspection);
  if (note && !note->empty()) f.set("note", *note);
  event(op, v, "reinspected", v.status, v.status, f);
  if (ok) deadline::meet(op.db, op.entry, v.ref(), "rectify_by", op.now);
  return v;
}

Violation close(Op& op, std::int64_t id, const std::optional<std::string>& note) {
  Violation v = get(op.db, id);
  // domain-rules 6.4: a major violation is the manager's (L432), a general one 客服助理部's.
  if (v.severity == "major")
    op.require_role(op.policy.violation.major_handler, tr("closing a major violation (violation.major_handler)"));
  else
    op.require_role(op.policy.violation.handler_role, tr("closing a violation (violation.handler_role)"));
  const auto cond = conditions(op.db, v);
  if (v.status == "open" && contains(cond, "awaiting"))
    fail(Exit::data_error,
         "{} has a penalty awaiting the signature of the {} ('svc patrol violation sign {}'): it takes effect only when "
         "signed",
         v.ref(), tr(op.policy.violation.major_handler), v.ref());
  if (v.status == "open" && v.reinspection != "ok")
    fail(Exit::data_error,
         "{} needs a re-inspection that finds it fixed before it is closed: 'svc patrol violation reinspect {} --ok'{}",
         v.ref(), v.ref(),
         v.reinspection ? fmt::format(fmt::runtime(tr(" (the last one, {}, found it not fixed)")),
                                      format_local(*v.reinspected_at, op.utc_offset()))
                        : std::string());
  lifecycle().require("close", v.ref(), v.status, cond);
  const bool major = v.severity == "major";
  const Duration keep = major ? op.policy.violation.retain_major : op.policy.violation.retain_general;
  const Timestamp until = svc::calendar(op.policy).add(op.now, keep, ClockKind::calendar);
  v.status = "closed";
  v.closed_at = op.now;
  v.closed_by = op.login();
  v.retain_until = format_date(local_date(until, op.utc_offset()));
  save(op, v);
  Value f = fact("retain_until", *v.retain_until);
  f.set("rule", major ? "violation.retain.major" : "violation.retain.general");
  if (note && !note->empty()) f.set("note", *note);
  event(op, v, "closed", "open", "closed", f);
  for (const auto& d : deadline::of(op.db, v.ref()))
    if (!d.met_at) deadline::meet(op.db, op.entry, v.ref(), d.name, op.now);
  return v;
}

std::vector<Violation> list(db::Database& db, ListFilter f) {
  alias::canon("--status", f.status, kStatuses);
  alias::canon("--severity", f.severity, kSeverities);
  if (f.unit) unit::get(db, *f.unit);
  record::Where w;
  w.equal("v.status", f.status).equal("v.category", f.category).equal("v.severity", f.severity).equal("u.code", f.unit);
  if (f.awaiting)
    w.add("EXISTS (SELECT 1 FROM violation_action a WHERE a.violation_id = v.id AND a.needs_signature = 1 AND "
          "a.signed_at IS NULL)");
  auto st = db.prepare(std::string(kSelect) + w.sql() + record::newest_order("v.id", f.limit));
  w.bind(st);
  std::vector<Violation> out;
  while (st.step()) out.push_back(record::read<Violation>(st));
  record::reverse_newest(out, f.limit);
  return out;
}

std::vector<Violation> due(db::Database& db, const Policy& policy, Timestamp now, std::optional<std::int64_t> within,
                           bool overdue) {
  auto st = db.prepare(std::string(kSelect) +
                       " WHERE v.status = 'open' AND EXISTS (SELECT 1 FROM deadline d WHERE d.subject = 'X' || v.id "
                       "AND d.name = 'rectify_by' AND d.met_at IS NULL) ORDER BY v.id");
  std::vector<Violation> all;
  while (st.step()) all.push_back(record::read<Violation>(st));
  if (!overdue && !within) return all;
  auto kept = record::with_deadlines(db, policy, now, std::move(all), true, overdue ? std::nullopt : within, 0);
  return kept;
}

Value to_value(const Action& a, int utc_offset) {
  auto iso = [&](const std::optional<Timestamp>& t) { return t ? Value(format_iso(*t, utc_offset)) : Value(); };
  Value o = Value::object();
  o.set("kind", a.kind);
  o.set("at", format_iso(a.at, utc_offset));
  o.set("by", a.by);
  o.set("note", a.note);
  o.set("rectify_by", a.rectify_by);
  o.set("amount_fen", a.amount ? Value(static_cast<long long>(*a.amount)) : Value());
  o.set("penalty", a.penalty);
  o.set("needs_signature", a.needs_signature);
  o.set("awaiting_signature", a.needs_signature && !a.signed_at);
  o.set("signed_at", iso(a.signed_at));
  o.set("signed_by", a.signed_by);
  o.set("effective_at", iso(a.effective_at));
  o.set("bill", a.bill_id ? Value(static_cast<long long>(*a.bill_id)) : Value());
  return o;
}

std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Violation>& list, Timestamp now) {
  const int off = policy.site.utc_offset;
  std::vector<std::string> ids;
  for (const auto& v : list) ids.push_back(std::to_string(v.id));
  const auto acts = actions_of(db, ids);
  const auto related = record::related(db, record::refs_of(list));
  std::set<std::string> owed;
  for (const auto& f : follow_ups_owed(db, policy)) owed.insert(f.violation);
  std::vector<Value> out;
  for (const auto& v : list) {
    Value o = record::to_value(v, off, false, {"unit_id"});
    const CodedItem* sub = nullptr;
    if (auto it = policy.violation.subcategories.find(v.category); v.subcategory && it != policy.violation.subcategories.end())
      sub = coded(it->second, *v.subcategory);
    o.set("subcategory_text", sub ? Value(sub->text) : Value());
    static const std::vector<Action> none;
    auto it = acts.find(v.id);
    const auto& mine = it == acts.end() ? none : it->second;
    Value arr = Value::array();
    std::optional<std::string> rectify;
    for (const auto& a : mine) {
      arr.push(to_value(a, off));
      if (a.rectify_by) rectify = a.rectify_by;
    }
    o.set("actions", arr);
    o.set("rectify_by", rectify);
    o.set("awaiting_signature", awaiting(mine));
    o.set("follow_up_owed", owed.count(v.ref()) > 0);
    record::set_related(o, related, v.ref(), {"rectify_by"}, now, policy);
    out.push_back(std::move(o));
  }
  return out;
}

Value to_value(db::Database& db, const Policy& policy, const Violation& v, Timestamp now) {
  return to_values(db, policy, {v}, now).front();
}

std::vector<Purged> purge(Op& op) {
  op.require_role(op.policy.violation.purge_role, tr("purging violation records (violation.purge_role)"));
  const std::string today = format_date(local_date(op.now, op.utc_offset()));
  std::vector<Violation> expired;
  {
    auto st = op.db.prepare(std::string(kSelect) +
                            " WHERE v.status = 'closed' AND v.retain_until < :today ORDER BY v.id");
    st.bind(":today", today);
    while (st.step()) expired.push_back(record::read<Violation>(st));
  }
  // Deletes every row of `table` matching `where` (bound to :ref / :id), each in the audit entry.
  auto remove = [&](std::string_view table, std::string_view where, const Violation& v) {
    std::vector<std::int64_t> ids;
    {
      auto st = op.db.prepare(fmt::format("SELECT id FROM {} WHERE {}", table, where));
      if (where.find(":ref") != std::string_view::npos) st.bind(":ref", v.ref());
      if (where.find(":id") != std::string_view::npos) st.bind(":id", v.id);
      while (st.step()) ids.push_back(st.integer(0));
    }
    for (auto id : ids) {
      op.entry.before(op.db, table, id);
      op.db.cached(fmt::format("DELETE FROM {} WHERE id = :id", table)).bind(":id", id).run();
      op.entry.after(op.db, table, id);
    }
    return static_cast<std::int64_t>(ids.size());
  };
  std::vector<Purged> out;
  for (const auto& v : expired) {
    Purged p{v.ref(), v.severity, *v.retain_until,
             v.severity == "major" ? "violation.retain.major" : "violation.retain.general", *v.closed_at, 0};
    p.rows += remove("violation_action", "violation_id = :id", v);
    p.rows += remove("event", "subject = :ref", v);
    p.rows += remove("deadline", "subject = :ref", v);
    remove("violation", "id = :id", v);
    auto& st = op.db.cached(
        "INSERT INTO purge_log (subject, severity, closed_at, retain_until, rule, removed_rows, purged_at, purged_by) "
        "VALUES (:subject, :severity, :closed, :until, :rule, :rows, :now, :by)");
    st.bind(":subject", p.ref).bind(":severity", p.severity).bind(":closed", p.closed_at).bind(":until", p.retain_until);
    st.bind(":rule", p.rule).bind(":rows", p.rows).bind(":now", op.now).bind(":by", op.login()).run();
    op.entry.after(op.db, "purge_log", op.db.last_insert_id());
    out.push_back(std::move(p));
  }
  return out;
}

Value to_value(const Purged& p, int utc_offset) {
  Value o = Value::object();
  o.set("violation", p.ref);
  o.set("severity", p.severity);
  o.set("closed_at", format_iso(p.closed_at, utc_offset));
  o.set("retain_until", p.retain_until);
  o.set("rule", p.rule);
  o.set("rows", Value(static_cast<long long>(p.rows)));
  return o;
}

std::vector<FollowUp> follow_ups_owed(db::Database& db, const Policy& policy) {
  auto& st = db.cached(
      "SELECT u.code, v.id, min(a.effective_at) FROM violation v JOIN unit u ON u.id = v.unit_id "
      "JOIN violation_action a ON a.violation_id = v.id AND a.penalty = 1 AND a.effective_at IS NOT NULL "
      "WHERE a.effective_at >= coalesce((SELECT max(f.at) FROM violation_action f WHERE f.violation_id = v.id "
      "AND f.kind = 'follow_up') + 1, 0) GROUP BY v.id ORDER BY 3, v.id");
  const auto cal = svc::calendar(policy);
  std::vector<FollowUp> out;
  while (st.step()) {
    FollowUp f{st.text(0), record::ref(record::Kind::violation, st.integer(1)), st.integer(2), 0};
    f.due = cal.add(f.since, policy.violation.follow_up_within, ClockKind::calendar);
    out.push_back(std::move(f));
  }
  return out;
}

Value to_value(const FollowUp& f, int utc_offset, Timestamp now) {
  Value o = Value::object();
  o.set("unit", f.unit);
  o.set("violation", f.violation);
  o.set("since", format_iso(f.since, utc_offset));
  o.set("due", format_iso(f.due, utc_offset));
  o.set("overdue", now > f.due);
  return o;
}

}  // namespace svc::violation
