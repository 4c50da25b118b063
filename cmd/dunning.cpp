// svc fee remind / reminders / reminder / resolve / dunning-gaps / refer / referrals: the dunning
// ladder (催缴, domain-rules 3.5) run by cron, and what people do with its results (3.7).
#include <fmt/format.h>

#include "commands.hpp"
#include "svc/dunning.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/privacy.hpp"
#include "svc/record.hpp"
#include "svc/when.hpp"

namespace svc::cmd {

namespace {

// A name from the policy with a Chinese label in the catalogue under "PREFIX NAME" (the built-in
// ones and the example policy's); a site's own names stay as named.
std::string policy_name_label(std::string_view prefix, const std::string& name) {
  if (lang() != Lang::zh) return name;
  const std::string key = std::string(prefix) + name;
  const std::string_view zh = tr(key);
  return zh == key ? name : std::string(zh);
}

}  // namespace

std::string dunning_stage_label(const std::string& stage) { return policy_name_label("dunning stage ", stage); }

// Plain tr() would not do for channels: "visit" and "letter" are also a ticket's (来访, 来函).
std::string dunning_channel_label(const std::string& channel) { return policy_name_label("dunning channel ", channel); }

namespace {

std::string stage_label(const std::string& stage) { return dunning_stage_label(stage); }

using render::Kind;

using render::col;

std::vector<render::Column> reminder_columns() {
  return {col("id", tr("Reminder"), Kind::integer),
          col("unit", tr("Unit")),
          col("stage", tr("Stage"), Kind::text, 0, render::kHigh),
          col("channel", tr("Channel"), Kind::text, 0, render::kMedium),
          col("status", tr("Status"), Kind::label, 0, render::kHigh),
          col("attempts", tr("Attempts"), Kind::integer, 0, render::kLow),
          col("amount_fen", tr("Amount"), Kind::money, 0, render::kMedium),
          col("created_at", tr("Planned"), Kind::datetime, 0, render::kLow),
          col("sent_at", tr("Sent"), Kind::datetime, 0, render::kMedium),
          col("reason", tr("Note"), Kind::text, 48, render::kMedium)};
}

// Tables are for people: stages by name; json and csv keep the policy's codes.
std::vector<Value> for_people(Session& s, std::vector<Value> rows) {
  const auto f = s.format();
  if (f == render::Format::json || f == render::Format::csv) return rows;
  for (auto& r : rows) {
    if (r.get("stage").is_string()) r.set("stage", stage_label(r.get("stage").as_string()));
    if (r.get("channel").is_string()) r.set("channel", dunning_channel_label(r.get("channel").as_string()));
  }
  return rows;
}

std::optional<std::string> opt(const std::string& v) { return v.empty() ? std::nullopt : std::optional(v); }

// A dry run shows each message as it would go out: who to, the command, the text.
void print_preview(Session& s, const dunning::Outcome& o) {
  const auto& r = o.reminder;
  const bool reveal = s.reveal();
  auto show = [&](const std::string& text) { return reveal ? text : mask_phone_digits(text); };
  std::string head = fmt::format("#{} {} {} ({}) → {}", r.id, r.unit, stage_label(r.stage), r.cycle + 1, r.channel);
  if (r.recipient) head += " " + show(*r.recipient);
  s.out() << head << "\n";
  if (!o.attempted) {
    const auto reason = dunning::reason_text(r, s.utc_offset());
    s.out() << "  " << tr(r.status) << (reason ? ": " + *reason : std::string()) << "\n\n";
    return;
  }
  if (!o.argv.empty()) {
    std::string cmd = "  $";
    for (const auto& a : o.argv) cmd += " " + show(a);
    s.out() << cmd << "\n";
  }
  if (r.message) s.out() << "  " << *r.message << "\n";
  s.out() << "\n";
}

}  // namespace

void register_dunning(CLI::App* noun, Context& ctx) {
  // remind
  struct RemindArgs {
    dunning::RunOptions options;
    std::string stage, unit;
    bool wait = false;
  };
  auto ra = std::make_shared<RemindArgs>();
  auto* remind = verb(noun, ctx, "remind", tr("cron: plan and send overdue-fee reminders by the dunning ladder (催缴)"), kWrites);
  add_dry_run(remind, ra->options.dry_run);
  remind->add_option("--stage", ra->stage, std::string(tr("only this stage of [[fee.dunning]], e.g. notice")));
  remind->add_option("--unit", ra->unit, std::string(tr("only this unit")));
  remind->add_flag("--wait", ra->wait, std::string(tr("wait for a running `svc fee remind` instead of exiting 75")));
  remind->footer(std::string(
      tr("Each reminder is planned once per unit, stage and repeat, and marked before it is sent, so a rerun, an "
         "overlapping run or a crash never sends twice; a send cut off by a crash becomes `unknown` for a person to "
         "settle (svc fee resolve). Exit: 0 done; 69 a delivery failed or a channel was unavailable (failures are "
         "retried on later runs); 75 another run holds the lock; 77 not allowed.")));
  examples(remind,
           "  svc fee remind --dry-run              # every message that would go out, rendered\n"
           "  svc -q fee remind                     # cron: hourly; prints only trouble\n"
           "  svc fee remind --unit 3-2-1501 --stage notice");
  remind->callback([&ctx, ra] {
    ctx.action = [ra, &ctx](Session& s) {
      ra->options.stage = opt(ra->stage);
      ra->options.unit = opt(ra->unit);
      ra->options.wait = ra->wait;
      const auto r = dunning::run(s.scope(), ra->options, s.out());
      // What needs a person goes to stderr, also with -q (a dry run shows it in its preview).
      auto reason = [&](const dunning::Reminder& x) { return dunning::reason_text(x, s.utc_offset()).value_or(""); };
      if (!ra->options.dry_run) {
        for (const auto& u : r.interrupted)
          s.err() << fmt::format(fmt::runtime(tr("svc: reminder {} ({} {}) was being sent when a run was cut off: {}")),
                                 u.id, u.unit, stage_label(u.stage), reason(u))
                  << "\n";
        for (const auto& o : r.outcomes)
          if (o.reminder.status == "failed")
            s.err() << fmt::format(fmt::runtime(tr("svc: reminder {} ({} {}) failed: {}")), o.reminder.id,
                                   o.reminder.unit, stage_label(o.reminder.stage), reason(o.reminder))
                    << "\n";
        for (const auto& u : r.unreachable)
          s.err() << fmt::format(fmt::runtime(tr("svc: reminder {} ({} {}) skipped: {}")), u.id, u.unit, stage_label(u.stage),
                                 reason(u))
                  << "\n";
        for (const auto& d : r.deferred)
          s.err() << fmt::format(fmt::runtime(tr("svc: channel {} is unavailable ({}); its remaining reminders wait "
                                                 "for the next run")),
                                 d.channel, notify::describe(d.why))
                  << "\n";
      }
      if (r.trouble() && !ra->options.dry_run) ctx.status = static_cast<int>(Exit::unavailable);
      const auto summary = fmt::format(fmt::runtime(tr("planned {}, sent {}, failed {}, skipped {}, waiting {}")),
                                       r.planned, r.sent, r.failed, r.skipped, r.waiting);
      if (ra->options.dry_run && s.format() == render::Format::table) {
        for (const auto& o : r.outcomes) print_preview(s, o);
        s.note(summary);
        s.note(tr("dry run: nothing was changed or sent"));
        return;
      }
      if (r.for_a_person > 0)
        s.note(fmt::format(fmt::runtime(tr("{} reminders wait for a person (unknown or given up): svc fee reminders "
                                           "--status unknown, svc fee dunning-gaps")),
                           r.for_a_person));
      if (r.outcomes.empty() && r.interrupted.empty()) {
        if (r.for_a_person == 0) s.note(tr("nothing to do: every account in arrears has its reminder"));
        if (s.globals().quiet || s.format() == render::Format::table) return;
      }
      if (s.globals().quiet) return;  // trouble was told on stderr above
      std::vector<Value> rows;
      for (const auto& o : r.outcomes) {
        Value v = dunning::to_value(o.reminder, s.utc_offset(), s.reveal());
        if (ra->options.dry_run) {
          Value argv = Value::array();
          for (const auto& a : o.argv) argv.push(s.reveal() ? a : mask_phone_digits(a));
          v.set("argv", std::move(argv));
        }
        rows.push_back(std::move(v));
      }
      s.print_list(reminder_columns(), for_people(s, std::move(rows)));
      s.note(summary);
    };
  });

  // reminders
  struct ListArgs {
    dunning::ListFilter filter;
    std::string status, since, unit, stage;
    int limit = 0;
    bool fail_if_any = false;
  };
  auto la = std::make_shared<ListArgs>();
  auto* reminders = verb(noun, ctx, "reminders", tr("list reminders: what was planned, sent, failed or skipped"), kReads);
  reminders->add_option("--status", la->status,
                        std::string(tr("only this status: planned, sending, sent, failed, skipped, unknown")));
  reminders->add_option("--since", la->since, std::string(tr("only those planned since then, e.g. 本周, 7d, 2026-12-01")));
  reminders->add_option("--unit", la->unit, std::string(tr("only this unit")));
  reminders->add_option("--stage", la->stage, std::string(tr("only this stage")));
  reminders->add_option("--limit", la->limit, std::string(tr("only the newest N reminders")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(reminders, la->fail_if_any);
  examples(reminders, "  svc fee reminders --since 2026-11-23\n  svc fee reminders --status unknown --fail-if-any");
  reminders->callback([&ctx, la] {
    ctx.action = [la, &ctx](Session& s) {
      if (!la->status.empty()) {
        if (std::find(dunning::kStatuses.begin(), dunning::kStatuses.end(), la->status) == dunning::kStatuses.end())
          fail(Exit::usage, "--status '{}' is not a reminder status (allowed: {})", la->status,
               fmt::join(dunning::kStatuses, ", "));
        la->filter.status = la->status;
      }
      if (!la->since.empty()) la->filter.since = when::require("--since", la->since, when::Role::since, when::context(s.policy(), s.now())).at;
      la->filter.unit = opt(la->unit);
      la->filter.stage = opt(la->stage);
      std::vector<Value> rows;
      for (const auto& r : dunning::list(s.db(), s.policy(), la->filter)) rows.push_back(dunning::to_value(r, s.utc_offset(), s.reveal()));
      record::keep_newest(rows, la->limit);
      if (la->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
      s.print_list(reminder_columns(), for_people(s, std::move(rows)));
    };
  });

  // reminder ID
  auto shown = std::make_shared<std::string>();
  auto* reminder = verb(noun, ctx, "reminder", tr("show one reminder with the message it sent"), kReads);
  reminder->add_option("ID", *shown, std::string(tr("reminder id, as `svc fee reminders` shows")))->required();
  examples(reminder, "  svc fee reminder 12\n  svc --json fee reminder 12");
  reminder->callback([&ctx, shown] {
    ctx.action = [shown](Session& s) {
      const auto r = dunning::get(s.db(), *shown);
      auto columns = reminder_columns();
      columns.push_back(col("episode", tr("Oldest due"), Kind::date));
      columns.push_back(col("due_at", tr("Due"), Kind::datetime));
      columns.push_back(col("recipient", tr("Recipient")));
      columns.push_back(col("visit", tr("Visit")));
      columns.push_back(col("message", tr("Message")));
      s.print_record(columns, for_people(s, {dunning::to_value(r, s.utc_offset(), s.reveal())}).front());
    };
  });

  // resolve
  struct ResolveArgs {
    std::string id, note;
    bool sent = false, retry = false;
  };
  auto rs = std::make_shared<ResolveArgs>();
  auto* resolve = verb(noun, ctx, "resolve", tr("settle an unknown, given-up or skipped reminder: --sent (it was delivered) or --retry (supervisor)"), kWrites);
  resolve->add_option("ID", rs->id, std::string(tr("reminder id")))->required();
  auto* sent = resolve->add_flag("--sent", rs->sent, std::string(tr("it was delivered: record it as sent")));
  auto* retry = resolve->add_flag("--retry", rs->retry, std::string(tr("send it again on the next run")));
  sent->excludes(retry);
  resolve->add_option("--note", rs->note, std::string(tr("what was checked")));
  examples(resolve, "  svc fee resolve 12 --sent --note \"SMS gateway log shows it delivered\"\n"
                    "  svc fee resolve 12 --retry");
  resolve->callback([&ctx, rs] {
    ctx.action = [rs](Session& s) {
      if (!rs->sent && !rs->retry) fail(Exit::usage, "say what happened: --sent or --retry");
      const auto r = s.write({rs->sent ? "fee.resolve.sent" : "fee.resolve.retry", rs->id},
                             [&](Op& op) { return dunning::resolve(op, rs->id, rs->sent, opt(rs->note)); });
      s.note(fmt::format(fmt::runtime(tr(rs->sent ? "reminder {} recorded as sent" : "reminder {} will be sent on the next run")),
                         r.id));
    };
  });

  // dunning-gaps
  auto gaps_fail = std::make_shared<bool>(false);
  auto* gaps = verb(noun, ctx, "dunning-gaps", tr("accounts in arrears not reminded at their current stage, or reminded late (漏催/迟催)"), kReads);
  add_fail_if_any(gaps, *gaps_fail);
  examples(gaps, "  svc fee dunning-gaps\n  svc -q fee dunning-gaps --fail-if-any   # monitoring: exit 1 when any");
  gaps->callback([&ctx, gaps_fail] {
    ctx.action = [gaps_fail, &ctx](Session& s) {
      const auto g = dunning::gaps(s.db(), s.policy(), s.now());
      std::vector<Value> rows;
      for (const auto& gap : g.gaps) rows.push_back(dunning::to_value(gap, s.utc_offset()));
      if (*gaps_fail && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
      const auto chased = g.on_time();
      if (s.format() == render::Format::json) {
        // A summary (svc(1) FORMATS): the gaps, and the 催缴率 with its numerator and denominator.
        fee::Summary sum;
        sum.about = {{"as_of", Value(format_iso(s.now(), s.utc_offset()))}};
        sum.rows = std::move(rows);
        sum.total.set("accounts", Value(static_cast<long long>(g.accounts)));
        sum.total.set("on_time", Value(static_cast<long long>(chased)));
        sum.total.set("gaps", Value(static_cast<long long>(g.gaps.size())));
        sum.total.set("rate", fee::ratio(chased, g.accounts));
        s.print_record({}, fee::to_value(sum));
      } else {
        s.print_list({col("unit", tr("Unit")), col("owner", tr("Owner"), Kind::text, 16, render::kMedium),
                      col("amount_fen", tr("Amount"), Kind::money),
                      col("oldest_due_on", tr("Oldest due"), Kind::date, 0, render::kLow),
                      col("stage", tr("Stage"), Kind::text, 0, render::kHigh),
                      col("due_at", tr("Due"), Kind::datetime, 0, render::kMedium),
                      col("problem", tr("Gap"), Kind::label, 0, render::kHigh),
                      col("reminder", tr("Reminder"), Kind::integer, 0, render::kLow),
                      col("detail", tr("Note"), Kind::text, 40, render::kMedium)},
                     for_people(s, std::move(rows)));
      }
      s.note(fmt::format(fmt::runtime(tr("dunning rate (催缴率): {} of {} accounts in arrears reminded on time ({})")),
                         chased, g.accounts, fee::percent(chased, g.accounts)));
    };
  });

  // refer / referrals
  struct ReferArgs {
    std::string unit, reason;
    bool legal = false;
  };
  auto rf = std::make_shared<ReferArgs>();
  auto* refer = verb(noun, ctx, "refer", tr("refer a unit's arrears to legal channels (manager)"), kWrites);
  refer->add_option("UNIT", rf->unit, std::string(tr("unit code, e.g. 3-2-1501")))->required();
  refer->add_flag("--legal", rf->legal, std::string(tr("legal channels (法律途径): the only referral there is")))->required();
  refer->add_option("--reason", rf->reason, std::string(tr("why: e.g. committee mediation failed")))->required();
  examples(refer, "  svc fee refer 3-2-1501 --legal --reason \"refused for 8 months; committee mediation failed\"");
  refer->callback([&ctx, rf] {
    ctx.action = [rf](Session& s) {
      const auto r = s.write({"fee.refer", rf->unit}, [&](Op& op) { return dunning::refer(op, rf->unit, rf->reason); });
      s.note(fmt::format(fmt::runtime(tr("{} referred to legal channels with {} overdue")), r.unit, format_yuan(r.amount)));
    };
  });
  auto ref_unit = std::make_shared<std::string>();
  auto* referrals = verb(noun, ctx, "referrals", tr("legal referrals of arrears"), kReads);
  referrals->add_option("--unit", *ref_unit, std::string(tr("only this unit")));
  examples(referrals, "  svc fee referrals\n  svc fee referrals --unit 3-2-1501");
  referrals->callback([&ctx, ref_unit] {
    ctx.action = [ref_unit](Session& s) {
      std::vector<Value> rows;
      for (const auto& r : dunning::referrals(s.db(), opt(*ref_unit))) rows.push_back(dunning::to_value(r, s.utc_offset()));
      s.print_list({col("id", tr("Referral"), Kind::integer), col("unit", tr("Unit")),
                    col("amount_fen", tr("Amount"), Kind::money),
                    col("oldest_due_on", tr("Oldest due"), Kind::date, 0, render::kMedium),
                    col("reason", tr("Reason"), Kind::text, 0, render::kHigh), col("by", tr("By"), Kind::staff, 0, render::kMedium),
                    col("created_at", tr("At"), Kind::datetime, 0, render::kLow)},
                   rows);
    };
  });
}

}  // namespace svc::cmd
