// Applies schema/NNN_*.sql (embedded at build time) in order, each in its own transaction.
#include "svc/migrate.hpp"

#include <charconv>

#include "svc/embedded.hpp"
#include "svc/error.hpp"

namespace svc::db {
namespace {

int version_of(std::string_view name) {
  int v = 0;
  std::from_chars(name.data(), name.data() + std::min<std::size_t>(3, name.size()), v);
  return v;
}

int application_id(Database& db) { return static_cast<int>(db.scalar("PRAGMA application_id")); }

}  // namespace

int latest_schema_version() {
  int latest = 0;
  for (const auto& m : embedded::migrations()) latest = std::max(latest, version_of(m.name));
  return latest;
}

int schema_version(Database& db) { return static_cast<int>(db.scalar("PRAGMA user_version")); }

bool is_empty(Database& db) {
  return application_id(db) == 0 && db.scalar("SELECT count(*) FROM sqlite_schema") == 0;
}

std::vector<std::string> migrate(Database& db) {
  const int app = application_id(db);
  if (app != kApplicationId && !(app == 0 && is_empty(db)))
    fail(Exit::data_error, "'{}' is not an svc database (application_id {}); refusing to touch it",
         db.path().string(), app);
  const int current = schema_version(db);
  const int latest = latest_schema_version();
  if (current > latest)
    fail(Exit::data_error,
         "database '{}' has schema version {}, newer than this svc understands ({}); upgrade svc",
         db.path().string(), current, latest);

  std::vector<std::string> applied;
  for (const auto& m : embedded::migrations()) {
    const int v = version_of(m.name);
    if (v <= current) continue;
    Transaction tx(db);
    // Re-check under the write lock: a concurrent process may have migrated meanwhile.
    if (schema_version(db) >= v) continue;
    try {
      db.exec(m.text);
    } catch (const Error& e) {
      // A migration that cannot run on a file that claims to need it: the file's user_version
      // does not match its tables (edited by hand, or a broken restore).
      if (e.code() != Exit::software) throw;
      fail(Exit::data_error,
           "database '{}' is inconsistent: its schema version is {} but migration {} does not apply ({}); "
           "restore a backup or ask for help",
           db.path().string(), current, m.name, e.what());
    }
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(v));
    tx.commit();
    applied.emplace_back(m.name);
  }
  return applied;
}

}  // namespace svc::db
