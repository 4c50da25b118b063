// The explain narrator: the calendar and the deadline engine compute facts (CalendarStep,
// deadline::ExplainFacts); this puts them into words in the reader's language (tr()) when they
// are printed, so the same facts read in Chinese or English (and go to JSON untouched).
#pragma once

#include <string>
#include <vector>

#include "svc/calendar.hpp"
#include "svc/deadline.hpp"

namespace svc::render {

// Closed, skipped and make-up days are listed one per line up to this many in a row; one line
// then stands for the rest, which would bury the arithmetic.
inline constexpr int kMaxClosedDayLines = 12;

// One step as a line, e.g. "skips 2026-10-01 (Thu), holiday"; times at utc_offset.
std::string narrate(const CalendarStep& step, int utc_offset);
// One line per step, a run of closed-day lines capped at kMaxClosedDayLines.
std::vector<std::string> narrate(const std::vector<CalendarStep>& steps, int utc_offset);
// A deadline's `explain` lines: rule and clock, start, the steps (indented), a changed policy,
// each pause, due and state.
std::vector<std::string> narrate(const deadline::ExplainFacts& facts, int utc_offset);

}  // namespace svc::render
