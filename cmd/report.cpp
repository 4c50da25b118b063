// svc report: the daily, weekly and monthly reports, the KPI page and the forms (domain-rules 8,
// 11), in every format, to stdout, a file (--out, written atomically) or a mailbox (--mail).
#include <fmt/format.h>

#include <sstream>

#include "commands.hpp"
#include "svc/error.hpp"
#include "svc/fileio.hpp"
#include "svc/notify.hpp"
#include "svc/render/report.hpp"
#include "svc/report.hpp"

namespace svc::cmd {
namespace {

// Where a report goes, shared by every report verb.
struct Delivery {
  std::string out, mail;
};

void add_delivery(CLI::App* sub, Delivery& d) {
  sub->add_option("--out", d.out, std::string(tr("write the report to FILE (atomically: a reader never sees half of it)")));
  sub->add_option("--mail", d.mail, std::string(tr("mail the report to this address through the policy's mail channel")));
}

// A date option, or today at the site.
Date date_or_today(Session& s, const std::string& text, std::string_view option) {
  if (text.empty()) return local_date(s.now(), s.utc_offset());
  auto d = parse_date(text);
  if (!d) fail(Exit::usage, "{} '{}' is not a date (expected YYYY-MM-DD, e.g. 2026-11-23)", option, text);
  return *d;
}

void deliver(Session& s, const report::Report& r, const Delivery& d) {
  std::ostringstream page;
  render::write_report(page, s.format(), r, s.render_options(), s.utc_offset());
  if (!d.out.empty()) {
    if (auto err = write_file_atomically(d.out, page.str())) fail(Exit::cant_create, "cannot write '{}': {}", d.out, *err);
    s.note(fmt::format(fmt::runtime(tr("wrote {}")), d.out));
  }
  if (!d.mail.empty()) {
    const auto& channels = s.policy().channels;
    auto it = channels.find("mail");
    if (it == channels.end() || it->second.kind != ChannelKind::mail)
      fail(Exit::unavailable, "--mail needs a mail channel: the policy has no [channels.mail] of kind \"mail\"");
    const bool html = s.format() == render::Format::html;
    const auto m = notify::mail_document("mail", it->second, d.mail, r.site + " · " + r.title, page.str(),
                                         html ? "text/html" : "text/plain", "report-" + r.kind);
    if (auto failure = notify::send(m, {}))
      fail(Exit::unavailable, "the report could not be mailed to {}: {}", d.mail, notify::describe(*failure));
    s.note(fmt::format(fmt::runtime(tr("mailed to {}")), d.mail));
  }
  if (d.out.empty() && d.mail.empty()) s.out() << page.str();
}

}  // namespace

void register_report(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("report", std::string(tr("reports: daily, weekly, monthly, KPI and the forms (日报/周报/月报)")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc report daily\n  svc report daily --date 2026-11-22 --format html --out 日报.html\n"
           "  svc --json report daily | jq .exceptions");

  struct DailyArgs {
    std::string date;
    Delivery delivery;
  };
  auto da = std::make_shared<DailyArgs>();
  auto* daily = verb(noun, ctx, "daily", tr("the day's report (日报): what happened, and every exception"), kReads);
  daily->add_option("--date", da->date, std::string(tr("the day, YYYY-MM-DD (default: today)")));
  add_delivery(daily, da->delivery);
  examples(daily, "  svc report daily\n  svc report daily --date 2026-11-22 --format html --out /srv/svc/reports/日报.html\n"
                  "  svc -q report daily --format html --mail supervisor@example.com   # cron, 08:00");
  daily->callback([&ctx, da] {
    ctx.action = [da](Session& s) {
      const Date day = date_or_today(s, da->date, "--date");
      deliver(s, report::daily(s.db(), s.policy(), day, s.now()), da->delivery);
    };
  });
}

}  // namespace svc::cmd
