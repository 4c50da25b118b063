// Policy [patrol] (plans, routes, checklists; domain-rules 5) and [violation] (categories,
// record retention, who may penalise; domain-rules 6).
#include "svc/policy_convert.hpp"

namespace svc::policy_convert {

using namespace toml_check;

namespace {

// "month-end" → 0, or a day of the month 1..28 (every month has it).
struct AsPlanDue {
  std::optional<int> operator()(Checker& ck, const toml::node& n, const std::string& key) const {
    const auto* str = n.as_string();
    const auto* num = n.as_integer();
    if (str && str->get() == "month-end") return 0;
    if (num && num->get() >= 1 && num->get() <= 28) return static_cast<int>(num->get());
    ck.add(n.source(), key,
           msg("expected \"month-end\" or a day of the month from 1 to 28, got {}", got(n)));
    return std::nullopt;
  }
};

// "daily", "weekly" or "Nx-daily" with N from 1 to 24.
struct AsFrequency {
  std::optional<PatrolFrequency> operator()(Checker& ck, const toml::node& n,
                                            const std::string& key) const {
    if (const auto* s = n.as_string()) {
      const std::string& v = s->get();
      if (v == "daily") return PatrolFrequency{PatrolFrequency::Period::day, 1};
      if (v == "weekly") return PatrolFrequency{PatrolFrequency::Period::week, 1};
      constexpr std::string_view kSuffix = "x-daily";
      if (v.size() > kSuffix.size() && v.size() <= kSuffix.size() + 2 &&
          v.compare(v.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0) {
        const std::string digits = v.substr(0, v.size() - kSuffix.size());
        if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            digits[0] != '0') {
          const int times = std::stoi(digits);
          if (times <= 24) return PatrolFrequency{PatrolFrequency::Period::day, times};
        }
      }
    }
    ck.add(n.source(), key,
           msg("expected \"daily\", \"weekly\" or \"Nx-daily\" (e.g. \"3x-daily\"), got {}",
               got(n)));
    return std::nullopt;
  }
};

PatrolRoute route(std::string code, Section& r, const PatrolPolicy& pt, bool lists_ok,
                  Context& cx) {
  PatrolRoute out;
  out.code = std::move(code);
  r.read("name", out.name, as_string);
  if (const toml::node* n = r.read("frequency", out.every, AsFrequency{}))
    out.frequency = n->as_string()->get();
  if (const toml::node* n = r.read("checklist", out.checklist, as_string)) {
    if (lists_ok && !pt.checklists.count(out.checklist))
      cx.ck.add(n->source(), r.key("checklist"), msg("unknown checklist '{}' (defined: {})",
                                                     out.checklist, join_keys(pt.checklists)));
  }
  r.finish();
  return out;
}

}  // namespace

void convert_patrol(Section& s, Policy& p, Context& cx) {
  PatrolPolicy& pt = p.patrol;
  s.read("plan_due", pt.plan_due_day, AsPlanDue{});
  // Checklists first: routes refer to them.
  const bool lists_ok = s.table().get("checklists") && s.table().get("checklists")->is_table();
  if (auto lists = s.section("checklists")) {
    lists->each([&](const toml::key& k, const toml::node& v, const std::string& key) {
      if (auto items = AsStrings{.non_empty = true}(cx.ck, v, key))
        pt.checklists[std::string(k.str())] = *items;
    });
  }
  if (auto routes = s.section("routes")) {
    routes->each_table([&](std::string code, Section& r) {
      pt.routes.push_back(route(std::move(code), r, pt, lists_ok, cx));
    });
  }
  s.finish();
}

void convert_violation(Section& s, Policy& p, Context& cx) {
  ViolationPolicy& v = p.violation;
  s.read("categories", v.categories, AsStrings{.non_empty = true});
  if (auto retain = s.section("retain")) {
    retain->read("general", v.retain_general, as_length);
    retain->read("major", v.retain_major, as_length);
    retain->finish();
  }
  if (const toml::node* n =
          s.read("penalty_roles", v.penalty_roles, AsStrings{.non_empty = true})) {
    for (std::size_t i = 0; i < v.penalty_roles.size(); ++i)
      cx.check_role(*n->as_array()->get(i), index_key(s.key("penalty_roles"), i),
                    v.penalty_roles[i]);
  }
  s.read("major_handler", v.major_handler, AsRole{cx});
  s.finish();
}

}  // namespace svc::policy_convert
