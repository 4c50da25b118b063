// The dunning ladder (domain-rules 3.5) and its bookkeeping (3.7). See dunning.hpp and
// schema/005_dunning.sql for the write-ahead protocol that keeps a crash from sending twice.
#include "svc/dunning.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "svc/audit.hpp"
#include "svc/calendar.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/fee_detail.hpp"
#include "svc/i18n.hpp"
#include "svc/privacy.hpp"
#include "svc/record.hpp"
#include "svc/joblock.hpp"
#include "svc/render/letter.hpp"
#include "svc/unit.hpp"
#include "svc/visit.hpp"

namespace svc::dunning {

namespace fs = std::filesystem;
using fee::detail::date_of;
using fee::detail::today;

// ---- pure rules ------------------------------------------------------------------------------

std::optional<Timestamp> stage_due(const Policy& policy, Date oldest_due, const DunningStage& stage, std::int64_t cycle,
                                   const Anchors& anchors) {
  Timestamp start = local_to_timestamp(oldest_due, 0, policy.site.utc_offset);
  if (stage.anchor) {
    const auto it = anchors.find(*stage.anchor);
    if (it == anchors.end()) return std::nullopt;
    start = it->second;
  }
  const Calendar cal = calendar(policy);
  Timestamp t = cal.add(start, stage.after, ClockKind::calendar);
  if (stage.repeat)
    for (std::int64_t i = 0; i < cycle; ++i) t = cal.add(t, *stage.repeat, ClockKind::calendar);
  return t;
}

std::optional<StageDue> current_stage(const Policy& policy, Date oldest_due, std::string_view unit_status,
                                      Timestamp now, const Anchors& anchors) {
  std::optional<StageDue> found;
  Timestamp found_first = 0;  // when the found stage's first reminder fell due
  const auto& ladder = policy.fee.dunning;
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    const DunningStage& st = ladder[i];
    if (!st.only_status.empty() &&
        std::find(st.only_status.begin(), st.only_status.end(), unit_status) == st.only_status.end())
      continue;
    const auto first = stage_due(policy, oldest_due, st, 0, anchors);
    if (!first || *first > now || (found && *first < found_first)) continue;
    StageDue d{i, 0, *first};
    if (st.repeat) {
      // The latest repeat that has fallen due; months have no fixed length, so step through them.
      for (;;) {
        const auto next = stage_due(policy, oldest_due, st, d.cycle + 1, anchors);
        if (!next || *next > now || *next <= d.due_at) break;
        ++d.cycle;
        d.due_at = *next;
      }
    }
    found = d;
    found_first = *first;
  }
  return found;
}

std::string_view default_template(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::letter:
      return "您的房屋{unit}截至{date}尚欠{items},共计人民币{amount}元。服务中心此前已以电话或短信提醒,"
             "至今仍未收到您的缴费。根据物业服务合同及管理规约,特此函告,请您于{deadline}前缴清全部欠费。"
             "逾期仍未缴纳的,管理处将依照有关规定通过法律途径追缴。";
    case ChannelKind::visit:
      return "上门催缴:{unit} {owner},截至{date}欠{items}共{amount}元,请于{deadline}前上门拜访并记录结果。";
    default:
      return "【{site}】{owner}您好,您房屋{unit}截至{date}尚欠{items}共{amount}元,请于{deadline}前缴纳。"
             "如已缴纳请忽略。";
  }
}

// ---- records ---------------------------------------------------------------------------------

namespace {

constexpr std::string_view kReminderColumns =
    "r.id, r.unit_id, u.code, r.episode, r.stage, r.cycle, r.channel, r.status, r.attempts, r.due_at, "
    "r.amount_fen, r.recipient, r.message, r.reason, r.visit_id, r.created_at, r.updated_at, r.sent_at";
constexpr std::string_view kReminderFrom = " FROM reminder r JOIN unit u ON u.id = r.unit_id";

Reminder read_reminder(db::Statement& st) {
  Reminder r;
  r.id = st.integer(0);
  r.unit_id = st.integer(1);
  r.unit = st.text(2);
  r.episode = st.text(3);
  r.stage = st.text(4);
  r.cycle = st.integer(5);
  r.channel = st.text(6);
  r.status = st.text(7);
  r.attempts = st.integer(8);
  r.due_at = st.integer(9);
  r.amount = st.integer(10);
  r.recipient = st.opt_text(11);
  r.message = st.opt_text(12);
  r.reason = st.opt_text(13);
  r.visit_id = st.opt_integer(14);
  r.created_at = st.integer(15);
  r.updated_at = st.integer(16);
  r.sent_at = st.opt_integer(17);
  return r;
}

std::optional<Reminder> find(db::Database& db, std::int64_t id) {
  auto& st = db.cached(std::string("SELECT ") + std::string(kReminderColumns) + std::string(kReminderFrom) +
                       " WHERE r.id = :id");
  st.bind(":id", id);
  std::optional<Reminder> r;
  if (st.step()) r = read_reminder(st);
  st.reset();
  return r;
}

Value opt_time(const std::optional<Timestamp>& t, int offset) { return t ? Value(format_iso(*t, offset)) : Value(); }

}  // namespace

Reminder get(db::Database& db, std::string_view id) {
  const auto n = record::parse_id(id, 'R');
  if (!n) fail(Exit::usage, "'{}' is not a reminder id (a number, as `svc fee reminders` shows)", id);
  auto r = find(db, *n);
  if (!r) fail(Exit::no_input, "no reminder {} (see `svc fee reminders`)", *n);
  return *r;
}

std::vector<Reminder> list(db::Database& db, const Policy& policy, const ListFilter& f) {
  if (f.stage && std::none_of(policy.fee.dunning.begin(), policy.fee.dunning.end(),
                              [&](const DunningStage& s) { return s.stage == *f.stage; }) &&
      !db.prepare("SELECT 1 FROM reminder WHERE stage = :s LIMIT 1").bind(":s", *f.stage).step()) {
    std::vector<std::string> stages;
    for (const auto& s : policy.fee.dunning) stages.push_back(s.stage);
    fail(Exit::usage, "--stage '{}' is not a dunning stage (allowed: {})", *f.stage, fmt::join(stages, ", "));
  }
  if (f.unit) unit::get(db, *f.unit);  // a unit that does not exist: 66, not an empty list
  auto st = db.prepare(std::string("SELECT ") + std::string(kReminderColumns) + std::string(kReminderFrom) +
                       " WHERE (:status IS NULL OR r.status = :status) AND (:unit IS NULL OR u.code = :unit)"
                       " AND (:stage IS NULL OR r.stage = :stage) AND (:since IS NULL OR r.created_at >= :since)"
                       " ORDER BY r.id");
  st.bind(":status", f.status).bind(":unit", f.unit).bind(":stage", f.stage).bind(":since", f.since);
  std::vector<Reminder> out;
  while (st.step()) out.push_back(read_reminder(st));
  return out;
}

Value to_value(const Reminder& r, int utc_offset, bool reveal) {
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(r.id)));
  v.set("unit", r.unit);
  v.set("stage", r.stage);
  v.set("cycle", Value(static_cast<long long>(r.cycle)));
  v.set("channel", r.channel);
  v.set("status", r.status);
  v.set("attempts", Value(static_cast<long long>(r.attempts)));
  v.set("created_at", format_iso(r.created_at, utc_offset));
  v.set("sent_at", opt_time(r.sent_at, utc_offset));
  v.set("amount_fen", Value(static_cast<long long>(r.amount)));
  v.set("due_at", format_iso(r.due_at, utc_offset));
  v.set("episode", r.episode);
  v.set("recipient", r.recipient ? Value(reveal ? *r.recipient : mask_phone_digits(*r.recipient)) : Value());
  v.set("reason", reason_text(r, utc_offset));
  v.set("reason_code", r.reason ? reason_code(*r.reason) : std::nullopt);
  v.set("visit", r.visit_id ? Value(fmt::format("V{}", *r.visit_id)) : Value());
  v.set("message", r.message);
  return v;
}

// ---- reasons -----------------------------------------------------------------------------------

namespace {

// A reason as stored: {"code": CODE, then the failure's keys, then `more`}.
std::string fact(std::string_view code, std::initializer_list<std::pair<std::string_view, Value>> more = {},
                 const notify::Failure* failure = nullptr) {
  Value v = Value::object();
  v.set("code", code);
  if (failure) {
    const Value what = notify::to_value(*failure);
    for (const auto& [key, value] : what.as_object()) v.set(key, value);
  }
  for (const auto& [key, value] : more) v.set(key, value);
  return to_json(v, false);
}

std::optional<Value> parse_fact(std::string_view stored) {
  if (stored.empty() || stored.front() != '{') return std::nullopt;
  try {
    Value v = parse_json(stored);
    if (v.is_object() && v.get("code").is_string()) return v;
  } catch (const Error&) {  // a sentence that starts with a brace: shown as it is
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> reason_code(std::string_view stored) {
  const auto f = parse_fact(stored);
  return f ? std::optional(f->get("code").as_string()) : std::nullopt;
}

std::string reason_text(std::string_view stored, int utc_offset) {
  const auto f = parse_fact(stored);
  if (!f) return std::string(stored);  // written before reasons were facts
  const std::string& code = f->get("code").as_string();
  auto text = [&](std::string_view key) { return f->get(key).is_string() ? f->get(key).as_string() : std::string(); };
  auto number = [&](std::string_view key) { return f->get(key).is_int() ? f->get(key).as_int() : std::int64_t{0}; };
  auto say = [](std::string_view translated, const auto&... args) {
    return fmt::format(fmt::runtime(translated), args...);
  };
  auto who = [&] { return f->get("note").is_string() ? text("by") + ": " + text("note") : text("by"); };
  if (code == "paid") return std::string(tr("paid: nothing is overdue any more"));
  if (code == "restarted")
    return std::string(tr("the oldest overdue bill was paid; the ladder starts again from the next one"));
  if (code == "held") return say(tr("dunning held until {}: {}"), text("until"), text("reason"));
  if (code == "no_channel") return say(tr("channel '{}' is not in the policy"), text("channel"));
  if (code == "no_phone")
    return say(tr("no owner phone on file (svc unit set --owner-phone, then svc fee resolve {} --retry)"),
               number("reminder"));
  if (code == "listed")
    return say(tr("listed for the {}'s decision (svc fee refer {} --legal --reason ...)"), text("role"), text("unit"));
  if (code == "recorded") return std::string(tr("recorded; nothing is sent on this channel"));
  if (code == "no_assistant") return std::string(tr("no active staff member with the role assistant to make the home visit"));
  if (code == "visit") return say(tr("home visit V{} for {} by {}"), number("visit"), text("by"), text("deadline"));
  if (code == "overtaken")
    return say(tr("overtaken by reminder {} ({} #{})"), number("by"), text("stage"), number("cycle") + 1);
  if (code == "letter_found") return std::string(tr("interrupted run: the letter was found in the outbox"));
  if (code == "letter_missing")
    return std::string(tr("interrupted run: the letter was not written; it will be written again"));
  if (code == "interrupted")
    return say(tr("interrupted while sending at {}: whether it was delivered is not known; check, then "
                  "`svc fee resolve {} --sent` or `--retry`"),
               format_local(number("at"), utc_offset), number("reminder"));
  if (code == "confirmed") return say(tr("confirmed delivered by {}"), who());
  if (code == "retry") return say(tr("to be sent again on the next run ({})"), who());
  if (code == "deferred" || code == "failed") {
    const auto failure = notify::failure_of(*f);
    const std::string what = failure ? notify::describe(*failure) : text("detail");
    if (code == "deferred") return what;
    const auto attempt = number("attempt"), of = number("of");
    return attempt >= of ? say(tr("{} (given up after {} attempts)"), what, attempt)
                         : say(tr("{} (attempt {} of {}; tried again on the next run)"), what, attempt, of);
  }
  return std::string(stored);  // a code this version does not know: the fact as it is
}

std::optional<std::string> reason_text(const Reminder& r, int utc_offset) {
  return r.reason ? std::optional(reason_text(*r.reason, utc_offset)) : std::nullopt;
}

// ---- accounts --------------------------------------------------------------------------------

namespace {

// A unit's overdue bills (past their due date, unpaid), as dunning sees them.
struct Account {
  std::int64_t unit_id = 0;
  std::string unit, status, owner;
  std::optional<std::string> phone;
  Date oldest_due;
  Fen amount = 0;
  std::vector<fee::Bill> bills;  // oldest due first
};

std::vector<Account> accounts(db::Database& db, const Policy& policy, Timestamp now,
                              std::optional<std::int64_t> unit_id = std::nullopt) {
  // The ledger as it stood at `now` (so dunning-gaps of a past day is what that day saw). Two
  // statements, so that the one-unit form uses the bill_unit index.
  auto& st = db.cached(std::string("SELECT ") + std::string(fee::detail::kBillAtColumns) +
                       ", u.status, u.owner_name, u.owner_phone" + std::string(fee::detail::kBillAtFrom) +
                       std::string(fee::detail::kMaybeOpenAt) + " AND b.due_on < :today" +
                       (unit_id ? " AND b.unit_id = :unit" : "") + " ORDER BY u.code, b.due_on, b.id");
  st.bind(":at", now).bind(":today", format_date(today(policy, now)));
  if (unit_id) st.bind(":unit", *unit_id);
  std::vector<Account> out;
  while (st.step()) {
    fee::Bill b = fee::detail::read_bill_at(st);
    if (b.status != "open") continue;
    if (out.empty() || out.back().unit_id != b.unit_id) {
      Account a;
      a.unit_id = b.unit_id;
      a.unit = b.unit;
      a.status = st.text(15);
      a.owner = st.text(16);
      a.phone = st.opt_text(17);
      a.oldest_due = date_of(b.due_on);
      out.push_back(std::move(a));
    }
    out.back().amount += b.amount - b.paid;
    out.back().bills.push_back(std::move(b));
  }
  return out;
}

// A reminder's status as it stood at :now: one settled later (sent, failed, skipped, unknown)
// was still on its way then — so a past day's gaps are what that day saw.
constexpr std::string_view kReminderAt = "CASE WHEN updated_at > :now THEN 'planned' ELSE status END";

// The anchors of an account's episode (see Anchors): for each stage a later stage counts from, its
// first reminder in the episode — sent: when it was sent; skipped (no phone, overtaken, held),
// unknown or given up: when it was due; still on its way: not yet.
Anchors anchors_of(db::Database& db, const Policy& policy, std::int64_t unit_id, std::string_view episode,
                   Timestamp now) {
  Anchors out;
  for (const auto& stage : policy.fee.dunning) {
    if (!stage.anchor || out.count(*stage.anchor)) continue;
    auto& q = db.cached(std::string("SELECT ") + std::string(kReminderAt) +
                        ", attempts, due_at, sent_at FROM reminder WHERE unit_id = :u AND episode = :e AND stage = :s "
                        "AND created_at <= :now ORDER BY cycle, id LIMIT 1");
    q.bind(":u", unit_id).bind(":e", episode).bind(":s", *stage.anchor).bind(":now", now);
    if (q.step()) {
      const std::string status = q.text(0);
      if (status == "sent")
        out.emplace(*stage.anchor, q.integer(3));
      else if (status == "skipped" || status == "unknown" ||
               (status == "failed" && q.integer(1) >= policy.fee.remind.attempts))
        out.emplace(*stage.anchor, q.integer(2));
    }
    q.reset();
  }
  return out;
}

// The rung an account has reached at `now` (current_stage with the episode's anchors).
std::optional<StageDue> rung(db::Database& db, const Policy& policy, const Account& a, Timestamp now) {
  return current_stage(policy, a.oldest_due, a.status, now, anchors_of(db, policy, a.unit_id, format_date(a.oldest_due), now));
}

// A stage falling due while the unit's dunning was held falls due when the hold ends instead.
Timestamp after_holds(db::Database& db, const Policy& policy, std::int64_t unit_id, Timestamp due) {
  struct Span {
    Timestamp from, to;
  };
  std::vector<Span> spans;
  auto& st = db.cached("SELECT created_at, until, lifted_at FROM dunning_hold WHERE unit_id = :u");
  st.bind(":u", unit_id);
  while (st.step()) {
    const Date until = date_of(st.text(1));
    Timestamp end = local_to_timestamp(civil_from_days(days_from_civil(until) + 1), 0, policy.site.utc_offset);
    if (!st.is_null(2)) end = std::min(end, st.integer(2));
    spans.push_back({st.integer(0), end});
  }
  for (bool moved = true; moved;) {
    moved = false;
    for (const auto& s : spans)
      if (s.from <= due && due < s.to) {
        due = s.to;
        moved = true;
      }
  }
  return due;
}

// When a rung really fell due for svc to act on: a rung that became due while dunning was held
// falls due when the hold ends; and when paying the oldest bill restarted the ladder (an earlier
// episode was reminded), the new episode's rung cannot fall due before that payment.
Timestamp fell_due(db::Database& db, const Policy& policy, std::int64_t unit_id, std::string_view episode,
                   Timestamp due, Timestamp now) {
  auto& st = db.cached(
      "SELECT max(p.paid_at) FROM payment p WHERE p.unit_id = :u AND p.voided_at IS NULL AND p.paid_at <= :now "
      "AND EXISTS (SELECT 1 FROM reminder r WHERE r.unit_id = :u AND r.episode < :episode)");
  st.bind(":u", unit_id).bind(":now", now).bind(":episode", episode);
  if (st.step() && !st.is_null(0)) due = std::max(due, st.integer(0));
  return after_holds(db, policy, unit_id, due);
}

const DunningStage* find_stage(const Policy& policy, std::string_view name) {
  for (const auto& st : policy.fee.dunning)
    if (st.stage == name) return &st;
  return nullptr;
}

std::string stage_names(const Policy& policy) {
  std::string out;
  for (const auto& st : policy.fee.dunning) out += (out.empty() ? "" : ", ") + st.stage;
  return out;
}

// The channel a reminder goes through: a policy entry, or a built-in one.
std::optional<Channel> channel_of(const Policy& policy, std::string_view name) {
  if (auto it = policy.channels.find(std::string(name)); it != policy.channels.end()) return it->second;
  Channel ch;
  if (name == "none") ch.kind = ChannelKind::none;
  else if (name == "stdout") ch.kind = ChannelKind::standard_output;
  else if (name == "visit") ch.kind = ChannelKind::visit;
  else return std::nullopt;
  return ch;
}

// "物业管理费(2026-08至2026-10)、车位费(2026-09)": item names in the order their first bill fell due.
std::string items_text(const Policy& policy, const std::vector<fee::Bill>& bills) {
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> items;  // code → first, last period
  for (const auto& b : bills) {
    auto it = std::find_if(items.begin(), items.end(), [&](const auto& p) { return p.first == b.item; });
    if (it == items.end()) {
      items.push_back({b.item, {b.period, b.period}});
    } else {
      it->second.first = std::min(it->second.first, b.period);
      it->second.second = std::max(it->second.second, b.period);
    }
  }
  std::string out;
  for (const auto& [code, span] : items) {
    if (!out.empty()) out += "、";
    out += fee::item_name(policy, code);
    out += span.first == span.second ? fmt::format("({})", span.first)
                                     : fmt::format("({}至{})", span.first, span.second);
  }
  return out;
}

bool mentions_phone(const Channel& ch) {
  auto has = [](std::string_view s) { return s.find("{phone}") != std::string_view::npos; };
  if (has(ch.message_template) || has(ch.to) || has(ch.subject)) return true;
  return std::any_of(ch.command.begin(), ch.command.end(), [&](const std::string& a) { return has(a); });
}

// The next assistant in turn for a dunning home visit: after the one who got the last one.
std::optional<std::string> next_assistant(db::Database& db) {
  std::vector<std::string> logins;
  auto st = db.prepare("SELECT login FROM staff WHERE role = 'assistant' AND active = 1 ORDER BY login");
  while (st.step()) logins.push_back(st.text(0));
  if (logins.empty()) return std::nullopt;
  auto last = db.prepare("SELECT assignee FROM visit WHERE kind = 'dunning' AND assignee IS NOT NULL "
                         "ORDER BY id DESC LIMIT 1");
  if (last.step()) {
    const std::string prev = last.text(0);
    for (const auto& l : logins)
      if (l > prev) return l;
  }
  return logins.front();
}

// Every change of a reminder's state is part of the command's one transaction, never autocommitted.
void update(Op& op, const Reminder& r) {
  db::require_transaction(op.db, "a reminder's state");
  op.entry.before(op.db, "reminder", r.id);
  auto& st = op.db.cached(
      "UPDATE reminder SET status = :status, attempts = :attempts, amount_fen = :amount, recipient = :recipient, "
      "message = :message, reason = :reason, visit_id = :visit, sent_at = :sent, updated_at = :now WHERE id = :id");
  st.bind(":status", r.status).bind(":attempts", r.attempts).bind(":amount", r.amount);
  st.bind(":recipient", r.recipient).bind(":message", r.message).bind(":reason", r.reason);
  st.bind(":visit", r.visit_id).bind(":sent", r.sent_at).bind(":now", op.now).bind(":id", r.id).run();
  op.entry.after(op.db, "reminder", r.id);
  op.entry.refer(r.unit);  // `svc audit log --entity UNIT` shows the unit's reminders
}

// The formal letter (正式催缴函) around the channel's text, with the account's bills.
std::string letter_page(const Policy& policy, const Account& a, const Reminder& r, Date day, Date deadline,
                        const std::string& body) {
  render::Letter l{policy.site.name, fmt::format("{}-{}-{}", format_date(day), a.unit, r.id), a.unit, a.owner,
                   format_date(day), format_date(deadline), body, format_yuan(a.amount),
                   fee::yuan_in_capitals(a.amount), {}};
  for (const auto& b : a.bills)
    l.lines.push_back({fee::item_name(policy, b.item), b.period, b.due_on, format_yuan(b.amount),
                       format_yuan(b.amount - b.paid)});
  std::ostringstream html;
  render::write_letter_html(html, l);
  return html.str();
}

class Runner {
 public:
  Runner(const Scope& s, const RunOptions& o, std::ostream& standard_output)
      : s_(s), o_(o), offset_(s.policy.site.utc_offset) {
    outlets_.standard_output = &standard_output;
    outlets_.timeout_ms = static_cast<int>(fixed_seconds(s.policy.fee.remind.timeout).value_or(60) * 1000);
  }

  RunResult run() {
    if (o_.stage && !find_stage(s_.policy, *o_.stage))
      fail(Exit::usage, "--stage: unknown stage '{}' (policy stages: {})", *o_.stage, stage_names(s_.policy));
    if (o_.unit) unit_id_ = unit::get(s_.db, *o_.unit).id;
    if (o_.dry_run) {
      // One write, rolled back: every step runs inside it. A dry run may run beside a live one,
      // so it leaves 'sending' rows alone (they are not ours) and needs no lock.
      svc::write(s_, Change{"fee.remind", "fee remind", true}, [&](Op& op) {
        dry_ = &op;
        plan();
        deliver();
      });
      dry_ = nullptr;
    } else {
      // Refused before the lock is taken, so a read-only user never holds up cron.
      staff::require_write(s_.policy, s_.actor, tr("fee remind"));
      const auto lock = take_lock();
      recover();
      plan();
      deliver();
    }
    return std::move(result_);
  }

 private:
  JobLock take_lock() const {
    const fs::path file = s_.db.path().string() + ".remind.lock";
    auto lock = JobLock::acquire(file, o_.wait);
    if (!lock) {
      const auto pid = JobLock::holder(file);
      fail(Exit::temp_fail, "another `svc fee remind` is running (pid {}, lock {}); try again later or use --wait",
           pid ? fmt::format("{}", *pid) : std::string("?"), file.string());
    }
    return std::move(*lock);
  }

  // One step of a run: its own write (transaction and audit entry), so that what it records is
  // committed before the next step sends anything — or, in a dry run, a part of the one write.
  template <class F>
  void step(std::string action, std::string entity, F&& f) {
    if (dry_) {
      f(*dry_);
      return;
    }
    svc::write(s_, Change{std::move(action), std::move(entity)}, [&](Op& op) { f(op); });
  }

  // Whether a reminder still waits for its channel (read inside the step that acts on it: a
  // person may have settled it with `fee resolve` since it was listed).
  bool waiting(const Reminder& r) const {
    return r.status == "planned" || (r.status == "failed" && r.attempts < s_.policy.fee.remind.attempts);
  }

  // 'sending' rows left by an interrupted run. A letter either reached the outbox (rename is
  // atomic) or not at all, so it can be settled; any other send is unknown.
  void recover() {
    step("fee.remind.recover", "fee remind", [&](Op& op) {
      for (auto& r : list(op.db, s_.policy, ListFilter{std::string("sending"), std::nullopt, std::nullopt, std::nullopt})) {
        const auto ch = channel_of(s_.policy, r.channel);
        if (ch && ch->kind == ChannelKind::letter && r.recipient) {
          std::error_code ec;
          if (fs::exists(*r.recipient, ec)) {
            r.status = "sent";
            r.sent_at = s_.now;
            r.reason = fact("letter_found");
          } else {
            r.status = "planned";
            r.reason = fact("letter_missing");
          }
        } else {
          r.status = "unknown";
          r.reason = fact("interrupted", {{"at", Value(static_cast<long long>(r.updated_at))},
                                          {"reminder", Value(static_cast<long long>(r.id))}});
        }
        update(op, r);
        if (r.status == "unknown") result_.interrupted.push_back(r);
      }
    });
  }

  void plan() {
    step("fee.remind.plan", "fee remind", [&](Op& op) {
      db::require_transaction(op.db, "planning reminders");
      std::set<std::string> held;
      for (const auto& h : fee::active_holds(op.db, today(s_.policy, s_.now))) held.insert(h.unit);
      // The rungs already planned, read once: an account whose rung has its reminder is passed
      // over without an INSERT that would change nothing (reminder_once), so a rerun with
      // nothing due does no statement per account (issue 19).
      std::set<std::tuple<std::int64_t, std::string, std::string, std::int64_t>> made;
      {
        auto& k = op.db.cached("SELECT unit_id, episode, stage, cycle FROM reminder WHERE :unit IS NULL OR unit_id = :unit");
        k.bind(":unit", unit_id_);
        while (k.step()) made.emplace(k.integer(0), k.text(1), k.text(2), k.integer(3));
      }
      for (const auto& a : accounts(op.db, s_.policy, s_.now, unit_id_)) {
        if (held.count(a.unit)) continue;
        const auto cur = rung(op.db, s_.policy, a, s_.now);
        if (!cur) continue;
        const DunningStage& st = s_.policy.fee.dunning[cur->stage];
        if (o_.stage && st.stage != *o_.stage) continue;
        if (made.count({a.unit_id, format_date(a.oldest_due), st.stage, cur->cycle})) continue;
        auto& ins = op.db.cached(
            "INSERT INTO reminder (unit_id, episode, stage, cycle, channel, status, due_at, amount_fen, "
            "created_at, updated_at) VALUES (:unit, :episode, :stage, :cycle, :channel, 'planned', :due, :amount, "
            ":now, :now) ON CONFLICT DO NOTHING");
        ins.bind(":unit", a.unit_id).bind(":episode", format_date(a.oldest_due)).bind(":stage", st.stage);
        ins.bind(":cycle", cur->cycle).bind(":channel", st.channel);
        ins.bind(":due", fell_due(op.db, s_.policy, a.unit_id, format_date(a.oldest_due), cur->due_at, s_.now));
        ins.bind(":amount", a.amount);
        ins.bind(":now", s_.now).run();
        if (op.db.changes() == 0) continue;
        const std::int64_t id = op.db.last_insert_id();
        op.entry.after(op.db, "reminder", id);
        op.entry.refer(a.unit);
        ++result_.planned;
        planned_.insert(id);
        supersede(op, a.unit_id, id, st.stage, cur->cycle);
      }
    });
  }

  // Older reminders of the unit not yet delivered are overtaken by the one just planned.
  void supersede(Op& op, std::int64_t unit_id, std::int64_t id, const std::string& stage, std::int64_t cycle) {
    auto& st =
        op.db.cached("SELECT id FROM reminder WHERE unit_id = :u AND id <> :id AND status IN ('planned', 'failed')");
    st.bind(":u", unit_id).bind(":id", id);
    std::vector<std::int64_t> ids;
    while (st.step()) ids.push_back(st.integer(0));
    for (const auto old : ids) {
      Reminder r = *find(op.db, old);
      r.status = "skipped";
      r.reason = fact("overtaken", {{"by", Value(static_cast<long long>(id))}, {"stage", stage},
                                    {"cycle", Value(static_cast<long long>(cycle))}});
      update(op, r);
      result_.outcomes.push_back({r, false, false, {}});
      ++result_.skipped;
    }
  }

  void deliver() {
    auto st = s_.db.prepare(std::string("SELECT r.id") + std::string(kReminderFrom) +
                            " WHERE (r.status = 'planned' OR (r.status = 'failed' AND r.attempts < :limit))"
                            " AND (:unit IS NULL OR r.unit_id = :unit) AND (:stage IS NULL OR r.stage = :stage)"
                            " ORDER BY u.code, r.id");
    st.bind(":limit", s_.policy.fee.remind.attempts).bind(":unit", unit_id_).bind(":stage", o_.stage);
    std::vector<std::int64_t> ids;
    while (st.step()) ids.push_back(st.integer(0));
    std::vector<std::int64_t> batch;
    for (const auto id : ids) {
      Reminder r = *find(s_.db, id);
      if (local(r)) {
        batch.push_back(id);
        if (batch.size() >= kLocalBatch) record(batch);
      } else {
        record(batch);  // in order: what went before is settled first
        one(std::move(r));
      }
    }
    record(batch);
    auto open = s_.db.prepare(
        "SELECT count(*) FROM reminder WHERE status = 'unknown' OR (status = 'failed' AND attempts >= :limit)");
    open.bind(":limit", s_.policy.fee.remind.attempts);
    if (open.step()) result_.for_a_person = open.integer(0);
  }

  // Channels that only write to this database (none, visit — and a channel missing from the
  // policy, which fails at once) send nothing outside it: there is no send to lose in a crash, so
  // no write-ahead. Their reminders are settled kLocalBatch at a time, each batch one transaction
  // and one audit entry listed under every unit in it.
  static constexpr std::size_t kLocalBatch = 500;

  bool local(const Reminder& r) const {
    const auto ch = channel_of(s_.policy, r.channel);
    return !ch || ch->kind == ChannelKind::none || ch->kind == ChannelKind::visit;
  }

  void record(std::vector<std::int64_t>& batch) {
    if (batch.empty()) return;
    std::vector<Reminder> settled;
    step("fee.remind.record", "fee remind", [&](Op& op) {
      for (const auto id : batch) {
        Reminder r = *find(op.db, id);
        if (!waiting(r)) continue;
        if (prepare(op, r)) throw std::logic_error("fee remind: a local channel produced a delivery");
        settled.push_back(std::move(r));
      }
    });
    for (auto& r : settled) {
      count(r);
      result_.outcomes.push_back({r, planned_.count(r.id) > 0, false, {}});
    }
    batch.clear();
  }

  void one(Reminder r) {
    Outcome out{r, planned_.count(r.id) > 0, false, {}};
    if (deferred(r.channel)) {
      ++result_.waiting;
      result_.outcomes.push_back(std::move(out));
      return;
    }
    bool still_waiting = true;
    std::optional<notify::Message> m;
    step("fee.remind.send", r.unit, [&](Op& op) {
      r = *find(op.db, r.id);
      still_waiting = waiting(r);
      if (still_waiting) m = prepare(op, r);
    });
    if (!still_waiting) return;  // settled by a person meanwhile: not this run's
    out.reminder = r;
    if (!m) {  // settled inside the transaction: skipped, recorded, a visit planned, or failed
      count(r);
      result_.outcomes.push_back(std::move(out));
      return;
    }
    out.attempted = true;
    out.argv = m->argv;
    if (dry_) {
      out.reminder.status = "planned";  // shown as it stands before the send
      --out.reminder.attempts;
      result_.outcomes.push_back(std::move(out));
      return;
    }
    // Marked 'sending' and committed: now the message may leave. A crash from here on leaves the
    // row 'sending', which the next run turns into 'unknown' instead of sending it twice.
    const auto failure = notify::send(*m, outlets_);
    step(failure ? "fee.remind.failed" : "fee.remind.sent", r.unit, [&](Op& op) {
      if (!failure) {
        r.status = "sent";
        r.sent_at = s_.now;
        r.reason.reset();
      } else if (failure->retry_later()) {
        r.status = "planned";
        --r.attempts;  // the channel asked for time or could not start: not held against the reminder
        r.reason = fact("deferred", {}, &*failure);
      } else {
        r.status = "failed";
        r.reason = fact("failed", {{"attempt", Value(static_cast<long long>(r.attempts))},
                                   {"of", Value(static_cast<long long>(s_.policy.fee.remind.attempts))}},
                        &*failure);
      }
      update(op, r);
    });
    if (failure && failure->channel_down()) defer(r.channel, *failure);
    out.reminder = r;
    if (r.status == "planned") ++result_.waiting;
    count(r);
    result_.outcomes.push_back(std::move(out));
  }

  void count(const Reminder& r) {
    if (r.status == "sent") ++result_.sent;
    else if (r.status == "failed") ++result_.failed;
    else if (r.status == "skipped") ++result_.skipped;
  }

  void settle(Op& op, Reminder& r, std::string status, std::string reason) {
    r.status = std::move(status);
    r.reason = std::move(reason);
    if (r.status == "sent") r.sent_at = s_.now;
    if (r.status == "sent" || r.status == "failed") ++r.attempts;  // settled by trying the channel
    update(op, r);
  }

  // Re-checks the account and asks the channel for the message; settles the reminder here
  // (skipped, failed, or through a local channel), or marks it 'sending' (attempts + 1) and
  // returns the message to send once this transaction is committed.
  std::optional<notify::Message> prepare(Op& op, Reminder& r) {
    const Date day = today(s_.policy, s_.now);
    const auto acct = accounts(op.db, s_.policy, s_.now, r.unit_id);
    if (acct.empty()) {
      settle(op, r, "skipped", fact("paid"));
      return std::nullopt;
    }
    const Account& a = acct.front();
    if (format_date(a.oldest_due) != r.episode) {
      settle(op, r, "skipped", fact("restarted"));
      return std::nullopt;
    }
    if (auto h = fee::active_hold(op.db, r.unit_id, day)) {
      settle(op, r, "skipped", fact("held", {{"until", h->until}, {"reason", h->reason}}));
      return std::nullopt;
    }
    const auto ch = channel_of(s_.policy, r.channel);
    if (!ch) {
      settle(op, r, "failed", fact("no_channel", {{"channel", r.channel}}));
      return std::nullopt;
    }
    if (mentions_phone(*ch) && !a.phone) {
      settle(op, r, "skipped", fact("no_phone", {{"reminder", Value(static_cast<long long>(r.id))}}));
      result_.unreachable.push_back(r);
      return std::nullopt;
    }
    const Calendar cal = calendar(s_.policy);
    const Date deadline = local_date(cal.add(s_.now, s_.policy.fee.remind.pay_within, ClockKind::calendar), offset_);
    notify::Draft draft;
    draft.values = {{"site", s_.policy.site.name},        {"owner", a.owner},
                    {"unit", a.unit},                     {"items", items_text(s_.policy, a.bills)},
                    {"amount", format_yuan(a.amount)},    {"date", format_date(day)},
                    {"deadline", format_date(deadline)},  {"phone", a.phone.value_or("")},
                    {"stage", r.stage}};
    draft.body_template = default_template(ch->kind);
    draft.subject_template = "【{site}】物业费催缴通知";
    draft.reference = fmt::format("reminder-{}", r.id);
    draft.file_name = fmt::format("{}_{}_{}_{}.html", format_date(day), a.unit, r.stage, r.id);
    draft.recipient = a.phone;
    notify::Message m = notify::prepare(r.channel, *ch, draft);
    r.amount = a.amount;
    r.message = m.body;
    if (m.local()) {
      settle_locally(op, r, m, deadline);
      return std::nullopt;
    }
    if (m.kind == ChannelKind::letter) m.document = letter_page(s_.policy, a, r, day, deadline, m.body);
    r.recipient = m.recipient;
    r.status = "sending";
    ++r.attempts;
    r.reason.reset();
    update(op, r);
    return m;
  }

  // none: recorded (or listed for a person's decision); visit: a home visit planned for the next
  // assistant in turn. Both only write to the database, inside this transaction.
  void settle_locally(Op& op, Reminder& r, const notify::Message& m, Date deadline) {
    std::optional<std::string> who;
    if (m.kind == ChannelKind::visit && !(who = next_assistant(op.db))) {
      settle(op, r, "failed", fact("no_assistant"));
      return;
    }
    notify::Outlets outlets;
    outlets.plan_visit = [&](const notify::Message& msg) -> std::optional<notify::Failure> {
      // Linked both ways: the reminder names its visit, the visit its reminder (visit_detail).
      const auto v = visit::plan(op, visit::Plan{"dunning", r.unit_id, who, local_to_timestamp(deadline, 86399, offset_),
                                                 msg.body, std::nullopt, r.id});
      r.visit_id = v.id;
      r.recipient = fmt::format("V{} {}", v.id, *who);
      return std::nullopt;
    };
    if (const auto failure = notify::send(m, outlets)) {
      settle(op, r, "failed", fact("failed", {{"attempt", Value(static_cast<long long>(r.attempts + 1))},
                                              {"of", Value(static_cast<long long>(r.attempts + 1))}},
                                   &*failure));
      return;
    }
    if (m.kind == ChannelKind::visit) {
      settle(op, r, "sent", fact("visit", {{"visit", Value(static_cast<long long>(*r.visit_id))}, {"by", *who},
                                           {"deadline", format_date(deadline)}}));
      return;
    }
    const DunningStage* st = find_stage(s_.policy, r.stage);
    settle(op, r, "sent",
           st && st->approve_role ? fact("listed", {{"role", *st->approve_role}, {"unit", r.unit}}) : fact("recorded"));
  }

  bool deferred(const std::string& channel) const {
    return std::any_of(result_.deferred.begin(), result_.deferred.end(),
                       [&](const Deferred& d) { return d.channel == channel; });
  }

  void defer(const std::string& channel, const notify::Failure& why) {
    if (!deferred(channel)) result_.deferred.push_back({channel, why});
  }

  const Scope& s_;
  const RunOptions& o_;
  int offset_;
  notify::Outlets outlets_;
  Op* dry_ = nullptr;  // the one write of a dry run
  std::optional<std::int64_t> unit_id_;
  std::set<std::int64_t> planned_;
  RunResult result_;
};

}  // namespace

RunResult run(const Scope& scope, const RunOptions& options, std::ostream& standard_output) {
  return Runner(scope, options, standard_output).run();
}

Reminder resolve(Op& op, std::string_view id, bool sent, const std::optional<std::string>& note) {
  op.require("resolve_reminder", tr("fee resolve"));
  Reminder r = get(op.db, id);  // inside the transaction: a run that settled it meanwhile is seen
  if (r.status != "unknown" && r.status != "failed" && r.status != "skipped")
    fail(Exit::data_error, "reminder {} is {}; only unknown, failed or skipped reminders are resolved by hand", r.id,
         tr(r.status));
  op.entry.set_entity(r.unit);
  if (sent) {
    r.status = "sent";
    r.sent_at = op.now;
  } else {
    r.status = "planned";
    r.attempts = 0;
  }
  r.reason = fact(sent ? "confirmed" : "retry", {{"by", op.login()}, {"note", note}});
  update(op, r);
  return *find(op.db, r.id);
}

// ---- legal referral --------------------------------------------------------------------------

namespace {

std::vector<Referral> read_referrals(db::Database& db, const std::optional<std::string>& unit,
                                     std::optional<std::int64_t> id) {
  auto st = db.prepare(
      "SELECT r.id, u.code, r.amount_fen, r.oldest_due_on, r.reason, r.created_by, r.created_at "
      "FROM referral r JOIN unit u ON u.id = r.unit_id WHERE (:unit IS NULL OR u.code = :unit) "
      "AND (:id IS NULL OR r.id = :id) ORDER BY r.id");
  st.bind(":unit", unit).bind(":id", id);
  std::vector<Referral> out;
  while (st.step())
    out.push_back({st.integer(0), st.text(1), st.integer(2), st.opt_text(3), st.text(4), st.text(5), st.integer(6)});
  return out;
}

}  // namespace

Referral refer(Op& op, std::string_view code, std::string_view reason_text) {
  op.require("refer_legal", tr("fee refer"));
  const std::string reason = fee::detail::require_text("--reason", reason_text);
  const auto u = unit::get(op.db, code);
  op.entry.set_entity(u.code);
  // Inside the transaction: a payment committed since the command started is seen.
  const auto acct = accounts(op.db, op.policy, op.now, u.id);
  if (acct.empty()) fail(Exit::data_error, "unit {} has no overdue bills: there is nothing to refer", u.code);
  auto st = op.db.prepare(
      "INSERT INTO referral (unit_id, kind, amount_fen, oldest_due_on, reason, created_by, created_at) "
      "VALUES (:u, 'legal', :amount, :oldest, :reason, :by, :now)");
  st.bind(":u", u.id).bind(":amount", acct.front().amount).bind(":oldest", format_date(acct.front().oldest_due));
  st.bind(":reason", reason).bind(":by", op.login()).bind(":now", op.now).run();
  const std::int64_t id = op.db.last_insert_id();
  op.entry.after(op.db, "referral", id);
  return read_referrals(op.db, std::nullopt, id).front();
}

std::vector<Referral> referrals(db::Database& db, const std::optional<std::string>& unit) {
  return read_referrals(db, unit, std::nullopt);
}

Value to_value(const Referral& r, int utc_offset) {
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(r.id)));
  v.set("unit", r.unit);
  v.set("kind", "legal");
  v.set("amount_fen", Value(static_cast<long long>(r.amount)));
  v.set("oldest_due_on", r.oldest_due_on);
  v.set("reason", r.reason);
  v.set("by", r.created_by);
  v.set("created_at", format_iso(r.created_at, utc_offset));
  return v;
}

// ---- gaps --------------------------------------------------------------------------------------

Gaps gaps(db::Database& db, const Policy& policy, Timestamp now) {
  Gaps out;
  std::set<std::string> held;
  for (const auto& h : fee::active_holds(db, today(policy, now))) held.insert(h.unit);
  const Calendar cal = calendar(policy);
  for (const auto& a : accounts(db, policy, now)) {
    if (held.count(a.unit)) continue;
    const auto cur = rung(db, policy, a, now);
    if (!cur) continue;
    ++out.accounts;
    const DunningStage& st = policy.fee.dunning[cur->stage];
    Gap g{a.unit, a.owner, a.status, a.amount, format_date(a.oldest_due), st.stage, cur->cycle,
          fell_due(db, policy, a.unit_id, format_date(a.oldest_due), cur->due_at, now), "", std::nullopt, std::nullopt};
    auto& q = db.cached(std::string("SELECT id, ") + std::string(kReminderAt) +
                        ", sent_at, reason, due_at, attempts FROM reminder WHERE unit_id = :u AND episode = :e AND "
                        "stage = :s AND cycle = :c AND created_at <= :now");
    q.bind(":u", a.unit_id).bind(":e", g.oldest_due_on).bind(":s", st.stage).bind(":c", cur->cycle).bind(":now", now);
    if (!q.step()) {
      g.problem = "missing";  // 漏催
    } else {
      g.reminder = q.integer(0);
      g.due_at = q.integer(4);
      if (const auto reason = q.opt_text(3)) g.detail = reason_text(*reason, policy.site.utc_offset);
      const std::string status = q.text(1);
      const Timestamp late = cal.add(g.due_at, policy.fee.remind.late_after, ClockKind::calendar);
      if (status == "sent") {
        if (q.integer(2) <= late) continue;
        g.problem = "late";  // 迟催
        g.detail = fmt::format(fmt::runtime(tr("sent {}, due {}")), format_local(q.integer(2), policy.site.utc_offset),
                               format_local(g.due_at, policy.site.utc_offset));
      } else if (status == "planned" || status == "sending" ||
                 (status == "failed" && q.integer(5) < policy.fee.remind.attempts)) {
        if (now <= late) continue;  // on its way, not late yet
        g.problem = "late";
      } else {
        g.problem = status;  // failed (given up), skipped, unknown: a person has to act
      }
    }
    out.gaps.push_back(std::move(g));
  }
  return out;
}

Value to_value(const Gap& g, int utc_offset) {
  Value v = Value::object();
  v.set("unit", g.unit);
  v.set("owner", g.owner);
  v.set("amount_fen", Value(static_cast<long long>(g.amount)));
  v.set("oldest_due_on", g.oldest_due_on);
  v.set("stage", g.stage);
  v.set("cycle", Value(static_cast<long long>(g.cycle)));
  v.set("due_at", format_iso(g.due_at, utc_offset));
  v.set("problem", g.problem);
  v.set("reminder", g.reminder ? Value(static_cast<long long>(*g.reminder)) : Value());
  v.set("detail", g.detail);
  return v;
}

}  // namespace svc::dunning
