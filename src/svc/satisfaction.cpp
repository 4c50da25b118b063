// The satisfaction rate (业户满意率 ≥ 85%, domain-rules 4.4, 8): one function, the figure every
// command and report shows, from the ratings of callbacks, outreach visits and survey answers.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/render/render.hpp"
#include "svc/strings.hpp"
#include "svc/visit.hpp"

namespace svc::visit {

Satisfaction satisfaction(db::Database& db, const Policy& policy, Date from, Date to) {
  if (to < from) fail(Exit::usage, "the period ends on {} before it starts on {}", format_date(to), format_date(from));
  const int off = policy.site.utc_offset;
  Satisfaction s;
  s.from = from;
  s.to = to;
  s.satisfied_at_or_above = policy.visit.satisfied_at_or_above;
  std::map<std::string, Tally> kinds;
  // Callbacks and visits by the day they were made; dunning visits carry no satisfaction rating.
  {
    auto& st = db.cached(
        "SELECT CASE WHEN kind = 'callback' THEN CASE substr(subject, 1, 1) WHEN 'T' THEN 'repair_callback' "
        "WHEN 'C' THEN 'complaint_callback' END ELSE kind END AS rate_kind, "
        "sum(rating >= :at), count(*) FROM visit WHERE rating IS NOT NULL AND kind <> 'dunning' "
        "AND done_at >= :from AND done_at < :to GROUP BY rate_kind");
    st.bind(":at", s.satisfied_at_or_above).bind(":from", local_to_timestamp(from, 0, off));
    st.bind(":to", local_to_timestamp(civil_from_days(days_from_civil(to) + 1), 0, off));
    while (st.step()) {
      if (st.is_null(0)) continue;  // a callback for no ticket or complaint
      Tally& t = kinds[st.text(0)];
      t.satisfied += st.integer(1);
      t.rated += st.integer(2);
    }
  }
  // Survey answers by the date on the form, per question; the survey kind is their sum.
  std::map<std::string, Tally> questions;
  std::vector<std::string> order;  // the policy's questions, then each survey's in its order
  for (const auto& q : policy.visit.survey_questions) {
    order.push_back(q);
    questions[q];
  }
  {
    auto& st = db.cached(
        "SELECT j.key, sum(j.value >= :at), count(*) FROM survey_response r, json_each(r.answers) j "
        "WHERE r.answered_on >= :from AND r.answered_on <= :to GROUP BY j.key");
    st.bind(":at", s.satisfied_at_or_above).bind(":from", format_date(from)).bind(":to", format_date(to));
    while (st.step()) {
      Tally& t = questions[st.text(0)];
      t.satisfied += st.integer(1);
      t.rated += st.integer(2);
    }
  }
  {
    auto& st = db.cached(
        "SELECT q.value FROM survey s, json_each(s.questions) q WHERE s.id IN (SELECT survey_id FROM survey_response "
        "WHERE answered_on >= :from AND answered_on <= :to) ORDER BY s.id, q.key");
    st.bind(":from", format_date(from)).bind(":to", format_date(to));
    while (st.step()) {
      const std::string q = st.text(0);
      if (!contains(order, q) && questions.count(q)) order.push_back(q);
    }
  }
  Tally& survey = kinds["survey"];
  for (const auto& q : order) {
    const Tally& t = questions[q];
    survey.satisfied += t.satisfied;
    survey.rated += t.rated;
    s.questions.emplace_back(q, t);
  }
  for (const auto& k : kRateKinds) {
    const Tally& t = kinds[k];
    s.total.satisfied += t.satisfied;
    s.total.rated += t.rated;
    s.kinds.emplace_back(k, t);
  }
  return s;
}

Value to_value(const Satisfaction& s, const Policy& policy) {
  const auto target = policy.targets.find("satisfaction_rate");
  auto row = [](std::string_view key, const std::string& name, const Tally& t) {
    Value v = Value::object();
    v.set(key, name);
    v.set("satisfied", Value(static_cast<long long>(t.satisfied)));
    v.set("rated", Value(static_cast<long long>(t.rated)));
    v.set("rate", fee::ratio(t.satisfied, t.rated));  // satisfied / rated
    return v;
  };
  Value v = Value::object();
  v.set("schema", render::kJsonSchema);
  v.set("from", format_date(s.from));
  v.set("to", format_date(s.to));
  v.set("satisfied_at_or_above", s.satisfied_at_or_above);
  Value kinds = Value::array(), questions = Value::array();
  for (const auto& [k, t] : s.kinds) kinds.push(row("kind", k, t));
  for (const auto& [q, t] : s.questions) questions.push(row("question", q, t));
  v.set("kinds", std::move(kinds));
  v.set("questions", std::move(questions));
  Value total = row("kind", "total", s.total);
  total.as_object().erase(total.as_object().begin());  // the total is no kind
  if (target != policy.targets.end()) {
    total.set("target", Fixed{target->second, 6});
    // Met when satisfied / rated >= target, compared exactly: satisfied × 10⁶ >= target × rated.
    total.set("met", s.total.rated > 0 ? Value(s.total.satisfied * 1'000'000 >= target->second * s.total.rated) : Value());
  } else {
    total.set("target", Value());
    total.set("met", Value());
  }
  v.set("total", std::move(total));
  return v;
}

}  // namespace svc::visit
