// svc desk: the reception log (《客户接待记录》, domain-rules 7.1–7.4, 10.2), promised replies and
// messages through the deadline engine, suggestions routed to department heads, the generated shift
// handover (交接班, domain-rules 12) and the two quality rates of domain-rules 8, on fixed clocks.
#include <set>

#include "harness.hpp"
#include "svc/desk.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/policy.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::seed_example;

namespace {

using Args = std::vector<std::string>;

std::string ok(Cli& c, Args args) { return svc::test::run_ok(c, std::move(args)); }
svc::Value json(Cli& c, Args args) {
  args.insert(args.begin(), "--json");
  return svc::parse_json(ok(c, std::move(args)));
}
void at(Cli& c, const std::string& now) { c.set_env("SVC_NOW", now); }

// The front desk's own commands (wangfang, frontdesk).
Args fd(Args args) {
  args.insert(args.begin(), {"--as", "wangfang", "desk"});
  return args;
}

std::set<std::string> refs(const svc::Value& items) {
  std::set<std::string> out;
  for (const auto& i : items.as_array()) out.insert(i.get("ref").as_string());
  return out;
}

// A day at the desk (Monday 2026-11-23, day shift 09:00–20:00) with one contact left open from
// Sunday evening and a scheduled repair from Sunday: every kind of contact, a repair and a
// complaint each opened in one command, a promise kept and one missed, a message passed on and
// one not, a suggestion for the head of 客服部, a service complaint about the desk's own staff.
void desk_day(Cli& c) {
  seed_example(c);
  at(c, "2026-11-22T15:00");
  ok(c, {"--as", "wangfang", "ticket", "new", "--unit", "2-1-301", "--category", "door_window", "--desc", "门锁坏",
         "--appoint", "2026-11-23T22:00"});  // T1: due on site in the night shift
  at(c, "2026-11-22T18:00");
  CHECK(ok(c, fd({"log", "--channel", "phone", "--kind", "enquiry", "--unit", "1-1-201", "--note", "物业费发票",
                  "--reply-by", "2026-11-25T10:00"})) == "D1\n");
  at(c, "2026-11-23T09:10");
  ok(c, fd({"log", "--channel", "phone", "--kind", "enquiry", "--unit", "1-1-102", "--note", "问停水时间", "--answered"}));
  at(c, "2026-11-23T09:30");
  CHECK(ok(c, fd({"log", "--channel", "phone", "--kind", "repair", "--unit", "1-1-102", "--name", "胡敏", "--phone",
                  "18657500407", "--note", "厨房水管漏水", "--ticket", "--category", "water", "--urgent"})) == "D3 T2\n");
  at(c, "2026-11-23T09:35");
  ok(c, {"--as", "wangfang", "ticket", "dispatch", "T2", "--to", "wuming"});
  at(c, "2026-11-23T09:45");
  ok(c, {"--as", "wuming", "ticket", "arrive", "T2"});
  at(c, "2026-11-23T10:00");
  CHECK(ok(c, fd({"log", "--channel", "visit", "--kind", "complaint", "--unit", "1-1-201", "--note", "楼道保洁不到位",
                  "--complaint", "--category", "basic_service"})) == "D4 C1\n");
  at(c, "2026-11-23T10:20");
  ok(c, fd({"log", "--channel", "phone", "--kind", "enquiry", "--name", "张先生", "--phone", "13800001111", "--note",
            "燃气改造何时进行", "--reply-by", "2026-11-23T16:00"}));  // D5: kept
  at(c, "2026-11-23T10:30");
  ok(c, {"--as", "wuming", "ticket", "done", "T2", "--note", "更换软管"});
  at(c, "2026-11-23T10:40");
  ok(c, fd({"log", "--channel", "letter", "--kind", "other", "--unit", "3-1-202", "--note", "来函询问车位租赁",
            "--reply-by", "2026-11-23T12:00"}));  // D6: missed
  at(c, "2026-11-23T11:00");
  ok(c, fd({"log", "--channel", "phone", "--kind", "message", "--for", "liuqiang", "--name", "李女士", "--note",
            "请刘主管回电"}));  // D7: passed on in time
  at(c, "2026-11-23T11:20");
  ok(c, fd({"log", "--channel", "phone", "--kind", "message", "--for", "chenjing", "--note", "请陈助理回电"}));  // D8
  at(c, "2026-11-23T11:30");
  ok(c, {"--as", "liuqiang", "desk", "pass", "D7", "--note", "已回电"});
  at(c, "2026-11-23T13:00");
  ok(c, fd({"log", "--channel", "online", "--kind", "suggestion", "--unit", "1-1-102", "--note", "小区增设快递柜"}));  // D9
  at(c, "2026-11-23T14:00");
  CHECK(ok(c, fd({"log", "--channel", "visit", "--kind", "paid_service", "--unit", "3-1-202", "--note", "更换卫生间灯具",
                  "--ticket", "--category", "electric", "--appoint", "2026-11-24T10:00", "--price", "80"})) ==
        "D10 T3\n");
  at(c, "2026-11-23T15:00");
  ok(c, fd({"reply", "D5", "--note", "本周四上午施工"}));
  at(c, "2026-11-23T16:00");
  ok(c, fd({"log", "--channel", "online", "--kind", "enquiry", "--unit", "2-1-301", "--note", "装修押金退还",
            "--reply-by", "2026-11-24T08:00"}));  // D11: due in the night shift
  at(c, "2026-11-23T17:00");
  ok(c, fd({"log", "--channel", "visit", "--kind", "complaint", "--unit", "2-2-402", "--note", "邻居噪音,已解释规定",
            "--answered"}));  // D12
  at(c, "2026-11-23T18:00");
  // 服务投诉 about the desk's own staff, taken by her colleague (C2), and one about attitude that
  // is found invalid (C3): only the valid one counts against the courtesy rate.
  ok(c, {"--as", "zhaoli", "complaint", "new", "--unit", "1-2-202", "--subject", "前台接待态度差", "--category",
         "staff_attitude", "--about-staff", "wangfang"});
  ok(c, {"--as", "zhaoli", "complaint", "new", "--unit", "1-2-202", "--subject", "前台不理人", "--category",
         "staff_attitude", "--validity", "invalid"});
}

}  // namespace

TEST_CASE("desk: a day of contacts of every kind, a repair and a complaint each opened in the same command (domain-rules 7.1-7.3, 10.2)") {
  Cli c;
  desk_day(c);
  const auto all = json(c, {"desk", "list"});
  REQUIRE(all.as_array().size() == 12);
  std::set<std::string> kinds;
  for (const auto& v : all.as_array()) kinds.insert(v.get("kind").as_string());
  CHECK(kinds == std::set<std::string>{"enquiry", "repair", "complaint", "suggestion", "paid_service", "message", "other"});

  // D3 opened T2 in the same write: the contact keeps the ticket, the ticket's history names the contact.
  const auto d3 = json(c, {"desk", "show", "D3"});
  CHECK(d3.get("status").as_string() == "referred");
  CHECK(d3.get("ticket").as_string() == "T2");
  CHECK(d3.get("phone").as_string() == "186****0407");  // masked like everywhere
  const auto t2 = json(c, {"ticket", "show", "T2"});
  CHECK(t2.get("description").as_string() == "厨房水管漏水");  // typed once
  CHECK(t2.get("reporter").as_string() == "胡敏");
  CHECK(t2.get("channel").as_string() == "phone");
  bool named = false;
  for (const auto& e : t2.get("events").as_array())
    if (e.get("kind").as_string() == "from_desk") named = e.get("facts").get("contact").as_string() == "D3";
  CHECK(named);
  // The audit entry of `desk log` holds both records.
  CHECK(contains(ok(c, {"audit", "log", "--entity", "T2"}), "desk.log"));

  // D4 opened C1: unit, channel and text from the contact.
  const auto c1 = json(c, {"complaint", "show", "C1"});
  CHECK(c1.get("subject").as_string() == "楼道保洁不到位");
  CHECK(c1.get("channel").as_string() == "visit");
  CHECK(c1.get("unit").as_string() == "1-1-201");
  CHECK(json(c, {"desk", "show", "D4"}).get("complaint").as_string() == "C1");
  CHECK(contains(ok(c, {"complaint", "show", "C1"}), "taken at the front desk as D4"));

  // A paid service opens a paid ticket at the agreed price (domain-rules 1.7).
  const auto t3 = json(c, {"ticket", "show", "T3"});
  CHECK(t3.get("paid").as_bool());
  CHECK(t3.get("price_fen").as_int() == 8000);

  // An enquiry answered at once is recorded as answered (domain-rules 7.1).
  const auto d2 = json(c, {"desk", "show", "D2"});
  CHECK(d2.get("status").as_string() == "answered");
  CHECK(d2.get("answered").as_bool());
  // The suggestion went to the head of 客服部 (desk.heads: supervisor → liuqiang).
  const auto d9 = json(c, {"desk", "show", "D9"});
  CHECK(d9.get("dept").as_string() == "客服部");
  CHECK(d9.get("routed_to").as_string() == "liuqiang");

  // Filters: kind, channel, unit, phone digits, person, open, period, text.
  CHECK(json(c, {"desk", "list", "--kind", "message"}).as_array().size() == 2);
  CHECK(json(c, {"desk", "list", "--channel", "online"}).as_array().size() == 2);
  CHECK(json(c, {"desk", "list", "--unit", "1-1-102"}).as_array().size() == 3);
  CHECK(refs(json(c, {"desk", "list", "--phone", "0001111"})) == std::set<std::string>{"D5"});
  CHECK(refs(json(c, {"desk", "list", "--for", "chenjing"})) == std::set<std::string>{"D8"});
  CHECK(refs(json(c, {"desk", "list", "--name", "张"})) == std::set<std::string>{"D5"});
  CHECK(refs(json(c, {"desk", "list", "--search", "快递柜"})) == std::set<std::string>{"D9"});
  CHECK(refs(json(c, {"desk", "list", "--open"})) == std::set<std::string>{"D1", "D6", "D8", "D9", "D11"});
  CHECK(json(c, {"desk", "list", "--from", "2026-11-23"}).as_array().size() == 11);
  CHECK(refs(json(c, {"desk", "list", "--to", "2026-11-22"})) == std::set<std::string>{"D1"});
  CHECK(json(c, {"desk", "list", "--by", "wangfang", "--month", "2026-11"}).as_array().size() == 12);
  // A table masks the phone too; --reveal for those allowed shows it.
  CHECK_FALSE(contains(ok(c, {"desk", "list"}), "13800001111"));
  CHECK(contains(ok(c, {"--reveal", "desk", "show", "D5"}), "13800001111"));
}

TEST_CASE("desk: a promised reply met on time, one missed, both through the deadline engine (domain-rules 7.1, 000 L163)") {
  Cli c;
  desk_day(c);
  at(c, "2026-11-23T19:00");
  const auto d5 = json(c, {"desk", "show", "D5"});
  CHECK(d5.get("status").as_string() == "answered");
  CHECK(d5.get("reply").as_string() == "本周四上午施工");
  CHECK(d5.get("deadline_states").get("reply_by").get("state").as_string() == "met");
  const auto d6 = json(c, {"desk", "show", "D6"});
  CHECK(d6.get("status").as_string() == "open");
  CHECK(d6.get("overdue").as_array().size() == 1);
  CHECK(d6.get("deadline_states").get("reply_by").get("rule").as_string() == "desk.promised_reply");
  // desk due --overdue: the missed reply and the message not passed on in time, no more.
  const auto overdue = json(c, {"desk", "due", "--overdue"});
  std::set<std::string> late;
  for (const auto& d : overdue.as_array()) late.insert(d.get("subject").as_string() + ":" + d.get("kind").as_string());
  CHECK(late == std::set<std::string>{"D6:reply", "D8:message"});
  const auto r = c.run({"desk", "due", "--overdue", "--fail-if-any"});
  CHECK(r.code == 1);
  // Within 14h: the night-shift promise too, not D1's (the day after tomorrow).
  std::set<std::string> soon;
  const auto within = json(c, {"desk", "due", "--within", "14h"});
  for (const auto& d : within.as_array()) soon.insert(d.get("subject").as_string());
  CHECK(soon == std::set<std::string>{"D6", "D8", "D11"});
  // Replying late meets the deadline late and says so.
  at(c, "2026-11-23T19:30");
  ok(c, fd({"reply", "D6", "--note", "车位已满,登记排队"}));
  CHECK(json(c, {"desk", "show", "D6"}).get("deadline_states").get("reply_by").get("state").as_string() == "missed");
  CHECK(contains(ok(c, {"desk", "show", "D6"}), "(7h 30m late)"));
}

TEST_CASE("desk: a message for an absent colleague is in their inbox until passed on, and late ones are exceptions (domain-rules 7.2, 003 L76)") {
  Cli c;
  desk_day(c);
  at(c, "2026-11-23T12:10");
  // chenjing's inbox holds D8; liuqiang's the suggestion (D7 was passed on already).
  CHECK(refs(json(c, {"--as", "chenjing", "desk", "inbox"})) == std::set<std::string>{"D8"});
  CHECK(refs(json(c, {"--as", "liuqiang", "desk", "inbox"})) == std::set<std::string>{"D9"});
  CHECK(refs(json(c, {"--as", "liuqiang", "desk", "inbox", "--all"})) == std::set<std::string>{"D7", "D9"});
  const auto d7 = json(c, {"desk", "show", "D7"});
  CHECK(d7.get("status").as_string() == "passed");
  CHECK(d7.get("passed_by").as_string() == "liuqiang");
  CHECK(d7.get("deadline_states").get("pass_by").get("state").as_string() == "met");
  // D8's pass_by (desk.message_pass_within, 1h) is due at 12:20: not yet an exception.
  CHECK(json(c, {"desk", "due", "--overdue"}).as_array().size() == 1);  // D6 only
  at(c, "2026-11-23T12:21");
  CHECK(json(c, {"desk", "due", "--overdue"}).as_array().size() == 2);
  // The recipient marks it passed on: out of the inbox, the exception gone, the lateness kept.
  ok(c, {"--as", "chenjing", "desk", "pass", "D8"});
  CHECK(json(c, {"--as", "chenjing", "desk", "inbox"}).as_array().empty());
  CHECK(json(c, {"desk", "due", "--overdue"}).as_array().size() == 1);
  CHECK(contains(ok(c, {"desk", "show", "D8"}), "passed on to chenjing (1m late)"));
  // The head receives the suggestion the same way (上报上级领导, 003 L100).
  at(c, "2026-11-23T13:30");
  ok(c, {"--as", "liuqiang", "desk", "pass", "D9", "--note", "周例会讨论"});
  CHECK(json(c, {"desk", "show", "D9"}).get("status").as_string() == "passed");
}

TEST_CASE("desk: a suggestion goes to the head the policy names for its department (domain-rules 7.2, 2.3 D)") {
  Cli c;
  seed_example(c);
  ok(c, fd({"log", "--channel", "visit", "--kind", "suggestion", "--note", "维修工带鞋套", "--dept", "工程部"}));
  CHECK(json(c, {"desk", "show", "D1"}).get("routed_to").as_string() == "lijun");  // foreman
  // A site that names a login as head.
  c.set_env("SVC_POLICY", c.write("site.toml", "[desk.heads]\n\"保洁部\" = \"chenjing\"\n"));
  ok(c, fd({"log", "--channel", "phone", "--kind", "suggestion", "--note", "增加垃圾桶", "--dept", "保洁部"}));
  CHECK(json(c, {"desk", "show", "D2"}).get("routed_to").as_string() == "chenjing");
  CHECK(refs(json(c, {"--as", "chenjing", "desk", "inbox"})) == std::set<std::string>{"D2"});
}

TEST_CASE("desk: the handover lists exactly the open matters of the shift and the next person accepts it (domain-rules 12, 001 L62)") {
  Cli c;
  desk_day(c);
  at(c, "2026-11-23T19:50");
  const auto h = svc::parse_json(ok(c, {"--json", "--as", "wangfang", "desk", "handover", "--to", "zhaoli", "--note",
                                        "3栋电梯有异响,已报工程部"}));
  CHECK(h.get("shift").as_string() == "day");
  CHECK(h.get("shift_start").as_string() == "2026-11-23T09:00:00+08:00");
  CHECK(h.get("shift_end").as_string() == "2026-11-23T20:00:00+08:00");
  CHECK(h.get("by").as_string() == "wangfang");
  CHECK(h.get("to").as_string() == "zhaoli");
  CHECK(h.get("note").as_string() == "3栋电梯有异响,已报工程部");
  CHECK(h.get("state").as_string() == "waiting");
  const auto& s = h.get("sections");
  // The hand list: open contacts whenever taken (D1 from Sunday), promised replies included;
  // the message not passed on; repairs and complaints of this shift only (not Sunday's T1), not
  // closed; the deadlines between now and the end of the night shift (09:00).
  CHECK(refs(s.get("open_contacts")) == std::set<std::string>{"D1", "D6", "D9", "D11"});
  CHECK(refs(s.get("messages")) == std::set<std::string>{"D8"});
  CHECK(refs(s.get("tickets")) == std::set<std::string>{"T2", "T3"});
  CHECK(refs(s.get("complaints")) == std::set<std::string>{"C1", "C2", "C3"});
  const auto& next = s.get("due_next_shift").as_array();
  REQUIRE(next.size() == 2);
  CHECK(next[0].get("ref").as_string() == "T1");
  CHECK(next[0].get("kind").as_string() == "arrive_by");
  CHECK(next[0].get("due_at").as_string() == "2026-11-23T22:00:00+08:00");
  CHECK(next[1].get("ref").as_string() == "D11");
  CHECK(next[1].get("kind").as_string() == "reply_by");
  CHECK(h.get("counts").get("open_contacts").as_int() == 4);

  // Waiting for zhaoli: in desk due; another colleague and the writer may not accept it.
  CHECK(contains(ok(c, {"desk", "due"}), "handover:1"));
  at(c, "2026-11-23T20:05");
  auto r = c.run({"--as", "chenjing", "desk", "handover", "--accept"});
  CHECK(r.code == 66);
  CHECK(contains(r.err, "no handover is waiting for chenjing"));
  r = c.run({"--as", "chenjing", "desk", "handover", "--accept", "1"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "handover:1 is handed over to zhaoli: only they may accept it"));
  r = c.run({"--as", "wangfang", "desk", "handover", "--accept", "1"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "handover:1 is your own handover"));
  // zhaoli reads and accepts it: the same sections as written.
  const auto accepted = svc::parse_json(ok(c, {"--json", "--as", "zhaoli", "desk", "handover", "--accept"}));
  CHECK(accepted.get("state").as_string() == "accepted");
  CHECK(accepted.get("accepted_by").as_string() == "zhaoli");
  CHECK_FALSE(accepted.get("late").as_bool());
  CHECK(refs(accepted.get("sections").get("open_contacts")) == refs(s.get("open_contacts")));
  const auto list = json(c, {"desk", "handovers"});
  REQUIRE(list.as_array().size() == 1);
  CHECK(list.as_array()[0].get("accepted_at").as_string() == "2026-11-23T20:05:00+08:00");
  CHECK(contains(ok(c, {"desk", "handovers", "1"}), "D11"));
  CHECK(json(c, {"desk", "handovers", "--waiting"}).as_array().empty());
  CHECK(contains(ok(c, {"audit", "log", "--entity", "handover:1"}), "desk.handover.accept"));
  // The day shift cannot be handed over twice.
  r = c.run({"--as", "wangfang", "desk", "handover"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "was handed over already by wangfang"));
}

TEST_CASE("desk: an unaccepted handover becomes an exception after desk.accept_within (domain-rules 12)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-24T08:55");  // night duty hands over to the morning desk, to whoever comes
  const auto h = svc::parse_json(ok(c, {"--json", "--as", "zhaoli", "desk", "handover"}));
  CHECK(h.get("shift").as_string() == "night");
  CHECK(h.get("shift_start").as_string() == "2026-11-23T20:00:00+08:00");
  CHECK(h.get("accept_by").as_string() == "2026-11-24T09:55:00+08:00");
  at(c, "2026-11-24T09:56");
  const auto ex = json(c, {"desk", "due", "--overdue"});
  REQUIRE(ex.as_array().size() == 1);
  CHECK(ex.as_array()[0].get("kind").as_string() == "handover");
  CHECK(json(c, {"desk", "handovers"}).as_array()[0].get("state").as_string() == "overdue");
  // Any front-desk colleague but the writer may accept an unaddressed handover; late, and it says so.
  const auto a = svc::parse_json(ok(c, {"--json", "--as", "wangfang", "desk", "handover", "--accept"}));
  CHECK(a.get("late").as_bool());
  CHECK(json(c, {"desk", "due", "--overdue"}).as_array().empty());
}

TEST_CASE("desk: the shift a handover is for — the one under way, or the one that ended less than desk.handover_late ago (domain-rules 12)") {
  Cli c;
  seed_example(c);
  // 09:20: the night shift ended 20 minutes ago: this handover is its.
  at(c, "2026-11-24T09:20");
  auto h = svc::parse_json(ok(c, {"--json", "--as", "zhaoli", "desk", "handover"}));
  CHECK(h.get("shift").as_string() == "night");
  CHECK(h.get("shift_end").as_string() == "2026-11-24T09:00:00+08:00");
  // 09:40: still within desk.handover_late (1h) of the night shift's end: that shift's, and it has one.
  at(c, "2026-11-24T09:40");
  const auto r = c.run({"--as", "wangfang", "desk", "handover"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "the night shift from 2026-11-23 20:00 was handed over already by zhaoli"));
  // 10:05: the day shift under way.
  at(c, "2026-11-24T10:05");
  h = svc::parse_json(ok(c, {"--json", "--as", "wangfang", "desk", "handover"}));
  CHECK(h.get("shift").as_string() == "day");
  CHECK(h.get("shift_start").as_string() == "2026-11-24T09:00:00+08:00");
  // A site with other shift times (desk.day_starts, desk.night_starts).
  Cli d;
  d.set_env("SVC_POLICY", d.write("site.toml", "[desk]\nday_starts = \"08:30\"\nnight_starts = \"17:30\"\n"));
  seed_example(d);
  at(d, "2026-11-24T17:40");
  h = svc::parse_json(ok(d, {"--json", "--as", "wangfang", "desk", "handover"}));
  CHECK(h.get("shift").as_string() == "day");
  CHECK(h.get("shift_end").as_string() == "2026-11-24T17:30:00+08:00");
  at(d, "2026-11-24T23:00");
  h = svc::parse_json(ok(d, {"--json", "--as", "zhaoli", "desk", "handover"}));
  CHECK(h.get("shift").as_string() == "night");
  CHECK(h.get("shift_end").as_string() == "2026-11-25T08:30:00+08:00");
}

TEST_CASE("desk: a handover written after its shift lists what that shift received, not what came in after it (domain-rules 12)") {
  Cli c;
  seed_example(c);
  at(c, "2026-11-23T19:00");
  ok(c, {"--as", "wangfang", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "水管漏水",
         "--urgent"});  // T1: the day shift's
  at(c, "2026-11-23T20:10");
  ok(c, {"--as", "zhaoli", "ticket", "new", "--unit", "2-1-301", "--category", "water", "--desc", "马桶堵塞",
         "--urgent"});  // T2: night duty's
  at(c, "2026-11-23T20:30");  // the day shift handed over half an hour late
  auto h = svc::parse_json(ok(c, {"--json", "--as", "wangfang", "desk", "handover", "--to", "zhaoli"}));
  CHECK(h.get("shift").as_string() == "day");
  CHECK(refs(h.get("sections").get("tickets")) == std::set<std::string>{"T1"});
  at(c, "2026-11-24T08:50");
  h = svc::parse_json(ok(c, {"--json", "--as", "zhaoli", "desk", "handover"}));
  CHECK(h.get("shift").as_string() == "night");
  CHECK(refs(h.get("sections").get("tickets")) == std::set<std::string>{"T2"});
}

TEST_CASE("desk: a handover is generated from the section table, in its order, each under its heading (domain-rules 12)") {
  Cli c;
  desk_day(c);
  at(c, "2026-11-23T19:50");
  const auto h = svc::parse_json(ok(c, {"--json", "--as", "wangfang", "desk", "handover"}));
  std::vector<std::string> keys, table;
  for (const auto& [key, items] : h.get("sections").as_object()) keys.push_back(key);
  for (const auto& row : svc::desk::handover_section_table()) table.emplace_back(row.name);
  CHECK(keys == table);
  CHECK(table.size() == 6);  // … and the urgent patrol findings (5.3 A)
  std::vector<std::string> counted;
  for (const auto& [key, n] : h.get("counts").as_object()) counted.push_back(key);
  CHECK(counted == table);
  // For people: each section under its heading with its count, in Chinese by default.
  c.set_env("SVC_LANG", "zh");
  const auto text = ok(c, {"desk", "handovers", "1"});
  CHECK(contains(text, "未结接待和约定答复 (4)"));
  CHECK(contains(text, "尚未转达的转告 (1)"));
  CHECK(contains(text, "本班受理、未关闭的报修 (2)"));
  CHECK(contains(text, "本班受理、未关闭的投诉 (3)"));
  CHECK(contains(text, "下一班到期的时限 (2)"));
  CHECK(contains(text, "紧急巡查问题 (0)"));
  CHECK(text.find("未结接待和约定答复") < text.find("下一班到期的时限"));
}

TEST_CASE("desk: response rate and courtesy rate against hand counts (domain-rules 8: 事务响应率, 礼貌待客率)") {
  Cli c;
  desk_day(c);
  at(c, "2026-11-23T20:00");
  // Monday's 11 contacts (D2..D12): answered on the spot D2 D12; opened as a ticket or complaint
  // D3 D4 D10; routed D9; promises kept D5 (reply) D7 (message); missed D6 (reply) D8 (message);
  // pending D11 (due tomorrow 08:00): 8 of 10 decided.
  auto r = json(c, {"desk", "rate", "--from", "2026-11-23", "--to", "2026-11-23"});
  const auto& resp = r.get("response_rate");
  CHECK(resp.get("numerator").as_int() == 8);
  CHECK(resp.get("denominator").as_int() == 10);
  CHECK(resp.get("answered").as_int() == 2);
  CHECK(resp.get("referred").as_int() == 3);
  CHECK(resp.get("routed").as_int() == 1);
  CHECK(resp.get("kept").as_int() == 2);
  CHECK(resp.get("missed").as_int() == 2);
  CHECK(resp.get("pending").as_int() == 1);
  CHECK(svc::to_json(resp.get("rate"), false) == "0.8");
  // Courtesy: 1 valid staff_attitude complaint (C2; C3 is invalid) against 11 contacts: 10/11.
  const auto& court = r.get("courtesy_rate");
  CHECK(court.get("contacts").as_int() == 11);
  CHECK(court.get("attitude_complaints").as_int() == 1);
  CHECK(court.get("numerator").as_int() == 10);
  CHECK(court.get("denominator").as_int() == 11);
  CHECK(svc::to_json(court.get("rate"), false) == "0.9091");
  CHECK(r.get("contacts_by_kind").get("suggestion").as_int() == 1);
  CHECK(r.get("contacts_by_kind").get("message").as_int() == 2);
  // The month: D1 (Sunday, promise pending) joins as pending; the figures stay 8/10.
  r = json(c, {"desk", "rate", "--month", "2026-11"});
  CHECK(r.get("response_rate").get("pending").as_int() == 2);
  CHECK(r.get("response_rate").get("numerator").as_int() == 8);
  CHECK(r.get("courtesy_rate").get("denominator").as_int() == 12);
  // The next day D11's promise falls due unmet and D6 is answered late: still 8, now of 11.
  at(c, "2026-11-24T09:00");
  ok(c, fd({"reply", "D6", "--note", "车位已满"}));
  r = json(c, {"desk", "rate", "--from", "2026-11-23", "--to", "2026-11-23"});
  CHECK(r.get("response_rate").get("numerator").as_int() == 8);
  CHECK(r.get("response_rate").get("denominator").as_int() == 11);
  CHECK(r.get("response_rate").get("late").as_int() == 1);
  CHECK(r.get("response_rate").get("missed").as_int() == 2);
  // A period without contacts has no rate.
  r = json(c, {"desk", "rate", "--month", "2026-10"});
  CHECK(r.get("response_rate").get("rate").is_null());
  CHECK(r.get("courtesy_rate").get("denominator").as_int() == 0);
  // The table says the same for people.
  const auto table = ok(c, {"desk", "rate", "--from", "2026-11-23", "--to", "2026-11-23"});
  CHECK(contains(table, "0.7273"));
  CHECK(contains(table, "0.9091"));
}

TEST_CASE("desk: Chinese labels and history for people (domain-rules 7)") {
  Cli c;
  desk_day(c);
  c.set_env("SVC_LANG", "zh");
  const auto show = ok(c, {"desk", "show", "D7"});
  CHECK(contains(show, "转告"));
  CHECK(contains(show, "已转告"));
  CHECK(contains(ok(c, {"desk", "list"}), "咨询"));
}

TEST_CASE("desk policy: shift times, heads and the attitude category are checked (policy.md [desk])") {
  auto error_of = [](const std::string& toml) {
    try {
      svc::parse_policy(toml, "site.toml", {});
    } catch (const svc::Error& e) {
      CHECK(e.code() == svc::Exit::config);
      return std::string(e.what());
    }
    return std::string();
  };
  svc::Lang saved = svc::lang();
  svc::set_lang(svc::Lang::en);
  CHECK(contains(error_of("[desk]\nday_starts = \"21:00\"\n"), "site.toml:2:14: desk.day_starts: the day shift starts at 21:00, not before night duty (desk.night_starts 20:00)"));
  CHECK(contains(error_of("[desk]\nattitude_category = \"rude\"\n"), "desk.attitude_category: 'rude' is not a complaint category"));
  CHECK(contains(error_of("[desk]\nsuggestion_dept = \"财务部\"\n"), "desk.suggestion_dept: unknown department '财务部'"));
  CHECK(contains(error_of("[desk.heads]\n\"品质部\" = \"quality\"\n"), "role 'quality' is read-only"));
  CHECK(contains(error_of("[desk]\nhandover_late = \"1mo\"\n"), "desk.handover_late: must be a fixed length"));
  CHECK(contains(error_of("[desk]\nshift = \"day\"\n"), "desk.shift"));
  svc::set_lang(saved);
  const svc::Policy p = svc::load_policy(std::nullopt);
  CHECK(p.desk.day_starts == 9 * 60);
  CHECK(p.desk.night_starts == 20 * 60);
  CHECK(p.desk.heads.at("客服部") == "supervisor");
  // The default round-trips through policy show.
  CHECK(svc::parse_policy(svc::show_toml(p), "shown", {}).hash() == p.hash());
}

// ---- bad input: exit code, message naming field, value and what is allowed, nothing changed ----

namespace {

struct Case {
  std::vector<Args> setup;  // run first, must succeed
  Args args;
  int code;
  std::string message;
};

void check_bad(const Case& k) {
  Cli c;
  seed_example(c);
  ok(c, fd({"log", "--channel", "phone", "--kind", "message", "--for", "liuqiang", "--note", "请回电"}));  // D1
  ok(c, fd({"log", "--channel", "phone", "--kind", "enquiry", "--note", "问题", "--reply-by", "2h"}));      // D2
  for (const auto& s : k.setup) ok(c, s);
  const std::string before = c.digest();
  const auto r = c.run(k.args);
  CHECK_MESSAGE(r.code == k.code, "stderr: " << r.err);
  CHECK_MESSAGE(contains(r.err, k.message), "stderr: " << r.err);
  CHECK(r.out.empty());
  CHECK(c.digest() == before);
}

Args log_with(Args extra) {
  Args v = fd({"log", "--channel", "phone"});
  v.insert(v.end(), extra.begin(), extra.end());
  return v;
}
const Args kHandover = {"--as", "wangfang", "desk", "handover", "--to", "zhaoli"};

}  // namespace

#define BAD(name, ...) \
  TEST_CASE("bad input: desk " name) { check_bad(Case{__VA_ARGS__}); }

BAD("log with an unknown channel", {}, fd({"log", "--channel", "fax", "--kind", "enquiry", "--note", "x", "--answered"}),
    64, "--channel 'fax' is not allowed (allowed: phone, visit, letter, online)")
BAD("log with an unknown kind", {}, log_with({"--kind", "praise", "--note", "x", "--answered"}), 64,
    "--kind 'praise' is not allowed (allowed: enquiry, repair, complaint, suggestion, paid_service, message, other)")
BAD("log with a blank note", {}, log_with({"--kind", "enquiry", "--note", "  ", "--answered"}), 64,
    "--note must say what the customer asked, reported or proposed")
BAD("log of an enquiry with no way forward (domain-rules 7.1)", {}, log_with({"--kind", "enquiry", "--note", "x"}), 64,
    "a contact of kind enquiry needs a way forward: --answered (handled at once) or --reply-by TIME")
BAD("log of a repair with no way forward names --ticket", {}, log_with({"--kind", "repair", "--note", "x"}), 64,
    "--ticket (opens the repair ticket)")
BAD("log answered and promised at once", {},
    log_with({"--kind", "enquiry", "--note", "x", "--answered", "--reply-by", "2h"}), 64,
    "give one way forward, not several")
BAD("log of an enquiry with --ticket", {}, log_with({"--kind", "enquiry", "--note", "x", "--ticket", "--category", "water"}),
    64, "--ticket opens a repair ticket: it is for --kind repair or paid_service, not enquiry")
BAD("log of a repair with --complaint", {}, log_with({"--kind", "repair", "--unit", "1-1-102", "--note", "x", "--complaint"}),
    64, "--complaint opens a complaint: it is for --kind complaint, not repair")
BAD("log of a message without --for (domain-rules 7.2)", {}, log_with({"--kind", "message", "--note", "x"}), 64,
    "a message is for someone: give --for LOGIN")
BAD("log of a message for someone unknown", {}, log_with({"--kind", "message", "--for", "ghost", "--note", "x"}), 66,
    "ghost")
BAD("log of a message with a promised reply", {},
    log_with({"--kind", "message", "--for", "liuqiang", "--note", "x", "--reply-by", "2h"}), 64,
    "a message is passed on, not answered")
BAD("log with a promised reply in the past", {}, log_with({"--kind", "enquiry", "--note", "x", "--reply-by", "2026-11-23T08:00"}),
    64, "--reply-by '2026-11-23T08:00' is not after now (2026-11-23 09:00)")
BAD("log with a promised reply that is no time", {}, log_with({"--kind", "enquiry", "--note", "x", "--reply-by", "soon"}),
    64, "--reply-by 'soon' is not a time")
BAD("log with a bad phone", {}, log_with({"--kind", "enquiry", "--note", "x", "--answered", "--phone", "12ab"}), 64,
    "--phone '12ab' is not a phone number")
BAD("log for a unit that does not exist", {}, log_with({"--kind", "enquiry", "--note", "x", "--answered", "--unit", "9-9-999"}),
    66, "unknown unit '9-9-999'")
BAD("log with a ticket option but no --ticket", {},
    log_with({"--kind", "repair", "--note", "x", "--answered", "--urgent"}), 64,
    "--urgent is an option of the repair ticket opened with the contact: add --ticket")
BAD("log with a complaint option but no --complaint", {},
    log_with({"--kind", "complaint", "--note", "x", "--answered", "--severity", "major"}), 64,
    "--severity is an option of the complaint opened with the contact: add --complaint")
BAD("log opening a ticket of an unknown category: the ticket's own check, no contact either", {},
    log_with({"--kind", "repair", "--unit", "1-1-102", "--note", "x", "--ticket", "--category", "plumbing", "--urgent"}),
    64, "--category 'plumbing' is not a ticket category")
BAD("log opening a scheduled ticket without an appointment", {},
    log_with({"--kind", "repair", "--unit", "1-1-102", "--note", "x", "--ticket", "--category", "water"}), 64,
    "a scheduled ticket needs --appoint TIME (or use --urgent)")
BAD("log opening a complaint without a unit", {}, log_with({"--kind", "complaint", "--note", "x", "--complaint"}), 64,
    "a complaint is filed under the complainant's unit: give --unit")
BAD("log opening a complaint of an unknown severity: the complaint's own check", {},
    log_with({"--kind", "complaint", "--unit", "1-1-102", "--note", "x", "--complaint", "--severity", "huge"}), 64,
    "--severity 'huge' is not allowed (allowed: major, important, minor)")
BAD("log opening a complaint from a note of several lines needs --subject", {},
    log_with({"--kind", "complaint", "--unit", "1-1-102", "--note", "第一行\n第二行", "--complaint"}), 64,
    "--note has several lines: give --subject")
BAD("log of a suggestion for a department without a head", {},
    log_with({"--kind", "suggestion", "--note", "x", "--dept", "财务部"}), 64,
    "--dept '财务部' has no head in the policy (desk.heads: 客服部, 工程部, 管理处)")
BAD("log of an enquiry with --dept", {}, log_with({"--kind", "enquiry", "--note", "x", "--answered", "--dept", "客服部"}),
    64, "--dept names the department a suggestion goes to: it needs --kind suggestion")
BAD("log by a technician (domain-rules 9.2)", {},
    {"--as", "wuming", "desk", "log", "--channel", "phone", "--kind", "enquiry", "--note", "x", "--answered"}, 77,
    "desk log needs role frontdesk or higher")
BAD("log by the read-only quality department", {},
    {"--as", "majie", "desk", "log", "--channel", "phone", "--kind", "enquiry", "--note", "x", "--answered"}, 77,
    "read-only role quality")
BAD("reply to a message: it is passed on", {}, fd({"reply", "D1", "--note", "x"}), 65,
    "cannot reply to D1: it is open (next steps: pass)")
BAD("reply twice", {fd({"reply", "D2", "--note", "已答复"})}, fd({"reply", "D2", "--note", "again"}), 65,
    "cannot reply to D2: it is answered (next steps: none)")
BAD("reply with a blank note", {}, fd({"reply", "D2", "--note", " "}), 64, "--note must say the reply given")
BAD("reply to a contact that does not exist", {}, fd({"reply", "D99", "--note", "x"}), 66,
    "unknown desk contact 'D99' (see 'svc desk list')")
BAD("reply to a ref that is not a contact", {}, fd({"reply", "T2", "--note", "x"}), 64,
    "'T2' is not a desk contact (expected D9 or 9)")
BAD("pass of an enquiry", {}, fd({"pass", "D2"}), 65, "cannot mark passed on D2: it is open (next steps: reply)")
BAD("pass by a technician who is not the recipient", {}, {"--as", "wuming", "desk", "pass", "D1"}, 77,
    "desk pass needs role frontdesk or higher")
BAD("handover to oneself", {}, {"--as", "wangfang", "desk", "handover", "--to", "wangfang"}, 64,
    "--to 'wangfang' is you: a handover goes to the next person")
BAD("handover to the read-only quality department", {}, {"--as", "wangfang", "desk", "handover", "--to", "majie"}, 64,
    "--to 'majie' has the read-only role quality")
BAD("handover twice in one shift", {kHandover}, kHandover, 65,
    "the night shift from 2026-11-22 20:00 was handed over already by wangfang at 2026-11-23 09:00")
BAD("accept of one's own handover", {kHandover}, {"--as", "wangfang", "desk", "handover", "--accept", "1"}, 77,
    "handover:1 is your own handover: the next person accepts it")
BAD("accept with nothing waiting", {}, {"--as", "zhaoli", "desk", "handover", "--accept"}, 66,
    "no handover is waiting for zhaoli")
BAD("accept twice", {kHandover, {"--as", "zhaoli", "desk", "handover", "--accept"}},
    {"--as", "zhaoli", "desk", "handover", "--accept", "1"}, 65, "handover:1 was accepted already by zhaoli")
BAD("accept with a note", {kHandover}, {"--as", "zhaoli", "desk", "handover", "--accept", "--note", "x"}, 64,
    "--accept takes the handover as it is: leave out --to and --note")
BAD("handovers of one that does not exist", {}, {"desk", "handovers", "7"}, 66, "unknown handover 7")
BAD("list with too few phone digits", {}, {"desk", "list", "--phone", "12"}, 64,
    "--phone '12': give at least 4 digits to search by")
BAD("list with an unknown status", {}, {"desk", "list", "--status", "pending"}, 64,
    "--status 'pending' is not allowed (allowed: open, answered, passed, referred)")
BAD("rate with an impossible month", {}, {"desk", "rate", "--month", "2026-13"}, 64,
    "--month '2026-13' is not a month; accepted: 2026-11, 2026/11, 2026年11月, 11月, 本月, 上月")
BAD("rate with a period that ends before it starts", {}, {"desk", "rate", "--from", "2026-11-23", "--to", "2026-11-01"}, 64,
    "--to '2026-11-01' is not after --from '2026-11-23'")
BAD("due with a duration that is no duration", {}, {"desk", "due", "--within", "soon"}, 64,
    "--within 'soon' is not a duration")
