// The command table: one register_<noun>() per cmd/ file (git's builtin table).
#pragma once

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "svc/csv.hpp"

namespace svc::cmd {

void register_init(CLI::App& app, Context& ctx);
void register_db(CLI::App& app, Context& ctx);
void register_unit(CLI::App& app, Context& ctx);
void register_staff(CLI::App& app, Context& ctx);
void register_policy(CLI::App& app, Context& ctx);
void register_audit(CLI::App& app, Context& ctx);
void register_ticket(CLI::App& app, Context& ctx);
void register_visit(CLI::App& app, Context& ctx);
void register_complaint(CLI::App& app, Context& ctx);
void register_desk(CLI::App& app, Context& ctx);
void register_patrol(CLI::App& app, Context& ctx);
void register_violation(CLI::App* patrol, Context& ctx);  // `svc patrol violation ...`
void register_fee(CLI::App& app, Context& ctx);
void register_dunning(CLI::App* fee, Context& ctx);  // the dunning commands under `svc fee`
// A [[fee.dunning]] stage as people read it: the built-in ones have Chinese names.
std::string dunning_stage_label(const std::string& stage);
// A dunning channel as people read it: 短信, 书面通知, 上门 … for the usual names.
std::string dunning_channel_label(const std::string& channel);
void register_report(CLI::App& app, Context& ctx);
void register_find(CLI::App& app, Context& ctx);  // `svc find TEXT`
void register_meta(CLI::App& app, Context& ctx);  // help, version, completion

// The command table in the order help lists it (git's builtin table): each noun (or verb at the
// top, as init, find and version) with its one-letter name (svc(1) "Short names") and the function
// that adds its parser. `version` adds help, completion and the hidden __complete beside it.
struct Noun {
  std::string_view name;
  std::string_view short_name;  // empty: none
  void (*add)(CLI::App&, Context&);
};
inline constexpr Noun kNouns[] = {
    {"init", "", register_init},     {"ticket", "t", register_ticket}, {"complaint", "c", register_complaint},
    {"visit", "v", register_visit},  {"desk", "d", register_desk},     {"patrol", "p", register_patrol},
    {"fee", "f", register_fee},      {"report", "r", register_report}, {"unit", "u", register_unit},
    {"find", "", register_find},     {"staff", "", register_staff},    {"policy", "", register_policy},
    {"audit", "", register_audit},   {"db", "", register_db},          {"version", "", register_meta},
};

// A verb of the command table (git's builtin table, ninja's Tool flags): created here with what it
// needs declared once — run() proves the identity before the action, and the write path refuses
// a read-only role — instead of each action calling s.actor() itself.
CLI::App* verb(CLI::App* parent, Context& ctx, std::string name, std::string_view help, Needs needs);

// Every verb of the table by its path ("ticket new") with what it declared, for tests and docs.
struct CommandInfo {
  std::string path;
  Needs needs;
};
std::vector<CommandInfo> command_table();

// Whether an option is given a value (--to LOGIN) rather than being a flag (--json, -q, --help):
// CLI11 gives a bool flag a type size of 1 and no expected values.
inline bool takes_value(const CLI::Option* opt) { return opt->get_expected_max() != 0; }

// The options whose values completion offers verb by verb ("ticket dispatch", "--to", "staff"),
// from cmd/meta.cpp's table, for the tests that keep it in step with the command tree.
struct CompletionRow {
  std::string path, option, kind;
};
std::vector<CompletionRow> completion_rows();

// What an option or argument of a verb may take, from the same table completion uses: the codes
// of a value set (categories, methods …) or, with `records`, ids and logins read from the
// database (open tickets, technicians). nullopt for free text and file names.
struct Choices {
  std::vector<std::string> values;
  std::string kind;      // the completion kind ("staff", "tickets"); empty for a fixed word list
  bool records = false;  // read from the database
};
std::optional<Choices> value_choices(const CLI::App& verb, const CLI::Option& opt, Session& s);

// On a terminal, a required option or argument left out is asked for (issue 18): the choices of a
// value set numbered with their Chinese labels, staff by name, free text as typed. Returns the
// answer, or nullopt when the person cancels (an empty line or end of input).
std::optional<std::string> ask_missing(Session& s, const CLI::App& verb, const CLI::Option& opt);

// Shared option helpers for noun files.
// Adds --dry-run to a bulk command.
CLI::Option* add_dry_run(CLI::App* sub, bool& flag);
// Adds --fail-if-any to a list command: exit 1 when the list is not empty.
CLI::Option* add_fail_if_any(CLI::App* sub, bool& flag);
// Reads an option's value as a code of `codes`, by the code or its Chinese label (svc::alias);
// use with ->transform(), so the option holds the code. Exit 64 naming the option otherwise.
CLI::Validator value_set(std::string option, std::vector<std::string> codes);
// Adds --encoding to an import: utf-8 (the default) or the Chinese Windows code page by any of its
// names (gbk, gb18030, cp936, in any case; svc::parse_encoding); exit 64 for anything else.
CLI::Option* add_encoding(CLI::App* sub, Encoding& encoding);
// Appends an "Examples:" footer (translated heading) to a command's help, after any footer it has.
void examples(CLI::App* sub, std::string_view lines);

}  // namespace svc::cmd
