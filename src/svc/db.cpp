// SQLite access: opening with the house pragmas, statements, IMMEDIATE transactions and the
// translation of SQLite errors into svc::Error exit codes.
#include "svc/db.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>

#include "svc/error.hpp"

namespace svc::db {

namespace {
constexpr int kBusyTimeoutMs = 10000;  // ≥ 5 s: a cron run and a front-desk write may overlap
}

void DbCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void StmtFinalizer::operator()(sqlite3_stmt* st) const noexcept { sqlite3_finalize(st); }

namespace {

// Why a database cannot be written or opened, in terms the person can act on: the folder (where
// SQLite creates the -wal and -shm files), the file itself, or a -wal/-shm file left unwritable.
std::string write_cause(sqlite3* db) {
  const char* name = db ? sqlite3_db_filename(db, "main") : nullptr;
  if (!name || !*name) return {};
  const std::filesystem::path file(name);
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  auto unwritable = [](const std::filesystem::path& p) { return ::access(p.c_str(), F_OK) == 0 && ::access(p.c_str(), W_OK) != 0; };
  if (unwritable(dir))
    return fmt::format(fmt::runtime(tr("the folder '{}' is not writable by you (SQLite keeps its -wal and -shm files "
                                       "there)")),
                       dir.string());
  if (unwritable(file)) return fmt::format(fmt::runtime(tr("'{}' is not writable by you")), file.string());
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::filesystem::path side(file.string() + suffix);
    if (unwritable(side))
      return fmt::format(fmt::runtime(tr("'{}' is not writable by you: fix its owner and mode (group svc, 0660), or "
                                         "remove it while nobody uses svc")),
                         side.string());
  }
  return {};
}

}  // namespace

void throw_sqlite(sqlite3* db, int rc, std::string_view what) {
  const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string detail = fmt::format("{}: {}", what, msg);
  if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_PERM)
    if (const std::string cause = write_cause(db); !cause.empty())
      fail((rc & 0xff) == SQLITE_CANTOPEN ? Exit::cant_create : Exit::no_perm, "cannot write the database: {} ({})",
           cause, detail);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      fail(Exit::temp_fail, "database is busy, try again ({})", detail);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      fail(Exit::no_perm, "database is read-only or not permitted ({})", detail);
    case SQLITE_IOERR:
    case SQLITE_FULL: {
      // What the system said (no space left on device, file too large) is the cause to name.
      const int err = db ? sqlite3_system_errno(db) : 0;
      if ((rc & 0xff) == SQLITE_FULL || err == ENOSPC) fail(Exit::io_error, "the disk is full ({})", detail);
      if (err != 0) fail(Exit::io_error, "database I/O error: {} ({})", std::strerror(err), detail);
      fail(Exit::io_error, "database I/O error ({})", detail);
    }
    case SQLITE_CANTOPEN:
      fail(Exit::cant_create, "cannot open the database ({})", detail);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      fail(Exit::data_error, "not a valid database file ({})", detail);
    case SQLITE_CONSTRAINT:
      fail(Exit::data_error, "data rejected by a database rule ({})", detail);
    default:
      fail(Exit::software, "database error ({})", detail);
  }
}

Database::Database(sqlite3* db, std::filesystem::path path)
    : db_(db), cache_(std::make_unique<std::unordered_map<std::string, Statement>>()), path_(std::move(path)) {}

Statement& Database::cached(std::string_view sql) {
  auto it = cache_->find(std::string(sql));
  if (it == cache_->end()) it = cache_->emplace(std::string(sql), prepare(sql)).first;
  it->second.reset();
  return it->second;
}

Database Database::open(const std::filesystem::path& path, Mode mode) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) {
    if ((rc & 0xff) == SQLITE_CANTOPEN && mode == Mode::read_write)
      fail(Exit::no_input, "database '{}' does not exist (create it with 'svc init')", path.string());
    throw_sqlite(raw, rc, path.string());
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  db.exec("PRAGMA foreign_keys=ON");
  // WAL lets readers (reports) run while the front desk writes; FULL because this is money.
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  // The log stays between commands: closing does not checkpoint it into the file and delete it
  // (three more syncs on every command, issue 19); SQLite checkpoints it as it grows
  // (wal_autocheckpoint, 1000 pages). Durability is unchanged: every commit is synced to the log.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  return db;
}

Database Database::memory() {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database db(raw, ":memory:");
  if (rc != SQLITE_OK) throw_sqlite(raw, rc, ":memory:");
  sqlite3_extended_result_codes(raw, 1);
  db.exec("PRAGMA foreign_keys=ON");
  return db;
}

Statement Database::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  const int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &st, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db_.get(), rc, "prepare");
  return Statement(db_.get(), st);
}

void Database::exec(std::string_view sql) {
  const std::string s(sql);
  const int rc = sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db_.get(), rc, "exec");
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
int Database::changes() const { return sqlite3_changes(db_.get()); }
bool Database::in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

void require_transaction(const Database& db, std::string_view what) {
  if (!db.in_transaction())
    fail(Exit::software, "internal error: {} must run inside the command's transaction", what);
}

std::int64_t Database::scalar(std::string_view sql) {
  auto st = prepare(sql);
  if (!st.step()) return 0;
  return st.integer(0);
}

int Statement::index(std::string_view name) const {
  const std::string n(name);
  const int i = sqlite3_bind_parameter_index(st_.get(), n.c_str());
  if (i == 0) fail(Exit::software, "no SQL parameter named '{}'", n);
  return i;
}

Statement& Statement::bind(std::string_view name, std::int64_t v) {
  const int rc = sqlite3_bind_int64(st_.get(), index(name), v);
  if (rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(std::string_view name, std::string_view v) {
  const int rc = sqlite3_bind_text(st_.get(), index(name), v.data(), static_cast<int>(v.size()),
                                   SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(std::string_view name, std::nullptr_t) {
  const int rc = sqlite3_bind_null(st_.get(), index(name));
  if (rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(st_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite(db_, rc, "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(st_.get());
  sqlite3_clear_bindings(st_.get());
}

bool Statement::is_null(int col) const { return sqlite3_column_type(st_.get(), col) == SQLITE_NULL; }
bool Statement::is_integer(int col) const {
  return sqlite3_column_type(st_.get(), col) == SQLITE_INTEGER;
}
std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(st_.get(), col); }
std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_.get(), col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_.get(), col)));
}
std::optional<std::int64_t> Statement::opt_integer(int col) const {
  if (is_null(col)) return std::nullopt;
  return integer(col);
}
std::optional<std::string> Statement::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
int Statement::column_count() const { return sqlite3_column_count(st_.get()); }
std::string Statement::column_name(int col) const { return sqlite3_column_name(st_.get(), col); }

int Statement::column(std::string_view name) const {
  if (!columns_) {
    columns_ = std::make_unique<std::unordered_map<std::string, int>>();
    for (int c = 0; c < column_count(); ++c) columns_->emplace(column_name(c), c);
  }
  auto it = columns_->find(std::string(name));
  if (it == columns_->end()) fail(Exit::software, "internal error: no result column named '{}'", name);
  return it->second;
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

ReadSnapshot::ReadSnapshot(Database& db) : db_(db) {
  if (db_.in_transaction()) return;
  db_.exec("BEGIN");
  owner_ = true;
}

ReadSnapshot::~ReadSnapshot() {
  if (owner_) sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

void Transaction::rollback() {
  if (done_) return;
  done_ = true;
  db_.exec("ROLLBACK");
}

}  // namespace svc::db
