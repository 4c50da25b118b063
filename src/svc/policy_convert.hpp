// Inside the policy module: the section converters, one per domain file, and what they share.
// Each turns one [section] of the merged TOML into its part of Policy and reports every problem
// to the Checker; policy.cpp calls them in dependency order (convert_policy).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "svc/policy.hpp"
#include "svc/toml_check.hpp"

namespace svc::policy_convert {

using toml_check::Checker;
using toml_check::Key;
using toml_check::Section;

// What a section may refer to in sections converted before it. A reference is checked only when
// the section it points into could be read, so one broken table is reported once, not at every
// use.
struct Context {
  Checker& ck;
  std::filesystem::path base_dir;  // relative paths in the policy resolve against it
  const Policy& policy;            // converted so far
  bool roles_ok = false;           // [roles] is good: roles can be checked
  bool channels_ok = false;        // [channels] was a table: channel names can be checked
  bool items_ok = false;           // fee.items was a table: fee item codes can be checked

  // A role that must be in roles.order (read-only roles cannot act).
  void check_role(const toml::node& n, const std::string& key, const std::string& role) const;
  // A code that must be a key of fee.items.
  void check_fee_item(const toml::node& n, const std::string& key, const std::string& code) const;
};

// A role name, checked with Context::check_role.
struct AsRole {
  const Context& cx;
  std::optional<std::string> operator()(Checker& ck, const toml::node& n,
                                        const std::string& key) const;
};

// A [roles] action: one role, or an array of roles (each checked with Context::check_role).
struct AsActionRoles {
  const Context& cx;
  std::optional<std::vector<std::string>> operator()(Checker& ck, const toml::node& n,
                                                     const std::string& key) const;
};

// A path, relative to the policy file's folder unless absolute.
struct AsPath {
  const std::filesystem::path& base_dir;
  std::optional<std::filesystem::path> operator()(Checker& ck, const toml::node& n,
                                                  const std::string& key) const;
};

// [ticket] and [complaint] each say which clock their deadlines run on.
inline constexpr toml_check::Choice<ClockKind> kClocks[] = {{"calendar", ClockKind::calendar},
                                                            {"business", ClockKind::business}};

// Unit statuses (unit.hpp's schema CHECK): fee.status_factor and dunning only_status name them.
inline constexpr std::string_view kUnitStatuses[] = {"occupied", "vacant", "entrusted", "rented"};

// The whole policy, from its merged root table (policy.cpp).
Policy convert_policy(Checker& ck, const toml::table& root, const std::filesystem::path& base_dir);

// site_policy.cpp: the top-level `schema` key of `root`, then [site], [calendar], [targets].
void convert_schema(Section& root, Policy& p, Context& cx);
void convert_site(Section& s, Policy& p, Context& cx);
void convert_calendar(Section& s, Policy& p, Context& cx);
void convert_targets(Section& s, Policy& p, Context& cx);
// roles_policy.cpp; sets cx.roles_ok.
void convert_roles(Section& s, Policy& p, Context& cx);
// fee_policy.cpp: [channels] (sets cx.channels_ok), then [fee] with its items (sets
// cx.items_ok), dunning ladder and [fee.remind].
void convert_channels(Section& s, Policy& p, Context& cx);
void convert_fee(Section& s, Policy& p, Context& cx);
// ticket_policy.cpp, complaint_policy.cpp, visit_policy.cpp
void convert_ticket(Section& s, Policy& p, Context& cx);
void convert_complaint(Section& s, Policy& p, Context& cx);
void convert_visit(Section& s, Policy& p, Context& cx);
// patrol_policy.cpp: [patrol] and [violation]
void convert_patrol(Section& s, Policy& p, Context& cx);
void convert_violation(Section& s, Policy& p, Context& cx);
// desk_policy.cpp: [desk] (after [complaint] and [roles], which it refers to)
void convert_desk(Section& s, Policy& p, Context& cx);

}  // namespace svc::policy_convert
