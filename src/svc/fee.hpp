// Fees (收费, domain-rules 3): billing from the policy's fee items, meter readings, payments with
// gapless receipts, allocation, prepaid credit, late fees, waivers, dunning holds, statements,
// arrears, aging and the collection rate. Pure rules first (tests/unit/test_fee.cpp), then the
// database operations; every change goes through the caller's audit::Entry.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/money.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/render/receipt.hpp"
#include "svc/value.hpp"

namespace svc::fee {

// Payment methods (cli.md) and the built-in item a late fee (滞纳金) is billed under.
inline const std::vector<std::string> kMethods = {"cash", "wechat", "alipay", "bank", "card"};
inline constexpr std::string_view kLateFeeItem = "late_fee";
// Aging buckets of `fee arrears --aging`, by days overdue.
inline const std::vector<std::string> kAgingBuckets = {"0-30", "31-90", "91-180", "181-365", ">365"};

// ---- pure rules ------------------------------------------------------------------------------

struct Period {
  int year = 1970;
  int month = 1;
  auto operator<=>(const Period&) const = default;
};
// "2026-11" (strict: four digits, '-', two digits, month 01..12).
std::optional<Period> parse_period(std::string_view text);
std::string format_period(Period p);
Period period_of(Date d);
Date first_day(Period p);
Date last_day(Period p);

// Whether an item of this cycle is billed in the period: every month, the first month of each
// quarter (Jan, Apr, Jul, Oct), or January. The rate is per cycle.
bool billed_in(FeeCycle cycle, Period p);
// Due date of a bill of `item`: its due_day in the period's month — for bills posted later in
// the month than that (meter readings), the due_day of the next month; or, for items with
// due_within, `posted` + due_within.
Date due_date(const FeeItem& item, Period period, Date posted);

// The share of an item a unit in `status` pays: the policy's status_factor (entrusted 0.70,
// domain-rules 3.3) applies to area-based items — the management fee — only; otherwise 1.
Ppm status_factor(const Policy& policy, const FeeItem& item, std::string_view status);

// A periodic bill's amount: area × rate × factor rounded half-up once (area items), or the rate
// (unit items; factor 1). 0 means "no bill".
Fen periodic_amount(const FeeItem& item, std::int64_t area_centi, Ppm factor);

// One open bill, as allocation sees it.
struct OpenBill {
  std::int64_t id = 0;
  std::string item;
  Date due_on;
  Fen outstanding = 0;
};
// Allocation order (policy fee.allocation): oldest due first (then item priority, then id), or
// by item priority (items not listed after those listed; then oldest due, then id). Bills in
// `first` (ids the payer named) come before all others, in the order named.
std::vector<OpenBill> allocation_order(const FeePolicy& policy, std::vector<OpenBill> bills,
                                       const std::vector<std::int64_t>& first = {});
struct Share {
  std::int64_t bill = 0;
  Fen amount = 0;
};
// Spreads `amount` over bills in order, each up to its outstanding; `left` gets what remains.
std::vector<Share> allocate(Fen amount, const std::vector<OpenBill>& ordered, Fen* left);

// A payment towards a bill, by local date.
struct Paid {
  Date on;
  Fen amount = 0;
};
// Late fee (滞纳金) of one bill up to `until` (inclusive): for each day d after due_on, the amount
// still unpaid before d × per_day, summed and rounded half-up once; capped at amount × cap when
// cap > 0. A payment on day d stops that day's accrual on what it paid only from the next day,
// so paying on the due date costs nothing and one day late costs one day.
Fen late_fee(Fen amount, Date due_on, std::vector<Paid> paid, Date until, Ppm per_day, Ppm cap);

// Index into kAgingBuckets for a number of days overdue (≥ 1): 1–30 → 0, 31–90 → 1, …, >365 → 4.
std::size_t aging_bucket(std::int64_t days_overdue);

// "R2026-000123"; parse gives the year and sequence number (any prefix of letters/digits/'-').
std::string receipt_number(std::string_view prefix, int year, std::int64_t seq);
struct ReceiptNo {
  int year = 0;
  std::int64_t seq = 0;
};
std::optional<ReceiptNo> parse_receipt(std::string_view text);

// part / whole as a percentage with two decimals, rounded half-up: "92.31%"; "-" when whole = 0.
std::string percent(Fen part, Fen whole);
// part / whole as a number with four decimals, rounded half-up (12/13 → 0.9231), as JSON gives a
// rate beside its numerator and denominator; nullopt when whole = 0. percent() of the same pair
// is the same figure, for people.
std::optional<Fixed> ratio(Fen part, Fen whole);
// An amount in Chinese capital numerals for receipts (大写): 128050 → "壹仟贰佰捌拾元伍角整".
std::string yuan_in_capitals(Fen fen);

// A summary report (the ledger by method, aging, the collection rate): its rows and the figures of
// the whole apart, so that the rows add up to the total and nothing is counted twice. JSON prints
// {"schema", the `about` keys, "rows", "total"}; tables and CSV, for people, end with the total as
// a row (svc(1) FORMATS). Rates are numbers (ratio) beside their numerator and denominator.
struct Summary {
  std::vector<std::pair<std::string, Value>> about;  // keys of the whole report: period, as_of, …
  std::vector<Value> rows;
  Value total = Value::object();
};

// ---- records ---------------------------------------------------------------------------------

struct Bill {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::string unit;  // code
  std::string item;
  std::string period;
  std::string source;
  Fen amount = 0;
  Fen paid = 0;
  std::string due_on;
  std::string status;  // open | paid | void
  std::string basis;
  std::optional<std::int64_t> waiver_id;
  Timestamp created_at = 0;
  std::optional<Timestamp> voided_at;
  std::optional<std::string> void_reason;
};

struct Allocation {
  std::int64_t bill = 0;
  std::string item;
  std::string period;
  Fen amount = 0;
  Timestamp at = 0;
  std::optional<Timestamp> reversed_at;
};

struct Payment {
  std::int64_t id = 0;
  std::string receipt;
  std::int64_t unit_id = 0;
  std::string unit;
  Fen amount = 0;
  std::string method;
  Fen credit = 0;
  Timestamp paid_at = 0;
  std::optional<std::string> payer, note;
  std::string received_by;
  std::optional<Timestamp> voided_at;
  std::optional<std::string> void_reason;
  std::vector<Allocation> allocations;  // active ones, or (void) the reversed ones
  std::optional<std::string> ref;       // the payment's own reference (bank/WeChat transaction)
  bool repeat = false;                  // pay: this ref was recorded before; nothing new was taken
};

struct Hold {
  std::int64_t id = 0;
  std::string unit;
  std::string reason;
  std::string until;  // YYYY-MM-DD, inclusive
  std::string created_by;
  Timestamp created_at = 0;
};

// Everything a fee operation needs from its command: who, when, and the audit entry.
// Every change takes the operation context (src/svc/op.hpp); each checks its policy role.
using svc::Op;

// ---- items and bills -------------------------------------------------------------------------

// `fee items`: one row per policy fee item (code, name, basis, rate_fen, cycle, due, meter,
// applies_to, status_factor text).
std::vector<Value> items(const Policy& policy);

// A bill by id ("12" or "B12"); exit 66 when absent.
Bill get_bill(db::Database& db, std::string_view id);
struct BillFilter {
  std::optional<std::string> unit, period, item, status;
};
std::vector<Bill> bills(db::Database& db, const BillFilter& filter);
// The same for `fee bills`, the filter checked first: a period that is not a month, or an item
// neither in the policy nor on any bill, exits 64; an unknown unit 66.
std::vector<Bill> list_bills(db::Database& db, const Policy& policy, const BillFilter& filter);

// (done, total) while billing; the CLI draws a progress bar from it on a terminal.
using Progress = std::function<void(std::size_t done, std::size_t total)>;

struct BillRequest {
  std::string period;               // "YYYY-MM", checked here (exit 64)
  std::optional<std::string> item;  // only this fee item
  bool dry_run = false;
  Progress progress;
};
struct BillSummaryRow {
  std::string item;
  std::int64_t created = 0, existing = 0;
  Fen amount = 0;  // of the bills created (or that would be)
};
struct BillResult {
  std::vector<BillSummaryRow> by_item;
  std::int64_t created = 0, existing = 0, charges = 0;
  Fen amount = 0;
  Fen credit_applied = 0;
  std::vector<std::string> skipped;  // items not billed by `fee bill` this period, and why
};
// One bill per unit and periodic item (area, unit) for the period, plus the pending charges of
// paid repairs (domain-rules 1.7) as bills of their item; idempotent; then prepaid credit is
// applied to the new bills. Meter items are billed by import_meters.
BillResult bill_period(Op& c, const BillRequest& request);

// `fee cancel BILL --reason`: an open bill with nothing paid becomes void.
Bill cancel_bill(Op& c, std::string_view id, std::string_view reason);

// ---- meters ----------------------------------------------------------------------------------

struct MeterResult {
  std::int64_t readings = 0, baselines = 0, resets = 0, bills = 0;
  Fen amount = 0;
  std::vector<Value> rows;  // every reading imported: unit, meter, reading, read_on, usage, amount_fen, flag
};
// CSV unit,meter,reading,read_on: all rows checked first (every problem reported at once),
// nothing written unless all are good. Usage is from the previous reading of that meter; a lower
// reading is refused unless `reset` (a new meter counting from zero; the caller checks the role);
// entrusted homes above fee.entrusted_meter_limits are flagged (domain-rules 3.3).
MeterResult import_meters(Op& c, std::string_view utf8_text, std::string_view source_name, bool reset,
                          bool dry_run);
struct ReadingFilter {
  std::optional<std::string> unit;
  bool flagged_only = false;
};
std::vector<Value> readings(db::Database& db, const ReadingFilter& filter);

// ---- payments --------------------------------------------------------------------------------

struct PayRequest {
  std::string unit;
  std::string amount;  // yuan text, checked here
  std::string method;
  std::optional<std::string> payer, note, period;
  std::vector<std::string> bills;  // ids the payer names, paid first
  // The transaction reference (idempotency key): the same method and ref again returns the first
  // receipt instead of taking a second payment.
  std::optional<std::string> ref;
};
// Takes a payment: the next receipt number of the year (inside the caller's BEGIN IMMEDIATE
// transaction, so gapless), allocation in policy order, late fees of bills it settles, and any
// rest kept as prepaid credit.
Payment pay(Op& c, const PayRequest& request);
// Reverses a payment's allocations (bills reopen), voids the late fees it posted, keeps the
// number. Exit 65 when already void.
Payment void_payment(Op& c, std::string_view receipt, std::string_view reason);
// A receipt by its number (R2026-000123), or by its sequence in `this_year` as the desk says it:
// 123, R123, 000123 (issue 18). Exit 64 for neither, 66 for no such receipt.
Payment get_payment(db::Database& db, std::string_view receipt, std::optional<int> this_year = std::nullopt);
// The printable receipt (`fee receipt R --format html`): item names, amounts, capitals (大写).
render::Receipt receipt_document(db::Database& db, const Policy& policy, const Payment& p);
// The name people read for an item code: the policy's name, 滞纳金 for late fees, and the
// report rows "total" and "arrears_recovered".
std::string item_name(const Policy& policy, std::string_view code);
// Payments taken on a local date (收费台帐), voided ones included, in receipt order.
std::vector<Payment> payments_on(db::Database& db, Date day);
// The ledger's totals by method: rows (method, payments, amount_fen; voided receipts left out) and
// their total (payments, amount_fen).
Summary ledger_by_method(const std::vector<Payment>& payments);

// ---- late-fee waivers and dunning holds --------------------------------------------------------

// Every open bill of the unit accrues no late fee from now on, and its unpaid late-fee bills
// are cancelled. Returns the number of bills waived.
std::int64_t waive(Op& c, std::string_view unit, std::string_view reason);

Hold hold(Op& c, std::string_view unit, std::string_view until, std::string_view reason);
Hold lift_hold(Op& c, std::string_view unit);
// The hold in force for a unit on a local date, if any: consumed by `svc fee remind`.
std::optional<Hold> active_hold(db::Database& db, std::int64_t unit_id, Date today);
std::vector<Hold> active_holds(db::Database& db, Date today);

// ---- reports (as of any moment) -----------------------------------------------------------------

// A unit's account as of `at`: bills and payments that existed then, credit, balance, the
// late fees accrued on open bills, and the hold in force.
Value statement(db::Database& db, const Policy& policy, std::string_view unit, Timestamp at);

struct ArrearsRow {
  std::string unit, owner;
  std::optional<std::string> contact;  // the tenant of a rented home (domain-rules 3.6)
  std::string status;
  Fen amount = 0;                      // unpaid on bills past their due date
  std::string oldest_due_on;
  std::int64_t days_overdue = 0;
  std::int64_t bills = 0;
  Fen late_fee = 0;                    // accrued, not yet billed
  std::optional<std::string> hold_until;
  std::optional<std::string> stage;    // of the last reminder `svc fee remind` planned for these arrears
  std::vector<Fen> aging;              // per kAgingBuckets
};
std::vector<ArrearsRow> arrears(db::Database& db, const Policy& policy, Timestamp at, std::int64_t min_days);
Value to_value(const ArrearsRow& r);
// The aging summary: one row per bucket (bucket, units, amount_fen, share = amount_fen / the
// total's amount_fen) and the total (units: accounts in arrears, each counted once; amount_fen;
// share 1, or null when nothing is owed).
Summary aging(const std::vector<ArrearsRow>& rows);

// 收缴率 for a period's bills as of `at`: per item bills, billed_fen, collected_fen,
// outstanding_fen and rate (collected / billed), the same for the total, and (about) the period
// and arrears_recovered_fen: the arrears of earlier periods recovered during the period.
Summary collection_rate(db::Database& db, std::string_view period, Timestamp at, int utc_offset);

// ---- invariants and values -------------------------------------------------------------------

// For `svc db check`: paid = allocations for every bill; amount = allocations + credit for every
// payment; receipts gapless per year; no active allocation to a void bill. Empty = healthy.
std::vector<std::string> check(db::Database& db);

Value to_value(const Bill& b);
Value to_value(const Payment& p, int utc_offset);
Value to_value(const Hold& h, int utc_offset);
// A summary as JSON: {"schema": render::kJsonSchema, the about keys, "rows": [...], "total": {...}}.
Value to_value(const Summary& s);

}  // namespace svc::fee
