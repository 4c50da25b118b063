// One screen for a household (`svc unit show`): the unit's record and what a clerk on the phone
// needs beside it — its open repairs and complaints, what it owes and since when, the last
// reminder, the last callback or visit rating, its open violations. Each section is read by the
// module that owns it, in one query (or a few for a whole list), never one per row.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/money.hpp"
#include "svc/policy.hpp"
#include "svc/value.hpp"

namespace svc::household {

struct Household {
  Value unit;                                  // unit::to_value
  std::vector<Value> open_tickets;             // not closed or cancelled, as `ticket list` shows them
  std::vector<Value> open_complaints;          // open, or resolved and not yet closed
  Fen balance = 0;                             // fee::statement's balance_fen: billed − paid − credit
  std::optional<std::string> oldest_unpaid;    // the period of the oldest bill not fully paid
  std::optional<Value> last_reminder;          // dunning::to_value of the newest reminder
  std::optional<Value> last_rating;            // visit::to_value of the newest rated callback or visit
  std::vector<Value> open_violations;          // violation::to_values
};

// Exit 66 for an unknown unit. Phones (the unit's, the records', a reminder's recipient) are
// masked unless `reveal`.
Household read(db::Database& db, const Policy& policy, std::string_view code, Timestamp now, bool reveal);

// The unit object with the sections as more keys (its own keys unchanged): open_tickets,
// open_complaints, open_violations (arrays), balance_fen, oldest_unpaid_period, last_reminder and
// last_rating (objects or null).
Value to_value(const Household& h);

}  // namespace svc::household
