// The annual owner survey (《业主意见征询表》, domain-rules 4.1: 000 L207 每年发放…统计分析, 001 L61):
// the forms collected are imported from a CSV file (all or nothing), summarised per question, and
// their ratings count in the satisfaction rate (visit::satisfaction).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svc/db.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/value.hpp"

namespace svc::survey {

struct Survey {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> questions;
  std::string source, created_by;
  Timestamp created_at = 0;
  std::int64_t responses = 0;
  std::optional<std::string> first_on, last_on;  // the dates on the forms
};

// Per question: how many forms rated it 1..5, how many at or above visit.satisfied_at_or_above.
struct QuestionSummary {
  std::string question;
  std::array<std::int64_t, 5> counts{};
  std::int64_t satisfied = 0, rated = 0;
};
struct Summary {
  Survey survey;
  std::vector<QuestionSummary> questions;  // in the survey's order
  std::int64_t comments = 0;
};

// A survey file: a header of `unit`, `date`, one column per question (the policy's
// visit.survey_questions when it names them, else whatever the header names) and an optional
// `comment`; one row per form, ratings 1..5 or their labels on visit.scale, blank for a question
// left unanswered. Every bad value is reported at once (line, column, value, what is allowed)
// and nothing is written: an unknown unit, a unit twice, a date that is no date or after today, a
// rating outside the scale, a form with no rating and no comment. The survey is named `name`, or
// by the year of its latest form; a name imported already is refused. Needs visit.plan_role.
// Returns the summary of what was (or, in a dry run, would be) imported.
Summary import_csv(Op& op, std::string_view utf8_text, std::string_view source_name,
                   const std::optional<std::string>& name);

std::vector<Survey> list(db::Database& db);
// By name, or by number; exit 66 naming it otherwise.
Survey get(db::Database& db, std::string_view name_or_id);
Summary summarize(db::Database& db, const Policy& policy, const Survey& s);

struct Response {
  std::string unit, answered_on;
  std::vector<std::pair<std::string, int>> answers;  // in the survey's question order
  std::optional<std::string> comment;
  std::int64_t line = 0;
};
std::vector<Response> responses(db::Database& db, const Survey& s);

Value to_value(const Survey& s, int utc_offset);
// {survey…, questions: [{question, r1..r5, satisfied, rated, rate}], comments}
Value to_value(const Summary& s, int utc_offset);
Value to_value(const Response& r, const Survey& s);

}  // namespace svc::survey
