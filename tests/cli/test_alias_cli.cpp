// Issue 18 "Chinese in, as well as out": values by their Chinese labels, staff by name,
// full-width input from a Chinese IME, Chinese import headings and statuses.
#include "harness.hpp"
#include "svc/alias.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::run_ok;


TEST_CASE("alias: full-width ids, codes and numbers fold to ASCII, Chinese text stays as typed (issue 18)") {
  CHECK(svc::alias::fold("Ｔ１２") == "T12");
  CHECK(svc::alias::fold("１-１-１０１") == "1-1-101");
  CHECK(svc::alias::fold("１４：００") == "14:00");
  CHECK(svc::alias::fold("１２０．５０") == "120.50");
  CHECK(svc::alias::fold("T12") == "T12");
  CHECK(svc::alias::fold("厨房漏水，急") == "厨房漏水，急");
  CHECK(svc::alias::fold("１号楼") == "１号楼");
}

TEST_CASE("alias: a code, its label, part of a label, a short form, any case and full width (issue 18)") {
  const std::vector<std::string> categories = {"water", "electric", "door_window", "leak"};
  CHECK(svc::alias::find("--category", "water", categories) == "water");
  CHECK(svc::alias::find("--category", "给排水", categories) == "water");
  CHECK(svc::alias::find("--category", "水", categories) == "water");
  CHECK(svc::alias::find("--category", "Door-Window", categories) == "door_window");
  CHECK(svc::alias::find("--category", "ｗａｔｅｒ", categories) == "water");
  CHECK(svc::alias::find("--category", "电梯", categories) == std::nullopt);  // elevator is not in this set
  const std::vector<std::string> severities = {"major", "important", "minor"};
  CHECK(svc::alias::find("--severity", "重大(严重)", severities) == "major");
  CHECK(svc::alias::find("--severity", "严重", severities) == "major");
  CHECK(svc::alias::find("--severity", "重要", severities) == "important");
  CHECK(svc::alias::find("--severity", "一般", severities) == "minor");
}

TEST_CASE("alias: a ticket by Chinese category, channel and a technician by name, ids in full width (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  run_ok(c, {"ticket", "new", "--unit", "１-１-１０２", "--category", "给排水", "--desc", "厨房漏水", "--urgent",
             "--channel", "来访"});
  run_ok(c, {"ticket", "dispatch", "Ｔ１", "--to", "吴明"});
  auto t = svc::test::run_json(c, {"ticket", "show", "T1"});
  CHECK(t.get("category").as_string() == "water");
  CHECK(t.get("channel").as_string() == "visit");
  CHECK(t.get("unit").as_string() == "1-1-102");
  CHECK(t.get("assignee").as_string() == "wuming");
  run_ok(c, {"ticket", "new", "--unit", "1-1-201", "--category", "电", "--desc", "跳闸", "--urgent"});
  CHECK(svc::test::run_json(c, {"ticket", "show", "T2"}).get("category").as_string() == "electric");
  // Filters read labels too: 已派工 is dispatched, 吴明 is wuming.
  auto dispatched = svc::test::run_json(c, {"ticket", "list", "--status", "已派工", "--to", "吴明"});
  REQUIRE(dispatched.as_array().size() == 1);
  CHECK(dispatched.as_array()[0].get("ref").as_string() == "T1");
}

TEST_CASE("alias: an unknown label is refused naming the option, the value and the codes with their labels (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  c.set_env("SVC_LANG", "zh");
  const auto before = c.digest();
  auto r = c.run({"ticket", "new", "--unit", "1-1-102", "--category", "暖气", "--desc", "不热", "--urgent"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--category"));
  CHECK(contains(r.err, "暖气"));
  CHECK(contains(r.err, "water 给排水"));
  CHECK(c.digest() == before);
}

TEST_CASE("alias: a name two staff members share lists their logins, and nothing changes (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  run_ok(c, {"staff", "add", "--login", "wuming2", "--name", "吴明", "--role", "维修员"});
  run_ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "漏水", "--urgent"});
  const auto before = c.digest();
  auto r = c.run({"ticket", "dispatch", "T1", "--to", "吴明"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "wuming"));
  CHECK(contains(r.err, "wuming2"));
  CHECK(c.digest() == before);
  // When one of them has left, the name is the other's.
  run_ok(c, {"staff", "set", "wuming2", "--active", "否"});
  run_ok(c, {"ticket", "dispatch", "T1", "--to", "吴明"});
  CHECK(svc::test::run_json(c, {"ticket", "show", "T1"}).get("assignee").as_string() == "wuming");
}

TEST_CASE("alias: complaints, visits, payments and the desk take Chinese values (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  run_ok(c, {"complaint", "new", "--unit", "1-1-102", "--subject", "噪音", "--severity", "重要", "--kind", "投诉",
             "--channel", "电话"});
  auto x = svc::test::run_json(c, {"complaint", "show", "C1"});
  CHECK(x.get("severity").as_string() == "important");
  CHECK(x.get("channel").as_string() == "phone");
  run_ok(c, {"complaint", "resolve", "C1", "--resolution", "已处理"});
  run_ok(c, {"visit", "log", "--complaint", "C1", "--rating", "5"});  // the method defaults to phone
  auto v = svc::test::run_json(c, {"visit", "list", "--kind", "回访"});
  REQUIRE(v.as_array().size() == 1);
  CHECK(v.as_array()[0].get("method").as_string() == "phone");
  run_ok(c, {"fee", "bill", "--period", "2026-11"});
  run_ok(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "１００", "--method", "微信"});
  auto p = svc::test::run_json(c, {"fee", "receipt", "1"});  // this year's receipt 1
  CHECK(p.get("method").as_string() == "wechat");
  CHECK(p.get("unit").as_string() == "1-1-102");
  CHECK(svc::test::run_json(c, {"unit", "list", "--status", "空置"}).as_array().size() > 0);
}

TEST_CASE("alias: unit import reads Chinese headings and statuses (issue 18)") {
  Cli c;
  const std::string csv = "房号,面积,状态,业主,电话\n9-1-101,88.5,自住,张三,13800001111\n9-1-102,90,空置,,\n";
  run_ok(c, {"unit", "import", c.write("u.csv", csv)});
  auto u = svc::test::run_json(c, {"unit", "show", "9-1-101"});
  CHECK(u.get("status").as_string() == "occupied");
  CHECK(u.get("owner_name").as_string() == "张三");
  CHECK(svc::test::run_json(c, {"unit", "show", "9-1-102"}).get("status").as_string() == "vacant");
  const std::string staff = "登录名,姓名,角色\nxiaoli,小李,前台\n";
  run_ok(c, {"staff", "import", c.write("s.csv", staff)});
  auto s = svc::test::run_json(c, {"staff", "list"});
  bool found = false;
  for (const auto& row : s.as_array())
    if (row.get("login").as_string() == "xiaoli") found = row.get("role").as_string() == "frontdesk";
  CHECK(found);
}

TEST_CASE("keystrokes: the repair lifecycle, call to close, in short forms and short nouns (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  const std::vector<std::vector<std::string>> day = {
      {"t", "new", "-u", "1-1-102", "-c", "水", "-d", "厨房水龙头漏水", "-U", "-p", "13812345678"},
      {"t", "dispatch", "1", "-t", "吴明"},
      {"t", "arrive", "1"},
      {"t", "done", "1", "-n", "更换阀芯"},
      {"v", "log", "T1", "-r", "5"},
      {"t", "close", "1"},
  };
  for (const auto& args : day) run_ok(c, args);
  auto t = svc::test::run_json(c, {"ticket", "show", "T1"});
  CHECK(t.get("status").as_string() == "closed");
  CHECK(t.get("category").as_string() == "water");
  CHECK(t.get("urgency").as_string() == "urgent");
  CHECK(t.get("rating").as_int() == 5);
  // The subject given twice is refused.
  auto r = c.run({"visit", "log", "T1", "--ticket", "T1", "-r", "5"});
  CHECK(r.code == 64);
}

TEST_CASE("keystrokes: a household ticket without a contact takes the household on file, tenant before owner (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  run_ok(c, {"ticket", "new", "-u", "1-1-102", "-c", "水", "-d", "漏水", "-U"});
  auto t = svc::test::run_json(c, {"--reveal", "ticket", "show", "T1"});
  CHECK(t.get("reporter").as_string() == "胡敏");
  CHECK(t.get("phone").as_string() == "18657500407");
  CHECK(svc::test::run_json(c, {"ticket", "show", "T1"}).get("phone").as_string() != "18657500407");  // masked
  run_ok(c, {"unit", "set", "1-1-201", "--status", "出租", "--tenant", "租客甲", "--tenant-phone", "13900001111"});
  run_ok(c, {"ticket", "new", "-u", "1-1-201", "-c", "电", "-d", "跳闸", "-U"});
  auto r = svc::test::run_json(c, {"--reveal", "ticket", "show", "T2"});
  CHECK(r.get("reporter").as_string() == "租客甲");
  CHECK(r.get("phone").as_string() == "13900001111");
  // A caller who gives a name of their own is not given the owner's phone.
  run_ok(c, {"ticket", "new", "-u", "1-1-102", "-c", "水", "-d", "漏水", "-U", "--reporter", "邻居"});
  CHECK(svc::test::run_json(c, {"--reveal", "ticket", "show", "T3"}).get("phone").is_null());
}
