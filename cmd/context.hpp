// CLI context: the global options, the invocation (args, env, streams) and the Session that
// opens the policy, database and acting staff member on first use.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/render/render.hpp"
#include "svc/staff.hpp"

namespace CLI {
class App;
}

namespace svc::cmd {

// Everything run() needs from the outside world, so tests can drive it in-process.
struct Invocation {
  std::vector<std::string> args;                 // argv without argv[0]
  std::map<std::string, std::string> env;        // the environment
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool stdin_is_tty = false;
  bool stdout_is_tty = false;
  bool stderr_is_tty = false;                    // progress bars only on a terminal
  int terminal_width = 0;
  std::string os_login;                          // the OS user running svc
  std::optional<std::string> env_get(const std::string& name) const;
};

// Global options (cli.md "Conventions"), bound by app.cpp.
struct Globals {
  std::string db, policy, as, format, lang, now, color = "auto";
  bool json = false, csv = false, md = false, html = false, quiet = false, reveal = false, bom = false;
};

class Session {
 public:
  Session(const Invocation& inv, const Globals& g);
  ~Session();

  const Invocation& invocation() const { return inv_; }
  // A person at a terminal: standard input and standard error are both terminals, so what is
  // missing may be asked for; never a script, a pipe or cron.
  bool interactive() const { return inv_.stdin_is_tty && inv_.stderr_is_tty && inv_.in; }
  const Globals& globals() const { return g_; }

  // Policy resolution: --policy > SVC_POLICY > ./svc.toml > $XDG_CONFIG_HOME/svc/policy.toml >
  // /etc/svc/policy.toml > built-in.
  std::optional<std::filesystem::path> policy_path();
  const Policy& policy();
  // Database resolution: --db > SVC_DB > the policy's database > ./svc.db.
  std::filesystem::path db_path();
  // Opens (and migrates) an existing database; exit 66 when there is none.
  db::Database& db();
  bool has_db();
  // --now > SVC_NOW > the system clock. Parsed at the site offset.
  const Clock& clock();
  Timestamp now() { return clock().now(); }
  // After a change is committed (Scope::committed): when the clock was set by --now or SVC_NOW,
  // one line on stderr saying the change is recorded at that time — a warning about data, so
  // -q does not silence it; once per command. Dry runs and reads commit nothing and say nothing.
  void committed();
  int utc_offset() { return policy().site.utc_offset; }
  const staff::Actor& actor();
  // Whether phones are shown in full: --reveal and the policy's reveal_phone role.
  bool reveal();

  std::ostream& out() { return *inv_.out; }
  std::ostream& err() { return *inv_.err; }
  // A note for people on stderr; suppressed by -q.
  void note(std::string_view text);

  render::Format format();
  render::Options render_options();
  // Columns a table may fill: 0 when stdout is not a terminal (full width); else COLUMNS when set,
  // else the terminal's width (80 if it cannot be read).
  int terminal_width() const;
  void print_list(const std::vector<render::Column>& columns, const std::vector<Value>& rows);
  void print_record(const std::vector<render::Column>& columns, const Value& record);

  // Who acts, where and when, for the core's operations and the write path.
  Scope scope();
  // A mutating command: the one write path (src/svc/op.hpp) with this session's scope.
  // `deliver` prints the result; it runs before the commit, and the write is rolled back when
  // standard output cannot be written (a non-zero exit means nothing changed).
  template <class Fn, class Deliver>
  auto write(const Change& change, Fn&& fn, Deliver&& deliver) {
    return svc::write(scope(), change, std::forward<Fn>(fn), [&](const auto&... result) {
      deliver(result...);
      deliver_output();
    });
  }
  template <class Fn>
  auto write(const Change& change, Fn&& fn) {
    return write(change, std::forward<Fn>(fn), [](const auto&...) {});
  }
  std::string command_line() const;

  // Reads a file argument ("-" = stdin) as bytes; exit 66 when it cannot be read.
  std::string read_input(const std::string& path);
  // Flushes stdout; exit 74 when it could not be written.
  void deliver_output();

 private:
  const Invocation& inv_;
  Globals g_;
  std::optional<std::optional<std::filesystem::path>> policy_path_;
  std::unique_ptr<Policy> policy_;
  std::unique_ptr<db::Database> db_;
  std::optional<Clock> clock_;
  std::string clock_origin_;  // "--now" or "SVC_NOW" when the clock is set; empty for the system's
  bool clock_noted_ = false;
  std::optional<staff::Actor> actor_;
  std::optional<std::map<std::string, std::string>> staff_names_;
};

// What a parsed command does, chosen by its CLI11 callback and run after parsing.
using Action = std::function<void(Session&)>;

// What a verb needs, declared once in the command table (commands.hpp verb()).
struct Needs {
  bool identity = true;  // an active staff member must be acting (exit 77 otherwise)
  bool writes = false;   // it changes data: through the write path, one audit entry
};
inline constexpr Needs kReads{true, false};    // lists, shows, reports
inline constexpr Needs kWrites{true, true};    // every mutating command
inline constexpr Needs kFree{false, false};    // help, version, policy check: no database identity
inline constexpr Needs kSetup{false, true};    // init: writes, and creates the first identity

struct Context {
  Globals globals;
  Action action;
  std::map<const CLI::App*, Needs> needs;  // the command table: every verb's declaration
  // Exit status for a command that wants one other than 0 (e.g. --fail-if-any).
  int status = 0;
};

// Runs svc with the given invocation; returns the process exit status.
int run(const Invocation& inv);

}  // namespace svc::cmd
