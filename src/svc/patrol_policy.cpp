// Policy [patrol] (plans, routes, checklists, the smell rule; domain-rules 5) and [violation]
// (categories and subcategories, retention, who may penalise, sign and purge; domain-rules 6).
#include "svc/policy_convert.hpp"

namespace svc {

const PatrolRoute* PatrolPolicy::route(std::string_view code) const {
  for (const auto& r : routes)
    if (r.code == code) return &r;
  return nullptr;
}

}  // namespace svc

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

constexpr Choice<int> kWeekdays[] = {{"mon", 0}, {"tue", 1}, {"wed", 2}, {"thu", 3},
                                     {"fri", 4}, {"sat", 5}, {"sun", 6}};

// Times of day ("09:00"), strictly ascending, before midnight.
struct AsTimes {
  std::optional<std::vector<int>> operator()(Checker& ck, const toml::node& n,
                                             const std::string& key) const {
    const auto* arr = n.as_array();
    if (!arr) {
      wrong_type(ck, n, key, "an array of times");
      return std::nullopt;
    }
    if (arr->empty()) {
      ck.add(n.source(), key, msg("must not be empty"));
      return std::nullopt;
    }
    std::vector<int> out;
    bool good = true;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const toml::node& e = *arr->get(i);
      auto m = as_minute(ck, e, index_key(key, i));
      if (!m) {
        good = false;
      } else if (*m >= 24 * 60 || (!out.empty() && *m <= out.back())) {
        ck.add(e.source(), index_key(key, i),
               msg("times must be in ascending order within one day, got {}", got(e)));
        good = false;
      } else {
        out.push_back(*m);
      }
    }
    if (!good) return std::nullopt;
    return out;
  }
};

bool is_code(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// An array of { code = "...", text = "...", retired = true } (checkpoints, subcategories): codes
// are lowercase words, unique in the list; at least one item is not retired.
std::optional<std::vector<CodedItem>> coded_items(Checker& ck, const toml::node& n, const std::string& key) {
  const auto* arr = n.as_array();
  if (!arr || !arr->is_array_of_tables()) {
    wrong_type(ck, n, key, "an array of tables such as { code = \"lights\", text = \"...\" }");
    return std::nullopt;
  }
  std::vector<CodedItem> out;
  bool good = true;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    Section row(ck, *arr->get(i)->as_table(), index_key(key, i));
    CodedItem item;
    const toml::node* code = row.read("code", item.code, as_string);
    const bool texted = row.read("text", item.text, as_string) != nullptr;
    row.read("retired", item.retired, as_bool, Key::optional);
    row.finish();
    if (code && !is_code(item.code)) {
      ck.add(code->source(), row.key("code"),
             msg("'{}' is not a code (lowercase letters, digits and _)", item.code));
      code = nullptr;
    } else if (code && std::any_of(out.begin(), out.end(), [&](const CodedItem& o) { return o.code == item.code; })) {
      ck.add(code->source(), row.key("code"), msg("duplicate value '{}'", item.code));
      code = nullptr;
    }
    if (!code || !texted) {
      good = false;
      continue;
    }
    out.push_back(std::move(item));
  }
  if (!good) return std::nullopt;
  if (std::all_of(out.begin(), out.end(), [](const CodedItem& c) { return c.retired; })) {
    ck.add(n.source(), key, msg("needs at least one item that is not retired"));
    return std::nullopt;
  }
  return out;
}

PatrolRoute route(std::string code, Section& r, const PatrolPolicy& pt, bool lists_ok,
                  Context& cx) {
  PatrolRoute out;
  out.code = std::move(code);
  r.read("name", out.name, as_string);
  const toml::node* freq = r.read("frequency", out.every, AsFrequency{});
  if (freq) out.frequency = freq->as_string()->get();
  if (const toml::node* n = r.read("times", out.times, AsTimes{})) {
    if (freq && static_cast<int>(out.times.size()) != out.every.times)
      cx.ck.add(n->source(), r.key("times"),
                msg("frequency \"{}\" needs {} time(s) of day, got {}", out.frequency, out.every.times,
                    out.times.size()));
  }
  const toml::node* wd = r.read("weekday", out.weekday, as_choice(kWeekdays), Key::optional);
  if (freq && out.every.period == PatrolFrequency::Period::week && !wd && !r.table().get("weekday"))
    cx.ck.add(r.table().source(), r.key("weekday"), msg("required for a weekly route"));
  if (freq && out.every.period != PatrolFrequency::Period::week && wd)
    cx.ck.add(wd->source(), r.key("weekday"), msg("only a weekly route has a weekday"));
  r.read("per_building", out.per_building, as_bool, Key::optional);
  if (const toml::node* n = r.read("checklist", out.checklist, as_string)) {
    if (lists_ok && !pt.checklists.count(out.checklist))
      cx.ck.add(n->source(), r.key("checklist"), msg("unknown checklist '{}' (defined: {})",
                                                     out.checklist, join_keys(pt.checklists)));
  }
  r.read("staff", out.staff, as_strings, Key::optional);
  r.read("late_after", out.late_after, as_length, Key::optional);
  r.read("heavy_rain", out.heavy_rain, as_bool, Key::optional);
  r.read("retired", out.retired, as_bool, Key::optional);
  r.finish();
  return out;
}

}  // namespace

void convert_patrol(Section& s, Policy& p, Context& cx) {
  PatrolPolicy& pt = p.patrol;
  s.read("plan_due", pt.plan_due_day, AsPlanDue{});
  s.read("plan_role", pt.plan_role, AsRole{cx});
  s.read("late_after", pt.late_after, as_length);
  if (const toml::node* n = s.read("ticket_category", pt.ticket_category, as_string)) {
    if (!p.ticket.categories.empty() && !contains(p.ticket.categories, pt.ticket_category))
      cx.ck.add(n->source(), s.key("ticket_category"),
                msg("'{}' is not a ticket category (ticket.categories: {})", pt.ticket_category,
                    join(p.ticket.categories)));
  }
  // Checklists first: routes and the smell rule refer to them.
  const bool lists_ok = s.table().get("checklists") && s.table().get("checklists")->is_table();
  if (auto lists = s.section("checklists")) {
    lists->each([&](const toml::key& k, const toml::node& v, const std::string& key) {
      if (auto items = coded_items(cx.ck, v, key)) pt.checklists[std::string(k.str())] = *items;
    });
  }
  if (auto smell = s.section("smell")) {
    if (const toml::node* n = smell->read("checklists", pt.smell_checklists, as_strings)) {
      for (std::size_t i = 0; lists_ok && i < pt.smell_checklists.size(); ++i)
        if (!pt.checklists.count(pt.smell_checklists[i]))
          cx.ck.add(n->as_array()->get(i)->source(), index_key(smell->key("checklists"), i),
                    msg("unknown checklist '{}' (defined: {})", pt.smell_checklists[i], join_keys(pt.checklists)));
    }
    smell->read("words", pt.smell_words, as_strings);
    smell->finish();
  }
  if (auto routes = s.section("routes")) {
    routes->each_table([&](std::string code, Section& r) {
      if (!is_code(code))
        cx.ck.add(r.table().source(), r.path(), msg("'{}' is not a code (lowercase letters, digits and _)", code));
      pt.routes.push_back(route(std::move(code), r, pt, lists_ok, cx));
    });
  }
  s.finish();
}

void convert_violation(Section& s, Policy& p, Context& cx) {
  ViolationPolicy& v = p.violation;
  const toml::node* cats = s.read("categories", v.categories, AsStrings{.non_empty = true});
  if (auto subs = s.section("subcategories")) {
    subs->each([&](const toml::key& k, const toml::node& node, const std::string& key) {
      const std::string category(k.str());
      if (cats && !contains(v.categories, category))
        cx.ck.add(node.source(), key,
                  msg("'{}' is not a violation category (violation.categories: {})", category, join(v.categories)));
      else if (auto items = coded_items(cx.ck, node, key))
        v.subcategories[category] = *items;
    });
  }
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
  s.read("handler_role", v.handler_role, AsRole{cx});
  s.read("purge_role", v.purge_role, AsRole{cx});
  if (const toml::node* n = s.read("fee_item", v.fee_item, as_string)) cx.check_fee_item(*n, s.key("fee_item"), v.fee_item);
  s.read("follow_up_within", v.follow_up_within, as_duration);
  s.finish();
}

}  // namespace svc::policy_convert
