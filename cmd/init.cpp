// svc init: create the database, apply migrations, record the OS user as the first admin.
#include <fmt/format.h>

#include "commands.hpp"
#include "svc/admin.hpp"
#include "svc/error.hpp"
#include "svc/migrate.hpp"

namespace svc::cmd {

void register_init(CLI::App& app, Context& ctx) {
  auto* sub = verb(&app, ctx, "init", tr("create the database and record you as its first admin"), kSetup);
  auto site = std::make_shared<std::string>();
  sub->add_option("--site", *site, std::string(tr("site name (default: the policy's site.name)")));
  examples(sub, "  svc init\n  svc --db /srv/svc/svc.db --policy /etc/svc/policy.toml init --site '示例花园 管理处'");
  sub->callback([&ctx, site] {
    ctx.action = [site](Session& s) {
      const auto path = s.db_path();
      const std::string name = site->empty() ? s.policy().site.name : *site;
      const auto r = admin::init(path, s.policy(), name, s.invocation().os_login, s.command_line(), s.now(),
                                 [&s] { s.committed(); });
      if (r.created) {
        s.note(fmt::format(fmt::runtime(tr("created {} (schema {}); '{}' is its first admin")), path.string(),
                           db::latest_schema_version(), r.admin_login));
        s.note(tr("next: svc unit import units.csv, svc staff add --login LOGIN --name NAME --role ROLE"));
      } else if (!r.migrations.empty()) {
        s.note(fmt::format(fmt::runtime(tr("{} is already an svc database; applied {} new migration(s), nothing else changed")),
                           path.string(), r.migrations.size()));
      } else {
        s.note(fmt::format(fmt::runtime(tr("{} is already an svc database; nothing changed")), path.string()));
      }
    };
  });
}

}  // namespace svc::cmd
