// The core's promises, proven for every command of the command table: each verb declares what it
// needs; every mutating command writes exactly one audit entry when it succeeds, and when it fails
// (bad input, a role that may not) the database is byte-for-byte what it was. A new mutating
// command that is not in the table below fails the first test.
#include <algorithm>
#include <map>
#include <set>

#include "commands.hpp"
#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

namespace {

using Args = std::vector<std::string>;

// One mutating command: what must exist first, a run that succeeds, and one with bad input.
struct Case {
  Case() = default;
  Case(std::vector<Args> s, Args o, Args b, int e = 1, std::string p = {})
      : setup(std::move(s)), ok(std::move(o)), bad(std::move(b)), entries(e), policy(std::move(p)) {}
  std::vector<Args> setup;
  Args ok;
  Args bad;
  int entries = 1;     // audit entries the successful run writes
  std::string policy;  // a site policy file for the case, if it needs one
};

// Late fees on, and a dunning ladder that only records (no SMS gateway in a test).
const char* kFeePolicy = R"([fee]
late_fee_per_day = "0.0003"

[[fee.dunning]]
stage = "notice"
after = "1d"
channel = "none"
)";

const std::map<std::string, Case>& cases() {
  const Args leak_done = {"ticket", "new", "--unit", "1-1-102", "--category", "leak", "--desc", "渗水", "--urgent"};
  const Args water = {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "漏水", "--urgent"};
  const Args dispatch = {"ticket", "dispatch", "T1", "--to", "wuming"};
  const Args arrive = {"ticket", "arrive", "T1"};
  const Args done = {"ticket", "done", "T1"};
  const Args callback = {"visit", "log", "--ticket", "T1", "--method", "phone", "--rating", "5"};
  const Args complaint = {"complaint", "new", "--unit", "1-1-102", "--subject", "噪音"};
  const Args resolve = {"complaint", "resolve", "C1", "--resolution", "已处理"};
  const Args bill_oct = {"fee", "bill", "--period", "2026-10"};
  const Args desk_enquiry = {"desk", "log", "--channel", "phone", "--kind", "enquiry", "--note", "问", "--reply-by", "2h"};
  const Args desk_message = {"desk", "log", "--channel", "phone", "--kind", "message", "--for", "liuqiang", "--note", "请回电"};
  const Args round = {"patrol", "start", "--route", "roads"};
  const Args reported = {"patrol", "check", "P1", "signs", "--issue", "路牌歪斜"};
  const Args general = {"patrol", "violation", "new", "--unit", "1-1-102", "--category", "fire", "--severity",
                        "general", "--desc", "楼道堆放杂物"};
  const Args major = {"patrol", "violation", "new", "--unit", "1-1-102", "--category", "renovation", "--severity",
                      "major", "--desc", "拆改承重墙"};
  static const std::map<std::string, Case> table = {
      {"init", Case()},  // its own test below: it creates the database
      {"unit import", {{}, {"unit", "import", "@units2.csv"}, {"unit", "import", "@bad_units.csv"}}},
      {"unit add", {{}, {"unit", "add", "--code", "9-9-901", "--area", "80", "--status", "vacant"},
                    {"unit", "add", "--code", "9-9-901", "--area", "-1", "--status", "vacant"}}},
      {"unit set", {{}, {"unit", "set", "1-1-102", "--status", "rented", "--tenant", "李雷"},
                    {"unit", "set", "1-1-102", "--status", "bogus"}}},
      {"staff add", {{}, {"staff", "add", "--login", "newbie", "--name", "新人", "--role", "frontdesk"},
                     {"staff", "add", "--login", "newbie", "--name", "新人", "--role", "bogus"}}},
      {"staff set", {{}, {"staff", "set", "wangfang", "--phone", "13800000000"},
                     {"staff", "set", "wangfang", "--role", "bogus"}}},
      {"staff import", {{}, {"staff", "import", "@staff2.csv"}, {"staff", "import", "@bad_staff.csv"}}},
      {"ticket new", {{}, water, {"ticket", "new", "--unit", "1-1-102", "--category", "bogus", "--desc", "x", "--urgent"}}},
      {"ticket dispatch", {{water}, dispatch, {"ticket", "dispatch", "T1", "--to", "wangfang"}}},
      {"ticket arrive", {{water, dispatch}, arrive, {"ticket", "arrive", "T9"}}},
      {"ticket done", {{water, dispatch, arrive}, done, {"ticket", "done", "T1", "--charge", "5"}}},
      {"ticket leak-test", {{leak_done, dispatch, arrive, done}, {"ticket", "leak-test", "T1"},
                            {"ticket", "leak-test", "T1", "--at", "2030-01-01T00:00"}}},
      {"ticket wait", {{water}, {"ticket", "wait", "T1", "--reason", "waiting_parts"},
                       {"ticket", "wait", "T1", "--reason", "bogus"}}},
      {"ticket resume", {{water, {"ticket", "wait", "T1", "--reason", "waiting_parts"}}, {"ticket", "resume", "T1"},
                         {"ticket", "resume", "T9"}}},
      {"ticket no-answer", {{water, dispatch}, {"ticket", "no-answer", "T1", "--next", "2026-11-24T10:00"},
                            {"ticket", "no-answer", "T1", "--next", "2020-01-01T00:00"}}},
      {"ticket edit", {{water}, {"ticket", "edit", "T1", "--desc", "厨房漏水"}, {"ticket", "edit", "T1", "--category", "bogus"}}},
      {"ticket undispatch", {{water, dispatch}, {"ticket", "undispatch", "T1"}, {"ticket", "undispatch", "T9"}}},
      {"ticket cancel", {{water}, {"ticket", "cancel", "T1", "--reason", "重复"}, {"ticket", "cancel", "T9", "--reason", "x"}}},
      {"ticket reopen", {{water, dispatch, arrive, done}, {"ticket", "reopen", "T1", "--reason", "仍漏"},
                         {"ticket", "reopen", "T1", "--reason", "仍漏", "--to", "wangfang"}}},
      {"ticket close", {{water, dispatch, arrive, done, callback}, {"ticket", "close", "T1"}, {"ticket", "close", "T9"}}},
      {"visit log", {{water, dispatch, arrive, done}, callback,
                     {"visit", "log", "--ticket", "T1", "--method", "phone", "--rating", "9"}}},
      {"visit plan", {{}, {"visit", "plan"}, {"visit", "plan", "--every", "5d"}}},
      {"visit survey import", {{}, {"visit", "survey", "import", "@survey.csv"},
                               {"visit", "survey", "import", "@bad_survey.csv"}}},
      {"complaint new", {{}, complaint, {"complaint", "new", "--unit", "1-1-102", "--subject", "x", "--severity", "bogus"}}},
      {"complaint classify", {{complaint}, {"complaint", "classify", "C1", "--severity", "important"},
                              {"complaint", "classify", "C1", "--severity", "bogus"}}},
      {"complaint assign", {{complaint}, {"complaint", "assign", "C1", "--dept", "工程部"},
                            {"complaint", "assign", "C1", "--dept", "工程部", "--to", "nobody"}}},
      {"complaint escalate", {{complaint}, {"complaint", "escalate", "C1", "--reason", "业主要求"},
                              {"complaint", "escalate", "C1", "--reason", "x", "--to", "bogus"}}},
      {"complaint respond", {{complaint}, {"complaint", "respond", "C1", "--note", "已答复"},
                             {"complaint", "respond", "C9", "--note", "x"}}},
      {"complaint resolve", {{complaint}, resolve, {"complaint", "resolve", "C9", "--resolution", "x"}}},
      {"complaint notify", {{complaint, resolve}, {"complaint", "notify", "C1", "--method", "phone"},
                            {"complaint", "notify", "C1", "--method", "bogus"}}},
      {"complaint edit", {{complaint}, {"complaint", "edit", "C1", "--subject", "噪音扰民"},
                          {"complaint", "edit", "C1", "--unit", "NOPE"}}},
      {"complaint withdraw", {{complaint}, {"complaint", "withdraw", "C1", "--reason", "撤回"},
                              {"complaint", "withdraw", "C9", "--reason", "x"}}},
      {"complaint reopen", {{complaint, resolve}, {"complaint", "reopen", "C1", "--reason", "未解决"},
                            {"complaint", "reopen", "C9", "--reason", "x"}}},
      {"complaint close",
       {{complaint, resolve, {"visit", "log", "--complaint", "C1", "--method", "phone", "--rating", "4"}},
        {"complaint", "close", "C1"},
        {"complaint", "close", "C9"}}},
      {"complaint sweep", {{complaint}, {"--now", "2026-11-26T09:00", "complaint", "sweep"},
                           {"--now", "bogus", "complaint", "sweep"}}},
      {"desk log", {{}, desk_enquiry, {"desk", "log", "--channel", "fax", "--kind", "enquiry", "--note", "x", "--answered"}}},
      {"desk reply", {{desk_enquiry}, {"desk", "reply", "D1", "--note", "已答复"}, {"desk", "reply", "D9", "--note", "x"}}},
      {"desk pass", {{desk_message}, {"desk", "pass", "D1"}, {"desk", "pass", "D9"}}},
      {"desk handover", {{}, {"desk", "handover"}, {"desk", "handover", "--to", "nobody"}}},
      {"fee bill", {{}, {"fee", "bill", "--period", "2026-11"}, {"fee", "bill", "--period", "2026-13"}}},
      {"fee cancel", {{bill_oct}, {"fee", "cancel", "1", "--reason", "面积有误"}, {"fee", "cancel", "999999", "--reason", "x"}}},
      {"fee meter import", {{}, {"fee", "meter", "import", "@meters.csv"}, {"fee", "meter", "import", "@bad_meters.csv"}}},
      {"fee pay", {{bill_oct}, {"fee", "pay", "--unit", "1-1-102", "--amount", "10", "--method", "cash"},
                   {"fee", "pay", "--unit", "1-1-102", "--amount", "10", "--method", "bogus"}}},
      {"fee void", {{bill_oct, {"fee", "pay", "--unit", "1-1-102", "--amount", "10", "--method", "cash"}},
                    {"fee", "void", "R2026-000001", "--reason", "收错"},
                    {"fee", "void", "R2026-999999", "--reason", "x"}}},
      {"fee waive", {{bill_oct}, {"fee", "waive", "1-1-102", "--reason", "困难户"}, {"fee", "waive", "NOPE", "--reason", "x"}, 1, kFeePolicy}},
      {"fee hold", {{}, {"fee", "hold", "1-1-102", "--until", "2026-12-31", "--reason", "争议"},
                    {"fee", "hold", "1-1-102", "--until", "bogus", "--reason", "x"}}},
      // Planned, then recorded: each step of the write-ahead ladder is its own transaction.
      {"fee remind", {{bill_oct}, {"fee", "remind", "--unit", "1-1-102"}, {"fee", "remind", "--stage", "bogus"}, 2, kFeePolicy}},
      {"fee resolve", {{bill_oct, {"fee", "remind", "--unit", "1-1-101"}}, {"fee", "resolve", "1", "--retry"},
                       {"fee", "resolve", "999", "--retry"}}},
      {"fee refer", {{bill_oct}, {"fee", "refer", "1-1-102", "--legal", "--reason", "调解无效"},
                     {"fee", "refer", "NOPE", "--legal", "--reason", "x"}}},
      {"report note", {{}, {"report", "note", "--month", "2026-10", "--section", "complaints", "--file", "@note.txt"},
                       {"report", "note", "--month", "2026-10", "--section", "bogus", "--file", "@note.txt"}}},
      // Patrols and violations (domain-rules 5, 6).
      {"patrol plan", {{}, {"patrol", "plan", "--month", "2026-12"}, {"patrol", "plan", "--month", "2026-13"}}},
      {"patrol rain", {{}, {"patrol", "rain", "--before"}, {"patrol", "rain"}}},
      {"patrol start", {{}, round, {"patrol", "start", "--route", "bogus"}}},
      {"patrol check", {{round}, {"patrol", "check", "P1", "signs", "--ok"}, {"patrol", "check", "P1", "bogus", "--ok"}}},
      {"patrol settle", {{round, reported}, {"patrol", "settle", "P1", "signs", "--fixed", "--note", "已扶正"},
                         {"patrol", "settle", "P1", "lighting", "--fixed", "--note", "x"}}},
      {"patrol finish", {{round}, {"patrol", "finish", "P1"}, {"patrol", "finish", "P9"}}},
      {"patrol record", {{}, {"patrol", "record", "--route", "roads", "--file", "@round.csv"},
                         {"patrol", "record", "--route", "roads", "--file", "@bad_round.csv"}}},
      {"patrol violation new", {{}, general, {"patrol", "violation", "new", "--unit", "1-1-102", "--category", "bogus",
                                              "--severity", "general", "--desc", "x"}}},
      {"patrol violation act", {{general}, {"patrol", "violation", "act", "X1", "advise", "--note", "已劝导"},
                                {"patrol", "violation", "act", "X1", "bogus"}}},
      {"patrol violation sign",
       {{major, {"patrol", "violation", "act", "X1", "compensate", "--amount", "800", "--reason", "损坏"}},
        {"patrol", "violation", "sign", "X1"},
        {"patrol", "violation", "sign", "X9"}}},
      {"patrol violation reinspect", {{general}, {"patrol", "violation", "reinspect", "X1", "--ok"},
                                      {"patrol", "violation", "reinspect", "X1"}}},
      {"patrol violation close", {{general, {"patrol", "violation", "reinspect", "X1", "--ok"}},
                                  {"patrol", "violation", "close", "X1"},
                                  {"patrol", "violation", "close", "X9"}}},
      // A general violation closed in January 2025 is kept a year (domain-rules 6.6), so purged now.
      {"db purge", {{{"--now", "2025-01-10T09:00", "patrol", "violation", "new", "--location", "2号楼大堂", "--category",
                      "environment", "--severity", "general", "--desc", "乱张贴"},
                     {"--now", "2025-01-11T09:00", "patrol", "violation", "reinspect", "X1", "--ok"},
                     {"--now", "2025-01-11T10:00", "patrol", "violation", "close", "X1"}},
                    {"db", "purge", "--expired"},
                    {"db", "purge"}}},
  };
  return table;
}

// Files the cases name as @name.
void write_files(Cli& c) {
  c.write("units2.csv", "code,area_m2,status,owner_name\n9-9-901,80.00,vacant,新业主\n");
  c.write("bad_units.csv", "code,area_m2,status\n9-9-901,-5,vacant\n");
  c.write("note.txt", "原因分析：噪音投诉集中在装修期。\n整改措施：加强装修巡查。\n");
  c.write("staff2.csv", "login,name,role\nnewbie,新人,frontdesk\n");
  c.write("bad_staff.csv", "login,name,role\nnewbie,新人,bogus\n");
  c.write("meters.csv", "unit,meter,reading,read_on\n1-1-102,water,100,2026-11-20\n");
  c.write("bad_meters.csv", "unit,meter,reading,read_on\n1-1-102,gas,100,2026-11-20\n");
  c.write("survey.csv", "unit,date,服务态度,维修质量,comment\n1-1-102,2026-11-20,5,4,\n1-1-201,2026-11-21,3,,电梯太慢\n");
  c.write("bad_survey.csv", "unit,date,服务态度,维修质量,comment\n1-1-102,2026-11-20,6,4,\n");
  c.write("round.csv", "point,result,note\nsigns,ok,\nlighting,issue,路灯不亮\n");
  c.write("bad_round.csv", "point,result,note\nsigns,bogus,\n");
}

Args resolve_files(Cli& c, Args args) {
  for (auto& a : args)
    if (!a.empty() && a.front() == '@') a = c.path(a.substr(1)).string();
  return args;
}

std::int64_t audit_entries(Cli& c) {
  const auto r = c.run({"--json", "audit", "log"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return static_cast<std::int64_t>(svc::parse_json(r.out).as_array().size());
}

}  // namespace

TEST_CASE("command table: every verb declares whether it needs an identity and whether it writes") {
  for (const auto& c : svc::cmd::command_table()) {
    CAPTURE(c.path);
    CHECK_FALSE(contains(c.path, "(undeclared)"));
  }
}

TEST_CASE("command table: every mutating command is covered by the write-path test below") {
  std::set<std::string> declared, covered;
  for (const auto& c : svc::cmd::command_table())
    if (c.needs.writes) declared.insert(c.path);
  for (const auto& [path, _] : cases()) covered.insert(path);
  CHECK(declared == covered);
  for (const auto& p : declared)
    if (!covered.count(p)) FAIL_CHECK("mutating command without a write-path case: " << p);
}

TEST_CASE("write path: every mutating command writes one audit entry, and a failure changes nothing") {
  for (const auto& [path, k] : cases()) {
    if (path == "init") continue;
    CAPTURE(path);
    Cli c;
    write_files(c);
    if (!k.policy.empty()) c.set_env("SVC_POLICY", c.write("policy.toml", k.policy));
    REQUIRE(c.run({"staff", "import", c.write("staff.csv", example("staff.csv"))}).code == 0);
    REQUIRE(c.run({"unit", "import", c.write("units.csv", example("units.csv"))}).code == 0);
    for (const auto& s : k.setup) {
      const auto r = c.run(resolve_files(c, s));
      REQUIRE_MESSAGE(r.code == 0, r.err);
    }
    const auto before = c.digest();
    // Bad input: a clear refusal, nothing written.
    const auto bad = c.run(resolve_files(c, k.bad));
    CHECK_MESSAGE(bad.code != 0, bad.out);
    CHECK(bad.code != 70);
    CHECK(c.digest() == before);
    // A role that may not (the read-only quality department): 77, nothing written.
    Args as_quality = {"--as", "majie"};
    for (const auto& a : resolve_files(c, k.ok)) as_quality.push_back(a);
    const auto denied = c.run(as_quality);
    CHECK_MESSAGE(denied.code == 77, denied.err);
    CHECK(c.digest() == before);
    // Success: exactly the audit entries the command promises.
    const auto entries = audit_entries(c);
    const auto ok = c.run(resolve_files(c, k.ok));
    REQUIRE_MESSAGE(ok.code == 0, ok.err);
    CHECK(audit_entries(c) == entries + k.entries);
    CHECK(c.digest() != before);
  }
}

TEST_CASE("write path: init writes the first audit entry, and a bad policy leaves no database") {
  Cli fresh(false);
  fresh.set_env("SVC_POLICY", fresh.write("bad.toml", "[ticket]\nclock = \"sometimes\"\n"));
  const auto bad = fresh.run({"init"});
  CHECK(bad.code == 78);
  CHECK_FALSE(std::filesystem::exists(fresh.db_path()));
  fresh.unset_env("SVC_POLICY");
  const auto ok = fresh.run({"init"});
  REQUIRE_MESSAGE(ok.code == 0, ok.err);
  CHECK(audit_entries(fresh) == 1);
}

TEST_CASE("write path: a dry run writes nothing and no audit entry") {
  Cli c;
  write_files(c);
  REQUIRE(c.run({"staff", "import", c.write("staff.csv", example("staff.csv"))}).code == 0);
  REQUIRE(c.run({"unit", "import", c.write("units.csv", example("units.csv"))}).code == 0);
  const auto before = c.digest();
  for (const Args& args : {Args{"unit", "import", c.path("units2.csv").string(), "--dry-run"},
                           Args{"fee", "bill", "--period", "2026-11", "--dry-run"},
                           Args{"complaint", "sweep", "--dry-run"}, Args{"visit", "plan", "--dry-run"},
                           Args{"visit", "survey", "import", c.path("survey.csv").string(), "--dry-run"}}) {
    CAPTURE(args[0] + " " + args[1]);
    const auto r = c.run(args);
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(c.digest() == before);
  }
}

TEST_CASE("command table: a read needs an active staff member (77), help and version need none") {
  Cli c;
  c.os_login = "stranger";
  const auto read = c.run({"ticket", "list"});
  CHECK(read.code == 77);
  CHECK(contains(read.err, "stranger"));
  CHECK(c.run({"version"}).code == 0);
  CHECK(c.run({"policy", "show"}).code == 0);
}

TEST_CASE("an svc::Error raised while options are parsed exits with its code, never aborts") {
  Cli c;
  const auto r = c.run({"visit", "list", "--ticket", "X9"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "'X9' is not a ticket"));
}

TEST_CASE("audit log masks phone numbers unless the viewer may reveal them (domain-rules 12)") {
  Cli c;
  REQUIRE(c.run({"staff", "import", c.write("staff.csv", example("staff.csv"))}).code == 0);
  REQUIRE(c.run({"unit", "import", c.write("units.csv", example("units.csv"))}).code == 0);
  REQUIRE(c.run({"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "漏水", "--urgent", "--phone",
                 "13812345678"}).code == 0);
  REQUIRE(c.run({"unit", "set", "1-1-102", "--owner-phone", "13998765432"}).code == 0);
  for (const char* format : {"table", "json", "csv", "md", "html"}) {
    CAPTURE(format);
    const auto r = c.run({"--as", "wangfang", "--format", format, "audit", "log"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK_FALSE(contains(r.out, "13812345678"));
    CHECK_FALSE(contains(r.out, "13998765432"));
    // The change to the owner's phone, masked (a table may shorten the long change list).
    if (std::string_view(format) != "table") CHECK(contains(r.out, "139****5432"));
  }
  // JSON also carries the command line as typed, with --phone masked.
  const auto json = c.run({"--as", "wangfang", "--json", "audit", "log"});
  CHECK(contains(json.out, "--phone 138****5678"));
  // The front desk may not --reveal (77); an assistant may, and sees them in full.
  CHECK(c.run({"--as", "wangfang", "--reveal", "audit", "log"}).code == 77);
  const auto shown = c.run({"--as", "chenjing", "--reveal", "--json", "audit", "log"});
  REQUIRE(shown.code == 0);
  CHECK(contains(shown.out, "13812345678"));
  CHECK(contains(shown.out, "13998765432"));
}
