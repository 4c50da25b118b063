// Fees: the item list, bills (periodic billing, paid-repair charges, cancelling), meter readings,
// late-fee waivers and dunning holds (domain-rules 3). Payments live in payment.cpp, reports and
// invariants in fee_report.cpp.
#include "svc/fee.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "svc/csv.hpp"
#include "svc/error.hpp"
#include "svc/strings.hpp"
#include "svc/fee_detail.hpp"
#include "svc/problems.hpp"
#include "svc/unit.hpp"
#include "svc/when.hpp"

namespace svc::fee {

namespace detail {

Bill read_bill(db::Statement& st) {
  Bill b;
  b.id = st.integer(0);
  b.unit_id = st.integer(1);
  b.unit = st.text(2);
  b.item = st.text(3);
  b.period = st.text(4);
  b.source = st.text(5);
  b.amount = st.integer(6);
  b.paid = st.integer(7);
  b.due_on = st.text(8);
  b.status = st.text(9);
  b.basis = st.text(10);
  b.waiver_id = st.opt_integer(11);
  b.created_at = st.integer(12);
  b.voided_at = st.opt_integer(13);
  b.void_reason = st.opt_text(14);
  return b;
}

Bill read_bill_at(db::Statement& st) {
  Bill b = read_bill(st);
  if (b.status == "live") b.status = b.paid == b.amount ? "paid" : "open";
  return b;
}

Date today(const Policy& policy, Timestamp now) { return local_date(now, policy.site.utc_offset); }

Date date_of(std::string_view ymd) { return parse_date(ymd).value_or(Date{}); }

std::string require_text(std::string_view option, std::string_view text) {
  std::string s(text);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
  if (s.empty()) fail(Exit::usage, "{} must not be empty: say why", option);
  return s;
}

std::int64_t insert_bill(Op& c, const NewBill& b) {
  auto& st = c.db.cached(
      "INSERT INTO bill (unit_id, item, period, source, amount_fen, paid_fen, due_on, status, basis, "
      "payment_id, created_by, created_at) VALUES (:unit, :item, :period, :source, :amount, 0, :due, "
      "'open', :basis, :payment, :by, :now)");
  st.bind(":unit", b.unit_id).bind(":item", b.item).bind(":period", b.period).bind(":source", b.source);
  st.bind(":amount", b.amount).bind(":due", b.due_on).bind(":basis", b.basis);
  st.bind(":payment", b.payment_id).bind(":by", c.login()).bind(":now", c.now);
  st.run();
  const auto id = c.db.last_insert_id();
  c.entry.after(c.db, "bill", id);
  return id;
}

}  // namespace detail

using detail::date_of;
using detail::require_text;
using detail::today;

namespace {

std::vector<std::string> item_codes(const Policy& policy) {
  std::vector<std::string> out;
  for (const auto& i : policy.fee.items) out.push_back(i.code);
  return out;
}

std::string_view basis_name(FeeBasis b) {
  switch (b) {
    case FeeBasis::area: return "area";
    case FeeBasis::unit: return "unit";
    case FeeBasis::meter: return "meter";
    case FeeBasis::fixed: return "fixed";
  }
  return "";
}

std::string_view cycle_name(FeeCycle c) {
  switch (c) {
    case FeeCycle::month: return "month";
    case FeeCycle::quarter: return "quarter";
    case FeeCycle::year: return "year";
  }
  return "";
}

bool has_flag(const unit::Unit& u, const std::optional<std::string>& flag) {
  if (!flag) return true;
  return *flag == "has_parking" && u.has_parking;
}

// The day the unit's current entrustment (托管, domain-rules 3.3) began: its open entrustment row
// (schema/006_fee_entrusted.sql). A unit entrusted before those rows were kept has none: the start
// is read from the audit log — the last entry that made the unit entrusted, or its creation — and
// recorded, audited, so that the log is read once per unit.
Date entrusted_since(Op& c, const unit::Unit& u) {
  auto& open = c.db.cached("SELECT since FROM entrustment WHERE unit_id = :u AND ended_on IS NULL");
  open.bind(":u", u.id);
  std::optional<std::string> since = open.step() ? std::optional(open.text(0)) : std::nullopt;
  open.reset();
  if (since) return date_of(*since);
  auto& log = c.db.cached(
      "SELECT a.at FROM audit_ref r JOIN audit a ON a.id = r.audit_id, json_each(a.changes) c "
      "WHERE r.ref = :code AND json_extract(c.value, '$.table') = 'unit' AND json_extract(c.value, '$.id') = :id "
      "AND json_extract(c.value, '$.after.status') = 'entrusted' "
      "AND coalesce(json_extract(c.value, '$.before.status'), '') <> 'entrusted' ORDER BY a.id DESC LIMIT 1");
  log.bind(":code", u.code).bind(":id", u.id);
  std::optional<Timestamp> at = log.step() ? std::optional(log.integer(0)) : std::nullopt;
  log.reset();
  if (!at) at = c.db.scalar("SELECT created_at FROM unit WHERE id = " + std::to_string(u.id));
  const Date day = local_date(*at, c.policy.site.utc_offset);
  auto& ins = c.db.cached(
      "INSERT INTO entrustment (unit_id, since, source, created_at, updated_at) VALUES (:u, :since, 'audit', :now, :now)");
  ins.bind(":u", u.id).bind(":since", format_date(day)).bind(":now", c.now).run();
  c.entry.after(c.db, "entrustment", c.db.last_insert_id());
  return day;
}

// An entrusted home's use of one limited meter over the entrustment (domain-rules 3.3: 托管期间水表
// 不超过5º,电表不超过20º): counted from the last reading on or before the day it began — the meters
// are read then — or, without one, from the first reading after it.
struct EntrustedUse {
  Date since;
  bool counting = false;  // the entrustment's first reading is known
  std::int64_t used = 0;  // hundredths of a meter unit since that reading
};

EntrustedUse entrusted_use(Op& c, const unit::Unit& u, const std::string& meter) {
  EntrustedUse e{entrusted_since(c, u)};
  auto& base = c.db.cached(
      "SELECT coalesce((SELECT max(read_on) FROM meter_reading WHERE unit_id = :u AND meter = :m AND read_on <= :since), "
      "(SELECT min(read_on) FROM meter_reading WHERE unit_id = :u AND meter = :m AND read_on > :since))");
  base.bind(":u", u.id).bind(":m", meter).bind(":since", format_date(e.since));
  std::optional<std::string> from = base.step() ? base.opt_text(0) : std::nullopt;
  base.reset();
  if (!from) return e;
  e.counting = true;
  auto& sum = c.db.cached(
      "SELECT coalesce(sum(usage_centi), 0) FROM meter_reading WHERE unit_id = :u AND meter = :m AND read_on > :from");
  sum.bind(":u", u.id).bind(":m", meter).bind(":from", *from);
  if (sum.step()) e.used = sum.integer(0);
  sum.reset();
  return e;
}

}  // namespace

// ---- items -----------------------------------------------------------------------------------

std::vector<Value> items(const Policy& policy) {
  std::vector<Value> rows;
  for (const auto& i : policy.fee.items) {
    Value v = Value::object();
    v.set("code", i.code);
    v.set("name", i.name);
    v.set("basis", std::string(basis_name(i.basis)));
    v.set("rate_fen", i.basis == FeeBasis::fixed && i.rate == 0 ? Value() : Value(static_cast<long long>(i.rate)));
    v.set("cycle", i.basis == FeeBasis::area || i.basis == FeeBasis::unit ? Value(std::string(cycle_name(i.cycle))) : Value());
    if (i.due_day)
      v.set("due", fmt::format(fmt::runtime(tr("day {} of the month")), *i.due_day));
    else if (i.due_within)
      v.set("due", fmt::format(fmt::runtime(tr("{} after posting")), format_duration(*i.due_within)));
    v.set("meter", i.meter);
    v.set("applies_to", i.applies_to);
    std::string factors;
    if (i.basis == FeeBasis::area)
      for (const auto& [status, ppm] : policy.fee.status_factor)
        factors += (factors.empty() ? "" : ", ") + fmt::format("{} {}", tr(status), format_rate(ppm));
    v.set("status_factor", factors.empty() ? Value() : Value(factors));
    rows.push_back(std::move(v));
  }
  return rows;
}

// ---- bills -----------------------------------------------------------------------------------

Bill get_bill(db::Database& db, std::string_view id) {
  std::string_view digits = id;
  if (!digits.empty() && (digits.front() == 'B' || digits.front() == 'b')) digits.remove_prefix(1);
  const bool ok = !digits.empty() && digits.size() <= 15 &&
                  std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!ok) fail(Exit::usage, "bill '{}' is not a bill number (e.g. 12 or B12)", id);
  auto& st = db.cached(std::string("SELECT ") + std::string(detail::kBillColumns) +
                       std::string(detail::kBillFrom) + " WHERE b.id = :id");
  st.bind(":id", static_cast<std::int64_t>(std::stoll(std::string(digits))));
  if (!st.step()) fail(Exit::no_input, "unknown bill '{}' (see 'svc fee bills')", id);
  return detail::read_bill(st);
}

std::vector<Bill> bills(db::Database& db, const BillFilter& f) {
  std::string sql = std::string("SELECT ") + std::string(detail::kBillColumns) + std::string(detail::kBillFrom) +
                    " WHERE 1=1";
  if (f.unit) sql += " AND u.code = :unit";
  if (f.period) sql += " AND b.period = :period";
  if (f.item) sql += " AND b.item = :item";
  if (f.status) sql += " AND b.status = :status";
  sql += " ORDER BY b.due_on, u.code, b.id";
  auto st = db.prepare(sql);
  if (f.unit) st.bind(":unit", *f.unit);
  if (f.period) st.bind(":period", *f.period);
  if (f.item) st.bind(":item", *f.item);
  if (f.status) st.bind(":status", *f.status);
  std::vector<Bill> out;
  while (st.step()) out.push_back(detail::read_bill(st));
  return out;
}

std::vector<Bill> list_bills(db::Database& db, const Policy& policy, const BillFilter& f) {
  if (f.period && !parse_period(*f.period))
    fail(Exit::usage, "--period '{}' is not a month (expected YYYY-MM, e.g. 2026-11)", *f.period);
  if (f.item && !find_fee_item(policy, *f.item) &&
      !db.prepare("SELECT 1 FROM bill WHERE item = :i LIMIT 1").bind(":i", *f.item).step())
    fail(Exit::usage, "--item '{}' is not a fee item (allowed: {})", *f.item, join(item_codes(policy)));
  if (f.unit) unit::get(db, *f.unit);
  return bills(db, f);
}

BillResult bill_period(Op& c, const BillRequest& req) {
  c.require("bill_fees", tr("fee bill"));
  const auto period = parse_period(req.period);
  if (!period) fail(Exit::usage, "--period '{}' is not a month (expected YYYY-MM, e.g. 2026-11)", req.period);
  if (req.item && !find_fee_item(c.policy, *req.item))
    fail(Exit::usage, "--item '{}' is not a fee item (allowed: {})", *req.item, join(item_codes(c.policy)));
  const std::string period_text = format_period(*period);

  BillResult result;
  std::vector<const FeeItem*> periodic;
  std::map<std::string, std::size_t> row_of;  // item → index in result.by_item
  for (const auto& item : c.policy.fee.items) {
    if (req.item && item.code != *req.item) continue;
    if (item.basis == FeeBasis::meter) {
      result.skipped.push_back(fmt::format(fmt::runtime(tr("{}: billed from meter readings ('svc fee meter import')")), item.code));
    } else if (item.basis == FeeBasis::fixed) {
      if (item.code != c.policy.ticket.paid.fee_item)
        result.skipped.push_back(fmt::format(fmt::runtime(tr("{}: a fixed item, billed only from posted charges")), item.code));
    } else if (!billed_in(item.cycle, *period)) {
      result.skipped.push_back(fmt::format(fmt::runtime(tr("{}: billed per {}, not in {}")), item.code,
                                           tr(cycle_name(item.cycle)), period_text));
    } else {
      periodic.push_back(&item);
    }
  }
  auto row = [&](const std::string& item) -> BillSummaryRow& {
    auto it = row_of.find(item);
    if (it == row_of.end()) {
      it = row_of.emplace(item, result.by_item.size()).first;
      result.by_item.push_back({item, 0, 0, 0});
    }
    return result.by_item[it->second];
  };
  for (const auto* item : periodic) row(item->code);

  // Bills already there make a rerun a no-op (domain-rules 3: billing is idempotent).
  std::set<std::pair<std::int64_t, std::string>> existing;
  {
    auto st = c.db.prepare("SELECT unit_id, item FROM bill WHERE period = :p AND source = '' AND status <> 'void'");
    st.bind(":p", period_text);
    while (st.step()) existing.emplace(st.integer(0), st.text(1));
  }
  std::set<std::int64_t> touched;
  const auto units = unit::list(c.db, {});
  for (std::size_t n = 0; n < units.size(); ++n) {
    const auto& u = units[n];
    for (const auto* item : periodic) {
      if (!has_flag(u, item->applies_to)) continue;
      const Ppm factor = status_factor(c.policy, *item, u.status);
      const Fen amount = periodic_amount(*item, u.area_centi, factor);
      if (amount <= 0) continue;  // a factor of 0 (e.g. a site's vacant = 0) bills nothing
      auto& r = row(item->code);
      if (existing.count({u.id, item->code})) {
        ++r.existing;
        ++result.existing;
        continue;
      }
      ++r.created;
      r.amount += amount;
      ++result.created;
      result.amount += amount;
      if (req.dry_run) continue;
      std::string basis = item->basis == FeeBasis::area
                              ? fmt::format("{} m² × {}", format_area(u.area_centi), format_yuan(item->rate))
                              : format_yuan(item->rate);
      // domain-rules 3.3: an entrusted home pays 70% of the management fee (rounded once).
      if (factor != 1'000'000) basis += fmt::format(" × {} ({})", format_rate(factor), u.status);
      detail::insert_bill(c, {u.id, item->code, period_text, "", format_date(due_date(*item, *period, first_day(*period))),
                              basis, amount, std::nullopt});
      touched.insert(u.id);
    }
    if (req.progress) req.progress(n + 1, units.size());
  }

  // Paid repairs (domain-rules 1.7): each pending charge posted up to the period's end becomes a
  // bill of its item in the month it was posted, and the charge records the bill.
  auto st = c.db.prepare(
      "SELECT id, unit_id, item, amount_fen, source, created_at FROM charge WHERE bill_id IS NULL ORDER BY id");
  struct Pending {
    std::int64_t id, unit_id;
    std::string item;
    Fen amount;
    std::string source;
    Timestamp at;
  };
  std::vector<Pending> pending;
  while (st.step())
    pending.push_back({st.integer(0), st.integer(1), st.text(2), st.integer(3), st.text(4), st.integer(5)});
  for (const auto& p : pending) {
    if (req.item && p.item != *req.item) continue;
    const Date posted = today(c.policy, p.at);
    if (period_of(posted) > *period) continue;
    const FeeItem* item = find_fee_item(c.policy, p.item);
    FeeItem fallback;
    fallback.due_within = Duration{0, Duration::Unit::same_day};
    const Date due = due_date(item ? *item : fallback, period_of(posted), posted);
    auto& r = row(p.item);
    ++r.created;
    r.amount += p.amount;
    ++result.created;
    ++result.charges;
    result.amount += p.amount;
    if (req.dry_run) continue;
    const auto bill_id = detail::insert_bill(
        c, {p.unit_id, p.item, format_period(period_of(posted)), p.source, format_date(due), p.source, p.amount, std::nullopt});
    c.entry.before(c.db, "charge", p.id);
    auto& upd = c.db.cached("UPDATE charge SET bill_id = :bill WHERE id = :id");
    upd.bind(":bill", bill_id).bind(":id", p.id).run();
    c.entry.after(c.db, "charge", p.id);
    touched.insert(p.unit_id);
  }
  for (auto unit_id : touched) result.credit_applied += detail::apply_credit(c, unit_id);
  return result;
}

Bill cancel_bill(Op& c, std::string_view id, std::string_view reason_text) {
  c.require("cancel_bill", tr("fee cancel"));
  const std::string reason = require_text("--reason", reason_text);
  const Bill b = get_bill(c.db, id);
  if (b.status == "void") fail(Exit::data_error, "bill {} is already void", b.id);
  if (b.paid > 0)
    fail(Exit::data_error, "bill {} has {} paid on it; void those receipts first ('svc fee statement {}')", b.id,
         format_yuan(b.paid), b.unit);
  c.entry.before(c.db, "bill", b.id);
  auto& st = c.db.cached("UPDATE bill SET status = 'void', voided_at = :now, void_reason = :reason WHERE id = :id");
  st.bind(":now", c.now).bind(":reason", reason).bind(":id", b.id).run();
  c.entry.after(c.db, "bill", b.id);
  return get_bill(c.db, std::to_string(b.id));
}

Value to_value(const Bill& b) {
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(b.id)));
  v.set("unit", b.unit);
  v.set("item", b.item);
  v.set("period", b.period);
  v.set("amount_fen", Value(static_cast<long long>(b.amount)));
  v.set("paid_fen", Value(static_cast<long long>(b.paid)));
  v.set("due_on", b.due_on);
  v.set("status", b.status);
  v.set("outstanding_fen", Value(static_cast<long long>(b.status == "void" ? 0 : b.amount - b.paid)));
  v.set("source", b.source.empty() ? Value() : Value(b.source));
  v.set("basis", b.basis);
  v.set("late_fee_waived", b.waiver_id.has_value());
  v.set("void_reason", b.void_reason);
  return v;
}

// ---- meters ----------------------------------------------------------------------------------

MeterResult import_meters(Op& c, std::string_view utf8_text, std::string_view source_name, bool reset,
                          bool dry_run) {
  c.require(reset ? "meter_reset" : "bill_fees", tr("fee meter import"));
  const CsvTable table = read_csv_table(utf8_text, source_name, {"unit", "meter", "reading", "read_on"}, {});
  std::map<std::string, const FeeItem*> meters;  // meter → the item billed from it
  for (const auto& item : c.policy.fee.items)
    if (item.meter) meters[*item.meter] = &item;
  std::vector<std::string> meter_names;
  for (const auto& [m, item] : meters) meter_names.push_back(m);
  const Date now_date = today(c.policy, c.now);

  Problems problems{std::string(source_name)};
  struct Row {
    int line;
    unit::Unit unit;
    std::string meter;
    std::int64_t reading;
    Date read_on;
    std::optional<std::int64_t> usage;
    bool reset = false;
    std::optional<std::string> flag;
  };
  std::vector<Row> rows;
  std::map<std::string, std::optional<unit::Unit>> unit_cache;
  std::set<std::tuple<std::string, std::string, Date>> seen;
  for (const auto& r : table.rows) {
    const auto& code = table.field(r, "unit");
    const auto& meter = table.field(r, "meter");
    const auto& reading = table.field(r, "reading");
    const auto& read_on = table.field(r, "read_on");
    bool good = true;
    auto it = unit_cache.find(code);
    if (it == unit_cache.end()) it = unit_cache.emplace(code, unit::find(c.db, code)).first;
    if (!it->second) {
      problems.add(r.line, "unit", code, "unknown unit (see 'svc unit list')");
      good = false;
    }
    if (!meters.count(meter)) {
      problems.add(r.line, "meter", meter, "unknown meter (allowed: {})", join(meter_names));
      good = false;
    }
    std::string why;
    const auto value = parse_yuan(reading, false, &why);
    if (!value) {
      problems.add(r.line, "reading", reading, "expected a meter reading such as 1234.5 (at most two decimals): {}", why);
      good = false;
    } else if (c.policy.fee.max_meter_reading > 0 && *value > c.policy.fee.max_meter_reading) {
      problems.add(r.line, "reading", reading, "is more than a meter shows ({}, fee.max_meter_reading)",
                   format_area(c.policy.fee.max_meter_reading));
      good = false;
    }
    const auto date = parse_date(read_on);
    if (!date) {
      problems.add(r.line, "read_on", read_on, "expected a date YYYY-MM-DD");
      good = false;
    } else if (*date > now_date) {
      problems.add(r.line, "read_on", read_on, "is after today ({})", format_date(now_date));
      good = false;
    }
    if (!good) continue;
    if (!seen.emplace(code, meter, *date).second) {
      problems.add(r.line, "read_on", read_on, "a second reading of meter {} of unit {} on the same day", meter, code);
      continue;
    }
    rows.push_back({r.line, *it->second, meter, *value, *date, std::nullopt, false, std::nullopt});
  }
  problems.raise_if_any();

  // Usage from the previous reading of the same meter, in date order (domain-rules 3.3 limits).
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.unit.id != b.unit.id) return a.unit.id < b.unit.id;
    if (a.meter != b.meter) return a.meter < b.meter;
    return a.read_on < b.read_on;
  });
  std::map<std::pair<std::int64_t, std::string>, EntrustedUse> entrusted;  // by unit and meter
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Row& row = rows[i];
    std::optional<std::int64_t> prev;
    if (i > 0 && rows[i - 1].unit.id == row.unit.id && rows[i - 1].meter == row.meter) {
      prev = rows[i - 1].reading;
    } else {
      auto& st = c.db.cached(
          "SELECT reading_centi, read_on FROM meter_reading WHERE unit_id = :u AND meter = :m "
          "ORDER BY read_on DESC LIMIT 1");
      st.bind(":u", row.unit.id).bind(":m", row.meter);
      if (st.step()) {
        prev = st.integer(0);
        const std::string last_on = st.text(1);
        if (date_of(last_on) >= row.read_on) {
          problems.add(row.line, "read_on", format_date(row.read_on),
                       "meter {} of unit {} already has a reading on {}; readings must be newer", row.meter,
                       row.unit.code, last_on);
          continue;
        }
      }
    }
    if (prev) {  // the first reading of a meter is its baseline
      if (row.reading < *prev) {
        if (!reset) {
          problems.add(row.line, "reading", format_area(row.reading),
                       "lower than the previous reading {} of meter {} (a new meter? a supervisor imports it with --reset)",
                       format_area(*prev), row.meter);
          continue;
        }
        row.reset = true;
        row.usage = row.reading;  // a new meter counts from zero
      } else {
        row.usage = row.reading - *prev;
      }
    }
    // domain-rules 3.3: use summed over the entrustment; the reading that passes the limit is flagged, once.
    const auto limit = c.policy.fee.entrusted_meter_limits.find(row.meter);
    if (row.unit.status != "entrusted" || limit == c.policy.fee.entrusted_meter_limits.end()) continue;
    auto it = entrusted.find({row.unit.id, row.meter});
    if (it == entrusted.end()) it = entrusted.emplace(std::pair(row.unit.id, row.meter), entrusted_use(c, row.unit, row.meter)).first;
    EntrustedUse& e = it->second;
    if (row.read_on <= e.since || !e.counting) {  // the reading the entrustment counts from
      e.counting = true;
      e.used = 0;
      continue;
    }
    const std::int64_t before = e.used;
    e.used += row.usage.value_or(0);
    if (before <= limit->second && e.used > limit->second)
      row.flag = fmt::format(fmt::runtime(tr("entrusted home used {} since {}, above the limit {}")),
                             format_area(e.used), format_date(e.since), format_area(limit->second));
  }
  problems.raise_if_any();

  MeterResult result;
  std::set<std::int64_t> touched;
  for (const auto& row : rows) {
    ++result.readings;
    if (!row.usage) ++result.baselines;
    if (row.reset) ++result.resets;
    const FeeItem& item = *meters.at(row.meter);
    const Fen amount = row.usage ? area_charge(*row.usage, item.rate, 1'000'000) : 0;
    Value v = Value::object();
    v.set("unit", row.unit.code);
    v.set("meter", row.meter);
    v.set("reading", format_area(row.reading));
    v.set("read_on", format_date(row.read_on));
    v.set("usage", row.usage ? Value(format_area(*row.usage)) : Value());
    v.set("amount_fen", amount > 0 ? Value(static_cast<long long>(amount)) : Value());
    v.set("reset", row.reset);
    v.set("flag", row.flag);
    result.rows.push_back(std::move(v));
    if (amount > 0) {
      ++result.bills;
      result.amount += amount;
    }
    if (dry_run) continue;
    auto& ins = c.db.cached(
        "INSERT INTO meter_reading (unit_id, meter, reading_centi, read_on, usage_centi, reset, flag, created_by, "
        "created_at) VALUES (:u, :m, :r, :on, :usage, :reset, :flag, :by, :now)");
    ins.bind(":u", row.unit.id).bind(":m", row.meter).bind(":r", row.reading).bind(":on", format_date(row.read_on));
    ins.bind(":usage", row.usage).bind(":reset", row.reset ? 1 : 0).bind(":flag", row.flag);
    ins.bind(":by", c.login()).bind(":now", c.now);
    ins.run();
    const auto reading_id = c.db.last_insert_id();
    if (amount > 0) {
      const Period period = period_of(row.read_on);
      const auto bill_id = detail::insert_bill(
          c, {row.unit.id, item.code, format_period(period), fmt::format("M{}", reading_id),
              format_date(due_date(item, period, row.read_on)),
              fmt::format("{} × {}", format_area(*row.usage), format_yuan(item.rate)), amount, std::nullopt});
      auto& upd = c.db.cached("UPDATE meter_reading SET bill_id = :b WHERE id = :id");
      upd.bind(":b", bill_id).bind(":id", reading_id).run();
      touched.insert(row.unit.id);
    }
    c.entry.after(c.db, "meter_reading", reading_id);
  }
  for (auto unit_id : touched) detail::apply_credit(c, unit_id);
  return result;
}

std::vector<Value> readings(db::Database& db, const ReadingFilter& f) {
  std::string sql =
      "SELECT u.code, r.meter, r.reading_centi, r.read_on, r.usage_centi, r.reset, r.flag, r.bill_id "
      "FROM meter_reading r JOIN unit u ON u.id = r.unit_id WHERE 1=1";
  if (f.unit) sql += " AND u.code = :unit";
  if (f.flagged_only) sql += " AND r.flag IS NOT NULL";
  sql += " ORDER BY u.code, r.meter, r.read_on";
  auto st = db.prepare(sql);
  if (f.unit) st.bind(":unit", *f.unit);
  std::vector<Value> out;
  while (st.step()) {
    Value v = Value::object();
    v.set("unit", st.text(0));
    v.set("meter", st.text(1));
    v.set("reading", format_area(st.integer(2)));
    v.set("read_on", st.text(3));
    v.set("usage", st.is_null(4) ? Value() : Value(format_area(st.integer(4))));
    v.set("reset", st.integer(5) != 0);
    v.set("flag", st.opt_text(6));
    v.set("bill", st.opt_integer(7) ? Value(static_cast<long long>(*st.opt_integer(7))) : Value());
    out.push_back(std::move(v));
  }
  return out;
}

// ---- waivers and holds -----------------------------------------------------------------------

std::int64_t waive(Op& c, std::string_view code, std::string_view reason_text) {
  c.require("waive_late_fee", tr("fee waive"));
  const std::string reason = require_text("--reason", reason_text);
  const auto u = unit::get(c.db, code);
  if (c.policy.fee.late_fee_per_day == 0)
    fail(Exit::data_error, "the policy charges no late fees (fee.late_fee_per_day = \"0\"): nothing to waive");
  std::vector<Bill> open = bills(c.db, {std::string(code), std::nullopt, std::nullopt, std::string("open")});
  std::erase_if(open, [](const Bill& b) {
    return b.item == kLateFeeItem ? b.paid > 0 : b.waiver_id.has_value();
  });
  if (open.empty()) fail(Exit::data_error, "unit '{}' has no open bills with late fees to waive", code);
  auto& ins = c.db.cached(
      "INSERT INTO fee_waiver (unit_id, reason, created_by, created_at) VALUES (:u, :reason, :by, :now)");
  ins.bind(":u", u.id).bind(":reason", reason).bind(":by", c.login()).bind(":now", c.now).run();
  const auto waiver = c.db.last_insert_id();
  c.entry.after(c.db, "fee_waiver", waiver);
  for (const auto& b : open) {
    c.entry.before(c.db, "bill", b.id);
    if (b.item == kLateFeeItem) {
      auto& st = c.db.cached(
          "UPDATE bill SET status = 'void', voided_at = :now, void_reason = :reason, waiver_id = :w WHERE id = :id");
      st.bind(":now", c.now).bind(":reason", reason).bind(":w", waiver).bind(":id", b.id).run();
    } else {
      auto& st = c.db.cached("UPDATE bill SET waiver_id = :w WHERE id = :id");
      st.bind(":w", waiver).bind(":id", b.id).run();
    }
    c.entry.after(c.db, "bill", b.id);
  }
  return static_cast<std::int64_t>(open.size());
}

namespace {

constexpr std::string_view kHoldSelect =
    "SELECT h.id, u.code, h.reason, h.until, h.created_by, h.created_at FROM dunning_hold h "
    "JOIN unit u ON u.id = h.unit_id WHERE h.lifted_at IS NULL AND h.until >= :today";

Hold read_hold(db::Statement& st) {
  return {st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.integer(5)};
}

}  // namespace

Hold hold(Op& c, std::string_view code, std::string_view until_text, std::string_view reason_text) {
  c.require("dunning_hold", tr("fee hold"));
  const std::string reason = require_text("--reason", reason_text);
  const auto until = when::require_day("--until", until_text, when::context(c.policy, c.now), when::Look::ahead);
  const auto u = unit::get(c.db, code);
  const Date now_date = today(c.policy, c.now);
  if (until < now_date)
    fail(Exit::data_error, "--until '{}' is before today ({}); a hold must end today or later", until_text,
         format_date(now_date));
  if (auto h = active_hold(c.db, u.id, now_date))
    fail(Exit::data_error, "unit '{}' is already on hold until {} ({}); lift it first with 'svc fee hold {} --lift'",
         code, h->until, h->reason, code);
  auto& st = c.db.cached(
      "INSERT INTO dunning_hold (unit_id, reason, until, created_by, created_at) VALUES (:u, :reason, :until, :by, :now)");
  st.bind(":u", u.id).bind(":reason", reason).bind(":until", format_date(until)).bind(":by", c.login());
  st.bind(":now", c.now).run();
  c.entry.after(c.db, "dunning_hold", c.db.last_insert_id());
  return *active_hold(c.db, u.id, now_date);
}

Hold lift_hold(Op& c, std::string_view code) {
  c.require("dunning_hold", tr("fee hold"));
  const auto u = unit::get(c.db, code);
  const auto h = active_hold(c.db, u.id, today(c.policy, c.now));
  if (!h) fail(Exit::data_error, "unit '{}' has no dunning hold in force", code);
  c.entry.before(c.db, "dunning_hold", h->id);
  auto& st = c.db.cached("UPDATE dunning_hold SET lifted_at = :now, lifted_by = :by WHERE id = :id");
  st.bind(":now", c.now).bind(":by", c.login()).bind(":id", h->id).run();
  c.entry.after(c.db, "dunning_hold", h->id);
  return *h;
}

std::optional<Hold> active_hold(db::Database& db, std::int64_t unit_id, Date day) {
  auto& st = db.cached(std::string(kHoldSelect) + " AND h.unit_id = :u ORDER BY h.id DESC LIMIT 1");
  st.bind(":today", format_date(day)).bind(":u", unit_id);
  if (!st.step()) return std::nullopt;
  return read_hold(st);
}

std::vector<Hold> active_holds(db::Database& db, Date day) {
  auto st = db.prepare(std::string(kHoldSelect) + " ORDER BY u.code");
  st.bind(":today", format_date(day));
  std::vector<Hold> out;
  while (st.step()) out.push_back(read_hold(st));
  return out;
}

Value to_value(const Hold& h, int utc_offset) {
  Value v = Value::object();
  v.set("unit", h.unit);
  v.set("until", h.until);
  v.set("reason", h.reason);
  v.set("by", h.created_by);
  v.set("created_at", format_iso(h.created_at, utc_offset));
  return v;
}

}  // namespace svc::fee
