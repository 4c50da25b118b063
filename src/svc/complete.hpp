// What shell completion offers (`svc __complete KIND [ARG]`): record ids from the database and
// the value sets of options — from the policy (categories, routes, fee items, roles) and from the
// same lists the core validates against (statuses, methods, channels, severities). Codes only:
// what is typed stays what scripts type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/policy.hpp"

namespace svc::complete {

// Every kind `candidates` knows, for tests and the generated scripts.
const std::vector<std::string>& kinds();
// Whether a kind reads the database (record ids, staff) rather than the policy and the code.
bool needs_database(std::string_view kind);

// The candidates of `kind`, best first where order matters (open records newest first). `arg` is
// the staff kind's role or action ("technician", "take_complaint"; empty: every active member).
// nullopt for a kind that is not known. Record kinds need `db`; without one they offer nothing.
std::optional<std::vector<std::string>> candidates(std::string_view kind, const std::string& arg, const Policy& policy,
                                                   db::Database* db, Timestamp now);

}  // namespace svc::complete
