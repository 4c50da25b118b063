// svc audit: log and verify the hash-chained record of every change.
#include <fmt/format.h>

#include <filesystem>
#include <sstream>

#include "commands.hpp"
#include "svc/audit.hpp"
#include "svc/error.hpp"
#include "svc/when.hpp"

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
  log->add_option("--since", la->since, std::string(tr("only entries since then, e.g. 今天, 7d, 2026-12-01 09:00")));
  log->add_option("--limit", la->filter.limit, std::string(tr("only the last N entries")))->check(CLI::NonNegativeNumber);
  log->callback([&ctx, la] {
    ctx.action = [la](Session& s) {
      if (!la->since.empty()) la->filter.since = when::require("--since", la->since, when::Role::since, when::context(s.policy(), s.now())).at;
      const bool reveal = s.reveal();
      std::vector<Value> rows;
      for (const auto& e : audit::log(s.db(), la->filter)) rows.push_back(audit::to_value(e, s.utc_offset(), reveal));
      s.print_list({{"id", "#", render::Kind::integer, 0},
                    {"at", std::string(tr("Time")), render::Kind::datetime, 0, render::kMedium},
                    {"actor", std::string(tr("By")), render::Kind::staff, 0, render::kHigh},
                    {"action", std::string(tr("Action")), render::Kind::text, 0},
                    {"entity", std::string(tr("Record")), render::Kind::text, 0, render::kHigh},
                    {"changes", std::string(tr("Changes")), render::Kind::text, 60, render::kHigh}},
                   rows);
    };
  });

  auto* head = verb(noun, ctx, "head", tr("the newest entry and its hash: keep it elsewhere as an anchor"), kReads);
  examples(head, "  svc audit head >> /backup/svc-anchors.log        # cron, nightly\n"
                 "  svc audit head | mail -s 'svc anchor' audit@example.com");
  head->callback([&ctx] {
    ctx.action = [](Session& s) {
      const auto h = audit::head(s.db());
      if (!h) fail(Exit::no_input, "the audit log is empty: nothing to anchor");
      Value v = Value::object();
      v.set("entry", Value(static_cast<long long>(h->entry)));
      v.set("hash", h->hash);
      v.set("at", format_iso(h->at, s.utc_offset()));
      if (s.format() == render::Format::table)
        s.out() << fmt::format("entry {} hash {} at {}\n", h->entry, h->hash, format_iso(h->at, s.utc_offset()));
      else
        s.print_record({{"entry", std::string(tr("Entry")), render::Kind::integer, 0},
                        {"hash", std::string(tr("Hash")), render::Kind::text, 0},
                        {"at", std::string(tr("Time")), render::Kind::datetime, 0}},
                       v);
    };
  });

  auto anchor = std::make_shared<std::string>();
  auto* verify = verb(noun, ctx, "verify", tr("recompute the hash chain and compare every audited row"), kReads);
  verify->add_option("--anchor", *anchor,
                     std::string(tr("a head kept elsewhere (HASH, ENTRY:HASH, or a file holding 'svc audit head' output): "
                                    "prove that entry and everything before it are intact")));
  examples(verify, "  svc audit verify\n  svc audit verify --anchor /backup/svc-anchors.log   # its last line\n"
                   "  svc audit verify --anchor 1532:9f2c…");
  verify->callback([&ctx, anchor] {
    ctx.action = [anchor](Session& s) {
      std::optional<audit::Anchor> a;
      if (!anchor->empty()) {
        std::error_code ec;
        std::string text = *anchor;
        if (std::filesystem::is_regular_file(*anchor, ec)) {
          // A log of anchors, one `audit head` line per night: the last line is the newest.
          std::istringstream lines(s.read_input(*anchor));
          for (std::string line; std::getline(lines, line);)
            if (line.find_first_not_of(" \t\r") != std::string::npos) text = line;
        }
        a = audit::parse_anchor(text);
        // A path to an anchor log that is not there (or is a folder): 66, naming the file and why.
        if (!a && text == *anchor && anchor->find('/') != std::string::npos) s.read_input(*anchor);
        if (!a)
          fail(Exit::usage, "--anchor '{}' holds no anchor (expected a 64-digit hash, ENTRY:HASH, or 'svc audit head' output)",
               *anchor);
      }
      const auto r = audit::verify(s.db(), a);
      if (r.problems.empty()) {
        if (a)
          s.note(fmt::format(fmt::runtime(tr("ok: {} entries and {} rows verified; the anchor {} is intact")), r.entries,
                             r.rows, a->hash.substr(0, 12)));
        else
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
