// Database administration: init, integrity check, online backup and statistics.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/policy.hpp"

namespace svc::admin {

struct InitResult {
  bool created = false;          // false: an svc database was already there, nothing changed
  std::vector<std::string> migrations;
  std::string admin_login;
};

// Creates the folder and the database file (mode 0660), applies the migrations, records the site
// and the first staff member (os_login, role admin) with one audit entry. On an existing svc
// database it changes nothing. A foreign or newer file is refused (exit 65). `committed` is the
// write path's Scope::committed.
InitResult init(const std::filesystem::path& path, const Policy& policy, const std::string& site_name,
                const std::string& os_login, const std::string& command_line, Timestamp now,
                const std::function<void()>& committed = {});

struct CheckResult {
  std::vector<std::string> problems;  // empty = healthy
  std::int64_t audit_entries = 0;
};
// PRAGMA integrity_check, foreign_key_check and svc's own invariants (units, staff, audit chain).
CheckResult check(db::Database& db, const Policy& policy);

// Online backup to `dest` (SQLite backup API, safe while others write); refuses to overwrite.
void backup(db::Database& db, const std::filesystem::path& dest);

struct TableCount {
  std::string table;
  std::int64_t rows;
};
struct Stats {
  std::filesystem::path path;
  std::int64_t file_bytes = 0;
  std::int64_t wal_bytes = 0;
  int schema_version = 0;
  std::string site_name;
  std::vector<TableCount> tables;
};
Stats stats(db::Database& db);

}  // namespace svc::admin
