// svc visit: callbacks (回访), outreach visits and their plan (走访), dunning home visits, what is
// owed, the annual survey (征询) and the satisfaction rate (满意率).
#include <fmt/format.h>

#include <algorithm>

#include "commands.hpp"
#include "record_view.hpp"
#include "svc/duration.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/record.hpp"
#include "svc/render/narrate.hpp"
#include "svc/staff.hpp"
#include "svc/survey.hpp"
#include "svc/ticket.hpp"
#include "svc/visit.hpp"
#include "svc/when.hpp"

namespace svc::cmd {
namespace {

using render::Kind;

using render::col;

std::vector<render::Column> visit_columns() {
  return {col("ref", tr("Visit")),
          col("kind", tr("Kind"), Kind::label, 0, render::kHigh),
          col("ticket", tr("Ticket"), Kind::text, 0, render::kMedium),
          col("complaint", tr("Complaint"), Kind::text, 0, render::kMedium),
          col("unit", tr("Unit")),
          col("due_at", tr("Due"), Kind::datetime, 0, render::kLow),
          col("done_at", tr("Done"), Kind::datetime, 0, render::kHigh),
          col("method", tr("Method"), Kind::text, 0, render::kLow),
          col("rating", tr("Rating"), Kind::integer, 0, render::kHigh),
          col("rating_label", tr("Satisfaction"), Kind::text, 0, render::kLow),
          col("outcome", tr("Outcome"), Kind::text, 0, render::kMedium),
          col("by", tr("By"), Kind::staff, 0, render::kMedium),
          col("note", tr("Note"), Kind::text, 30, render::kHigh)};
}

// The columns of `show`: every field.
std::vector<render::Column> visit_detail_columns() {
  auto c = visit_columns();
  c.insert(c.begin() + 2, col("status", tr("Status"), Kind::label));
  c.insert(c.end() - 1, {col("assignee", tr("Assigned"), Kind::staff), col("promised_by", tr("Promised by"), Kind::date),
                         col("attempts", tr("Nobody home"), Kind::integer), col("reminder", tr("Reminder")),
                         col("opened_ticket", tr("Opened ticket")), col("opened_complaint", tr("Opened complaint"))});
  return c;
}

// Tables are for people: methods and outcomes in words; json and csv keep the codes.
Value for_people(Session& s, Value v) {
  const auto f = s.format();
  if (f == render::Format::json || f == render::Format::csv) return v;
  // "phone" is 来电 as the channel a request came in by, 电话 as the way a callback was made.
  if (v.get("method").is_string()) v.set("method", std::string(trc("method", v.get("method").as_string())));
  if (v.get("outcome").is_string()) v.set("outcome", render::visit_outcome(v.get("outcome").as_string()));
  return v;
}

std::optional<std::string> opt(const std::string& v) { return v.empty() ? std::nullopt : std::optional(v); }

// A period given as --month or --from/--to (dates, both included); nullopt when neither.
struct PeriodArgs {
  std::string month, from, to;
};
std::optional<std::pair<Date, Date>> period_of(Session& s, const PeriodArgs& p) {
  if (!p.month.empty() && (!p.from.empty() || !p.to.empty()))
    fail(Exit::usage, "give --month or --from/--to, not both");
  if (!p.month.empty()) {
    const auto m = fee::parse_period(p.month);
    if (!m) fail(Exit::usage, "--month '{}' is not a month (expected YYYY-MM, e.g. 2026-11)", p.month);
    return std::pair{fee::first_day(*m), fee::last_day(*m)};
  }
  if (p.from.empty() && p.to.empty()) return std::nullopt;
  if (p.from.empty()) fail(Exit::usage, "--to needs --from (the first day of the period)");
  const auto moment = when::context(s.policy(), s.now());
  auto date = [&moment](std::string_view option, const std::string& text) {
    return when::require_day(option, text, moment, when::Look::back);
  };
  const Date from = date("--from", p.from);
  const Date to = p.to.empty() ? local_date(s.now(), s.utc_offset()) : date("--to", p.to);
  if (to < from) fail(Exit::usage, "--to {} is before --from {}", format_date(to), format_date(from));
  return std::pair{from, to};
}

void add_period(CLI::App* sub, PeriodArgs& p, std::string_view what) {
  sub->add_option("--month", p.month, std::string(tr("a month, YYYY-MM")));
  sub->add_option("--from", p.from, fmt::format(fmt::runtime(tr("the first day of the period, e.g. 11/1, 2026-11-01 ({})")), tr(what)));
  sub->add_option("--to", p.to, std::string(tr("the last day of the period, e.g. 昨天, 2026-11-30 (default today)")));
}

// A login given to a filter must be a staff member (exit 66 naming it otherwise).
std::string staff_login(Session& s, const std::string& login) { return staff::get(s.db(), login).login; }

void register_log(CLI::App* noun, Context& ctx) {
  auto in = std::make_shared<visit::Log>();
  auto* log = verb(noun, ctx, "log",
                   tr("log a callback or visit with the owner's rating (1..5, named by the policy's visit.scale)"), kWrites);
  auto text = [&](const char* name, std::optional<std::string>& dst, std::string_view help) {
    log->add_option_function<std::string>(name, [&dst](const std::string& v) { dst = v; }, std::string(help));
  };
  // The subject as a word: T12, C7, V30 or a unit's code (fewer keystrokes than --ticket T12).
  auto subject = std::make_shared<std::string>();
  log->add_option("SUBJECT", *subject,
                  std::string(tr("what is called back or visited: a ticket (T12), a complaint (C7), a planned visit (V30) or a unit")));
  text("--ticket", in->ticket, tr("the repair ticket called back, e.g. T12"));
  text("--complaint", in->complaint, tr("the complaint called back, e.g. C7"));
  text("--unit", in->unit, tr("an outreach visit or call to this unit (走访)"));
  text("--visit", in->visit, tr("a planned visit now done, e.g. V30 (see 'svc visit due')"));
  log->add_option("-m,--method", in->method, std::string(tr("phone (the default) or onsite")));
  text("-r,--rating", in->rating,
       tr("1..5, worst to best: the labels of the policy's visit.scale (see 'svc policy explain visit.scale'); the label itself too"));
  text("--outcome", in->outcome, tr("a dunning home visit: met, promised, refused or nobody_home; any planned visit: nobody_home"));
  text("--promised-by", in->promised_by, tr("with --outcome promised: the date the owner will pay by"));
  text("--next", in->next, tr("with --outcome nobody_home: the date to go again (default the next working day)"));
  text("-n,--note", in->note, tr("what the owner said"));
  text("--to", in->to, tr("if a low rating reopens the ticket: the technician (default: the same)"));
  text("--new-ticket", in->found.ticket_category, tr("open a repair ticket of this category for the unit, from what the visit found"));
  text("--desc", in->found.desc, tr("with --new-ticket: what is to be repaired (default: the --note)"));
  log->add_flag("--urgent", in->found.urgent, std::string(tr("with --new-ticket: an urgent repair")));
  text("--appoint", in->found.appoint, tr("with --new-ticket: the agreed time of a scheduled repair"));
  text("--new-complaint", in->found.complaint_subject, tr("open a complaint about this, for the unit, from what the visit found"));
  text("--details", in->found.details, tr("with --new-complaint: what happened and what the owner asks"));
  text("--severity", in->found.severity, tr("with --new-complaint: major, important or minor (default minor)"));
  examples(log,
           "  svc visit log T12 -r 5 -n 已修好          # a callback by phone (the default method)\n"
           "  svc visit log --ticket T12 --method phone --rating 5 --note '已修好'\n"
           "  svc visit log --visit V30 --method onsite --rating 满意\n"
           "  svc visit log --visit V31 --method onsite --outcome promised --promised-by 2026-12-31\n"
           "  svc visit log --visit V32 --method onsite --outcome nobody_home\n"
           "  svc visit log --unit 3-1-101 --method onsite --rating 3 --note '卫生间渗水' --new-ticket leak --urgent");
  log->callback([&ctx, in, subject] {
    ctx.action = [in, subject](Session& s) {
      if (!subject->empty()) {
        const std::string& v = *subject;
        const char head = static_cast<char>(v.front() & ~0x20);
        const bool ref = v.size() > 1 && std::all_of(v.begin() + 1, v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        auto& field = !ref ? in->unit : head == 'T' ? in->ticket : head == 'C' ? in->complaint : head == 'V' ? in->visit : in->unit;
        if (field) fail(Exit::usage, "give the subject once: '{}' and '{}' name the same kind", v, *field);
        field = v;
      }
      std::string entity = in->unit.value_or("");
      if (in->ticket) entity = "T" + std::to_string(ticket::parse_ref(*in->ticket));
      if (in->complaint) entity = record::ref(record::Kind::complaint, record::parse_ref(record::Kind::complaint, *in->complaint));
      if (in->visit) entity = "V" + std::to_string(visit::parse_ref(*in->visit));
      const auto r = s.write({"visit.log", entity}, [&](Op& c) { return visit::log(c, *in); },
                             [&](const visit::Logged& done) { s.out() << done.visit.ref() << '\n'; });
      if (r.reopened && r.reopened->front() == 'T')
        s.note(fmt::format(fmt::runtime(tr("rating {} is at or below {}: {} is reopened and back with {}")),
                           r.visit.rating.value_or(0), s.policy().ticket.callback.reopen_at_or_below, *r.reopened,
                           r.reopened_to.value_or("-")));
      else if (r.reopened)
        s.note(fmt::format(fmt::runtime(tr("rating {} is at or below {}: {} is reopened")), r.visit.rating.value_or(0),
                           s.policy().ticket.callback.reopen_at_or_below, *r.reopened));
      if (r.nobody_home)
        s.note(fmt::format(fmt::runtime(tr("nobody home: {} is owed again on {}")), r.visit.ref(),
                           format_date(local_date(r.visit.due_at.value_or(0), s.utc_offset()))));
      for (const auto& opened : {r.ticket, r.complaint})
        if (opened) s.note(fmt::format(fmt::runtime(tr("{} opened from {}")), *opened, r.visit.ref()));
    };
  });
}

void register_plan(CLI::App* noun, Context& ctx) {
  struct Args {
    visit::OutreachRequest req;
    bool dry_run = false;
  };
  auto a = std::make_shared<Args>();
  auto* plan = verb(noun, ctx, "plan",
                    tr("plan the outreach visits (走访计划): every lived-in unit once a period, evenly over the working "
                       "days and the assistants"),
                    kWrites);
  plan->add_option_function<std::string>("--every", [a](const std::string& v) { a->req.every = v; },
                                          std::string(tr("the period, whole months or years (default the policy's visit.outreach_every)")));
  plan->add_option_function<std::string>("--from", [a](const std::string& v) { a->req.from = v; },
                                          std::string(tr("the period's first day (default: the period holding today)")));
  add_dry_run(plan, a->dry_run);
  examples(plan, "  svc visit plan --dry-run\n  svc visit plan\n  svc visit plan --from 2027-01-01 --every 6mo");
  plan->callback([&ctx, a] {
    ctx.action = [a](Session& s) {
      const auto p = s.write({"visit.plan", "outreach", a->dry_run}, [&](Op& c) { return visit::plan_outreach(c, a->req); },
                             [&](const visit::OutreachPlan& done) {
                               const Value v = visit::to_value(done, a->dry_run);
                               if (s.format() == render::Format::json) return s.print_record({}, v);
                               s.print_list({col("ref", tr("Visit")), col("unit", tr("Unit")), col("date", tr("Date"), Kind::date),
                                             col("assignee", tr("Assigned"), Kind::staff)},
                                            v.get("visits").as_array());
                               if (s.format() == render::Format::csv) return;
                               s.out() << '\n' << tr("Load per person") << '\n';
                               s.print_list({col("assignee", tr("Assigned")), col("name", tr("Name")),
                                             col("before", tr("Before"), Kind::integer), col("added", tr("Added"), Kind::integer),
                                             col("total", tr("Total"), Kind::integer)},
                                            v.get("load").as_array());
                             });
      s.note(fmt::format(
          fmt::runtime(a->dry_run ? tr("dry run: would plan {} outreach visits for {} – {} over {} working days; {} of {} "
                                       "lived-in units have one already; {} vacant and {} entrusted homes are left to the "
                                       "patrols")
                                  : tr("planned {} outreach visits for {} – {} over {} working days; {} of {} lived-in units "
                                       "have one already; {} vacant and {} entrusted homes are left to the patrols")),
          p.visits.size(), format_date(p.from), format_date(p.to), p.days, p.already, p.lived_in, p.vacant, p.entrusted));
    };
  });
}

void register_due(CLI::App* noun, Context& ctx) {
  struct DueArgs {
    std::string within, assignee, kind;
    bool overdue = false, fail_if_any = false;
  };
  auto da = std::make_shared<DueArgs>();
  auto* due = verb(noun, ctx, "due", tr("callbacks and visits owed, soonest first; overdue ones marked"), kReads);
  due->add_option("--within", da->within, std::string(tr("only those due within this time, e.g. 2d")));
  due->add_flag("--overdue", da->overdue, std::string(tr("only overdue ones")));
  due->add_option("--to", da->assignee, std::string(tr("only visits assigned to this login")));
  due->add_option("--kind", da->kind,
                  std::string(tr("only this kind: callback, outreach, dunning, survey, leak_test or follow_up (after a violation's penalty)")))
      ->transform(value_set("--kind", {"callback", "outreach", "dunning", "survey", "leak_test", "follow_up"}));
  add_fail_if_any(due, da->fail_if_any);
  examples(due, "  svc visit due --within 1d\n  svc visit due --overdue --to chenjing\n  svc visit due --kind dunning");
  due->callback([&ctx, da] {
    ctx.action = [da, &ctx](Session& s) {
      visit::DueFilter f;
      if (!da->within.empty()) f.within = seconds_of("--within", da->within);
      f.overdue_only = da->overdue;
      if (!da->assignee.empty()) f.assignee = staff_login(s, da->assignee);
      f.kind = opt(da->kind);
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
      s.print_list({col("subject", tr("For")), col("kind", tr("Kind"), Kind::label, 0, render::kHigh),
                    col("unit", tr("Unit"), Kind::text, 0, render::kHigh), col("due_at", tr("Due"), Kind::datetime),
                    col("state", tr("State"), Kind::label, 0, render::kHigh),
                    col("left", tr("Left"), Kind::text, 0, render::kMedium),
                    col("assignee", tr("Assigned"), Kind::staff, 0, render::kMedium)},
                   rows);
      if (da->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });
}

void register_list_show(CLI::App* noun, Context& ctx) {
  struct ListArgs {
    visit::ListFilter filter;
    std::string since, ticket, complaint, person;
    PeriodArgs period;
    bool fail_if_any = false;
  };
  auto li = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("visits logged and planned"), kReads);
  list->add_option_function<std::string>("--kind", [li](const std::string& v) { li->filter.kind = v; }, std::string(tr("callback, outreach, survey or dunning")))
      ->transform(value_set("--kind", visit::kKinds));
  list->add_option("--ticket", li->ticket, std::string(tr("only this ticket's callbacks")));
  list->add_option("--complaint", li->complaint, std::string(tr("only this complaint's callbacks")));
  list->add_option_function<std::string>("--unit", [li](const std::string& v) { li->filter.unit = v; }, std::string(tr("only this unit")));
  list->add_option("--person", li->person, std::string(tr("only visits made by, or assigned to, this login")));
  add_period(list, li->period, "the day a visit was made, or is due");
  list->add_option("--since", li->since, std::string(tr("only visits since then, e.g. 本月, 7d, 2026-12-01")));
  list->add_option_function<int>("--rating-at-most", [li](const int& v) { li->filter.rating_at_most = v; },
                                 std::string(tr("only visits rated N or lower (1..5)")))
      ->check(CLI::Range(1, 5));
  list->add_option("--limit", li->filter.limit, std::string(tr("only the newest N visits")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(list, li->fail_if_any);
  examples(list, "  svc visit list --kind outreach --month 2026-11\n  svc visit list --rating-at-most 2 --from 2026-11-01\n"
                 "  svc visit list --person chenjing --kind dunning");
  list->callback([&ctx, li] {
    ctx.action = [li, &ctx](Session& s) {
      auto& f = li->filter;
      if (!li->ticket.empty()) f.subject = "T" + std::to_string(ticket::parse_ref(li->ticket));
      if (!li->complaint.empty()) f.subject = record::ref(record::Kind::complaint, record::parse_ref(record::Kind::complaint, li->complaint));
      if (!li->person.empty()) f.person = staff_login(s, li->person);
      if (!li->since.empty()) f.since = when::require("--since", li->since, when::Role::since, when::context(s.policy(), s.now())).at;
      if (const auto p = period_of(s, li->period)) {
        f.from = local_to_timestamp(p->first, 0, s.utc_offset());
        f.until = local_to_timestamp(civil_from_days(days_from_civil(p->second) + 1), 0, s.utc_offset());
      }
      std::vector<Value> rows;
      for (const auto& v : visit::list(s.db(), f)) rows.push_back(for_people(s, visit::to_value(v, s.policy())));
      s.print_list(visit_columns(), rows);
      if (li->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  auto ref = std::make_shared<std::string>();
  auto* show = verb(noun, ctx, "show", tr("one visit, with its history"), kReads);
  show->add_option("VISIT", *ref, std::string(tr("visit, e.g. V30")))->required();
  show->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      const auto v = visit::get(s.db(), visit::parse_ref(*ref));
      Value record = visit::to_value(v, s.policy());
      const Value events = record::history_value(record::history(s.db(), v.ref()), s.utc_offset());
      if (s.format() == render::Format::json) {
        record.set("events", events);
        return s.print_record({}, record);
      }
      s.print_record(visit_detail_columns(), for_people(s, record));
      if (events.as_array().empty() || s.format() == render::Format::csv) return;
      s.out() << '\n' << tr("History") << '\n';
      s.print_list({col("at", tr("Time"), Kind::datetime), col("actor", tr("By"), Kind::staff), col("kind", tr("Event"), Kind::label),
                    col("detail", tr("Detail"), Kind::text, 50)},
                   events.as_array());
    };
  });
}

void register_rate(CLI::App* noun, Context& ctx) {
  auto p = std::make_shared<PeriodArgs>();
  auto* rate = verb(noun, ctx, "rate",
                    tr("the satisfaction rate (业户满意率): ratings at or above visit.satisfied_at_or_above ÷ all ratings, "
                       "by kind and by survey question"),
                    kReads);
  add_period(rate, *p, "default: this month");
  examples(rate, "  svc visit rate --month 2026-11\n  svc visit rate --from 2026-01-01 --to 2026-12-31 --json");
  rate->callback([&ctx, p] {
    ctx.action = [p](Session& s) {
      auto period = period_of(s, *p);
      if (!period) {
        const Date today = local_date(s.now(), s.utc_offset());
        period = std::pair{Date{today.year, today.month, 1}, today};
      }
      const auto sat = visit::satisfaction(s.db(), s.policy(), period->first, period->second);
      const Value v = visit::to_value(sat, s.policy());
      if (s.format() == render::Format::json) return s.print_record({}, v);
      std::vector<Value> rows;
      auto add = [&](const char* group, const Value& r, const char* key) {
        Value row = r;
        row.set("group", group);
        row.set("item", r.get(key));
        rows.push_back(for_people(s, row));
      };
      for (const auto& r : v.get("kinds").as_array()) add("kind", r, "kind");
      for (const auto& r : v.get("questions").as_array()) add("question", r, "question");
      Value total = v.get("total");
      total.set("item", "total");
      add("total", total, "item");
      s.print_list({col("group", tr("By"), Kind::label), col("item", tr("Item"), Kind::label),
                    col("satisfied", tr("Satisfied"), Kind::integer), col("rated", tr("Rated"), Kind::integer),
                    col("rate", tr("Satisfaction rate"), Kind::rate)},
                   rows);
      const auto target = s.policy().targets.find("satisfaction_rate");
      if (target != s.policy().targets.end())
        s.note(fmt::format(fmt::runtime(tr("{} – {}: ratings {} and above count as satisfied; target {} (targets.satisfaction_rate)")),
                           format_date(sat.from), format_date(sat.to), sat.satisfied_at_or_above,
                           fee::percent(target->second, 1'000'000)));
    };
  });
}

void register_survey(CLI::App* noun, Context& ctx) {
  auto* survey = noun->add_subcommand("survey", std::string(tr("the annual owner survey (业主意见征询表): import, list, show")));
  survey->require_subcommand(1);
  struct ImportArgs {
    std::string file, name;
    Encoding encoding = Encoding::utf8;
    bool dry_run = false;
  };
  auto ia = std::make_shared<ImportArgs>();
  auto summary_columns = [](Session& s) {
    std::vector<render::Column> c = {col("question", tr("Question"))};
    static const char* keys[] = {"rating_1", "rating_2", "rating_3", "rating_4", "rating_5"};
    for (std::size_t i = 0; i < 5; ++i)
      c.push_back(col(keys[i], fmt::format("{} {}", i + 1, s.policy().visit.scale[i]), Kind::integer));
    for (auto&& x : {col("satisfied", tr("Satisfied"), Kind::integer), col("rated", tr("Rated"), Kind::integer),
                     col("rate", tr("Satisfaction rate"), Kind::rate)})
      c.push_back(x);
    return c;
  };
  auto print_summary = [summary_columns](Session& s, const Value& v) {
    if (s.format() == render::Format::json) return s.print_record({}, v);
    std::vector<Value> rows;
    for (const auto& r : v.get("summary").as_array()) rows.push_back(for_people(s, r));
    s.print_list(summary_columns(s), rows);
  };
  auto* imp = verb(survey, ctx, "import", tr("import the survey forms from CSV, all or nothing"), kWrites);
  imp->add_option("FILE", ia->file, std::string(tr("CSV file, or - for standard input")))->required();
  imp->add_option("--name", ia->name, std::string(tr("the survey's name (default: the year of its latest form)")));
  add_encoding(imp, ia->encoding);
  add_dry_run(imp, ia->dry_run);
  imp->footer(std::string(tr("Columns:")) + " unit,date," + std::string(tr("one column per question")) + ",comment\n" +
              std::string(tr("Examples:")) + "\n  svc visit survey import survey-2026.csv --dry-run\n"
              "  svc visit survey import 征询表.csv --encoding gbk --name 2026");
  imp->callback([&ctx, ia, print_summary] {
    ctx.action = [ia, print_summary](Session& s) {
      const std::string source = ia->file == "-" ? "<stdin>" : ia->file;
      const std::string text = decode_input(s.read_input(ia->file), ia->encoding, source);
      const auto r = s.write({"visit.survey.import", source, ia->dry_run},
                             [&](Op& c) { return survey::import_csv(c, text, source, opt(ia->name)); },
                             [&](const survey::Summary& sum) { print_summary(s, survey::to_value(sum, s.utc_offset())); });
      s.note(fmt::format(fmt::runtime(tr(ia->dry_run ? "dry run: would import {} forms into survey '{}'"
                                                     : "imported {} forms into survey '{}'")),
                         r.survey.responses, r.survey.name));
    };
  });

  auto* list = verb(survey, ctx, "list", tr("the surveys imported"), kReads);
  list->callback([&ctx] {
    ctx.action = [](Session& s) {
      std::vector<Value> rows;
      for (const auto& sv : survey::list(s.db())) rows.push_back(survey::to_value(sv, s.utc_offset()));
      s.print_list({col("id", tr("Id"), Kind::integer), col("name", tr("Survey")), col("responses", tr("Forms"), Kind::integer),
                    col("first_on", tr("From"), Kind::date), col("last_on", tr("To"), Kind::date),
                    col("source", tr("File"), Kind::text, 0, render::kMedium), col("by", tr("By"), Kind::staff, 0, render::kMedium),
                    col("created_at", tr("Imported"), Kind::datetime, 0, render::kLow)},
                   rows);
    };
  });

  struct ShowArgs {
    std::string which;
    bool forms = false;
  };
  auto sa = std::make_shared<ShowArgs>();
  auto* show = verb(survey, ctx, "show", tr("one survey: the summary per question, or its forms"), kReads);
  show->add_option("SURVEY", sa->which, std::string(tr("the survey's name or number, e.g. 2026")))->required();
  show->add_flag("--forms", sa->forms, std::string(tr("list the forms (one row per unit) instead of the summary")));
  show->callback([&ctx, sa, print_summary] {
    ctx.action = [sa, print_summary](Session& s) {
      const auto sv = survey::get(s.db(), sa->which);
      if (!sa->forms) return print_summary(s, survey::to_value(survey::summarize(s.db(), s.policy(), sv), s.utc_offset()));
      std::vector<Value> rows;
      for (const auto& r : survey::responses(s.db(), sv)) rows.push_back(survey::to_value(r, sv));
      std::vector<render::Column> columns = {col("unit", tr("Unit")), col("date", tr("Date"), Kind::date)};
      for (const auto& q : sv.questions) columns.push_back({q, q, Kind::integer, 0});
      columns.push_back(col("comment", tr("Comment"), Kind::text, 40));
      s.print_list(columns, rows);
    };
  });
}

}  // namespace

void register_visit(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand(
      "visit", std::string(tr("callbacks (回访), outreach visits (走访), surveys (征询) and the satisfaction rate")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc visit due\n  svc visit due --within 1d --overdue\n"
           "  svc visit log --ticket T12 --method phone --rating 5 --note '已修好'\n"
           "  svc visit log --ticket T13 --method onsite --rating 2 --note '仍漏水'   # reopens T13\n"
           "  svc visit plan --dry-run\n  svc visit survey import survey-2026.csv\n  svc visit rate --month 2026-11\n"
           "  svc visit list --ticket T12");
  register_log(noun, ctx);
  register_plan(noun, ctx);
  register_due(noun, ctx);
  register_list_show(noun, ctx);
  register_rate(noun, ctx);
  register_survey(noun, ctx);
}

}  // namespace svc::cmd
