// The annual owner survey: import (all or nothing), list, per-question summary, the forms.
#include "svc/survey.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "svc/csv.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/problems.hpp"
#include "svc/record.hpp"
#include "svc/strings.hpp"
#include "svc/visit.hpp"

namespace svc::survey {
namespace {

// The survey file's own columns; every other column is a question.
constexpr std::string_view kFixed[] = {"unit", "date", "comment"};

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Headed in English or as the office heads them (房号, 日期, 意见).
bool is_fixed(std::string_view column) {
  return contains(kFixed, lower_trimmed(column)) || column_named(lower_trimmed(column), {"unit", "date", "comment"});
}

std::vector<std::string> strings_of(const Value& array) {
  std::vector<std::string> out;
  if (array.is_array())
    for (const auto& v : array.as_array())
      if (v.is_string()) out.push_back(v.as_string());
  return out;
}

constexpr std::string_view kSelect =
    "SELECT s.id, s.name, s.questions, s.source, s.created_by, s.created_at, count(r.id), min(r.answered_on), "
    "max(r.answered_on) FROM survey s LEFT JOIN survey_response r ON r.survey_id = s.id";

Survey read(db::Statement& st) {
  Survey s;
  s.id = st.integer(0);
  s.name = st.text(1);
  s.questions = strings_of(parse_json(st.text(2)));
  s.source = st.text(3);
  s.created_by = st.text(4);
  s.created_at = st.integer(5);
  s.responses = st.integer(6);
  s.first_on = st.opt_text(7);
  s.last_on = st.opt_text(8);
  return s;
}

std::optional<Survey> find_by(db::Database& db, std::string_view condition, const std::string& param,
                              const record::Cell& value) {
  auto st = db.prepare(std::string(kSelect) + " WHERE " + std::string(condition) + " GROUP BY s.id");
  record::bind_cell(st, param, value);
  if (!st.step()) return std::nullopt;
  return read(st);
}

}  // namespace

Summary import_csv(Op& op, std::string_view utf8_text, std::string_view source_name,
                   const std::optional<std::string>& name) {
  op.require_role(op.policy.visit.plan_role, tr("visit survey import"));
  auto& db = op.db;
  const Policy& policy = op.policy;
  if (name && (name->empty() || name->size() > 64))
    fail(Exit::usage, "--name '{}' must be 1 to 64 characters", *name);
  // The questions: those the policy names, or the header's columns besides unit, date, comment.
  std::vector<std::string> optional = policy.visit.survey_questions;
  if (optional.empty()) {
    const auto records = parse_csv(utf8_text, source_name);
    if (!records.empty())
      for (const auto& f : records.front().fields) {
        std::string_view t = f;
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
        if (!t.empty() && !is_fixed(t) && !contains(optional, t)) optional.emplace_back(t);
      }
  }
  optional.emplace_back("comment");
  const CsvTable table = read_csv_table(utf8_text, source_name, {"unit", "date"}, optional);
  std::vector<std::string> questions;
  for (const auto& column : table.header)
    if (!column.empty() && !is_fixed(column)) questions.push_back(column);
  if (questions.empty()) {
    if (policy.visit.survey_questions.empty())
      fail(Exit::data_error, "{}: no question column: the first line names unit, date, one column per question and "
           "optionally comment", source_name);
    fail(Exit::data_error, "{}: no question column: the first line names unit, date, one column per question (policy "
         "visit.survey_questions: {}) and optionally comment", source_name, join(policy.visit.survey_questions));
  }

  // Every unit the file names, read at once.
  std::map<std::string, std::int64_t> units;
  {
    std::vector<std::string> codes;
    for (const auto& r : table.rows) codes.push_back(table.field(r, "unit"));
    auto& st = db.cached("SELECT code, id FROM unit WHERE code IN (SELECT value FROM json_each(:codes))");
    st.bind(":codes", json_list(codes));
    while (st.step()) units[st.text(0)] = st.integer(1);
  }
  const Date today = local_date(op.now, op.utc_offset());
  Problems problems{std::string(source_name)};
  struct Form {
    int line;
    std::int64_t unit_id;
    Date date;
    Value answers;
    std::optional<std::string> comment;
  };
  std::vector<Form> forms;
  std::map<std::string, int> seen;  // unit → the line of its form
  for (const auto& r : table.rows) {
    const std::string& code = table.field(r, "unit");
    const std::string& date_text = table.field(r, "date");
    const std::string& comment = table.field(r, "comment");
    bool good = true;
    auto bad = [&](std::string_view column, std::string_view value, std::string_view format, auto&&... args) {
      problems.add(r.line, column, value, format, args...);
      good = false;
    };
    if (code.empty()) bad("unit", code, "is required: the unit of the form, e.g. 1-1-102");
    else if (!units.count(code)) bad("unit", code, "unknown unit (see 'svc unit list')");
    else if (auto it = seen.find(code); it != seen.end()) bad("unit", code, "a second form for this unit (the first is on line {})", it->second);
    else seen[code] = r.line;
    const auto date = parse_date(date_text);
    if (date_text.empty()) bad("date", date_text, "is required: the date on the form, YYYY-MM-DD");
    else if (!date) bad("date", date_text, "is not a date (expected YYYY-MM-DD, e.g. 2026-11-20)");
    else if (*date > today) bad("date", date_text, "is after today ({})", format_date(today));
    Value answers = Value::object();
    bool rated = false;
    for (const auto& q : questions) {
      const std::string& text = table.field(r, q);
      if (text.empty()) continue;  // not answered
      if (const auto rating = visit::parse_rating(policy, text)) {
        answers.set(q, *rating);
        rated = true;
      } else {
        bad(q, text, "is not a rating (allowed: {}, by number or name; blank when not answered)",
            visit::scale_text(policy));
        rated = true;  // answered, wrongly: reported once
      }
    }
    if (!rated && comment.empty())
      bad(questions.front(), "",
          "the form has no rating and no comment (a form returned blank): give a rating ({}) or a comment, or leave the "
          "row out", visit::scale_text(policy));
    if (good)
      forms.push_back(Form{r.line, units[code], *date, std::move(answers),
                           comment.empty() ? std::nullopt : std::optional<std::string>(comment)});
  }
  problems.raise_if_any();
  if (forms.empty()) fail(Exit::data_error, "{}: no forms: the file has its header and no row", source_name);

  Date latest = forms.front().date;
  for (const auto& f : forms) latest = std::max(latest, f.date);
  const std::string survey_name = name ? *name : std::to_string(latest.year);
  if (find_by(db, "s.name = :name", ":name", survey_name))
    fail(Exit::data_error, "survey '{}' was imported already (see 'svc visit survey show {}'); give another --name",
         survey_name, survey_name);
  op.entry.set_entity("survey:" + survey_name);
  Value question_list = Value::array();
  for (const auto& q : questions) question_list.push(q);
  auto& ins = db.cached(
      "INSERT INTO survey (name, questions, source, created_by, created_at) VALUES (:name, :q, :source, :by, :now)");
  ins.bind(":name", survey_name).bind(":q", to_json(question_list, false)).bind(":source", source_name);
  ins.bind(":by", op.login()).bind(":now", op.now).run();
  const std::int64_t survey_id = db.last_insert_id();
  op.entry.after(db, "survey", survey_id);
  for (const auto& f : forms) {
    auto& form = db.cached(  // handed out reset, ready for this form's values
        "INSERT INTO survey_response (survey_id, unit_id, answered_on, answers, comment, line, created_at) "
        "VALUES (:s, :unit, :on, :answers, :comment, :line, :now)");
    form.bind(":s", survey_id).bind(":unit", f.unit_id).bind(":on", format_date(f.date));
    form.bind(":answers", to_json(f.answers, false)).bind(":comment", f.comment).bind(":line", f.line);
    form.bind(":now", op.now).run();
    op.entry.after(db, "survey_response", db.last_insert_id());
  }
  return summarize(db, policy, get(db, survey_name));
}

std::vector<Survey> list(db::Database& db) {
  auto st = db.prepare(std::string(kSelect) + " GROUP BY s.id ORDER BY s.id");
  std::vector<Survey> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

Survey get(db::Database& db, std::string_view name_or_id) {
  if (auto s = find_by(db, "s.name = :name", ":name", std::string(name_or_id))) return *s;
  if (auto id = record::parse_id(name_or_id, 'S'))
    if (auto s = find_by(db, "s.id = :id", ":id", *id)) return *s;
  fail(Exit::no_input, "unknown survey '{}' (see 'svc visit survey list')", name_or_id);
}

Summary summarize(db::Database& db, const Policy& policy, const Survey& s) {
  Summary out;
  out.survey = s;
  std::map<std::string, QuestionSummary> by;
  auto& st = db.cached(
      "SELECT j.key, j.value, count(*) FROM survey_response r, json_each(r.answers) j WHERE r.survey_id = :s "
      "GROUP BY j.key, j.value");
  st.bind(":s", s.id);
  while (st.step()) {
    const auto rating = st.integer(1);
    if (rating < 1 || rating > 5) continue;
    auto& q = by[st.text(0)];
    q.counts[static_cast<std::size_t>(rating - 1)] += st.integer(2);
    q.rated += st.integer(2);
    if (rating >= policy.visit.satisfied_at_or_above) q.satisfied += st.integer(2);
  }
  for (const auto& name : s.questions) {
    QuestionSummary q = by[name];
    q.question = name;
    out.questions.push_back(q);
  }
  auto& c = db.cached("SELECT count(*) FROM survey_response WHERE survey_id = :s AND comment IS NOT NULL");
  c.bind(":s", s.id);
  c.step();
  out.comments = c.integer(0);
  c.reset();
  return out;
}

std::vector<Response> responses(db::Database& db, const Survey& s) {
  auto& st = db.cached(
      "SELECT u.code, r.answered_on, r.answers, r.comment, r.line FROM survey_response r JOIN unit u ON u.id = r.unit_id "
      "WHERE r.survey_id = :s ORDER BY r.line");
  st.bind(":s", s.id);
  std::vector<Response> out;
  while (st.step()) {
    Response r{st.text(0), st.text(1), {}, st.opt_text(3), st.integer(4)};
    const Value answers = parse_json(st.text(2));
    for (const auto& q : s.questions)
      if (answers.get(q).is_int()) r.answers.emplace_back(q, static_cast<int>(answers.get(q).as_int()));
    out.push_back(std::move(r));
  }
  return out;
}

Value to_value(const Survey& s, int utc_offset) {
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(s.id)));
  v.set("name", s.name);
  Value qs = Value::array();
  for (const auto& q : s.questions) qs.push(q);
  v.set("questions", std::move(qs));
  v.set("responses", Value(static_cast<long long>(s.responses)));
  v.set("first_on", s.first_on);
  v.set("last_on", s.last_on);
  v.set("source", s.source);
  v.set("by", s.created_by);
  v.set("created_at", format_iso(s.created_at, utc_offset));
  return v;
}

Value to_value(const Summary& s, int utc_offset) {
  Value v = to_value(s.survey, utc_offset);
  Value rows = Value::array();
  for (const auto& q : s.questions) {
    Value r = Value::object();
    r.set("question", q.question);
    for (std::size_t i = 0; i < q.counts.size(); ++i)
      r.set(fmt::format("rating_{}", i + 1), Value(static_cast<long long>(q.counts[i])));
    r.set("satisfied", Value(static_cast<long long>(q.satisfied)));
    r.set("rated", Value(static_cast<long long>(q.rated)));
    r.set("rate", fee::ratio(q.satisfied, q.rated));  // satisfied / rated
    rows.push(std::move(r));
  }
  v.set("summary", std::move(rows));
  v.set("comments", Value(static_cast<long long>(s.comments)));
  return v;
}

Value to_value(const Response& r, const Survey& s) {
  Value v = Value::object();
  v.set("unit", r.unit);
  v.set("date", r.answered_on);
  for (const auto& q : s.questions) {
    Value rating;
    for (const auto& [name, value] : r.answers)
      if (name == q) rating = Value(value);
    v.set(q, rating);
  }
  v.set("comment", r.comment);
  v.set("line", Value(static_cast<long long>(r.line)));
  return v;
}

}  // namespace svc::survey
