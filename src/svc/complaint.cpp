// Complaints: intake, classification, deadlines (domain-rules 2.4), the ladder and the one-month
// rule (2.5, 2.6), routing of service complaints (2.2), resolution, callbacks (2.7) and close.
#include "svc/complaint.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "svc/alias.hpp"
#include "svc/error.hpp"
#include "svc/render/narrate.hpp"
#include "svc/privacy.hpp"
#include "svc/strings.hpp"
#include "svc/unit.hpp"
#include "svc/when.hpp"

namespace svc::complaint {

const record::Fields<Complaint>& Complaint::fields() {
  static const auto f = SVC_FIELDS(Complaint, id, kind, status, severity, validity, nature, category, unit_id, unit,
                                   subject, details, channel, complainant, phone, about_staff, about_dept,
                                   requested_by, level, received_by, owner, dept, routed_to, received_at, answer,
                                   answered_at, resolution, resolved_at, closed_at, close_note, withdrawn_at,
                                   withdraw_reason, upgraded_at);
  return f;
}

namespace {

constexpr std::string_view kSelect = "SELECT c.*, u.code AS unit FROM complaint c JOIN unit u ON u.id = c.unit_id";
const std::vector<std::string_view> kMutable = {
    "kind",       "status",      "severity",     "validity",  "nature",      "category",  "level",
    "owner",      "dept",        "routed_to",    "answer",    "answered_at", "resolution", "resolved_at",
    "closed_at",  "close_note",  "withdrawn_at", "withdraw_reason", "upgraded_at"};

// Which verb each status allows (domain-rules 2.2–2.7). An open complaint that does not count
// (a suggestion, an inquiry, an invalid one) may be closed without a resolution or callback.
const record::Lifecycle& lifecycle() {
  static const record::Lifecycle l({
      {"classify", "classify", {"open", "resolved"}},
      {"assign", "assign", {"open"}},
      {"escalate", "escalate", {"open"}},
      {"respond", "respond to", {"open"}},
      {"resolve", "resolve", {"open"}},
      {"notify", "tell the result of", {"resolved", "closed"}},
      {"withdraw", "withdraw", {"open", "resolved"}},
      {"visit log", "log a callback for", {"resolved", "closed"}},
      {"close", "close", {"resolved"}},
      {"close", "close", {"open"}, "uncounted"},
      {"reopen", "reopen", {"resolved", "closed"}},
      {"edit", "edit", {"open", "resolved"}, {}, false},  // a correction: not among the next steps
  });
  return l;
}

std::vector<std::string_view> conditions(const Complaint& x) {
  if (x.counts()) return {};
  return {"uncounted"};
}

// Index in kLevels (0 = assistant); -1 for a role that is not a complaint level.
int level_rank(std::string_view level) {
  auto it = std::find(kLevels.begin(), kLevels.end(), level);
  return it == kLevels.end() ? -1 : static_cast<int>(it - kLevels.begin());
}

// A level the policy names (ladder, escalate_to) must be one a complaint can be held at.
const std::string& policy_level(const std::string& role, std::string_view key) {
  if (level_rank(role) < 0)
    fail(Exit::config, "{}: '{}' is not a complaint level (allowed: {})", key, role, join(kLevels));
  return role;
}

// Front desk and above take and handle complaints (domain-rules 9.2: 接待员 records, classifies,
// reports the result and records the callback).
void require_take(Op& c, std::string_view what) { c.require("take_complaint", what); }

// domain-rules 2.2 (003 L88): a complaint about a staff member goes to their superior; the person
// complained about has no hand in it, whatever their role allows (they may still read it).
void require_not_about(const Op& c, const Complaint& x, std::string_view what) {
  if (x.about_staff && *x.about_staff == c.login())
    fail(Exit::no_perm,
         "{}: {} is a complaint about {}: the person complained about may not handle it (owner: {})",
         what, x.ref(), c.login(), x.owner);
}

// The complaint a step works on: it exists and the actor is not the person it is about.
Complaint handled(Op& c, std::int64_t id, std::string_view what) {
  Complaint x = get(c.db, id);
  require_not_about(c, x, what);
  return x;
}

// The common start of a step: the role, the complaint, and a status that allows the step.
Complaint load(Op& c, std::int64_t id, std::string_view what, std::string_view verb) {
  require_take(c, what);
  Complaint x = handled(c, id, what);
  lifecycle().require(verb, x.ref(), x.status, conditions(x));
  return x;
}

// Who made a step: the acting login, or for an automatic one the rule that made it
// ("rule:complaint.ladder.2d"), so the history never says a clerk escalated her own case by
// running the sweep. The command's audit entry keeps the real login either way.
std::string by_rule(std::string_view rule) { return "rule:" + std::string(rule); }

void event(Op& c, const Complaint& x, std::string_view kind, std::optional<std::string> from,
           std::optional<std::string> to, const Value& facts = Value::object(), std::string_view by = {}) {
  if (by.empty() || by == c.login()) return record::event(c, x.ref(), kind, from, to, facts);
  staff::Actor rule = c.actor;  // the rule acts within the command that applies it
  rule.staff.login = std::string(by);
  Op as_rule{c.db, c.policy, rule, c.now, c.entry};
  record::event(as_rule, x.ref(), kind, from, to, facts);
}

Value fact(std::string_view key, Value v) {
  Value o = Value::object();
  o.set(key, std::move(v));
  return o;
}

// `what` is already translated: callers pass tr() of a literal.
void require_text(std::string_view option, const std::string& text, std::string_view what) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail(Exit::usage, "{} must say {}", option, what);
}

void save(Op& c, const Complaint& x) { record::update(c, "complaint", x, kMutable); }

// ---- deadlines (domain-rules 2.4, 2.7) ------------------------------------------------------

std::string severity_key(const Complaint& x, std::string_view field) {
  return fmt::format("complaint.severity.{}.{}", x.severity, field);
}

const SeverityRule& severity_rule(const Policy& p, const Complaint& x) {
  auto it = p.complaint.severity.find(x.severity);
  if (it == p.complaint.severity.end()) fail(Exit::config, "complaint.severity.{} is missing from the policy", x.severity);
  return it->second;
}

// When the class deadlines count from: intake, or — for a complaint the one-month rule made
// major — the upgrade (domain-rules 2.6): the new class's deadlines start then, so an upgraded
// complaint is not born weeks overdue.
std::pair<Timestamp, std::string> class_start(const Complaint& x) {
  if (x.severity == "major" && x.upgraded_at) return {*x.upgraded_at, "upgraded"};
  return {x.received_at, "received"};
}

// The deadlines owed after each resolution: the same-day result notice and the callback.
bool after_resolution(std::string_view name) { return name == "notify_by" || name == "callback_by"; }

// The deadline `name` this complaint should carry now, or nullopt when none applies. Class
// deadlines exist only for valid complaints and count from class_start (a reclassification
// recomputes them from there); notify_by and callback_by count from the resolution.
std::optional<deadline::Spec> wanted(const Policy& p, const Complaint& x, std::string_view name) {
  if (!x.counts()) return std::nullopt;
  const ClockKind clock = p.complaint.clock;
  if (after_resolution(name)) {
    if (x.status != "resolved" || !x.resolved_at) return std::nullopt;
    // domain-rules 2.4 (000 L203 ②): 当天将处理结果通报投诉住户.
    if (name == "notify_by")
      return deadline::Spec{"notify_by", "complaint.notify_result_within", clock, p.complaint.notify_result_within,
                            "resolved", *x.resolved_at};
    return deadline::Spec{"callback_by", "complaint.callback_within", clock, p.complaint.callback_within, "resolved",
                          *x.resolved_at};
  }
  const SeverityRule& r = severity_rule(p, x);
  const auto [start, ev] = class_start(x);
  if (name == "escalate_by") {
    if (!r.escalate_to || !r.escalate_within) return std::nullopt;
    return deadline::Spec{"escalate_by", severity_key(x, "escalate_within"), clock, r.escalate_within, ev, start};
  }
  if (name == "answer_by") {
    if (!r.answer_within) return std::nullopt;
    return deadline::Spec{"answer_by", severity_key(x, "answer_within"), clock, r.answer_within, ev, start};
  }
  if (name == "resolve_by") {
    if (!r.resolve_within) return std::nullopt;
    deadline::Spec s{"resolve_by", severity_key(x, "resolve_within"), clock, r.resolve_within, ev, start};
    // domain-rules 2.4: a minor complaint is resolved within 2 days or within the deadline the
    // resident asks for (在2天内或在住户要求的期限内) — whichever is sooner.
    if (x.severity == "minor" && x.requested_by &&
        *x.requested_by < svc::calendar(p).add(start, *r.resolve_within, clock))
      s = deadline::Spec{"resolve_by", severity_key(x, "resolve_within"), clock, std::nullopt, "requested_by",
                         *x.requested_by};
    return s;
  }
  return std::nullopt;
}

bool same(const deadline::Deadline& d, const deadline::Spec& s) {
  return d.rule == s.rule && d.clock == s.clock && d.start_event == s.start_event && d.start_at == s.start_at &&
         d.duration == (s.duration ? format_duration(*s.duration) : std::string());
}

// escalate_by is met once the complaint is held at the class's level or higher.
void meet_escalation(Op& c, const Complaint& x) {
  if (!x.counts()) return;
  const SeverityRule& r = severity_rule(c.policy, x);
  if (r.escalate_to && level_rank(x.level) >= level_rank(*r.escalate_to))
    deadline::meet(c.db, c.entry, x.ref(), "escalate_by", c.now);
}

// Brings the stored deadlines in line with the complaint's class and status: open (unmet)
// deadlines are recomputed or removed, new ones set; met ones stay as history.
void sync_deadlines(Op& c, const Complaint& x) {
  if (x.status != "open" && x.status != "resolved") return;
  const Calendar cal = svc::calendar(c.policy);
  for (const auto& name : kDeadlines) {
    // Class deadlines change only while the complaint is open, notify_by and callback_by only
    // once resolved.
    if (after_resolution(name) != (x.status == "resolved")) continue;
    const auto existing = deadline::find(c.db, x.ref(), name);
    if (existing && existing->met_at) continue;
    const auto spec = wanted(c.policy, x, name);
    if (spec && !(existing && same(*existing, *spec)))
      deadline::set(c.db, c.entry, cal, c.policy.hash(), x.ref(), *spec);
    else if (!spec && existing)
      deadline::remove(c.db, c.entry, x.ref(), name);
  }
  meet_escalation(c, x);
}

// ---- escalation -------------------------------------------------------------------------------

bool has_escalation(db::Database& db, std::int64_t id, std::string_view rule) {
  auto& st = db.cached("SELECT count(*) FROM complaint_escalation WHERE complaint_id = :id AND rule = :rule");
  st.bind(":id", id).bind(":rule", rule);
  st.step();
  return st.integer(0) > 0;
}

// Hands the complaint up to `level`: one complaint_escalation row, the new level, an event, and
// escalate_by met when the class's level is reached. A manual escalation is the actor's; any
// other is made by its rule (by_rule). `more` adds facts to the event.
void raise(Op& c, Complaint& x, const std::string& level, const std::string& rule, const Value& reason,
           std::string_view event_kind = "escalated", const Value& more = Value::object()) {
  const std::string by = rule == "manual" ? c.login() : by_rule(rule);
  auto& st = c.db.cached(
      "INSERT INTO complaint_escalation (complaint_id, subject, level, from_level, at, rule, reason, by_login) "
      "VALUES (:id, :subject, :level, :from, :at, :rule, :reason, :by)");
  st.bind(":id", x.id).bind(":subject", x.ref()).bind(":level", level).bind(":from", x.level).bind(":at", c.now);
  st.bind(":rule", rule).bind(":reason", to_json(reason, false)).bind(":by", by).run();
  c.entry.after(c.db, "complaint_escalation", c.db.last_insert_id());
  const std::string from = x.level;
  x.level = level;
  save(c, x);
  Value f = more;
  f.set("from", from);
  f.set("to", level);
  f.set("why", reason);
  event(c, x, event_kind, x.status, x.status, f, by);
  meet_escalation(c, x);
}

// domain-rules 2.2: a service complaint is reported to the superior of the staff member it is
// about. The superior is the active staff member holding the lowest complaint level (supervisor
// or above) that ranks above that person's role; ties go to the first login. nullopt if none.
std::optional<staff::Staff> superior_of(Op& c, const staff::Staff& person) {
  const int own = role_rank(c.policy, person.role);
  std::optional<staff::Staff> best;
  int best_rank = 0;
  for (const auto& s : staff::list(c.db, {})) {
    if (!s.active || s.login == person.login || level_rank(s.role) < level_rank("supervisor")) continue;
    const int r = role_rank(c.policy, s.role);
    if (r <= own) continue;
    if (!best || r < best_rank || (r == best_rank && s.login < best->login)) {
      best = s;
      best_rank = r;
    }
  }
  return best;
}

// At intake: the superior is told (routed_to), owns the complaint from now on (first-contact
// ownership stays with the receiver for the intake only: received_by) and it is held at the
// superior's level. With nobody above, the receiver keeps it and the history says to report it
// by hand; either way the person complained about may not handle it (require_not_about).
void route(Op& c, Complaint& x) {
  if (x.kind != "complaint" || !x.about_staff) return;
  const std::string rule = "complaint.route";
  const auto person = staff::get(c.db, *x.about_staff);
  const auto boss = superior_of(c, person);
  if (!boss) {
    Value why = Value::object();
    why.set("code", "route_none");
    why.set("person", person.login);
    why.set("role", person.role);
    event(c, x, "routed", x.status, x.status, fact("why", why), by_rule(rule));
    return;
  }
  x.routed_to = boss->login;
  Value more = fact("owner", boss->login);
  more.set("received_by", x.owner);
  x.owner = boss->login;
  Value reason = Value::object();
  reason.set("code", "route");
  reason.set("person", person.login);
  reason.set("role", person.role);
  reason.set("boss", boss->login);
  reason.set("boss_role", boss->role);
  if (level_rank(boss->role) > level_rank(x.level)) {
    raise(c, x, boss->role, rule, reason, "routed", more);
  } else {
    save(c, x);
    more.set("why", reason);
    event(c, x, "routed", x.status, x.status, more, by_rule(rule));
  }
}

void check_category(const Policy& p, std::optional<std::string>& category) {
  if (category)
    alias::canon("--category", *category, p.complaint.categories,
                 "--category '{}' is not a complaint category (allowed: {})");
}

void check_kind(const Policy& p, std::string& kind) {
  alias::canon("--kind", kind, kKinds);
  if (!contains(p.complaint.kinds, kind))
    fail(Exit::usage, "--kind '{}' is not taken at this site (policy complaint.kinds: {})", kind,
         join(p.complaint.kinds));
}

// cli.md lists `--validity suggestion`; a suggestion is a kind of record here (投诉/建议/咨询).
void check_validity(std::string& validity) {
  if (validity == "suggestion")
    fail(Exit::usage, "--validity 'suggestion' is a kind here: use --kind suggestion (validity allowed: valid, invalid)");
  alias::canon("--validity", validity, kValidities);
}

}  // namespace

std::int64_t parse_ref(std::string_view text) { return record::parse_ref(record::Kind::complaint, text); }

std::optional<Complaint> find(db::Database& db, std::int64_t id) {
  return record::find<Complaint>(db, kSelect, "c", id);
}

Complaint get(db::Database& db, std::int64_t id) {
  auto x = find(db, id);
  if (!x) record::not_found(record::Kind::complaint, id);
  return *x;
}

namespace {

// The escalations of many complaints at once (one query), by complaint id.
std::map<std::int64_t, std::vector<Escalation>> escalations_of(db::Database& db, const std::vector<std::string>& ids) {
  auto& st = db.cached(
      "SELECT id, complaint_id, level, from_level, at, rule, reason, by_login FROM complaint_escalation "
      "WHERE complaint_id IN (SELECT value FROM json_each(:ids)) ORDER BY id");
  st.bind(":ids", json_list(ids));
  std::map<std::int64_t, std::vector<Escalation>> out;
  while (st.step()) {
    Escalation e{st.integer(0), st.integer(1), st.text(2), st.text(3), st.integer(4), st.text(5), st.text(6), st.text(7)};
    out[e.complaint_id].push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<Escalation> escalations(db::Database& db, std::int64_t id) {
  auto all = escalations_of(db, {std::to_string(id)});
  return std::move(all[id]);
}

Complaint create(Op& c, Intake in) {
  require_take(c, tr("complaint new"));
  const auto& p = c.policy;
  require_text("--subject", in.subject, tr("what the complaint is about"));
  check_kind(p, in.kind);
  alias::canon("--severity", in.severity, kSeverities);
  check_validity(in.validity);
  alias::canon("--nature", in.nature, kNatures);
  check_category(p, in.category);
  alias::canon("--channel", in.channel, kChannels);
  // domain-rules 2.3 D: 合理化建议 → the head of the department concerned.
  if (in.kind == "suggestion" && (!in.dept || in.dept->empty()))
    fail(Exit::usage, "a suggestion goes to a department: give --dept");
  if (in.dept) require_text("--dept", *in.dept, tr("the department"));
  if (in.about_dept) require_text("--about-dept", *in.about_dept, tr("the department complained about"));
  const auto phone = in.phone ? phone_option(*in.phone) : std::nullopt;
  std::optional<Timestamp> requested;
  if (in.requested_by) {
    // A date alone means by the end of that day (住户要求的期限).
    requested = when::require(c, "--requested-by", *in.requested_by, when::Role::deadline);
    if (*requested <= c.now)
      fail(Exit::usage, "--requested-by '{}' is not after now ({})", *in.requested_by, format_local(c.now, p.site.utc_offset));
  }
  const std::int64_t unit_id = unit::get(c.db, in.unit).id;
  if (in.about_staff) in.about_staff = staff::get(c.db, *in.about_staff).login;

  Complaint x;
  x.kind = in.kind;
  x.status = "open";
  x.severity = in.severity;
  x.validity = in.validity;
  x.nature = in.nature;
  x.category = in.category;
  x.unit_id = unit_id;
  x.subject = in.subject;
  x.details = in.details;
  x.channel = in.channel;
  x.complainant = in.complainant;
  x.phone = phone;
  x.about_staff = in.about_staff;
  x.about_dept = in.about_dept;
  x.requested_by = requested;
  x.level = "assistant";
  x.received_by = x.owner = c.login();
  x.dept = in.dept;
  x.received_at = c.now;
  const std::int64_t id = record::insert(
      c, "complaint", x,
      {"kind", "status", "severity", "validity", "nature", "category", "unit_id", "subject", "details", "channel",
       "complainant", "phone", "about_staff", "about_dept", "requested_by", "level", "received_by", "owner", "dept",
       "received_at"});
  x = get(c.db, id);
  c.entry.set_entity(x.ref());
  Value f = Value::object();
  f.set("kind", x.kind);
  f.set("severity", x.severity);
  f.set("subject", x.subject);
  event(c, x, "created", std::nullopt, "open", f);
  route(c, x);
  sync_deadlines(c, x);
  return x;
}

Complaint classify(Op& c, std::int64_t id, Classification k) {
  require_take(c, tr("complaint classify"));
  Complaint x = handled(c, id, tr("complaint classify"));
  if (!k.kind && !k.severity && !k.validity && !k.nature && !k.category)
    fail(Exit::usage, "nothing to change: give --kind, --severity, --validity, --nature or --category");
  if (k.kind) check_kind(c.policy, *k.kind);
  alias::canon("--severity", k.severity, kSeverities);
  if (k.validity) check_validity(*k.validity);
  alias::canon("--nature", k.nature, kNatures);
  check_category(c.policy, k.category);
  lifecycle().require("classify", x.ref(), x.status, conditions(x));
  // Taking a complaint out of the major class would sidestep close_major_complaint.
  if (k.severity && x.severity == "major" && *k.severity != "major")
    c.require("close_major_complaint", tr("downgrading a major complaint"));
  if (k.kind == "suggestion" && !x.dept)
    fail(Exit::usage, "a suggestion goes to a department: first 'svc complaint assign {} --dept D'",
         x.ref());
  const Complaint before = x;
  if (k.kind) x.kind = *k.kind;
  if (k.severity) x.severity = *k.severity;
  if (k.validity) x.validity = *k.validity;
  if (k.nature) x.nature = *k.nature;
  if (k.category) x.category = *k.category;
  Value changes = Value::array();
  auto note = [&](std::string_view field, const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (a == b) return;
    Value ch = Value::object();
    ch.set("field", field);
    ch.set("from", a);
    ch.set("to", b);
    changes.push(std::move(ch));
  };
  note("kind", before.kind, x.kind);
  note("severity", before.severity, x.severity);
  note("validity", before.validity, x.validity);
  note("nature", before.nature, x.nature);
  note("category", before.category, x.category);
  if (changes.as_array().empty()) fail(Exit::usage, "{} is already classified so: nothing changes", x.ref());
  Value detail = fact("changes", changes);
  if (k.reason && !k.reason->empty()) detail.set("reason", *k.reason);
  save(c, x);
  event(c, x, "classified", x.status, x.status, detail);
  sync_deadlines(c, x);
  return x;
}

Complaint assign(Op& c, std::int64_t id, const std::string& dept, const std::optional<std::string>& to) {
  require_text("--dept", dept, tr("the department"));
  Complaint x = load(c, id, tr("complaint assign"), "assign");
  Value detail = fact("dept", dept);
  if (to) {
    const auto who = staff::get(c.db, *to);
    if (!who.active) fail(Exit::data_error, "staff member '{}' is not active", *to);
    for (const auto& r : c.policy.roles.read_only)
      if (r == who.role) fail(Exit::usage, "--to '{}' has the read-only role {} and cannot own a complaint", *to, tr(who.role));
    // domain-rules 2.2: never into the hands of the person it is about.
    if (x.about_staff == who.login)
      fail(Exit::no_perm, "--to '{}': {} is the person complained about in {} and may not own it",
           *to, who.login, x.ref());
    detail.set("from", x.owner);
    detail.set("owner", who.login);
    x.owner = who.login;  // 首问负责制 ends with a formal hand-over
  }
  if (x.dept == dept && !to) fail(Exit::usage, "{} is already with {}", x.ref(), dept);
  x.dept = dept;
  save(c, x);
  event(c, x, "assigned", x.status, x.status, detail);
  return x;
}

Complaint escalate(Op& c, std::int64_t id, std::optional<std::string> to_level, const std::string& reason) {
  // domain-rules 2.5, 9.2: the 客服助理 reports up to the 主管, who reports to the 经理 …
  c.require("escalate_complaint", tr("complaint escalate"));
  require_text("--reason", reason, tr("why it is escalated"));
  alias::canon("--to", to_level, kLevels);
  Complaint x = handled(c, id, tr("complaint escalate"));
  lifecycle().require("escalate", x.ref(), x.status, conditions(x));
  const int here = level_rank(x.level);
  if (here + 1 >= static_cast<int>(kLevels.size()))
    fail(Exit::data_error, "{} is already held at the top level ({})", x.ref(), tr(x.level));
  const std::string target = to_level.value_or(kLevels[static_cast<std::size_t>(here + 1)]);
  if (level_rank(target) <= here) {
    std::vector<std::string> higher(kLevels.begin() + here + 1, kLevels.end());
    fail(Exit::data_error, "{} is already held at {}: --to must be higher (allowed: {})", x.ref(), tr(x.level), join(higher));
  }
  Value why = fact("code", "manual");
  why.set("text", reason);
  raise(c, x, target, "manual", why);
  return x;
}

Complaint respond(Op& c, std::int64_t id, const std::string& answer) {
  require_text("--note", answer, tr("the answer given to the complainant"));
  Complaint x = load(c, id, tr("complaint respond"), "respond");
  x.answer = answer;
  if (!x.answered_at) x.answered_at = c.now;
  // domain-rules 2.3 D: an inquiry (咨询) is answered, and that closes it.
  const bool closes = x.kind == "inquiry";
  if (closes) {
    x.status = "closed";
    x.closed_at = c.now;
  }
  save(c, x);
  event(c, x, "responded", "open", "open", fact("answer", answer));
  deadline::meet(c.db, c.entry, x.ref(), "answer_by", c.now);
  if (closes) event(c, x, "closed", "open", "closed", fact("answered", true));
  return x;
}

Complaint resolve(Op& c, std::int64_t id, const std::string& resolution) {
  require_text("--resolution", resolution, tr("how it was resolved"));
  Complaint x = load(c, id, tr("complaint resolve"), "resolve");
  x.status = "resolved";
  x.resolution = resolution;
  x.resolved_at = c.now;
  save(c, x);
  event(c, x, "resolved", "open", "resolved", fact("resolution", resolution));
  // Resolution ends every class deadline still open (met now: on time or late). A valid complaint
  // now owes the result to the complainant the same day (complaint.notify_result_within, domain-
  // rules 2.4) and its callback within complaint.callback_within (2.7) — each resolution its own,
  // even after an earlier one reopened the complaint.
  for (const auto& name : {"escalate_by", "answer_by", "resolve_by"}) deadline::meet(c.db, c.entry, x.ref(), name, c.now);
  for (const auto& name : {"notify_by", "callback_by"})
    if (auto spec = wanted(c.policy, x, name))
      deadline::set(c.db, c.entry, svc::calendar(c.policy), c.policy.hash(), x.ref(), *spec);
  return x;
}

Complaint notify(Op& c, std::int64_t id, std::string method, const std::optional<std::string>& note) {
  alias::canon("--method", method, kNotifyMethods);
  Complaint x = load(c, id, tr("complaint notify"), "notify");
  if (!x.resolved_at) fail(Exit::data_error, "{} was closed without a resolution: there is no result to tell", x.ref());
  // Once per resolution: a notice since the (last) resolution is the one owed.
  for (const auto& e : record::history(c.db, x.ref()))
    if (e.kind == "notified" && e.at >= *x.resolved_at)
      fail(Exit::data_error, "the result of {} was already told to the complainant at {}", x.ref(),
           format_local(e.at, c.utc_offset()));
  Value f = fact("method", method);
  if (note && !note->empty()) f.set("note", *note);
  event(c, x, "notified", x.status, x.status, f);
  deadline::meet(c.db, c.entry, x.ref(), "notify_by", c.now);
  return x;
}

Complaint withdraw(Op& c, std::int64_t id, const std::string& reason) {
  require_text("--reason", reason, tr("why the complainant withdrew it"));
  Complaint x = load(c, id, tr("complaint withdraw"), "withdraw");
  const std::string from = x.status;
  x.status = "withdrawn";
  x.withdrawn_at = c.now;
  x.withdraw_reason = reason;
  save(c, x);
  event(c, x, "withdrawn", from, "withdrawn", fact("reason", reason));
  // Deadlines still open no longer apply to a withdrawn complaint.
  for (const auto& d : deadline::of(c.db, x.ref()))
    if (!d.met_at) deadline::remove(c.db, c.entry, x.ref(), d.name);
  return x;
}

Edited edit(Op& c, std::int64_t id, const Edit& e) {
  if (!e.unit && !e.subject && !e.details && !e.complainant && !e.phone && !e.requested_by)
    fail(Exit::usage,
         "nothing to change: give --unit, --subject, --details, --complainant, --phone or --requested-by (the class "
         "changes with 'svc complaint classify')");
  if (e.subject) require_text("--subject", *e.subject, tr("what the complaint is about"));
  Complaint x = load(c, id, tr("complaint edit"), "edit");
  const auto& p = c.policy;
  const Complaint before = x;
  if (e.unit) {
    const auto u = unit::get(c.db, *e.unit);
    x.unit_id = u.id;
    x.unit = u.code;
  }
  if (e.subject) x.subject = *e.subject;
  if (e.details) x.details = record::optional_text(*e.details);
  if (e.complainant) x.complainant = record::optional_text(*e.complainant);
  if (e.phone) x.phone = phone_option(*e.phone);
  if (e.requested_by) {
    x.requested_by.reset();
    if (record::optional_text(*e.requested_by)) {
      x.requested_by = when::require(c, "--requested-by", *e.requested_by, when::Role::deadline);
      if (*x.requested_by <= c.now)
        fail(Exit::usage, "--requested-by '{}' is not after now ({})", *e.requested_by, format_local(c.now, p.site.utc_offset));
    }
  }
  Value changes = Value::array();
  record::changed(changes, "unit", before.unit, x.unit);
  record::changed(changes, "subject", before.subject, x.subject);
  record::changed(changes, "details", before.details, x.details);
  record::changed(changes, "complainant", before.complainant, x.complainant);
  record::changed_phone(changes, before.phone, x.phone);
  record::changed(changes, "requested_by", before.requested_by, x.requested_by);
  const Value f = record::write_edit(c, "complaint", x, changes,
                                     {"unit_id", "subject", "details", "complainant", "phone", "requested_by"}, [&] {
                                       if (x.requested_by != before.requested_by) sync_deadlines(c, x);
                                     });
  event(c, x, "edited", x.status, x.status, f);
  return Edited{x, f};
}

namespace {

// Unresolved again, for the reason `why` (facts). resolve_by counts from its start as before (and
// is most likely missed now); a notice or callback not yet made is owed after the next resolution
// instead.
Complaint reopen_for(Op& c, Complaint x, const Value& why) {
  const std::string from = x.status;
  x.status = "open";
  x.resolved_at.reset();
  x.closed_at.reset();
  x.close_note.reset();
  save(c, x);
  event(c, x, "reopened", from, "open", why);
  for (const char* name : {"notify_by", "callback_by"}) {
    const auto d = deadline::find(c.db, x.ref(), name);
    if (d && !d->met_at) deadline::remove(c.db, c.entry, x.ref(), name);
  }
  if (auto spec = wanted(c.policy, x, "resolve_by"))
    deadline::set(c.db, c.entry, svc::calendar(c.policy), c.policy.hash(), x.ref(), *spec);
  return x;
}

}  // namespace

Complaint reopen(Op& c, std::int64_t id, const std::string& reason) {
  require_text("--reason", reason, tr("why it is reopened"));
  return reopen_for(c, load(c, id, tr("complaint reopen"), "reopen"), fact("reason", reason));
}

Complaint close(Op& c, std::int64_t id, const record::Close& how) {
  Complaint x = load(c, id, tr("complaint close"), "close");
  if (x.severity == "major" && x.kind == "complaint")
    c.require("close_major_complaint", tr("closing a major complaint"));
  Value detail = Value::object();
  if (how.no_callback) {
    c.require("close_without_callback", tr("closing without a callback"));
    if (!how.reason || how.reason->find_first_not_of(" \t") == std::string::npos)
      fail(Exit::usage, "--no-callback needs --reason");
    detail = fact("no_callback", true);
    detail.set("reason", *how.reason);
    x.close_note = *how.reason;
  } else if (x.counts() && !visit::has_callback_since(c.db, x.ref(), *x.resolved_at)) {
    // domain-rules 2.7: 投诉回访率 100% — every valid complaint gets its callback.
    fail(Exit::data_error,
         "{} has no callback yet: log it with 'svc visit log --complaint {} --method phone --rating N' (a "
         "supervisor may close with --no-callback --reason)",
         x.ref(), x.ref());
  }
  const std::string from = x.status;
  x.status = "closed";
  x.closed_at = c.now;
  save(c, x);
  event(c, x, "closed", from, "closed", detail);
  // A callback closed without is no longer owed (close_note says why); the result notice stays as
  // it is (closing does not tell the complainant: `notify` may still record it, late); anything
  // else still open ends now.
  for (const auto& d : deadline::of(c.db, x.ref())) {
    if (d.met_at || d.name == "notify_by") continue;
    if (d.name == "callback_by")
      deadline::remove(c.db, c.entry, x.ref(), d.name);
    else
      deadline::meet(c.db, c.entry, x.ref(), d.name, c.now);
  }
  return x;
}

visit::Result<Complaint> record_callback(Op& c, std::int64_t complaint_id, const std::string& method, int rating,
                                        const std::optional<std::string>& note) {
  Complaint x = load(c, complaint_id, tr("visit log"), "visit log");
  visit::Result<Complaint> r;
  const auto cb = visit::callback(c, x.ref(), x.unit_id, x.status, method, rating, note);
  r.visit = cb.visit;
  if (cb.reopen) {
    reopen_for(c, x, cb.why);
    r.reopened = true;
  }
  r.record = get(c.db, complaint_id);
  return r;
}

std::vector<SweepAction> sweep(Op& c) {
  const auto& p = c.policy;
  const Calendar cal = svc::calendar(p);
  std::vector<Complaint> open;
  {
    auto st = c.db.prepare(std::string(kSelect) +
                           " WHERE c.status = 'open' AND c.kind = 'complaint' AND c.validity = 'valid' ORDER BY c.id");
    while (st.step()) open.push_back(record::read<Complaint>(st));
  }
  std::vector<SweepAction> done;
  for (Complaint& x : open) {
    // domain-rules 2.6: a valid complaint unresolved for a month is by definition major.
    const Timestamp upgrade_at = cal.add(x.received_at, p.complaint.upgrade_to_major_after, p.complaint.clock);
    if (!x.upgraded_at && x.severity != "major" && c.now >= upgrade_at) {
      const std::string from = x.severity;
      x.severity = "major";
      x.upgraded_at = c.now;
      save(c, x);
      Value reason = fact("code", "upgrade");
      reason.set("after", format_duration(p.complaint.upgrade_to_major_after));
      Value f = fact("from", from);
      f.set("to", "major");
      f.set("why", reason);
      // The major deadlines replace the old class's open ones, counted from now; what the old
      // class had already missed stays on record here.
      Value missed = Value::array();
      for (const auto& d : deadline::of(c.db, x.ref()))
        if (!d.met_at && deadline::evaluate(d, c.now, cal, std::nullopt).state == deadline::State::missed) {
          Value m = fact("name", d.name);
          m.set("due_at", Value(static_cast<long long>(d.due_at)));
          missed.push(std::move(m));
        }
      if (!missed.as_array().empty()) f.set("missed", missed);
      event(c, x, "upgraded", x.status, x.status, f, by_rule("complaint.upgrade_to_major_after"));
      sync_deadlines(c, x);
      done.push_back(SweepAction{x.ref(), "upgraded", from, "major", "complaint.upgrade_to_major_after", reason});
    }
    // domain-rules 2.4: the class's escalation (major → director the same day, important →
    // supervisor within the hour) is made at once.
    const SeverityRule& r = severity_rule(p, x);
    if (r.escalate_to) {
      const std::string& target = policy_level(*r.escalate_to, severity_key(x, "escalate_to"));
      const std::string rule = severity_key(x, "escalate_to");
      if (level_rank(x.level) < level_rank(target) && !has_escalation(c.db, x.id, rule)) {
        Value reason = fact("code", "class");
        reason.set("severity", x.severity);
        reason.set("to", target);
        if (r.escalate_within) reason.set("within", format_duration(*r.escalate_within));
        const std::string from = x.level;
        raise(c, x, target, rule, reason);
        done.push_back(SweepAction{x.ref(), "escalated", from, target, rule, reason});
      }
    }
    // domain-rules 2.5: the ladder, by time since intake while unresolved; a rung at or below the
    // level already holding the complaint has nothing to do.
    for (const auto& step : p.complaint.ladder) {
      const std::string& target = policy_level(step.level, "complaint.ladder.level");
      const std::string rule = "complaint.ladder." + format_duration(step.after);
      if (c.now < cal.add(x.received_at, step.after, p.complaint.clock)) break;
      if (level_rank(x.level) >= level_rank(target) || has_escalation(c.db, x.id, rule)) continue;
      Value reason = fact("code", "ladder");
      reason.set("after", format_duration(step.after));
      const std::string from = x.level;
      raise(c, x, target, rule, reason);
      done.push_back(SweepAction{x.ref(), "escalated", from, target, rule, reason});
    }
  }
  return done;
}

Value to_value(const SweepAction& a, bool dry_run) {
  Value v = Value::object();
  v.set("complaint", a.ref);
  v.set("action", a.action);
  v.set("from", a.from);
  v.set("to", a.to);
  v.set("rule", a.rule);
  v.set("reason", render::narrate_reason(a.reason));
  v.set("dry_run", dry_run);
  return v;
}

std::vector<Complaint> list(db::Database& db, const Policy& policy, Timestamp now, ListFilter f) {
  alias::canon("--status", f.status, kStatuses);
  alias::canon("--level", f.level, kLevels);
  alias::canon("--severity", f.severity, kSeverities);
  alias::canon("--kind", f.kind, kKinds);
  std::optional<std::pair<Timestamp, Timestamp>> month;
  if (f.month) {
    auto d = f.month->size() == 7 ? parse_date(*f.month + "-01") : std::nullopt;
    if (!d) fail(Exit::usage, "--month '{}' is not a month (expected YYYY-MM, e.g. 2026-11)", *f.month);
    const int off = policy.site.utc_offset;
    month = {local_to_timestamp(*d, 0, off), local_to_timestamp(add_months(*d, 1), 0, off)};
  }
  if (f.unit) unit::get(db, *f.unit);
  record::Where w;
  w.equal("c.status", f.status).equal("c.level", f.level).equal("c.severity", f.severity).equal("c.kind", f.kind);
  w.equal("u.code", f.unit);
  w.contains({"c.subject", "c.details", "c.complainant", "u.code"}, ":search", f.search);
  if (month) w.add("c.received_at >= :from", ":from", month->first).add("c.received_at < :to", ":to", month->second);
  if (f.since) w.add("c.received_at >= :since", ":since", *f.since);
  if (f.open_only) w.add("c.status IN ('open', 'resolved')");
  // Only complaints with an unmet deadline already past can be overdue; the engine decides.
  if (f.overdue)
    w.add("c.status IN ('open', 'resolved')")
        .add("EXISTS (SELECT 1 FROM deadline d WHERE d.subject = 'C' || c.id AND d.met_at IS NULL AND d.due_at < :now)",
             ":now", now);
  // --limit keeps the newest; the list reads oldest first either way.
  auto st = db.prepare(std::string(kSelect) + w.sql() + record::newest_order("c.id", f.overdue ? 0 : f.limit));
  w.bind(st);
  std::vector<Complaint> all;
  while (st.step()) all.push_back(record::read<Complaint>(st));
  if (!f.overdue) {
    record::reverse_newest(all, f.limit);
    return all;
  }
  return record::with_deadlines(db, policy, now, std::move(all), true, std::nullopt, f.limit);
}

std::vector<std::string> open_refs(db::Database& db, int limit) {
  return record::newest_refs(db, record::Kind::complaint, "status IN ('open', 'resolved')", limit);
}

std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Complaint>& list,
                             Timestamp now, bool reveal) {
  const int off = policy.site.utc_offset;
  std::vector<std::string> ids;
  for (const auto& x : list) ids.push_back(std::to_string(x.id));
  const auto escalations = escalations_of(db, ids);
  const auto related = record::related(db, record::refs_of(list));
  std::vector<Value> out;
  for (const auto& x : list) {
    Value v = record::to_value(x, off, reveal, {"unit_id"});
    v.set("counts_in_kpi", x.counts());
    record::set_related(v, related, x.ref(), kDeadlines, now, policy);
    Value esc = Value::array();
    if (auto it = escalations.find(x.id); it != escalations.end())
      for (const auto& e : it->second) {
        Value o = Value::object();
        o.set("level", e.level);
        o.set("at", format_iso(e.at, off));
        o.set("reason", render::narrate_stored_reason(e.reason));
        o.set("from", e.from_level);
        o.set("rule", e.rule);
        o.set("by", e.by);
        esc.push(std::move(o));
      }
    v.set("escalations", esc);
    out.push_back(std::move(v));
  }
  return out;
}

Value to_value(db::Database& db, const Policy& policy, const Complaint& x, Timestamp now, bool reveal) {
  return to_values(db, policy, {x}, now, reveal).front();
}

std::vector<Explanation> explain(db::Database& db, const Policy& policy, const Complaint& x, Timestamp now) {
  const Calendar cal = svc::calendar(policy);
  const int off = policy.site.utc_offset;
  const auto& cp = policy.complaint;
  std::vector<Explanation> out;
  const auto list = deadline::of(db, x.ref());
  for (const auto& name : kDeadlines) {
    Explanation e{name, {}};
    if (const auto* it = deadline::named(list, name)) {
      e.lines = deadline::explain(*it, db, now, cal, policy.hash(), off);
      if (it->start_event == "requested_by")
        e.lines.insert(e.lines.begin() + 1,
                       fmt::format(fmt::runtime(tr("the complainant asked for it by {}, sooner than {} after intake: "
                                                   "the earlier wins")),
                                   format_local(it->start_at, off), format_duration(*severity_rule(policy, x).resolve_within)));
      if (it->start_event == "upgraded")
        e.lines.insert(e.lines.begin() + 2,
                       fmt::format(fmt::runtime(tr("counted from the one-month upgrade to major at {}, not from intake")),
                                   format_local(it->start_at, off)));
    } else if (!x.counts()) {
      e.lines.push_back(fmt::format(fmt::runtime(tr("n/a: only valid complaints carry deadlines; "
                                                    "this is {} / {}")),
                                    tr(x.kind), tr(x.validity)));
    } else if (name == "notify_by") {
      e.lines.push_back(cp.notify_result_within.unit == Duration::Unit::same_day
                            ? std::string(tr("n/a until resolved: the result is told to the complainant the same day it "
                                             "is resolved (complaint.notify_result_within)"))
                            : fmt::format(fmt::runtime(tr("n/a until resolved: the result is told to the complainant "
                                                          "within {} of the resolution (complaint.notify_result_within)")),
                                          format_duration(cp.notify_result_within)));
    } else if (name == "callback_by") {
      e.lines.push_back(fmt::format(fmt::runtime(tr("n/a until resolved: the callback is due within {} of the "
                                                    "resolution (complaint.callback_within)")),
                                    format_duration(cp.callback_within)));
    } else if (x.status == "withdrawn") {
      e.lines.push_back(std::string(tr("n/a: the complaint was withdrawn")));
    } else {
      e.lines.push_back(fmt::format(fmt::runtime(tr("n/a: complaint.severity.{} sets no {}")),
                                    x.severity, name));
    }
    out.push_back(std::move(e));
  }
  // The ladder (2.5) and the one-month rule (2.6), rung by rung.
  Explanation ladder{"ladder", {}};
  const auto esc = escalations(db, x.id);
  for (const auto& step : cp.ladder) {
    const Timestamp due = cal.add(x.received_at, step.after, cp.clock);
    const std::string rule = "complaint.ladder." + format_duration(step.after);
    auto done = std::find_if(esc.begin(), esc.end(), [&](const auto& e) { return e.rule == rule; });
    std::string state;
    if (done != esc.end())
      state = fmt::format(fmt::runtime(tr("escalated at {}")), format_local(done->at, off));
    else if (!x.counts())
      state = std::string(tr("n/a: only valid complaints climb the ladder"));
    else if (x.status != "open")
      state = std::string(tr("n/a: not open"));
    else if (level_rank(x.level) >= level_rank(step.level))
      state = fmt::format(fmt::runtime(tr("nothing to do: already held at {}")), tr(x.level));
    else if (now < due)
      state = fmt::format(fmt::runtime(tr("pending: the sweep escalates it from {}")), format_local(due, off));
    else
      state = std::string(tr("due: the next sweep escalates it"));
    ladder.lines.push_back(fmt::format(fmt::runtime(tr("after {} ({}) → {}: {}")), format_duration(step.after),
                                       format_local(due, off), tr(step.level), state));
  }
  ladder.lines.push_back(std::string(tr("measured from intake while unresolved (complaint.ladder)")));
  out.push_back(std::move(ladder));
  Explanation upgrade{"upgrade", {}};
  const Timestamp up = cal.add(x.received_at, cp.upgrade_to_major_after, cp.clock);
  std::string state;
  if (x.upgraded_at)
    state = fmt::format(fmt::runtime(tr("upgraded to major at {}; the major deadlines count from then")),
                        format_local(*x.upgraded_at, off));
  else if (!x.counts())
    state = std::string(tr("n/a: only valid complaints"));
  else if (x.severity == "major")
    state = std::string(tr("n/a: already major"));
  else if (x.status != "open")
    state = std::string(tr("n/a: not open"));
  else
    state = fmt::format(fmt::runtime(tr("pending: major from {} if still unresolved")), format_local(up, off));
  upgrade.lines.push_back(fmt::format(fmt::runtime(tr("a valid complaint unresolved {} after intake becomes major "
                                                      "(complaint.upgrade_to_major_after): {}")),
                                      format_duration(cp.upgrade_to_major_after), state));
  out.push_back(std::move(upgrade));
  return out;
}

}  // namespace svc::complaint
