// One screen for a household: each section from the module that owns it.
#include "svc/household.hpp"

#include <algorithm>

#include "svc/complaint.hpp"
#include "svc/dunning.hpp"
#include "svc/fee.hpp"
#include "svc/ticket.hpp"
#include "svc/unit.hpp"
#include "svc/violation.hpp"
#include "svc/visit.hpp"

namespace svc::household {

Household read(db::Database& db, const Policy& policy, std::string_view code, Timestamp now, bool reveal) {
  Household h;
  const unit::Unit u = unit::get(db, code);
  const std::string& c = u.code;
  h.unit = unit::to_value(u, reveal);

  ticket::ListFilter tf;
  tf.unit = c;
  tf.open_only = true;
  h.open_tickets = ticket::to_values(db, policy, ticket::list(db, policy, now, tf), now, reveal);

  // Open, or resolved and still owing its result notice, callback or close (complaint open_refs).
  complaint::ListFilter cf;
  cf.unit = c;
  auto complaints = complaint::list(db, policy, now, cf);
  std::erase_if(complaints, [](const complaint::Complaint& x) { return x.status != "open" && x.status != "resolved"; });
  h.open_complaints = complaint::to_values(db, policy, complaints, now, reveal);

  // What it owes is the fee statement's balance (domain-rules 3): no money rule is repeated here.
  const Value st = fee::statement(db, policy, c, now);
  h.balance = st.get("balance_fen").as_int();
  for (const auto& b : st.get("bills").as_array())
    if (b.get("status").as_string() == "open" && (!h.oldest_unpaid || b.get("period").as_string() < *h.oldest_unpaid))
      h.oldest_unpaid = b.get("period").as_string();

  dunning::ListFilter rf;
  rf.unit = c;
  const auto reminders = dunning::list(db, policy, rf);  // oldest first
  if (!reminders.empty()) h.last_reminder = dunning::to_value(reminders.back(), policy.site.utc_offset, reveal);

  // Every rating the household gave: repair and complaint callbacks, outreach visits.
  visit::ListFilter vf;
  vf.unit = c;
  vf.rating_at_most = 5;
  const auto rated = visit::list(db, vf);
  const auto last = std::max_element(rated.begin(), rated.end(), [](const visit::Visit& a, const visit::Visit& b) {
    return std::pair(a.done_at.value_or(a.created_at), a.id) < std::pair(b.done_at.value_or(b.created_at), b.id);
  });
  if (last != rated.end()) h.last_rating = visit::to_value(*last, policy);

  violation::ListFilter xf;
  xf.unit = c;
  xf.status = "open";
  h.open_violations = violation::to_values(db, policy, violation::list(db, xf), now);
  return h;
}

Value to_value(const Household& h) {
  auto array = [](const std::vector<Value>& rows) {
    Value a = Value::array();
    for (const auto& r : rows) a.push(r);
    return a;
  };
  Value v = h.unit;
  v.set("open_tickets", array(h.open_tickets));
  v.set("open_complaints", array(h.open_complaints));
  v.set("balance_fen", Value(static_cast<long long>(h.balance)));
  v.set("oldest_unpaid_period", h.oldest_unpaid);
  v.set("last_reminder", h.last_reminder);
  v.set("last_rating", h.last_rating);
  v.set("open_violations", array(h.open_violations));
  return v;
}

}  // namespace svc::household
