// svc fee remind in-process, on fixed clocks: an account walked up the ladder of domain-rules 3.5
// (notice, its monthly repeat, letter, home visit, legal listing and referral), reruns that send
// nothing, a payer who gets nothing more, holds, a missing phone, the mail and stdout channels, the
// job lock, dunning gaps (3.7), and bad input that changes nothing. The exec channel is a real
// script that records what it received. Process-level cases (kill -9, overlapping runs, a command
// that fails then succeeds) are in tests/e2e/remind_*.sh.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "harness.hpp"
#include "svc/db.hpp"
#include "svc/joblock.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

namespace {

// 1-1-101 lives there (occupied), 1-1-102 is rented (owner is the debtor, domain-rules 3.6),
// 1-1-201 has no owner phone.
const std::string kUnits =
    "code,area_m2,status,owner_name,owner_phone,tenant_name,has_parking\n"
    "1-1-101,100.00,occupied,王芳,13800000001,,no\n"
    "1-1-102,100.00,rented,李雷,13800000002,韩梅梅,no\n"
    "1-1-201,100.00,occupied,张三,,,no\n";

void ok(Cli& c, std::vector<std::string> args, const std::string& input = "") {
  const auto r = c.run(args, input);
  std::string line;
  for (const auto& a : args) line += a + " ";
  REQUIRE_MESSAGE(r.code == 0, line << "\nstderr: " << r.err);
}

svc::Value json(Cli& c, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  const auto r = c.run(args);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return svc::parse_json(r.out);
}

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

// A delivery command that appends "ARGS|STDIN" to sent.log; its exit status comes from the file
// `exit` when present (0 otherwise).
std::string recorder(Cli& c) {
  const std::string log = c.path("sent.log").string(), code = c.path("exit").string();
  const std::string script =
      c.write("sms.sh", "#!/bin/sh\nmsg=$(cat)\nprintf '%s|%s\\n' \"$*\" \"$msg\" >> '" + log +
                            "'\nif [ -f '" + code + "' ]; then exit $(cat '" + code + "'); fi\nexit 0\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  return script;
}

std::vector<std::string> sent(Cli& c) { return lines(read(c.path("sent.log"))); }

// The estate, the staff, August billed (due 2026-08-15) and a policy sending SMS through the recorder.
void estate(Cli& c, const std::string& extra_policy = "") {
  const std::string script = recorder(c);
  c.set_env("SVC_POLICY", c.write("policy.toml", "[channels.sms]\nkind = \"exec\"\ncommand = [\"" + script +
                                                     "\", \"{phone}\", \"{unit}\"]\n" + extra_policy));
  ok(c, {"staff", "import", c.write("staff.csv", example("staff.csv"))});
  ok(c, {"unit", "import", "-"}, kUnits);
  c.set_env("SVC_NOW", "2026-08-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-08"});
}

svc::Value reminders(Cli& c, std::vector<std::string> filter = {}) {
  std::vector<std::string> args{"fee", "reminders"};
  args.insert(args.end(), filter.begin(), filter.end());
  return json(c, args);
}

svc::Value only(const svc::Value& list) {
  REQUIRE(list.as_array().size() == 1);
  return list.as_array().front();
}

std::size_t count_for(const std::vector<std::string>& log, const std::string& unit) {
  std::size_t n = 0;
  for (const auto& l : log)
    if (contains(l, " " + unit + "|")) ++n;
  return n;
}

void healthy(Cli& c) {
  const auto r = c.run({"db", "check"});
  CHECK_MESSAGE(r.code == 0, r.out << r.err);
  CHECK(c.run({"audit", "verify"}).code == 0);
}

std::size_t gap_count(Cli& c, const std::string& problem) {
  std::size_t n = 0;
  const auto gaps = json(c, {"fee", "dunning-gaps"}).get("rows");
  for (const auto& g : gaps.as_array())
    if (g.get("problem").as_string() == problem) ++n;
  return n;
}

}  // namespace

TEST_CASE("fee remind domain-rules 3.5 walks an account from notice to letter, visit and legal") {
  Cli c;
  estate(c);
  ok(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "250", "--method", "cash"});  // only 1-1-101 owes
  ok(c, {"fee", "pay", "--unit", "1-1-201", "--amount", "250", "--method", "cash"});

  c.set_env("SVC_NOW", "2026-08-15T20:00");  // the due date itself: not overdue yet
  ok(c, {"fee", "remind"});
  CHECK(sent(c).empty());

  c.set_env("SVC_NOW", "2026-08-16T09:00");  // notice: 1 day after the due date
  auto r = c.run({"fee", "remind"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  auto log = sent(c);
  REQUIRE(log.size() == 1);
  CHECK(contains(log[0], "13800000001 1-1-101|"));  // the full phone reaches the command
  CHECK(contains(log[0], "王芳您好,您房屋1-1-101截至2026-08-16尚欠物业管理费(2026-08)共250.00元,请于2026-08-23前缴纳"));
  auto rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("stage").as_string() == "notice");
  CHECK(rem.get("channel").as_string() == "sms");
  CHECK(rem.get("status").as_string() == "sent");
  CHECK(rem.get("attempts").as_int() == 1);
  CHECK(rem.get("amount_fen").as_int() == 25000);
  CHECK(rem.get("sent_at").as_string() == "2026-08-16T09:00:00+08:00");
  CHECK(rem.get("recipient").as_string() == "138****0001");  // masked for people
  CHECK(gap_count(c, "missing") == 0);

  // A rerun the same day, and the next hour, sends nothing.
  ok(c, {"fee", "remind"});
  c.set_env("SVC_NOW", "2026-08-16T10:00");
  r = c.run({"-q", "fee", "remind"});
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(sent(c).size() == 1);

  c.set_env("SVC_NOW", "2026-09-16T09:00");  // the monthly repeat of the notice
  ok(c, {"fee", "remind"});
  CHECK(sent(c).size() == 2);
  CHECK(reminders(c, {"--stage", "notice"}).as_array().size() == 2);

  c.set_env("SVC_NOW", "2026-11-16T09:00");  // 3 months after the first notice: the formal letter (正式催缴函)
  ok(c, {"fee", "remind"});
  CHECK(sent(c).size() == 2);  // no SMS: the letter goes to the outbox
  rem = only(reminders(c, {"--stage", "letter"}));
  CHECK(rem.get("status").as_string() == "sent");
  const std::filesystem::path letter = rem.get("recipient").as_string();
  CHECK(letter.parent_path() == c.path("outbox/letters"));
  const std::string html = read(letter);
  CHECK(contains(html, "催缴函"));
  CHECK(contains(html, "王芳"));
  CHECK(contains(html, "1-1-101"));
  CHECK(contains(html, "250.00"));
  CHECK(contains(html, "贰佰伍拾元整"));
  CHECK(contains(html, "2026-11-23"));  // the deadline: 7 days
  CHECK(contains(json(c, {"fee", "arrears"}).as_array().front().get("stage").as_string(), "letter"));

  c.set_env("SVC_NOW", "2026-12-15T09:00");  // 4 months, owner lives there: a home visit
  ok(c, {"fee", "remind"});
  rem = only(reminders(c, {"--stage", "visit"}));
  CHECK(rem.get("status").as_string() == "sent");
  CHECK(rem.get("visit").is_string());
  const auto due = json(c, {"visit", "due"});
  REQUIRE(due.as_array().size() == 1);
  CHECK(due.as_array().front().get("kind").as_string() == "dunning");
  CHECK(due.as_array().front().get("assignee").as_string() == "chenjing");  // the one assistant

  c.set_env("SVC_NOW", "2027-02-15T09:00");  // 6 months: listed for the manager, nothing sent
  r = c.run({"fee", "remind"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  rem = only(reminders(c, {"--stage", "legal"}));
  CHECK(rem.get("channel").as_string() == "none");
  CHECK(contains(rem.get("reason").as_string(), "manager"));
  CHECK(sent(c).size() == 2);
  CHECK(json(c, {"fee", "dunning-gaps"}).get("rows").as_array().empty());

  // Only a manager refers to legal channels.
  const auto denied = c.run({"--as", "liuqiang", "fee", "refer", "1-1-101", "--legal", "--reason", "refused"});
  CHECK(denied.code == 77);
  ok(c, {"--as", "sunwei", "fee", "refer", "1-1-101", "--legal", "--reason", "mediation by the committee failed"});
  const auto ref = only(json(c, {"fee", "referrals"}));
  CHECK(ref.get("unit").as_string() == "1-1-101");
  CHECK(ref.get("amount_fen").as_int() == 25000);
  CHECK(ref.get("by").as_string() == "sunwei");
  healthy(c);
}

TEST_CASE("fee remind domain-rules 3.5 the letter goes 3 months after the phone notice, also to an owner without a phone") {
  Cli c;
  estate(c);
  ok(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "250", "--method", "cash"});
  // 1-1-101's notice is sent at 09:00; 1-1-201 has no phone: its notice is skipped, due at midnight.
  for (const char* day : {"2026-08-16T09:00", "2026-09-16T09:00", "2026-10-16T09:00"}) {
    c.set_env("SVC_NOW", day);
    ok(c, {"fee", "remind"});
  }
  auto stage_of = [&](const std::string& unit) {
    const auto rows = json(c, {"fee", "arrears"});
    for (const auto& row : rows.as_array())
      if (row.get("unit").as_string() == unit) return row.get("stage").as_string();
    return std::string("-");
  };
  // Three months after the due date, but not yet after any notice (电话通知后三个月): no letter.
  c.set_env("SVC_NOW", "2026-11-15T09:00");
  ok(c, {"fee", "remind"});
  CHECK(reminders(c, {"--stage", "letter"}).as_array().empty());
  CHECK(gap_count(c, "missing") + gap_count(c, "late") == 0);  // dunning-gaps agrees: nothing is due
  CHECK(stage_of("1-1-101") == "notice");
  // The owner without a phone: 3 months after the notice was due (16 August, 00:00).
  c.set_env("SVC_NOW", "2026-11-16T00:30");
  ok(c, {"fee", "remind"});
  auto letter = only(reminders(c, {"--stage", "letter"}));
  CHECK(letter.get("unit").as_string() == "1-1-201");
  CHECK(letter.get("status").as_string() == "sent");
  CHECK(letter.get("due_at").as_string() == "2026-11-16T00:00:00+08:00");
  CHECK(stage_of("1-1-201") == "letter");
  CHECK(stage_of("1-1-101") == "notice");  // its notice went at 09:00: its letter is not due yet
  CHECK(gap_count(c, "missing") + gap_count(c, "late") == 0);
  // 1-1-101: 3 months after its first notice was sent, to the minute.
  c.set_env("SVC_NOW", "2026-11-16T09:00");
  ok(c, {"fee", "remind"});
  letter = only(reminders(c, {"--stage", "letter", "--unit", "1-1-101"}));
  CHECK(letter.get("status").as_string() == "sent");
  CHECK(letter.get("due_at").as_string() == "2026-11-16T09:00:00+08:00");
  CHECK(stage_of("1-1-101") == "letter");
  const auto gaps = json(c, {"fee", "dunning-gaps"});
  CHECK(gaps.get("rows").as_array().empty());
  CHECK(gaps.get("total").get("accounts").as_int() == 2);
  CHECK(gaps.get("total").get("on_time").as_int() == 2);
  healthy(c);
}

TEST_CASE("fee remind a letter stage may count from the oldest due date, as a site's policy says") {
  Cli c;
  estate(c, "[[fee.dunning]]\nstage = \"notice\"\nafter = \"1d\"\nchannel = \"sms\"\n"
            "[[fee.dunning]]\nstage = \"letter\"\nanchor = \"oldest_due\"\nafter = \"3mo\"\nchannel = \"letter\"\n");
  c.set_env("SVC_NOW", "2026-11-15T09:00");  // no notice ever: the letter all the same
  ok(c, {"fee", "remind", "--unit", "1-1-101"});
  CHECK(only(reminders(c, {"--unit", "1-1-101"})).get("stage").as_string() == "letter");
  // An anchor must name an earlier stage.
  const auto bad = c.write("bad.toml", "[[fee.dunning]]\nstage = \"letter\"\nanchor = \"first:notice\"\n"
                                       "after = \"3mo\"\nchannel = \"letter\"\n");
  const auto r = c.run({"--policy", bad, "fee", "reminders"});
  CHECK(r.code == 78);
  CHECK_MESSAGE(contains(r.err, "fee.dunning[0].anchor: expected \"oldest_due\" or \"first:STAGE\" naming an earlier "
                                "stage (earlier stages: -), got 'first:notice'"),
                r.err);
}

TEST_CASE("fee remind settles record-only reminders (legal listing, domain-rules 3.5) in one audited batch") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2027-02-15T09:00");  // 6 months for all three: the legal listing, channel none
  ok(c, {"fee", "remind"});
  const auto legal = reminders(c, {"--stage", "legal"});
  REQUIRE(legal.as_array().size() == 3);  // 1-1-201 too: channel none needs no phone
  for (const auto& rem : legal.as_array()) CHECK(rem.get("status").as_string() == "sent");
  CHECK(sent(c).empty());
  std::size_t plans = 0, records = 0, sends = 0;
  const auto log = json(c, {"audit", "log"});
  for (const auto& e : log.as_array()) {
    const std::string action = e.get("action").as_string();
    plans += action == "fee.remind.plan";
    records += action == "fee.remind.record";
    sends += action == "fee.remind.send";
  }
  CHECK(plans == 1);
  CHECK(records == 1);  // three units, one transaction: nothing leaves the database
  CHECK(sends == 0);
  // Each unit's history still shows its reminder being planned and settled.
  std::vector<std::string> actions;
  const auto history = json(c, {"audit", "log", "--entity", "1-1-102"});
  for (const auto& e : history.as_array())
    actions.push_back(e.get("action").as_string());
  CHECK(std::find(actions.begin(), actions.end(), "fee.remind.plan") != actions.end());
  CHECK(std::find(actions.begin(), actions.end(), "fee.remind.record") != actions.end());
  healthy(c);
}

TEST_CASE("fee remind domain-rules 3.5 a unit that pays gets nothing more") {
  Cli c;
  estate(c);
  ok(c, {"unit", "set", "1-1-201", "--owner-phone", "13800000003"});
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  ok(c, {"fee", "remind"});
  CHECK(sent(c).size() == 3);
  c.set_env("SVC_NOW", "2026-09-01T10:00");
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "250", "--method", "wechat"});
  c.set_env("SVC_NOW", "2026-09-16T09:00");
  ok(c, {"fee", "remind"});
  const auto log = sent(c);
  CHECK(log.size() == 5);
  CHECK(count_for(log, "1-1-101") == 1);
  CHECK(count_for(log, "1-1-102") == 2);
  healthy(c);
}

TEST_CASE("fee remind re-checks the balance just before sending: paid since planning is skipped") {
  Cli c;
  estate(c);
  c.write("exit", "75");  // the SMS gateway asks to retry later: planned, not sent
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  auto r = c.run({"fee", "remind", "--unit", "1-1-101"});
  CHECK(r.code == 69);
  CHECK(contains(r.err, "sms"));
  auto rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("status").as_string() == "planned");
  CHECK(rem.get("attempts").as_int() == 0);  // a 75 is not held against the reminder
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "250", "--method", "cash"});
  std::filesystem::remove(c.path("exit"));
  c.set_env("SVC_NOW", "2026-08-16T10:00");
  ok(c, {"fee", "remind", "--unit", "1-1-101"});
  rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("status").as_string() == "skipped");
  CHECK(contains(rem.get("reason").as_string(), "paid"));
  CHECK(sent(c).size() == 1);  // the one call that answered 75
  healthy(c);
}

TEST_CASE("fee remind a failed send is retried on the next run, up to the policy's attempts") {
  Cli c;
  estate(c, "[fee.remind]\nattempts = 2\n");
  c.write("exit", "1");
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  auto r = c.run({"fee", "remind", "--unit", "1-1-101"});
  CHECK(r.code == 69);
  CHECK(contains(r.err, "failed: exited with status 1"));
  auto rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("status").as_string() == "failed");
  CHECK(rem.get("attempts").as_int() == 1);
  CHECK(contains(rem.get("reason").as_string(), "attempt 1 of 2"));
  c.set_env("SVC_NOW", "2026-08-16T10:00");
  CHECK(c.run({"fee", "remind", "--unit", "1-1-101"}).code == 69);
  rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("attempts").as_int() == 2);
  CHECK(contains(rem.get("reason").as_string(), "given up after 2 attempts"));
  c.set_env("SVC_NOW", "2026-08-16T11:00");
  ok(c, {"fee", "remind", "--unit", "1-1-101"});  // given up: not tried again
  CHECK(sent(c).size() == 2);
  CHECK(gap_count(c, "failed") == 1);
  // A supervisor has it sent again; the next run delivers it.
  std::filesystem::remove(c.path("exit"));
  ok(c, {"--as", "liuqiang", "fee", "resolve", std::to_string(rem.get("id").as_int()), "--retry"});
  ok(c, {"fee", "remind", "--unit", "1-1-101"});
  rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("status").as_string() == "sent");
  CHECK(sent(c).size() == 3);
  CHECK(gap_count(c, "failed") == 0);
  healthy(c);
}

TEST_CASE("fee remind a missing phone is skipped with its reason and shown as a dunning gap") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  const auto r = c.run({"-q", "fee", "remind"});
  CHECK(r.code == 0);
  CHECK(contains(r.err, "1-1-201"));
  CHECK(contains(r.err, "no owner phone"));
  const auto rem = only(reminders(c, {"--unit", "1-1-201"}));
  CHECK(rem.get("status").as_string() == "skipped");
  CHECK(count_for(sent(c), "1-1-201") == 0);
  const auto gaps = json(c, {"fee", "dunning-gaps"}).get("rows");
  REQUIRE(gaps.as_array().size() == 1);
  CHECK(gaps.as_array().front().get("unit").as_string() == "1-1-201");
  CHECK(gaps.as_array().front().get("problem").as_string() == "skipped");
  CHECK(c.run({"fee", "dunning-gaps", "--fail-if-any"}).code == 1);
  // The phone is added; a supervisor has the skipped reminder sent again.
  ok(c, {"unit", "set", "1-1-201", "--owner-phone", "13800000003"});
  ok(c, {"--as", "liuqiang", "fee", "resolve", std::to_string(rem.get("id").as_int()), "--retry"});
  c.set_env("SVC_NOW", "2026-08-16T10:00");
  ok(c, {"-q", "fee", "remind"});
  CHECK(count_for(sent(c), "1-1-201") == 1);
  CHECK(c.run({"fee", "dunning-gaps", "--fail-if-any"}).code == 0);
}

TEST_CASE("fee dunning-gaps domain-rules 3.7 lists missed and late reminders, empty after a complete run") {
  Cli c;
  estate(c);
  ok(c, {"unit", "set", "1-1-201", "--owner-phone", "13800000003"});
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  auto summary = json(c, {"fee", "dunning-gaps"});
  auto gaps = summary.get("rows");
  CHECK(gaps.as_array().size() == 3);  // 漏催: nobody reminded yet
  for (const auto& g : gaps.as_array()) CHECK(g.get("problem").as_string() == "missing");
  // The 催缴率 is in the JSON, a number beside its numerator and denominator (svc(1) FORMATS).
  CHECK(summary.get("schema").as_int() == 2);
  CHECK(summary.get("total").get("accounts").as_int() == 3);
  CHECK(summary.get("total").get("on_time").as_int() == 0);
  CHECK(summary.get("total").get("gaps").as_int() == 3);
  CHECK(summary.get("total").get("rate").is_double());
  CHECK(summary.get("total").get("rate").as_double() == 0.0);
  const auto r = c.run({"fee", "dunning-gaps"});
  CHECK(contains(r.err, "0 of 3"));
  ok(c, {"fee", "remind"});
  summary = json(c, {"fee", "dunning-gaps"});
  CHECK(summary.get("rows").as_array().empty());
  CHECK(summary.get("total").get("on_time").as_int() == 3);
  CHECK(summary.get("total").get("rate").as_double() == 1.0);
  CHECK(c.run({"fee", "dunning-gaps", "--fail-if-any"}).code == 0);
  // The next repeat falls due 2026-09-16; cron does not run until the 20th: late (迟催).
  c.set_env("SVC_NOW", "2026-09-20T09:00");
  ok(c, {"fee", "remind"});
  gaps = json(c, {"fee", "dunning-gaps"}).get("rows");
  CHECK(gaps.as_array().size() == 3);
  for (const auto& g : gaps.as_array()) CHECK(g.get("problem").as_string() == "late");
}

TEST_CASE("fee remind a held unit is not reminded, and after the hold its reminder is due from the hold end") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-08-10T09:00");
  ok(c, {"--as", "liuqiang", "fee", "hold", "1-1-101", "--until", "2026-08-31", "--reason", "payment plan"});
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  ok(c, {"fee", "remind"});
  CHECK(count_for(sent(c), "1-1-101") == 0);
  CHECK(reminders(c, {"--unit", "1-1-101"}).as_array().empty());
  c.set_env("SVC_NOW", "2026-09-01T09:00");
  ok(c, {"fee", "remind"});
  const auto rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("due_at").as_string() == "2026-09-01T00:00:00+08:00");
  CHECK(count_for(sent(c), "1-1-101") == 1);
  CHECK(gap_count(c, "late") == 0);
}

TEST_CASE("fee remind paying the oldest bill starts the ladder again from the next one") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  ok(c, {"fee", "remind", "--unit", "1-1-101"});  // August's notice
  c.set_env("SVC_NOW", "2026-09-01T09:00");
  ok(c, {"fee", "bill", "--period", "2026-09"});
  c.set_env("SVC_NOW", "2026-11-16T09:00");  // 3 months after August's notice: the letter
  ok(c, {"fee", "remind", "--unit", "1-1-101"});
  auto list = reminders(c, {"--unit", "1-1-101"}).as_array();
  REQUIRE(list.size() == 2);
  CHECK(list[1].get("stage").as_string() == "letter");
  ok(c, {"fee", "pay", "--unit", "1-1-101", "--amount", "250", "--method", "cash"});  // pays August
  c.set_env("SVC_NOW", "2026-11-16T10:00");
  ok(c, {"fee", "remind", "--unit", "1-1-101"});
  list = reminders(c, {"--unit", "1-1-101"}).as_array();
  REQUIRE(list.size() == 3);
  CHECK(list[2].get("stage").as_string() == "notice");  // September, 2 months overdue
  CHECK(list[2].get("episode").as_string() == "2026-09-15");
  // The restarted ladder fell due at the payment, not months ago: reminded on time.
  CHECK(list[2].get("due_at").as_string() == "2026-11-16T09:00:00+08:00");
  CHECK(gap_count(c, "late") == 0);
}

TEST_CASE("fee remind --dry-run shows the rendered messages and changes nothing") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  const auto before = c.digest();
  const auto r = c.run({"fee", "remind", "--dry-run"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.out, "1-1-101 notice"));
  CHECK(contains(r.out, "王芳您好,您房屋1-1-101截至2026-08-16尚欠物业管理费(2026-08)共250.00元"));
  CHECK(contains(r.out, "138****0001"));  // masked without --reveal
  CHECK_FALSE(contains(r.out, "13800000001"));
  CHECK(contains(r.out, "no owner phone"));
  CHECK(contains(r.err, "dry run"));
  CHECK(c.digest() == before);
  CHECK(sent(c).empty());
  // The JSON form carries each message and the command that would run.
  const auto j = json(c, {"fee", "remind", "--dry-run", "--unit", "1-1-102"});
  const auto& one = j.as_array().front();
  CHECK(one.get("status").as_string() == "planned");
  CHECK(one.get("argv").as_array().size() == 3);
  CHECK(contains(one.get("message").as_string(), "李雷您好"));  // the owner, not the tenant (3.6)
  CHECK(c.digest() == before);
}

TEST_CASE("fee remind the mail channel pipes a UTF-8 message with an encoded subject to sendmail -t -oi") {
  Cli c;
  const std::string mailer = c.write("sendmail.sh", "#!/bin/sh\necho \"$*\" > '" + c.path("args").string() +
                                                        "'\ncat > '" + c.path("mail").string() + "'\n");
  std::filesystem::permissions(mailer, std::filesystem::perms::owner_all);
  estate(c, "[channels.mail]\nkind = \"mail\"\nsendmail = [\"" + mailer +
                "\", \"-t\"]\nto = \"{phone}@sms.example.com\"\n"
                "[[fee.dunning]]\nstage = \"notice\"\nafter = \"1d\"\nchannel = \"mail\"\n");
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  ok(c, {"fee", "remind", "--unit", "1-1-101"});
  CHECK(read(c.path("args")) == "-t -oi\n");
  const std::string mail = read(c.path("mail"));
  CHECK(contains(mail, "To: 13800000001@sms.example.com\n"));
  CHECK(contains(mail, "Subject: =?UTF-8?B?"));
  CHECK(contains(mail, "Content-Transfer-Encoding: base64"));
  CHECK(only(reminders(c, {"--unit", "1-1-101"})).get("status").as_string() == "sent");
}

TEST_CASE("fee remind the stdout channel prints each message") {
  Cli c;
  estate(c, "[[fee.dunning]]\nstage = \"notice\"\nafter = \"1d\"\nchannel = \"stdout\"\n");
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  const auto r = c.run({"-q", "fee", "remind", "--unit", "1-1-102"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "李雷您好,您房屋1-1-102"));
}

TEST_CASE("fee remind a second run while one holds the job lock exits 75 and changes nothing") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  const auto before = c.digest();
  auto lock = svc::JobLock::acquire(c.db_path().string() + ".remind.lock", false);
  REQUIRE(lock);
  const auto r = c.run({"fee", "remind"});
  CHECK(r.code == 75);
  CHECK(contains(r.err, "another `svc fee remind` is running"));
  CHECK(c.digest() == before);
  lock.reset();
  ok(c, {"fee", "remind"});
  CHECK(sent(c).size() == 2);
}

TEST_CASE("fee remind a template with an unknown placeholder is a policy error") {
  Cli c;
  c.set_env("SVC_POLICY", c.write("policy.toml", "[channels.sms]\nkind = \"exec\"\ncommand = [\"/bin/true\"]\n"
                                                 "template = \"{owner} owes {total}\"\n"));
  const auto r = c.run({"fee", "reminders"});
  CHECK(r.code == 78);
  CHECK(contains(r.err, "unknown placeholder '{total}'"));
  c.set_env("SVC_POLICY", c.write("policy2.toml", "[channels.mail]\nkind = \"mail\"\nto = \"\"\n[channels.m2]\nkind = \"mail\"\n"));
  const auto m = c.run({"fee", "reminders"});
  CHECK(m.code == 78);
  CHECK(contains(m.err, "channels.m2.to"));
  CHECK(contains(m.err, "channels.mail.to: must not be empty"));
}

namespace {

struct Case {
  std::vector<std::string> args;
  int code;
  std::string message;
  std::string as = {};
};

void check_bad(const Case& k) {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  ok(c, {"fee", "remind", "--unit", "1-1-101"});
  const auto before = c.digest();
  auto args = k.args;
  if (!k.as.empty()) args.insert(args.begin(), {"--as", k.as});
  const auto r = c.run(args);
  CHECK_MESSAGE(r.code == k.code, "stderr: " << r.err);
  CHECK_MESSAGE(contains(r.err, k.message), "stderr: " << r.err);
  CHECK(r.out.empty());
  CHECK(c.digest() == before);
}

}  // namespace

#define REMIND_BAD(name, ...) \
  TEST_CASE("fee remind bad input: " name) { check_bad(Case{__VA_ARGS__}); }

REMIND_BAD("an unknown stage", {"fee", "remind", "--stage", "sms"}, 64,
           "--stage: unknown stage 'sms' (policy stages: notice, letter, visit, legal)")
REMIND_BAD("an unknown unit", {"fee", "remind", "--unit", "9-9-999"}, 66, "9-9-999")
REMIND_BAD("quality may not run reminders", {"fee", "remind"}, 77, "", "majie")
REMIND_BAD("a reminder status that does not exist", {"fee", "reminders", "--status", "done"}, 64,
           "--status 'done' is not a reminder status (allowed: planned, sending, sent, failed, skipped, unknown)")
REMIND_BAD("a since that is not a time", {"fee", "reminders", "--since", "yesterdy"}, 64, "--since 'yesterdy'")
REMIND_BAD("resolve text that is not an id", {"fee", "resolve", "abc", "--sent"}, 64, "'abc' is not a reminder id")
REMIND_BAD("resolve an unknown reminder", {"fee", "resolve", "99", "--sent"}, 66, "no reminder 99")
REMIND_BAD("resolve a reminder that was sent", {"fee", "resolve", "1", "--retry"}, 65,
           "only unknown, failed or skipped reminders")
REMIND_BAD("resolve without saying what happened", {"fee", "resolve", "1"}, 64, "--sent or --retry")
REMIND_BAD("resolve as front desk", {"fee", "resolve", "1", "--sent"}, 77, "", "wangfang")
REMIND_BAD("refer without a reason", {"fee", "refer", "1-1-101", "--legal"}, 64, "--reason")
REMIND_BAD("refer with an empty reason", {"fee", "refer", "1-1-101", "--legal", "--reason", " "}, 64,
           "--reason must not be empty")
REMIND_BAD("refer without --legal", {"fee", "refer", "1-1-101", "--reason", "x"}, 64, "--legal")
REMIND_BAD("refer as supervisor", {"fee", "refer", "1-1-101", "--legal", "--reason", "x"}, 77, "", "liuqiang")
REMIND_BAD("show an unknown reminder", {"fee", "reminder", "42"}, 66, "no reminder 42")

namespace {

// Another writer holds the database's write lock while a command starts, and after `delay_ms`
// runs `sql` and commits: the command must see that change, because it reads what it decides on
// inside its own transaction (read first, lock later would overwrite it: a lost update).
class ConcurrentWriter {
 public:
  ConcurrentWriter(const std::filesystem::path& db, std::string sql, int delay_ms = 400)
      : db_(svc::db::Database::open(db)) {
    db_.exec("BEGIN IMMEDIATE");
    thread_ = std::thread([this, sql = std::move(sql), delay_ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      db_.exec(sql);
      db_.exec("COMMIT");
    });
  }
  ~ConcurrentWriter() { thread_.join(); }
  ConcurrentWriter(const ConcurrentWriter&) = delete;
  ConcurrentWriter& operator=(const ConcurrentWriter&) = delete;

 private:
  svc::db::Database db_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("fee resolve reads the reminder inside its transaction: a concurrent run that sent it wins") {
  Cli c;
  estate(c);
  c.write("exit", "1");
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  CHECK(c.run({"fee", "remind", "--unit", "1-1-101"}).code == 69);
  const auto id = only(reminders(c, {"--unit", "1-1-101"})).get("id").as_int();
  svc::test::Result r;
  {
    // A `fee remind` retrying the failed reminder holds the lock and delivers it meanwhile.
    ConcurrentWriter other(c.db_path(), "UPDATE reminder SET status = 'sent', attempts = 2, sent_at = updated_at "
                                        "WHERE id = " + std::to_string(id));
    r = c.run({"--as", "liuqiang", "fee", "resolve", std::to_string(id), "--retry"});
  }
  CHECK_MESSAGE(r.code == 65, r.err);  // it is sent now: nothing for a person to resolve
  CHECK(contains(r.err, "only unknown, failed or skipped"));
  const auto rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("status").as_string() == "sent");  // not put back to planned: no second SMS
  CHECK(rem.get("attempts").as_int() == 2);
}

TEST_CASE("fee refer reads the arrears inside its transaction: a payment committed meanwhile leaves nothing to refer") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2027-02-15T09:00");
  const auto before = c.digest();
  svc::test::Result r;
  {
    ConcurrentWriter other(c.db_path(), "UPDATE bill SET paid_fen = amount_fen, status = 'paid' WHERE unit_id = "
                                        "(SELECT id FROM unit WHERE code = '1-1-101')");
    r = c.run({"--as", "sunwei", "fee", "refer", "1-1-101", "--legal", "--reason", "refused for months"});
  }
  CHECK_MESSAGE(r.code == 65, r.err);
  CHECK(contains(r.err, "no overdue bills"));
  CHECK(json(c, {"fee", "referrals"}).as_array().empty());
  CHECK(c.digest() != before);  // the other writer's payment is there
}

TEST_CASE("fee remind an unavailable channel is reported on stderr with the reason: the status and stderr, or program not found") {
  Cli c;
  estate(c);
  const std::string busy = c.write("busy.sh", "#!/bin/sh\ncat >/dev/null\necho 'gateway: rate limited' >&2\nexit 75\n");
  std::filesystem::permissions(busy, std::filesystem::perms::owner_all);
  auto policy = [&](const std::string& command) {
    c.set_env("SVC_POLICY", c.write("policy.toml", "[channels.sms]\nkind = \"exec\"\ncommand = [\"" + command +
                                                       "\", \"{phone}\"]\n"));
  };
  policy(busy);
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  auto r = c.run({"-q", "fee", "remind", "--unit", "1-1-101"});
  CHECK(r.code == 69);
  CHECK_MESSAGE(contains(r.err, "svc: channel sms is unavailable (the channel asked to retry later: exited with status "
                                "75: gateway: rate limited); its remaining reminders wait for the next run"),
                r.err);
  auto rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("reason_code").as_string() == "deferred");
  CHECK(rem.get("reason").as_string() == "the channel asked to retry later: exited with status 75: gateway: rate limited");

  policy(c.path("no-such-dir/send-sms").string());
  c.set_env("SVC_NOW", "2026-08-16T10:00");
  r = c.run({"-q", "fee", "remind", "--unit", "1-1-101"});
  CHECK(r.code == 69);
  CHECK_MESSAGE(contains(r.err, "svc: channel sms is unavailable (program not found: cannot run " +
                                    c.path("no-such-dir/send-sms").string() + ": No such file or directory)"),
                r.err);
  rem = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(rem.get("status").as_string() == "planned");
  CHECK(rem.get("attempts").as_int() == 0);
  // In Chinese, as cron mails it.
  c.set_env("SVC_LANG", "zh");
  r = c.run({"-q", "fee", "remind", "--unit", "1-1-101"});
  CHECK(r.code == 69);
  CHECK_MESSAGE(contains(r.err, "svc: 渠道 sms 不可用(找不到程序:cannot run "), r.err);
}

TEST_CASE("fee remind reasons are stored as facts and read in the reader's language") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  c.set_env("SVC_LANG", "zh");  // cron runs in Chinese
  ok(c, {"-q", "fee", "remind"});
  c.set_env("SVC_LANG", "en");
  auto rem = only(reminders(c, {"--unit", "1-1-201"}));  // no owner phone
  const auto id = rem.get("id").as_int();
  CHECK(rem.get("status").as_string() == "skipped");
  CHECK(rem.get("reason_code").as_string() == "no_phone");
  CHECK(rem.get("reason").as_string() == "no owner phone on file (svc unit set --owner-phone, then svc fee resolve " +
                                             std::to_string(id) + " --retry)");
  const auto sent = only(reminders(c, {"--unit", "1-1-101"}));
  CHECK(sent.get("reason").is_null());
  CHECK(sent.get("reason_code").is_null());
  c.set_env("SVC_LANG", "zh");
  rem = only(reminders(c, {"--unit", "1-1-201"}));
  CHECK(rem.get("reason").as_string() == "没有业主电话(请先 svc unit set --owner-phone,再 svc fee resolve " +
                                             std::to_string(id) + " --retry)");
  c.set_env("SVC_LANG", "en");
  const auto gaps = json(c, {"fee", "dunning-gaps"}).get("rows");
  REQUIRE(gaps.as_array().size() == 1);
  CHECK(contains(gaps.as_array().front().get("detail").as_string(), "no owner phone on file"));
  // What the database holds is the fact, not a sentence.
  auto db = svc::db::Database::open(c.db_path());
  auto st = db.prepare("SELECT reason FROM reminder WHERE id = :id");
  st.bind(":id", id);
  REQUIRE(st.step());
  CHECK(st.text(0) == R"({"code":"no_phone","reminder":)" + std::to_string(id) + "}");
  st.reset();
  // A row written before reasons were facts still shows its sentence.
  auto old = db.prepare("UPDATE reminder SET reason = '电话已停机,请上门' WHERE id = :id");
  old.bind(":id", id).run();
  rem = only(reminders(c, {"--unit", "1-1-201"}));
  CHECK(rem.get("reason").as_string() == "电话已停机,请上门");
  CHECK(rem.get("reason_code").is_null());
  const auto shown = c.run({"fee", "reminder", std::to_string(id)});
  CHECK(shown.code == 0);
  CHECK(contains(shown.out, "电话已停机,请上门"));
}

TEST_CASE("fee remind read-only roles may dry-run but not run, refused before the job lock is taken") {
  Cli c;
  estate(c);
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  const auto before = c.digest();
  const auto lock = c.db_path().string() + ".remind.lock";
  const auto dry = c.run({"--as", "majie", "fee", "remind", "--dry-run"});
  CHECK_MESSAGE(dry.code == 0, dry.err);
  CHECK(contains(dry.out, "1-1-101 notice"));
  const auto r = c.run({"--as", "majie", "fee", "remind"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "permission denied: fee remind changes data"));
  CHECK_FALSE(std::filesystem::exists(lock));
  CHECK(c.digest() == before);
  CHECK(sent(c).empty());
}
