// The dunning ladder (domain-rules 3.5) and its bookkeeping (3.7). See dunning.hpp and
// schema/005_dunning.sql for the write-ahead protocol that keeps a crash from double-sending.
#include "svc/dunning.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

#include "svc/audit.hpp"
#include "svc/calendar.hpp"
#include "svc/error.hpp"
#include "svc/fileio.hpp"
#include "svc/fee.hpp"
#include "svc/fee_detail.hpp"
#include "svc/i18n.hpp"
#include "svc/privacy.hpp"
#include "svc/process.hpp"
#include "svc/render/letter.hpp"
#include "svc/unit.hpp"
#include "svc/visit.hpp"

namespace svc::dunning {

namespace fs = std::filesystem;
using fee::detail::date_of;
using fee::detail::today;

// ---- pure rules ------------------------------------------------------------------------------

Timestamp stage_due(const Policy& policy, Date oldest_due, const DunningStage& stage, std::int64_t cycle) {
  const Calendar cal = calendar(policy);
  Timestamp t = cal.add(local_to_timestamp(oldest_due, 0, policy.site.utc_offset), stage.after, ClockKind::calendar);
  if (stage.repeat)
    for (std::int64_t i = 0; i < cycle; ++i) t = cal.add(t, *stage.repeat, ClockKind::calendar);
  return t;
}

std::optional<StageDue> current_stage(const Policy& policy, Date oldest_due, std::string_view unit_status,
                                      Timestamp now) {
  std::optional<StageDue> found;
  const auto& ladder = policy.fee.dunning;
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    const DunningStage& st = ladder[i];
    if (!st.only_status.empty() &&
        std::find(st.only_status.begin(), st.only_status.end(), unit_status) == st.only_status.end())
      continue;
    const Timestamp first = stage_due(policy, oldest_due, st, 0);
    if (first > now) break;  // `after` increases along the ladder: no later stage is due either
    StageDue d{i, 0, first};
    if (st.repeat) {
      // The latest repeat that has fallen due; months have no fixed length, so step through them.
      for (;;) {
        const Timestamp next = stage_due(policy, oldest_due, st, d.cycle + 1);
        if (next > now || next <= d.due_at) break;
        ++d.cycle;
        d.due_at = next;
      }
    }
    found = d;
  }
  return found;
}

std::string expand(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    const auto it = values.find(std::string(text.substr(open + 1, close - open - 1)));
    if (it != values.end())
      out += it->second;
    else
      out.append(text.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
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

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto byte = [&](std::size_t i) -> std::uint32_t { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0u; };
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

std::string encode_header(std::string_view utf8) {
  if (std::all_of(utf8.begin(), utf8.end(), [](char ch) { return ch >= 0x20 && ch < 0x7f; })) return std::string(utf8);
  // "=?UTF-8?B?" + base64 + "?=" is at most 75 characters: 12 overhead, so 63 base64 characters,
  // i.e. at most 45 bytes of text per word; cut only before a UTF-8 lead byte.
  std::string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t end = std::min(i + 45, utf8.size());
    while (end < utf8.size() && end > i + 1 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\n ";
    out += "=?UTF-8?B?" + base64(utf8.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string mail_message(std::string_view to, std::string_view subject, std::string_view body,
                         std::string_view reference) {
  std::string m = fmt::format("To: {}\nSubject: {}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
                              "Content-Transfer-Encoding: base64\nX-Svc-Reminder: {}\n\n",
                              to, encode_header(subject), reference);
  const std::string b = base64(body);
  for (std::size_t i = 0; i < b.size(); i += 76) m += b.substr(i, 76) + "\n";
  return m;
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
  const auto n = audit::parse_ref_id(id, 'R');
  if (!n) fail(Exit::usage, "'{}' is not a reminder id (a number, as `svc fee reminders` shows)", id);
  auto r = find(db, *n);
  if (!r) fail(Exit::no_input, "no reminder {} (see `svc fee reminders`)", *n);
  return *r;
}

std::vector<Reminder> list(db::Database& db, const ListFilter& f) {
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
  v.set("reason", r.reason);
  v.set("visit", r.visit_id ? Value(fmt::format("V{}", *r.visit_id)) : Value());
  v.set("message", r.message);
  return v;
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
  // Two statements, so that the one-unit form uses the bill_unit index.
  auto& st = db.cached(std::string("SELECT ") + std::string(fee::detail::kBillColumns) +
                       ", u.status, u.owner_name, u.owner_phone" + std::string(fee::detail::kBillFrom) +
                       " WHERE b.status = 'open' AND b.due_on < :today" +
                       (unit_id ? " AND b.unit_id = :unit" : "") + " ORDER BY u.code, b.due_on, b.id");
  st.bind(":today", format_date(today(policy, now)));
  if (unit_id) st.bind(":unit", *unit_id);
  std::vector<Account> out;
  while (st.step()) {
    fee::Bill b = fee::detail::read_bill(st);
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

// One step of a run: its own transaction and audit entry — or, in a dry run, a part of the one
// transaction that is rolled back at the end.
template <class F>
void step(Ctx& c, bool dry_run, std::string action, std::string entity, F&& f) {
  audit::Entry entry(c.actor, c.command, std::move(action), std::move(entity));
  if (dry_run) {
    f(entry);
    return;
  }
  db::Transaction tx(c.db);
  f(entry);
  if (!entry.empty()) {
    entry.write(c.db, c.now);
    tx.commit();
  }
}

void update(db::Database& db, audit::Entry& entry, const Reminder& r, Timestamp now) {
  entry.before(db, "reminder", r.id);
  auto& st = db.cached(
      "UPDATE reminder SET status = :status, attempts = :attempts, amount_fen = :amount, recipient = :recipient, "
      "message = :message, reason = :reason, visit_id = :visit, sent_at = :sent, updated_at = :now WHERE id = :id");
  st.bind(":status", r.status).bind(":attempts", r.attempts).bind(":amount", r.amount);
  st.bind(":recipient", r.recipient).bind(":message", r.message).bind(":reason", r.reason);
  st.bind(":visit", r.visit_id).bind(":sent", r.sent_at).bind(":now", now).bind(":id", r.id).run();
  entry.after(db, "reminder", r.id);
  entry.refer(r.unit);  // `svc audit log --entity UNIT` shows the unit's reminders
}

// What a reminder needs from its channel, decided inside the transaction that marks it 'sending'.
struct Delivery {
  ChannelKind kind = ChannelKind::none;
  std::vector<std::string> argv;  // exec, mail
  std::string input;              // stdin of the command, or the letter page, or the stdout text
  fs::path file;                  // letter
};

class Runner {
 public:
  Runner(Ctx& c, const RunOptions& o) : c_(c), o_(o), offset_(c.policy.site.utc_offset) {}

  RunResult run() {
    if (o_.stage && !find_stage(c_.policy, *o_.stage))
      fail(Exit::usage, "--stage: unknown stage '{}' (policy stages: {})", *o_.stage, stage_names(c_.policy));
    if (o_.unit) unit_id_ = unit::get(c_.db, *o_.unit).id;
    std::optional<db::Transaction> dry;
    if (o_.dry_run) dry.emplace(c_.db);  // never committed
    if (!o_.dry_run) recover();  // a dry run may run beside a live one: its 'sending' rows are not ours
    plan();
    deliver();
    return std::move(result_);
  }

 private:
  std::string tr_text(std::string_view english) const { return std::string(tr(english)); }

  // 'sending' rows left by an interrupted run. A letter either reached the outbox (rename is
  // atomic) or not at all, so it can be settled; any other send is unknown.
  void recover() {
    std::vector<Reminder> rows = list(c_.db, ListFilter{std::string("sending"), std::nullopt, std::nullopt, std::nullopt});
    if (rows.empty()) return;
    step(c_, o_.dry_run, "fee.remind.recover", "fee remind", [&](audit::Entry& e) {
      for (auto& r : rows) {
        const auto ch = channel_of(c_.policy, r.channel);
        if (ch && ch->kind == ChannelKind::letter && r.recipient) {
          std::error_code ec;
          if (fs::exists(*r.recipient, ec)) {
            r.status = "sent";
            r.sent_at = c_.now;
            r.reason = tr_text("interrupted run: the letter was found in the outbox");
          } else {
            r.status = "planned";
            r.reason = tr_text("interrupted run: the letter was not written; it will be written again");
          }
        } else {
          r.status = "unknown";
          r.reason = fmt::format(fmt::runtime(tr("interrupted while sending at {}: whether it was delivered is not "
                                                 "known; check, then `svc fee resolve {} --sent` or `--retry`")),
                                 format_local(r.updated_at, offset_), r.id);
        }
        update(c_.db, e, r, c_.now);
        if (r.status == "unknown") result_.interrupted.push_back(r);
      }
    });
  }

  void plan() {
    std::set<std::string> held;
    for (const auto& h : fee::active_holds(c_.db, today(c_.policy, c_.now))) held.insert(h.unit);
    step(c_, o_.dry_run, "fee.remind.plan", "fee remind", [&](audit::Entry& e) {
      for (const auto& a : accounts(c_.db, c_.policy, c_.now, unit_id_)) {
        if (held.count(a.unit)) continue;
        const auto cur = current_stage(c_.policy, a.oldest_due, a.status, c_.now);
        if (!cur) continue;
        const DunningStage& st = c_.policy.fee.dunning[cur->stage];
        if (o_.stage && st.stage != *o_.stage) continue;
        auto& ins = c_.db.cached(
            "INSERT INTO reminder (unit_id, episode, stage, cycle, channel, status, due_at, amount_fen, "
            "created_at, updated_at) VALUES (:unit, :episode, :stage, :cycle, :channel, 'planned', :due, :amount, "
            ":now, :now) ON CONFLICT DO NOTHING");
        ins.bind(":unit", a.unit_id).bind(":episode", format_date(a.oldest_due)).bind(":stage", st.stage);
        ins.bind(":cycle", cur->cycle).bind(":channel", st.channel);
        ins.bind(":due", fell_due(c_.db, c_.policy, a.unit_id, format_date(a.oldest_due), cur->due_at, c_.now));
        ins.bind(":amount", a.amount);
        ins.bind(":now", c_.now).run();
        if (c_.db.changes() == 0) continue;
        const std::int64_t id = c_.db.last_insert_id();
        e.after(c_.db, "reminder", id);
        e.refer(a.unit);
        ++result_.planned;
        planned_.insert(id);
        supersede(e, a.unit_id, id, st.stage, cur->cycle);
      }
    });
  }

  // Older reminders of the unit not yet delivered are overtaken by the one just planned.
  void supersede(audit::Entry& e, std::int64_t unit_id, std::int64_t id, const std::string& stage, std::int64_t cycle) {
    auto& st =
        c_.db.cached("SELECT id FROM reminder WHERE unit_id = :u AND id <> :id AND status IN ('planned', 'failed')");
    st.bind(":u", unit_id).bind(":id", id);
    std::vector<std::int64_t> ids;
    while (st.step()) ids.push_back(st.integer(0));
    for (const auto old : ids) {
      Reminder r = *find(c_.db, old);
      r.status = "skipped";
      r.reason = fmt::format(fmt::runtime(tr("overtaken by reminder {} ({} #{})")), id, stage, cycle + 1);
      update(c_.db, e, r, c_.now);
      result_.outcomes.push_back({r, false, false, {}});
      ++result_.skipped;
    }
  }

  void deliver() {
    auto st = c_.db.prepare(std::string("SELECT r.id") + std::string(kReminderFrom) +
                            " WHERE (r.status = 'planned' OR (r.status = 'failed' AND r.attempts < :limit))"
                            " AND (:unit IS NULL OR r.unit_id = :unit) AND (:stage IS NULL OR r.stage = :stage)"
                            " ORDER BY u.code, r.id");
    st.bind(":limit", c_.policy.fee.remind.attempts).bind(":unit", unit_id_).bind(":stage", o_.stage);
    std::vector<std::int64_t> ids;
    while (st.step()) ids.push_back(st.integer(0));
    std::vector<Reminder> batch;
    for (const auto id : ids) {
      Reminder r = *find(c_.db, id);
      if (local(r)) {
        batch.push_back(std::move(r));
        if (batch.size() >= kLocalBatch) record(batch);
      } else {
        record(batch);  // in order: what went before is settled first
        one(std::move(r));
      }
    }
    record(batch);
    auto open = c_.db.prepare(
        "SELECT count(*) FROM reminder WHERE status = 'unknown' OR (status = 'failed' AND attempts >= :limit)");
    open.bind(":limit", c_.policy.fee.remind.attempts);
    if (open.step()) result_.for_a_person = open.integer(0);
  }

  // Channels that only write to this database (none, visit — and a channel missing from the
  // policy, which fails at once) send nothing outside it: there is no send to lose in a crash, so
  // no write-ahead. Their reminders are settled kLocalBatch at a time, each batch one transaction
  // and one audit entry listed under every unit in it.
  static constexpr std::size_t kLocalBatch = 500;

  bool local(const Reminder& r) const {
    const auto ch = channel_of(c_.policy, r.channel);
    return !ch || ch->kind == ChannelKind::none || ch->kind == ChannelKind::visit;
  }

  void record(std::vector<Reminder>& batch) {
    if (batch.empty()) return;
    step(c_, o_.dry_run, "fee.remind.record", "fee remind", [&](audit::Entry& e) {
      for (auto& r : batch)
        if (prepare(e, r)) throw std::logic_error("fee remind: a local channel produced a delivery");
    });
    for (auto& r : batch) {
      count(r);
      result_.outcomes.push_back({r, planned_.count(r.id) > 0, false, {}});
    }
    batch.clear();
  }

  void one(Reminder r) {
    Outcome out{r, planned_.count(r.id) > 0, false, {}};
    if (std::find(result_.deferred.begin(), result_.deferred.end(), r.channel) != result_.deferred.end()) {
      ++result_.waiting;
      result_.outcomes.push_back(std::move(out));
      return;
    }
    std::optional<Delivery> d;
    step(c_, o_.dry_run, "fee.remind.send", r.unit, [&](audit::Entry& e) { d = prepare(e, r); });
    out.reminder = r;
    if (!d) {  // settled inside the transaction: skipped, recorded, a visit planned, or failed
      count(r);
      result_.outcomes.push_back(std::move(out));
      return;
    }
    out.attempted = true;
    out.argv = d->argv;
    if (o_.dry_run) {
      out.reminder.status = "planned";  // shown as it stands before the send
      --out.reminder.attempts;
      result_.outcomes.push_back(std::move(out));
      return;
    }
    const auto error = send(*d, r);
    step(c_, false, error ? "fee.remind.failed" : "fee.remind.sent", r.unit, [&](audit::Entry& e) {
      if (!error) {
        r.status = "sent";
        r.sent_at = c_.now;
        r.reason.reset();
      } else if (error->retry_later) {
        r.status = "planned";
        --r.attempts;  // the channel asked for time or could not start: not held against the reminder
        r.reason = error->text;
      } else {
        r.status = "failed";
        r.reason = r.attempts >= c_.policy.fee.remind.attempts
                       ? fmt::format(fmt::runtime(tr("{} (given up after {} attempts)")), error->text, r.attempts)
                       : fmt::format(fmt::runtime(tr("{} (attempt {} of {}; tried again on the next run)")),
                                     error->text, r.attempts, c_.policy.fee.remind.attempts);
      }
      update(c_.db, e, r, c_.now);
    });
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

  void settle(audit::Entry& e, Reminder& r, std::string status, std::string reason) {
    r.status = std::move(status);
    r.reason = std::move(reason);
    if (r.status == "sent") r.sent_at = c_.now;
    if (r.status == "sent" || r.status == "failed") ++r.attempts;  // settled by trying the channel
    update(c_.db, e, r, c_.now);
  }

  // Re-checks the account, renders the message and either settles the reminder here or marks it
  // 'sending' (attempts + 1) and returns what to deliver once this transaction is committed.
  std::optional<Delivery> prepare(audit::Entry& e, Reminder& r) {
    const Date day = today(c_.policy, c_.now);
    const auto acct = accounts(c_.db, c_.policy, c_.now, r.unit_id);
    if (acct.empty()) {
      settle(e, r, "skipped", tr_text("paid: nothing is overdue any more"));
      return std::nullopt;
    }
    const Account& a = acct.front();
    if (format_date(a.oldest_due) != r.episode) {
      settle(e, r, "skipped", tr_text("the oldest overdue bill was paid; the ladder starts again from the next one"));
      return std::nullopt;
    }
    if (auto h = fee::active_hold(c_.db, r.unit_id, day)) {
      settle(e, r, "skipped", fmt::format(fmt::runtime(tr("dunning held until {}: {}")), h->until, h->reason));
      return std::nullopt;
    }
    const auto ch = channel_of(c_.policy, r.channel);
    if (!ch) {
      settle(e, r, "failed", fmt::format(fmt::runtime(tr("channel '{}' is not in the policy")), r.channel));
      return std::nullopt;
    }
    if (mentions_phone(*ch) && !a.phone) {
      settle(e, r, "skipped", fmt::format(fmt::runtime(tr("no owner phone on file (svc unit set --owner-phone, then "
                                                          "svc fee resolve {} --retry)")),
                                         r.id));
      result_.unreachable.push_back(r);
      return std::nullopt;
    }
    const Calendar cal = calendar(c_.policy);
    const Date deadline = local_date(cal.add(c_.now, c_.policy.fee.remind.pay_within, ClockKind::calendar), offset_);
    const std::map<std::string, std::string> values{
        {"site", c_.policy.site.name},  {"owner", a.owner},  {"unit", a.unit},
        {"items", items_text(c_.policy, a.bills)},  {"amount", format_yuan(a.amount)},
        {"date", format_date(day)},   {"deadline", format_date(deadline)},
        {"phone", a.phone.value_or("")}, {"stage", r.stage}};
    r.amount = a.amount;
    r.message = expand(ch->message_template.empty() ? default_template(ch->kind) : ch->message_template, values);
    Delivery d;
    d.kind = ch->kind;
    switch (ch->kind) {
      case ChannelKind::none: {
        const DunningStage* st = find_stage(c_.policy, r.stage);
        settle(e, r, "sent",
               st && st->approve_role
                   ? fmt::format(fmt::runtime(tr("listed for the {}'s decision (svc fee refer {} --legal --reason ...)")),
                                 *st->approve_role, r.unit)
                   : tr_text("recorded; nothing is sent on this channel"));
        return std::nullopt;
      }
      case ChannelKind::visit: {
        const auto who = next_assistant(c_.db);
        if (!who) {
          settle(e, r, "failed", tr_text("no active staff member with the role assistant to make the home visit"));
          return std::nullopt;
        }
        const auto v = visit::plan(c_.db, e, "dunning", r.unit_id, who,
                                   local_to_timestamp(deadline, 86399, offset_), r.message, c_.now);
        r.visit_id = v.id;
        r.recipient = fmt::format("V{} {}", v.id, *who);
        settle(e, r, "sent", fmt::format(fmt::runtime(tr("home visit V{} for {} by {}")), v.id, *who,
                                         format_date(deadline)));
        return std::nullopt;
      }
      case ChannelKind::exec:
        for (const auto& arg : ch->command) d.argv.push_back(expand(arg, values));
        d.input = *r.message;
        r.recipient = a.phone ? *a.phone : d.argv.front();
        break;
      case ChannelKind::mail: {
        const std::string to = expand(ch->to, values);
        d.argv = ch->sendmail;
        if (std::find(d.argv.begin(), d.argv.end(), "-oi") == d.argv.end()) d.argv.push_back("-oi");
        const std::string subject = expand(ch->subject.empty() ? "【{site}】物业费催缴通知" : ch->subject, values);
        d.input = mail_message(to, subject, *r.message, fmt::format("{}", r.id));
        r.recipient = to;
        break;
      }
      case ChannelKind::letter: {
        d.file = ch->outbox.value_or("outbox") / fmt::format("{}_{}_{}_{}.html", format_date(day), a.unit, r.stage, r.id);
        render::Letter l{c_.policy.site.name, fmt::format("{}-{}-{}", format_date(day), a.unit, r.id), a.unit, a.owner,
                         format_date(day), format_date(deadline), *r.message, format_yuan(a.amount),
                         fee::yuan_in_capitals(a.amount), {}};
        for (const auto& b : a.bills)
          l.lines.push_back({fee::item_name(c_.policy, b.item), b.period, b.due_on, format_yuan(b.amount),
                             format_yuan(b.amount - b.paid)});
        std::ostringstream html;
        render::write_letter_html(html, l);
        d.input = html.str();
        r.recipient = d.file.string();
        break;
      }
      case ChannelKind::standard_output:
        d.input = *r.message;
        r.recipient = "stdout";
        break;
    }
    r.status = "sending";
    ++r.attempts;
    r.reason.reset();
    update(c_.db, e, r, c_.now);
    return d;
  }

  struct SendError {
    std::string text;
    bool retry_later = false;
  };

  std::optional<SendError> send(const Delivery& d, const Reminder& r) {
    switch (d.kind) {
      case ChannelKind::standard_output:
        if (c_.standard_output) *c_.standard_output << d.input << '\n' << std::flush;
        return std::nullopt;
      case ChannelKind::letter:
        if (auto err = write_file_atomically(d.file, d.input)) {
          defer(r.channel);
          return SendError{*err, false};
        }
        return std::nullopt;
      default: {
        const auto timeout = fixed_seconds(c_.policy.fee.remind.timeout).value_or(60);
        const auto res = process::run(d.argv, d.input, static_cast<int>(timeout * 1000));
        if (res.started && !res.timed_out && res.signal == 0 && res.exit_code == 0) return std::nullopt;
        std::string text = process::describe(res);
        if (!res.stderr_tail.empty()) text += ": " + res.stderr_tail;
        if (!res.started) {  // the channel is broken, not the message: not held against it
          defer(r.channel);
          return SendError{text, true};
        }
        if (res.timed_out) {
          defer(r.channel);  // every message on it would hang the same way
          return SendError{text, false};
        }
        if (!res.timed_out && res.signal == 0 && res.exit_code == 75) {
          defer(r.channel);
          return SendError{fmt::format(fmt::runtime(tr("the channel asked to retry later: {}")), text), true};
        }
        return SendError{text, false};
      }
    }
  }

  void defer(const std::string& channel) {
    if (std::find(result_.deferred.begin(), result_.deferred.end(), channel) == result_.deferred.end())
      result_.deferred.push_back(channel);
  }

  Ctx& c_;
  const RunOptions& o_;
  int offset_;
  std::optional<std::int64_t> unit_id_;
  std::set<std::int64_t> planned_;
  RunResult result_;
};

}  // namespace

RunResult run(Ctx& c, const RunOptions& options) { return Runner(c, options).run(); }

Reminder resolve(Ctx& c, std::string_view id, bool sent, const std::optional<std::string>& note) {
  Reminder r = get(c.db, id);
  if (r.status != "unknown" && r.status != "failed" && r.status != "skipped")
    fail(Exit::data_error, "reminder {} is {}; only unknown, failed or skipped reminders are resolved by hand", r.id,
         tr(r.status));
  db::Transaction tx(c.db);
  audit::Entry e(c.actor, c.command, sent ? "fee.resolve.sent" : "fee.resolve.retry", r.unit);
  const std::string who = note ? fmt::format("{}: {}", c.actor, *note) : c.actor;
  if (sent) {
    r.status = "sent";
    r.sent_at = c.now;
    r.reason = fmt::format(fmt::runtime(tr("confirmed delivered by {}")), who);
  } else {
    r.status = "planned";
    r.attempts = 0;
    r.reason = fmt::format(fmt::runtime(tr("to be sent again on the next run ({})")), who);
  }
  update(c.db, e, r, c.now);
  e.write(c.db, c.now);
  tx.commit();
  return *find(c.db, r.id);
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

Referral refer(Ctx& c, std::string_view code, std::string_view reason_text) {
  const std::string reason = fee::detail::require_text("--reason", reason_text);
  const auto u = unit::get(c.db, code);
  const auto acct = accounts(c.db, c.policy, c.now, u.id);
  if (acct.empty()) fail(Exit::data_error, "unit {} has no overdue bills: there is nothing to refer", u.code);
  db::Transaction tx(c.db);
  audit::Entry e(c.actor, c.command, "fee.refer", u.code);
  auto st = c.db.prepare(
      "INSERT INTO referral (unit_id, kind, amount_fen, oldest_due_on, reason, created_by, created_at) "
      "VALUES (:u, 'legal', :amount, :oldest, :reason, :by, :now)");
  st.bind(":u", u.id).bind(":amount", acct.front().amount).bind(":oldest", format_date(acct.front().oldest_due));
  st.bind(":reason", reason).bind(":by", c.actor).bind(":now", c.now).run();
  const std::int64_t id = c.db.last_insert_id();
  e.after(c.db, "referral", id);
  e.write(c.db, c.now);
  tx.commit();
  return read_referrals(c.db, std::nullopt, id).front();
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
    const auto cur = current_stage(policy, a.oldest_due, a.status, now);
    if (!cur) continue;
    ++out.accounts;
    const DunningStage& st = policy.fee.dunning[cur->stage];
    Gap g{a.unit, a.owner, a.status, a.amount, format_date(a.oldest_due), st.stage, cur->cycle,
          fell_due(db, policy, a.unit_id, format_date(a.oldest_due), cur->due_at, now), "", std::nullopt, std::nullopt};
    auto& q = db.cached("SELECT id, status, sent_at, reason, due_at, attempts FROM reminder WHERE unit_id = :u AND "
                        "episode = :e AND stage = :s AND cycle = :c");
    q.bind(":u", a.unit_id).bind(":e", g.oldest_due_on).bind(":s", st.stage).bind(":c", cur->cycle);
    if (!q.step()) {
      g.problem = "missing";  // 漏催
    } else {
      g.reminder = q.integer(0);
      g.due_at = q.integer(4);
      g.detail = q.opt_text(3);
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
