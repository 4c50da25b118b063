// Policy sections about the site as a whole: the schema version, [site], [calendar] (business
// hours for the business clock) and the quality [targets].
#include <fmt/format.h>

#include "svc/policy_convert.hpp"

namespace svc::policy_convert {

using namespace toml_check;

namespace {

constexpr std::string_view kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

struct AsUtcOffset {  // "+08:00" → seconds east of UTC
  std::optional<int> operator()(Checker& ck, const toml::node& n, const std::string& key) const {
    std::optional<int> off;
    if (const auto* str = n.as_string()) off = parse_utc_offset(str->get());
    if (!off) ck.add(n.source(), key, msg("expected an offset such as \"+08:00\", got {}", got(n)));
    return off;
  }
};

std::string format_minute(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

}  // namespace

std::optional<std::filesystem::path> AsPath::operator()(Checker& ck, const toml::node& n,
                                                        const std::string& key) const {
  auto text = as_string(ck, n, key);
  if (!text) return std::nullopt;
  std::filesystem::path path(*text);
  if (path.is_absolute() || base_dir.empty()) return path;
  return base_dir / path;
}

void convert_schema(Section& root, Policy& p, Context& cx) {
  int schema = 0;
  if (const toml::node* n = root.read("schema", schema, AsInt{1, 1000})) {
    if (schema != 1)
      cx.ck.add(n->source(), "schema", msg("unsupported policy schema {} (this svc reads 1)", schema));
    else
      p.schema = schema;
  }
}

void convert_site(Section& s, Policy& p, Context& cx) {
  s.read("name", p.site.name, as_string);
  s.read("utc_offset", p.site.utc_offset, AsUtcOffset{});
  s.read("database", p.site.database, AsPath{cx.base_dir}, Key::optional);
  s.finish();
}

void convert_calendar(Section& s, Policy& p, Context& cx) {
  CalendarSpec& c = p.calendar;
  // Read before they are checked against each other, so each keeps its value if the pair fails.
  std::optional<int> open, close;
  s.read("open", open, as_minute);
  const toml::node* close_node = s.read("close", close, as_minute);
  if (open && close && *open >= *close)
    cx.ck.add(close_node->source(), s.key("close"),
              msg("open {} is not before close {}", format_minute(*open), format_minute(*close)));
  if (open) c.open_minute = *open;
  if (close) c.close_minute = *close;

  std::vector<std::string> days;
  if (const toml::node* n = s.read("workdays", days, as_strings)) {
    c.workdays.fill(false);
    for (std::size_t i = 0; i < days.size(); ++i) {
      const auto* it = std::find(std::begin(kWeekdays), std::end(kWeekdays), days[i]);
      if (it == std::end(kWeekdays)) {
        cx.ck.add(n->as_array()->get(i)->source(), index_key(s.key("workdays"), i),
                  msg("unknown weekday '{}' (allowed: {})", days[i], join(kWeekdays)));
        continue;
      }
      c.workdays[static_cast<std::size_t>(it - std::begin(kWeekdays))] = true;
    }
  }
  s.read("holidays", c.holidays, as_dates);
  if (const toml::node* makeup = s.read("makeup_workdays", c.makeup_workdays, as_dates))
    for (const Date& d : c.makeup_workdays)
      if (c.holidays.count(d))
        cx.ck.add(makeup->source(), s.key("makeup_workdays"),
                  msg("{} is both a holiday and a make-up workday", format_date(d)));
  s.finish();
}

void convert_targets(Section& s, Policy& p, Context&) {
  for (std::string_view k : {"complaint_callback_rate", "repair_callback_rate",
                             "satisfaction_rate", "dunning_rate", "receipt_rate",
                             "collection_rate", "response_rate", "courtesy_rate"}) {
    Ppm target = 0;
    if (s.read(k, target, as_fraction, Key::optional)) p.targets[std::string(k)] = target;
  }
  s.finish();
}

}  // namespace svc::policy_convert

namespace svc {

Calendar calendar(const Policy& policy) { return Calendar(policy.calendar); }

}  // namespace svc
