// Internals shared by the fee modules (fee.cpp, payment.cpp, fee_report.cpp); not for cmd/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "svc/fee.hpp"

namespace svc::fee::detail {

inline constexpr std::string_view kBillColumns =
    "b.id, b.unit_id, u.code, b.item, b.period, b.source, b.amount_fen, b.paid_fen, b.due_on, b.status, "
    "b.basis, b.waiver_id, b.created_at, b.voided_at, b.void_reason";
inline constexpr std::string_view kBillFrom = " FROM bill b JOIN unit u ON u.id = b.unit_id";
Bill read_bill(db::Statement& st);
// A bill as it stood at :at: paid from the allocations made (and not reversed) by then, void only
// if voided by then; read with read_bill_at ("open", "paid" or "void"). So a report of a past
// day, and dunning as of a past instant, see the ledger of that instant, not today's.
inline constexpr std::string_view kBillAtColumns =
    "b.id, b.unit_id, u.code, b.item, b.period, b.source, b.amount_fen, "
    "(SELECT coalesce(sum(a.amount_fen), 0) FROM allocation a WHERE a.bill_id = b.id AND a.created_at <= :at "
    "AND (a.reversed_at IS NULL OR a.reversed_at > :at)), b.due_on, "
    "CASE WHEN b.voided_at IS NOT NULL AND b.voided_at <= :at THEN 'void' ELSE 'live' END, b.basis, b.waiver_id, "
    "b.created_at, b.voided_at, b.void_reason";
inline constexpr std::string_view kBillAtFrom = " FROM bill b JOIN unit u ON u.id = b.unit_id WHERE b.created_at <= :at";
// The bills that may have been open at :at: open now, or changed since (paid, voided) — so a
// query of the open bills at an instant need not read every bill ever paid.
inline constexpr std::string_view kMaybeOpenAt =
    " AND (b.status = 'open' OR (b.voided_at IS NOT NULL AND b.voided_at > :at) OR EXISTS (SELECT 1 FROM allocation x "
    "WHERE x.bill_id = b.id AND (x.created_at > :at OR x.reversed_at > :at)))";
Bill read_bill_at(db::Statement& st);

Date today(const Policy& policy, Timestamp now);
Date date_of(std::string_view ymd);  // a stored YYYY-MM-DD
// A required free text (--reason): trimmed; exit 64 naming the option when empty.
std::string require_text(std::string_view option, std::string_view text);

struct NewBill {
  std::int64_t unit_id = 0;
  std::string item, period, source, due_on, basis;
  Fen amount = 0;
  std::optional<std::int64_t> payment_id;
};
std::int64_t insert_bill(Op& c, const NewBill& b);

// Spends up to `available` of a payment on the unit's open bills in policy order (`first` ids,
// then the bills of `period_first`, then the rest), posting the late fee of each overdue bill
// it settles. Returns what is left.
Fen spend(Op& c, std::int64_t payment_id, Fen available, std::int64_t unit_id,
          const std::vector<std::int64_t>& first = {});
// Uses the unit's prepaid credit (oldest payment first) on its open bills; returns the total used.
Fen apply_credit(Op& c, std::int64_t unit_id);

// The late fee a bill has accrued by `until` (0 for late-fee bills, waived bills, or no policy
// rate), from its allocations active at `at`.
Fen accrued_late_fee(db::Database& db, const Policy& policy, const Bill& bill, Date until, Timestamp at);

}  // namespace svc::fee::detail
