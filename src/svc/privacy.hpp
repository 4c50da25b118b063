// Customer privacy (domain-rules 12: data kept confidential): phone validation and masking.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace svc {

// A phone number as typed: digits with optional '+', '-' or spaces; 7 to 15 digits. Returns the
// normalised text (spaces removed) or nullopt.
std::optional<std::string> normalize_phone(std::string_view text);

// The number a --phone option gives: nullopt for empty text (none given, or cleared), else the
// normalised number; exit 64 naming the value otherwise.
std::optional<std::string> phone_option(const std::string& text);

// 13812345678 → 138****5678: all digits but the first three and the last four become '*'.
std::string mask_phone(std::string_view phone);

// Every run of 7 or more digits in a text masked as a phone ("13812345678@sms.example.com").
std::string mask_phone_digits(std::string_view text);

}  // namespace svc
