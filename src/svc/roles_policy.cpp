// Policy [roles]: the rank order, the read-only roles and the lowest role allowed each action;
// the role checks every other section's role references go through; the permission queries.
#include "svc/policy_convert.hpp"

namespace svc {

const std::vector<std::string>& policy_role_actions() {
  static const std::vector<std::string> actions = {"void_receipt", "close_major_complaint",
                                                   "refer_legal", "reveal_phone", "edit_policy",
                                                   "manage_units", "manage_staff", "take_ticket",
                                                   "cancel_dispatched_ticket", "close_without_callback",
                                                   "take_complaint", "escalate_complaint",
      // fees (svc fee)
      "bill_fees", "take_payment", "cancel_bill", "waive_late_fee", "meter_reset", "dunning_hold",
      "resolve_reminder"};
  return actions;
}

int role_rank(const Policy& policy, std::string_view role) {
  const auto& order = policy.roles.order;
  auto it = std::find(order.begin(), order.end(), role);
  return it == order.end() ? -1 : static_cast<int>(it - order.begin());
}

bool role_may(const Policy& policy, std::string_view role, std::string_view action) {
  auto it = policy.roles.actions.find(std::string(action));
  if (it == policy.roles.actions.end()) return false;
  const int rank = role_rank(policy, role);
  return rank >= 0 && rank >= role_rank(policy, it->second);
}

bool is_known_role(const Policy& policy, std::string_view role) {
  return contains(policy.roles.order, role) ||
         contains(policy.roles.read_only, role);
}

}  // namespace svc

namespace svc::policy_convert {

using namespace toml_check;

void convert_roles(Section& s, Policy& p, Context& cx) {
  RolePolicy& r = p.roles;
  const toml::node* order = s.read("order", r.order, AsStrings{.non_empty = true});
  const toml::node* read_only = s.read("read_only", r.read_only, as_strings);
  cx.roles_ok = order && read_only;
  if (cx.roles_ok) {
    for (std::size_t i = 0; i < r.read_only.size(); ++i)
      if (contains(r.order, r.read_only[i])) {
        cx.ck.add(read_only->as_array()->get(i)->source(), index_key(s.key("read_only"), i),
                  msg("role '{}' is in both roles.order and roles.read_only", r.read_only[i]));
        cx.roles_ok = false;
      }
  }
  for (const auto& action : policy_role_actions()) {
    std::string role;
    if (s.read(action, role, AsRole{cx})) r.actions[action] = role;
  }
  s.finish();
}

void Context::check_role(const toml::node& n, const std::string& key,
                         const std::string& role) const {
  if (!roles_ok) return;  // [roles] itself is broken; do not pile on
  if (contains(policy.roles.order, role)) return;
  if (contains(policy.roles.read_only, role))
    ck.add(n.source(), key, msg("role '{}' is read-only (roles.read_only) and cannot act", role));
  else
    ck.add(n.source(), key, msg("role '{}' is not in roles.order", role));
}

std::optional<std::string> AsRole::operator()(Checker& ck, const toml::node& n,
                                              const std::string& key) const {
  auto role = as_string(ck, n, key);
  if (role) cx.check_role(n, key, *role);
  return role;
}

}  // namespace svc::policy_convert
