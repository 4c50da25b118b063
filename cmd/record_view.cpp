// The views shared by lifecycle records: show, deadlines, explanations.
#include "record_view.hpp"

#include <fmt/format.h>

#include "svc/deadline.hpp"
#include "svc/duration.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/record.hpp"
#include "svc/render/narrate.hpp"

namespace svc::cmd {

std::int64_t seconds_of(std::string_view option, const std::string& text) {
  std::string why;
  auto d = parse_duration(text, &why);
  auto secs = d ? fixed_seconds(*d) : std::nullopt;
  if (!secs) fail(Exit::usage, "{} '{}' is not a duration such as 30m, 2h or 2d ({})", option, text, why);
  return *secs;
}

std::optional<std::string> next_due(const Value& deadline_states) {
  std::optional<std::string> next;
  for (const auto& [name, st] : deadline_states.as_object())
    if (st.get("state").as_string() == "due" && (!next || st.get("due_at").as_string() < *next))
      next = st.get("due_at").as_string();
  return next;
}

void print_deadlines(Session& s, const Value& deadline_states) {
  std::vector<Value> rows;
  for (const auto& [name, st] : deadline_states.as_object()) {
    Value r = st;
    r.set("name", name);
    if (st.get("seconds_left").is_int()) {
      const auto left = st.get("seconds_left").as_int();
      r.set("left", fmt::format("{}{}", left >= 0 ? "" : "-", deadline::format_span(left)));
    }
    rows.push_back(r);
  }
  s.out() << '\n' << tr("Deadlines") << '\n';
  s.print_list({{"name", std::string(tr("Deadline")), render::Kind::label, 0},
                {"due_at", std::string(tr("Due")), render::Kind::datetime, 0},
                {"state", std::string(tr("State")), render::Kind::label, 0},
                {"met_at", std::string(tr("Met at")), render::Kind::datetime, 0},
                {"left", std::string(tr("Left")), render::Kind::text, 0},
                {"rule", std::string(tr("Rule")), render::Kind::text, 0}},
               rows);
}

void print_lifecycle(Session& s, const std::vector<render::Column>& columns, Value record,
                     const std::function<void()>& sections) {
  const Value events = record::history_value(record::history(s.db(), record.get("ref").as_string()), s.utc_offset());
  if (s.format() == render::Format::json) {
    record.set("events", events);
    s.print_record({}, record);
    return;
  }
  s.print_record(columns, record);
  // A record that carries no deadlines (a patrol round) shows none.
  if (record.has("deadline_states")) print_deadlines(s, record.get("deadline_states"));
  if (sections) sections();
  s.out() << '\n' << tr("History") << '\n';
  s.print_list({{"at", std::string(tr("Time")), render::Kind::datetime, 0},
                {"actor", std::string(tr("By")), render::Kind::staff, 0},
                {"kind", std::string(tr("Event")), render::Kind::label, 0},
                {"to", std::string(tr("Status")), render::Kind::label, 0},
                {"detail", std::string(tr("Detail")), render::Kind::text, 40}},
               events.as_array());
}

void print_explanations(Session& s, const std::string& ref, const std::string& heading, std::string_view key,
                        const std::vector<deadline::Explanation>& parts) {
  if (s.format() == render::Format::json) {
    Value o = Value::object();
    o.set("ref", ref);
    Value d = Value::object();
    for (const auto& p : parts) {
      Value lines = Value::array();
      for (const auto& l : p.lines) lines.push(l);
      d.set(p.name, lines);
    }
    o.set(key, d);
    s.print_record({}, o);
    return;
  }
  s.out() << heading << '\n';
  for (const auto& p : parts) {
    const std::string_view label = tr(p.name);
    s.out() << '\n' << p.name;
    if (label != p.name) s.out() << " (" << label << ")";
    s.out() << '\n';
    for (const auto& l : p.lines) s.out() << "  " << l << '\n';
  }
}

void note_edit(Session& s, const std::string& ref, const Value& facts) {
  for (const auto& line : render::narrate_edit(facts, s.utc_offset())) s.note(fmt::format("{}: {}", ref, line));
}

}  // namespace svc::cmd
