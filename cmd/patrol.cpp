// svc patrol: the monthly plan, rounds walked point by point, findings that become tickets or
// violations, rounds typed in from paper, lists and plan adherence (巡查, domain-rules 5). The
// violation commands (`svc patrol violation ...`) are in violation.cpp.
#include <fmt/format.h>

#include <map>

#include "commands.hpp"
#include "record_view.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/patrol.hpp"
#include "svc/when.hpp"

namespace svc::cmd {
namespace {

std::vector<render::Column> list_columns() {
  return {{"ref", std::string(tr("Round")), render::Kind::text, 0},
          {"route_name", std::string(tr("Route")), render::Kind::text, 0, render::kHigh},
          {"building", std::string(tr("Building")), render::Kind::text, 0, render::kHigh},
          {"planned_for", std::string(tr("Planned for")), render::Kind::datetime, 0, render::kMedium},
          {"assignee", std::string(tr("Assigned to")), render::Kind::staff, 0, render::kMedium},
          {"by", std::string(tr("Walked by")), render::Kind::staff, 0, render::kHigh},
          {"started_at", std::string(tr("Started")), render::Kind::datetime, 0, render::kLow},
          {"state", std::string(tr("Against plan")), render::Kind::text, 0, render::kHigh},
          {"ok", std::string(tr("OK")), render::Kind::integer, 0, render::kLow},
          {"issues", std::string(tr("Issues")), render::Kind::integer, 0, render::kHigh},
          {"missed", std::string(tr("Missed")), render::Kind::integer, 0, render::kMedium},
          {"urgent_open", std::string(tr("Urgent")), render::Kind::text, 0, render::kHigh}};
}

std::vector<render::Column> record_columns() {
  return {{"ref", std::string(tr("Round")), render::Kind::text, 0},
          {"status", std::string(tr("Status")), render::Kind::text, 0},
          {"state", std::string(tr("Against plan")), render::Kind::text, 0},
          {"route", std::string(tr("Route")), render::Kind::text, 0},
          {"route_name", std::string(tr("Route name")), render::Kind::text, 0},
          {"building", std::string(tr("Building")), render::Kind::text, 0},
          {"checklist", std::string(tr("Checklist")), render::Kind::text, 0},
          {"origin", std::string(tr("Origin")), render::Kind::text, 0},
          {"planned_for", std::string(tr("Planned for")), render::Kind::datetime, 0},
          {"assignee", std::string(tr("Assigned to")), render::Kind::staff, 0},
          {"by", std::string(tr("Walked by")), render::Kind::staff, 0},
          {"started_at", std::string(tr("Started")), render::Kind::datetime, 0},
          {"finished_at", std::string(tr("Finished")), render::Kind::datetime, 0},
          {"ok", std::string(tr("OK")), render::Kind::integer, 0},
          {"issues", std::string(tr("Issues")), render::Kind::integer, 0},
          {"missed", std::string(tr("Missed")), render::Kind::integer, 0},
          {"urgent_open", std::string(tr("Urgent")), render::Kind::text, 0}};
}

std::vector<render::Column> check_columns() {
  return {{"point", std::string(tr("Point")), render::Kind::text, 0},
          {"text", std::string(tr("Checkpoint")), render::Kind::text, 24, render::kHigh},
          {"result", std::string(tr("Result")), render::Kind::text, 0, render::kHigh},
          {"note", std::string(tr("Note")), render::Kind::text, 24, render::kHigh},
          {"action", std::string(tr("Action")), render::Kind::text, 0, render::kMedium},
          {"urgent", std::string(tr("Urgent")), render::Kind::text, 0, render::kMedium},
          {"ticket", std::string(tr("Ticket")), render::Kind::text, 0, render::kMedium},
          {"violation", std::string(tr("Violation")), render::Kind::text, 0, render::kMedium}};
}

std::vector<render::Column> issue_columns() {
  return {{"round", std::string(tr("Round")), render::Kind::text, 0},
          {"route", std::string(tr("Route")), render::Kind::text, 0, render::kMedium},
          {"building", std::string(tr("Building")), render::Kind::text, 0, render::kMedium},
          {"point", std::string(tr("Point")), render::Kind::text, 0, render::kHigh},
          {"note", std::string(tr("Issue")), render::Kind::text, 30, render::kHigh},
          {"action", std::string(tr("Action")), render::Kind::text, 0, render::kMedium},
          {"urgent", std::string(tr("Urgent")), render::Kind::text, 0, render::kHigh},
          {"ticket", std::string(tr("Ticket")), render::Kind::text, 0, render::kMedium},
          {"violation", std::string(tr("Violation")), render::Kind::text, 0, render::kMedium},
          {"checked_at", std::string(tr("Found")), render::Kind::datetime, 0, render::kLow},
          {"checked_by", std::string(tr("By")), render::Kind::staff, 0, render::kLow}};
}

// `key_kind`: staff for the table by person (shown by name).
std::vector<render::Column> adherence_columns(std::string_view key_heading, render::Kind key_kind = render::Kind::text) {
  return {{"key", std::string(key_heading), key_kind, 0},
          {"planned", std::string(tr("Planned")), render::Kind::integer, 0},
          {"on_time", std::string(tr("On time")), render::Kind::integer, 0, render::kHigh},
          {"late", std::string(tr("Late")), render::Kind::integer, 0, render::kHigh},
          {"not_done", std::string(tr("Not done")), render::Kind::integer, 0, render::kHigh},
          {"in_progress", std::string(tr("In progress")), render::Kind::integer, 0, render::kMedium},
          {"pending", std::string(tr("Pending")), render::Kind::integer, 0, render::kLow},
          {"unplanned", std::string(tr("Unplanned")), render::Kind::integer, 0, render::kLow},
          {"points_checked", std::string(tr("Points checked")), render::Kind::integer, 0, render::kMedium},
          {"points_missed", std::string(tr("Points missed")), render::Kind::integer, 0, render::kMedium}};
}

// The words people read for a round's codes. Several codes are also other records' words (a
// missed deadline is 超时, a missed point 漏检; a planned reminder 待发送, a planned round 未开始),
// so tables show these phrases; JSON and CSV keep the codes.
const std::map<std::string, std::map<std::string, std::string_view>>& words() {
  static const std::map<std::string, std::map<std::string, std::string_view>> w = {
      {"status", {{"planned", "not started"}, {"open", "being walked"}, {"done", "walked"}}},
      {"state",
       {{"on_time", "on time"}, {"late", "started late"}, {"not_done", "not done"}, {"pending", "not yet due"},
        {"in_progress", "being walked"}, {"unplanned", "unplanned"}, {"made", "made on time"}, {"missing", "not made"},
        {"due", "due today"}}},
      {"result", {{"ok", "in order"}, {"issue", "issue"}, {"missed", "not checked"}}},
      {"action",
       {{"fixed", "fixed on the spot"}, {"ticket", "repair ticket"}, {"violation", "violation"},
        {"reported", "reported"}}},
      {"origin",
       {{"plan", "monthly plan"}, {"rain_before", "before heavy rain"}, {"rain_after", "after heavy rain"},
        {"walk", "walked unplanned"}, {"file", "typed in from paper"}}},
  };
  return w;
}

// For people (table, Markdown, HTML): each coded field of `v` as its phrase, in their language.
void humanize(Session& s, Value& v, std::string_view table = {}) {
  const auto f = s.format();
  if (f == render::Format::json || f == render::Format::csv) return;
  for (const auto& [field, map] : words()) {
    const Value& code = v.get(field);
    if (!code.is_string()) continue;
    // A plan's state "late" is made late; a round's, started late.
    if (table == "plans" && field == "state" && code.as_string() == "late") {
      v.set(field, std::string(tr("made late")));
      continue;
    }
    if (auto it = map.find(code.as_string()); it != map.end()) v.set(field, std::string(tr(it->second)));
  }
}

std::vector<Value> humanized(Session& s, std::vector<Value> rows, std::string_view table = {}) {
  for (auto& v : rows) humanize(s, v, table);
  return rows;
}

void print_round(Session& s, const patrol::Round& r) {
  Value v = patrol::to_value(s.db(), s.policy(), r, s.now());
  humanize(s, v);
  print_lifecycle(s, record_columns(), v, [&] {
    s.out() << '\n' << tr("Checks") << '\n';
    s.print_list(check_columns(), humanized(s, v.get("checks").as_array()));
  });
}

// The smell rule (5.3 A, 003 L572) and --urgent: said on stderr even with -q — someone must act.
void warn_urgent(Session& s, const patrol::CheckResult& c) {
  if (!c.check.urgent) return;
  s.err() << fmt::format(fmt::runtime(tr("svc: URGENT: {} point {}: {}")), c.round.ref(), c.check.point,
                         c.check.note.value_or(""))
          << '\n';
  if (c.smell)
    s.err() << tr("svc: a smell of gas or burning in a stairwell: check the units nearby and tell security "
                  "(保安部) now")
            << '\n';
}

// What one finding did, for people: "P5 hydrants: issue → T4".
std::string finding_note(const patrol::CheckResult& c) {
  std::string out = fmt::format("{} {}: {}", c.round.ref(), c.check.point, tr(c.check.result));
  if (c.check.action) out += fmt::format(" · {}", tr(*c.check.action));
  if (c.ticket) out += " → " + *c.ticket;
  if (c.violation) out += " → " + *c.violation;
  return out;
}

Value finding_value(const patrol::CheckResult& c) {
  Value o = Value::object();
  o.set("round", c.round.ref());
  o.set("point", c.check.point);
  o.set("result", c.check.result);
  o.set("action", c.check.action);
  o.set("urgent", c.check.urgent);
  o.set("ticket", c.ticket);
  o.set("violation", c.violation);
  return o;
}

std::optional<std::string> opt(const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); }

// The options that describe a finding's action (check and settle share them).
struct FindingArgs {
  patrol::Finding f;
  std::string issue, violation, unit, location, subcategory, severity, note;
  patrol::Finding get() const {
    patrol::Finding out = f;
    out.issue = opt(issue);
    out.violation = opt(violation);
    out.unit = opt(unit);
    out.location = opt(location);
    out.subcategory = opt(subcategory);
    out.severity = opt(severity);
    return out;
  }
};

void action_options(CLI::App* sub, FindingArgs& a) {
  sub->add_flag("--fixed", a.f.fixed, std::string(tr("dealt with on the spot")));
  sub->add_flag("--ticket", a.f.ticket,
                std::string(tr("open a public-facility repair ticket, channel patrol, at the round's place")));
  sub->add_option("--violation", a.violation,
                  std::string(tr("open a violation of this category (renovation, fire, environment, security, other)")));
  sub->add_option("--unit", a.unit, std::string(tr("the violation's unit, e.g. 3-2-1501")));
  sub->add_option("--location", a.location, std::string(tr("the violation's place (default: the round's)")));
  sub->add_option("--subcategory", a.subcategory, std::string(tr("the violation's kind, from the policy")));
  sub->add_option("--severity", a.severity, std::string(tr("general (default) or major")));
}

}  // namespace

void register_patrol(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("patrol", std::string(tr("patrols (巡查): plans, rounds, findings, violations")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc patrol plan --month 2026-12 --dry-run\n  svc patrol plan --month 2026-12\n"
           "  svc patrol start --route stairwells --building 2          # → P5\n"
           "  svc patrol check P5 corridor_lights --ok\n"
           "  svc patrol check P5 tiles --issue '三楼地砖松动' --fixed\n"
           "  svc patrol check P5 public_fixtures_bins --issue '二楼照明灯不亮' --ticket\n"
           "  svc patrol check P5 evacuation_routes_clear --issue '杂物堵塞通道' --violation fire --unit 2-1-301\n"
           "  svc patrol check P5 alarms --issue '梯间有煤气味'          # urgent: tell 保安部 now\n"
           "  svc patrol finish P5\n  svc patrol record --route roads --file round.csv --at 2026-11-23T09:30\n"
           "  svc patrol rain --before\n  svc patrol list --missed\n  svc patrol list --open-issues\n"
           "  svc patrol adherence --month 2026-11\n  svc patrol routes stairwells\n"
           "  svc patrol violation new --unit 2-1-301 --category fire --severity general --desc '楼道堆放杂物'");

  // plan
  struct PlanArgs {
    std::string month;
    bool dry_run = false;
  };
  auto pa = std::make_shared<PlanArgs>();
  auto* plan = verb(noun, ctx, "plan", tr("make a month's rounds from the policy's routes (idempotent)"), kWrites);
  plan->add_option("--month", pa->month, std::string(tr("the month to plan, YYYY-MM (made at the end of the month before)")))
      ->required();
  add_dry_run(plan, pa->dry_run);
  plan->footer(std::string(tr("Every route, every day (weekly routes: on their weekday), at each of its times, per "
                              "building where the route says so; rounds go to the route's staff in turn. Times already "
                              "past are not planned. Running it again adds only what is missing.")));
  plan->callback([&ctx, pa] {
    ctx.action = [pa](Session& s) {
      s.write({"patrol.plan", "plan:" + pa->month, pa->dry_run}, [&](Op& op) { return patrol::plan(op, pa->month); },
              [&](const patrol::PlanResult& r) {
                std::vector<Value> rows;
                for (const auto& x : r.routes) {
                  Value o = Value::object();
                  o.set("route", x.route);
                  o.set("name", x.name);
                  o.set("created", Value(static_cast<long long>(x.created)));
                  o.set("existing", Value(static_cast<long long>(x.existing)));
                  o.set("past", Value(static_cast<long long>(x.past)));
                  rows.push_back(std::move(o));
                }
                if (s.format() == render::Format::json) {
                  Value o = Value::object();
                  o.set("month", r.month);
                  o.set("due_on", r.due_on);
                  o.set("made_at", format_iso(r.made_at, s.utc_offset()));
                  o.set("late", r.late);
                  o.set("created", Value(static_cast<long long>(r.created)));
                  o.set("existing", Value(static_cast<long long>(r.existing)));
                  o.set("past", Value(static_cast<long long>(r.past)));
                  o.set("dry_run", pa->dry_run);
                  o.set("routes", Value(rows));
                  s.print_record({}, o);
                } else {
                  s.print_list({{"route", std::string(tr("Route")), render::Kind::text, 0},
                                {"name", std::string(tr("Route name")), render::Kind::text, 0},
                                {"created", std::string(tr("Added")), render::Kind::integer, 0},
                                {"existing", std::string(tr("Already planned")), render::Kind::integer, 0},
                                {"past", std::string(tr("Already past")), render::Kind::integer, 0}},
                               rows);
                }
                s.note(fmt::format(fmt::runtime(tr("plan {}: {} round(s) added, {} already planned, {} already past")),
                                   r.month, r.created, r.existing, r.past));
                if (r.late)
                  s.note(fmt::format(fmt::runtime(tr("the plan of {} was made after it was due ({})")),
                                     r.month, r.due_on));
                if (pa->dry_run) s.note(tr("dry run: nothing was changed"));
              });
    };
  });

  // rain
  auto rain_before = std::make_shared<bool>(false);
  auto rain_after = std::make_shared<bool>(false);
  auto* rain = verb(noun, ctx, "rain", tr("add a round of the heavy-rain routes now (entrusted homes, 000 L157)"), kWrites);
  auto* before = rain->add_flag("--before", *rain_before, std::string(tr("before heavy rain")));
  auto* after = rain->add_flag("--after", *rain_after, std::string(tr("after heavy rain")));
  before->excludes(after);
  rain->callback([&ctx, rain_before, rain_after] {
    ctx.action = [rain_before, rain_after](Session& s) {
      if (!*rain_before && !*rain_after) fail(Exit::usage, "give --before or --after");
      s.write({"patrol.rain", "rain"}, [&](Op& op) { return patrol::rain(op, *rain_before); },
              [&](const std::vector<patrol::Round>& rounds) {
                if (s.format() == render::Format::json) {
                  s.print_list({}, patrol::to_values(s.db(), s.policy(), rounds, s.now()));
                  return;
                }
                for (const auto& r : rounds) s.out() << r.ref() << '\n';
              });
    };
  });

  // start
  struct StartArgs {
    std::string route, building;
  };
  auto sa = std::make_shared<StartArgs>();
  auto* start = verb(noun, ctx, "start", tr("start a round of a route and print its id (the planned one of today, if any)"), kWrites);
  start->add_option("--route", sa->route, std::string(tr("the route, e.g. stairwells (see 'svc patrol routes')")))->required();
  start->add_option("--building", sa->building, std::string(tr("the building, for routes walked per building")));
  start->callback([&ctx, sa] {
    ctx.action = [sa](Session& s) {
      s.write({"patrol.start", "P?"}, [&](Op& op) { return patrol::start(op, sa->route, opt(sa->building)); },
              [&](const patrol::Round& r) {
                if (s.format() == render::Format::json)
                  s.print_record({}, patrol::to_value(s.db(), s.policy(), r, s.now()));
                else
                  s.out() << r.ref() << '\n';
              });
    };
  });

  // check
  auto ref = std::make_shared<std::string>();
  auto point = std::make_shared<std::string>();
  auto ca = std::make_shared<FindingArgs>();
  auto* check = verb(noun, ctx, "check", tr("record one point of a round: --ok, or --issue and what was done"), kWrites);
  check->add_option("ROUND", *ref, std::string(tr("round, e.g. P5")))->required();
  check->add_option("POINT", *point, std::string(tr("the checkpoint's code (see 'svc patrol routes ROUTE')")))->required();
  check->add_flag("--ok", ca->f.ok, std::string(tr("the point is in order")));
  check->add_option("--issue", ca->issue, std::string(tr("what is wrong; without an action it is reported to the supervisor")));
  check->add_flag("--urgent", ca->f.urgent, std::string(tr("urgent: said at once on stderr, first in every list")));
  action_options(check, *ca);
  check->footer(std::string(tr("The smell rule: an issue at a stairwell point that mentions gas "
                               "(石油气/煤气/燃气) or burning (焦味/烧焦) is urgent, and security (保安部) must be told "
                               "now.")));
  check->callback([&ctx, ref, point, ca] {
    ctx.action = [ref, point, ca](Session& s) {
      const std::int64_t id = patrol::parse_ref(*ref);
      s.write({"patrol.check", "P" + std::to_string(id)},
              [&](Op& op) { return patrol::check(op, id, *point, ca->get()); },
              [&](const patrol::CheckResult& c) {
                if (s.format() == render::Format::json) s.print_record({}, finding_value(c));
                else if (c.ticket || c.violation) s.out() << c.ticket.value_or(c.violation.value_or("")) << '\n';
                s.note(finding_note(c));
                warn_urgent(s, c);
              });
    };
  });

  // settle
  auto sta = std::make_shared<FindingArgs>();
  auto* settle = verb(noun, ctx, "settle", tr("deal with an issue that was reported: --fixed --note, --ticket or --violation"), kWrites);
  settle->add_option("ROUND", *ref, std::string(tr("round, e.g. P5")))->required();
  settle->add_option("POINT", *point, std::string(tr("the checkpoint's code")))->required();
  settle->add_option("--note", sta->note, std::string(tr("what was done")));
  action_options(settle, *sta);
  settle->callback([&ctx, ref, point, sta] {
    ctx.action = [ref, point, sta](Session& s) {
      const std::int64_t id = patrol::parse_ref(*ref);
      s.write({"patrol.settle", "P" + std::to_string(id)},
              [&](Op& op) { return patrol::settle(op, id, *point, sta->get(), opt(sta->note)); },
              [&](const patrol::CheckResult& c) {
                if (s.format() == render::Format::json) s.print_record({}, finding_value(c));
                else if (c.ticket || c.violation) s.out() << c.ticket.value_or(c.violation.value_or("")) << '\n';
                s.note(finding_note(c));
              });
    };
  });

  // finish
  auto* finish = verb(noun, ctx, "finish", tr("finish a round: every point not checked is recorded as missed"), kWrites);
  finish->add_option("ROUND", *ref, std::string(tr("round, e.g. P5")))->required();
  finish->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      const std::int64_t id = patrol::parse_ref(*ref);
      const auto f = s.write({"patrol.finish", "P" + std::to_string(id)}, [&](Op& op) { return patrol::finish(op, id); },
                             [&](const patrol::Finished& done) {
                               if (s.format() == render::Format::json)
                                 s.print_record({}, patrol::to_value(s.db(), s.policy(), done.round, s.now()));
                             });
      s.note(fmt::format(fmt::runtime(tr("{}: done · ok {}, issues {}, missed {}")), f.round.ref(), f.ok, f.issues, f.missed));
    };
  });

  // record
  struct RecordArgs {
    std::string route, building, file, at, by;
    Encoding encoding = Encoding::utf8;
    bool dry_run = false;
  };
  auto ra = std::make_shared<RecordArgs>();
  auto* rec = verb(noun, ctx, "record", tr("enter a whole round walked on paper from CSV, all or nothing"), kWrites);
  rec->add_option("--route", ra->route, std::string(tr("the route")))->required();
  rec->add_option("--file", ra->file, std::string(tr("CSV file, or - for standard input")))->required();
  rec->add_option("--building", ra->building, std::string(tr("the building, for routes walked per building")));
  rec->add_option("--at", ra->at, std::string(tr("when it was walked (default: now), e.g. 今天 9:30, -1h")));
  rec->add_option("--by", ra->by, std::string(tr("who walked it (login; default: you)")));
  add_encoding(rec, ra->encoding);
  add_dry_run(rec, ra->dry_run);
  rec->footer(std::string(tr("Columns:")) + " point,result[,note,action,category,unit] — result ok|issue|missed; action "
              "fixed|ticket|violation|reported (empty = reported); category and unit for action violation. Points "
              "not listed are missed.");
  rec->callback([&ctx, ra] {
    ctx.action = [ra](Session& s) {
      const std::string bytes = s.read_input(ra->file);
      const std::string source = ra->file == "-" ? "<stdin>" : ra->file;
      const std::string text = decode_input(bytes, ra->encoding, source);
      s.write({"patrol.record", "P?", ra->dry_run},
              [&](Op& op) { return patrol::record_round(op, ra->route, opt(ra->building), text, source, opt(ra->at), opt(ra->by)); },
              [&](const patrol::Recorded& r) {
                const auto& f = r.finished;
                if (s.format() == render::Format::json) {
                  Value v = patrol::to_value(s.db(), s.policy(), f.round, s.now());
                  v.set("dry_run", ra->dry_run);
                  s.print_record({}, v);
                } else {
                  s.out() << f.round.ref() << '\n';
                }
                for (const auto& c : r.findings) {
                  s.note(finding_note(c));
                  warn_urgent(s, c);
                }
                s.note(fmt::format(fmt::runtime(tr("{}: done · ok {}, issues {}, missed {}")), f.round.ref(), f.ok,
                                   f.issues, f.missed));
                if (ra->dry_run) s.note(tr("dry run: nothing was changed"));
              });
    };
  });

  // list
  struct ListArgs {
    patrol::ListFilter filter;
    bool open_issues = false, fail_if_any = false;
  };
  auto la = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("list rounds of a day or month (default: today), urgent ones first"), kReads);
  auto filter = [&](const char* name, std::optional<std::string> patrol::ListFilter::*field, std::string_view help) {
    list->add_option_function<std::string>(name, [la, field](const std::string& v) { la->filter.*field = v; },
                                           std::string(help));
  };
  filter("--date", &patrol::ListFilter::date, tr("rounds of this day, e.g. 昨天, 周五, 2026-12-01"));
  filter("--month", &patrol::ListFilter::month, tr("rounds of this month, YYYY-MM"));
  filter("--route", &patrol::ListFilter::route, tr("only this route"));
  filter("--by", &patrol::ListFilter::by, tr("only rounds walked by (or given to) this login"));
  list->add_flag("--missed", la->filter.missed, std::string(tr("only rounds with missed points, or planned and not done")));
  list->add_flag("--open-issues", la->open_issues,
                 std::string(tr("the issues still open instead (reported, or their ticket or violation open); any date "
                                "unless --date or --month")));
  list->add_option("--limit", la->filter.limit, std::string(tr("at most N")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(list, la->fail_if_any);
  list->callback([&ctx, la] {
    ctx.action = [la, &ctx](Session& s) {
      std::vector<Value> rows;
      if (la->open_issues) {
        rows = patrol::open_issues(s.db(), s.policy(), la->filter);
        s.print_list(issue_columns(), humanized(s, rows));
      } else {
        rows = patrol::to_values(s.db(), s.policy(), patrol::list(s.db(), s.policy(), s.now(), la->filter), s.now());
        s.print_list(list_columns(), humanized(s, rows));
      }
      for (const auto& p : patrol::plan_states(s.db(), s.policy(), s.now()))
        if (p.state == "missing")
          s.note(fmt::format(fmt::runtime(tr("the patrol plan of {} was due by {} and has not been made: 'svc patrol "
                                             "plan --month {}'")),
                             p.month, p.due_on, p.month));
      if (la->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // show
  auto* show = verb(noun, ctx, "show", tr("one round: every point with its result, note and what it opened"), kReads);
  show->add_option("ROUND", *ref, std::string(tr("round, e.g. P5")))->required();
  show->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) { print_round(s, patrol::get(s.db(), patrol::parse_ref(*ref))); };
  });

  // adherence
  struct AdherenceArgs {
    std::string month, from, to;
  };
  auto aa = std::make_shared<AdherenceArgs>();
  auto* adh = verb(noun, ctx, "adherence", tr("plan adherence: rounds planned, on time, late, not done; points checked and missed"), kReads);
  adh->add_option("--month", aa->month, std::string(tr("this month, YYYY-MM (default: the current month)")));
  adh->add_option("--from", aa->from, std::string(tr("from this day, e.g. 周一, 2026-12-01")));
  adh->add_option("--to", aa->to, std::string(tr("to this day, inclusive")));
  adh->callback([&ctx, aa] {
    ctx.action = [aa](Session& s) {
      const int off = s.utc_offset();
      const auto moment = when::context(s.policy(), s.now());
      auto day = [&moment](std::string_view option, const std::string& text) {
        return when::require_day(option, text, moment, when::Look::back);
      };
      if (!aa->month.empty() && (!aa->from.empty() || !aa->to.empty()))
        fail(Exit::usage, "give --month or --from/--to, not both");
      const Date today = local_date(s.now(), off);
      fee::Period period = fee::period_of(today);
      if (!aa->month.empty()) {
        const auto p = fee::parse_period(aa->month);
        if (!p) fail(Exit::usage, "--month '{}' is not a month (expected YYYY-MM, e.g. 2026-12)", aa->month);
        period = *p;
      }
      Date from = fee::first_day(period), to = fee::last_day(period);
      if (!aa->from.empty()) from = day("--from", aa->from);
      if (!aa->to.empty()) to = day("--to", aa->to);
      if (!aa->from.empty() && aa->to.empty()) to = today;
      const auto a = patrol::adherence(s.db(), s.policy(), from, to, s.now());
      Value routes = Value::array(), people = Value::array(), plans = Value::array();
      for (const auto& r : a.routes) routes.push(patrol::to_value(r));
      for (const auto& r : a.people) people.push(patrol::to_value(r));
      for (const auto& p : a.plans) {
        Value o = Value::object();
        o.set("month", p.month);
        o.set("due_on", p.due_on);
        o.set("made_at", p.made_at ? Value(format_iso(*p.made_at, off)) : Value());
        o.set("state", p.state);
        plans.push(std::move(o));
      }
      if (s.format() == render::Format::json) {
        Value o = Value::object();
        o.set("report", "patrol_adherence");
        o.set("from", format_date(a.from));
        o.set("to", format_date(a.to));
        o.set("generated_at", format_iso(s.now(), off));
        o.set("schema", 1);
        o.set("routes", routes);
        o.set("people", people);
        o.set("total", patrol::to_value(a.total));
        o.set("plans", plans);
        s.print_record({}, o);
        return;
      }
      Value total = patrol::to_value(a.total);
      total.set("key", std::string(tr("Total")));
      auto rows = routes.as_array();
      rows.push_back(total);
      s.out() << fmt::format(fmt::runtime(tr("Plan adherence {} – {}")), format_date(a.from), format_date(a.to)) << '\n';
      s.print_list(adherence_columns(tr("Route")), rows);
      s.out() << '\n';
      s.print_list(adherence_columns(tr("Staff"), render::Kind::staff), people.as_array());
      s.out() << '\n' << tr("Plans") << '\n';
      s.print_list({{"month", std::string(tr("Month")), render::Kind::text, 0},
                    {"due_on", std::string(tr("Due")), render::Kind::date, 0},
                    {"made_at", std::string(tr("Made")), render::Kind::datetime, 0},
                    {"state", std::string(tr("State")), render::Kind::text, 0}},
                   humanized(s, plans.as_array(), "plans"));
    };
  });

  // routes
  auto route = std::make_shared<std::string>();
  auto* routes = verb(noun, ctx, "routes", tr("the policy's routes; with ROUTE, its checkpoints and their codes"), kReads);
  routes->add_option("ROUTE", *route, std::string(tr("a route, e.g. stairwells")));
  routes->callback([&ctx, route] {
    ctx.action = [route](Session& s) {
      if (!route->empty()) {
        s.print_list({{"seq", "#", render::Kind::integer, 0},
                      {"point", std::string(tr("Point")), render::Kind::text, 0},
                      {"text", std::string(tr("Checkpoint")), render::Kind::text, 0},
                      {"retired", std::string(tr("Retired")), render::Kind::text, 0}},
                     patrol::points(s.policy(), *route));
        return;
      }
      s.print_list({{"route", std::string(tr("Route")), render::Kind::text, 0},
                    {"name", std::string(tr("Route name")), render::Kind::text, 0, render::kHigh},
                    {"frequency", std::string(tr("Frequency")), render::Kind::text, 0, render::kHigh},
                    {"weekday", std::string(tr("Weekday")), render::Kind::label, 0, render::kMedium},
                    {"per_building", std::string(tr("Per building")), render::Kind::text, 0, render::kLow},
                    {"checklist", std::string(tr("Checklist")), render::Kind::text, 0, render::kLow},
                    {"points", std::string(tr("Points")), render::Kind::integer, 0, render::kMedium},
                    {"staff", std::string(tr("Staff")), render::Kind::text, 0, render::kMedium},
                    {"retired", std::string(tr("Retired")), render::Kind::text, 0, render::kLow}},
                   patrol::routes(s.policy()));
    };
  });

  register_violation(noun, ctx);
}

}  // namespace svc::cmd
