// svc find TEXT: units, owners and tenants, phone digits, ticket and complaint texts, receipts.
#include <fmt/format.h>

#include "commands.hpp"
#include "svc/find.hpp"
#include "svc/i18n.hpp"
#include "svc/strings.hpp"

namespace svc::cmd {

void register_find(CLI::App& app, Context& ctx) {
  struct Args {
    std::vector<std::string> words;
    int limit = 20;
  };
  auto a = std::make_shared<Args>();
  auto* sub = verb(&app, ctx, "find",
                    tr("search units, owners and tenants, phone digits, ticket and complaint texts, receipts"), kReads);
  sub->add_option("WORDS", a->words,
                   std::string(tr("what to look for: a unit code or its start, a name, the last 4+ digits of a phone, "
                                  "words of a problem or complaint, a receipt number")))
      ->required();
  sub->add_option("--limit", a->limit, std::string(tr("at most N matches (default 20; 0: all)")))->check(CLI::NonNegativeNumber);
  sub->footer(std::string(tr("Units come first, then tickets, complaints and receipts, newest first. Phones are "
                              "matched by their last digits and shown masked unless --reveal is allowed.")));
  examples(sub, "  svc find 0407                # the last digits of a caller's phone\n"
                 "  svc find 胡敏\n  svc find 1-1-1                # units whose code starts so\n"
                 "  svc find 漏水 --limit 50\n  svc find R2026-000123\n  svc --json find 13812345678");
  sub->callback([&ctx, a] {
    ctx.action = [a](Session& s) {
      const find::Query q = find::parse(join(a->words, " "));
      const auto found = find::search(s.db(), q, a->limit, s.reveal());
      const bool people = s.format() != render::Format::json && s.format() != render::Format::csv;
      std::vector<Value> rows;
      for (const auto& h : found.hits) {
        rows.push_back(find::to_value(h, s.utc_offset()));
        if (people) rows.back().set("kind", trc("find", h.kind));  // 单元, 工单, 投诉, 收据
      }
      s.print_list({{"kind", std::string(tr("Kind")), render::Kind::text, 0},
                    {"ref", std::string(tr("Ref")), render::Kind::text, 0},
                    {"unit", std::string(tr("Unit")), render::Kind::text, 0},
                    {"status", std::string(tr("Status")), render::Kind::label, 0},
                    {"at", std::string(tr("Date")), render::Kind::datetime, 0},
                    {"summary", std::string(tr("Summary")), render::Kind::text, 28}},
                   rows);
      if (found.hits.empty()) s.note(fmt::format(fmt::runtime(tr("nothing matches '{}'")), q.text));
      if (found.more)
        s.note(fmt::format(fmt::runtime(tr("more than {} matches: add words, or raise --limit")), a->limit));
    };
  });
}

}  // namespace svc::cmd
