// Payments (收款): gapless receipt numbers, allocation to bills in policy order, late fees of the
// bills a payment settles, prepaid credit, voids that keep their number (domain-rules 3.4, 3.8).
#include <fmt/format.h>

#include <algorithm>

#include "svc/alias.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/fee_detail.hpp"
#include "svc/staff.hpp"
#include "svc/unit.hpp"

namespace svc::fee {

using detail::date_of;
using detail::today;

namespace detail {

Fen accrued_late_fee(db::Database& db, const Policy& policy, const Bill& bill, Date until, Timestamp at) {
  const auto& f = policy.fee;
  if (f.late_fee_per_day == 0 || bill.item == kLateFeeItem || bill.waiver_id) return 0;
  auto& st = db.cached(
      "SELECT amount_fen, created_at FROM allocation WHERE bill_id = :b AND created_at <= :at "
      "AND (reversed_at IS NULL OR reversed_at > :at)");
  st.bind(":b", bill.id).bind(":at", at);
  std::vector<Paid> paid;
  while (st.step()) paid.push_back({today(policy, st.integer(1)), st.integer(0)});
  return late_fee(bill.amount, date_of(bill.due_on), std::move(paid), until, f.late_fee_per_day, f.late_fee_cap);
}

Fen spend(Op& c, std::int64_t payment_id, Fen available, std::int64_t unit_id,
          const std::vector<std::int64_t>& first) {
  std::vector<OpenBill> open;
  {
    auto& st = c.db.cached(std::string("SELECT ") + std::string(kBillColumns) + std::string(kBillFrom) +
                           " WHERE b.unit_id = :u AND b.status = 'open'");
    st.bind(":u", unit_id);
    while (st.step()) {
      const Bill b = read_bill(st);
      open.push_back({b.id, b.item, date_of(b.due_on), b.amount - b.paid});
    }
  }
  auto queue = allocation_order(c.policy.fee, std::move(open), first);
  const Date on = today(c.policy, c.now);
  for (std::size_t i = 0; i < queue.size() && available > 0; ++i) {
    const OpenBill ob = queue[i];
    const Fen share = std::min(available, ob.outstanding);
    auto& ins = c.db.cached(
        "INSERT INTO allocation (payment_id, bill_id, amount_fen, created_at) VALUES (:p, :b, :amount, :now)");
    ins.bind(":p", payment_id).bind(":b", ob.id).bind(":amount", share).bind(":now", c.now).run();
    c.entry.after(c.db, "allocation", c.db.last_insert_id());
    c.entry.before(c.db, "bill", ob.id);
    auto& upd = c.db.cached(
        "UPDATE bill SET paid_fen = paid_fen + :share, "
        "status = CASE WHEN paid_fen + :share = amount_fen THEN 'paid' ELSE 'open' END WHERE id = :id");
    upd.bind(":share", share).bind(":id", ob.id).run();
    c.entry.after(c.db, "bill", ob.id);
    available -= share;
    if (share < ob.outstanding) continue;
    // Settled: its late fee (滞纳金), from the due date to today, becomes a bill paid next.
    const Bill settled = get_bill(c.db, std::to_string(ob.id));
    const Fen fee = accrued_late_fee(c.db, c.policy, settled, on, c.now);
    if (fee <= 0) continue;
    const std::string source = fmt::format("B{}", settled.id);
    auto& exists = c.db.cached(
        "SELECT count(*) FROM bill WHERE unit_id = :u AND item = :item AND source = :source AND status <> 'void'");
    exists.bind(":u", unit_id).bind(":item", kLateFeeItem).bind(":source", source);
    if (exists.step() && exists.integer(0) > 0) continue;
    const std::string basis =
        fmt::format("{} {}..{} × {}/d", format_yuan(settled.amount), settled.due_on, format_date(on),
                    format_rate(c.policy.fee.late_fee_per_day));
    const auto id = insert_bill(c, {unit_id, std::string(kLateFeeItem), settled.period, source, format_date(on),
                                    basis, fee, payment_id});
    queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(i) + 1, OpenBill{id, std::string(kLateFeeItem), on, fee});
  }
  return available;
}

Fen apply_credit(Op& c, std::int64_t unit_id) {
  std::vector<std::pair<std::int64_t, Fen>> credits;
  {
    // Prepared once per command: `fee bill` asks this of every unit it bills (issue 19).
    auto& st = c.db.cached(
        "SELECT id, credit_fen FROM payment WHERE unit_id = :u AND voided_at IS NULL AND credit_fen > 0 ORDER BY id");
    st.bind(":u", unit_id);
    while (st.step()) credits.emplace_back(st.integer(0), st.integer(1));
  }
  Fen used = 0;
  for (const auto& [id, credit] : credits) {
    const Fen left = spend(c, id, credit, unit_id);
    if (left == credit) break;  // no open bill left
    c.entry.before(c.db, "payment", id);
    auto& st = c.db.cached("UPDATE payment SET credit_fen = :left WHERE id = :id");
    st.bind(":left", left).bind(":id", id).run();
    c.entry.after(c.db, "payment", id);
    used += credit - left;
  }
  return used;
}

}  // namespace detail

namespace {

constexpr std::string_view kPaymentSelect =
    "SELECT p.id, p.receipt, p.unit_id, u.code, p.amount_fen, p.method, p.credit_fen, p.paid_at, p.payer, p.note, "
    "p.received_by, p.voided_at, p.void_reason, p.ref FROM payment p JOIN unit u ON u.id = p.unit_id";

Payment read_payment(db::Database& db, db::Statement& st) {
  Payment p;
  p.id = st.integer(0);
  p.receipt = st.text(1);
  p.unit_id = st.integer(2);
  p.unit = st.text(3);
  p.amount = st.integer(4);
  p.method = st.text(5);
  p.credit = st.integer(6);
  p.paid_at = st.integer(7);
  p.payer = st.opt_text(8);
  p.note = st.opt_text(9);
  p.received_by = st.text(10);
  p.voided_at = st.opt_integer(11);
  p.void_reason = st.opt_text(12);
  p.ref = st.opt_text(13);
  // A live payment shows what it pays now; a void one what it paid before the void.
  auto& a = db.cached(
      "SELECT a.bill_id, b.item, b.period, a.amount_fen, a.created_at, a.reversed_at FROM allocation a "
      "JOIN bill b ON b.id = a.bill_id WHERE a.payment_id = :p AND (a.reversed_at IS NULL OR :void) ORDER BY a.id");
  a.bind(":p", p.id).bind(":void", p.voided_at ? 1 : 0);
  while (a.step())
    p.allocations.push_back({a.integer(0), a.text(1), a.text(2), a.integer(3), a.integer(4), a.opt_integer(5)});
  return p;
}

Payment payment_by_id(db::Database& db, std::int64_t id) {
  auto st = db.prepare(std::string(kPaymentSelect) + " WHERE p.id = :id");
  st.bind(":id", id);
  st.step();
  return read_payment(db, st);
}

// --amount text → fen, with the reason when it is not a positive amount of yuan and fen.
Fen parse_amount(const std::string& text) {
  std::string why;
  if (!text.empty() && text.front() == '-') fail(Exit::usage, "--amount '{}': a payment must be more than 0", text);
  const auto fen = parse_yuan(text, false, &why);
  if (!fen) fail(Exit::usage, "--amount '{}': {} (e.g. 1280.50)", text, why);
  if (*fen == 0) fail(Exit::usage, "--amount '{}': a payment must be more than 0", text);
  return *fen;
}

}  // namespace

Payment pay(Op& c, const PayRequest& req) {
  c.require("take_payment", tr("fee pay"));
  std::string method = req.method;
  alias::canon("--method", method, kMethods, "--method '{}' is not a payment method (allowed: {})");
  const Fen amount = parse_amount(req.amount);
  if (c.policy.fee.max_payment > 0 && amount > c.policy.fee.max_payment)
    fail(Exit::usage, "--amount '{}' is more than the desk takes in one payment ({} yuan, fee.max_payment)", req.amount,
         format_yuan(c.policy.fee.max_payment));
  std::optional<Period> period;
  if (req.period) {
    period = parse_period(*req.period);
    if (!period) fail(Exit::usage, "--period '{}' is not a month (expected YYYY-MM, e.g. 2026-11)", *req.period);
  }
  const auto u = unit::get(c.db, req.unit);
  std::vector<std::int64_t> first;
  for (const auto& id : req.bills) {
    const Bill b = get_bill(c.db, id);
    if (b.unit_id != u.id) fail(Exit::data_error, "bill {} belongs to unit {}, not {}", b.id, b.unit, u.code);
    if (b.status == "void") fail(Exit::data_error, "bill {} is void ({}); it cannot be paid", b.id, b.void_reason.value_or(""));
    if (b.status == "paid") fail(Exit::data_error, "bill {} is paid already", b.id);
    first.push_back(b.id);
  }
  if (period) {
    const auto in_period = bills(c.db, {u.code, format_period(*period), std::nullopt, std::nullopt});
    std::size_t open = 0, voided = 0;
    for (const auto& b : in_period) {
      if (b.status == "open") {
        ++open;
        if (std::find(first.begin(), first.end(), b.id) == first.end()) first.push_back(b.id);
      }
      if (b.status == "void") ++voided;
    }
    if (in_period.empty())
      fail(Exit::data_error, "unit {} has no bills for --period {}", u.code, format_period(*period));
    if (open == 0 && voided == in_period.size())
      fail(Exit::data_error, "the bills of unit {} for --period {} are void; there is nothing to pay", u.code,
           format_period(*period));
    if (open == 0) fail(Exit::data_error, "the bills of unit {} for --period {} are paid already", u.code, format_period(*period));
  }

  // The number is taken under the write lock (BEGIN IMMEDIATE), so concurrent desks never skip
  // or share one (domain-rules 3.8).
  if (req.ref) {
    if (req.ref->empty() || req.ref->size() > 64 ||
        !std::all_of(req.ref->begin(), req.ref->end(), [](char ch) { return ch > ' ' && ch != 0x7f; }))
      fail(Exit::usage, "--ref '{}' is not a reference (allowed: 1-64 characters, no spaces or control characters)",
           *req.ref);
    // A retry of a payment already taken (same method and reference) gets its first receipt back.
    auto& seen = c.db.cached("SELECT id FROM payment WHERE method = :method AND ref = :ref");
    seen.bind(":method", method).bind(":ref", *req.ref);
    if (seen.step()) {
      Payment p = payment_by_id(c.db, seen.integer(0));
      seen.reset();
      if (p.voided_at)
        fail(Exit::data_error, "--ref '{}' was used for {}, which was voided: a new payment needs a new reference",
             *req.ref, p.receipt);
      if (p.unit != u.code || p.amount != amount)
        fail(Exit::data_error, "--ref '{}' was used for {} ({} yuan for {}): this payment ({} yuan for {}) needs its own reference",
             *req.ref, p.receipt, format_yuan(p.amount), p.unit, format_yuan(amount), u.code);
      p.repeat = true;
      return p;
    }
  }
  db::require_transaction(c.db, "receipt numbering");
  const Date on = today(c.policy, c.now);
  auto& next = c.db.cached("SELECT coalesce(max(seq), 0) + 1 FROM payment WHERE year = :y");
  next.bind(":y", on.year);
  next.step();
  const std::int64_t seq = next.integer(0);
  const std::string receipt = receipt_number(c.policy.fee.receipt_prefix, on.year, seq);
  c.entry.set_entity(receipt);
  auto& ins = c.db.cached(
      "INSERT INTO payment (receipt, year, seq, unit_id, amount_fen, method, credit_fen, paid_at, paid_on, payer, "
      "note, received_by, ref) VALUES (:receipt, :y, :seq, :u, :amount, :method, :amount, :now, :on, :payer, :note, "
      ":by, :ref)");
  ins.bind(":receipt", receipt).bind(":y", on.year).bind(":seq", seq).bind(":u", u.id).bind(":amount", amount);
  ins.bind(":method", method).bind(":now", c.now).bind(":on", format_date(on));
  ins.bind(":payer", req.payer).bind(":note", req.note).bind(":by", c.login()).bind(":ref", req.ref).run();
  const auto id = c.db.last_insert_id();
  const Fen left = detail::spend(c, id, amount, u.id, first);
  auto& upd = c.db.cached("UPDATE payment SET credit_fen = :left WHERE id = :id");
  upd.bind(":left", left).bind(":id", id).run();
  c.entry.after(c.db, "payment", id);
  return payment_by_id(c.db, id);
}

Payment void_payment(Op& c, std::string_view receipt, std::string_view reason_text) {
  c.require("void_receipt", tr("fee void"));
  const std::string reason = detail::require_text("--reason", reason_text);
  const Payment p = get_payment(c.db, receipt, local_date(c.now, c.utc_offset()).year);
  c.entry.set_entity(p.receipt);
  if (p.voided_at) fail(Exit::data_error, "receipt {} is already void ({})", p.receipt, p.void_reason.value_or(""));
  // Late fees this payment posted go with it, unless another receipt has paid them since.
  std::vector<std::int64_t> late;
  {
    auto st = c.db.prepare(
        "SELECT b.id, (SELECT count(*) FROM allocation a WHERE a.bill_id = b.id AND a.reversed_at IS NULL "
        "AND a.payment_id <> :p) FROM bill b WHERE b.payment_id = :p AND b.status <> 'void'");
    st.bind(":p", p.id);
    while (st.step()) {
      if (st.integer(1) > 0)
        fail(Exit::data_error, "the late fee (bill {}) posted by receipt {} was paid by another receipt; void that one first",
             st.integer(0), p.receipt);
      late.push_back(st.integer(0));
    }
  }
  auto st = c.db.prepare("SELECT id, bill_id, amount_fen FROM allocation WHERE payment_id = :p AND reversed_at IS NULL");
  st.bind(":p", p.id);
  while (st.step()) {
    const auto alloc = st.integer(0), bill = st.integer(1);
    const Fen amount = st.integer(2);
    c.entry.before(c.db, "allocation", alloc);
    auto& rev = c.db.cached("UPDATE allocation SET reversed_at = :now WHERE id = :id");
    rev.bind(":now", c.now).bind(":id", alloc).run();
    c.entry.after(c.db, "allocation", alloc);
    c.entry.before(c.db, "bill", bill);
    auto& reopen = c.db.cached(
        "UPDATE bill SET paid_fen = paid_fen - :a, status = CASE status WHEN 'void' THEN 'void' ELSE 'open' END "
        "WHERE id = :id");
    reopen.bind(":a", amount).bind(":id", bill).run();
    c.entry.after(c.db, "bill", bill);
  }
  for (auto id : late) {
    c.entry.before(c.db, "bill", id);
    auto& v = c.db.cached("UPDATE bill SET status = 'void', voided_at = :now, void_reason = :reason WHERE id = :id");
    v.bind(":now", c.now).bind(":reason", fmt::format("{} void", p.receipt)).bind(":id", id).run();
    c.entry.after(c.db, "bill", id);
  }
  c.entry.before(c.db, "payment", p.id);
  auto& upd = c.db.cached(
      "UPDATE payment SET voided_at = :now, voided_by = :by, void_reason = :reason, credit_fen = 0 WHERE id = :id");
  upd.bind(":now", c.now).bind(":by", c.login()).bind(":reason", reason).bind(":id", p.id).run();
  c.entry.after(c.db, "payment", p.id);
  detail::apply_credit(c, p.unit_id);
  return payment_by_id(c.db, p.id);
}

std::string item_name(const Policy& policy, std::string_view code) {
  if (code == kLateFeeItem) return std::string(tr("late fee"));
  if (code == "total") return std::string(tr("Total"));
  if (code == "arrears_recovered") return std::string(tr("arrears recovered"));
  const FeeItem* item = find_fee_item(policy, code);
  return item ? item->name : std::string(code);
}

render::Receipt receipt_document(db::Database& db, const Policy& policy, const Payment& p) {
  const auto u = unit::get(db, p.unit);
  const auto who = staff::find(db, p.received_by);
  render::Receipt r;
  r.site = policy.site.name;
  r.number = p.receipt;
  r.paid_at = format_local(p.paid_at, policy.site.utc_offset);
  r.unit = u.code;
  r.owner = u.owner_name;
  r.payer = p.payer.value_or("");
  r.method = std::string(tr(p.method));
  r.received_by = who ? who->name : p.received_by;
  r.total = format_yuan(p.amount);
  r.total_in_capitals = yuan_in_capitals(p.amount);
  if (p.credit > 0) r.credit = format_yuan(p.credit);
  r.note = p.note.value_or("");
  r.voided = p.voided_at.has_value();
  r.void_reason = p.void_reason.value_or("");
  for (const auto& a : p.allocations) r.lines.push_back({item_name(policy, a.item), a.period, format_yuan(a.amount)});
  return r;
}

Payment get_payment(db::Database& db, std::string_view receipt, std::optional<int> this_year) {
  auto no = parse_receipt(receipt);
  if (!no && this_year) {
    std::string_view seq = receipt;
    while (!seq.empty() && ((seq.front() >= 'A' && seq.front() <= 'Z') || (seq.front() >= 'a' && seq.front() <= 'z')))
      seq.remove_prefix(1);
    if (!seq.empty() && seq.size() <= 12 && std::all_of(seq.begin(), seq.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
        std::stoll(std::string(seq)) > 0)
      no = ReceiptNo{*this_year, std::stoll(std::string(seq))};
  }
  if (!no) fail(Exit::usage, "'{}' is not a receipt number (e.g. R2026-000123, or 123 for this year's)", receipt);
  auto st = db.prepare(std::string(kPaymentSelect) + " WHERE p.year = :y AND p.seq = :seq");
  st.bind(":y", no->year).bind(":seq", no->seq);
  if (!st.step()) fail(Exit::no_input, "unknown receipt '{}' (see 'svc fee payments')", receipt);
  return read_payment(db, st);
}

std::vector<Payment> payments_on(db::Database& db, Date day) {
  auto st = db.prepare(std::string(kPaymentSelect) + " WHERE p.paid_on = :d ORDER BY p.year, p.seq");
  st.bind(":d", format_date(day));
  std::vector<Payment> out;
  while (st.step()) out.push_back(read_payment(db, st));
  return out;
}

Summary ledger_by_method(const std::vector<Payment>& payments) {
  Summary out;
  std::int64_t all_n = 0;
  Fen all = 0;
  for (const auto& m : kMethods) {
    std::int64_t n = 0;
    Fen sum = 0;
    for (const auto& p : payments)
      if (p.method == m && !p.voided_at) {
        ++n;
        sum += p.amount;
      }
    if (n > 0) {
      Value v = Value::object();
      v.set("method", m);
      v.set("payments", Value(static_cast<long long>(n)));
      v.set("amount_fen", Value(static_cast<long long>(sum)));
      out.rows.push_back(std::move(v));
    }
    all_n += n;
    all += sum;
  }
  out.total.set("payments", Value(static_cast<long long>(all_n)));
  out.total.set("amount_fen", Value(static_cast<long long>(all)));
  return out;
}

Value to_value(const Payment& p, int utc_offset) {
  Value v = Value::object();
  v.set("receipt", p.receipt);
  v.set("unit", p.unit);
  v.set("amount_fen", Value(static_cast<long long>(p.amount)));
  v.set("method", p.method);
  v.set("paid_at", format_iso(p.paid_at, utc_offset));
  Value allocs = Value::array();
  Fen allocated = 0;
  for (const auto& a : p.allocations) {
    Value x = Value::object();
    x.set("bill", Value(static_cast<long long>(a.bill)));
    x.set("amount_fen", Value(static_cast<long long>(a.amount)));
    x.set("item", a.item);
    x.set("period", a.period);
    allocs.push(std::move(x));
    allocated += a.amount;
  }
  v.set("allocations", std::move(allocs));
  v.set("allocated_fen", Value(static_cast<long long>(allocated)));
  v.set("credit_fen", Value(static_cast<long long>(p.credit)));
  v.set("void", p.voided_at.has_value());
  v.set("payer", p.payer);
  v.set("note", p.note);
  v.set("received_by", p.received_by);
  v.set("void_reason", p.void_reason);
  v.set("ref", p.ref);
  return v;
}

}  // namespace svc::fee
