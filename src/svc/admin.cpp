// Database administration: init (create + first admin), check, backup and stats.
#include "svc/admin.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "svc/audit.hpp"
#include "svc/error.hpp"
#include "svc/op.hpp"
#include "svc/fee.hpp"
#include "svc/migrate.hpp"

namespace svc::admin {
namespace {

// Create the file ourselves with mode 0660 so SQLite does not pick the umask's default.
void create_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), ec)) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) fail(Exit::cant_create, "cannot create folder '{}': {}", path.parent_path().string(), ec.message());
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
  if (fd < 0) {
    if (errno == EEXIST) return;
    fail(Exit::cant_create, "cannot create database '{}': {}", path.string(), std::strerror(errno));
  }
  ::fchmod(fd, 0660);  // umask may have removed group write; the office shares the file
  ::close(fd);
}

}  // namespace

InitResult init(const std::filesystem::path& path, const Policy& policy, const std::string& site_name,
                const std::string& os_login, const std::string& command_line, Timestamp now,
                const std::function<void()>& committed) {
  InitResult result;
  std::error_code ec;
  const bool existed = std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0;
  if (!existed) create_file(path);
  auto db = db::Database::open(path, db::Database::Mode::read_write);
  if (existed && !db::is_empty(db)) {
    // migrate() refuses foreign and newer files; an svc file is left as it is but brought up to
    // the current schema.
    result.migrations = db::migrate(db);
    if (db.scalar("SELECT count(*) FROM site") > 0) return result;
  } else {
    result.migrations = db::migrate(db);
  }

  if (os_login.empty()) fail(Exit::no_perm, "cannot tell who you are (no OS login name)");
  // The first admin acts before their staff row exists: it is written by this very change.
  staff::Actor first;
  first.staff.login = os_login;
  first.staff.role = "admin";
  first.rank = role_rank(policy, "admin");
  write(Scope{db, policy, first, now, command_line, committed}, Change{"init", "site"}, [&](Op& op) {
    auto site = db.prepare("INSERT INTO site (id, name, utc_offset, created_at) VALUES (1, :name, :off, :now)");
    site.bind(":name", site_name).bind(":off", policy.site.utc_offset).bind(":now", now).run();
    op.entry.after(db, "site", 1);
    auto staff = db.prepare(
        "INSERT INTO staff (login, name, role, phone, active, created_at, updated_at) "
        "VALUES (:login, :login, 'admin', NULL, 1, :now, :now)");
    staff.bind(":login", os_login).bind(":now", now).run();
    op.entry.after(db, "staff", db.last_insert_id());
  });
  result.created = true;
  result.admin_login = os_login;
  return result;
}

CheckResult check(db::Database& db, const Policy& policy) {
  // Everything below reads one state of the file (see audit::verify): no false alarms while the
  // front desk writes.
  db::ReadSnapshot snapshot(db);
  CheckResult r;
  {
    auto st = db.prepare("PRAGMA integrity_check");
    while (st.step()) {
      const std::string line = st.text(0);
      if (line != "ok") r.problems.push_back(fmt::format(fmt::runtime(tr("integrity: {}")), line));
    }
  }
  {
    auto st = db.prepare("PRAGMA foreign_key_check");
    while (st.step())
      r.problems.push_back(fmt::format(fmt::runtime(tr("foreign key: {} row {} points to a missing {} row")),
                                       st.text(0), st.integer(1), st.text(2)));
  }
  // svc invariants: roles known to the policy, at least one active admin, site row present.
  {
    auto st = db.prepare("SELECT login, role FROM staff ORDER BY login");
    while (st.step())
      if (!is_known_role(policy, st.text(1)))
        r.problems.push_back(fmt::format(fmt::runtime(tr("staff '{}' has role '{}', which the policy does not define")),
                                         st.text(0), st.text(1)));
  }
  if (db.scalar("SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1") == 0)
    r.problems.push_back(std::string(tr("no active admin: nobody can manage staff")));
  if (db.scalar("SELECT count(*) FROM site") != 1)
    r.problems.push_back(std::string(tr("the site row is missing (run 'svc init')")));
  for (auto& p : fee::check(db)) r.problems.push_back(std::move(p));  // domain-rules 3.4, 3.8
  const auto v = audit::verify(db);
  r.audit_entries = v.entries;
  for (const auto& p : v.problems) r.problems.push_back(fmt::format(fmt::runtime(tr("audit: {}")), p.what));
  return r;
}

void backup(db::Database& db, const std::filesystem::path& dest) {
  // SQLite opens "" and ":memory:" as a private database of its own that vanishes on close: a
  // backup into it would report success and keep nothing.
  if (dest.empty() || dest == ":memory:")
    fail(Exit::usage, "FILE '{}' is not a file name: name the backup file to create", dest.string());
  std::error_code ec;
  if (std::filesystem::exists(dest, ec))
    fail(Exit::cant_create, "'{}' already exists; refusing to overwrite it", dest.string());
  sqlite3* out = nullptr;
  int rc = sqlite3_open_v2(dest.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, db::DbCloser> guard(out);
  if (rc != SQLITE_OK)
    fail(Exit::cant_create, "cannot create backup '{}': {}", dest.string(), sqlite3_errstr(rc));
  sqlite3_backup* b = sqlite3_backup_init(out, "main", db.handle(), "main");
  if (!b) fail(Exit::cant_create, "cannot start the backup: {}", sqlite3_errmsg(out));
  // Copy in steps so writers are not blocked for the whole copy; a write by another connection
  // restarts the copy, which is what keeps the backup consistent.
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    guard.reset();
    std::filesystem::remove(dest, ec);
    fail(Exit::io_error, "backup to '{}' failed: {}", dest.string(), sqlite3_errstr(rc));
  }
  ::chmod(dest.c_str(), 0660);
}

Stats stats(db::Database& db) {
  Stats s;
  s.path = db.path();
  std::error_code ec;
  s.file_bytes = static_cast<std::int64_t>(std::filesystem::file_size(db.path(), ec));
  auto wal = db.path();
  wal += "-wal";
  const auto wal_size = std::filesystem::file_size(wal, ec);
  s.wal_bytes = ec ? 0 : static_cast<std::int64_t>(wal_size);
  s.schema_version = db::schema_version(db);
  auto st = db.prepare("SELECT name FROM site WHERE id = 1");
  if (st.step()) s.site_name = st.text(0);
  auto tables = db.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  while (tables.step()) {
    const std::string name = tables.text(0);
    // name comes from sqlite_schema, not from the user.
    s.tables.push_back({name, db.scalar(fmt::format("SELECT count(*) FROM \"{}\"", name))});
  }
  return s;
}

}  // namespace svc::admin
