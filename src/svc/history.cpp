// Record history: one `event` row per step, written with the step's audit entry.
#include "svc/history.hpp"

namespace svc::history {

void record(db::Database& db, audit::Entry& entry, const Event& e) {
  auto& st = db.cached(
      "INSERT INTO event (subject, at, actor, kind, from_status, to_status, detail) "
      "VALUES (:subject, :at, :actor, :kind, :from, :to, :detail)");
  st.bind(":subject", e.subject).bind(":at", e.at).bind(":actor", e.actor).bind(":kind", e.kind);
  st.bind(":from", e.from_status).bind(":to", e.to_status).bind(":detail", e.detail);
  st.run();
  entry.after(db, "event", db.last_insert_id());
}

std::vector<Event> of(db::Database& db, const std::string& subject) {
  auto& st = db.cached(
      "SELECT id, subject, at, actor, kind, from_status, to_status, detail FROM event "
      "WHERE subject = :subject ORDER BY id");
  st.bind(":subject", subject);
  std::vector<Event> out;
  while (st.step())
    out.push_back(Event{st.integer(0), st.text(1), st.integer(2), st.text(3), st.text(4), st.opt_text(5),
                        st.opt_text(6), st.text(7)});
  return out;
}

Value to_value(const std::vector<Event>& events, int utc_offset) {
  Value arr = Value::array();
  for (const auto& e : events) {
    Value v = Value::object();
    v.set("at", format_iso(e.at, utc_offset));
    v.set("actor", e.actor);
    v.set("kind", e.kind);
    v.set("from", e.from_status);
    v.set("to", e.to_status);
    v.set("detail", e.detail);
    arr.push(std::move(v));
  }
  return arr;
}

}  // namespace svc::history
