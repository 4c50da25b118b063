// Narration of stored facts: event details and reasons, in the reader's language.
#include "svc/render/narrate.hpp"

#include <fmt/format.h>

#include <optional>

#include "svc/clock.hpp"
#include "svc/deadline.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/money.hpp"

namespace svc::render {

// How a dunning home visit ended (domain-rules 3.5); its own words: "met" is also a deadline's state.
std::string visit_outcome(std::string_view code) {
  if (code == "met") return std::string(tr("met the owner"));
  if (code == "promised") return std::string(tr("promised to pay"));
  if (code == "refused") return std::string(tr("refused to pay"));
  if (code == "nobody_home") return std::string(tr("nobody home"));
  return std::string(code);
}

namespace {

std::string text(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_int()) return std::to_string(v.as_int());
  return {};
}

// A code the reader sees in their language: statuses, levels, methods, pause reasons.
std::string label(const Value& v) { return v.is_string() ? std::string(tr(v.as_string())) : text(v); }

template <class... Args>
std::string say(std::string_view format, Args&&... args) {
  return fmt::vformat(tr(format), fmt::make_format_args(args...));
}

std::string when(const Value& v, int off) { return v.is_int() ? format_local(v.as_int(), off) : text(v); }

// "from → to: why" for a level change.
std::string level_change(const Value& f) {
  std::string out = fmt::format("{} → {}", label(f.get("from")), label(f.get("to")));
  if (f.has("why")) out += ": " + narrate_reason(f.get("why"));
  return out;
}

// What a finding opened: " → T4", " → X2", or nothing.
std::string opened(const Value& f) {
  if (f.has("ticket")) return " → " + text(f.get("ticket"));
  if (f.has("violation")) return " → " + text(f.get("violation"));
  return {};
}

// Patrol rounds and violations (domain-rules 5, 6); nullopt for any other kind.
std::optional<std::string> patrol_text(std::string_view kind, const Value& f, int off) {
  if (kind == "started") {
    std::string out = text(f.get("route"));
    if (f.has("building")) out += " " + say("building {}", text(f.get("building")));
    if (f.has("planned_for")) out += " · " + say("planned for {}", when(f.get("planned_for"), off));
    if (f.has("by")) out += " · " + say("walked by {}", text(f.get("by")));
    if (f.has("walked_at")) out += " · " + say("walked at {}", when(f.get("walked_at"), off));
    return out;
  }
  if (kind == "rain_round") return text(f.get("origin")) == "rain_before" ? std::string(tr("before heavy rain")) : std::string(tr("after heavy rain"));
  if (kind == "issue") {
    std::string out = fmt::format("{}: {}{}", text(f.get("point")), label(f.get("action")), opened(f));
    if (f.has("smell")) out += " · " + std::string(tr("smell of gas or burning: tell security (保安部) now"));
    else if (f.has("urgent")) out += " · " + std::string(tr("urgent"));
    return out;
  }
  if (kind == "finished")
    return say("ok {}, issues {}, missed {}", text(f.get("ok")), text(f.get("issues")), text(f.get("missed")));
  if (kind == "settled") {
    std::string out = fmt::format("{}: {}{}", text(f.get("point")), label(f.get("action")), opened(f));
    if (f.has("note")) out += " — " + text(f.get("note"));
    return out;
  }
  if (kind == "recorded") return say("typed in from {} ({} rows)", text(f.get("source")), text(f.get("rows")));
  if (kind == "patrol_finding") return say("found on patrol round {} at point {}", text(f.get("round")), text(f.get("point")));
  if (kind == "acted") {
    std::string out = label(f.get("action"));
    if (f.has("by")) out += " " + say("by {}", text(f.get("by")));
    if (f.get("amount_fen").is_int()) out += " " + say("{} yuan", format_yuan(f.get("amount_fen").as_int()));
    if (f.has("note")) out += ": " + text(f.get("note"));
    if (f.has("awaiting_signature")) out += " (" + std::string(tr("awaiting signature")) + ")";
    return out;
  }
  if (kind == "signed") {
    std::string out;
    if (f.get("actions").is_array())
      for (const auto& a : f.get("actions").as_array()) out += (out.empty() ? "" : ", ") + label(a);
    return say("signed: {}", out);
  }
  if (kind == "reinspected") {
    std::string out = label(f.get("result"));
    if (f.has("note")) out += " — " + text(f.get("note"));
    return out;
  }
  return std::nullopt;
}

// The heading of an edited field, as the record's `show` names it.
std::string field_label(std::string_view field) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"scope", "Scope"},         {"unit", "Unit"},         {"location", "Location"},
      {"category", "Category"},   {"description", "Problem"}, {"reporter", "Reporter"},
      {"phone", "Phone"},         {"appointment_at", "Appointment"}, {"subject", "Subject"},
      {"details", "Details"},     {"complainant", "Complainant"}, {"requested_by", "Requested by"}};
  for (const auto& [key, heading] : kLabels)
    if (key == field) return std::string(tr(heading));
  return std::string(field);
}

// An edited value: times (stored as seconds) in local time, codes in the reader's language.
std::string field_value(std::string_view field, const Value& v, int off) {
  if (v.is_null()) return "-";
  if (v.is_int()) return when(v, off);
  if (field == "scope" || field == "category") return label(v);
  return text(v);
}

std::string event_text(std::string_view kind, const Value& f, int off) {
  if (kind == "created") {
    if (f.has("subject"))
      return fmt::format("{} · {} · {}", label(f.get("kind")), label(f.get("severity")), text(f.get("subject")));
    return text(f.get("description"));
  }
  if (kind == "dispatched") return text(f.get("to"));
  if (kind == "reassigned") return fmt::format("{} → {}", f.has("from") ? text(f.get("from")) : "-", text(f.get("to")));
  if (kind == "undispatched") {
    std::string out = say("taken back from {}", text(f.get("from")));
    if (f.has("reason")) out += " — " + text(f.get("reason"));
    return out;
  }
  if (kind == "edited") {
    std::string out;
    for (const auto& line : narrate_edit(f, off)) out += (out.empty() ? "" : "; ") + line;
    return out;
  }
  if (kind == "cancelled" && f.has("grace"))
    return text(f.get("reason")) + " " + say("(by its creator within {} of intake)", text(f.get("grace")));
  if (kind == "leak_test") return when(f.get("at"), off);
  if (kind == "charge_changed" && f.get("from_fen").is_int() && f.get("to_fen").is_int())
    return say("charge {} → {} yuan", format_yuan(f.get("from_fen").as_int()), format_yuan(f.get("to_fen").as_int()));
  if (kind == "waiting" || kind == "resumed") return label(f.get("reason"));
  if (kind == "no_answer") {
    std::string out = fmt::format("{} {}", tr("next visit"), when(f.get("next"), off));
    if (f.has("note")) out += " — " + text(f.get("note"));
    return out;
  }
  // A callback is a call the centre makes (去电), not one it receives (来电): its own words.
  if (kind == "callback")
    return fmt::format("{} {}/5", text(f.get("method")) == "onsite" ? tr("callback by onsite") : tr("callback by phone"),
                       text(f.get("rating")));
  // The steps of a planned visit (domain-rules 4), and what a visit found (1.9, 2.7).
  if (kind == "visited" || kind == "nobody_home") {
    std::string out(text(f.get("method")) == "onsite" ? tr("visited onsite") : tr("visited by phone"));
    if (f.has("rating")) out += fmt::format(" · {}/5", text(f.get("rating")));
    if (f.has("promised_by")) out += " · " + say("promised to pay by {}", text(f.get("promised_by")));
    else if (f.has("outcome")) out += " · " + visit_outcome(text(f.get("outcome")));
    if (kind == "nobody_home") out += " · " + say("nobody home, next visit {}", text(f.get("next")));
    if (f.has("note")) out += " — " + text(f.get("note"));
    return out;
  }
  if (kind == "opened") return say("opened {}", text(f.has("ticket") ? f.get("ticket") : f.get("complaint")));
  if (kind == "from_visit") return say("found on {} ({})", text(f.get("visit")), label(f.get("kind")));
  // The result told to the complainant after resolution (domain-rules 2.4).
  if (kind == "notified") {
    std::string out(text(f.get("method")) == "in_person" ? tr("result told in person") : tr("result told by phone"));
    if (f.has("note")) out += " — " + text(f.get("note"));
    return out;
  }
  // The reception log (domain-rules 7): a contact as taken, its reply, its message passed on.
  if (kind == "logged") {
    std::string out = fmt::format("{} · {}", label(f.get("kind")), label(f.get("channel")));
    if (f.has("answered")) out += " · " + std::string(tr("answered on the spot"));
    if (f.has("opened")) out += " → " + text(f.get("opened"));
    if (f.has("for")) out += " · " + say("message for {}", text(f.get("for")));
    if (f.has("routed_to")) out += " · " + say("reported to {} ({})", text(f.get("routed_to")), text(f.get("dept")));
    if (f.has("reply_by")) out += " · " + say("reply promised by {}", when(f.get("reply_by"), off));
    return out;
  }
  if (kind == "replied" || kind == "passed") {
    std::string out = kind == "passed" && f.has("to") ? say("passed on to {}", text(f.get("to"))) : std::string();
    if (f.has("note")) out += (out.empty() ? "" : " — ") + text(f.get("note"));
    if (f.get("late_seconds").is_int())
      out += " " + say("({} late)", deadline::format_span(f.get("late_seconds").as_int()));
    return out;
  }
  if (kind == "from_desk") return say("taken at the front desk as {}", text(f.get("contact")));
  if (kind == "reopened") {
    std::string out = narrate_reason(f);
    if (f.has("to")) out += fmt::format(" (→ {})", text(f.get("to")));
    return out;
  }
  if (kind == "closed") {
    if (f.has("retain_until")) return say("kept until {} ({})", text(f.get("retain_until")), text(f.get("rule")));
    if (f.has("answered")) return std::string(tr("inquiry answered"));
    if (f.has("no_callback")) return fmt::format("{}: {}", tr("without callback"), text(f.get("reason")));
    return {};
  }
  if (kind == "classified") {
    std::string out;
    if (f.get("changes").is_array())
      for (const auto& c : f.get("changes").as_array())
        out += (out.empty() ? "" : ", ") +
               fmt::format("{}: {} → {}", text(c.get("field")), c.has("from") ? text(c.get("from")) : "-",
                           c.has("to") ? text(c.get("to")) : "-");
    if (f.has("reason")) out += " — " + text(f.get("reason"));
    return out;
  }
  if (kind == "assigned") {
    std::string out = text(f.get("dept"));
    if (f.has("owner")) out += fmt::format(" · {} → {}", text(f.get("from")), text(f.get("owner")));
    return out;
  }
  if (kind == "upgraded" && f.get("missed").is_array()) {
    std::string missed;
    for (const auto& m : f.get("missed").as_array())
      missed += (missed.empty() ? "" : ", ") + fmt::format("{} {}", label(m.get("name")), when(m.get("due_at"), off));
    return level_change(f) + " — " + say("missed under the old class: {}", missed);
  }
  if (kind == "escalated" || kind == "routed" || kind == "upgraded") {
    if (f.has("from")) return level_change(f);
    return f.has("why") ? narrate_reason(f.get("why")) : std::string();
  }
  if (const auto patrol = patrol_text(kind, f, off)) return *patrol;
  // done (note), cancelled/withdrawn (reason), responded (answer), resolved (resolution) …: the
  // one text the step carries.
  for (const char* key : {"note", "reason", "answer", "resolution", "text"})
    if (f.has(key)) return text(f.get(key));
  return {};
}

}  // namespace

std::vector<std::string> narrate_edit(const Value& f, int off) {
  std::vector<std::string> out;
  if (f.get("changes").is_array())
    for (const auto& c : f.get("changes").as_array()) {
      const std::string field = text(c.get("field"));
      out.push_back(fmt::format("{}: {} → {}", field_label(field), field_value(field, c.get("from"), off),
                                field_value(field, c.get("to"), off)));
    }
  if (f.get("deadlines").is_array())
    for (const auto& d : f.get("deadlines").as_array())
      out.push_back(fmt::format("{}: {} → {}", label(d.get("name")), d.get("from").is_null() ? "-" : when(d.get("from"), off),
                                d.get("to").is_null() ? "-" : when(d.get("to"), off)));
  return out;
}

Value stored_facts(std::string_view stored) {
  if (stored.empty() || stored.front() != '{') return Value();
  try {
    Value v = parse_json(stored);
    return v.is_object() ? v : Value();
  } catch (const Error&) {
    return Value();
  }
}

std::string narrate_event(std::string_view kind, std::string_view stored, int utc_offset) {
  const Value f = stored_facts(stored);
  if (f.is_null()) return std::string(stored);
  return event_text(kind, f, utc_offset);
}

std::string narrate_stored_reason(std::string_view stored) {
  const Value f = stored_facts(stored);
  if (f.is_null()) return std::string(stored);
  return narrate_reason(f);
}

std::string narrate_reason(const Value& f) {
  if (f.is_string()) return f.as_string();
  const std::string code = f.get("code").is_string() ? f.get("code").as_string() : "";
  if (code == "class")
    return say("{} complaint: to the {} within {}", label(f.get("severity")), label(f.get("to")),
               f.has("within") ? text(f.get("within")) : "-");
  if (code == "ladder") return say("unresolved {} after intake", text(f.get("after")));
  if (code == "upgrade")
    return say("unresolved {} after intake: a valid complaint becomes major", text(f.get("after")));
  if (code == "route")
    return say("service complaint about {} ({}): reported to the superior {} ({})",
               text(f.get("person")), label(f.get("role")), text(f.get("boss")), label(f.get("boss_role")));
  if (code == "route_none")
    return say("no superior found for {} ({}): report it by hand", text(f.get("person")),
               label(f.get("role")));
  if (f.has("rating") && f.has("threshold"))
    return say("callback rating {} (at or below {})", text(f.get("rating")), text(f.get("threshold")));
  if (f.has("reason")) return text(f.get("reason"));
  return text(f.get("text"));
}

}  // namespace svc::render
