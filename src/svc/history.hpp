// The event history of a record (ticket, complaint): every step in order, for `show`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/value.hpp"

namespace svc::history {

struct Event {
  std::int64_t id = 0;
  std::string subject;
  Timestamp at = 0;
  std::string actor, kind;
  std::optional<std::string> from_status, to_status;
  std::string detail;
};

void record(db::Database& db, audit::Entry& entry, const Event& e);
std::vector<Event> of(db::Database& db, const std::string& subject);
// JSON objects {at, actor, kind, from, to, detail} with ISO times.
Value to_value(const std::vector<Event>& events, int utc_offset);

}  // namespace svc::history
