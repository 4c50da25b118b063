// In-process CLI harness: runs svc's run() against a temp database with a fixed clock and
// captures exit status, stdout and stderr; digests the database to prove "nothing changed".
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "context.hpp"
#include "svc/render/render.hpp"
#include "svc/sha256.hpp"
#include "svc/value.hpp"

namespace svc::test {

struct Result {
  int code = -1;
  std::string out, err;
};

class Cli {
 public:
  explicit Cli(bool init = true) {
    char tmpl[] = "/tmp/svc-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    env_["SVC_DB"] = (dir_ / "svc.db").string();
    env_["SVC_NOW"] = "2026-11-23T09:00";
    env_["SVC_LANG"] = "en";
    env_["HOME"] = dir_.string();
    env_["XDG_CONFIG_HOME"] = (dir_ / "config").string();
    if (init) {
      auto r = run({"init"});
      REQUIRE_MESSAGE(r.code == 0, r.err);
    }
  }
  ~Cli() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Cli(const Cli&) = delete;
  Cli& operator=(const Cli&) = delete;

  Result run(std::vector<std::string> args, const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream out, err;
    cmd::Invocation inv;
    inv.args = std::move(args);
    inv.env = env_;
    inv.in = &in;
    inv.out = &out;
    inv.err = &err;
    inv.os_login = os_login;
    inv.stdout_is_tty = terminal_width > 0;
    inv.stdin_is_tty = inv.stderr_is_tty = interactive;
    inv.terminal_width = terminal_width;
    Result r;
    r.code = cmd::run(inv);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  void set_env(const std::string& k, const std::string& v) { env_[k] = v; }
  void unset_env(const std::string& k) { env_.erase(k); }
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }
  std::filesystem::path db_path() const { return dir_ / "svc.db"; }

  std::string write(const std::string& name, const std::string& content) {
    std::ofstream f(dir_ / name, std::ios::binary);
    f << content;
    return (dir_ / name).string();
  }

  // Every row of every table, hashed: equal digests mean the database did not change.
  std::string digest() const {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    std::string all;
    std::vector<std::string> tables;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    for (const auto& t : tables) {
      sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\" ORDER BY rowid").c_str(), -1, &st, nullptr);
      while (sqlite3_step(st) == SQLITE_ROW) {
        all += t + ":";
        for (int c = 0; c < sqlite3_column_count(st); ++c) {
          const auto* txt = sqlite3_column_text(st, c);
          all += txt ? reinterpret_cast<const char*>(txt) : "<null>";
          all += '|';
        }
        all += '\n';
      }
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return sha256_hex(all);
  }

  // Runs raw SQL against the file, as an admin with the sqlite3 tool would.
  void sql(const std::string& statement) const {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path().c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    char* errmsg = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &errmsg);
    const std::string msg = errmsg ? errmsg : "";
    sqlite3_free(errmsg);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, msg);
  }

  std::string os_login = "root";
  // > 0: stdout is a terminal this many columns wide (colour follows NO_COLOR, as on a terminal).
  int terminal_width = 0;
  // true: standard input and standard error are a person's terminal (`input` is what is typed).
  bool interactive = false;

 private:
  std::filesystem::path dir_;
  std::map<std::string, std::string> env_;
};

// The example estate and staff from examples/.
inline std::string example(const std::string& name) {
  std::ifstream f(std::string(SVC_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Runs and requires exit 0; returns stdout.
inline std::string run_ok(Cli& c, std::vector<std::string> args, const std::string& input = "") {
  const auto r = c.run(std::move(args), input);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return r.out;
}

// Runs with --json, requires exit 0; returns the parsed output.
inline Value run_json(Cli& c, std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), "--json");
  return parse_json(run_ok(c, std::move(args), input));
}

// The example staff and estate (examples/staff.csv, units.csv) imported.
inline void seed_example(Cli& c) {
  run_ok(c, {"staff", "import", c.write("staff.csv", example("staff.csv"))});
  run_ok(c, {"unit", "import", c.write("units.csv", example("units.csv"))});
}

}  // namespace svc::test
