// Fee rules without a database: periods, due dates, status factors, allocation order, late fees,
// aging, receipt numbers and amounts in Chinese capitals (domain-rules 3).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "svc/fee.hpp"

namespace svc::fee {
namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  for (char ch : s) v = v * 10 + (ch - '0');
  return v;
}

Date add_days(Date d, std::int64_t n) { return civil_from_days(days_from_civil(d) + n); }

}  // namespace

std::optional<Period> parse_period(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || !digits(text.substr(0, 4)) || !digits(text.substr(5)))
    return std::nullopt;
  Period p{to_int(text.substr(0, 4)), to_int(text.substr(5))};
  if (p.year < 1970 || p.month < 1 || p.month > 12) return std::nullopt;
  return p;
}

std::string format_period(Period p) { return fmt::format("{:04}-{:02}", p.year, p.month); }
Period period_of(Date d) { return {d.year, d.month}; }
Date first_day(Period p) { return {p.year, p.month, 1}; }
Date last_day(Period p) { return {p.year, p.month, days_in_month(p.year, p.month)}; }

bool billed_in(FeeCycle cycle, Period p) {
  switch (cycle) {
    case FeeCycle::month: return true;
    case FeeCycle::quarter: return p.month % 3 == 1;
    case FeeCycle::year: return p.month == 1;
  }
  return true;
}

Date due_date(const FeeItem& item, Period period, Date posted) {
  if (item.due_within) {
    const Duration& d = *item.due_within;
    switch (d.unit) {
      case Duration::Unit::seconds: return add_days(posted, (d.count + 86399) / 86400);
      case Duration::Unit::days: return add_days(posted, d.count);
      case Duration::Unit::weeks: return add_days(posted, 7 * d.count);
      case Duration::Unit::months: return add_months(posted, static_cast<int>(d.count));
      case Duration::Unit::years: return add_months(posted, static_cast<int>(12 * d.count));
      case Duration::Unit::same_day: return posted;
    }
  }
  const int day = item.due_day.value_or(1);
  Date due{period.year, period.month, day};
  if (due < posted) due = add_months(due, 1);
  return due;
}

Ppm status_factor(const Policy& policy, const FeeItem& item, std::string_view status) {
  constexpr Ppm kWhole = 1'000'000;
  if (item.basis != FeeBasis::area) return kWhole;
  auto it = policy.fee.status_factor.find(std::string(status));
  return it == policy.fee.status_factor.end() ? kWhole : it->second;
}

Fen periodic_amount(const FeeItem& item, std::int64_t area_centi, Ppm factor) {
  if (item.basis == FeeBasis::area) return area_charge(area_centi, item.rate, factor);
  if (item.basis == FeeBasis::unit) return apply_rate(item.rate, factor);
  return 0;
}

std::vector<OpenBill> allocation_order(const FeePolicy& policy, std::vector<OpenBill> bills,
                                       const std::vector<std::int64_t>& first) {
  auto priority = [&](const std::string& item) {
    const auto& p = policy.item_priority;
    return static_cast<std::size_t>(std::find(p.begin(), p.end(), item) - p.begin());
  };
  auto named = [&](std::int64_t id) {
    return static_cast<std::size_t>(std::find(first.begin(), first.end(), id) - first.begin());
  };
  const bool by_item = policy.allocation == svc::Allocation::by_item_priority;
  std::stable_sort(bills.begin(), bills.end(), [&](const OpenBill& a, const OpenBill& b) {
    if (named(a.id) != named(b.id)) return named(a.id) < named(b.id);
    const auto pa = priority(a.item), pb = priority(b.item);
    if (by_item && pa != pb) return pa < pb;
    if (a.due_on != b.due_on) return a.due_on < b.due_on;
    if (pa != pb) return pa < pb;
    return a.id < b.id;
  });
  return bills;
}

std::vector<Share> allocate(Fen amount, const std::vector<OpenBill>& ordered, Fen* left) {
  std::vector<Share> out;
  for (const auto& b : ordered) {
    if (amount <= 0) break;
    const Fen share = std::min(amount, b.outstanding);
    if (share <= 0) continue;
    out.push_back({b.id, share});
    amount -= share;
  }
  if (left) *left = amount;
  return out;
}

Fen late_fee(Fen amount, Date due_on, std::vector<Paid> paid, Date until, Ppm per_day, Ppm cap) {
  if (per_day <= 0 || until <= due_on) return 0;
  std::stable_sort(paid.begin(), paid.end(), [](const Paid& a, const Paid& b) { return a.on < b.on; });
  const std::int64_t end = days_from_civil(until);
  std::int64_t day = days_from_civil(due_on) + 1;  // the first late day
  Fen unpaid = amount;
  Fen fen_days = 0;  // Σ unpaid × days: rounded once, at the end
  for (const auto& p : paid) {
    const std::int64_t on = days_from_civil(p.on);
    if (on >= day && day <= end) {
      const std::int64_t last = std::min(on, end);  // the day of a payment still counts in full
      fen_days += std::max<Fen>(unpaid, 0) * (last - day + 1);
      day = last + 1;
    }
    unpaid -= p.amount;
  }
  if (day <= end) fen_days += std::max<Fen>(unpaid, 0) * (end - day + 1);
  Fen fee = apply_rate(fen_days, per_day);
  if (cap > 0) fee = std::min(fee, apply_rate(amount, cap));
  return fee;
}

std::size_t aging_bucket(std::int64_t days_overdue) {
  if (days_overdue <= 30) return 0;
  if (days_overdue <= 90) return 1;
  if (days_overdue <= 180) return 2;
  if (days_overdue <= 365) return 3;
  return 4;
}

std::string receipt_number(std::string_view prefix, int year, std::int64_t seq) {
  return fmt::format("{}{:04}-{:06}", prefix, year, seq);
}

std::optional<ReceiptNo> parse_receipt(std::string_view text) {
  const auto dash = text.rfind('-');
  if (dash == std::string_view::npos || dash < 4) return std::nullopt;
  const auto year = text.substr(dash - 4, 4);
  const auto seq = text.substr(dash + 1);
  if (!digits(year) || !digits(seq) || seq.size() > 12) return std::nullopt;
  for (char ch : text.substr(0, dash - 4))
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
      return std::nullopt;
  ReceiptNo r{to_int(year), 0};
  for (char ch : seq) r.seq = r.seq * 10 + (ch - '0');
  if (r.seq <= 0) return std::nullopt;
  return r;
}

std::string percent(Fen part, Fen whole) {
  if (whole <= 0) return "-";
  // Hundredths of a percent, half-up: 12/13 → 92.31%.
  const Fen hundredths = (part * 20000 / whole + 1) / 2;
  return fmt::format("{}.{:02}%", hundredths / 100, hundredths % 100);
}

std::optional<Fixed> ratio(Fen part, Fen whole) {
  if (whole <= 0) return std::nullopt;
  // Ten-thousandths, half-up, as percent(): 12/13 → 0.9231.
  return Fixed{(part * 20000 / whole + 1) / 2, 4};
}

std::string yuan_in_capitals(Fen fen) {
  static constexpr std::array<std::string_view, 10> kDigit = {"零", "壹", "贰", "叁", "肆",
                                                               "伍", "陆", "柒", "捌", "玖"};
  static constexpr std::array<std::string_view, 4> kPlace = {"", "拾", "佰", "仟"};
  static constexpr std::array<std::string_view, 3> kGroup = {"", "万", "亿"};
  std::string out = fen < 0 ? "负" : "";
  const Fen magnitude = fen < 0 ? -fen : fen;
  const Fen yuan = magnitude / 100;
  const int jiao = static_cast<int>(magnitude / 10 % 10), fen_digit = static_cast<int>(magnitude % 10);
  // Groups of four digits (个, 万, 亿), highest first; one 零 for any run of zeros between digits.
  std::string whole;
  bool zero_pending = false;
  for (int g = 2; g >= 0; --g) {
    Fen div = 1;
    for (int i = 0; i < g; ++i) div *= 10000;
    const Fen group = yuan / div % 10000;  // amounts stay below 10^11 yuan (money.cpp)
    if (group == 0) {
      if (!whole.empty()) zero_pending = true;
      continue;
    }
    for (int place = 3; place >= 0; --place) {
      Fen p10 = 1;
      for (int i = 0; i < place; ++i) p10 *= 10;
      const auto d = static_cast<std::size_t>(group / p10 % 10);
      if (d == 0) {
        if (!whole.empty()) zero_pending = true;
        continue;
      }
      if (zero_pending) whole += kDigit[0];
      zero_pending = false;
      whole += kDigit[d];
      whole += kPlace[static_cast<std::size_t>(place)];
    }
    whole += kGroup[static_cast<std::size_t>(g)];
  }
  if (!whole.empty()) out += whole + "元";
  if (jiao == 0 && fen_digit == 0) return out + (whole.empty() ? "零元整" : "整");
  if (jiao > 0) out += std::string(kDigit[static_cast<std::size_t>(jiao)]) + "角";
  else if (!whole.empty()) out += kDigit[0];
  if (fen_digit > 0) out += std::string(kDigit[static_cast<std::size_t>(fen_digit)]) + "分";
  else out += "整";
  return out;
}

}  // namespace svc::fee
