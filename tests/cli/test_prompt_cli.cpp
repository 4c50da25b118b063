// Issue 18 "Fewer keystrokes": on a terminal a required option or argument left out is asked for
// (numbered choices with their Chinese labels, staff by name), never when standard input is not a
// terminal; the nouns' one-letter names; months and weeks as people say them (本月, 上月, 上周);
// `complaint list --since`.
#include "commands.hpp"
#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::run_ok;

TEST_CASE("prompt: on a terminal a missing category is asked for by number and the description as text (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  c.interactive = true;
  c.set_env("SVC_LANG", "zh");
  auto r = c.run({"ticket", "new", "-u", "1-1-102", "-U"}, "1\n厨房水龙头漏水\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "缺少 --category"));
  CHECK(contains(r.err, "1) water 给排水"));
  CHECK(contains(r.err, "缺少 --desc"));
  c.interactive = false;
  auto t = svc::test::run_json(c, {"ticket", "show", "T1"});
  CHECK(t.get("category").as_string() == "water");
  CHECK(t.get("description").as_string() == "厨房水龙头漏水");
}

TEST_CASE("prompt: a number out of range is asked again, a label typed instead of a number is read as the value (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  c.interactive = true;
  auto r = c.run({"ticket", "new", "-u", "1-1-102", "-U", "-d", "跳闸"}, "42\n电\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "there is no choice 42"));
  c.interactive = false;
  CHECK(svc::test::run_json(c, {"ticket", "show", "T1"}).get("category").as_string() == "electric");
}

TEST_CASE("prompt: an empty answer or the end of input cancels: exit 64 and nothing changes (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  c.interactive = true;
  const auto before = c.digest();
  for (const std::string typed : {"\n", ""}) {
    auto r = c.run({"ticket", "new", "-u", "1-1-102", "-U", "-d", "漏水"}, typed);
    CHECK(r.code == 64);
    CHECK(contains(r.err, "--category is required"));
    CHECK(c.digest() == before);
  }
}

TEST_CASE("prompt: never when standard input is not a terminal — scripts get the error as before (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  const auto before = c.digest();
  auto r = c.run({"ticket", "new", "-u", "1-1-102", "-U", "-d", "漏水"}, "1\n");
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--category is required"));
  CHECK_FALSE(contains(r.err, "1) water"));
  CHECK(c.digest() == before);
}

TEST_CASE("prompt: the ticket and the technician of a dispatch — open tickets shown, technicians by name and number (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  run_ok(c, {"ticket", "new", "-u", "1-1-102", "-c", "水", "-d", "漏水", "-U"});
  c.interactive = true;
  c.set_env("SVC_LANG", "zh");
  auto r = c.run({"ticket", "dispatch"}, "T1\n2\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "T1"));
  CHECK(contains(r.err, "2) 吴明 (wuming)"));
  CHECK_FALSE(contains(r.err, "前台"));  // technicians only, not the front desk
  c.interactive = false;
  CHECK(svc::test::run_json(c, {"ticket", "show", "T1"}).get("assignee").as_string() == "wuming");
}

TEST_CASE("short names: t, c, f, v, u, d, p, r stand for their nouns, in help and completion too (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  run_ok(c, {"t", "new", "-u", "1-1-102", "-c", "水", "-d", "漏水", "-U"});
  run_ok(c, {"t", "dispatch", "1", "-t", "吴明"});
  CHECK(svc::test::run_json(c, {"t", "show", "T1"}).get("status").as_string() == "dispatched");
  run_ok(c, {"c", "list"});
  run_ok(c, {"f", "arrears"});
  run_ok(c, {"v", "due"});
  CHECK(svc::test::run_json(c, {"u", "show", "1-1-102"}).get("code").as_string() == "1-1-102");
  run_ok(c, {"d", "list"});
  run_ok(c, {"p", "routes"});
  run_ok(c, {"r", "daily"});
  CHECK(contains(run_ok(c, {"help", "t"}), "dispatch"));
  CHECK(contains(run_ok(c, {"t", "--help"}), "dispatch"));
  // An unknown noun still gets its suggestion; an unknown verb after a short name too.
  auto r = c.run({"tickt", "list"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "ticket"));
  r = c.run({"t", "lst"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "list"));
  CHECK(contains(run_ok(c, {"completion", "bash"}), "\"/t\") path=ticket"));
  CHECK(contains(run_ok(c, {"completion", "fish"}), "__fish_seen_subcommand_from ticket t; and not"));
  CHECK(contains(run_ok(c, {}), "ticket (t)"));
}

TEST_CASE("months and weeks as people say them: 本月, 上月, 上个月, 2026年10月, 10月, 上周 read as YYYY-MM / YYYY-Www (issue 18)") {
  Cli c;
  svc::test::seed_example(c);  // the clock: 2026-11-23 (a Monday)
  const auto strict = run_ok(c, {"report", "monthly", "--month", "2026-10"});
  for (const std::string m : {"上月", "上个月", "last month", "2026年10月", "10月", "2026/10", "２０２６-１０"})
    CHECK_MESSAGE(run_ok(c, {"report", "monthly", "--month", m}) == strict, m);
  CHECK(run_ok(c, {"report", "monthly", "--month", "本月"}) == run_ok(c, {"report", "monthly", "--month", "2026-11"}));
  CHECK(run_ok(c, {"report", "weekly", "--week", "上周"}) == run_ok(c, {"report", "weekly", "--week", "2026-W47"}));
  CHECK(run_ok(c, {"report", "weekly", "--week", "本周"}) == run_ok(c, {"report", "weekly", "--week", "2026-W48"}));
  run_ok(c, {"fee", "bill", "--period", "本月"});
  CHECK(svc::test::run_json(c, {"fee", "bills", "--period", "2026-11"}).as_array().size() ==
        svc::test::run_json(c, {"fee", "bills", "--period", "这个月"}).as_array().size());
  CHECK_FALSE(svc::test::run_json(c, {"fee", "bills", "--period", "本月"}).as_array().empty());
  // What is none: exit 64 naming the option, the value and the forms accepted; nothing changed.
  const auto before = c.digest();
  for (const std::string bad : {"十月", "2026-13", "13月", "2026-11-05", "next"}) {
    auto r = c.run({"fee", "bill", "--period", bad});
    CHECK_MESSAGE(r.code == 64, bad);
    CHECK(contains(r.err, "--period '" + bad + "' is not a month"));
    CHECK(contains(r.err, "本月"));
  }
  auto r = c.run({"report", "weekly", "--week", "2026-W60"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--week '2026-W60' is not a week"));
  CHECK(c.digest() == before);
}

TEST_CASE("complaint list --since: received since then, in the words of every --since (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  c.set_env("SVC_NOW", "2026-11-02T10:00");
  run_ok(c, {"complaint", "new", "--unit", "1-1-102", "--subject", "噪音"});
  c.set_env("SVC_NOW", "2026-11-23T09:00");
  run_ok(c, {"complaint", "new", "--unit", "1-1-201", "--subject", "门禁坏了"});
  CHECK(svc::test::run_json(c, {"complaint", "list", "--since", "本周"}).as_array().size() == 1);
  CHECK(svc::test::run_json(c, {"complaint", "list", "--since", "本月"}).as_array().size() == 2);
  CHECK(svc::test::run_json(c, {"complaint", "list", "--since", "7d"}).as_array().size() == 1);
  auto r = c.run({"complaint", "list", "--since", "很久以前"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--since '很久以前' is not a time"));
}

TEST_CASE("prompt: the unit of a household repair left out is asked for on a terminal, a public job is not (issue 18)") {
  Cli c;
  svc::test::seed_example(c);
  c.interactive = true;
  auto r = c.run({"t", "new", "-c", "水", "-d", "漏水", "-U"}, "1-1-102\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "--unit is required"));
  c.interactive = false;
  CHECK(svc::test::run_json(c, {"t", "show", "T1"}).get("unit").as_string() == "1-1-102");
  // Cancelled: the rule's own message, exit 64, nothing made; without a terminal: nothing asked.
  c.interactive = true;
  r = c.run({"t", "new", "-c", "水", "-d", "漏水", "-U"}, "\n");
  CHECK(r.code == 64);
  CHECK(contains(r.err, "give --unit for a household repair"));
  c.interactive = false;
  r = c.run({"t", "new", "-c", "水", "-d", "漏水", "-U"}, "1-1-102\n");
  CHECK(r.code == 64);
  CHECK_FALSE(contains(r.err, "--unit is required"));
  CHECK(c.run({"t", "show", "T2"}).code == 66);
}

TEST_CASE("command table: the parser built for the named noun alone is the whole tree's, for every noun and verb (issue 19)") {
  Cli c;
  // `svc help NOUN VERB` builds the whole tree; `svc NOUN VERB --help` only the noun's part.
  for (const auto& cmd : svc::cmd::command_table()) {
    if (cmd.path.starts_with("help") || cmd.path.starts_with("completion") || cmd.path.starts_with("__")) continue;
    std::vector<std::string> words;
    for (std::size_t from = 0; from <= cmd.path.size();) {
      const auto space = cmd.path.find(' ', from);
      words.push_back(cmd.path.substr(from, space == std::string::npos ? std::string::npos : space - from));
      if (space == std::string::npos) break;
      from = space + 1;
    }
    std::vector<std::string> help = {"help"};
    help.insert(help.end(), words.begin(), words.end());
    std::vector<std::string> own = words;
    own.push_back("--help");
    CHECK_MESSAGE(run_ok(c, help) == run_ok(c, own), cmd.path);
  }
  // With global options before the noun, and by its short name.
  auto r = c.run({"--db", c.db_path().string(), "--lang", "en", "t", "list", "--all"});
  CHECK_MESSAGE(r.code == 0, r.err);
  CHECK(run_ok(c, {"--json", "t", "--help"}) == run_ok(c, {"help", "ticket"}));
}
