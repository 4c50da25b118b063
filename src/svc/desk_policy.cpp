// Policy [desk]: the reception log and the shift handover — shift times (domain-rules 12), how
// soon a message is passed on and a handover accepted (7.2, 12), where suggestions go (7.2, 2.3 D)
// and which complaints count against the courtesy rate (8).
#include <fmt/format.h>

#include "svc/policy_convert.hpp"

namespace svc::policy_convert {

using namespace toml_check;

namespace {

std::string format_minute(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

// A length of time that is the same every day (s, m, h, d, w): no months, no "same-day".
struct AsFixedLength {
  std::optional<Duration> operator()(Checker& ck, const toml::node& n, const std::string& key) const {
    auto d = as_length(ck, n, key);
    if (d && !fixed_seconds(*d)) {
      ck.add(n.source(), key, msg("must be a fixed length such as \"30m\", \"1h\" or \"1d\", got {}", got(n)));
      return std::nullopt;
    }
    return d;
  }
};

}  // namespace

void convert_desk(Section& s, Policy& p, Context& cx) {
  DeskPolicy& d = p.desk;
  std::optional<int> day, night;
  const toml::node* day_node = s.read("day_starts", day, as_minute);
  const toml::node* night_node = s.read("night_starts", night, as_minute);
  // Two shifts a day: the day shift from day_starts to night_starts, night duty the rest.
  if (day && night && *day >= *night)
    cx.ck.add(day_node->source(), s.key("day_starts"),
              msg("the day shift starts at {}, not before night duty (desk.night_starts {})", format_minute(*day),
                  format_minute(*night)));
  else if (night && *night >= 24 * 60)
    cx.ck.add(night_node->source(), s.key("night_starts"), msg("must be a time of day before 24:00"));
  if (day) d.day_starts = *day;
  if (night) d.night_starts = *night;
  s.read("handover_late", d.handover_late, AsFixedLength{});
  s.read("accept_within", d.accept_within, as_duration);
  s.read("message_pass_within", d.message_pass_within, as_duration);
  if (const toml::node* n = s.read("attitude_category", d.attitude_category, as_string)) {
    const auto& categories = p.complaint.categories;
    if (!categories.empty() && !contains(categories, d.attitude_category))
      cx.ck.add(n->source(), s.key("attitude_category"),
                msg("'{}' is not a complaint category (complaint.categories: {})", d.attitude_category,
                    join(categories)));
  }
  // Each head is a role (its first active member, by login, receives the suggestion) or a login.
  const bool heads_ok = s.table().get("heads") && s.table().get("heads")->is_table();
  if (auto heads = s.section("heads")) {
    heads->each([&](const toml::key& k, const toml::node& v, const std::string& key) {
      auto head = as_string(cx.ck, v, key);
      if (!head) return;
      if (is_known_role(p, *head)) cx.check_role(v, key, *head);
      d.heads[std::string(k.str())] = *head;
    });
  }
  if (const toml::node* n = s.read("suggestion_dept", d.suggestion_dept, as_string)) {
    if (heads_ok && !d.heads.count(d.suggestion_dept))
      cx.ck.add(n->source(), s.key("suggestion_dept"),
                msg("unknown department '{}' (desk.heads names: {})", d.suggestion_dept, join_keys(d.heads)));
  }
  s.finish();
}

}  // namespace svc::policy_convert
