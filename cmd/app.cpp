// The root App: global options, parsing, running the chosen action with a Session, and mapping
// every outcome to an exit status (CLI11 parse errors → 64, svc::Error → its code).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "context.hpp"
#include "svc/alias.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/migrate.hpp"
#include "svc/strings.hpp"
#include "svc/text.hpp"
#include "svc/when.hpp"

namespace svc::cmd {

std::optional<std::string> Invocation::env_get(const std::string& name) const {
  auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

// --- Session -------------------------------------------------------------------------------

Session::Session(const Invocation& inv, const Globals& g) : inv_(inv), g_(g) {}
Session::~Session() = default;

std::optional<std::filesystem::path> Session::policy_path() {
  if (policy_path_) return *policy_path_;
  std::optional<std::filesystem::path> p;
  if (!g_.policy.empty()) {
    p = g_.policy;
  } else if (auto e = inv_.env_get("SVC_POLICY")) {
    p = *e;
  } else {
    std::vector<std::filesystem::path> candidates = {"svc.toml"};
    if (auto x = inv_.env_get("XDG_CONFIG_HOME"))
      candidates.emplace_back(std::filesystem::path(*x) / "svc" / "policy.toml");
    else if (auto h = inv_.env_get("HOME"))
      candidates.emplace_back(std::filesystem::path(*h) / ".config" / "svc" / "policy.toml");
    candidates.emplace_back("/etc/svc/policy.toml");
    for (const auto& c : candidates) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(c, ec)) {
        p = c;
        break;
      }
    }
  }
  policy_path_ = p;
  return p;
}

const Policy& Session::policy() {
  if (!policy_) policy_ = std::make_unique<Policy>(load_policy(policy_path()));
  return *policy_;
}

std::filesystem::path Session::db_path() {
  if (!g_.db.empty()) return g_.db;
  if (auto e = inv_.env_get("SVC_DB")) return *e;
  if (policy().site.database) return *policy().site.database;
  return "svc.db";
}

bool Session::has_db() {
  std::error_code ec;
  return db_ || std::filesystem::exists(db_path(), ec);
}

db::Database& Session::db() {
  if (!db_) {
    const auto path = db_path();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      fail(Exit::no_input, "no database at '{}' (create it with 'svc init', or give --db / SVC_DB)",
           path.string());
    // SQLite would take an empty file for a new database and a read command would migrate it:
    // an empty file where the database should be is a mistake to report, not to build on.
    if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0)
      fail(Exit::no_input, "'{}' is an empty file, not an svc database (create one with 'svc init', or give --db)",
           path.string());
    auto opened = db::Database::open(path);
    db::migrate(opened);
    db_ = std::make_unique<db::Database>(std::move(opened));
  }
  return *db_;
}

const Clock& Session::clock() {
  if (!clock_) {
    std::string text = g_.now;
    std::string origin = "--now";
    if (text.empty()) {
      if (auto e = inv_.env_get("SVC_NOW")) {
        text = *e;
        origin = "SVC_NOW";
      }
    }
    if (text.empty()) {
      clock_ = Clock::system();
    } else {
      auto t = parse_time(text, policy().site.utc_offset);
      if (!t)
        fail(Exit::usage, "{} '{}' is not a time (expected ISO-8601 such as 2026-11-22T09:15 or 2026-11-22T09:15:00+08:00)",
             origin, text);
      clock_ = Clock::fixed(*t);
      clock_origin_ = origin;
    }
  }
  return *clock_;
}

void Session::committed() {
  if (clock_origin_.empty() || clock_noted_) return;
  clock_noted_ = true;
  err() << "svc: " << tr("note") << ": "
        << fmt::format(fmt::runtime(tr("the clock is set to {} by {}; this change is recorded at that time")),
                       format_local(now(), utc_offset()), clock_origin_)
        << '\n';
}

const staff::Actor& Session::actor() {
  if (!actor_) {
    std::optional<std::string> requested;
    if (!g_.as.empty())
      requested = g_.as;
    else if (auto e = inv_.env_get("SVC_USER"))
      requested = *e;
    actor_ = staff::resolve_actor(db(), policy(), requested, inv_.os_login);
  }
  return *actor_;
}

bool Session::reveal() { return g_.reveal && staff::reveal_phones(policy(), actor(), true); }

void Session::note(std::string_view text) {
  if (!g_.quiet) err() << text << '\n';
}

render::Format Session::format() {
  if (g_.json) return render::Format::json;
  if (g_.csv) return render::Format::csv;
  if (g_.md) return render::Format::md;
  if (g_.html) return render::Format::html;
  if (g_.format.empty()) return render::Format::table;
  render::Format f;
  if (!render::parse_format(g_.format, f))
    fail(Exit::usage, "--format '{}' is not a format (allowed: table, json, csv, md, html)", g_.format);
  return f;
}

render::Options Session::render_options() {
  render::Options o;
  o.bom = g_.bom;
  const bool no_color = inv_.env_get("NO_COLOR").has_value();
  if (g_.color == "always")
    o.color = true;
  else if (g_.color == "never")
    o.color = false;
  else
    o.color = inv_.stdout_is_tty && !no_color;
  o.terminal_width = terminal_width();
  // People read names: one query for every staff member once the command has its database open
  // (never a query per row); scripts (json, csv) keep logins.
  const auto f = format();
  if (db_ && f != render::Format::json && f != render::Format::csv) {
    if (!staff_names_) staff_names_ = staff::display_names(*db_);
    o.staff_names = &*staff_names_;
  }
  return o;
}

int Session::terminal_width() const {
  if (!inv_.stdout_is_tty) return 0;
  // COLUMNS, when set, is the user's choice (as for ls and git); then the terminal's own size.
  if (const auto columns = inv_.env_get("COLUMNS")) {
    int n = 0;
    const auto [end, ec] = std::from_chars(columns->data(), columns->data() + columns->size(), n);
    if (ec == std::errc() && end == columns->data() + columns->size() && n > 0) return n;
  }
  return inv_.terminal_width > 0 ? inv_.terminal_width : 80;
}

void Session::print_list(const std::vector<render::Column>& columns, const std::vector<Value>& rows) {
  render::write_list(out(), format(), columns, rows, render_options());
}

void Session::print_record(const std::vector<render::Column>& columns, const Value& record) {
  render::write_record(out(), format(), columns, record, render_options());
}

std::string Session::command_line() const {
  std::string line = "svc";
  for (const auto& a : inv_.args) {
    const bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    line += ' ';
    line += plain ? a : "'" + a + "'";
  }
  return line;
}

Scope Session::scope() {
  return Scope{db(), policy(), actor(), now(), command_line(), [this] { committed(); },
               [this](std::string_view text) { note(text); }};
}

void Session::deliver_output() {
  out().flush();
  if (!out()) fail(Exit::io_error, "cannot write to standard output");
}

std::string Session::read_input(const std::string& path) {
  if (path == "-") {
    if (!inv_.in) fail(Exit::no_input, "no standard input");
    return std::string(std::istreambuf_iterator<char>(*inv_.in), std::istreambuf_iterator<char>());
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(Exit::no_input, "cannot read '{}': it is a folder, not a file", path);
  std::ifstream f(path, std::ios::binary);
  if (!f) fail(Exit::no_input, "cannot read '{}': {}", path, std::strerror(errno));
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// --- shared option helpers -------------------------------------------------------------------

CLI::Option* add_dry_run(CLI::App* sub, bool& flag) {
  return sub->add_flag("--dry-run", flag, std::string(tr("show what would change, change nothing")));
}

CLI::Option* add_fail_if_any(CLI::App* sub, bool& flag) {
  return sub->add_flag("--fail-if-any", flag, std::string(tr("exit 1 when the list is not empty (monitoring)")));
}

CLI::Validator value_set(std::string option, std::vector<std::string> codes) {
  return CLI::Validator(
      [option = std::move(option), codes = std::move(codes)](std::string& value) {
        value = alias::code(option, value, codes);
        return std::string();
      },
      "", "value set");
}

CLI::Option* add_encoding(CLI::App* sub, Encoding& encoding) {
  return sub
      ->add_option_function<std::string>(
          "--encoding", [&encoding](const std::string& name) { encoding = parse_encoding(name).value_or(Encoding::utf8); },
          std::string(tr("utf-8 (default), or gbk for Excel on Chinese Windows (also gb18030, cp936; read as GB18030)")))
      ->check(CLI::Validator(
          [](const std::string& name) {
            return parse_encoding(name) ? std::string()
                                        : fmt::format(fmt::runtime(tr("'{}' is not an encoding (allowed: {})")), name,
                                                      kEncodingNames);
          },
          "ENCODING"));
}

CLI::App* verb(CLI::App* parent, Context& ctx, std::string name, std::string_view help, Needs needs) {
  CLI::App* sub = parent->add_subcommand(std::move(name), std::string(help));
  sub->footer("");  // CLI11 copies the parent's footer: a verb shows its own examples, not the noun's too
  ctx.needs[sub] = needs;
  return sub;
}

void examples(CLI::App* sub, std::string_view lines) {
  const std::string before = sub->get_footer();
  sub->footer((before.empty() ? "" : before + "\n\n") + std::string(tr("Examples:")) + "\n" + std::string(lines));
}

// --- run -----------------------------------------------------------------------------------

namespace {

// --lang must be known before the App is built (its help texts are translated).
void choose_language(const Invocation& inv) {
  std::optional<Lang> lang;
  for (std::size_t i = 0; i < inv.args.size(); ++i) {
    const std::string& a = inv.args[i];
    if (a == "--lang" && i + 1 < inv.args.size()) lang = parse_lang(inv.args[i + 1]);
    else if (a.rfind("--lang=", 0) == 0) lang = parse_lang(a.substr(7));
  }
  if (!lang)
    for (const char* var : {"SVC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"})
      if (auto v = inv.env_get(var)) {
        lang = parse_lang(*v);
        if (lang) break;
      }
  set_lang(lang.value_or(Lang::zh));
}

void add_globals(CLI::App& app, Globals& g) {
  const std::string group = std::string(tr("Global options"));
  app.add_option("--db", g.db, std::string(tr("database file (env SVC_DB; default ./svc.db)")))->group(group);
  app.add_option("--policy", g.policy, std::string(tr("policy file (env SVC_POLICY)")))->group(group);
  app.add_option("--as", g.as, std::string(tr("act as this staff login (env SVC_USER)")))->group(group);
  app.add_option("--format", g.format, std::string(tr("output format: table, json, csv, md, html")))->group(group);
  app.add_flag("--json", g.json, std::string(tr("same as --format json")))->group(group);
  app.add_flag("--csv", g.csv, std::string(tr("same as --format csv")))->group(group);
  app.add_flag("--md", g.md, std::string(tr("same as --format md")))->group(group);
  app.add_flag("--html", g.html, std::string(tr("same as --format html")))->group(group);
  app.add_flag("--bom", g.bom, std::string(tr("csv: write a UTF-8 byte-order mark (Excel on Chinese Windows)")))->group(group);
  app.add_option("--lang", g.lang, std::string(tr("language: zh or en (env SVC_LANG, then LC_ALL, LC_MESSAGES, LANG)")))->group(group);
  app.add_option("--now", g.now, std::string(tr("pretend the clock reads this time, ISO-8601 (env SVC_NOW)")))->group(group);
  app.add_flag("-q,--quiet", g.quiet, std::string(tr("print nothing but data and errors")))->group(group);
  app.add_option("--color", g.color, std::string(tr("colour: auto, always, never (honours NO_COLOR)")))
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->group(group);
  app.add_flag("--reveal", g.reveal, std::string(tr("show full phone numbers (needs permission)")))->group(group);
}

void print_error(std::ostream& err, std::string_view message) {
  err << "svc: " << tr("error") << ": " << message << '\n';
}

// Name of the deepest selected subcommand path, e.g. "unit import", for "see --help" hints.
std::string selected_path(const CLI::App& app) {
  std::string path;
  const CLI::App* cur = &app;
  while (true) {
    auto subs = cur->get_subcommands();
    if (subs.empty()) break;
    cur = subs.front();
    path += (path.empty() ? "" : " ") + cur->get_name();
  }
  return path;
}

std::string after(std::string_view s, std::string_view marker) {
  const auto at = s.find(marker);
  return at == std::string_view::npos ? std::string() : std::string(s.substr(at + marker.size()));
}
std::string before(std::string_view s, std::string_view marker) {
  const auto at = s.find(marker);
  return std::string(s.substr(0, at == std::string_view::npos ? s.size() : at));
}

// Visible commands under one level (nouns, or a noun's verbs): not the hidden __complete.
std::vector<const CLI::App*> visible_commands(const CLI::App& level) {
  std::vector<const CLI::App*> out;
  for (const auto* sub : level.get_subcommands({}))
    if (!sub->get_group().empty() && sub->get_name().rfind("__", 0) != 0) out.push_back(sub);
  return out;
}

// A command word that names no command, and what it may have meant.
struct UnknownCommand {
  std::string path;                      // "desks", "ticket lst"
  std::string parent;                    // "svc", "svc ticket"
  std::vector<std::string> suggestions;  // "desk"; "list"
};

// What a mistyped command word may have meant: the names a few edits away (tiket → ticket), and
// for a word in Chinese, the commands whose description holds it (投诉 → complaint, 派工 → dispatch).
std::vector<std::string> command_suggestions(const CLI::App& level, const std::string& word) {
  std::vector<std::string> names;
  for (const auto* sub : visible_commands(level)) names.push_back(sub->get_name());
  auto out = text::closest(word, names);
  if (out.empty() && !std::all_of(word.begin(), word.end(), [](unsigned char c) { return c < 0x80; }))
    for (const auto* sub : visible_commands(level))
      if (sub->get_description().find(word) != std::string::npos && out.size() < 3) out.push_back(sub->get_name());
  return out;
}

// The first command word that names no command: "svc frob" or "svc unit frob". Words after a
// verb are its arguments and are not checked here.
std::optional<UnknownCommand> unknown_command(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* level = &app;
  std::string parent = "svc";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty()) continue;
    if (a == "--") return std::nullopt;
    if (a[0] == '-' && a.size() > 1) {
      // An option no level knows: the word after it may be its value, not a command.
      const CLI::Option* known = nullptr;
      for (const CLI::App* l = level; l && !known; l = l->get_parent()) known = l->get_option_no_throw(before(a, "="));
      if (!known) return std::nullopt;
      if (takes_value(known) && a.find('=') == std::string::npos) ++i;  // its value
      continue;
    }
    const auto subs = visible_commands(*level);
    if (subs.empty()) return std::nullopt;  // a verb's own arguments
    const CLI::App* next = nullptr;
    for (const auto* sub : level->get_subcommands({}))
      if (sub->check_name(a)) next = sub;  // or its short name (t, c …)
    if (!next)
      return UnknownCommand{level == &app ? a : level->get_name() + " " + a, parent, command_suggestions(*level, a)};
    parent += " " + next->get_name();
    level = next;
  }
  return std::nullopt;
}

std::string unknown_command_text(const UnknownCommand& u) {
  if (u.suggestions.empty())
    return fmt::format(fmt::runtime(tr("unknown command '{}' (see '{} --help')")), u.path, u.parent);
  std::vector<std::string> full;
  for (const auto& s : u.suggestions) full.push_back(u.parent + " " + s);
  return fmt::format(fmt::runtime(tr("unknown command '{}': did you mean '{}'?")), u.path,
                     join(full, std::string(tr("' or '"))));
}

// The deepest selected subcommand: the verb being run (nullptr when none was selected).
const CLI::App* selected_leaf(const CLI::App& app) {
  const CLI::App* cur = &app;
  while (true) {
    auto subs = cur->get_subcommands();
    if (subs.empty()) return cur == &app ? nullptr : cur;
    cur = subs.front();
  }
}

// A positional's placeholder (TICKET, UNIT, FILE) in the reader's language, as help shows it.
std::string placeholder(const std::string& name) {
  const bool upper = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
  return upper ? std::string(trc("placeholder", name)) : name;
}

// Every option name the command line may use at `leaf` (its own and the global ones above it).
std::vector<std::string> option_names_at(const CLI::App* leaf) {
  std::vector<std::string> names;
  for (const CLI::App* a = leaf; a; a = a->get_parent())
    for (const CLI::Option* opt : a->get_options()) {
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (const auto& sn : opt->get_snames()) names.push_back("-" + sn);
    }
  return names;
}

// CLI11's parse errors (every one CLI11 2.1 can raise while parsing: Error.hpp, App.hpp _parse_*,
// _process_requirements, _process_extras, Option::_validate_results) in svc's words and the
// reader's language, naming the option, the value and what is allowed: CLI11 says "--limit:
// Value -5 not in range 0.000000 to 1797693…" and "The following argument was not expected".
std::string parse_error_text(const CLI::ParseError& e, const CLI::App& app) {
  const std::string what = e.what();
  auto say = [](std::string_view format, auto&&... args) {
    return fmt::vformat(tr(format), fmt::make_format_args(args...));
  };
  const CLI::App* leaf = selected_leaf(app);
  if (dynamic_cast<const CLI::ValidationError*>(&e)) {
    const std::string option = placeholder(before(what, ": "));
    const std::string rest = after(what, ": ");
    if (rest.starts_with("Value ") && rest.find(" not in range ") != std::string::npos) {
      const std::string value = before(after(rest, "Value "), " not in range ");
      const std::string low = before(before(after(rest, " not in range "), " to "), ".");
      const std::string high = before(after(rest, " to "), ".");
      if (high.size() > 9) return say("{} '{}' is not allowed (allowed: a whole number from {} up)", option, value, low);
      return say("{} '{}' is not allowed (allowed: a whole number from {} to {})", option, value, low, high);
    }
    if (const auto set = rest.find(" not in {"); set != std::string::npos) {
      std::string list;
      for (char ch : rest.substr(set + 9))
        if (ch == ',') list += ", ";
        else if (ch != '}') list += ch;
      return say("{} '{}' is not allowed (allowed: {})", option, rest.substr(0, set), list);
    }
    // svc's own validators (--encoding) word the whole reason, starting with the value.
    if (rest.starts_with("'")) return option + " " + rest;
    return say("{}: the value is not allowed ({})", option, rest);
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e)) {
    if (what.find(": Should be true/false") != std::string::npos || what.find(": too many inputs for a flag") != std::string::npos)
      return say("{} takes no value", before(what, ":"));
    if (what.starts_with("The value ") && what.find(" is not an allowed value for ") != std::string::npos)
      return say("{} '{}' is not allowed", after(what, " is not an allowed value for "),
                 before(after(what, "The value "), " is not an allowed value for "));
    const std::string pair = after(what, "Could not convert: ");
    return say("{} '{}' is not a number", placeholder(before(pair, " = ")), after(pair, " = "));
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    const std::string option = placeholder(before(what, ":"));
    if (what.find(": At Most ") != std::string::npos) return say("{} is given more than once", option);
    if (what.find(": At least ") != std::string::npos)
      return say("{} needs at least {} values", option, before(after(what, ": At least "), " "));
    if (what.find(" was given a disallowed flag override") != std::string::npos)
      return say("{} takes no value", before(what, " was given"));
    if (what.starts_with("Expected "))
      return say("{} needs {} value(s)", before(after(what, " arguments to "), ", got"),
                 before(after(what, "Expected "), " arguments"));
    return say("{} needs a value", option);
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&e))
    return say("{} and {} cannot be given together", placeholder(before(what, " excludes ")),
               placeholder(after(what, " excludes ")));
  if (dynamic_cast<const CLI::RequiresError*>(&e))
    return say("{} needs {}", placeholder(before(what, " requires ")), placeholder(after(what, " requires ")));
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    if (what.starts_with("A subcommand") || what.find(" subcommands") != std::string::npos) {
      const CLI::App& level = leaf ? *leaf : app;
      std::vector<std::string> verbs;
      for (const auto* sub : visible_commands(level)) verbs.push_back(sub->get_name());
      return say("a verb is missing after '{}' (one of: {})", "svc" + (leaf ? " " + selected_path(app) : std::string()),
                 join(verbs, ", "));
    }
    if (const auto list = after(what, " option from ["); !list.empty())
      return say("give one of {}", before(list, "]"));
    return say("{} is required", placeholder(before(what, " is required")));
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    // CLI11 lists the extras last first; the first one typed is the one to name.
    const auto extras = app.remaining(true);
    if (!extras.empty() && extras.front().starts_with("-") && extras.front().size() > 1) {
      const std::string option = before(extras.front(), "=");
      const auto near = text::closest(option, option_names_at(leaf ? leaf : &app));
      if (!near.empty()) return say("unknown option '{}': did you mean {}?", option, join(near, std::string(tr(" or "))));
      return say("unknown option '{}'", option);
    }
    if (!extras.empty()) return say("unexpected argument '{}'", extras.front());
    return say("unexpected argument: {}", after(what, ": "));
  }
  return say("the command line cannot be read: {}", what);
}

// Options whose text may hold more than one line: descriptions, details, notes, resolutions.
const std::set<std::string>& multiline_options() {
  static const std::set<std::string> names = {"--desc", "--details", "--note", "--resolution", "--answer"};
  return names;
}

// Every value given to the verb and to the options above it is text as svc takes it: no control
// characters, a line break only where the field is more than one line, and not too long (65,
// naming the option and the limit) — checked once here for every command.
void check_arguments(const CLI::App& leaf) {
  for (const CLI::App* a = &leaf; a; a = a->get_parent())
    for (const CLI::Option* opt : a->get_options()) {
      const std::string name = opt->get_name();
      const auto lines = multiline_options().count(name) ? text::Lines::many : text::Lines::one;
      for (const auto& value : opt->results()) text::check(name, value, lines);
    }
}

// A type name of CLI11's help ("TEXT", "INT:NONNEGATIVE", "INT:INT in [1 - 5]", "TEXT:{a,b}",
// "TEXT:ENCODING") in the reader's words: 文本, 非负整数, 整数 1-5, {a,b}, 编码.
std::string type_label(const std::string& full) {
  std::vector<std::string> parts;
  for (std::size_t from = 0;;) {
    const auto colon = full.find(':', from);
    parts.push_back(full.substr(from, colon == std::string::npos ? std::string::npos : colon - from));
    if (colon == std::string::npos) break;
    from = colon + 1;
  }
  std::string base = parts.front();
  std::string suffix;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string& v = parts[i];
    if (v.starts_with("{")) return v;  // a set of allowed values says it all
    if (v == "NONNEGATIVE" && base == "INT") base = "UINT";
    else if (const auto in = v.find(" in ["); in != std::string::npos)
      suffix = " " + before(after(v, " in ["), " - ") + "-" + before(after(v, " - "), "]");
    else base = v;
  }
  return std::string(trc("type", base)) + suffix;
}

// CLI11's help in the reader's language: CLI11 writes its own English words (TEXT, INT, REQUIRED,
// Needs, Excludes) and the positionals' placeholders (TICKET) as they are; these are looked up.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
    return is_positional ? placeholder(opt->get_name(true, false)) : CLI::Formatter::make_option_name(opt, false);
  }
  std::string make_option_opts(const CLI::Option* opt) const override {
    std::string out;
    if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
    if (opt->get_type_size() != 0) {
      if (!opt->get_type_name().empty()) out += " " + type_label(opt->get_type_name());
      if (!opt->get_default_str().empty()) out += "=" + opt->get_default_str();
      if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out += " ...";
      else if (opt->get_expected_min() > 1) out += " x " + std::to_string(opt->get_expected());
      if (opt->get_required()) out += " " + get_label("REQUIRED");
    }
    if (!opt->get_envname().empty()) out += " (" + get_label("Env") + ":" + opt->get_envname() + ")";
    if (!opt->get_needs().empty()) {
      out += " " + get_label("Needs") + ":";
      for (const CLI::Option* o : opt->get_needs()) out += " " + placeholder(o->get_name());
    }
    if (!opt->get_excludes().empty()) {
      out += " " + get_label("Excludes") + ":";
      for (const CLI::Option* o : opt->get_excludes()) out += " " + placeholder(o->get_name());
    }
    return out;
  }
};

// CLI11 files every command under the group "Subcommands" and a command's own help flag under
// "Options", and prints those names as they are.
void translate_groups(CLI::App& level) {
  for (CLI::Option* opt : level.get_options([](CLI::Option*) { return true; }))
    if (opt->get_group() == "Options") opt->group(std::string(tr("Options")));
  for (CLI::App* sub : level.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_group() == "Subcommands") sub->group(std::string(tr("Subcommands")));
    translate_groups(*sub);
  }
}

// Month and week options as people say them — 本月, 上月, 上个月, 2026年11月, 11月, 本周, 上周 —
// become the strict YYYY-MM and YYYY-Www that every command reads: one place for every --month,
// --period and --week (svc(1) DATES AND TIMES). Exit 64 naming the forms for a value that is none.
void read_months(CLI::App& app, Session& s) {
  CLI::App* leaf = &app;
  while (!leaf->get_subcommands().empty()) leaf = leaf->get_subcommands().front();
  for (CLI::App* a = leaf; a; a = a->get_parent())
    for (CLI::Option* opt : a->get_options()) {
      const std::string name = opt->get_name();
      if ((name != "--month" && name != "--period" && name != "--week") || opt->results().size() != 1) continue;
      const std::string given = opt->results().front();
      if (given.empty()) continue;  // each command says what an empty month means (the current one)
      const auto moment = when::context(s.policy(), s.now());
      const std::string strict = name == "--week" ? when::require_week(name, given, moment) : when::require_month(name, given, moment);
      if (strict == given) continue;
      opt->clear();
      opt->add_result(strict);
      opt->run_callback();
    }
}

// The one entry of the command table that the command line names by its first word (a noun, its
// short name, or `version`), so that only its parser is built: `svc version` and `svc t new` do not
// build the other nouns' hundreds of options (issue 19). nullptr when the first word names none or
// the command needs the whole tree: bare `svc`, help, completion, a mistyped noun's suggestions.
const Noun* named_noun(const std::vector<std::string>& args) {
  CLI::App probe;
  Globals unused;
  add_globals(probe, unused);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") return nullptr;
    if (a.size() > 1 && a[0] == '-') {
      // A global option's value is not the first word; an option no one knows is left to CLI11.
      const CLI::Option* global = a.find('=') == std::string::npos ? probe.get_option_no_throw(a) : nullptr;
      if (global && takes_value(global)) ++i;
      continue;
    }
    for (const Noun& n : kNouns)
      if (a == n.name || (!n.short_name.empty() && a == n.short_name)) return &n;
    return nullptr;
  }
  return nullptr;
}

// The command tree, or only the part `only` adds: root settings first (CLI11 copies them into
// subcommands at creation).
void build_app(CLI::App& app, Context& ctx, const Noun* only = nullptr) {
  app.description(std::string(tr("svc: customer-service centre toolkit for a property-management office")));
  app.formatter(std::make_shared<HelpFormatter>());
  for (const char* word : {"Env", "Needs", "Excludes"}) app.get_formatter()->label(word, std::string(tr(word)));
  app.get_formatter()->label("OPTIONS", std::string(tr("OPTIONS")));
  app.get_formatter()->label("SUBCOMMAND", std::string(tr("SUBCOMMAND")));
  app.get_formatter()->label("SUBCOMMANDS", std::string(tr("SUBCOMMANDS")));
  app.get_formatter()->label("REQUIRED", std::string(tr("REQUIRED")));
  app.get_formatter()->label("Usage", std::string(tr("Usage")));
  app.get_formatter()->label("Positionals", std::string(tr("Positionals")));
  app.get_formatter()->label("Options", std::string(tr("Options")));
  app.get_formatter()->label("Subcommands", std::string(tr("Subcommands")));
  app.get_formatter()->column_width(36);
  app.option_defaults()->always_capture_default(false);
  app.option_defaults()->group(std::string(tr("Options")));
  app.set_help_flag("-h,--help", std::string(tr("print this help and exit")));
  // Global options may come before or after the noun (settings are copied at creation).
  app.fallthrough();
  app.require_subcommand(1);
  add_globals(app, ctx.globals);
  for (const Noun& n : kNouns)
    if (!only || only == &n) n.add(app, ctx);
  // The nouns the desk types all day have one-letter names: `svc t new`, `svc c list` (issue 18).
  for (const Noun& n : kNouns)
    for (CLI::App* sub : app.get_subcommands({}))
      if (!n.short_name.empty() && sub->get_name() == n.name) sub->alias(std::string(n.short_name));
  translate_groups(app);
  app.footer(std::string(tr("Run 'svc help NOUN' or 'man svc-NOUN' for a noun's verbs and examples.")));
}

// Bare `svc`: what svc is, its nouns and the commands the front desk types most (git prints its
// overview the same way), on stdout with exit 0.
std::string overview(const CLI::App& app) {
  std::string out = app.get_description() + "\n\n";
  out += std::string(tr("Usage")) + ": svc " + std::string(tr("NOUN VERB [OPTIONS]")) + "\n";
  for (const auto* noun : visible_commands(app)) {
    if (noun == visible_commands(app).front()) out += "\n" + std::string(tr("Subcommands")) + ":\n";
    std::string name = "  " + noun->get_name();
    for (const auto& a : noun->get_aliases()) name += " (" + a + ")";
    name.resize(std::max<std::size_t>(name.size() + 1, 16), ' ');
    out += name + before(noun->get_description(), "\n") + "\n";
  }
  out += "\n" + std::string(tr("Most used:")) + "\n" + std::string(tr(
      "  svc ticket new --unit 3-2-1501 --category water --desc '厨房水龙头漏水'   log a repair\n"
      "  svc ticket list                 open repairs\n"
      "  svc visit due                   callbacks owed\n"
      "  svc fee pay --unit 3-2-1501 --amount 300 --method wechat   take a payment\n"));
  out += "\n" + std::string(tr("Run 'svc --help' for the global options, 'svc help NOUN' or 'man svc-NOUN' for a noun's verbs and examples.")) + "\n";
  return out;
}

void list_commands(const CLI::App& app, const Context& ctx, const std::string& prefix, std::vector<CommandInfo>& out) {
  for (const auto* sub : app.get_subcommands({})) {
    const std::string path = prefix.empty() ? sub->get_name() : prefix + " " + sub->get_name();
    if (sub->get_subcommands({}).empty()) {
      auto it = ctx.needs.find(sub);
      out.push_back({path, it == ctx.needs.end() ? Needs{} : it->second});
      if (it == ctx.needs.end()) out.back().path += " (undeclared)";
    } else {
      list_commands(*sub, ctx, path, out);
    }
  }
}

}  // namespace

std::vector<CommandInfo> command_table() {
  Context ctx;
  CLI::App app{"svc", "svc"};
  build_app(app, ctx);
  std::vector<CommandInfo> out;
  list_commands(app, ctx, "", out);
  return out;
}

int run(const Invocation& inv) {
  choose_language(inv);
  std::ostream& out = *inv.out;
  std::ostream& err = *inv.err;

  // Every argument is text svc may store and print: valid UTF-8 first of all (65 otherwise). Once
  // the command line is parsed, check_arguments names the option and shows the value; when it
  // cannot be parsed, the argument's position is all there is to name.
  std::optional<std::size_t> not_utf8;
  for (std::size_t i = 0; i < inv.args.size() && !not_utf8; ++i)
    if (!text::valid_utf8(inv.args[i])) not_utf8 = i;
  const auto utf8_error = [&] {
    print_error(err, fmt::format(fmt::runtime(tr("argument {} is not valid UTF-8: save or type it as UTF-8")), *not_utf8 + 1));
    return static_cast<int>(Exit::data_error);
  };
  // Ids, codes, numbers and times typed through a Chinese IME in full width (Ｔ１２, １-１-１０１,
  // １４：００) are read as the ASCII they stand for; text holding Chinese is left as typed (issue 18).
  std::vector<std::string> args;
  for (auto it = inv.args.rbegin(); it != inv.args.rend(); ++it)  // CLI11 wants them reversed
    args.push_back(not_utf8 ? *it : alias::fold(*it));
  // The command tree (only the named noun's part, when it names one); made again when a value
  // asked for on a terminal is added to the arguments.
  const Noun* only = named_noun(std::vector<std::string>(args.rbegin(), args.rend()));
  auto ctx = std::make_unique<Context>();
  auto app = std::make_unique<CLI::App>(std::string(tr("svc: customer-service centre toolkit for a property-management office")), "svc");
  build_app(*app, *ctx, only);
  // A mistyped command is an error even with --help: `svc desks --help` would otherwise print
  // the root help and exit 0, as if the command were fine.
  const auto usage_error = [&](const std::string& message) {
    print_error(err, message);
    const std::string path = selected_path(*app);
    err << fmt::format(fmt::runtime(tr("see 'svc {}--help'")), path.empty() ? "" : path + " ") << '\n';
    return static_cast<int>(Exit::usage);
  };
  // On a terminal, a required option or argument left out is asked for (prompt.cpp) and added to
  // the command line, which is read again; false when it cannot be asked or the person cancels.
  const auto ask = [&](const CLI::ParseError& e) {
    if (!Session(inv, ctx->globals).interactive() || !dynamic_cast<const CLI::RequiredError*>(&e)) return false;
    const std::string what = e.what();
    const CLI::App* leaf = selected_leaf(*app);
    if (!leaf || !what.ends_with(" is required") || what.starts_with("A subcommand")) return false;
    const CLI::Option* missing = nullptr;
    for (const CLI::Option* opt : leaf->get_options())
      if (opt->get_name() == before(what, " is required")) missing = opt;
    if (!missing) return false;
    std::optional<std::string> answer;
    try {
      Session asking(inv, ctx->globals);
      answer = ask_missing(asking, *leaf, *missing);
    } catch (const Error&) {
      return false;  // no policy or database to offer choices from: the error as without a terminal
    }
    if (!answer) return false;
    args.insert(args.begin(), missing->get_positional() ? *answer : missing->get_name() + "=" + *answer);
    ctx = std::make_unique<Context>();
    app = std::make_unique<CLI::App>(std::string(tr("svc: customer-service centre toolkit for a property-management office")), "svc");
    build_app(*app, *ctx, only);
    return true;
  };
  for (bool parsed = false; !parsed;) {
    try {
      app->parse(std::vector<std::string>(args));
      parsed = true;
    } catch (const CLI::CallForHelp& e) {
      if (not_utf8) return utf8_error();
      if (auto unknown = unknown_command(*app, inv.args)) return usage_error(unknown_command_text(*unknown));
      app->exit(e, out, err);
      return 0;
    } catch (const CLI::CallForAllHelp& e) {
      if (not_utf8) return utf8_error();
      if (auto unknown = unknown_command(*app, inv.args)) return usage_error(unknown_command_text(*unknown));
      app->exit(e, out, err);
      return 0;
    } catch (const Error& e) {
      if (not_utf8) return utf8_error();
      // An option callback that checks its value (a record ref, say) fails like any command.
      print_error(err, e.what());
      return static_cast<int>(e.code());
    } catch (const CLI::ParseError& e) {
      if (not_utf8) return utf8_error();
      if (auto unknown = unknown_command(*app, inv.args)) return usage_error(unknown_command_text(*unknown));
      // Bare `svc` (or only global options): the overview, like git.
      if (dynamic_cast<const CLI::RequiredError*>(&e) && !selected_leaf(*app) && app->remaining(true).empty()) {
        out << overview(*app);
        return 0;
      }
      if (!ask(e)) return usage_error(parse_error_text(e, *app));
    }
  }
  int status = 0;
  try {
    if (not_utf8) {
      if (const CLI::App* leaf = selected_leaf(*app)) check_arguments(*leaf);
      return utf8_error();
    }
    if (!ctx->globals.lang.empty() && !parse_lang(ctx->globals.lang))
      fail(Exit::usage, "--lang '{}' is not a language (allowed: zh, en)", ctx->globals.lang);
    Session session(inv, ctx->globals);
    // A bad --now / SVC_NOW is a usage error for every command, not only those that read the time.
    if (!ctx->globals.now.empty() || inv.env_get("SVC_NOW")) session.clock();
    const CLI::App* leaf = selected_leaf(*app);
    const auto declared = leaf ? ctx->needs.find(leaf) : ctx->needs.end();
    if (leaf && declared == ctx->needs.end())
      fail(Exit::software, "internal error: command '{}' is not in the command table", leaf->get_name());
    if (leaf) check_arguments(*leaf);
    read_months(*app, session);
    if (leaf && declared->second.identity) session.actor();
    if (ctx->action) ctx->action(session);
    status = ctx->status;
  } catch (const Error& e) {
    out.flush();
    print_error(err, e.what());
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    print_error(err, tr("out of memory"));
    return static_cast<int>(Exit::software);
  } catch (const std::exception& e) {
    print_error(err, fmt::format(fmt::runtime(tr("internal error: {}")), e.what()));
    return static_cast<int>(Exit::software);
  }
  // A failed write to stdout (a full disk, a closed pipe) is an error, not silent success.
  out.flush();
  if (!out) {
    print_error(err, tr("cannot write to standard output"));
    return static_cast<int>(Exit::io_error);
  }
  return status;
}

}  // namespace svc::cmd
