// svc complaint: complaints (投诉), suggestions and inquiries from intake to callback, and the
// cron sweep that applies the escalation ladder and the one-month rule.
#include <fmt/format.h>

#include "commands.hpp"
#include "record_view.hpp"
#include "svc/complaint.hpp"
#include "svc/error.hpp"
#include "svc/when.hpp"

namespace svc::cmd {
namespace {

// At 80 columns the low-priority ones go first (render::Column::priority).
std::vector<render::Column> list_columns() {
  using render::Kind;
  return {{"ref", std::string(tr("Complaint")), Kind::text, 0},
          {"status", std::string(tr("Status")), Kind::label, 0, render::kHigh},
          {"kind", std::string(tr("Kind")), Kind::label, 0, render::kMedium},
          {"severity", std::string(tr("Severity")), Kind::label, 0, render::kMedium},
          {"level", std::string(tr("Held by")), Kind::label, 0, render::kLow},
          {"unit", std::string(tr("Unit")), Kind::text, 0},
          {"owner", std::string(tr("Owned by")), Kind::staff, 0, render::kMedium},
          {"received_at", std::string(tr("Received")), Kind::datetime, 0, render::kLow},
          {"next_due", std::string(tr("Next deadline")), Kind::datetime, 0, render::kMedium},
          {"overdue", std::string(tr("Overdue")), Kind::label, 0, render::kHigh},
          {"subject", std::string(tr("Subject")), Kind::text, 24, render::kHigh}};
}

std::vector<render::Column> record_columns() {
  return {{"ref", std::string(tr("Complaint")), render::Kind::text, 0},
          {"status", std::string(tr("Status")), render::Kind::label, 0},
          {"kind", std::string(tr("Kind")), render::Kind::label, 0},
          {"severity", std::string(tr("Severity")), render::Kind::label, 0},
          {"validity", std::string(tr("Validity")), render::Kind::label, 0},
          {"nature", std::string(tr("Nature")), render::Kind::label, 0},
          {"category", std::string(tr("Category")), render::Kind::label, 0},
          {"level", std::string(tr("Held by")), render::Kind::label, 0},
          {"unit", std::string(tr("Unit")), render::Kind::text, 0},
          {"subject", std::string(tr("Subject")), render::Kind::text, 0},
          {"details", std::string(tr("Details")), render::Kind::text, 0},
          {"channel", std::string(tr("Channel")), render::Kind::label, 0},
          {"complainant", std::string(tr("Complainant")), render::Kind::text, 0},
          {"phone", std::string(tr("Phone")), render::Kind::text, 0},
          {"about_staff", std::string(tr("About staff")), render::Kind::staff, 0},
          {"about_dept", std::string(tr("About department")), render::Kind::text, 0},
          {"routed_to", std::string(tr("Reported to")), render::Kind::staff, 0},
          {"received_by", std::string(tr("Received by")), render::Kind::staff, 0},
          {"owner", std::string(tr("Owned by")), render::Kind::staff, 0},
          {"dept", std::string(tr("Department")), render::Kind::text, 0},
          {"received_at", std::string(tr("Received")), render::Kind::datetime, 0},
          {"requested_by", std::string(tr("Requested by")), render::Kind::datetime, 0},
          {"answer", std::string(tr("Answer")), render::Kind::text, 0},
          {"resolution", std::string(tr("Resolution")), render::Kind::text, 0},
          {"resolved_at", std::string(tr("Resolved")), render::Kind::datetime, 0},
          {"closed_at", std::string(tr("Closed")), render::Kind::datetime, 0},
          {"close_note", std::string(tr("Close note")), render::Kind::text, 0},
          {"withdrawn_at", std::string(tr("Withdrawn")), render::Kind::datetime, 0},
          {"upgraded_at", std::string(tr("Upgraded to major")), render::Kind::datetime, 0},
          {"rating", std::string(tr("Callback rating")), render::Kind::integer, 0},
          {"rating_label", std::string(tr("Satisfaction")), render::Kind::text, 0}};
}

// List rows: each record plus the soonest open deadline, for people scanning the queue.
std::vector<Value> list_rows(Session& s, const std::vector<complaint::Complaint>& list) {
  auto rows = complaint::to_values(s.db(), s.policy(), list, s.now(), s.reveal());
  for (auto& v : rows) v.set("next_due", next_due(v.get("deadline_states")));
  return rows;
}

void print_complaint(Session& s, const complaint::Complaint& x) {
  const Value v = complaint::to_value(s.db(), s.policy(), x, s.now(), s.reveal());
  print_lifecycle(s, record_columns(), v, [&] {
    s.out() << '\n' << tr("Escalations") << '\n';
    s.print_list({{"at", std::string(tr("Time")), render::Kind::datetime, 0},
                  {"from", std::string(tr("From")), render::Kind::label, 0},
                  {"level", std::string(tr("To")), render::Kind::label, 0},
                  {"by", std::string(tr("By")), render::Kind::staff, 0},
                  {"reason", std::string(tr("Reason")), render::Kind::text, 50}},
                 v.get("escalations").as_array());
  });
}

// A lifecycle verb on one complaint: one transaction, one audit entry, then a note.
template <class Fn>
void step(Session& s, const std::string& ref, std::string action, Fn&& fn) {
  const std::int64_t id = complaint::parse_ref(ref);
  const complaint::Complaint x =
      s.write({"complaint." + action, "C" + std::to_string(id)}, [&](Op& c) { return fn(c, id); });
  s.note(fmt::format(fmt::runtime(tr("{}: {} · {}")), x.ref(), tr(x.status), tr(x.level)));
}

std::optional<std::string> opt(const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); }

void ref_option(CLI::App* sub, std::string& ref) {
  sub->add_option("COMPLAINT", ref, std::string(tr("complaint, e.g. C7")))->required();
}

}  // namespace

void register_complaint(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("complaint", std::string(tr("complaints (投诉), suggestions and inquiries: intake to callback")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc complaint new --unit 3-2-1501 --subject '夜间装修噪音' --severity important --phone 13812345678\n"
           "  svc complaint new --unit 1-1-102 --subject '前台态度差' --about-staff wangfang --category staff_attitude\n"
           "  svc complaint new --unit 1-1-102 --kind suggestion --subject '增加快递柜' --dept 管业部\n"
           "  svc complaint classify C7 --severity major --reason '涉及人身安全'\n"
           "  svc complaint assign C7 --dept 工程部 --to liuqiang\n"
           "  svc complaint respond C7 --note '已致电说明处理方案'\n"
           "  svc complaint edit C7 --complainant 李女士 --requested-by 2026-11-24\n"
           "  svc complaint resolve C7 --resolution '已更换门禁'\n"
           "  svc complaint notify C7 --method phone --note '业主认可'   # the same day\n"
           "  svc visit log --complaint C7 --method phone --rating 4\n  svc complaint close C7\n"
           "  svc complaint list --overdue\n  svc complaint list --since 本月 --all\n  svc complaint show C7\n  svc complaint explain C7\n"
           "  svc -q complaint sweep          # cron: every 10 minutes");

  // new
  struct NewArgs {
    complaint::Intake in;
    std::string details, nature, category, complainant, phone, about_staff, about_dept, dept, requested_by;
  };
  auto na = std::make_shared<NewArgs>();
  auto* add = verb(noun, ctx, "new", tr("take a complaint, suggestion or inquiry and print its id"), kWrites);
  add->add_option("--unit", na->in.unit, std::string(tr("the complainant's unit, e.g. 3-2-1501")))->required();
  add->add_option("--subject", na->in.subject, std::string(tr("what it is about, in one line")))->required();
  add->add_option("--details", na->details, std::string(tr("what happened: time, place, people, the resident's request")));
  add->add_option("--kind", na->in.kind, std::string(tr("complaint (default), suggestion or inquiry")));
  add->add_option("--severity", na->in.severity, std::string(tr("major (重大), important (重要) or minor (轻微, default)")));
  add->add_option("--validity", na->in.validity, std::string(tr("valid (default) or invalid")));
  add->add_option("--nature", na->nature, std::string(tr("communication complaints: help, inquiry or venting")));
  add->add_option("--category", na->category, std::string(tr("category from the policy (basic_service, incident, ...)")));
  add->add_option("--channel", na->in.channel, std::string(tr("phone (default), visit, letter, online or department")));
  add->add_option("--complainant", na->complainant, std::string(tr("the complainant's name")));
  add->add_option("--phone", na->phone, std::string(tr("contact phone")));
  add->add_option("--about-staff", na->about_staff, std::string(tr("the staff member complained about (login): reported to their superior")));
  add->add_option("--about-dept", na->about_dept, std::string(tr("the department complained about")));
  add->add_option("--dept", na->dept, std::string(tr("the department it goes to (required for suggestions)")));
  add->add_option("--requested-by", na->requested_by, std::string(tr("the complainant's own deadline, e.g. 周五, 12/9 18:00 (a date alone: by its end)")));
  add->callback([&ctx, na] {
    ctx.action = [na](Session& s) {
      complaint::Intake in = na->in;
      in.details = opt(na->details);
      in.nature = opt(na->nature);
      in.category = opt(na->category);
      in.complainant = opt(na->complainant);
      in.phone = opt(na->phone);
      in.about_staff = opt(na->about_staff);
      in.about_dept = opt(na->about_dept);
      in.dept = opt(na->dept);
      in.requested_by = opt(na->requested_by);
      s.write({"complaint.new", "C?"}, [&](Op& c) { return complaint::create(c, in); },
              [&](const complaint::Complaint& x) {
                if (s.format() == render::Format::json)
                  s.print_record({}, complaint::to_value(s.db(), s.policy(), x, s.now(), false));
                else
                  s.out() << x.ref() << '\n';
              });
    };
  });

  auto ref = std::make_shared<std::string>();

  // classify
  struct ClassifyArgs {
    std::string kind, severity, validity, nature, category, reason;
  };
  auto ca = std::make_shared<ClassifyArgs>();
  auto* classify = verb(noun, ctx, "classify", tr("change the classification; open deadlines are recomputed from intake"), kWrites);
  ref_option(classify, *ref);
  classify->add_option("--kind", ca->kind, std::string(tr("complaint, suggestion or inquiry")));
  classify->add_option("--severity", ca->severity, std::string(tr("major, important or minor")));
  classify->add_option("--validity", ca->validity, std::string(tr("valid or invalid")));
  classify->add_option("--nature", ca->nature, std::string(tr("help, inquiry or venting")));
  classify->add_option("--category", ca->category, std::string(tr("category from the policy")));
  classify->add_option("--reason", ca->reason, std::string(tr("why (kept in the history)")));
  classify->callback([&ctx, ref, ca] {
    ctx.action = [ref, ca](Session& s) {
      const complaint::Classification k{opt(ca->kind), opt(ca->severity), opt(ca->validity), opt(ca->nature),
                                        opt(ca->category), opt(ca->reason)};
      step(s, *ref, "classify", [&](auto& c, auto id) { return complaint::classify(c, id, k); });
    };
  });

  // assign
  auto dept = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* assign = verb(noun, ctx, "assign", tr("pass it to a department (归口); --to hands ownership on"), kWrites);
  ref_option(assign, *ref);
  assign->add_option("--dept", *dept, std::string(tr("the department, e.g. 工程部")))->required();
  assign->add_option("--to", *to, std::string(tr("the staff member who owns it from now on (login)")));
  assign->callback([&ctx, ref, dept, to] {
    ctx.action = [ref, dept, to](Session& s) {
      step(s, *ref, "assign", [&](auto& c, auto id) { return complaint::assign(c, id, *dept, opt(*to)); });
    };
  });

  // escalate
  auto reason = std::make_shared<std::string>();
  auto* escalate = verb(noun, ctx, "escalate", tr("hand it up: to the next level, or --to LEVEL"), kWrites);
  ref_option(escalate, *ref);
  escalate->add_option("--to", *to, std::string(tr("supervisor, manager, director or gm (default: the next level)")));
  escalate->add_option("--reason", *reason, std::string(tr("why")))->required();
  escalate->callback([&ctx, ref, to, reason] {
    ctx.action = [ref, to, reason](Session& s) {
      step(s, *ref, "escalate", [&](auto& c, auto id) { return complaint::escalate(c, id, opt(*to), *reason); });
    };
  });

  // respond
  auto note = std::make_shared<std::string>();
  auto* respond = verb(noun, ctx, "respond", tr("record the answer given to the complainant (an inquiry is then closed)"), kWrites);
  ref_option(respond, *ref);
  respond->add_option("--note", *note, std::string(tr("the answer given")))->required();
  respond->callback([&ctx, ref, note] {
    ctx.action = [ref, note](Session& s) {
      step(s, *ref, "respond", [&](auto& c, auto id) { return complaint::respond(c, id, *note); });
    };
  });

  // resolve
  auto* resolve = verb(noun, ctx, "resolve", tr("record the resolution; the result is then owed to the complainant the same day, and a callback"), kWrites);
  ref_option(resolve, *ref);
  resolve->add_option("--resolution", *note, std::string(tr("how it was resolved")))->required();
  resolve->callback([&ctx, ref, note] {
    ctx.action = [ref, note](Session& s) {
      step(s, *ref, "resolve", [&](auto& c, auto id) { return complaint::resolve(c, id, *note); });
    };
  });

  // notify: a verb of its own, not `respond`: respond is the answer while the complaint is open
  // (answer_by), notify the result once it is resolved (notify_by); the audit log and the history
  // tell them apart.
  auto method = std::make_shared<std::string>();
  auto* notify = verb(noun, ctx, "notify", tr("record that the result was told to the complainant (the same day it is resolved)"), kWrites);
  ref_option(notify, *ref);
  notify->add_option("--method", *method, std::string(tr("phone or in_person")))->required();
  notify->add_option("--note", *note, std::string(tr("what the complainant said")));
  notify->callback([&ctx, ref, method, note] {
    ctx.action = [ref, method, note](Session& s) {
      step(s, *ref, "notify", [&](auto& c, auto id) { return complaint::notify(c, id, *method, opt(*note)); });
    };
  });

  // edit
  auto ed = std::make_shared<complaint::Edit>();
  auto* edit = verb(noun, ctx, "edit", tr("correct what was taken at intake; the class changes with classify"), kWrites);
  ref_option(edit, *ref);
  edit->add_option_function<std::string>("--unit", [ed](const std::string& v) { ed->unit = v; }, std::string(tr("the complainant's unit, e.g. 3-2-1501")));
  edit->add_option_function<std::string>("--subject", [ed](const std::string& v) { ed->subject = v; }, std::string(tr("what it is about, in one line")));
  edit->add_option_function<std::string>("--details", [ed](const std::string& v) { ed->details = v; }, std::string(tr("what happened: time, place, people, the resident's request")));
  edit->add_option_function<std::string>("--complainant", [ed](const std::string& v) { ed->complainant = v; }, std::string(tr("the complainant's name")));
  edit->add_option_function<std::string>("--phone", [ed](const std::string& v) { ed->phone = v; }, std::string(tr("contact phone ('' clears)")));
  edit->add_option_function<std::string>("--requested-by", [ed](const std::string& v) { ed->requested_by = v; }, std::string(tr("the complainant's own deadline ('' clears): a minor complaint's resolve deadline follows")));
  examples(edit, "  svc complaint edit C7 --unit 3-2-1502 --complainant 李女士\n"
                 "  svc complaint edit C7 --requested-by 2026-11-24   # the resolve deadline moves if it is sooner");
  edit->callback([&ctx, ref, ed] {
    ctx.action = [ref, ed](Session& s) {
      const std::int64_t id = complaint::parse_ref(*ref);
      const auto r = s.write({"complaint.edit", "C" + std::to_string(id)}, [&](Op& c) { return complaint::edit(c, id, *ed); },
                             [&](const complaint::Edited& done) {
                               if (s.format() == render::Format::json)
                                 s.print_record({}, complaint::to_value(s.db(), s.policy(), done.complaint, s.now(), s.reveal()));
                             });
      note_edit(s, r.complaint.ref(), r.facts);
    };
  });

  // withdraw, reopen
  auto* withdraw = verb(noun, ctx, "withdraw", tr("the complainant withdrew it"), kWrites);
  ref_option(withdraw, *ref);
  withdraw->add_option("--reason", *reason, std::string(tr("why")))->required();
  withdraw->callback([&ctx, ref, reason] {
    ctx.action = [ref, reason](Session& s) {
      step(s, *ref, "withdraw", [&](auto& c, auto id) { return complaint::withdraw(c, id, *reason); });
    };
  });
  auto* reopen = verb(noun, ctx, "reopen", tr("reopen a resolved or closed complaint"), kWrites);
  ref_option(reopen, *ref);
  reopen->add_option("--reason", *reason, std::string(tr("why")))->required();
  reopen->callback([&ctx, ref, reason] {
    ctx.action = [ref, reason](Session& s) {
      step(s, *ref, "reopen", [&](auto& c, auto id) { return complaint::reopen(c, id, *reason); });
    };
  });

  // close
  auto how = std::make_shared<record::Close>();
  auto* close = verb(noun, ctx, "close", tr("close after the callback (a major complaint needs a manager)"), kWrites);
  ref_option(close, *ref);
  close->add_flag("--no-callback", how->no_callback, std::string(tr("close without a callback (supervisor, with --reason)")));
  close->add_option_function<std::string>("--reason", [how](const std::string& v) { how->reason = v; }, std::string(tr("why no callback")));
  close->callback([&ctx, ref, how] {
    ctx.action = [ref, how](Session& s) {
      step(s, *ref, "close", [&](auto& c, auto id) { return complaint::close(c, id, *how); });
    };
  });

  // sweep
  auto dry_run = std::make_shared<bool>(false);
  auto* sweep = verb(noun, ctx, "sweep", tr("cron: apply class escalations, the ladder and the one-month rule to every open complaint"), kWrites);
  add_dry_run(sweep, *dry_run);
  sweep->footer(std::string(tr("Idempotent: each escalation is recorded once however often it runs. Prints what it "
                               "did; with -q a run that did nothing prints nothing. Exit 0.")));
  sweep->callback([&ctx, dry_run] {
    ctx.action = [dry_run](Session& s) {
      const auto done = s.write(
          {"complaint.sweep", "complaints", *dry_run}, [&](Op& c) { return complaint::sweep(c); },
          [&](const std::vector<complaint::SweepAction>& actions) {
            if (actions.empty()) {
              s.note(tr("nothing to do: every open complaint is where the rules want it"));
              if (s.globals().quiet) return;
            }
            std::vector<Value> rows;
            for (const auto& a : actions) rows.push_back(complaint::to_value(a, *dry_run));
            s.print_list({{"complaint", std::string(tr("Complaint")), render::Kind::text, 0},
                          {"action", std::string(tr("Action")), render::Kind::label, 0},
                          {"from", std::string(tr("From")), render::Kind::label, 0},
                          {"to", std::string(tr("To")), render::Kind::label, 0},
                          {"reason", std::string(tr("Reason")), render::Kind::text, 50}},
                         rows);
          });
      if (*dry_run && !done.empty()) s.note(tr("dry run: nothing was changed"));
    };
  });

  // list
  struct ListArgs {
    complaint::ListFilter filter;
    std::string since;
    bool all = false, fail_if_any = false;
  };
  auto la = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("list complaints"), kReads);
  auto filter = [&](const char* name, std::optional<std::string> complaint::ListFilter::*field, std::string_view help) {
    list->add_option_function<std::string>(name, [la, field](const std::string& v) { la->filter.*field = v; },
                                           std::string(help));
  };
  filter("--status", &complaint::ListFilter::status, tr("only this status: open, resolved, closed, withdrawn"));
  filter("--level", &complaint::ListFilter::level, tr("only those held at this level: assistant, supervisor, manager, director, gm"));
  filter("--severity", &complaint::ListFilter::severity, tr("only this severity: major, important, minor"));
  filter("--kind", &complaint::ListFilter::kind, tr("only this kind: complaint, suggestion, inquiry"));
  filter("--unit", &complaint::ListFilter::unit, tr("only this unit"));
  filter("--month", &complaint::ListFilter::month, tr("only those received in this month, YYYY-MM"));
  filter("--search", &complaint::ListFilter::search, tr("only those whose subject, details, complainant or unit contains this text"));
  list->add_option("--since", la->since, std::string(tr("only those received since then, e.g. 本周, 7d, 昨天, 2026-12-01")));
  list->add_flag("--overdue", la->filter.overdue, std::string(tr("only those with a missed deadline still open")));
  list->add_flag("--all", la->all, std::string(tr("closed and withdrawn ones too (default: open and resolved ones only)")));
  list->add_option("--limit", la->filter.limit, std::string(tr("only the newest N complaints")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(list, la->fail_if_any);
  list->callback([&ctx, la] {
    ctx.action = [la, &ctx](Session& s) {
      // Open ones unless --all, or a --status that names which (as `gh issue list`).
      if (!la->all && !la->filter.status) la->filter.open_only = true;
      if (!la->since.empty()) la->filter.since = when::require("--since", la->since, when::Role::since, when::context(s.policy(), s.now())).at;
      const auto rows = list_rows(s, complaint::list(s.db(), s.policy(), s.now(), la->filter));
      s.print_list(list_columns(), rows);
      if (la->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // show, explain
  auto* show = verb(noun, ctx, "show", tr("one complaint with its deadlines, escalations and history"), kReads);
  ref_option(show, *ref);
  show->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      print_complaint(s, complaint::get(s.db(), complaint::parse_ref(*ref)));
    };
  });

  auto* explain = verb(noun, ctx, "explain", tr("why each deadline and escalation is what it is"), kReads);
  ref_option(explain, *ref);
  explain->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      const auto x = complaint::get(s.db(), complaint::parse_ref(*ref));
      const auto parts = complaint::explain(s.db(), s.policy(), x, s.now());
      print_explanations(s, x.ref(),
                         fmt::format("{} · {} · {} · {} · {}", x.ref(), tr(x.kind), tr(x.severity), tr(x.validity),
                                     tr(x.level)),
                         "explain", parts);
    };
  });
}

}  // namespace svc::cmd
