// svc ticket: repair work orders (报修/派工单) from intake to callback.
#include <fmt/format.h>

#include "commands.hpp"
#include "record_view.hpp"
#include "svc/duration.hpp"
#include "svc/error.hpp"
#include "svc/ticket.hpp"
#include "svc/when.hpp"

namespace svc::cmd {
namespace {

// At 80 columns the low-priority ones go first (render::Column::priority).
std::vector<render::Column> list_columns() {
  using render::Kind;
  return {{"ref", std::string(tr("Ticket")), Kind::text, 0},
          {"status", std::string(tr("Status")), Kind::label, 0, render::kHigh},
          {"unit", std::string(tr("Unit")), Kind::text, 0},
          {"location", std::string(tr("Location")), Kind::text, 14, render::kLow},
          {"category", std::string(tr("Category")), Kind::label, 0, render::kHigh},
          {"urgency", std::string(tr("Urgency")), Kind::label, 0, render::kLow},
          {"assignee", std::string(tr("Technician")), Kind::staff, 0, render::kMedium},
          {"created_at", std::string(tr("Created")), Kind::datetime, 0, render::kLow},
          {"next_due", std::string(tr("Next deadline")), Kind::datetime, 0, render::kMedium},
          {"overdue", std::string(tr("Overdue")), Kind::label, 0, render::kHigh},
          {"waiting_for", std::string(tr("Waiting for")), Kind::label, 0, render::kLow},
          {"description", std::string(tr("Problem")), Kind::text, 24, render::kHigh}};
}

std::vector<render::Column> record_columns() {
  return {{"ref", std::string(tr("Ticket")), render::Kind::text, 0},
          {"status", std::string(tr("Status")), render::Kind::label, 0},
          {"wait_reason", std::string(tr("Waiting for")), render::Kind::label, 0},
          {"scope", std::string(tr("Scope")), render::Kind::label, 0},
          {"unit", std::string(tr("Unit")), render::Kind::text, 0},
          {"location", std::string(tr("Location")), render::Kind::text, 0},
          {"category", std::string(tr("Category")), render::Kind::label, 0},
          {"urgency", std::string(tr("Urgency")), render::Kind::label, 0},
          {"description", std::string(tr("Problem")), render::Kind::text, 0},
          {"reporter", std::string(tr("Reporter")), render::Kind::text, 0},
          {"phone", std::string(tr("Phone")), render::Kind::text, 0},
          {"channel", std::string(tr("Channel")), render::Kind::label, 0},
          {"assignee", std::string(tr("Technician")), render::Kind::staff, 0},
          {"paid", std::string(tr("Paid service")), render::Kind::text, 0},
          {"price_fen", std::string(tr("Agreed price")), render::Kind::money, 0},
          {"charge_fen", std::string(tr("Charge")), render::Kind::money, 0},
          {"created_at", std::string(tr("Created")), render::Kind::datetime, 0},
          {"appointment_at", std::string(tr("Appointment")), render::Kind::datetime, 0},
          {"dispatched_at", std::string(tr("Dispatched")), render::Kind::datetime, 0},
          {"arrived_at", std::string(tr("Arrived")), render::Kind::datetime, 0},
          {"done_at", std::string(tr("Done")), render::Kind::datetime, 0},
          {"leak_test_at", std::string(tr("Leak test")), render::Kind::datetime, 0},
          {"waiting_leak_test", std::string(tr("Waiting for leak test")), render::Kind::text, 0},
          {"closed_at", std::string(tr("Closed")), render::Kind::datetime, 0},
          {"rating", std::string(tr("Callback rating")), render::Kind::integer, 0},
          {"rating_label", std::string(tr("Satisfaction")), render::Kind::text, 0},
          {"note", std::string(tr("Note")), render::Kind::text, 0}};
}

// List rows: each record plus the soonest open deadline, for people scanning the queue.
std::vector<Value> list_rows(Session& s, const std::vector<ticket::Ticket>& list) {
  auto rows = ticket::to_values(s.db(), s.policy(), list, s.now(), s.reveal());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (list[i].status != "closed" && list[i].status != "cancelled")
      rows[i].set("next_due", next_due(rows[i].get("deadline_states")));
    // What holds it: a pause status, or a leak repair's leak test (domain-rules 1.9).
    rows[i].set("waiting_for", rows[i].get("waiting_leak_test").as_bool() ? Value("leak_test") : rows[i].get("wait_reason"));
  }
  return rows;
}

// A lifecycle verb on one ticket: one transaction, one audit entry, then a note.
template <class Fn>
void step(Session& s, const std::string& ref, std::string action, Fn&& fn) {
  const std::int64_t id = ticket::parse_ref(ref);
  const ticket::Ticket t = s.write({"ticket." + action, "T" + std::to_string(id)}, [&](Op& c) { return fn(c, id); });
  s.note(fmt::format(fmt::runtime(tr("{}: {}")), t.ref(), tr(t.status)));
}

std::int64_t parse_within(const std::string& text) {
  std::string why;
  auto d = parse_duration(text, &why);
  auto secs = d ? fixed_seconds(*d) : std::nullopt;
  if (!secs) fail(Exit::usage, "--due-within '{}' is not a duration such as 30m, 2h or 1d ({})", text, why);
  return *secs;
}

}  // namespace

void register_ticket(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("ticket", std::string(tr("repair work orders (报修/派工单): intake to callback")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc ticket new --unit 3-2-1501 --category water --desc '厨房水龙头漏水' --urgent --phone 13812345678\n"
           "  svc ticket new --public --location '3栋电梯厅' --category public_facility --desc '灯不亮' --appoint '明天 10:00'\n"
           "  svc ticket dispatch T12 --to wuming\n  svc ticket arrive T12\n  svc ticket done T12 --note '更换阀芯'\n"
           "  svc visit log --ticket T12 --method phone --rating 5\n  svc ticket close T12\n"
           "  svc ticket edit T12 --category electric --phone 13912345678   # a mistake at intake\n"
           "  svc ticket undispatch T12 --reason '派错人'   # a wrong dispatch, before arrival\n"
           "  svc ticket list --overdue\n  svc ticket list --since 本周\n  svc ticket list --waiting-leak-test\n  svc ticket show T12\n  svc ticket explain T12");

  // new
  auto in = std::make_shared<ticket::Intake>();
  auto* add = verb(noun, ctx, "new", tr("log a repair request and print its ticket id"), kWrites);
  add->add_option_function<std::string>("-u,--unit", [in](const std::string& v) { in->unit = v; }, std::string(tr("the household's unit, e.g. 3-2-1501")));
  add->add_flag("--public", in->is_public, std::string(tr("a public facility (needs --location)")));
  add->add_option_function<std::string>("--location", [in](const std::string& v) { in->location = v; }, std::string(tr("where: the facility, or the room in the home")));
  add->add_option("-c,--category", in->category, std::string(tr("category from the policy (water, electric, door_window, leak, safety, ...)")))->required();
  add->add_option("-d,--desc", in->description, std::string(tr("what is wrong")))->required();
  add->add_flag("-U,--urgent", in->urgent, std::string(tr("urgent (急修): attended at once; otherwise scheduled and needs --appoint")));
  add->add_option_function<std::string>("--appoint", [in](const std::string& v) { in->appoint = v; }, std::string(tr("agreed visit time (scheduled jobs), e.g. 明天 14:00, 周五 下午2点, 2026-12-09 14:00")));
  add->add_flag("--paid", in->paid, std::string(tr("paid service (有偿服务)")));
  add->add_option_function<std::string>("--price", [in](const std::string& v) { in->price = v; }, std::string(tr("agreed price in yuan (with --paid)")));
  add->add_option_function<std::string>("--reporter", [in](const std::string& v) { in->reporter = v; }, std::string(tr("who reported it (default: the household on file, tenant or owner)")));
  add->add_option_function<std::string>("-p,--phone", [in](const std::string& v) { in->phone = v; }, std::string(tr("contact phone (default: the household's on file)")));
  add->add_option("--channel", in->channel, std::string(tr("phone, visit, patrol, online or letter (default phone)")));
  add->callback([&ctx, in, add] {
    ctx.action = [in, add](Session& s) {
      // The unit is not a required option (a public job has none), but left out on a terminal it
      // is asked for like one: a household repair is what the desk logs most.
      if (!in->unit && !in->is_public && s.interactive())
        if (auto unit = ask_missing(s, *add, *add->get_option("--unit"))) in->unit = *unit;
      s.write({"ticket.new", "T?"}, [&](Op& c) { return ticket::create(c, *in); },
              [&](const ticket::Ticket& t) {
                if (s.format() == render::Format::json)
                  s.print_record({}, ticket::to_value(s.db(), s.policy(), t, s.now(), false));
                else
                  s.out() << t.ref() << '\n';
              });
    };
  });

  // dispatch
  auto ref = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* dispatch = verb(noun, ctx, "dispatch", tr("dispatch (派工) to a technician, or hand over to another; public facilities: the foreman"), kWrites);
  dispatch->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  dispatch->add_option("-t,--to", *to, std::string(tr("the technician, by name or login")))->required();
  examples(dispatch, "  svc ticket dispatch T12 --to wuming          # household: the front desk (接待员)\n"
                     "  svc --as lijun ticket dispatch T13 --to zhengtao   # public facility: the foreman (工程部领班)");
  dispatch->callback([&ctx, ref, to] {
    ctx.action = [ref, to](Session& s) { step(s, *ref, "dispatch", [&](auto& c, auto id) { return ticket::dispatch(c, id, *to); }); };
  });

  auto why = std::make_shared<std::string>();
  auto* undispatch = verb(noun, ctx, "undispatch", tr("take a wrong dispatch back before arrival: the ticket is new again"), kWrites);
  undispatch->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  undispatch->add_option("--reason", *why, std::string(tr("why (kept in the history)")));
  examples(undispatch, "  svc ticket undispatch T12 --reason '派错人'    # by whoever dispatched it, or a supervisor\n"
                       "  svc ticket dispatch T12 --to zhengtao          # or hand it straight on to another technician");
  undispatch->callback([&ctx, ref, why] {
    ctx.action = [ref, why](Session& s) {
      step(s, *ref, "undispatch", [&](auto& c, auto id) {
        return ticket::undispatch(c, id, why->empty() ? std::nullopt : std::optional<std::string>(*why));
      });
    };
  });

  // edit
  auto ed = std::make_shared<ticket::Edit>();
  auto* edit = verb(noun, ctx, "edit", tr("correct what was taken at intake; open deadlines follow"), kWrites);
  edit->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  edit->add_option_function<std::string>("--unit", [ed](const std::string& v) { ed->unit = v; }, std::string(tr("the household's unit, e.g. 3-2-1501")));
  edit->add_flag("--public", ed->is_public, std::string(tr("a public facility (needs --location)")));
  edit->add_option_function<std::string>("--location", [ed](const std::string& v) { ed->location = v; }, std::string(tr("where: the facility, or the room in the home")));
  edit->add_option_function<std::string>("--category", [ed](const std::string& v) { ed->category = v; }, std::string(tr("category from the policy (water, electric, door_window, leak, safety, ...)")));
  edit->add_option_function<std::string>("--desc", [ed](const std::string& v) { ed->description = v; }, std::string(tr("what is wrong")));
  edit->add_option_function<std::string>("--reporter", [ed](const std::string& v) { ed->reporter = v; }, std::string(tr("who reported it ('' clears)")));
  edit->add_option_function<std::string>("--phone", [ed](const std::string& v) { ed->phone = v; }, std::string(tr("contact phone ('' clears)")));
  edit->add_option_function<std::string>("--appoint", [ed](const std::string& v) { ed->appoint = v; }, std::string(tr("a scheduled job's new visit time: its arrival deadline moves")));
  examples(edit, "  svc ticket edit T12 --category electric          # 类别: 给排水 → 电\n"
                 "  svc ticket edit T12 --unit 3-2-1502 --phone 13912345678\n"
                 "  svc ticket edit T13 --appoint 2026-11-25T14:00     # the arrival deadline moves with it");
  edit->callback([&ctx, ref, ed] {
    ctx.action = [ref, ed](Session& s) {
      const std::int64_t id = ticket::parse_ref(*ref);
      const auto r = s.write({"ticket.edit", "T" + std::to_string(id)}, [&](Op& c) { return ticket::edit(c, id, *ed); },
                             [&](const ticket::Edited& done) {
                               if (s.format() == render::Format::json)
                                 s.print_record({}, ticket::to_value(s.db(), s.policy(), done.ticket, s.now(), s.reveal()));
                             });
      note_edit(s, r.ticket.ref(), r.facts);
    };
  });

  auto* arrive = verb(noun, ctx, "arrive", tr("the technician is on site"), kWrites);
  arrive->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  arrive->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) { step(s, *ref, "arrive", [&](auto& c, auto id) { return ticket::arrive(c, id); }); };
  });

  auto dn = std::make_shared<ticket::Done>();
  auto* done = verb(noun, ctx, "done", tr("the repair is finished"), kWrites);
  done->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  done->add_option_function<std::string>("-n,--note", [dn](const std::string& v) { dn->note = v; }, std::string(tr("what was done (维修有关事项)")));
  done->add_option_function<std::string>("--charge", [dn](const std::string& v) { dn->charge = v; }, std::string(tr("paid tickets: the charge in yuan (default: the charge of an earlier round, else the agreed price)")));
  done->add_option_function<std::string>("--leak-test-at", [dn](const std::string& v) { dn->leak_test_at = v; }, std::string(tr("leak tickets: when the leak test (试漏) was done, e.g. 今天 15:00, -2h")));
  examples(done, "  svc ticket done T12 --note '更换阀芯'\n  svc ticket done T14 --charge 95.50   # a paid repair: the charge\n"
                 "  svc ticket done T15 --leak-test-at 2026-11-23T15:00   # a leak repair tested on the spot");
  done->callback([&ctx, ref, dn] {
    ctx.action = [ref, dn](Session& s) {
      const std::int64_t id = ticket::parse_ref(*ref);
      const auto r = s.write({"ticket.done", "T" + std::to_string(id)}, [&](Op& c) { return ticket::done(c, id, *dn); });
      s.note(fmt::format(fmt::runtime(tr("{}: {}")), r.ticket.ref(), tr(r.ticket.status)));
      if (r.charge_was)
        s.note(fmt::format(fmt::runtime(tr("{}: the charge changed from {} to {} yuan")), r.ticket.ref(),
                           format_yuan(*r.charge_was), format_yuan(r.ticket.charge_fen.value_or(0))));
      if (ticket::waiting_leak_test(s.policy(), r.ticket))
        s.note(fmt::format(fmt::runtime(tr("{}: waiting for its leak test; record it with 'svc ticket leak-test {}' "
                                           "(the callback is due 3 days after it)")),
                           r.ticket.ref(), r.ticket.ref()));
    };
  });

  auto at = std::make_shared<std::string>();
  auto* leak = verb(noun, ctx, "leak-test", tr("record the leak test (试漏); the callback is due 3 days after it"), kWrites);
  leak->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  leak->add_option("--at", *at, std::string(tr("when (default: now), e.g. 今天 15:00, -2h")));
  leak->callback([&ctx, ref, at] {
    ctx.action = [ref, at](Session& s) {
      step(s, *ref, "leak_test", [&](auto& c, auto id) {
        return ticket::leak_test(c, id, at->empty() ? std::nullopt : std::optional<std::string>(*at));
      });
    };
  });

  auto reason = std::make_shared<std::string>();
  auto* wait = verb(noun, ctx, "wait", tr("pause the SLA clock: waiting for parts or for the owner"), kWrites);
  wait->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  wait->add_option("--reason", *reason, std::string(tr("a pause status from the policy: waiting_parts, waiting_owner")))->required();
  wait->callback([&ctx, ref, reason] {
    ctx.action = [ref, reason](Session& s) { step(s, *ref, "wait", [&](auto& c, auto id) { return ticket::wait(c, id, *reason); }); };
  });

  auto* resume = verb(noun, ctx, "resume", tr("end the wait; open deadlines move by the paused time"), kWrites);
  resume->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  resume->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) { step(s, *ref, "resume", [&](auto& c, auto id) { return ticket::resume(c, id); }); };
  });

  auto next = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();
  auto* noans = verb(noun, ctx, "no-answer", tr("nobody answered the door: record it and the new visit time"), kWrites);
  noans->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  noans->add_option("--next", *next, std::string(tr("the new agreed visit time, e.g. 明天 14:00, 周五")))->required();
  noans->add_option("--note", *note, std::string(tr("what happened")));
  noans->callback([&ctx, ref, next, note] {
    ctx.action = [ref, next, note](Session& s) {
      step(s, *ref, "no_answer", [&](auto& c, auto id) {
        return ticket::no_answer(c, id, *next, note->empty() ? std::nullopt : std::optional<std::string>(*note));
      });
    };
  });

  auto* cancel = verb(noun, ctx, "cancel", tr("cancel a ticket (a dispatched one needs a supervisor, or its creator within [ticket] cancel_grace)"), kWrites);
  cancel->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  cancel->add_option("--reason", *reason, std::string(tr("why")))->required();
  cancel->callback([&ctx, ref, reason] {
    ctx.action = [ref, reason](Session& s) { step(s, *ref, "cancel", [&](auto& c, auto id) { return ticket::cancel(c, id, *reason); }); };
  });

  auto reopen_to = std::make_shared<std::string>();
  auto* reopen = verb(noun, ctx, "reopen", tr("send a done or closed ticket back for rectification (整改), with fresh deadlines"), kWrites);
  reopen->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  reopen->add_option("--reason", *reason, std::string(tr("why")))->required();
  reopen->add_option("--to", *reopen_to, std::string(tr("another technician (default: the same)")));
  reopen->callback([&ctx, ref, reason, reopen_to] {
    ctx.action = [ref, reason, reopen_to](Session& s) {
      step(s, *ref, "reopen", [&](auto& c, auto id) {
        return ticket::reopen(c, id, *reason, reopen_to->empty() ? std::nullopt : std::optional<std::string>(*reopen_to));
      });
    };
  });

  auto how = std::make_shared<record::Close>();
  auto* close = verb(noun, ctx, "close", tr("close a done ticket after its callback"), kWrites);
  close->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  close->add_flag("--no-callback", how->no_callback, std::string(tr("close without a callback (supervisor, with --reason)")));
  close->add_option_function<std::string>("--reason", [how](const std::string& v) { how->reason = v; }, std::string(tr("why no callback")));
  close->callback([&ctx, ref, how] {
    ctx.action = [ref, how](Session& s) { step(s, *ref, "close", [&](auto& c, auto id) { return ticket::close(c, id, *how); }); };
  });

  // list
  struct ListArgs {
    ticket::ListFilter filter;
    std::string since, within;
    bool all = false, fail_if_any = false;
  };
  auto la = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("list tickets"), kReads);
  list->add_option_function<std::string>("--status", [la](const std::string& v) { la->filter.status = v; }, std::string(tr("only this status")));
  auto* all = list->add_flag("--all", la->all, std::string(tr("closed and cancelled tickets too (default: open ones only)")));
  list->add_flag("--open", la->filter.open_only, std::string(tr("only tickets not closed or cancelled (the default)")))->excludes(all);
  list->add_flag("--overdue", la->filter.overdue, std::string(tr("only open tickets with a missed deadline")));
  list->add_flag("--waiting-leak-test", la->filter.waiting_leak_test, std::string(tr("only leak repairs done and waiting for their leak test (试漏)")));
  list->add_option("--due-within", la->within, std::string(tr("only open tickets with a deadline due within this time, e.g. 2h")));
  list->add_option_function<std::string>("--unit", [la](const std::string& v) { la->filter.unit = v; }, std::string(tr("only this unit")));
  list->add_option_function<std::string>("--to", [la](const std::string& v) { la->filter.assignee = v; }, std::string(tr("only this technician")));
  list->add_option_function<std::string>("--category", [la](const std::string& v) { la->filter.category = v; }, std::string(tr("only this category")));
  list->add_option("--since", la->since, std::string(tr("only tickets created since then, e.g. 本周, 7d, 昨天, 2026-12-01")));
  list->add_option_function<std::string>("--search", [la](const std::string& v) { la->filter.search = v; },
                                         std::string(tr("only tickets whose problem, location, reporter or unit contains this text")));
  list->add_option("--limit", la->filter.limit, std::string(tr("only the newest N tickets")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(list, la->fail_if_any);
  list->callback([&ctx, la] {
    ctx.action = [la, &ctx](Session& s) {
      // Open tickets unless --all, or a --status that names which (as `gh issue list`).
      if (!la->all && !la->filter.status) la->filter.open_only = true;
      if (!la->since.empty()) la->filter.since = when::require("--since", la->since, when::Role::since, when::context(s.policy(), s.now())).at;
      if (!la->within.empty()) la->filter.due_within = parse_within(la->within);
      const auto rows = list_rows(s, ticket::list(s.db(), s.policy(), s.now(), la->filter));
      s.print_list(list_columns(), rows);
      if (la->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  auto* show = verb(noun, ctx, "show", tr("one ticket with every deadline and its full history"), kReads);
  show->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  show->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      const auto t = ticket::get(s.db(), ticket::parse_ref(*ref));
      print_lifecycle(s, record_columns(), ticket::to_value(s.db(), s.policy(), t, s.now(), s.reveal()));
    };
  });

  auto* explain = verb(noun, ctx, "explain", tr("why each deadline is what it is: rule, clock, start and arithmetic"), kReads);
  explain->add_option("TICKET", *ref, std::string(tr("ticket, e.g. T12")))->required();
  explain->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      const auto t = ticket::get(s.db(), ticket::parse_ref(*ref));
      print_explanations(s, t.ref(), fmt::format("{} · {} · {} · {}", t.ref(), tr(t.scope), tr(t.category), tr(t.urgency)),
                         "deadlines", ticket::explain(s.db(), s.policy(), t, s.now()));
    };
  });
}

}  // namespace svc::cmd
