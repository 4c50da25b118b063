// Policy [roles]: the rank order, the read-only roles and the lowest role allowed each action;
// the role checks every other section's role references go through; the permission queries.
#include "svc/policy_convert.hpp"

namespace svc {

const std::vector<std::string>& policy_role_actions() {
  static const std::vector<std::string> actions = {"void_receipt", "close_major_complaint",
                                                   "refer_legal", "reveal_phone", "edit_policy",
                                                   "manage_units", "manage_staff", "take_ticket",
                                                   "dispatch_public_ticket",
                                                   "cancel_dispatched_ticket", "close_without_callback",
                                                   "take_complaint", "escalate_complaint",
                                                   "take_contact",
      // fees (svc fee)
      "bill_fees", "take_payment", "cancel_bill", "waive_late_fee", "meter_reset", "dunning_hold",
      "resolve_reminder",
      // reports (svc report)
      "report_note"};
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
  if (rank < 0) return false;
  if (rank >= role_rank(policy, it->second)) return true;
  auto named = policy.roles.named.find(std::string(action));
  return named != policy.roles.named.end() && contains(named->second, role);
}

const std::vector<std::string>& action_named_roles(const Policy& policy, std::string_view action) {
  static const std::vector<std::string> none;
  auto it = policy.roles.named.find(std::string(action));
  return it == policy.roles.named.end() ? none : it->second;
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
    std::vector<std::string> roles;
    if (!s.read(action, roles, AsActionRoles{cx})) continue;
    // The highest role named, and every role above it; the others by name only.
    auto highest = std::max_element(roles.begin(), roles.end(), [&](const std::string& a, const std::string& b) {
      return role_rank(p, a) < role_rank(p, b);
    });
    r.actions[action] = *highest;
    roles.erase(highest);
    if (!roles.empty()) r.named[action] = std::move(roles);
  }
  s.finish();
}

// One role ("supervisor": it and every role above it), or a list of roles (["foreman",
// "supervisor"]: the foreman by name, and the supervisor and every role above — not the roles
// ranked between them, such as the front desk).
std::optional<std::vector<std::string>> AsActionRoles::operator()(Checker& ck, const toml::node& n,
                                                                  const std::string& key) const {
  if (n.is_string()) {
    auto role = AsRole{cx}(ck, n, key);
    if (!role) return std::nullopt;
    return std::vector<std::string>{*role};
  }
  if (!n.is_array()) {
    wrong_type(ck, n, key, "a role or an array of roles");
    return std::nullopt;
  }
  auto roles = AsStrings{.non_empty = true}(ck, n, key);
  if (!roles) return std::nullopt;
  for (std::size_t i = 0; i < roles->size(); ++i)
    cx.check_role(*n.as_array()->get(i), index_key(key, i), (*roles)[i]);
  return roles;
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
