// How a record's deadlines look to people: the soonest open one for list rows and the deadline
// table of `show`, from the `deadline_states` a domain to_value() puts on the record. Shared by
// every noun whose records carry deadlines (complaint; ticket can use it too).
#pragma once

#include <optional>
#include <string>

#include "context.hpp"
#include "svc/deadline.hpp"
#include "svc/value.hpp"

namespace svc::cmd {

// The due_at of the soonest deadline still due (ISO text), if any.
std::optional<std::string> next_due(const Value& deadline_states);
// The "Deadlines" heading and table: name, due, state, met at, time left, rule.
void print_deadlines(Session& s, const Value& deadline_states);
// `explain`: JSON {ref, <key>: {section: [lines]}}, or the heading and each section's lines.
void print_explanations(Session& s, const std::string& ref, const std::string& heading, std::string_view key,
                        const std::vector<deadline::Explanation>& parts);

}  // namespace svc::cmd
