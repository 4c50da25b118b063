// Fee reports as of any moment — statement, arrears and aging, collection rate (收缴率) — and
// the fee invariants `svc db check` verifies (domain-rules 3.4, 3.6, 3.7).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/fee_detail.hpp"
#include "svc/render/render.hpp"
#include "svc/unit.hpp"

namespace svc::fee {

using detail::date_of;
using detail::read_bill_at;
using detail::today;

namespace {

// Bills as they stood at :at — created by then and not yet voided — with what was paid on them
// by then (allocations made by then and not reversed by then).
const std::string kBillsAt = "SELECT " + std::string(detail::kBillAtColumns) + std::string(detail::kBillAtFrom);

std::int64_t days_between(Date from, Date to) { return days_from_civil(to) - days_from_civil(from); }

Value fen(Fen f) { return Value(static_cast<long long>(f)); }

}  // namespace

Value statement(db::Database& db, const Policy& policy, std::string_view code, Timestamp at) {
  const auto u = unit::get(db, code);
  const Date day = today(policy, at);
  const int offset = policy.site.utc_offset;
  Value bills_v = Value::array();
  Fen billed = 0, paid = 0, overdue = 0, late = 0;
  auto st = db.prepare(std::string(kBillsAt) + " AND b.unit_id = :u ORDER BY b.due_on, b.id");
  st.bind(":at", at).bind(":u", u.id);
  while (st.step()) {
    const Bill b = read_bill_at(st);
    Value v = to_value(b);
    if (b.status != "void") {
      billed += b.amount;
      paid += b.paid;
      if (b.status == "open" && date_of(b.due_on) < day) {
        overdue += b.amount - b.paid;
        const Fen fee = detail::accrued_late_fee(db, policy, b, day, at);
        late += fee;
        v.set("late_fee_fen", fen(fee));
      }
    }
    bills_v.push(std::move(v));
  }
  Value payments_v = Value::array();
  Fen credit = 0;
  auto ps = db.prepare(
      "SELECT p.receipt, p.amount_fen, p.voided_at, (SELECT coalesce(sum(a.amount_fen), 0) FROM allocation a "
      "WHERE a.payment_id = p.id AND a.created_at <= :at AND (a.reversed_at IS NULL OR a.reversed_at > :at)) "
      "FROM payment p WHERE p.unit_id = :u AND p.paid_at <= :at ORDER BY p.paid_at, p.id");
  ps.bind(":at", at).bind(":u", u.id);
  while (ps.step()) {
    Value v = to_value(get_payment(db, ps.text(0)), offset);
    const bool voided = !ps.is_null(2) && ps.integer(2) <= at;
    v.set("void", voided);
    const Fen left = voided ? 0 : ps.integer(1) - ps.integer(3);
    v.set("credit_fen", fen(left));
    credit += left;
    payments_v.push(std::move(v));
  }
  Value s = Value::object();
  s.set("unit", u.code);
  s.set("owner", u.owner_name);  // the debtor, also for a rented home (domain-rules 3.6)
  s.set("contact", u.status == "rented" ? Value(u.tenant_name) : Value());
  s.set("status", u.status);
  s.set("as_of", format_iso(at, offset));
  s.set("billed_fen", fen(billed));
  s.set("paid_fen", fen(paid));
  s.set("outstanding_fen", fen(billed - paid));
  s.set("overdue_fen", fen(overdue));
  s.set("late_fee_fen", fen(late));
  s.set("credit_fen", fen(credit));
  s.set("balance_fen", fen(billed - paid - credit));
  const auto h = active_hold(db, u.id, day);
  s.set("hold", h ? to_value(*h, offset) : Value());
  s.set("bills", std::move(bills_v));
  s.set("payments", std::move(payments_v));
  return s;
}

std::vector<ArrearsRow> arrears(db::Database& db, const Policy& policy, Timestamp at, std::int64_t min_days) {
  // A query per section, never per unit (issue 19): the units, the holds in force, the open bills,
  // the stages reached — each read once, in one snapshot.
  db::ReadSnapshot snapshot(db);
  const Date day = today(policy, at);
  std::map<std::int64_t, unit::Unit> units;
  for (auto& u : unit::list(db, {})) units.emplace(u.id, std::move(u));
  std::map<std::string, Hold> holds;  // unit code → its latest hold in force (as active_hold)
  for (auto& h : active_holds(db, day)) {
    auto [it, fresh] = holds.try_emplace(h.unit, h);
    if (!fresh && h.id > it->second.id) it->second = std::move(h);
  }
  std::map<std::int64_t, ArrearsRow> by_unit;
  auto st = db.prepare(kBillsAt + std::string(detail::kMaybeOpenAt) + " AND b.due_on < :today ORDER BY b.due_on, b.id");
  st.bind(":at", at).bind(":today", format_date(day));
  while (st.step()) {
    const Bill b = read_bill_at(st);
    if (b.status != "open") continue;
    auto [it, fresh] = by_unit.try_emplace(b.unit_id);
    ArrearsRow& r = it->second;
    if (fresh) {
      const auto& u = units.at(b.unit_id);
      r.unit = u.code;
      r.owner = u.owner_name;  // domain-rules 3.6: the owner is the debtor, the tenant a contact
      if (u.status == "rented") r.contact = u.tenant_name;
      r.status = u.status;
      r.oldest_due_on = b.due_on;
      r.days_overdue = days_between(date_of(b.due_on), day);
      r.aging.assign(kAgingBuckets.size(), 0);
      if (auto h = holds.find(u.code); h != holds.end()) r.hold_until = h->second.until;
    }
    const Fen owed = b.amount - b.paid;
    r.amount += owed;
    ++r.bills;
    r.aging[aging_bucket(days_between(date_of(b.due_on), day))] += owed;
    r.late_fee += detail::accrued_late_fee(db, policy, b, day, at);
  }
  // The dunning stage reached in these arrears: an episode is named by its oldest unpaid due date;
  // the stage is that of its latest reminder made by then.
  std::map<std::pair<std::int64_t, std::string>, std::string> stages;
  auto stage = db.prepare(
      "SELECT unit_id, episode, stage FROM (SELECT unit_id, episode, stage, row_number() OVER "
      "(PARTITION BY unit_id, episode ORDER BY due_at DESC, id DESC) AS n FROM reminder WHERE created_at <= :at) "
      "WHERE n = 1");
  stage.bind(":at", at);
  while (stage.step()) stages.emplace(std::pair{stage.integer(0), stage.text(1)}, stage.text(2));
  std::vector<ArrearsRow> out;
  for (auto& [id, r] : by_unit) {
    if (r.days_overdue < min_days) continue;
    if (auto it = stages.find({id, r.oldest_due_on}); it != stages.end()) r.stage = it->second;
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const ArrearsRow& a, const ArrearsRow& b) {
    if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
    return a.amount > b.amount;
  });
  return out;
}

Value to_value(const ArrearsRow& r) {
  Value v = Value::object();
  v.set("unit", r.unit);
  v.set("owner", r.owner);
  v.set("amount_fen", fen(r.amount));
  v.set("oldest_due_on", r.oldest_due_on);
  v.set("days_overdue", Value(static_cast<long long>(r.days_overdue)));
  v.set("stage", r.stage);  // the dunning stage reached (svc fee remind)
  v.set("contact", r.contact);
  v.set("status", r.status);
  v.set("bills", Value(static_cast<long long>(r.bills)));
  v.set("late_fee_fen", fen(r.late_fee));
  v.set("hold_until", r.hold_until);
  Value aging_v = Value::object();
  for (std::size_t i = 0; i < kAgingBuckets.size() && i < r.aging.size(); ++i) aging_v.set(kAgingBuckets[i], fen(r.aging[i]));
  v.set("aging_fen", std::move(aging_v));
  return v;
}

Summary aging(const std::vector<ArrearsRow>& rows) {
  std::vector<Fen> amount(kAgingBuckets.size(), 0);
  std::vector<std::int64_t> units(kAgingBuckets.size(), 0);
  Fen total = 0;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.aging.size(); ++i)
      if (r.aging[i] > 0) {
        amount[i] += r.aging[i];
        ++units[i];
        total += r.aging[i];
      }
  Summary out;
  for (std::size_t i = 0; i < kAgingBuckets.size(); ++i) {
    Value v = Value::object();
    v.set("bucket", kAgingBuckets[i]);
    v.set("units", Value(static_cast<long long>(units[i])));
    v.set("amount_fen", fen(amount[i]));
    v.set("share", ratio(amount[i], total));  // of the total's amount_fen
    out.rows.push_back(std::move(v));
  }
  out.total.set("units", Value(static_cast<long long>(rows.size())));  // a unit in two buckets counts once
  out.total.set("amount_fen", fen(total));
  out.total.set("share", ratio(total, total));
  return out;
}

Summary collection_rate(db::Database& db, std::string_view period_text, Timestamp at, int utc_offset) {
  const auto period = parse_period(period_text);
  if (!period) fail(Exit::usage, "--period '{}' is not a month (expected YYYY-MM, e.g. 2026-11)", period_text);
  const std::string p = format_period(*period);
  struct Sum {
    std::int64_t bills = 0;
    Fen billed = 0, collected = 0;
  };
  std::map<std::string, Sum> by_item;
  Sum total;
  auto st = db.prepare(std::string(kBillsAt) + " AND b.period = :p ORDER BY b.item");
  st.bind(":at", at).bind(":p", p);
  while (st.step()) {
    const Bill b = read_bill_at(st);
    if (b.status == "void") continue;
    for (Sum* s : {&by_item[b.item], &total}) {
      ++s->bills;
      s->billed += b.amount;
      s->collected += b.paid;
    }
  }
  // Arrears recovered: paid during the month on bills of earlier periods.
  const Timestamp from = local_to_timestamp(first_day(*period), 0, utc_offset);
  const Timestamp to = local_to_timestamp(add_months(first_day(*period), 1), 0, utc_offset);
  auto rs = db.prepare(
      "SELECT coalesce(sum(a.amount_fen), 0) FROM allocation a JOIN bill b ON b.id = a.bill_id "
      "WHERE b.period < :p AND a.created_at >= :from AND a.created_at < :to AND a.created_at <= :at "
      "AND (a.reversed_at IS NULL OR a.reversed_at > :at)");
  rs.bind(":p", p).bind(":from", from).bind(":to", to).bind(":at", at);
  rs.step();
  const Fen recovered = rs.integer(0);
  auto figures = [](Value v, const Sum& s) {
    v.set("bills", Value(static_cast<long long>(s.bills)));
    v.set("billed_fen", fen(s.billed));
    v.set("collected_fen", fen(s.collected));
    v.set("outstanding_fen", fen(s.billed - s.collected));
    v.set("rate", ratio(s.collected, s.billed));  // collected_fen / billed_fen
    return v;
  };
  Summary out;
  out.about = {{"period", Value(p)}, {"arrears_recovered_fen", fen(recovered)}};
  for (const auto& [item, s] : by_item) {
    Value v = Value::object();
    v.set("item", item);
    out.rows.push_back(figures(std::move(v), s));
  }
  out.total = figures(Value::object(), total);
  return out;
}

Value to_value(const Summary& s) {
  Value v = Value::object();
  v.set("schema", render::kJsonSchema);
  for (const auto& [key, value] : s.about) v.set(key, value);
  v.set("rows", Value(s.rows));
  v.set("total", s.total);
  return v;
}

std::vector<std::string> check(db::Database& db) {
  std::vector<std::string> problems;
  auto add = [&](std::string text) { problems.push_back(std::move(text)); };
  {
    auto st = db.prepare(
        "SELECT b.id, b.paid_fen, s FROM (SELECT b.id, b.paid_fen, (SELECT coalesce(sum(a.amount_fen), 0) "
        "FROM allocation a WHERE a.bill_id = b.id AND a.reversed_at IS NULL) AS s FROM bill b) b WHERE b.paid_fen <> s");
    while (st.step())
      add(fmt::format(fmt::runtime(tr("fee: bill {} says {} paid but its allocations add up to {}")), st.integer(0),
                      format_yuan(st.integer(1)), format_yuan(st.integer(2))));
  }
  {
    auto st = db.prepare(
        "SELECT receipt, amount_fen, credit_fen, voided_at IS NOT NULL, (SELECT coalesce(sum(a.amount_fen), 0) "
        "FROM allocation a WHERE a.payment_id = p.id AND a.reversed_at IS NULL) FROM payment p ORDER BY id");
    while (st.step()) {
      const bool voided = st.integer(3) != 0;
      const Fen amount = st.integer(1), credit = st.integer(2), allocated = st.integer(4);
      if (voided && (allocated != 0 || credit != 0))
        add(fmt::format(fmt::runtime(tr("fee: void receipt {} still pays {} and holds {} credit")), st.text(0),
                        format_yuan(allocated), format_yuan(credit)));
      else if (!voided && amount != allocated + credit)
        add(fmt::format(fmt::runtime(tr("fee: receipt {} is {} but allocations {} plus credit {} make {}")),
                        st.text(0), format_yuan(amount), format_yuan(allocated), format_yuan(credit),
                        format_yuan(allocated + credit)));
    }
  }
  {
    auto st = db.prepare("SELECT year, count(*), min(seq), max(seq) FROM payment GROUP BY year ORDER BY year");
    while (st.step())
      if (st.integer(2) != 1 || st.integer(3) != st.integer(1))
        add(fmt::format(fmt::runtime(tr("fee: receipts of {} are not gapless: {} receipts numbered {} to {}")),
                        st.integer(0), st.integer(1), st.integer(2), st.integer(3)));
  }
  {
    auto st = db.prepare(
        "SELECT a.id, a.bill_id FROM allocation a JOIN bill b ON b.id = a.bill_id "
        "WHERE a.reversed_at IS NULL AND b.status = 'void' ORDER BY a.id");
    while (st.step())
      add(fmt::format(fmt::runtime(tr("fee: allocation {} pays void bill {}")), st.integer(0), st.integer(1)));
  }
  return problems;
}

}  // namespace svc::fee
