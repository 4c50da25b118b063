// `svc find TEXT`: one search over what a caller is asked about at the desk — unit codes, owner
// and tenant names, the last digits of a phone, the texts of tickets and complaints, receipts.
// A query per kind; phones are matched by their digits but shown masked unless revealed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/value.hpp"

namespace svc::find {

// What a hit is, in the order a list shows them: units first, then records newest first.
inline const std::vector<std::string> kKinds = {"unit", "ticket", "complaint", "receipt"};

// The least a search needs: 3 display columns (3 letters or digits, or 2 Chinese characters);
// a phone is matched from its last 4 digits.
inline constexpr int kMinWidth = 3;
inline constexpr std::size_t kMinPhoneDigits = 4;

struct Query {
  std::string text;                   // NFKC-normalised and trimmed: １-１-１０１ → 1-1-101
  std::optional<std::string> digits;  // the text as the end of a phone (4+ digits; spaces, '-' dropped)
};
// Exit 64 naming the text when it is shorter than kMinWidth once normalised.
Query parse(std::string_view text);

struct Hit {
  std::string kind;                   // kKinds
  std::string ref;                    // 1-1-102, T12, C7, R2026-000001
  std::optional<std::string> unit;    // its unit's code (none for a public-facility ticket)
  std::optional<std::string> status;  // the record's status; a receipt: valid or void
  std::string matched;                // the field that matched: code, owner_name, owner_phone, description, …
  std::string summary;                // for people: the names, the problem, the subject, the amount
  std::optional<std::string> phone;   // masked unless revealed: the phone that matched, or the first one
  std::optional<Timestamp> at;        // created, received or paid; none for a unit
};

struct Found {
  std::vector<Hit> hits;
  bool more = false;  // more matched than `limit`
};
// Units first (an exact code, then in natural order), then tickets, complaints and receipts
// newest first; at most `limit` (0 = all).
Found search(db::Database& db, const Query& q, int limit, bool reveal);

Value to_value(const Hit& h, int utc_offset);

}  // namespace svc::find
