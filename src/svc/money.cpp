// Money: exact yuan/rate/area text ⇄ integers and half-up rounding, with no floating point.
#include "svc/money.hpp"

#include <fmt/format.h>

#include "svc/error.hpp"
#include "svc/i18n.hpp"

namespace svc {
namespace {

constexpr std::int64_t kMaxFen = 10'000'000'000'000;     // ±10^13 fen = ±10^11 yuan
constexpr std::int64_t kMaxCentiM2 = 1'000'000'000;      // 10^7 m², far beyond any estate
constexpr std::int64_t kMaxRatePpm = 1'000'000'000'000;  // a rate of 10^6; real ones are ≤ 1
constexpr std::int64_t kPpm = 1'000'000;

// 128-bit intermediates: amount × rate can exceed int64 long before the result does.
__extension__ typedef __int128 i128;

template <class T>
std::optional<T> reject(std::string* why, std::string_view reason) {
  if (why) *why = std::string(tr(reason));
  return std::nullopt;
}

// U+FF10..U+FF19 (０..９) are EF BC 90..99 in UTF-8; a Chinese IME produces them easily.
bool has_full_width_digit(std::string_view s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b2 = static_cast<unsigned char>(s[i + 2]);
    if (s[i] == '\xEF' && s[i + 1] == '\xBC' && b2 >= 0x90 && b2 <= 0x99) return true;
  }
  return false;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "123" or "123.4567": whole part and fraction digits scaled to `scale` decimals. Specific
// reasons first (people type "1,000" and "1e3"), the generic one last.
struct Decimal {
  std::int64_t whole = 0;
  std::int64_t frac = 0;  // already scaled to `scale` digits
};

std::optional<Decimal> parse_decimal(std::string_view text, int scale, std::int64_t max_whole,
                                     std::string_view generic, std::string_view too_many_decimals,
                                     std::string_view too_large, std::string* why) {
  if (text.empty()) return reject<Decimal>(why, "empty value");
  if (has_full_width_digit(text))
    return reject<Decimal>(why, "full-width digits are not allowed, use 0-9");
  for (char c : text) {
    if (c == ' ' || c == '\t') return reject<Decimal>(why, "spaces are not allowed");
    if (c == ',')
      return reject<Decimal>(why, "thousands separators are not allowed, write 1000 not 1,000");
    if (c == 'e' || c == 'E')
      return reject<Decimal>(why, "exponents are not allowed, write the digits out");
    if (c == '+') return reject<Decimal>(why, "a '+' sign is not allowed");
  }
  Decimal out;
  std::size_t i = 0;
  const std::size_t whole_start = i;
  while (i < text.size() && is_digit(text[i])) {
    out.whole = out.whole * 10 + (text[i] - '0');
    if (out.whole > max_whole) return reject<Decimal>(why, too_large);
    ++i;
  }
  if (i == whole_start) return reject<Decimal>(why, generic);
  if (i == text.size()) return out;
  if (text[i] != '.') return reject<Decimal>(why, generic);
  ++i;
  const std::size_t frac_start = i;
  int digits = 0;
  while (i < text.size() && is_digit(text[i])) {
    if (++digits > scale) return reject<Decimal>(why, too_many_decimals);
    out.frac = out.frac * 10 + (text[i] - '0');
    ++i;
  }
  if (i == frac_start || i != text.size()) return reject<Decimal>(why, generic);
  for (int k = digits; k < scale; ++k) out.frac *= 10;
  return out;
}

// q = n / d rounded half away from zero; d > 0.
i128 div_round_half_up(i128 n, i128 d) {
  const i128 a = n < 0 ? -n : n;
  const i128 q = (a + d / 2) / d;
  return n < 0 ? -q : q;
}

Fen to_fen(i128 v) {
  if (v > INT64_MAX || v < INT64_MIN) fail(Exit::data_error, "amount out of range");
  return static_cast<Fen>(v);
}

// "1234.50" style for a non-negative magnitude with `scale` decimals.
std::string format_scaled(std::int64_t value, std::int64_t unit, int decimals) {
  const bool neg = value < 0;
  // Through unsigned so that INT64_MIN does not overflow on negation.
  const std::uint64_t mag =
      neg ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  const auto u = static_cast<std::uint64_t>(unit);
  return fmt::format("{}{}.{:0{}}", neg ? "-" : "", mag / u, mag % u, decimals);
}

}  // namespace

std::optional<Fen> parse_yuan(std::string_view text, bool allow_negative, std::string* why) {
  bool neg = false;
  if (!text.empty() && text.front() == '-') {
    if (!allow_negative) return reject<Fen>(why, "negative amounts are not allowed here");
    neg = true;
    text.remove_prefix(1);
  }
  auto dec =
      parse_decimal(text, 2, kMaxFen / 100, "expected an amount in yuan like 12, 12.5 or 12.50",
                    "at most two decimals (fen) are allowed", "amount too large", why);
  if (!dec) return std::nullopt;
  const std::int64_t fen = dec->whole * 100 + dec->frac;
  if (fen > kMaxFen) return reject<Fen>(why, "amount too large");
  return neg ? -fen : fen;
}

std::string format_yuan(Fen fen) { return format_scaled(fen, 100, 2); }

std::optional<Ppm> parse_rate(std::string_view text, std::string* why) {
  if (!text.empty() && text.front() == '-') return reject<Ppm>(why, "a rate cannot be negative");
  auto dec = parse_decimal(text, 6, kMaxRatePpm / kPpm, "expected a rate like 0.70 or 0.0003",
                           "at most six decimals are allowed in a rate", "rate too large", why);
  if (!dec) return std::nullopt;
  return dec->whole * kPpm + dec->frac;
}

std::string format_rate(Ppm ppm) {
  std::string s = format_scaled(ppm, kPpm, 6);
  // Trim to at least two decimals: 0.700000 → 0.70, 0.000300 → 0.0003.
  const std::size_t dot = s.find('.');
  while (s.size() > dot + 3 && s.back() == '0') s.pop_back();
  return s;
}

Fen apply_rate(Fen amount, Ppm rate) {
  return to_fen(div_round_half_up(static_cast<i128>(amount) * rate, kPpm));
}

Fen area_charge(std::int64_t area_centi_m2, Fen rate_fen) {
  // One rounding at the end: rounding the area or an intermediate would lose fen on big units.
  return to_fen(div_round_half_up(static_cast<i128>(area_centi_m2) * rate_fen, 100));
}

Fen area_charge(std::int64_t area_centi_m2, Fen rate_fen, Ppm factor) {
  return to_fen(div_round_half_up(static_cast<i128>(area_centi_m2) * rate_fen * factor, 100 * kPpm));
}

std::optional<std::int64_t> parse_area(std::string_view text, std::string* why) {
  if (!text.empty() && text.front() == '-')
    return reject<std::int64_t>(why, "an area must be positive");
  auto dec = parse_decimal(text, 2, kMaxCentiM2 / 100, "expected an area in m² like 89.37",
                           "at most two decimals are allowed in an area", "area too large", why);
  if (!dec) return std::nullopt;
  const std::int64_t centi = dec->whole * 100 + dec->frac;
  if (centi == 0) return reject<std::int64_t>(why, "an area must be positive");
  if (centi > kMaxCentiM2) return reject<std::int64_t>(why, "area too large");
  return centi;
}

std::string format_area(std::int64_t centi_m2) { return format_scaled(centi_m2, 100, 2); }

}  // namespace svc
