// Schema migrations: application_id marks a file as svc's; user_version is the schema version.
#pragma once

#include <string>
#include <vector>

#include "svc/db.hpp"

namespace svc::db {

// PRAGMA application_id of every svc database ("SVC1").
inline constexpr int kApplicationId = 0x53564331;

// The newest schema version this binary knows (the highest NNN of schema/NNN_*.sql).
int latest_schema_version();
int schema_version(Database& db);

// Checks that the file is an svc database (or empty), refusing a foreign file (exit 65) or a
// schema newer than this binary (exit 65, "upgrade svc"), then applies the missing migrations,
// each in its own IMMEDIATE transaction. Returns the names of the migrations applied.
std::vector<std::string> migrate(Database& db);

// True when the file has no tables and no application_id (a fresh file).
bool is_empty(Database& db);

}  // namespace svc::db
