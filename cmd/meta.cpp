// svc help, svc version, svc completion bash|zsh|fish (generated from the command tree), and the
// hidden `svc __complete` that completion scripts call for record ids.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "svc/complete.hpp"
#include "svc/error.hpp"
#include "svc/migrate.hpp"
#include "svc/strings.hpp"
#include "svc/text.hpp"

namespace svc::cmd {
namespace {

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
  std::vector<const CLI::App*> out;
  for (const auto* sub : app.get_subcommands({}))
    if (!sub->get_group().empty() && sub->get_name().rfind("__", 0) != 0) out.push_back(sub);
  return out;
}

// How the value of an option or a positional completes: from `svc __complete KIND [ARG]`, from a
// fixed list of words, or as a file name.
struct ValueCompletion {
  std::string kind, arg;  // svc __complete KIND ARG
  std::string words;      // or these words
  bool files = false;     // or file names
};
ValueCompletion ask(std::string kind, std::string arg = "") { return {std::move(kind), std::move(arg), "", false}; }
ValueCompletion word_list(std::string list) { return {"", "", std::move(list), false}; }
const ValueCompletion kFiles{"", "", "", true};

// Options whose values complete the same wherever they appear.
const std::map<std::string, ValueCompletion>& by_option_name() {
  static const std::map<std::string, ValueCompletion> m = {
      {"--unit", ask("units")},         {"--ticket", ask("tickets")},      {"--complaint", ask("complaints")},
      {"--visit", ask("visits")},       {"--as", ask("staff")},            {"--role", ask("roles")},
      {"--period", ask("periods")},     {"--month", ask("periods")},       {"--route", ask("routes")},
      {"--item", ask("fee-items")},     {"--stage", ask("dunning-stages")}, {"--format", ask("formats")},
      {"--lang", word_list("zh en")},   {"--encoding", word_list("utf-8 gbk")},
      {"--db", kFiles},                 {"--policy", kFiles},              {"--out", kFiles},
      {"--file", kFiles},               {"--anchor", kFiles},
  };
  return m;
}

// Options whose values depend on the verb: the categories of tickets are not those of complaints,
// and `--to` is a technician, a colleague, a level or a date. Checked against the command tree
// by the tests (issue 18 cli), so a renamed option cannot leave a stale row.
struct VerbOption {
  std::string path, option;
  ValueCompletion how;
};
const std::vector<VerbOption>& by_verb_option() {
  static const std::vector<VerbOption> rows = {
      {"ticket new", "--category", ask("ticket-categories")},
      {"ticket new", "--channel", ask("ticket-channels")},
      {"ticket list", "--category", ask("ticket-categories")},
      {"ticket list", "--to", ask("staff", "technician")},
      {"ticket dispatch", "--to", ask("staff", "technician")},
      {"ticket reopen", "--to", ask("staff", "technician")},
      {"ticket wait", "--reason", ask("pause-reasons")},
      {"complaint new", "--kind", ask("complaint-kinds")},
      {"complaint new", "--severity", ask("complaint-severities")},
      {"complaint new", "--validity", ask("complaint-validities")},
      {"complaint new", "--nature", ask("complaint-natures")},
      {"complaint new", "--category", ask("complaint-categories")},
      {"complaint new", "--channel", ask("complaint-channels")},
      {"complaint classify", "--kind", ask("complaint-kinds")},
      {"complaint classify", "--severity", ask("complaint-severities")},
      {"complaint classify", "--validity", ask("complaint-validities")},
      {"complaint classify", "--nature", ask("complaint-natures")},
      {"complaint classify", "--category", ask("complaint-categories")},
      {"complaint assign", "--to", ask("staff", "take_complaint")},
      {"complaint escalate", "--to", ask("complaint-levels")},
      {"complaint notify", "--method", ask("notify-methods")},
      {"complaint list", "--status", ask("complaint-statuses")},
      {"complaint list", "--level", ask("complaint-levels")},
      {"complaint list", "--severity", ask("complaint-severities")},
      {"complaint list", "--kind", ask("complaint-kinds")},
      {"visit log", "--method", ask("visit-methods")},
      {"visit log", "--to", ask("staff", "technician")},
      {"visit log", "--severity", ask("complaint-severities")},
      {"visit log", "--outcome", ask("visit-outcomes")},
      {"visit log", "--new-ticket", ask("ticket-categories")},
      {"visit due", "--to", ask("staff")},
      {"desk log", "--channel", ask("desk-channels")},
      {"desk log", "--kind", ask("desk-kinds")},
      {"desk log", "--for", ask("staff")},
      {"desk log", "--severity", ask("complaint-severities")},
      {"desk log", "--validity", ask("complaint-validities")},
      {"desk log", "--nature", ask("complaint-natures")},
      {"desk handover", "--to", ask("staff", "take_contact")},
      {"desk list", "--kind", ask("desk-kinds")},
      {"desk list", "--channel", ask("desk-channels")},
      {"desk list", "--status", ask("desk-statuses")},
      {"desk list", "--for", ask("staff")},
      {"desk list", "--by", ask("staff")},
      {"fee pay", "--method", ask("payment-methods")},
      {"fee reminders", "--status", ask("reminder-statuses")},
      {"patrol check", "--violation", ask("violation-categories")},
      {"patrol record", "--by", ask("staff")},
      {"patrol list", "--by", ask("staff")},
      {"patrol violation new", "--category", ask("violation-categories")},
      {"patrol violation new", "--severity", ask("violation-severities")},
      {"patrol violation list", "--status", ask("violation-statuses")},
      {"patrol violation list", "--category", ask("violation-categories")},
      {"patrol violation list", "--severity", ask("violation-severities")},
      {"unit add", "--status", ask("unit-statuses")},
      {"unit set", "--status", ask("unit-statuses")},
      {"audit log", "--actor", ask("staff")},
  };
  return rows;
}

// Positionals by their placeholder.
const std::map<std::string, ValueCompletion>& by_positional() {
  static const std::map<std::string, ValueCompletion> m = {
      {"UNIT", ask("units")},           {"TICKET", ask("tickets")},     {"COMPLAINT", ask("complaints")},
      {"RECEIPT", ask("receipts")},     {"VISIT", ask("visits")},       {"ROUND", ask("rounds")},
      {"VIOLATION", ask("violations")}, {"CONTACT", ask("contacts")},   {"LOGIN", ask("staff")},
      {"ROUTE", ask("routes")},         {"KEY", ask("policy-keys")},    {"ACTION", ask("violation-actions")},
      {"SHELL", ask("shells")},         {"FILE", kFiles},
  };
  return m;
}

// The words of a CLI11 IsMember check ("TEXT:{auto,always,never}" → "auto always never").
std::string member_words(const CLI::Option& opt) {
  const std::string type = opt.get_type_name();
  const auto open = type.find(":{");
  if (open == std::string::npos || type.back() != '}') return "";
  std::string words = type.substr(open + 2, type.size() - open - 3);
  std::replace(words.begin(), words.end(), ',', ' ');
  return words;
}

std::optional<ValueCompletion> value_completion(const std::string& path, const CLI::Option& opt) {
  const std::string name = opt.get_name();
  for (const auto& row : by_verb_option())
    if (row.path == path && row.option == name) return row.how;
  if (opt.get_positional()) {
    if (auto it = by_positional().find(name); it != by_positional().end()) return it->second;
  } else if (auto it = by_option_name().find(name); it != by_option_name().end()) {
    return it->second;
  }
  if (auto list = member_words(opt); !list.empty()) return word_list(list);
  return std::nullopt;
}

// One command of the tree as completion sees it.
struct Node {
  const CLI::App* app = nullptr;
  std::string path;                            // "" (svc), "ticket", "ticket dispatch"
  std::vector<std::string> children;           // nouns or verbs
  std::vector<std::string> options;            // its own option names, long and short
  std::vector<const CLI::Option*> valued;      // its options that take a value
  std::vector<const CLI::Option*> positionals;
};

void collect(const CLI::App& app, const std::string& path, std::vector<Node>& out) {
  Node n;
  n.app = &app;
  n.path = path;
  for (const auto* sub : visible_subcommands(app)) n.children.push_back(sub->get_name());
  for (const auto* opt : app.get_options({})) {
    if (opt->get_positional()) {
      n.positionals.push_back(opt);
      continue;
    }
    for (const auto& sn : opt->get_snames()) n.options.push_back("-" + sn);
    for (const auto& l : opt->get_lnames()) n.options.push_back("--" + l);
    if (takes_value(opt)) n.valued.push_back(opt);
  }
  out.push_back(n);
  for (const auto* sub : visible_subcommands(app)) collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::string bash_quote(const std::string& s) { return "\"" + s + "\""; }

// The shell words that complete one value: a function call of the generated script.
std::string bash_action(const ValueCompletion& how) {
  if (how.files) return "COMPREPLY=($(compgen -f -- \"$cur\"))";
  if (!how.words.empty()) return "_svc_words " + bash_quote(how.words);
  return "_svc_ask " + how.kind + (how.arg.empty() ? "" : " " + how.arg);
}

std::string bash_script(const CLI::App& root) {
  std::vector<Node> nodes;
  collect(root, "", nodes);
  const Node& top = nodes.front();
  // Names that take a value anywhere: their next word is a value, never a command.
  std::set<std::string> valued_names;
  for (const auto& n : nodes)
    for (const auto* opt : n.valued) {
      for (const auto& l : opt->get_lnames()) valued_names.insert("--" + l);
      for (const auto& sn : opt->get_snames()) valued_names.insert("-" + sn);
    }

  std::ostringstream s;
  s << "# bash completion for svc (generated by 'svc completion bash')\n"
       "_svc_words() { COMPREPLY=($(compgen -W \"$1\" -- \"$cur\")); }\n"
       "_svc_ask() { local IFS=$'\\n'; COMPREPLY=($(compgen -W \"$(command svc __complete \"$@\" 2>/dev/null)\" -- \"$cur\")); }\n"
       "_svc() {\n"
       "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
       "  local path=\"\" npos=0 i w skip=0\n"
       "  local g=" << bash_quote(join(top.options, " ")) << "\n"
       "  # Which command the words so far name (svc patrol violation new), and how many of its\n"
       "  # arguments are given; an option's value is neither.\n"
       "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
       "    w=\"${COMP_WORDS[i]}\"\n"
       "    if ((skip)); then skip=0; continue; fi\n"
       "    case \"$w\" in\n"
       "      " << join(std::vector<std::string>(valued_names.begin(), valued_names.end()), "|") << ") skip=1; continue ;;\n"
       "      -*) continue ;;\n"
       "    esac\n"
       "    case \"$path/$w\" in\n";
  // A noun's one-letter name (t, c …) stands for the noun.
  for (const auto* noun : visible_subcommands(root))
    for (const auto& a : noun->get_aliases()) s << "      " << bash_quote("/" + a) << ") path=" << noun->get_name() << " ;;\n";
  std::vector<std::string> steps;
  for (const auto& n : nodes)
    for (const auto& c : n.children) steps.push_back(bash_quote(n.path + "/" + c));
  s << "      " << join(steps, "|") << ") path=\"${path:+$path }$w\" ;;\n"
    << "      *) npos=$((npos + 1)) ;;\n"
       "    esac\n"
       "  done\n"
       "  # The value of an option.\n"
       "  case \"$path|$prev\" in\n";
  // Verb-specific values first, then those of an option name anywhere, then no completion for
  // free text (a description, a reason): never the command's options in its place.
  std::set<std::string> generic_done;
  for (const auto& n : nodes)
    for (const auto* opt : n.valued)
      for (const auto& row : by_verb_option())
        if (row.path == n.path && row.option == opt->get_name())
          s << "    " << bash_quote(n.path + "|" + row.option) << ") " << bash_action(row.how) << "; return ;;\n";
  for (const auto& [name, how] : by_option_name())
    if (valued_names.count(name)) s << "    *" << bash_quote("|" + name) << ") " << bash_action(how) << "; return ;;\n";
  for (const auto& n : nodes)
    for (const auto* opt : n.valued) {
      const std::string words = member_words(*opt);
      if (words.empty() || by_option_name().count(opt->get_name())) continue;
      s << "    " << bash_quote(n.path + "|" + opt->get_name()) << ") _svc_words " << bash_quote(words) << "; return ;;\n";
    }
  std::vector<std::string> free;
  for (const auto& name : valued_names) free.push_back("*" + bash_quote("|" + name));
  s << "    " << join(free, "|") << ") COMPREPLY=(); return ;;\n"
    << "  esac\n"
       "  # A command, an option or an argument.\n"
       "  case \"$path\" in\n";
  for (const auto& n : nodes) {
    const std::string opts = n.path.empty() ? "$g" : join(n.options, " ") + " $g";
    s << "    " << bash_quote(n.path) << ")\n";
    s << "      if [[ $cur == -* ]]; then _svc_words " << bash_quote(opts) << "; return; fi\n";
    if (!n.children.empty()) {
      s << "      _svc_words " << bash_quote(join(n.children, " ")) << " ;;\n";
      continue;
    }
    std::string positional_cases;
    for (std::size_t i = 0; i < n.positionals.size(); ++i) {
      const auto* p = n.positionals[i];
      const auto how = value_completion(n.path, *p);
      if (!how) continue;
      const bool many = p->get_expected_max() > 1 && i + 1 == n.positionals.size();
      positional_cases += "        " + (many ? std::string("*") : std::to_string(i)) + ") " + bash_action(*how) + "; return ;;\n";
    }
    if (!positional_cases.empty()) s << "      case $npos in\n" << positional_cases << "      esac\n";
    s << "      _svc_words " << bash_quote(opts) << " ;;\n";
  }
  s << "  esac\n"
       "}\n"
       "complete -F _svc svc\n";
  return s.str();
}

std::string zsh_script(const CLI::App& root) {
  return "#compdef svc\n# zsh completion for svc (generated by 'svc completion zsh'): uses the bash one.\n"
         "autoload -U +X bashcompinit && bashcompinit\n" +
         bash_script(root);
}

std::string fish_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// One fish line per option: `-r` (and the values it takes, `-x -a`) only where it takes a value.
std::string fish_option(const std::string& condition, const std::string& path, const CLI::Option& opt) {
  std::string line = "complete -c svc" + condition;
  for (const auto& sn : opt.get_snames()) line += " -s " + sn;
  for (const auto& l : opt.get_lnames()) line += " -l " + l;
  line += " -d '" + fish_escape(opt.get_description()) + "'";
  if (takes_value(&opt)) {
    const auto how = value_completion(path, opt);
    if (!how) line += " -r";
    else if (how->files) line += " -r -F";
    else if (!how->words.empty()) line += " -x -a '" + how->words + "'";
    else line += " -x -a '(svc __complete " + how->kind + (how->arg.empty() ? "" : " " + how->arg) + " 2>/dev/null)'";
  }
  return line + "\n";
}

std::string fish_script(const CLI::App& root) {
  std::vector<Node> nodes;
  collect(root, "", nodes);
  std::ostringstream s;
  s << "# fish completion for svc (generated by 'svc completion fish')\n"
       "complete -c svc -f\n";
  for (const auto* opt : root.get_options({})) s << fish_option("", "", *opt);
  for (const auto& n : nodes) {
    if (n.path.empty()) {
      for (const auto* noun : visible_subcommands(root))
        s << "complete -c svc -n '__fish_use_subcommand' -a " << noun->get_name() << " -d '"
          << fish_escape(noun->get_description()) << "'\n";
      continue;
    }
    std::string last = n.path.substr(n.path.rfind(' ') == std::string::npos ? 0 : n.path.rfind(' ') + 1);
    for (const auto& a : n.app->get_aliases()) last += " " + a;  // `svc t …` is `svc ticket …`
    const std::string seen = " -n '__fish_seen_subcommand_from " + last + "'";
    if (!n.children.empty()) {
      for (const auto* c : visible_subcommands(*n.app))
        s << "complete -c svc -n '__fish_seen_subcommand_from " << last << "; and not __fish_seen_subcommand_from "
          << join(n.children, " ") << "' -a " << c->get_name() << " -d '" << fish_escape(c->get_description()) << "'\n";
      continue;
    }
    for (const auto* opt : n.app->get_options({}))
      if (!opt->get_positional()) s << fish_option(seen, n.path, *opt);
    for (const auto* p : n.positionals)
      if (const auto how = value_completion(n.path, *p); how && !how->files)
        s << "complete -c svc" << seen << " -a '"
          << (how->words.empty() ? "(svc __complete " + how->kind + (how->arg.empty() ? "" : " " + how->arg) + " 2>/dev/null)"
                                 : how->words)
          << "'\n";
  }
  return s.str();
}

}  // namespace

std::optional<Choices> value_choices(const CLI::App& verb, const CLI::Option& opt, Session& s) {
  std::string path;
  for (const CLI::App* a = &verb; a && a->get_parent(); a = a->get_parent())
    path = path.empty() ? a->get_name() : a->get_name() + " " + path;
  const auto how = value_completion(path, opt);
  if (!how || how->files) return std::nullopt;
  Choices c;
  if (!how->words.empty()) {
    std::istringstream words(how->words);
    for (std::string w; words >> w;) c.values.push_back(w);
    return c;
  }
  c.kind = how->kind;
  const bool db = complete::needs_database(how->kind);
  if (db && !s.has_db()) return std::nullopt;
  auto values = complete::candidates(how->kind, how->arg, s.policy(), db ? &s.db() : nullptr, s.now());
  if (!values) return std::nullopt;
  c.values = std::move(*values);
  c.records = db;
  return c;
}

std::vector<CompletionRow> completion_rows() {
  std::vector<CompletionRow> out;
  for (const auto& row : by_verb_option()) out.push_back({row.path, row.option, row.how.kind});
  return out;
}

void register_meta(CLI::App& app, Context& ctx) {
  auto noun = std::make_shared<std::vector<std::string>>();
  auto* help = verb(&app, ctx, "help", tr("help for svc or one noun: svc help unit"), kFree);
  help->add_option("NOUN", *noun, std::string(tr("noun (and verb)")));
  help->callback([&ctx, &app, noun] {
    ctx.action = [&app, noun](Session& s) {
      const CLI::App* target = &app;
      std::string prefix;
      for (const auto& name : *noun) {
        const CLI::App* next = nullptr;
        for (const auto* sub : visible_subcommands(*target))
          if (sub->check_name(name)) next = sub;  // a short name (t, c …) too
        if (!next) {
          std::vector<std::string> names;
          for (const auto* sub : visible_subcommands(*target)) names.push_back(sub->get_name());
          const auto near = text::closest(name, names);
          if (near.empty()) fail(Exit::usage, "no such command '{}' (see 'svc help')", name);
          fail(Exit::usage, "no such command '{}': did you mean '{}'?", name, join(near, std::string(tr("' or '"))));
        }
        prefix = target == &app ? "svc" : prefix + " " + target->get_name();
        target = next;
      }
      // App::help() would describe the selected `help` subcommand itself; format the target.
      const std::string name = target == &app ? "svc" : prefix + " " + target->get_name();
      s.out() << target->get_formatter()->make_help(target, name, CLI::AppFormatMode::Normal);
    };
  });

  auto* version = verb(&app, ctx, "version", tr("print the version and schema version"), kFree);
  version->callback([&ctx] {
    ctx.action = [](Session& s) {
      s.out() << fmt::format("svc {} (schema {})\n", SVC_VERSION, db::latest_schema_version());
    };
  });

  auto shell = std::make_shared<std::string>();
  auto* completion = verb(&app, ctx, "completion", tr("print a shell completion script: bash, zsh or fish"), kFree);
  completion->add_option("SHELL", *shell, "bash, zsh, fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  examples(completion,
           "  svc completion bash > /etc/bash_completion.d/svc\n  svc completion fish > ~/.config/fish/completions/svc.fish");
  completion->callback([&ctx, &app, shell] {
    ctx.action = [&app, shell](Session& s) {
      if (*shell == "bash") s.out() << bash_script(app);
      else if (*shell == "zsh") s.out() << zsh_script(app);
      else s.out() << fish_script(app);
    };
  });

  // Hidden: what completion scripts offer (svc/complete.hpp): record ids, staff of a role, the
  // value sets of options. Prints nothing (and exits 0) without a database for the record kinds.
  auto what = std::make_shared<std::string>();
  auto arg = std::make_shared<std::string>();
  auto* hidden = verb(&app, ctx, "__complete", "", kFree);
  hidden->group("");
  hidden->add_option("WHAT", *what)->required();
  hidden->add_option("ARG", *arg);
  hidden->callback([&ctx, what, arg] {
    ctx.action = [what, arg](Session& s) {
      const bool db = complete::needs_database(*what) && s.has_db();
      const auto values = complete::candidates(*what, *arg, s.policy(), db ? &s.db() : nullptr, s.now());
      if (!values) fail(Exit::usage, "'{}' is not a kind of completion (allowed: {})", *what, join(complete::kinds()));
      for (const auto& v : *values) s.out() << v << '\n';
    };
  });
}

}  // namespace svc::cmd
