// Facts stored, words rendered: the history of a record and the reasons behind automatic steps
// (escalations, reopenings) are stored as structured facts — {"rating": 2, "threshold": 2} — and
// narrated here, at read time, in the reader's language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "svc/value.hpp"

namespace svc::render {

// A stored event detail as text: facts (a JSON object) narrated for the event `kind`; older free
// text, stored before facts were, is shown as it is.
std::string narrate_event(std::string_view kind, std::string_view stored, int utc_offset);

// A reason: facts with a "code" (class, ladder, upgrade, route, route_none, manual) or
// {rating, threshold} for a low callback; older free text as it is.
std::string narrate_reason(const Value& facts);
std::string narrate_stored_reason(std::string_view stored);

// An edit's facts ({changes: [{field, from, to}], deadlines: [{name, from, to}]}), one line per
// changed field or moved deadline — "Category: water → electric" — in the reader's language.
std::vector<std::string> narrate_edit(const Value& facts, int utc_offset);

// The facts of a stored detail or reason: the parsed object, or null for free text.
Value stored_facts(std::string_view stored);
// How a dunning home visit ended (met, promised, refused, nobody_home), in the reader's language.
std::string visit_outcome(std::string_view code);

}  // namespace svc::render
