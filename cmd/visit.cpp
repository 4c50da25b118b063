// svc visit: callbacks after repairs and complaints (回访), what is owed, and the visit log.
#include <fmt/format.h>

#include "commands.hpp"
#include "record_view.hpp"
#include "svc/duration.hpp"
#include "svc/error.hpp"
#include "svc/complaint.hpp"
#include "svc/ticket.hpp"
#include "svc/unit.hpp"
#include "svc/visit.hpp"

namespace svc::cmd {
namespace {

std::vector<render::Column> visit_columns() {
  return {{"ref", std::string(tr("Visit")), render::Kind::text, 0},
          {"kind", std::string(tr("Kind")), render::Kind::label, 0},
          {"ticket", std::string(tr("Ticket")), render::Kind::text, 0},
          {"complaint", std::string(tr("Complaint")), render::Kind::text, 0},
          {"unit", std::string(tr("Unit")), render::Kind::text, 0},
          {"due_at", std::string(tr("Due")), render::Kind::datetime, 0},
          {"done_at", std::string(tr("Done")), render::Kind::datetime, 0},
          {"method", std::string(tr("Method")), render::Kind::label, 0},
          {"rating", std::string(tr("Rating")), render::Kind::integer, 0},
          {"rating_label", std::string(tr("Satisfaction")), render::Kind::text, 0},
          {"by", std::string(tr("By")), render::Kind::text, 0},
          {"note", std::string(tr("Note")), render::Kind::text, 30}};
}

}  // namespace

void register_visit(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("visit", std::string(tr("callbacks (回访) and visits: log, due, list, show")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc visit due\n  svc visit due --within 1d --overdue\n"
           "  svc visit log --ticket T12 --method phone --rating 5 --note '已修好'\n"
           "  svc visit log --ticket T13 --method onsite --rating 2 --note '仍漏水'   # reopens T13\n"
           "  svc visit list --ticket T12");

  struct LogArgs {
    std::string ticket, complaint, unit, planned, method, note, to;
    std::optional<int> rating;
  };
  auto la = std::make_shared<LogArgs>();
  auto* log = verb(noun, ctx, "log", tr("log a callback or visit with the owner's rating (1..5, named by the policy's visit.scale)"), kWrites);
  log->add_option("--ticket", la->ticket, std::string(tr("the repair ticket called back, e.g. T12")));
  log->add_option("--complaint", la->complaint, std::string(tr("the complaint called back, e.g. C7")));
  log->add_option("--unit", la->unit, std::string(tr("an outreach visit or call to this unit (走访)")));
  log->add_option("--visit", la->planned, std::string(tr("a planned visit now done, e.g. V30 (see 'svc visit due')")));
  log->add_option("--method", la->method, std::string(tr("phone or onsite")))->required();
  log->add_option_function<int>("--rating", [la](const int& v) { la->rating = v; },
                                std::string(tr("1..5, worst to best: the labels of the policy's visit.scale (see 'svc policy explain visit.scale')")));
  log->add_option("--note", la->note, std::string(tr("what the owner said")));
  log->add_option("--to", la->to, std::string(tr("if a low rating reopens the ticket: the technician (default: the same)")));
  log->callback([&ctx, la] {
    ctx.action = [la](Session& s) {
      const int given = (la->ticket.empty() ? 0 : 1) + (la->complaint.empty() ? 0 : 1) + (la->unit.empty() ? 0 : 1) +
                        (la->planned.empty() ? 0 : 1);
      if (given != 1) fail(Exit::usage, "give exactly one of --ticket, --complaint, --unit or --visit");
      // The owner's rating is the point of a callback or outreach visit; a planned home visit
      // (e.g. for dunning) may have none.
      if (!la->rating && la->planned.empty()) fail(Exit::usage, "--rating is required ({})", visit::scale_text(s.policy()));
      const int rating = la->rating.value_or(0);
      auto opt = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
      if (!la->ticket.empty()) {
        const auto id = ticket::parse_ref(la->ticket);
        const auto r = s.write(
            {"visit.log", "T" + std::to_string(id)},
            [&](Op& c) { return ticket::record_callback(c, id, la->method, rating, opt(la->note), opt(la->to)); },
            [&](const visit::Result<ticket::Ticket>& done) { s.out() << fmt::format("V{}", done.visit.id) << '\n'; });
        if (r.reopened)
          s.note(fmt::format(fmt::runtime(tr("rating {} is at or below {}: {} is reopened and back with {}")), rating,
                             s.policy().ticket.callback.reopen_at_or_below, r.record.ref(), r.record.assignee.value_or("-")));
        return;
      }
      if (!la->complaint.empty()) {
        const auto id = complaint::parse_ref(la->complaint);
        const auto r = s.write(
            {"visit.log", "C" + std::to_string(id)},
            [&](Op& c) { return complaint::record_callback(c, id, la->method, rating, opt(la->note)); },
            [&](const visit::Result<complaint::Complaint>& done) { s.out() << fmt::format("V{}", done.visit.id) << '\n'; });
        if (r.reopened)
          s.note(fmt::format(fmt::runtime(tr("rating {} is at or below {}: {} is reopened")), rating,
                             s.policy().ticket.callback.reopen_at_or_below, r.record.ref()));
        return;
      }
      auto print = [&](const visit::Visit& v) { s.out() << fmt::format("V{}", v.id) << '\n'; };
      if (!la->planned.empty()) {
        const auto id = visit::parse_ref(la->planned);
        s.write({"visit.log", "V" + std::to_string(id)},
                [&](Op& c) { return visit::complete(c, id, la->method, la->rating, opt(la->note)); }, print);
        return;
      }
      s.write({"visit.log", la->unit},
              [&](Op& c) { return visit::log_outreach(c, la->unit, la->method, rating, opt(la->note)); }, print);
    };
  });

  struct DueArgs {
    std::string within, assignee;
    bool overdue = false, fail_if_any = false;
  };
  auto da = std::make_shared<DueArgs>();
  auto* due = verb(noun, ctx, "due", tr("callbacks and visits owed, soonest first; overdue ones marked"), kReads);
  due->add_option("--within", da->within, std::string(tr("only those due within this time, e.g. 2d")));
  due->add_flag("--overdue", da->overdue, std::string(tr("only overdue ones")));
  due->add_option("--to", da->assignee, std::string(tr("only visits assigned to this login")));
  add_fail_if_any(due, da->fail_if_any);
  due->callback([&ctx, da] {
    ctx.action = [da, &ctx](Session& s) {
      visit::DueFilter f;
      if (!da->within.empty()) f.within = seconds_of("--within", da->within);
      f.overdue_only = da->overdue;
      if (!da->assignee.empty()) f.assignee = da->assignee;
      std::vector<Value> rows;
      for (const auto& d : visit::due(s.db(), s.policy(), s.now(), f)) {
        Value v = visit::to_value(d, s.utc_offset());
        if (!d.due_at)  // a leak test owed: no deadline, how long it has waited
          v.set("left", fmt::format(fmt::runtime(tr("waiting {}")), deadline::format_span(s.now() - d.since.value_or(s.now()))));
        else
          v.set("left", d.seconds_left >= 0 ? deadline::format_span(d.seconds_left)
                                            : fmt::format(fmt::runtime(tr("{} late")), deadline::format_span(d.seconds_left)));
        rows.push_back(v);
      }
      s.print_list({{"subject", std::string(tr("For")), render::Kind::text, 0},
                    {"kind", std::string(tr("Kind")), render::Kind::label, 0},
                    {"unit", std::string(tr("Unit")), render::Kind::text, 0},
                    {"due_at", std::string(tr("Due")), render::Kind::datetime, 0},
                    {"state", std::string(tr("State")), render::Kind::label, 0},
                    {"left", std::string(tr("Left")), render::Kind::text, 0},
                    {"assignee", std::string(tr("Assigned")), render::Kind::text, 0}},
                   rows);
      if (da->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  struct ListArgs {
    visit::ListFilter filter;
    std::string since;
  };
  auto li = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("visits logged and planned"), kReads);
  list->add_option_function<std::string>("--kind", [li](const std::string& v) { li->filter.kind = v; }, std::string(tr("callback, outreach, survey or dunning")))
      ->check(CLI::IsMember({"callback", "outreach", "survey", "dunning"}));
  list->add_option_function<std::string>("--ticket", [li](const std::string& v) { li->filter.subject = "T" + std::to_string(ticket::parse_ref(v)); }, std::string(tr("only this ticket's callbacks")));
  list->add_option_function<std::string>("--unit", [li](const std::string& v) { li->filter.unit = v; }, std::string(tr("only this unit")));
  list->add_option("--since", li->since, std::string(tr("only visits at or after this date or time")));
  list->add_option("--limit", li->filter.limit, std::string(tr("at most N visits")))->check(CLI::NonNegativeNumber);
  list->callback([&ctx, li] {
    ctx.action = [li](Session& s) {
      if (!li->since.empty()) {
        li->filter.since = parse_time(li->since, s.utc_offset());
        if (!li->filter.since) fail(Exit::usage, "--since '{}' is not a time (expected ISO-8601, e.g. 2026-11-22)", li->since);
      }
      std::vector<Value> rows;
      for (const auto& v : visit::list(s.db(), li->filter)) rows.push_back(visit::to_value(v, s.policy()));
      s.print_list(visit_columns(), rows);
    };
  });

  auto ref = std::make_shared<std::string>();
  auto* show = verb(noun, ctx, "show", tr("one visit"), kReads);
  show->add_option("VISIT", *ref, std::string(tr("visit, e.g. V30")))->required();
  show->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      s.print_record(visit_columns(), visit::to_value(visit::get(s.db(), visit::parse_ref(*ref)), s.policy()));
    };
  });
}

}  // namespace svc::cmd
