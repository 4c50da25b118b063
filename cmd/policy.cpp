// svc policy: check, show, explain — the TOML rules this office runs by.
#include <fmt/format.h>

#include "commands.hpp"
#include "svc/error.hpp"
#include "svc/policy.hpp"

namespace svc::cmd {

void register_policy(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("policy", std::string(tr("check, show and explain the policy (TOML rules)")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc policy check /etc/svc/policy.toml\n  svc policy show > my-policy.toml\n"
           "  svc policy show | svc policy check -\n  svc --json policy show | jq .ticket.callback\n"
           "  svc policy explain ticket.callback.leak\n  svc policy explain --sources ticket.callback.leak");

  auto file = std::make_shared<std::string>();
  auto* check = verb(noun, ctx, "check", tr("validate a policy file (default: the one in effect)"), kFree);
  check->add_option("FILE", *file, std::string(tr("policy file, or - for standard input")));
  check->callback([&ctx, file] {
    ctx.action = [file](Session& s) {
      if (file->empty()) {
        const auto& p = s.policy();
        s.note(fmt::format(fmt::runtime(tr("ok: {} (policy {})")), p.source, p.hash().substr(0, 12)));
        return;
      }
      Policy p = *file == "-" ? parse_policy(s.read_input("-"), "<stdin>", std::filesystem::current_path())
                              : load_policy(std::filesystem::path(*file));
      s.note(fmt::format(fmt::runtime(tr("ok: {} (policy {})")), p.source, p.hash().substr(0, 12)));
    };
  });

  auto* show = verb(noun, ctx, "show",
                    tr("print the effective policy as TOML (defaults merged with the file); with --json, as JSON"), kFree);
  show->callback([&ctx] {
    ctx.action = [](Session& s) {
      s.out() << (s.format() == render::Format::json ? show_json(s.policy()) : show_toml(s.policy()));
    };
  });

  auto key = std::make_shared<std::string>();
  auto sources = std::make_shared<bool>(false);
  auto* explain = verb(noun, ctx, "explain", tr("explain one key: value, default, rule and what it governs"), kFree);
  explain->add_option("KEY", *key, std::string(tr("dotted key, e.g. ticket.callback.leak")))->required();
  explain->add_flag("--sources", *sources,
                    std::string(tr("also name the rule's source: the section of the rules and the seed document")));
  explain->callback([&ctx, key, sources] {
    ctx.action = [key, sources](Session& s) {
      auto info = explain_key(s.policy(), *key);
      if (!info) {
        std::string hint;
        for (const auto& k : suggest_keys(*key)) hint += (hint.empty() ? "" : ", ") + k;
        if (hint.empty())
          fail(Exit::usage, "unknown policy key '{}' (see 'svc policy show')", *key);
        fail(Exit::usage, "unknown policy key '{}' (did you mean: {})", *key, hint);
      }
      Value rec = Value::object();
      rec.set("key", info->key);
      rec.set("value", info->value);
      rec.set("default", info->default_value);
      rec.set("rule", info->rule);
      rec.set("governs", std::string(tr(info->governs)));
      rec.set("source", s.policy().source);
      // The rules' section and seed document are for whoever maintains the policy (--sources);
      // scripts (json, csv) keep every column.
      std::vector<render::Column> columns = {{"key", std::string(tr("Key")), render::Kind::text, 0},
                                             {"value", std::string(tr("Value")), render::Kind::text, 0},
                                             {"default", std::string(tr("Default")), render::Kind::text, 0},
                                             {"rule", std::string(tr("Rule")), render::Kind::text, 0},
                                             {"governs", std::string(tr("Governs")), render::Kind::text, 0},
                                             {"source", std::string(tr("Policy file")), render::Kind::text, 0}};
      const auto f = s.format();
      if (!*sources && f != render::Format::json && f != render::Format::csv) columns.erase(columns.begin() + 3);
      s.print_record(columns, rec);
    };
  });
}

}  // namespace svc::cmd
