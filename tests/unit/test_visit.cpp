// The satisfaction rate (业户满意率, domain-rules 4.4, 8) computed in one place, straight on the
// tables: kinds, questions, the period's edges at the site's midnight, the threshold of the
// policy, dunning visits left out; and the rating parser behind `visit log` and the survey import.
#include <doctest/doctest.h>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/migrate.hpp"
#include "svc/policy.hpp"
#include "svc/visit.hpp"

using namespace svc;

namespace {

struct Estate {
  db::Database db = db::Database::memory();
  Policy policy = load_policy(std::nullopt);
  int off = 0;
  Estate() {
    db::migrate(db);
    off = policy.site.utc_offset;
    db.exec("INSERT INTO unit (id, code, building, room, area_centi, status, created_at, updated_at) "
            "VALUES (1, '1-1-101', '1', '101', 9000, 'occupied', 0, 0), (2, '1-1-102', '1', '102', 9000, 'rented', 0, 0)");
  }
  // A visit made at local `time` ("2026-11-01T00:00") with `rating`.
  void visit(const std::string& kind, const std::optional<std::string>& subject, const std::string& time, int rating) {
    auto st = db.prepare(
        "INSERT INTO visit (kind, subject, unit_id, done_at, method, rating, by_login, created_at) "
        "VALUES (:kind, :subject, 1, :at, 'phone', :rating, 'tester', :at)");
    st.bind(":kind", kind).bind(":subject", subject).bind(":at", *parse_time(time, off)).bind(":rating", rating).run();
  }
  void form(int unit, const std::string& on, const std::string& answers) {
    auto st = db.prepare(
        "INSERT INTO survey_response (survey_id, unit_id, answered_on, answers, line, created_at) "
        "VALUES (1, :unit, :on, :answers, 2, 0)");
    st.bind(":unit", unit).bind(":on", on).bind(":answers", answers).run();
  }
};

std::pair<std::int64_t, std::int64_t> of(const visit::Satisfaction& s, const std::string& kind) {
  for (const auto& [k, t] : s.kinds)
    if (k == kind) return {t.satisfied, t.rated};
  FAIL("no kind " << kind);
  return {};
}

}  // namespace

TEST_CASE("satisfaction rate domain-rules 4.4: ratings at or above the threshold over all ratings, by kind and question") {
  Estate e;
  e.visit("callback", "T1", "2026-11-01T00:00", 5);   // the first second of the period
  e.visit("callback", "T2", "2026-11-15T10:00", 3);
  e.visit("callback", "C1", "2026-11-30T23:59", 4);   // the last minute of the period
  e.visit("outreach", std::nullopt, "2026-11-10T10:00", 2);
  e.visit("survey", std::nullopt, "2026-11-11T10:00", 4);  // a planned survey visit counts as survey
  e.visit("dunning", std::nullopt, "2026-11-12T10:00", 5);  // never counted
  e.visit("callback", "T3", "2026-10-31T23:59", 5);   // before
  e.visit("callback", "T4", "2026-12-01T00:00", 1);   // after
  e.db.exec("INSERT INTO survey (id, name, questions, source, created_by, created_at) "
            "VALUES (1, '2026', '[\"服务态度\",\"维修质量\"]', 's.csv', 'tester', 0)");
  e.form(1, "2026-11-30", R"({"服务态度": 5, "维修质量": 3})");
  e.form(2, "2026-12-01", R"({"服务态度": 1})");  // after: not counted

  const auto s = visit::satisfaction(e.db, e.policy, Date{2026, 11, 1}, Date{2026, 11, 30});
  CHECK(of(s, "repair_callback") == std::pair<std::int64_t, std::int64_t>{1, 2});
  CHECK(of(s, "complaint_callback") == std::pair<std::int64_t, std::int64_t>{1, 1});
  CHECK(of(s, "outreach") == std::pair<std::int64_t, std::int64_t>{0, 1});
  CHECK(of(s, "survey") == std::pair<std::int64_t, std::int64_t>{2, 3});  // the visit and the two answers
  REQUIRE(s.kinds.size() == 4);
  REQUIRE(s.questions.size() == 2);
  CHECK(s.questions[0].first == "服务态度");
  CHECK(s.questions[0].second.satisfied == 1);
  CHECK(s.questions[1].second.rated == 1);
  CHECK(s.total.satisfied == 4);
  CHECK(s.total.rated == 7);
  // The figure with its target: 4/7 is below 85%.
  const auto v = visit::to_value(s, e.policy);
  CHECK(v.get("total").get("met").as_bool() == false);
  CHECK(v.get("total").get("rated").as_int() == 7);

  // The threshold is the policy's.
  Policy strict = e.policy;
  strict.visit.satisfied_at_or_above = 5;
  CHECK(visit::satisfaction(e.db, strict, Date{2026, 11, 1}, Date{2026, 11, 30}).total.satisfied == 2);
  // Nothing rated: no rate, and no verdict on the target.
  const auto empty = visit::satisfaction(e.db, e.policy, Date{2025, 1, 1}, Date{2025, 1, 31});
  CHECK(empty.total.rated == 0);
  CHECK(visit::to_value(empty, e.policy).get("total").get("rate").is_null());
  CHECK(visit::to_value(empty, e.policy).get("total").get("met").is_null());
}

TEST_CASE("visit ratings domain-rules 1.10: a number 1..5 or a label of the policy's scale") {
  const Policy p = load_policy(std::nullopt);
  CHECK(visit::parse_rating(p, "1") == 1);
  CHECK(visit::parse_rating(p, "5") == 5);
  CHECK(visit::parse_rating(p, "满意") == 4);
  CHECK(visit::parse_rating(p, "极不满意") == 1);
  CHECK_FALSE(visit::parse_rating(p, "0"));
  CHECK_FALSE(visit::parse_rating(p, "6"));
  CHECK_FALSE(visit::parse_rating(p, "45"));
  CHECK_FALSE(visit::parse_rating(p, ""));
  CHECK_FALSE(visit::parse_rating(p, "good"));
  CHECK(visit::scale_text(p) == "1 极不满意, 2 不满意, 3 一般, 4 满意, 5 非常满意");
}
