// SQLite access: RAII Database, Statement and Transaction over sqlite3 (Chromium sql:: style).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace svc::db {

struct DbCloser {
  void operator()(sqlite3* db) const noexcept;
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* st) const noexcept;
};

class Statement {
 public:
  // Named parameters (":unit") and positional (1-based) binding; chainable.
  Statement& bind(std::string_view name, std::int64_t v);
  Statement& bind(std::string_view name, int v) { return bind(name, static_cast<std::int64_t>(v)); }
  Statement& bind(std::string_view name, std::string_view v);
  Statement& bind(std::string_view name, const char* v) { return bind(name, std::string_view(v)); }
  Statement& bind(std::string_view name, const std::string& v) { return bind(name, std::string_view(v)); }
  Statement& bind(std::string_view name, std::nullptr_t);
  template <class T>
  Statement& bind(std::string_view name, const std::optional<T>& v) {
    return v ? bind(name, *v) : bind(name, nullptr);
  }

  // True while there is a row.
  bool step();
  // For statements without rows: steps to completion.
  void run();
  void reset();

  bool is_null(int col) const;
  bool is_integer(int col) const;
  std::int64_t integer(int col) const;
  std::string text(int col) const;
  std::optional<std::int64_t> opt_integer(int col) const;
  std::optional<std::string> opt_text(int col) const;
  int column_count() const;
  std::string column_name(int col) const;
  // The result column called `name` (its AS alias, or the column's own name); exit 70 when the
  // statement has none. Looked up once per statement, so rows are read by name, not position.
  int column(std::string_view name) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  int index(std::string_view name) const;
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> st_;
  mutable std::unique_ptr<std::unordered_map<std::string, int>> columns_;
};

class Database {
 public:
  enum class Mode { read_write, create };

  // Opens (or with Mode::create creates) the file and sets the per-connection pragmas: extended
  // result codes, busy timeout, foreign_keys=ON, journal_mode=WAL, synchronous=FULL.
  static Database open(const std::filesystem::path& path, Mode mode = Mode::read_write);
  // A private in-memory database (tests).
  static Database memory();

  Statement prepare(std::string_view sql);
  // A statement prepared once per connection and reused (hot paths: imports, audit snapshots);
  // returned reset, with its bindings cleared. Do not hold two uses of the same SQL at once.
  Statement& cached(std::string_view sql);
  // Runs one or more statements without parameters (DDL, pragmas).
  void exec(std::string_view sql);
  std::int64_t last_insert_id() const;
  int changes() const;
  // Whether a transaction is open on this connection (SQLite's autocommit is off).
  bool in_transaction() const;
  // Integer result of a single-value query without parameters (PRAGMA user_version, COUNT(*)).
  std::int64_t scalar(std::string_view sql);

  sqlite3* handle() const { return db_.get(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  Database(sqlite3* db, std::filesystem::path path);
  std::unique_ptr<sqlite3, DbCloser> db_;
  // Declared after db_, so destroyed first: statements are finalized before the connection closes.
  std::unique_ptr<std::unordered_map<std::string, Statement>> cache_;
  std::filesystem::path path_;
};



// BEGIN IMMEDIATE … COMMIT; the destructor rolls back an uncommitted transaction. IMMEDIATE takes
// the write lock up front so a busy database waits (busy_timeout) instead of failing on upgrade.
// Only the write path (src/svc/op.cpp) and the schema migrations open one; code that numbers or
// allocates calls require_transaction() to prove it runs inside it.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();
  void rollback();

 private:
  Database& db_;
  bool done_ = false;
};

// A read of many statements that must see one state of the file (verify, check, reports): BEGIN
// (deferred) … COMMIT, so commits made meanwhile by other processes are either wholly seen or not
// at all. Inside an open transaction (a write, or an outer snapshot) it does nothing.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& db_;
  bool owner_ = false;
};

// Exit 70 unless a transaction is open: `what` (receipt numbering, a reminder's state, an audited
// change) must be part of the command's one transaction, never autocommitted on its own.
void require_transaction(const Database& db, std::string_view what);

// Translates a SQLite result code into svc::Error with the right exit status (busy → 75,
// read-only → 77, I/O or full → 74, constraint → 65, otherwise 70).
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view what);

}  // namespace svc::db
