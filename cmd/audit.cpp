// svc audit: log and verify the hash-chained record of every change.
#include <fmt/format.h>

#include "commands.hpp"
#include "svc/audit.hpp"
#include "svc/error.hpp"

namespace svc::cmd {

void register_audit(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("audit", std::string(tr("the audit log: who changed what, and proof nothing was altered")));
  noun->require_subcommand(1);
  examples(noun, "  svc audit log --entity 3-2-1501\n  svc audit log --limit 20\n  svc audit verify");

  struct LogArgs {
    audit::LogFilter filter;
    std::string since;
  };
  auto la = std::make_shared<LogArgs>();
  auto* log = verb(noun, ctx, "log", tr("list audit entries, oldest first"), kReads);
  log->add_option_function<std::string>("--entity", [la](const std::string& v) { la->filter.entity = v; },
                                        std::string(tr("only entries for this record, e.g. 3-2-1501, staff:li, T12")));
  log->add_option_function<std::string>("--actor", [la](const std::string& v) { la->filter.actor = v; },
                                        std::string(tr("only entries by this staff login")));
  log->add_option("--since", la->since, std::string(tr("only entries at or after this time")));
  log->add_option("--limit", la->filter.limit, std::string(tr("only the last N entries")))->check(CLI::NonNegativeNumber);
  log->callback([&ctx, la] {
    ctx.action = [la](Session& s) {
      if (!la->since.empty()) {
        la->filter.since = parse_time(la->since, s.utc_offset());
        if (!la->filter.since) fail(Exit::usage, "--since '{}' is not a time (expected ISO-8601, e.g. 2026-11-22)", la->since);
      }
      const bool reveal = s.reveal();
      std::vector<Value> rows;
      for (const auto& e : audit::log(s.db(), la->filter)) rows.push_back(audit::to_value(e, s.utc_offset(), reveal));
      s.print_list({{"id", "#", render::Kind::integer, 0},
                    {"at", std::string(tr("Time")), render::Kind::datetime, 0},
                    {"actor", std::string(tr("By")), render::Kind::text, 0},
                    {"action", std::string(tr("Action")), render::Kind::text, 0},
                    {"entity", std::string(tr("Record")), render::Kind::text, 0},
                    {"changes", std::string(tr("Changes")), render::Kind::text, 60}},
                   rows);
    };
  });

  auto* verify = verb(noun, ctx, "verify", tr("recompute the hash chain and compare every audited row"), kReads);
  verify->callback([&ctx] {
    ctx.action = [](Session& s) {
      const auto r = audit::verify(s.db());
      if (r.problems.empty()) {
        s.note(fmt::format(fmt::runtime(tr("ok: {} entries and {} rows verified")), r.entries, r.rows));
        return;
      }
      for (const auto& p : r.problems) s.out() << p.what << '\n';
      const auto& first = r.problems.front();
      if (first.entry > 0) fail(Exit::data_error, "audit verification failed at entry {}", first.entry);
      fail(Exit::data_error, "audit verification failed: {}", first.what);
    };
  });
}

}  // namespace svc::cmd
