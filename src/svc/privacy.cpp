// Phone validation and masking: staff see 138****5678 unless their role may reveal numbers.
#include "svc/privacy.hpp"

#include "svc/error.hpp"

namespace svc {

std::optional<std::string> phone_option(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto phone = normalize_phone(text);
  if (!phone)
    fail(Exit::usage, "--phone '{}' is not a phone number (allowed: 7-15 digits, optionally with '+' and '-')", text);
  return phone;
}

std::optional<std::string> normalize_phone(std::string_view text) {
  std::string out;
  int digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      out.push_back(c);
      ++digits;
    } else if (c == '+' && out.empty()) {
      out.push_back(c);
    } else if (c == '-' && !out.empty() && out.back() != '-') {
      out.push_back(c);
    } else if (c == ' ') {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (digits < 7 || digits > 15 || out.back() == '-') return std::nullopt;
  return out;
}

std::string mask_phone(std::string_view phone) {
  int total = 0;
  for (char c : phone) total += (c >= '0' && c <= '9') ? 1 : 0;
  std::string out;
  int seen = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++seen;
      out.push_back(seen <= 3 || seen > total - 4 ? c : '*');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string mask_phone_digits(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j == i) {
      out += text[i++];
      continue;
    }
    out += j - i >= 7 ? mask_phone(text.substr(i, j - i)) : std::string(text.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace svc
