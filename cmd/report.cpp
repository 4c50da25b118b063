// svc report: the daily, weekly and monthly reports, the KPI page and the forms (domain-rules 8,
// 11), in every format, to stdout, a file (--out, written atomically) or a mailbox (--mail).
#include <fmt/format.h>

#include <sstream>

#include "commands.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/fileio.hpp"
#include "svc/notify.hpp"
#include "svc/render/report.hpp"
#include "svc/report.hpp"
#include "svc/strings.hpp"
#include "svc/when.hpp"

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
  return when::require_day(option, text, when::context(s.policy(), s.now()), when::Look::back);
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

// A month option, or the current month at the site.
fee::Period month_or_current(Session& s, const std::string& text) {
  if (text.empty()) return fee::period_of(local_date(s.now(), s.utc_offset()));
  auto p = fee::parse_period(text);
  if (!p) fail(Exit::usage, "--month '{}' is not a month (expected YYYY-MM, e.g. 2026-11)", text);
  return *p;
}

// A week option ("2026-W48"), or the week of today at the site.
Date week_or_current(Session& s, const std::string& text) {
  if (text.empty()) {
    const Date today = local_date(s.now(), s.utc_offset());
    return civil_from_days(days_from_civil(today) - weekday(today));
  }
  auto monday = parse_iso_week(text);
  if (!monday) fail(Exit::usage, "--week '{}' is not an ISO week (expected YYYY-Www, e.g. 2026-W48)", text);
  return *monday;
}

// The arguments of a monthly verb: the month, where it goes.
struct MonthArgs {
  std::string month;
  bool kinds = false;
  Delivery delivery;
};

// A report verb over a month: --month, --out, --mail; `make` computes the report.
template <typename Make>
std::pair<CLI::App*, std::shared_ptr<MonthArgs>> month_verb(CLI::App* noun, Context& ctx, const std::string& name, std::string_view help,
                     std::string_view example, Make make) {
  auto a = std::make_shared<MonthArgs>();
  auto* sub = verb(noun, ctx, name, help, kReads);
  sub->add_option("--month", a->month, std::string(tr("the month, YYYY-MM (default: this month)")));
  add_delivery(sub, a->delivery);
  examples(sub, example);
  sub->callback([&ctx, a, make] {
    ctx.action = [a, make](Session& s) {
      const auto m = month_or_current(s, a->month);
      deliver(s, make(s, m, *a), a->delivery);
    };
  });
  return {sub, a};
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
  daily->add_option("--date", da->date, std::string(tr("the day, e.g. 昨天, 周五, 2026-12-01 (default: today)")));
  add_delivery(daily, da->delivery);
  examples(daily, "  svc report daily\n  svc report daily --date 2026-11-22 --format html --out /srv/svc/reports/日报.html\n"
                  "  svc -q report daily --format html --mail supervisor@example.com   # cron, 08:00");
  daily->callback([&ctx, da] {
    ctx.action = [da](Session& s) {
      const Date day = date_or_today(s, da->date, "--date");
      deliver(s, report::daily(s.db(), s.policy(), day, s.now()), da->delivery);
    };
  });

  struct WeekArgs {
    std::string week;
    Delivery delivery;
  };
  auto wa = std::make_shared<WeekArgs>();
  auto* weekly = verb(noun, ctx, "weekly", tr("the week's complaint and suggestion analysis (周报, 客户访谈记录表)"), kReads);
  weekly->add_option("--week", wa->week, std::string(tr("the ISO week, YYYY-Www (default: this week)")));
  add_delivery(weekly, wa->delivery);
  examples(weekly, "  svc report weekly\n  svc report weekly --week 2026-W47 --format md\n"
                   "  svc -q report weekly --format html --mail quality@example.com   # cron, Sunday 18:00");
  weekly->callback([&ctx, wa] {
    ctx.action = [wa](Session& s) {
      deliver(s, report::weekly(s.db(), s.policy(), week_or_current(s, wa->week), s.now()), wa->delivery);
    };
  });

  month_verb(noun, ctx, "monthly", tr("the month's report (月报): repairs, complaints, fees, visits, patrols, the desk, KPIs"),
             "  svc report monthly --month 2026-10\n  svc report monthly --month 2026-10 --format html --out 月报.html",
             [](Session& s, fee::Period m, const MonthArgs&) {
               return report::monthly(s.db(), s.policy(), m.year, m.month, s.now());
             });
  month_verb(noun, ctx, "kpi", tr("the quality targets (质量目标) of the month: target, actual, met"),
             "  svc report kpi --month 2026-10\n  svc --json report kpi --month 2026-10 | jq '.kpi.targets[] | select(.met == false)'",
             [](Session& s, fee::Period m, const MonthArgs&) {
               return report::kpi(s.db(), s.policy(), m.year, m.month, s.now());
             });
  auto [complaints, ca] = month_verb(
      noun, ctx, "complaints", tr("the month's complaint form (投诉月度汇总表)"),
      "  svc report complaints --month 2026-10\n  svc report complaints --month 2026-10 --kinds --format csv > 投诉月汇总.csv",
      [](Session& s, fee::Period m, const MonthArgs& a) {
        return report::complaints_form(s.db(), s.policy(), m.year, m.month, a.kinds, s.reveal(), s.now());
      });
  complaints->add_flag("--kinds", ca->kinds,
                       std::string(tr("the 投诉(建议、咨询)月汇总表: complaints, suggestions and enquiries, with a kind column")));
  month_verb(noun, ctx, "repairs", tr("the month's repairs form (维修汇总表)"),
             "  svc report repairs --month 2026-10 --format csv > 维修汇总.csv",
             [](Session& s, fee::Period m, const MonthArgs&) {
               return report::repairs_form(s.db(), s.policy(), m.year, m.month, s.reveal(), s.now());
             });
  month_verb(noun, ctx, "patrols", tr("the month's patrols (巡查): plan adherence by route and person, open findings, violations"),
             "  svc report patrols --month 2026-10\n  svc --json report patrols --month 2026-10 | jq .patrols.by_person",
             [](Session& s, fee::Period m, const MonthArgs&) {
               return report::patrols(s.db(), s.policy(), m.year, m.month, s.now());
             });
  month_verb(noun, ctx, "fees", tr("the month's fees form (收费月报): per item, billed, collected, 收缴率"),
             "  svc report fees --month 2026-10 --format csv > 收费月报.csv",
             [](Session& s, fee::Period m, const MonthArgs&) {
               return report::fees_form(s.db(), s.policy(), m.year, m.month, s.now());
             });

  struct NoteArgs {
    std::string month, section, file;
  };
  auto na = std::make_shared<NoteArgs>();
  auto* note = verb(noun, ctx, "note", tr("write the manager's analysis of a month (原因分析、经验教训、整改措施)"), kWrites);
  note->add_option("--month", na->month, std::string(tr("the month, YYYY-MM")))->required();
  note->add_option("--section", na->section, fmt::format(fmt::runtime(tr("the section it is about: {}")), join(report::kNoteSections)))
      ->required();
  note->add_option("--file", na->file, std::string(tr("the text, UTF-8 (- for standard input)")))->required();
  examples(note, "  svc report note --month 2026-10 --section complaints --file 十月投诉分析.txt\n"
                 "  echo '电梯困人两起，已与维保单位约谈。' | svc report note --month 2026-10 --section repairs --file -");
  note->callback([&ctx, na] {
    ctx.action = [na](Session& s) {
      const auto m = month_or_current(s, na->month);
      std::string text = s.read_input(na->file);
      if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // the BOM Windows editors write
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
      s.write({"report.note", fmt::format("{}/{}", fee::format_period(m), na->section)},
              [&](Op& op) { report::set_note(op, m.year, m.month, na->section, text); });
      s.note(fmt::format(fmt::runtime(tr("noted: {} {}")), fee::format_period(m), na->section));
    };
  });
}

}  // namespace svc::cmd
