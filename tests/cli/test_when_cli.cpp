// Times and dates as people say them on the command line (issue 18 dates, svc(1) DATES AND
// TIMES): the one parser behind --appoint, --next, --since, --date …, and the note for a date
// given without a time of day.
#include <algorithm>

#include "harness.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::run_ok;
using svc::test::seed_example;

namespace {

std::string first_line(std::string s) { return s.substr(0, s.find('\n')); }

svc::Value show(Cli& c, const std::string& ref) { return svc::parse_json(run_ok(c, {"--json", "ticket", "show", ref})); }

std::vector<std::string> refs(const svc::Value& list) {
  std::vector<std::string> out;
  for (const auto& row : list.as_array()) out.push_back(row.get("ref").as_string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> new_ticket(const std::string& appoint) {
  return {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "水龙头滴水", "--appoint", appoint};
}

}  // namespace

TEST_CASE("issue 18 dates: ticket new --appoint 明天 is 09:00 tomorrow and says so on stderr") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_NOW", "2026-11-23T10:15");  // Monday
  const auto r = c.run(new_ticket("明天"));
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto t = first_line(r.out);
  CHECK(show(c, t).get("appointment_at").as_string() == "2026-11-24T09:00:00+08:00");
  CHECK(contains(r.err, "--appoint '明天' has no time of day: 2026-11-24 09:00, the start of business hours, is used"));

  // With a time of day nothing is assumed and nothing is said.
  const auto r2 = c.run(new_ticket("明天 下午2点"));
  REQUIRE_MESSAGE(r2.code == 0, r2.err);
  CHECK(show(c, first_line(r2.out)).get("appointment_at").as_string() == "2026-11-24T14:00:00+08:00");
  CHECK_FALSE(contains(r2.err, "no time of day"));

  // -q leaves the note out, as it does every note.
  const auto r3 = c.run({"-q", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--appoint", "周五"});
  REQUIRE_MESSAGE(r3.code == 0, r3.err);
  CHECK(show(c, first_line(r3.out)).get("appointment_at").as_string() == "2026-11-27T09:00:00+08:00");
  CHECK_FALSE(contains(r3.err, "no time of day"));
}

TEST_CASE("issue 18 dates: the note is in Chinese for a Chinese desk, and full-width input is read") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_NOW", "2026-11-23T10:15");
  c.set_env("SVC_LANG", "zh");
  const auto r = c.run(new_ticket("后天"));
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "--appoint '后天' 没有给出钟点:按营业开始时间 2026-11-25 09:00 计"));
  const auto r2 = c.run(new_ticket("明天　１４：３０"));
  REQUIRE_MESSAGE(r2.code == 0, r2.err);
  CHECK(show(c, first_line(r2.out)).get("appointment_at").as_string() == "2026-11-24T14:30:00+08:00");
}

TEST_CASE("issue 18 dates: a date alone for today after opening is refused as in the past, nothing written") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_NOW", "2026-11-23T10:15");
  const auto before = c.digest();
  const auto r = c.run(new_ticket("今天"));
  CHECK(r.code == 64);
  CHECK(contains(r.err, "has no time of day: 2026-11-23 09:00"));
  CHECK(contains(r.err, "--appoint '今天' is in the past (now is 2026-11-23 10:15)"));
  CHECK(c.digest() == before);
}

TEST_CASE("issue 18 dates: bad text names the option, the value and the forms accepted, exit 64, nothing written") {
  Cli c;
  seed_example(c);
  const auto before = c.digest();
  const auto r = c.run(new_ticket("tomorow"));
  CHECK(r.code == 64);
  CHECK(contains(r.err, "--appoint 'tomorow' is not a time; accepted: 14:00, 今天 14:00, 明天 下午2点"));
  CHECK(c.digest() == before);
  const auto s = c.run({"ticket", "list", "--since", "last fortnight"});
  CHECK(s.code == 64);
  CHECK(contains(s.err, "--since 'last fortnight' is not a time; accepted: 7d, 24h, 今天, 昨天, 本周"));
  const auto d = c.run({"report", "daily", "--date", "明天 14:00"});
  CHECK(d.code == 64);
  CHECK(contains(d.err, "--date '明天 14:00' is not a date; accepted: 今天, 昨天"));
}

TEST_CASE("issue 18 dates: ticket no-answer --next 后天 is 09:00 that day, noted") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_NOW", "2026-11-23T09:00");
  const auto t = first_line(run_ok(c, new_ticket("2026-11-23T10:00")));
  run_ok(c, {"ticket", "dispatch", t, "--to", "wuming"});
  c.set_env("SVC_NOW", "2026-11-23T10:20");
  const auto r = c.run({"ticket", "no-answer", t, "--next", "后天"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "--next '后天' has no time of day: 2026-11-25 09:00"));
  CHECK(show(c, t).get("appointment_at").as_string() == "2026-11-25T09:00:00+08:00");
}

TEST_CASE("issue 18 dates: ticket list --since 本周, 7d and 昨天 filter by when the ticket was created") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_NOW", "2026-11-20T15:00");  // the Friday before
  const auto old = first_line(run_ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "a", "--urgent"}));
  c.set_env("SVC_NOW", "2026-11-22T18:00");  // Sunday
  const auto sunday = first_line(run_ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "b", "--urgent"}));
  c.set_env("SVC_NOW", "2026-11-23T09:00");  // Monday
  const auto monday = first_line(run_ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "c", "--urgent"}));
  c.set_env("SVC_NOW", "2026-11-24T11:00");
  auto list = [&](const std::string& since) {
    return refs(svc::parse_json(run_ok(c, {"--json", "ticket", "list", "--since", since})));
  };
  using V = std::vector<std::string>;
  const V all{old, sunday, monday};  // T1 T2 T3: sorted as refs are
  CHECK(list("本周") == V{monday});
  CHECK(list("this week") == V{monday});
  CHECK(list("7d") == all);
  CHECK(list("2d") == V{sunday, monday});  // from Sunday 11:00
  CHECK(list("昨天") == V{monday});
  CHECK(list("上周") == all);
  CHECK(list("周日") == V{sunday, monday});  // looking back: last Sunday
  CHECK(list("2026-11-20") == all);         // ISO as before
  CHECK(list("2026-11-21") == V{sunday, monday});
}

TEST_CASE("issue 18 dates: report daily --date 昨天 and fee payments --date are the day before") {
  Cli c;
  seed_example(c);
  c.set_env("SVC_NOW", "2026-11-24T11:00");
  const auto a = run_ok(c, {"--json", "report", "daily", "--date", "昨天"});
  const auto b = run_ok(c, {"--json", "report", "daily", "--date", "2026-11-23"});
  CHECK(a == b);
  CHECK(contains(a, "2026-11-23"));
  CHECK(run_ok(c, {"--json", "fee", "payments", "--date", "昨天"}) ==
        run_ok(c, {"--json", "fee", "payments", "--date", "2026-11-23"}));
}
