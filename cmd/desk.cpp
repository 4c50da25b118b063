// svc desk: the reception log (客户接待记录) — every call and visit, promised replies, messages for
// absent colleagues, suggestions — the shift handover (交接班) and the desk's two quality rates.
#include <fmt/format.h>

#include "commands.hpp"
#include "record_view.hpp"
#include "svc/desk.hpp"
#include "svc/duration.hpp"
#include "svc/error.hpp"
#include "svc/when.hpp"

namespace svc::cmd {
namespace {

using render::Kind;

using render::col;

std::vector<render::Column> list_columns() {
  return {col("ref", tr("Contact")),
          col("received_at", tr("Received"), Kind::datetime, 0, render::kLow),
          col("channel", tr("Channel"), Kind::label, 0, render::kMedium),
          col("kind", tr("Kind"), Kind::label, 0, render::kHigh),
          col("status", tr("Status"), Kind::label, 0, render::kHigh),
          col("unit", tr("Unit"), Kind::text, 0, render::kHigh),
          col("name", tr("Name"), Kind::text, 0, render::kMedium),
          col("phone", tr("Phone"), Kind::text, 0, render::kLow),
          col("received_by", tr("Received by"), Kind::staff, 0, render::kLow),
          col("next_due", tr("Next deadline"), Kind::datetime, 0, render::kMedium),
          col("overdue", tr("Overdue"), Kind::label, 0, render::kHigh),
          col("link", tr("Goes to"), Kind::staff, 0, render::kMedium),  // a record, or a colleague by name
          col("note", tr("Note"), Kind::text, 24, render::kHigh)};
}

std::vector<render::Column> record_columns() {
  return {col("ref", tr("Contact")),
          col("status", tr("Status"), Kind::label),
          col("channel", tr("Channel"), Kind::label),
          col("kind", tr("Kind"), Kind::label),
          col("unit", tr("Unit")),
          col("name", tr("Name")),
          col("phone", tr("Phone")),
          col("note", tr("Note")),
          col("answered", tr("Answered on the spot")),
          col("reply_by", tr("Reply promised by"), Kind::datetime),
          col("reply", tr("Reply")),
          col("replied_at", tr("Replied"), Kind::datetime),
          col("replied_by", tr("Replied by"), Kind::staff),
          col("for_login", tr("Message for"), Kind::staff),
          col("dept", tr("Department")),
          col("routed_to", tr("Reported to"), Kind::staff),
          col("passed_at", tr("Passed on"), Kind::datetime),
          col("passed_by", tr("Passed on by"), Kind::staff),
          col("pass_note", tr("Pass-on note")),
          col("ticket", tr("Ticket")),
          col("complaint", tr("Complaint")),
          col("received_by", tr("Received by"), Kind::staff),
          col("received_at", tr("Received"), Kind::datetime)};
}

std::vector<Value> list_rows(Session& s, const std::vector<desk::Contact>& list) {
  auto rows = desk::to_values(s.db(), s.policy(), list, s.now(), s.reveal());
  for (auto& v : rows) {
    v.set("next_due", next_due(v.get("deadline_states")));
    // Where it went: the record it opened, the colleague a message is for, the head of a suggestion.
    for (const char* key : {"ticket", "complaint", "for_login", "routed_to"})
      if (v.get(key).is_string()) {
        v.set("link", v.get(key));
        break;
      }
  }
  return rows;
}

std::optional<std::string> opt(const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); }

// A span as people read it: "2h 05m", or "1h 10m late".
std::string left_text(std::int64_t seconds) {
  return seconds >= 0 ? deadline::format_span(seconds)
                      : fmt::format(fmt::runtime(tr("{} late")), deadline::format_span(seconds));
}

struct Period {
  Timestamp from = 0, to = 0;
};

// --month YYYY-MM, or --from/--to (a date or a time; a --to date includes that whole day).
std::optional<Period> parse_period(Session& s, const std::string& month, const std::string& from, const std::string& to) {
  const int off = s.utc_offset();
  if (!month.empty() && (!from.empty() || !to.empty())) fail(Exit::usage, "give --month or --from/--to, not both");
  if (!month.empty()) {
    auto d = month.size() == 7 ? parse_date(month + "-01") : std::nullopt;
    if (!d) fail(Exit::usage, "--month '{}' is not a month (expected YYYY-MM, e.g. 2026-11)", month);
    return Period{local_to_timestamp(*d, 0, off), local_to_timestamp(add_months(*d, 1), 0, off)};
  }
  if (from.empty() && to.empty()) return std::nullopt;
  // A --from date is from its start, a --to date through its end; 本周, 上月 … are ranges (svc(1)).
  const auto moment = when::context(s.policy(), s.now());
  Period p{from.empty() ? 0 : when::require("--from", from, when::Role::since, moment).at,
           to.empty() ? s.now() + 1 : when::require("--to", to, when::Role::until, moment).at};
  if (p.to <= p.from) fail(Exit::usage, "--to '{}' is not after --from '{}'", to, from);
  return p;
}

void print_handover(Session& s, const desk::Handover& h) {
  const Value v = desk::to_value(h, s.policy(), s.now());
  if (s.format() == render::Format::json) return s.print_record({}, v);
  s.print_record({col("ref", tr("Handover")), col("shift", tr("Shift"), Kind::label),
                  col("shift_start", tr("Shift start"), Kind::datetime), col("shift_end", tr("Shift end"), Kind::datetime),
                  col("by", tr("Handed over by"), Kind::staff), col("to", tr("To"), Kind::staff),
                  col("written_at", tr("Written"), Kind::datetime), col("note", tr("Note")),
                  col("accept_by", tr("Accept by"), Kind::datetime), col("state", tr("State"), Kind::label),
                  col("accepted_by", tr("Accepted by"), Kind::staff),
                  col("accepted_at", tr("Accepted"), Kind::datetime)},
                 v);
  // Each section under its heading from the handover's section table; one the table no longer
  // has under its key.
  for (const auto& [key, section] : v.get("sections").as_object()) {
    std::string heading = key;
    for (const auto& row : desk::handover_section_table())
      if (row.name == key) heading = tr(row.heading);
    const auto& items = section.as_array();
    s.out() << '\n' << fmt::format("{} ({})", heading, items.size()) << '\n';
    if (items.empty()) {
      s.out() << "  " << tr("none") << '\n';
      continue;
    }
    s.print_list({col("ref", tr("Record")), col("kind", tr("Kind"), Kind::label, 0, render::kMedium),
                  col("status", tr("Status"), Kind::label, 0, render::kHigh),
                  col("unit", tr("Unit or caller"), Kind::text, 0, render::kHigh),
                  col("who", tr("Who"), Kind::staff, 0, render::kMedium),
                  col("due_at", tr("Due"), Kind::datetime, 0, render::kMedium),
                  col("text", tr("What"), Kind::text, 40, render::kHigh)},
                 items);
  }
}

void ref_option(CLI::App* sub, std::string& ref) {
  sub->add_option("CONTACT", ref, std::string(tr("desk contact, e.g. D9")))->required();
}

}  // namespace

void register_desk(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand(
      "desk", std::string(tr("the reception log (接待记录): calls and visits, promised replies, messages, shift handover")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc desk log --channel phone --kind enquiry --unit 1-1-102 --note '问停水时间' --answered\n"
           "  svc desk log --channel phone --kind repair --unit 1-1-102 --note '厨房漏水' --ticket --category water --urgent\n"
           "  svc desk log --channel visit --kind complaint --unit 2-1-301 --note '保洁不到位' --complaint --severity minor\n"
           "  svc desk log --channel phone --kind enquiry --name 张先生 --phone 13800001111 --note '燃气改造' "
           "--reply-by 2026-11-24T10:00\n"
           "  svc desk log --channel phone --kind message --for liuqiang --name 李女士 --note '请回电'\n"
           "  svc desk reply D4 --note '已答复改造时间'\n  svc desk pass D5\n"
           "  svc desk due --overdue\n  svc desk inbox\n"
           "  svc desk handover --to zhaoli --note '3栋电梯异响,已报工程部'\n  svc desk handover --accept\n"
           "  svc desk list --kind enquiry --open\n  svc desk rate --month 2026-11");

  // log
  struct LogArgs {
    desk::Intake in;
    std::string unit, name, phone, reply_by, for_login, dept;
    bool ticket = false, complaint = false;
    // The ticket's own options …
    ticket::Intake t;
    std::string category, appoint, price, location;
    // … and the complaint's.
    std::string subject, severity, validity, nature, about_staff, about_dept, requested_by;
  };
  auto la = std::make_shared<LogArgs>();
  auto* log = verb(noun, ctx, "log", tr("record a call, visit, letter or online message and print its id"), kWrites);
  log->add_option("--channel", la->in.channel, std::string(tr("phone, visit, letter or online")))->required();
  log->add_option("--kind", la->in.kind,
                  std::string(tr("enquiry, repair, complaint, suggestion, paid_service, message or other")))
      ->required();
  log->add_option("--note,--desc", la->in.note,
                  std::string(tr("what the customer asked, reported or proposed (报修内容, 投诉内容, 建议)")))
      ->required();
  log->add_option("--unit", la->unit, std::string(tr("the caller's unit, e.g. 3-2-1501")));
  log->add_option("--name", la->name, std::string(tr("the caller's or visitor's name")));
  log->add_option("--phone", la->phone, std::string(tr("contact phone (caller ID may be used)")));
  log->add_flag("--answered", la->in.answered, std::string(tr("answered on the spot")));
  log->add_option("--reply-by", la->reply_by,
                  std::string(tr("the reply agreed with the customer: a time, a date (by its closing time) or a "
                                 "duration such as 2h")));
  log->add_option("--for", la->for_login, std::string(tr("a message (转告): the colleague it is for (login)")));
  log->add_option("--dept", la->dept,
                  std::string(tr("a suggestion: the department it goes to (default: the policy's desk.suggestion_dept); "
                                 "with --complaint: the complaint's department")));
  auto* ticket_group = "Repair ticket (with --ticket)";
  auto* complaint_group = "Complaint (with --complaint)";
  log->add_flag("--ticket", la->ticket, std::string(tr("open the repair ticket with the contact (--kind repair or paid_service)")));
  log->add_flag("--complaint", la->complaint, std::string(tr("open the complaint with the contact (--kind complaint)")));
  const std::vector<CLI::Option*> ticket_only = {
      log->add_option("--category", la->category,
                      std::string(tr("the ticket's or the complaint's category from the policy"))),
      log->add_flag("--urgent", la->t.urgent, std::string(tr("urgent (急修): attended at once; otherwise scheduled and needs --appoint")))
          ->group(std::string(tr(ticket_group))),
      log->add_option("--appoint", la->appoint, std::string(tr("agreed visit time (scheduled jobs), e.g. 明天 14:00, 周五 下午2点, 2026-12-09 14:00")))
          ->group(std::string(tr(ticket_group))),
      log->add_flag("--paid", la->t.paid, std::string(tr("paid service (有偿服务)")))->group(std::string(tr(ticket_group))),
      log->add_option("--price", la->price, std::string(tr("agreed price in yuan (with --paid)")))
          ->group(std::string(tr(ticket_group))),
      log->add_flag("--public", la->t.is_public, std::string(tr("a public facility (needs --location)")))
          ->group(std::string(tr(ticket_group))),
      log->add_option("--location", la->location, std::string(tr("where: the facility, or the room in the home")))
          ->group(std::string(tr(ticket_group)))};
  const std::vector<CLI::Option*> complaint_only = {
      log->add_option("--subject", la->subject, std::string(tr("what it is about, in one line (default: the note)")))
          ->group(std::string(tr(complaint_group))),
      log->add_option("--severity", la->severity, std::string(tr("major (重大), important (重要) or minor (轻微, default)")))
          ->group(std::string(tr(complaint_group))),
      log->add_option("--validity", la->validity, std::string(tr("valid (default) or invalid")))
          ->group(std::string(tr(complaint_group))),
      log->add_option("--nature", la->nature, std::string(tr("communication complaints: help, inquiry or venting")))
          ->group(std::string(tr(complaint_group))),
      log->add_option("--about-staff", la->about_staff,
                      std::string(tr("the staff member complained about (login): reported to their superior")))
          ->group(std::string(tr(complaint_group))),
      log->add_option("--about-dept", la->about_dept, std::string(tr("the department complained about")))
          ->group(std::string(tr(complaint_group))),
      log->add_option("--requested-by", la->requested_by, std::string(tr("the complainant's own deadline, e.g. 周五, 12/9 18:00 (a date alone: by its end)")))
          ->group(std::string(tr(complaint_group)))};
  log->callback([&ctx, la, ticket_only, complaint_only] {
    ctx.action = [la, ticket_only, complaint_only](Session& s) {
      desk::Intake in = la->in;
      in.unit = opt(la->unit);
      in.name = opt(la->name);
      in.phone = opt(la->phone);
      in.reply_by = opt(la->reply_by);
      in.for_login = opt(la->for_login);
      // An option of the record opened with the contact needs that record.
      if (la->ticket && la->complaint) fail(Exit::usage, "give --ticket or --complaint, not both");
      for (const auto* o : ticket_only)
        if (o->count() > 0 && !la->ticket && !(la->complaint && o->get_name() == "--category"))
          fail(Exit::usage, "{} is an option of the repair ticket opened with the contact: add --ticket", o->get_name());
      for (const auto* o : complaint_only)
        if (o->count() > 0 && !la->complaint)
          fail(Exit::usage, "{} is an option of the complaint opened with the contact: add --complaint", o->get_name());
      if (la->ticket) {
        ticket::Intake t = la->t;
        t.category = la->category;
        t.appoint = opt(la->appoint);
        t.price = opt(la->price);
        t.location = opt(la->location);
        in.ticket = t;
        in.dept = opt(la->dept);
      } else if (la->complaint) {
        complaint::Intake x;
        x.subject = la->subject;
        if (!la->severity.empty()) x.severity = la->severity;
        if (!la->validity.empty()) x.validity = la->validity;
        x.nature = opt(la->nature);
        x.category = opt(la->category);
        x.about_staff = opt(la->about_staff);
        x.about_dept = opt(la->about_dept);
        x.dept = opt(la->dept);
        x.requested_by = opt(la->requested_by);
        in.complaint = x;
      } else {
        in.dept = opt(la->dept);
      }
      s.write({"desk.log", "D?"}, [&](Op& c) { return desk::log(c, in); },
              [&](const desk::Logged& done) {
                if (s.format() == render::Format::json) {
                  Value v = desk::to_value(s.db(), s.policy(), done.contact, s.now(), false);
                  v.set("opened", done.opened);
                  s.print_record({}, v);
                } else {
                  s.out() << done.contact.ref() << (done.opened ? " " + *done.opened : std::string()) << '\n';
                }
              });
    };
  });

  auto ref = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();

  // reply
  auto* reply = verb(noun, ctx, "reply", tr("record the reply given to the customer (meets the promised time)"), kWrites);
  ref_option(reply, *ref);
  reply->add_option("--note", *note, std::string(tr("the reply given")))->required();
  reply->callback([&ctx, ref, note] {
    ctx.action = [ref, note](Session& s) {
      const auto id = desk::parse_ref(*ref);
      const auto c = s.write({"desk.reply", "D" + std::to_string(id)}, [&](Op& op) { return desk::reply(op, id, *note); });
      s.note(fmt::format(fmt::runtime(tr("{}: {}")), c.ref(), tr(c.status)));
    };
  });

  // pass
  auto* pass = verb(noun, ctx, "pass", tr("mark a message or a suggestion passed on to its recipient"), kWrites);
  ref_option(pass, *ref);
  pass->add_option("--note", *note, std::string(tr("how it was passed on, or the recipient's answer")));
  pass->callback([&ctx, ref, note] {
    ctx.action = [ref, note](Session& s) {
      const auto id = desk::parse_ref(*ref);
      const auto c =
          s.write({"desk.pass", "D" + std::to_string(id)}, [&](Op& op) { return desk::pass(op, id, opt(*note)); });
      s.note(fmt::format(fmt::runtime(tr("{}: {}")), c.ref(), tr(c.status)));
    };
  });

  // due
  struct DueArgs {
    std::string within;
    bool overdue = false, fail_if_any = false;
  };
  auto da = std::make_shared<DueArgs>();
  auto* due = verb(noun, ctx, "due", tr("promised replies, messages to pass on and handovers to accept, soonest first"), kReads);
  due->add_option("--within", da->within, std::string(tr("only those due within this time, e.g. 2h (overdue ones too)")));
  due->add_flag("--overdue", da->overdue, std::string(tr("only overdue ones: the desk's exceptions")));
  add_fail_if_any(due, da->fail_if_any);
  due->callback([&ctx, da] {
    ctx.action = [da, &ctx](Session& s) {
      desk::DueFilter f;
      if (!da->within.empty()) f.within = seconds_of("--within", da->within);
      f.overdue_only = da->overdue;
      std::vector<Value> rows;
      for (const auto& d : desk::due(s.db(), s.policy(), s.now(), f)) {
        Value v = desk::to_value(d, s.utc_offset());
        v.set("left", left_text(d.seconds_left));
        rows.push_back(std::move(v));
      }
      s.print_list({col("subject", tr("For")), col("kind", tr("Kind"), Kind::label, 0, render::kHigh),
                    col("unit", tr("Unit"), Kind::text, 0, render::kMedium), col("due_at", tr("Due"), Kind::datetime),
                    col("state", tr("State"), Kind::label, 0, render::kHigh),
                    col("left", tr("Left"), Kind::text, 0, render::kMedium),
                    col("who", tr("Who"), Kind::staff, 0, render::kMedium),
                    col("text", tr("What"), Kind::text, 30, render::kHigh)},
                   rows);
      if (da->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // inbox
  auto all = std::make_shared<bool>(false);
  auto* inbox = verb(noun, ctx, "inbox", tr("messages left for you and suggestions reported to you"), kReads);
  inbox->add_flag("--all", *all, std::string(tr("also those already passed on")));
  inbox->callback([&ctx, all] {
    ctx.action = [all](Session& s) {
      s.print_list(list_columns(), list_rows(s, desk::inbox(s.db(), s.actor().staff.login, *all)));
    };
  });

  // handover
  struct HandoverArgs {
    std::string to, note;
    bool accept = false;
    std::optional<std::int64_t> id;
  };
  auto ha = std::make_shared<HandoverArgs>();
  auto* handover = verb(noun, ctx, "handover",
                        tr("hand the shift over (交接班): the open matters, generated; or --accept the one handed to you"),
                        kWrites);
  handover->add_option("--to", ha->to, std::string(tr("the next person (login)")));
  handover->add_option("--note", ha->note, std::string(tr("your own points to note for the next shift")));
  handover->add_flag("--accept", ha->accept, std::string(tr("accept the handover waiting for you (the next person)")));
  handover->add_option_function<std::int64_t>("HANDOVER", [ha](const std::int64_t& v) { ha->id = v; },
                                              std::string(tr("with --accept: which handover (default: the oldest waiting for you)")));
  handover->footer(std::string(tr("The shift is the one that ended less than desk.handover_late ago, else the one under "
                                  "way (desk.day_starts, desk.night_starts). One handover per shift.")));
  handover->callback([&ctx, ha] {
    ctx.action = [ha](Session& s) {
      if (ha->accept && (!ha->to.empty() || !ha->note.empty()))
        fail(Exit::usage, "--accept takes the handover as it is: leave out --to and --note");
      if (!ha->accept && ha->id) fail(Exit::usage, "HANDOVER names the handover to accept: add --accept");
      if (ha->accept) {
        s.write({"desk.handover.accept", ha->id ? "desk_handover:" + std::to_string(*ha->id) : "desk_handover:?"},
                [&](Op& op) { return desk::accept(op, ha->id); }, [&](const desk::Handover& h) { print_handover(s, h); });
        return;
      }
      s.write({"desk.handover", "desk_handover:?"}, [&](Op& op) { return desk::hand_over(op, opt(ha->to), opt(ha->note)); },
              [&](const desk::Handover& h) { print_handover(s, h); });
    };
  });

  // handovers
  struct HandoversArgs {
    std::optional<std::int64_t> id;
    bool waiting = false, fail_if_any = false;
    int limit = 0;
  };
  auto hl = std::make_shared<HandoversArgs>();
  auto* handovers = verb(noun, ctx, "handovers", tr("the shift handovers (值班记录); with an id, one in full"), kReads);
  handovers->add_option_function<std::int64_t>("HANDOVER", [hl](const std::int64_t& v) { hl->id = v; },
                                               std::string(tr("show this handover in full")));
  handovers->add_flag("--waiting", hl->waiting, std::string(tr("only those not accepted yet")));
  handovers->add_option("--limit", hl->limit, std::string(tr("only the newest N handovers")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(handovers, hl->fail_if_any);
  handovers->callback([&ctx, hl] {
    ctx.action = [hl, &ctx](Session& s) {
      if (hl->id) return print_handover(s, desk::get_handover(s.db(), *hl->id));
      std::vector<Value> rows;
      for (const auto& h : desk::handovers(s.db(), hl->waiting, hl->limit)) {
        Value v = desk::to_value(h, s.policy(), s.now());
        if (s.format() != render::Format::json) {
          long long items = 0;
          for (const auto& [k, n] : v.get("counts").as_object()) items += n.as_int();
          v.set("items", Value(items));
        }
        rows.push_back(std::move(v));
      }
      s.print_list({col("ref", tr("Handover")), col("shift", tr("Shift"), Kind::label, 0, render::kHigh),
                    col("shift_start", tr("Shift start"), Kind::datetime, 0, render::kMedium),
                    col("by", tr("Handed over by"), Kind::staff, 0, render::kHigh),
                    col("to", tr("To"), Kind::staff, 0, render::kHigh),
                    col("written_at", tr("Written"), Kind::datetime, 0, render::kLow),
                    col("state", tr("State"), Kind::label, 0, render::kHigh),
                    col("accepted_by", tr("Accepted by"), Kind::staff, 0, render::kLow),
                    col("accepted_at", tr("Accepted"), Kind::datetime, 0, render::kLow),
                    col("items", tr("Items"), Kind::integer, 0, render::kMedium),
                    col("note", tr("Note"), Kind::text, 24, render::kMedium)},
                   rows);
      if (hl->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // list
  struct ListArgs {
    desk::ListFilter filter;
    std::string month, from, to;
    bool fail_if_any = false;
  };
  auto li = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("the reception log, oldest first"), kReads);
  auto filter = [&](const char* name, std::optional<std::string> desk::ListFilter::*field, std::string_view help) {
    list->add_option_function<std::string>(name, [li, field](const std::string& v) { li->filter.*field = v; },
                                           std::string(help));
  };
  filter("--kind", &desk::ListFilter::kind, tr("only this kind: enquiry, repair, complaint, suggestion, paid_service, message, other"));
  filter("--channel", &desk::ListFilter::channel, tr("only this channel: phone, visit, letter, online"));
  filter("--status", &desk::ListFilter::status, tr("only this status: open, answered, passed, referred"));
  filter("--unit", &desk::ListFilter::unit, tr("only this unit"));
  filter("--phone", &desk::ListFilter::phone, tr("only contacts whose phone holds these digits (4 or more)"));
  filter("--name", &desk::ListFilter::name, tr("only contacts whose caller's name holds this text"));
  filter("--by", &desk::ListFilter::by, tr("only contacts received by this login"));
  filter("--for", &desk::ListFilter::for_login, tr("only messages for this login"));
  filter("--search", &desk::ListFilter::search, tr("only contacts whose note, reply or name holds this text"));
  list->add_flag("--open", li->filter.open_only, std::string(tr("only those still owed something")));
  list->add_option("--month", li->month, std::string(tr("only those received in this month, YYYY-MM")));
  list->add_option("--from", li->from, std::string(tr("only those received since then, e.g. 本周, 昨天, 2026-12-01 09:00")));
  list->add_option("--to", li->to, std::string(tr("only those received before this time, or on or before this date")));
  list->add_option("--limit", li->filter.limit, std::string(tr("only the newest N contacts")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(list, li->fail_if_any);
  list->callback([&ctx, li] {
    ctx.action = [li, &ctx](Session& s) {
      desk::ListFilter f = li->filter;
      if (const auto p = parse_period(s, li->month, li->from, li->to)) {
        f.from = p->from;
        f.to = p->to;
      }
      const auto rows = list_rows(s, desk::list(s.db(), f));
      s.print_list(list_columns(), rows);
      if (li->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // show
  auto* show = verb(noun, ctx, "show", tr("one contact with its deadlines and history"), kReads);
  ref_option(show, *ref);
  show->callback([&ctx, ref] {
    ctx.action = [ref](Session& s) {
      const auto c = desk::get(s.db(), desk::parse_ref(*ref));
      print_lifecycle(s, record_columns(), desk::to_value(s.db(), s.policy(), c, s.now(), s.reveal()));
    };
  });

  // rate
  struct RateArgs {
    std::string month, from, to;
  };
  auto ra = std::make_shared<RateArgs>();
  auto* rate = verb(noun, ctx, "rate", tr("response rate (事务响应率) and courtesy rate (礼貌待客率) of a period"), kReads);
  rate->add_option("--month", ra->month, std::string(tr("the month, YYYY-MM (default: this month)")));
  rate->add_option("--from", ra->from, std::string(tr("from this date or time")));
  rate->add_option("--to", ra->to, std::string(tr("to this time, or through this date")));
  rate->footer(std::string(tr("Response: contacts answered on the spot, opened as a ticket or complaint, or routed, "
                              "and promises kept on time, over the contacts decided (a promise not yet due is "
                              "pending). Courtesy: contacts less valid complaints of desk.attitude_category, over "
                              "contacts.")));
  rate->callback([&ctx, ra] {
    ctx.action = [ra](Session& s) {
      auto p = parse_period(s, ra->month, ra->from, ra->to);
      if (!p) {
        const Date d = local_date(s.now(), s.utc_offset());
        const Date first{d.year, d.month, 1};
        p = Period{local_to_timestamp(first, 0, s.utc_offset()), local_to_timestamp(add_months(first, 1), 0, s.utc_offset())};
      }
      const auto response = desk::response_rate(s.db(), s.policy(), p->from, p->to, s.now());
      const auto courtesy = desk::courtesy_rate(s.db(), s.policy(), p->from, p->to);
      const int off = s.utc_offset();
      if (s.format() == render::Format::json) {
        Value v = Value::object();
        v.set("from", format_iso(p->from, off));
        v.set("to", format_iso(p->to, off));
        v.set("response_rate", desk::to_value(response));
        v.set("courtesy_rate", desk::to_value(courtesy));
        Value kinds = Value::object();
        for (const auto& [k, n] : desk::tally(s.db(), p->from, p->to)) kinds.set(k, Value(static_cast<long long>(n)));
        v.set("contacts_by_kind", kinds);
        return s.print_record({}, v);
      }
      Value r1 = desk::to_value(response);
      r1.set("measure", "response_rate");
      r1.set("detail", fmt::format(fmt::runtime(tr("answered {} · opened {} · routed {} · kept {} · late {} · missed {} · "
                                                   "pending {}")),
                                   response.answered, response.referred, response.routed, response.kept, response.late,
                                   response.missed, response.pending));
      Value r2 = desk::to_value(courtesy);
      r2.set("measure", "courtesy_rate");
      r2.set("detail", fmt::format(fmt::runtime(tr("contacts {} · attitude complaints {}")), courtesy.contacts,
                                   courtesy.attitude_complaints));
      s.out() << fmt::format("{} — {}", format_local(p->from, off), format_local(p->to, off)) << '\n';
      s.print_list({col("measure", tr("Measure"), Kind::label),
                    col("numerator", tr("Numerator"), Kind::integer, 0, render::kMedium),
                    col("denominator", tr("Denominator"), Kind::integer, 0, render::kMedium), col("rate", tr("Rate")),
                    col("detail", tr("Detail"), Kind::text, 0, render::kLow)},
                   {r1, r2});
    };
  });
}

}  // namespace svc::cmd
