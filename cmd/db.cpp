// svc db: check, migrate, backup, stats, purge.
#include <fmt/format.h>

#include "commands.hpp"
#include "svc/admin.hpp"
#include "svc/error.hpp"
#include "svc/migrate.hpp"
#include "svc/violation.hpp"

namespace svc::cmd {

void register_db(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("db", std::string(tr("database checks, migrations, backup and statistics")));
  noun->require_subcommand(1);
  examples(noun, "  svc db check\n  svc db backup /backup/svc-$(date +%F).db\n  svc db stats --json\n"
                 "  svc db purge --expired --dry-run\n  svc db purge --expired");

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

  // purge: violation records past their retention (domain-rules 6.6), and nothing else.
  struct PurgeArgs {
    bool expired = false, dry_run = false;
  };
  auto pa = std::make_shared<PurgeArgs>();
  auto* purge = verb(noun, ctx, "purge", tr("remove violation records past their retention (1 year general, 5 years major)"), kWrites);
  purge->add_flag("--expired", pa->expired, std::string(tr("remove what is past its retention (required: says what is meant)")));
  add_dry_run(purge, pa->dry_run);
  purge->footer(std::string(tr("Only closed violations whose retain_until has passed are removed, with their actions, "
                               "history and deadlines; the audit log keeps each removed row and purge_log the rule that "
                               "expired it. Nothing else is ever purged.")));
  purge->callback([&ctx, pa] {
    ctx.action = [pa](Session& s) {
      if (!pa->expired) fail(Exit::usage, "say what to purge: --expired (violation records past their retention)");
      s.write({"db.purge", "violations", pa->dry_run}, [&](Op& op) { return violation::purge(op); },
              [&](const std::vector<violation::Purged>& done) {
                std::vector<Value> rows;
                for (const auto& p : done) rows.push_back(violation::to_value(p, s.utc_offset()));
                s.print_list({{"violation", std::string(tr("Violation")), render::Kind::text, 0},
                              {"severity", std::string(tr("Severity")), render::Kind::label, 0},
                              {"closed_at", std::string(tr("Closed")), render::Kind::datetime, 0},
                              {"retain_until", std::string(tr("Kept until")), render::Kind::date, 0},
                              {"rule", std::string(tr("Rule")), render::Kind::text, 0},
                              {"rows", std::string(tr("Rows")), render::Kind::integer, 0}},
                             rows);
                s.note(fmt::format(fmt::runtime(tr("{} violation record(s) past retention {}")), done.size(),
                                   pa->dry_run ? tr("would be removed (dry run: nothing was changed)") : tr("removed")));
              });
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
