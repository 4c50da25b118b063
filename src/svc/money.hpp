// Money is integer fen (分), never floating point; rates are integer parts per million.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace svc {

using Fen = std::int64_t;
using Ppm = std::int64_t;  // parts per million: 0.70 → 700000, 0.0003 → 300

// Yuan text → fen, exactly: "12", "12.5", "12.50", "0.01", "1234567.89"; a leading '-' only if
// allow_negative. Rejected (nullopt, reason in `why`): empty, more than two decimals, '+',
// exponents, spaces, thousands separators, full-width digits, "." alone, overflow.
std::optional<Fen> parse_yuan(std::string_view text, bool allow_negative = false,
                              std::string* why = nullptr);
// Fen → "1234.50", "-0.01".
std::string format_yuan(Fen fen);

// Decimal rate text → ppm: "0.70", "1", "0.0003"; at most 6 decimals, not negative.
std::optional<Ppm> parse_rate(std::string_view text, std::string* why = nullptr);
std::string format_rate(Ppm ppm);  // 700000 → "0.70", 300 → "0.0003" (at least two decimals)

// amount × rate, rounded half-up to the fen (half away from zero for negatives).
Fen apply_rate(Fen amount, Ppm rate);
// Area in hundredths of m² × a per-m² rate in fen, rounded half-up once: 89.37 m² × 2.50 =
// 223.425 → 22343 fen.
Fen area_charge(std::int64_t area_centi_m2, Fen rate_fen);
// The same scaled by a factor (an entrusted home's 70%, domain-rules 3.3), still rounded once:
// 89.37 m² × 2.50 × 0.70 = 156.3975 → 15640 fen. Also meter usage (hundredths) × a unit rate.
Fen area_charge(std::int64_t area_centi_m2, Fen rate_fen, Ppm factor);
// Area text "89.37" → 8937 hundredths of m² (at most two decimals, positive).
std::optional<std::int64_t> parse_area(std::string_view text, std::string* why = nullptr);
std::string format_area(std::int64_t centi_m2);  // 8937 → "89.37"

}  // namespace svc
