// Unit tests for the deadline engine's explanation as facts (explain_facts, explain_value) on an
// in-memory database, and the compatibility explain() that narrates them.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/deadline.hpp"
#include "svc/migrate.hpp"
#include "svc/render/explain.hpp"
#include "time_text.hpp"

using namespace svc;
using svc::test::at;
using svc::test::dur;
using svc::test::kCst;

namespace {

using Kind = CalendarStep::Kind;

std::string iso(const char* text) { return format_iso(at(text), kCst); }

struct Fixture {
  db::Database db = db::Database::memory();
  audit::Entry entry{"test", "test", "test", "T1"};
  // Audited changes only happen inside a transaction (the write path's); the test holds one open.
  Fixture() {
    db::migrate(db);
    db.exec("BEGIN");
  }

  deadline::Deadline set(const Calendar& cal, const std::string& hash, deadline::Spec spec) {
    return deadline::set(db, entry, cal, hash, "T1", spec);
  }
};

// Mon–Fri 09:00–20:00, with or without the National Day week off.
Calendar office(bool with_holidays) {
  CalendarSpec s;
  s.workdays = {true, true, true, true, true, false, false};
  if (with_holidays)
    for (int d = 1; d <= 7; ++d) s.holidays.insert(Date{2026, 10, d});
  return Calendar(s);
}

std::vector<Kind> kinds(const std::vector<CalendarStep>& steps) {
  std::vector<Kind> out;
  for (const auto& s : steps) out.push_back(s.kind);
  return out;
}

}  // namespace

TEST_CASE("deadline explain facts: the arithmetic, a pause that moved it and the time left") {
  Fixture x;
  const Calendar cal{CalendarSpec{}};
  x.set(cal, "hash-a", {"dispatch_by", "ticket.sla.household.dispatch_within", ClockKind::calendar, dur("7m"),
                        "created", at("2026-11-23T09:00")});
  deadline::pause(x.db, x.entry, "T1", "waiting_owner", at("2026-11-23T09:03"));
  deadline::resume(x.db, x.entry, cal, "T1", at("2026-11-23T11:03"));
  const auto d = *deadline::find(x.db, "T1", "dispatch_by");
  const Timestamp now = at("2026-11-23T11:05");

  const auto f = deadline::explain_facts(d, x.db, now, cal, "hash-a");
  CHECK(f.deadline.rule == "ticket.sla.household.dispatch_within");
  CHECK(kinds(f.steps) == std::vector<Kind>{Kind::wall_time, Kind::result});
  CHECK(f.steps.back().to == at("2026-11-23T09:07"));
  CHECK_FALSE(f.policy_now_gives);
  CHECK(f.policy_in_force == "hash-a");
  REQUIRE(f.pauses.size() == 1);
  CHECK(f.pauses[0].reason == "waiting_owner");
  CHECK(f.pauses[0].ended_at == at("2026-11-23T11:03"));
  CHECK(f.pauses[0].due_before == at("2026-11-23T09:07"));
  CHECK(f.pauses[0].due_after == at("2026-11-23T11:07"));
  CHECK(f.status.state == deadline::State::due);
  CHECK(f.status.seconds_left == 120);

  const Value v = deadline::explain_value(f, kCst);
  CHECK(v.get("name").as_string() == "dispatch_by");
  CHECK(v.get("clock").as_string() == "calendar");
  CHECK(v.get("start_event").as_string() == "created");
  CHECK(v.get("start_at").as_string() == iso("2026-11-23T09:00"));
  CHECK(v.get("duration").as_string() == "7m");
  const auto& steps = v.get("steps").as_array();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].get("kind").as_string() == "wall_time");
  CHECK(steps[0].get("start_at").as_string() == iso("2026-11-23T09:00"));
  CHECK(steps[0].get("duration").as_string() == "7m");
  CHECK(steps[1].get("kind").as_string() == "result");
  CHECK(steps[1].get("due_at").as_string() == iso("2026-11-23T09:07"));
  CHECK(v.get("policy_now_gives").is_null());
  CHECK(v.get("policy_hash").as_string() == "hash-a");
  const auto& pauses = v.get("pauses").as_array();
  REQUIRE(pauses.size() == 1);
  CHECK(pauses[0].get("ended_at").as_string() == iso("2026-11-23T11:03"));
  CHECK(pauses[0].get("added_seconds").as_int() == 7200);
  CHECK(pauses[0].get("due_after").as_string() == iso("2026-11-23T11:07"));
  CHECK(v.get("due_at").as_string() == iso("2026-11-23T11:07"));
  CHECK(v.get("state").as_string() == "due");
  CHECK(v.get("seconds_left").as_int() == 120);
  CHECK(v.get("seconds_late").is_null());
  CHECK(v.get("met_at").is_null());

  // The compatibility explain() is the narrated facts.
  CHECK(deadline::explain(d, x.db, now, cal, "hash-a", kCst) == render::narrate(f, kCst));
}

TEST_CASE("deadline explain facts: a calendar changed since, a running pause and a missed deadline") {
  Fixture x;
  // Wed 19:58 + 7m of open time over the holiday week: Thu 8 Oct 09:05.
  x.set(office(true), "hash-a", {"dispatch_by", "ticket.sla.household.dispatch_within", ClockKind::business,
                                 dur("7m"), "created", at("2026-09-30T19:58")});
  deadline::pause(x.db, x.entry, "T1", "waiting_parts", at("2026-10-09T10:00"));
  const auto d = *deadline::find(x.db, "T1", "dispatch_by");
  CHECK(d.base_due_at == at("2026-10-08T09:05"));
  const Timestamp now = at("2026-10-09T12:00");

  // Re-run on the policy in force, which has no holidays: it gives Thu 1 Oct; the stored date stands.
  const auto f = deadline::explain_facts(d, x.db, now, office(false), "hash-b");
  CHECK(kinds(f.steps) == std::vector<Kind>{Kind::open_time, Kind::closed_until_opening, Kind::result});
  REQUIRE(f.policy_now_gives);
  CHECK(*f.policy_now_gives == at("2026-10-01T09:05"));
  CHECK(f.policy_in_force == "hash-b");
  REQUIRE(f.pauses.size() == 1);
  CHECK_FALSE(f.pauses[0].ended_at);
  // The running pause adds its open time so far (10:00–12:00) to the effective due time.
  CHECK(f.status.effective_due == at("2026-10-08T11:05"));
  CHECK(f.status.state == deadline::State::missed);

  const Value v = deadline::explain_value(f, kCst);
  CHECK(v.get("policy_now_gives").as_string() == iso("2026-10-01T09:05"));
  CHECK(v.get("policy_hash").as_string() == "hash-a");
  CHECK(v.get("policy_in_force").as_string() == "hash-b");
  const auto& closed = v.get("steps").as_array()[1];
  CHECK(closed.get("kind").as_string() == "closed_until_opening");
  CHECK(closed.get("closed_at").as_string() == iso("2026-09-30T20:00"));
  CHECK(closed.get("continues_at").as_string() == iso("2026-10-01T09:00"));
  const auto& pause = v.get("pauses").as_array()[0];
  CHECK(pause.get("reason").as_string() == "waiting_parts");
  CHECK(pause.get("ended_at").is_null());
  CHECK(pause.get("added_seconds").is_null());
  CHECK(v.get("state").as_string() == "missed");
  CHECK(v.get("seconds_late").as_int() == 24 * 3600 + 55 * 60);

  // On the calendar it was computed with, every holiday is a step.
  const auto g = deadline::explain_facts(d, x.db, now, office(true), "hash-a");
  CHECK_FALSE(g.policy_now_gives);
  const auto g_kinds = kinds(g.steps);
  CHECK(std::count(g_kinds.begin(), g_kinds.end(), Kind::holiday_skipped) == 7);
  const Value w = deadline::explain_value(g, kCst);
  CHECK(w.get("steps").as_array()[1].get("kind").as_string() == "holiday_skipped");
  CHECK(w.get("steps").as_array()[1].get("day").as_string() == "2026-10-01");
}

TEST_CASE("deadline explain facts: an appointment has no steps, pauses after it was met are not listed") {
  Fixture x;
  const Calendar cal{CalendarSpec{}};
  x.set(cal, "hash-a", {"arrive_by", "ticket.appointment", ClockKind::calendar, std::nullopt, "appointment",
                        at("2026-11-23T14:00")});
  deadline::pause(x.db, x.entry, "T1", "waiting_parts", at("2026-11-23T14:10"));
  deadline::resume(x.db, x.entry, cal, "T1", at("2026-11-23T14:40"));
  CHECK(deadline::meet(x.db, x.entry, "T1", "arrive_by", at("2026-11-23T15:30")));
  deadline::pause(x.db, x.entry, "T1", "waiting_owner", at("2026-11-23T16:00"));
  deadline::resume(x.db, x.entry, cal, "T1", at("2026-11-23T17:00"));
  deadline::pause(x.db, x.entry, "T1", "waiting_owner", at("2026-11-23T18:00"));
  const auto d = *deadline::find(x.db, "T1", "arrive_by");

  const auto f = deadline::explain_facts(d, x.db, at("2026-11-24T09:00"), cal, "hash-a");
  CHECK(f.steps.empty());
  REQUIRE(f.pauses.size() == 1);  // the one before the deadline was met
  CHECK(f.pauses[0].started_at == at("2026-11-23T14:10"));
  CHECK(f.pauses[0].due_after == at("2026-11-23T14:30"));
  CHECK(f.status.state == deadline::State::missed);

  const Value v = deadline::explain_value(f, kCst);
  CHECK(v.get("duration").is_null());
  CHECK(v.get("steps").as_array().empty());
  CHECK(v.get("base_due_at").as_string() == iso("2026-11-23T14:00"));
  CHECK(v.get("met_at").as_string() == iso("2026-11-23T15:30"));
  CHECK(v.get("seconds_left").is_null());
  CHECK(v.get("due_at").as_string() == iso("2026-11-23T14:30"));
  CHECK(v.get("seconds_late").as_int() == 60 * 60);
}

TEST_CASE("deadline engine: a pause moves a deadline set during it only by the part after its start (policy.md pauses)") {
  Fixture x;
  const Calendar cal{CalendarSpec{}};
  x.set(cal, "hash-a", {"dispatch_by", "ticket.sla.household.dispatch_within", ClockKind::calendar, dur("7m"),
                        "created", at("2026-11-23T09:00")});
  deadline::pause(x.db, x.entry, "T1", "waiting_parts", at("2026-11-23T10:00"));
  // Its clock starts an hour into the pause (a leak test recorded meanwhile).
  x.set(cal, "hash-a", {"callback_by", "ticket.callback.leak", ClockKind::calendar, dur("3d"), "leak_test",
                        at("2026-11-23T11:00")});
  // While the pause runs, it moves by the paused time since its start only.
  const auto running = deadline::evaluate(*deadline::find(x.db, "T1", "callback_by"), at("2026-11-23T11:30"), cal,
                                          deadline::open_pause(x.db, "T1"));
  CHECK(running.effective_due == at("2026-11-26T11:30"));
  deadline::resume(x.db, x.entry, cal, "T1", at("2026-11-23T12:00"));

  // The deadline that was open the whole pause moves by all of it (2h); the one set during it by 1h.
  CHECK(deadline::find(x.db, "T1", "dispatch_by")->due_at == at("2026-11-23T11:07"));
  const auto cb = *deadline::find(x.db, "T1", "callback_by");
  CHECK(cb.due_at == at("2026-11-26T12:00"));

  // explain lists the pause with what it added, and the listed pauses add up to the due time.
  const auto f = deadline::explain_facts(cb, x.db, at("2026-11-24T09:00"), cal, "hash-a");
  REQUIRE(f.pauses.size() == 1);
  CHECK(f.pauses[0].due_before == at("2026-11-26T11:00"));
  CHECK(f.pauses[0].due_after == cb.due_at);
  CHECK(f.status.effective_due == cb.due_at);

  // A deadline whose clock starts after the pause ended is not moved at all.
  x.set(cal, "hash-a", {"arrive_by", "ticket.appointment", ClockKind::calendar, std::nullopt, "appointment",
                        at("2026-11-23T15:00")});
  deadline::pause(x.db, x.entry, "T1", "waiting_owner", at("2026-11-23T13:00"));
  deadline::resume(x.db, x.entry, cal, "T1", at("2026-11-23T14:00"));
  CHECK(deadline::find(x.db, "T1", "arrive_by")->due_at == at("2026-11-23T15:00"));
  CHECK(deadline::find(x.db, "T1", "callback_by")->due_at == at("2026-11-26T13:00"));
}
