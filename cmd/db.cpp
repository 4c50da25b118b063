// svc db: check, migrate, backup, stats.
#include <fmt/format.h>

#include "commands.hpp"
#include "svc/admin.hpp"
#include "svc/error.hpp"
#include "svc/migrate.hpp"

namespace svc::cmd {

void register_db(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("db", std::string(tr("database checks, migrations, backup and statistics")));
  noun->require_subcommand(1);
  examples(noun, "  svc db check\n  svc db backup /backup/svc-$(date +%F).db\n  svc db stats --json");

  auto* check = verb(noun, ctx, "check", tr("integrity, foreign keys, svc invariants and the audit chain"), kReads);
  check->callback([&ctx] {
    ctx.action = [](Session& s) {
      const auto r = admin::check(s.db(), s.policy());
      if (r.problems.empty()) {
        s.note(fmt::format(fmt::runtime(tr("ok: {} passed all checks ({} audit entries)")), s.db_path().string(),
                           r.audit_entries));
        return;
      }
      for (const auto& p : r.problems) s.out() << p << '\n';
      fail(Exit::data_error, "{} problem(s) found in {}", r.problems.size(), s.db_path().string());
    };
  });

  auto* migrate = verb(noun, ctx, "migrate", tr("apply pending schema migrations"), kFree);
  migrate->callback([&ctx] {
    ctx.action = [](Session& s) {
      s.db();  // opening migrates; report the result
      s.note(fmt::format(fmt::runtime(tr("schema version {} (latest {})")), db::schema_version(s.db()),
                         db::latest_schema_version()));
    };
  });

  auto* backup = verb(noun, ctx, "backup", tr("online backup to FILE, safe while others write"), kReads);
  auto dest = std::make_shared<std::string>();
  backup->add_option("FILE", *dest, std::string(tr("backup file to create")))->required();
  backup->callback([&ctx, dest] {
    ctx.action = [dest](Session& s) {
      admin::backup(s.db(), *dest);
      s.note(fmt::format(fmt::runtime(tr("backed up {} to {}")), s.db_path().string(), *dest));
    };
  });

  auto* stats = verb(noun, ctx, "stats", tr("file size, schema version and row counts"), kReads);
  stats->callback([&ctx] {
    ctx.action = [](Session& s) {
      const auto st = admin::stats(s.db());
      Value rec = Value::object();
      rec.set("path", st.path.string());
      rec.set("site", st.site_name);
      rec.set("schema_version", st.schema_version);
      rec.set("file_bytes", Value(static_cast<long long>(st.file_bytes)));
      rec.set("wal_bytes", Value(static_cast<long long>(st.wal_bytes)));
      Value tables = Value::object();
      for (const auto& t : st.tables) tables.set(t.table, Value(static_cast<long long>(t.rows)));
      rec.set("tables", tables);
      if (s.format() == render::Format::json) {
        s.print_record({}, rec);
        return;
      }
      std::vector<Value> rows;
      for (const auto& t : st.tables) {
        Value r = Value::object();
        r.set("table", t.table);
        r.set("rows", Value(static_cast<long long>(t.rows)));
        rows.push_back(r);
      }
      s.note(fmt::format(fmt::runtime(tr("{}: site {}, schema {}, {} bytes (+{} WAL)")), st.path.string(),
                         st.site_name, st.schema_version, st.file_bytes, st.wal_bytes));
      s.print_list({{"table", std::string(tr("Table")), render::Kind::text, 0},
                    {"rows", std::string(tr("Rows")), render::Kind::integer, 0}},
                   rows);
    };
  });
}

}  // namespace svc::cmd
