// svc patrol violation: customer violations (违例, domain-rules 6) — the record, the handling
// methods, the manager's signature, re-inspection, close, and what is due.
#include <fmt/format.h>

#include "commands.hpp"
#include "record_view.hpp"
#include "svc/duration.hpp"
#include "svc/error.hpp"
#include "svc/violation.hpp"

namespace svc::cmd {
namespace {

std::vector<render::Column> list_columns() {
  return {{"ref", std::string(tr("Violation")), render::Kind::text, 0},
          {"status", std::string(tr("Status")), render::Kind::label, 0, render::kHigh},
          {"severity", std::string(tr("Severity")), render::Kind::label, 0, render::kMedium},
          {"category", std::string(tr("Category")), render::Kind::label, 0, render::kHigh},
          {"unit", std::string(tr("Unit")), render::Kind::text, 0},
          {"location", std::string(tr("Location")), render::Kind::text, 14, render::kLow},
          {"found_by", std::string(tr("Found by")), render::Kind::staff, 0, render::kMedium},
          {"created_at", std::string(tr("Recorded")), render::Kind::datetime, 0, render::kLow},
          {"rectify_by", std::string(tr("Rectify by")), render::Kind::date, 0, render::kHigh},
          {"awaiting_signature", std::string(tr("Awaiting signature")), render::Kind::text, 0, render::kMedium},
          {"retain_until", std::string(tr("Kept until")), render::Kind::date, 0, render::kLow},
          {"description", std::string(tr("Description")), render::Kind::text, 24, render::kHigh}};
}

std::vector<render::Column> record_columns() {
  return {{"ref", std::string(tr("Violation")), render::Kind::text, 0},
          {"status", std::string(tr("Status")), render::Kind::label, 0},
          {"severity", std::string(tr("Severity")), render::Kind::label, 0},
          {"category", std::string(tr("Category")), render::Kind::label, 0},
          {"subcategory", std::string(tr("Subcategory")), render::Kind::text, 0},
          {"subcategory_text", std::string(tr("Kind")), render::Kind::text, 0},
          {"unit", std::string(tr("Unit")), render::Kind::text, 0},
          {"location", std::string(tr("Location")), render::Kind::text, 0},
          {"description", std::string(tr("Description")), render::Kind::text, 0},
          {"found_by", std::string(tr("Found by")), render::Kind::staff, 0},
          {"source", std::string(tr("Patrol round")), render::Kind::text, 0},
          {"created_at", std::string(tr("Recorded")), render::Kind::datetime, 0},
          {"rectify_by", std::string(tr("Rectify by")), render::Kind::date, 0},
          {"awaiting_signature", std::string(tr("Awaiting signature")), render::Kind::text, 0},
          {"follow_up_owed", std::string(tr("Follow-up owed")), render::Kind::text, 0},
          {"reinspection", std::string(tr("Re-inspection")), render::Kind::label, 0},
          {"reinspected_at", std::string(tr("Re-inspected")), render::Kind::datetime, 0},
          {"closed_at", std::string(tr("Closed")), render::Kind::datetime, 0},
          {"retain_until", std::string(tr("Kept until")), render::Kind::date, 0}};
}

std::vector<render::Column> action_columns() {
  return {{"at", std::string(tr("Time")), render::Kind::datetime, 0},
          {"by", std::string(tr("By")), render::Kind::staff, 0, render::kMedium},
          {"kind", std::string(tr("Action")), render::Kind::label, 0, render::kHigh},
          {"rectify_by", std::string(tr("Rectify by")), render::Kind::date, 0, render::kMedium},
          {"amount_fen", std::string(tr("Amount")), render::Kind::money, 0, render::kMedium},
          {"note", std::string(tr("Reason")), render::Kind::text, 30, render::kHigh},
          {"awaiting_signature", std::string(tr("Awaiting signature")), render::Kind::text, 0, render::kLow},
          {"signed_by", std::string(tr("Signed by")), render::Kind::staff, 0, render::kLow},
          {"bill", std::string(tr("Bill")), render::Kind::text, 0, render::kLow}};
}

void print_violation(Session& s, const violation::Violation& v) {
  const Value val = violation::to_value(s.db(), s.policy(), v, s.now());
  print_lifecycle(s, record_columns(), val, [&] {
    s.out() << '\n' << tr("Actions") << '\n';
    s.print_list(action_columns(), val.get("actions").as_array());
  });
}

std::optional<std::string> opt(const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); }

// A step on one violation: one transaction, one audit entry, then a note.
template <class Fn>
void step(Session& s, const std::string& ref, const std::string& action, Fn&& fn) {
  const std::int64_t id = violation::parse_ref(ref);
  const violation::Violation v =
      s.write({"violation." + action, "X" + std::to_string(id)}, [&](Op& op) { return fn(op, id); });
  s.note(fmt::format(fmt::runtime(tr("{}: {} · {}")), v.ref(), tr(v.status), tr(v.severity)));
}

void ref_option(CLI::App* sub, std::string& ref) {
  sub->add_option("VIOLATION", ref, std::string(tr("violation, e.g. X3")))->required();
}

}  // namespace

void register_violation(CLI::App* patrol, Context& ctx) {
  auto* noun = patrol->add_subcommand("violation", std::string(tr("customer violations (违例): record, act, sign, close")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc patrol violation new --unit 2-1-301 --category fire --subcategory blocked_routes --severity general "
           "--desc '楼道堆放杂物'\n"
           "  svc patrol violation act X3 advise --note '已劝导业主清理'\n"
           "  svc patrol violation act X3 rectify --by 2026-11-30\n"
           "  svc patrol violation act X4 compensate --amount 800 --reason '损坏消防栓'   # supervisor or manager\n"
           "  svc --as sunwei patrol violation sign X4        # a major violation's penalty: the manager signs\n"
           "  svc patrol violation act X4 follow_up --note '上门沟通,业主表示理解'\n"
           "  svc patrol violation reinspect X3 --ok\n  svc patrol violation close X3\n"
           "  svc patrol violation due\n  svc patrol violation list --awaiting\n  svc patrol violation show X3");

  // new
  struct NewArgs {
    std::string unit, location, category, subcategory, severity, desc, found_by;
  };
  auto na = std::make_shared<NewArgs>();
  auto* add = verb(noun, ctx, "new", tr("record a violation and print its id"), kWrites);
  add->add_option("--unit", na->unit, std::string(tr("the unit concerned, e.g. 3-2-1501")));
  add->add_option("--location", na->location, std::string(tr("where, when there is no unit (or beside it)")));
  add->add_option("--category", na->category, std::string(tr("renovation, fire, environment, security or other")))
      ->required();
  add->add_option("--subcategory", na->subcategory, std::string(tr("the kind within the category, from the policy (violation.subcategories)")));
  add->add_option("--severity", na->severity,
                  std::string(tr("general: no loss to residents or the office and no threat to public safety; major: "
                                 "everything else")))
      ->required();
  add->add_option("--desc", na->desc, std::string(tr("what was seen")))->required();
  add->add_option("--found-by", na->found_by, std::string(tr("who found it (login; default: you)")));
  add->callback([&ctx, na] {
    ctx.action = [na](Session& s) {
      violation::Intake in;
      in.unit = opt(na->unit);
      in.location = opt(na->location);
      in.category = na->category;
      in.subcategory = opt(na->subcategory);
      in.severity = na->severity;
      in.description = na->desc;
      in.found_by = opt(na->found_by);
      s.write({"violation.new", "X?"}, [&](Op& op) { return violation::create(op, in); },
              [&](const violation::Violation& v) {
                if (s.format() == render::Format::json)
                  s.print_record({}, violation::to_value(s.db(), s.policy(), v, s.now()));
                else
                  s.out() << v.ref() << '\n';
              });
    };
  });

  auto ref = std::make_shared<std::string>();

  // act
  struct ActArgs {
    std::string kind, by, amount, reason, note;
  };
  auto aa = std::make_shared<ActArgs>();
  auto* act = verb(noun, ctx, "act", tr("what was done: advise, rectify, compensate, criticize, litigate, follow_up"), kWrites);
  ref_option(act, *ref);
  act->add_option("ACTION", aa->kind, std::string(tr("advise (anyone), rectify --by DATE, or a penalty: compensate --amount, "
                                                     "criticize, litigate (violation.penalty_roles only); follow_up --note after a penalty")))
      ->required();
  act->add_option("--by", aa->by, std::string(tr("rectify: the deadline, e.g. 周五, 2026-12-01 18:00 (a date alone: by its end)")));
  act->add_option("--amount", aa->amount, std::string(tr("compensate: the amount in yuan, billed to the unit")));
  act->add_option("--reason", aa->reason, std::string(tr("why (required for a penalty)")));
  act->add_option("--note", aa->note, std::string(tr("what was said or ordered")));
  act->footer(std::string(tr("Only the penalty roles (violation.penalty_roles: the customer-assistant supervisor and the "
                             "office manager by default) may compensate, criticize or litigate; everyone else may only "
                             "persuade. A major violation's penalty takes effect only when the manager "
                             "signs it ('svc patrol violation sign'); a compensation in effect is billed to the unit, and "
                             "a follow-up contact to mend relations is owed until recorded with 'follow_up --note'.")));
  act->callback([&ctx, ref, aa] {
    ctx.action = [ref, aa](Session& s) {
      if (!aa->reason.empty() && !aa->note.empty()) fail(Exit::usage, "give --reason or --note, not both");
      const violation::Act a{aa->kind, opt(aa->by), opt(aa->amount), opt(aa->reason.empty() ? aa->note : aa->reason)};
      const std::int64_t id = violation::parse_ref(*ref);
      const auto r = s.write({"violation.act", "X" + std::to_string(id)}, [&](Op& op) { return violation::act(op, id, a); },
                             [&](const violation::Acted& done) {
                               if (s.format() == render::Format::json)
                                 s.print_record({}, violation::to_value(s.db(), s.policy(), done.violation, s.now()));
                             });
      std::string note = fmt::format("{}: {}", r.violation.ref(), tr(r.action.kind));
      if (r.awaiting_signature)
        note += " · " + fmt::format(fmt::runtime(tr("awaiting the signature of the {}")),
                                    tr(s.policy().violation.major_handler));
      if (r.bill_id) note += " · " + fmt::format(fmt::runtime(tr("billed: bill {}")), *r.bill_id);
      if (r.follow_up_owed) note += " · " + std::string(tr("a follow-up contact is owed"));
      s.note(note);
    };
  });

  // sign
  auto* sign = verb(noun, ctx, "sign", tr("the manager signs the penalties of a major violation: they take effect"), kWrites);
  ref_option(sign, *ref);
  sign->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      const std::int64_t id = violation::parse_ref(*ref);
      const auto r = s.write({"violation.sign", "X" + std::to_string(id)}, [&](Op& op) { return violation::sign(op, id); },
                             [&](const violation::Signed& done) {
                               if (s.format() == render::Format::json)
                                 s.print_record({}, violation::to_value(s.db(), s.policy(), done.violation, s.now()));
                             });
      for (const auto& a : r.actions) {
        std::string note = fmt::format(fmt::runtime(tr("{}: {} signed, in effect")), r.violation.ref(), tr(a.kind));
        if (a.bill_id) note += " · " + fmt::format(fmt::runtime(tr("billed: bill {}")), *a.bill_id);
        s.note(note);
      }
      if (r.follow_up_owed) s.note(std::string(tr("a follow-up contact is owed")));
    };
  });

  // reinspect
  auto ok = std::make_shared<bool>(false);
  auto not_fixed = std::make_shared<bool>(false);
  auto note = std::make_shared<std::string>();
  auto* reinspect = verb(noun, ctx, "reinspect", tr("record the re-inspection: --ok or --not-fixed"), kWrites);
  ref_option(reinspect, *ref);
  auto* ok_flag = reinspect->add_flag("--ok", *ok, std::string(tr("fixed: it may be closed")));
  auto* nf_flag = reinspect->add_flag("--not-fixed", *not_fixed, std::string(tr("not fixed yet")));
  ok_flag->excludes(nf_flag);
  reinspect->add_option("--note", *note, std::string(tr("what was found")));
  reinspect->callback([&ctx, ref, ok, not_fixed, note] {
    ctx.action = [ref, ok, not_fixed, note](Session& s) {
      if (!*ok && !*not_fixed) fail(Exit::usage, "give --ok or --not-fixed");
      step(s, *ref, "reinspect", [&](Op& op, std::int64_t id) { return violation::reinspect(op, id, *ok, opt(*note)); });
    };
  });

  // close
  auto* close = verb(noun, ctx, "close", tr("close after a re-inspection found it fixed; kept 1 year (general) or 5 (major)"), kWrites);
  ref_option(close, *ref);
  close->add_option("--note", *note, std::string(tr("a closing note")));
  close->callback([&ctx, ref, note] {
    ctx.action = [ref, note](Session& s) {
      step(s, *ref, "close", [&](Op& op, std::int64_t id) { return violation::close(op, id, opt(*note)); });
    };
  });

  // list
  struct ListArgs {
    violation::ListFilter filter;
    bool fail_if_any = false;
  };
  auto la = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("list violations"), kReads);
  auto filter = [&](const char* name, std::optional<std::string> violation::ListFilter::*field, std::string_view help) {
    list->add_option_function<std::string>(name, [la, field](const std::string& v) { la->filter.*field = v; },
                                           std::string(help));
  };
  filter("--status", &violation::ListFilter::status, tr("only this status: open, closed"));
  filter("--category", &violation::ListFilter::category, tr("only this category"));
  filter("--severity", &violation::ListFilter::severity, tr("only this severity: general, major"));
  filter("--unit", &violation::ListFilter::unit, tr("only this unit"));
  list->add_flag("--awaiting", la->filter.awaiting, std::string(tr("only those with a penalty awaiting signature")));
  list->add_option("--limit", la->filter.limit, std::string(tr("only the newest N violations")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(list, la->fail_if_any);
  list->callback([&ctx, la] {
    ctx.action = [la, &ctx](Session& s) {
      const auto rows = violation::to_values(s.db(), s.policy(), violation::list(s.db(), la->filter), s.now());
      s.print_list(list_columns(), rows);
      if (la->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // due
  struct DueArgs {
    std::string within;
    bool overdue = false, fail_if_any = false;
  };
  auto da = std::make_shared<DueArgs>();
  auto* due = verb(noun, ctx, "due", tr("rectification deadlines due or passed"), kReads);
  due->add_option("--within", da->within, std::string(tr("only those due within this time, e.g. 2d (passed ones too)")));
  due->add_flag("--overdue", da->overdue, std::string(tr("only those passed")));
  add_fail_if_any(due, da->fail_if_any);
  due->callback([&ctx, da] {
    ctx.action = [da, &ctx](Session& s) {
      std::optional<std::int64_t> within;
      if (!da->within.empty()) {
        std::string why;
        const auto d = parse_duration(da->within, &why);
        within = d ? fixed_seconds(*d) : std::nullopt;
        if (!within) fail(Exit::usage, "--within '{}' is not a duration such as 30m, 2h or 2d ({})", da->within, why);
      }
      auto rows = violation::to_values(s.db(), s.policy(), violation::due(s.db(), s.policy(), s.now(), within, da->overdue), s.now());
      for (auto& v : rows) v.set("next_due", v.get("deadlines").get("rectify_by"));
      auto cols = list_columns();
      cols.insert(cols.begin() + 9, {"next_due", std::string(tr("Due")), render::Kind::datetime, 0, render::kHigh});
      cols.insert(cols.begin() + 10, {"overdue", std::string(tr("Overdue")), render::Kind::label, 0, render::kHigh});
      s.print_list(cols, rows);
      if (da->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // show
  auto* show = verb(noun, ctx, "show", tr("one violation with its actions and history"), kReads);
  ref_option(show, *ref);
  show->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) { print_violation(s, violation::get(s.db(), violation::parse_ref(*ref))); };
  });
}

}  // namespace svc::cmd
