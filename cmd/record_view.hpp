// How a lifecycle record looks to people: `show` (the record, its deadlines, its history), the
// soonest open deadline for list rows, and `explain`. Shared by every noun built on the record
// kit (src/svc/record.hpp).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "context.hpp"
#include "svc/deadline.hpp"
#include "svc/value.hpp"

namespace svc::cmd {

// The due_at of the soonest deadline still due (ISO text), if any.
std::optional<std::string> next_due(const Value& deadline_states);
// A `due` list's --within: a fixed length (30m, 2h, 2d) in seconds; exit 64 naming the option otherwise.
std::int64_t seconds_of(std::string_view option, const std::string& text);
// The "Deadlines" heading and table: name, due, state, met at, time left, rule.
void print_deadlines(Session& s, const Value& deadline_states);
// `show`: JSON is the record with its `events`; a table is the record, its deadlines, the noun's
// own `sections` (escalations, checks, …) and its history, narrated in the reader's language.
void print_lifecycle(Session& s, const std::vector<render::Column>& columns, Value record,
                     const std::function<void()>& sections = {});
// An edit's result on stderr, one note per changed field or moved deadline: "T12: Category: water → electric".
void note_edit(Session& s, const std::string& ref, const Value& facts);
// `explain`: JSON {ref, <key>: {section: [lines]}}, or the heading and each section's lines.
void print_explanations(Session& s, const std::string& ref, const std::string& heading, std::string_view key,
                        const std::vector<deadline::Explanation>& parts);

}  // namespace svc::cmd
