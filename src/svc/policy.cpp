// Policy loading: the site file is deep-merged onto the built-in default (examples/policy.toml),
// then every key is type-checked and converted; problems carry file:line:col (policy.md).
#include "svc/policy.hpp"

#include <fmt/format.h>

// Debian's toml++ is a compiled library (its pkg-config/CMake flags say so); use it even when
// built without them, so the parser is the release-built one, not the header copy with asserts.
#ifndef TOML_HEADER_ONLY
#define TOML_HEADER_ONLY 0
#endif
#ifndef TOML_SHARED_LIB
#define TOML_SHARED_LIB 1
#endif
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <set>
#include <sstream>
#include <utility>

#include "svc/clock.hpp"
#include "svc/embedded.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/sha256.hpp"

namespace svc {

// The merged (effective) table and the default it was merged onto; explain_key reads both.
struct PolicyDocument {
  toml::table effective;
  toml::table defaults;
};

namespace {

constexpr std::string_view kBuiltIn = "built-in";
constexpr std::array<std::string_view, 4> kUnitStatuses{"occupied", "vacant", "entrusted",
                                                         "rented"};
constexpr std::array<std::string_view, 3> kCallbackKeys{"safety", "leak", "default"};
// Channel names that need no [channels] entry (cli.md: visit schedules a home visit, none only
// records, stdout prints).
constexpr std::array<std::string_view, 3> kBuiltInChannels{"none", "stdout", "visit"};
// What channel texts may say (policy.md [channels]); svc fee remind fills them in.
const std::vector<std::string> kPlaceholders{"site",   "owner", "unit",     "items", "amount",
                                             "date",   "deadline", "phone", "stage"};
constexpr std::array<std::string_view, 7> kWeekdays{"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};

template <class... Args>
std::string msg(std::string_view format, Args&&... args) {
  return fmt::vformat(tr(format), fmt::make_format_args(args...));
}

template <class Range>
std::string join(const Range& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += std::string_view(item);
  }
  return out;
}

template <class Map>
std::string join_keys(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : map) keys.emplace_back(k);
  return join(keys);
}

template <class Range>
bool contains(const Range& range, std::string_view value) {
  return std::find(std::begin(range), std::end(range), value) != std::end(range);
}

std::string sub_key(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

std::string index_key(std::string_view parent, std::size_t i) {
  return fmt::format("{}[{}]", parent, i);
}

// ---- problems --------------------------------------------------------------------------------

struct Problem {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string key;
  std::string text;
};

class Checker {
 public:
  explicit Checker(std::string primary) : primary_(std::move(primary)) {}

  void add(const toml::source_region& where, std::string key, std::string text) {
    Problem p;
    p.file = where.path ? *where.path : primary_;
    p.line = where.begin.line;
    p.column = where.begin.column;
    p.key = std::move(key);
    p.text = std::move(text);
    problems_.push_back(std::move(p));
  }
  bool ok() const { return problems_.empty(); }

  // One line per problem: the primary file's problems first, each file in source order.
  [[noreturn]] void raise() const {
    std::vector<Problem> sorted = problems_;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const Problem& a, const Problem& b) {
      const bool pa = a.file != primary_, pb = b.file != primary_;
      if (pa != pb) return pb;
      if (a.file != b.file) return a.file < b.file;
      if (a.line != b.line) return a.line < b.line;
      return a.column < b.column;
    });
    std::string text;
    for (const auto& p : sorted) {
      if (!text.empty()) text += '\n';
      text += fmt::format("{}:{}:{}: {}: {}", p.file, p.line, p.column, p.key, p.text);
    }
    throw Error(Exit::config, text);
  }

 private:
  std::string primary_;
  std::vector<Problem> problems_;
};

// ---- node conversion -------------------------------------------------------------------------

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return std::string(tr("string"));
    case toml::node_type::integer: return std::string(tr("integer"));
    case toml::node_type::floating_point: return std::string(tr("float"));
    case toml::node_type::boolean: return std::string(tr("boolean"));
    case toml::node_type::date: return std::string(tr("date"));
    case toml::node_type::time: return std::string(tr("time"));
    case toml::node_type::date_time: return std::string(tr("date-time"));
    case toml::node_type::array: return std::string(tr("array"));
    case toml::node_type::table: return std::string(tr("table"));
    case toml::node_type::none: break;
  }
  return "?";
}

// What a value was, for "got ...": strings quoted, numbers as written, other types by name.
std::string got(const toml::node& n) {
  if (const auto* s = n.as_string()) return fmt::format("\"{}\"", s->get());
  if (const auto* i = n.as_integer()) return fmt::format("{}", i->get());
  if (const auto* f = n.as_floating_point()) return fmt::format("{}", f->get());
  return type_name(n);
}

void wrong_type(Checker& ck, const toml::node& n, const std::string& key, std::string_view what) {
  ck.add(n.source(), key, msg("expected {}, got {}", tr(what), type_name(n)));
}

std::optional<std::string> as_string(Checker& ck, const toml::node& n, const std::string& key,
                                     bool non_empty = true) {
  const auto* s = n.as_string();
  if (!s) {
    wrong_type(ck, n, key, "a string");
    return std::nullopt;
  }
  if (non_empty && s->get().empty()) {
    ck.add(n.source(), key, msg("must not be empty"));
    return std::nullopt;
  }
  return s->get();
}

std::optional<Duration> as_duration(Checker& ck, const toml::node& n, const std::string& key,
                                    bool allow_same_day = true, bool positive = false) {
  const auto* s = n.as_string();
  std::optional<Duration> d;
  if (s) d = parse_duration(s->get());
  if (!d) {
    ck.add(n.source(), key,
           msg("expected a duration such as \"15m\", \"2d\" or \"3mo\", got {}", got(n)));
    return std::nullopt;
  }
  if (!allow_same_day && d->unit == Duration::Unit::same_day) {
    ck.add(n.source(), key, msg("\"same-day\" is not allowed here; use a length such as \"2d\""));
    return std::nullopt;
  }
  if (positive && d->count == 0) {
    ck.add(n.source(), key, msg("must be longer than 0, got {}", got(n)));
    return std::nullopt;
  }
  return d;
}

std::optional<int> as_int(Checker& ck, const toml::node& n, const std::string& key, int lo,
                          int hi) {
  const auto* i = n.as_integer();
  if (!i) {
    wrong_type(ck, n, key, "an integer");
    return std::nullopt;
  }
  if (i->get() < lo || i->get() > hi) {
    ck.add(n.source(), key, msg("must be between {} and {}, got {}", lo, hi, i->get()));
    return std::nullopt;
  }
  return static_cast<int>(i->get());
}

std::optional<bool> as_bool(Checker& ck, const toml::node& n, const std::string& key) {
  const auto* b = n.as_boolean();
  if (!b) {
    wrong_type(ck, n, key, "a boolean");
    return std::nullopt;
  }
  return b->get();
}

// A fraction written as a TOML number (0.70, 1) → ppm, at once: no float survives parsing.
std::optional<Ppm> as_fraction(Checker& ck, const toml::node& n, const std::string& key) {
  double x = 0;
  if (const auto* f = n.as_floating_point()) {
    x = f->get();
  } else if (const auto* i = n.as_integer()) {
    x = static_cast<double>(i->get());
  } else {
    ck.add(n.source(), key,
           msg("expected a number between 0 and 1 such as 0.85, got {}", type_name(n)));
    return std::nullopt;
  }
  if (!std::isfinite(x) || x < 0 || x > 1) {
    ck.add(n.source(), key, msg("must be between {} and {}, got {}", 0, 1, got(n)));
    return std::nullopt;
  }
  return static_cast<Ppm>(std::llround(x * 1e6));
}

std::optional<Fen> as_yuan(Checker& ck, const toml::node& n, const std::string& key) {
  const auto* s = n.as_string();
  std::optional<Fen> fen;
  if (s) fen = parse_yuan(s->get());
  if (!fen) {
    ck.add(n.source(), key, msg("expected an amount in yuan such as \"2.50\", got {}", got(n)));
    return std::nullopt;
  }
  return fen;
}

// A decimal string ("0.0003") → ppm; at most 1.
std::optional<Ppm> as_rate(Checker& ck, const toml::node& n, const std::string& key) {
  const auto* s = n.as_string();
  std::optional<Ppm> ppm;
  if (s) ppm = parse_rate(s->get());
  if (!ppm) {
    ck.add(n.source(), key, msg("expected a decimal string such as \"0.0003\", got {}", got(n)));
    return std::nullopt;
  }
  if (*ppm > 1000000) {
    ck.add(n.source(), key, msg("must be between {} and {}, got {}", 0, 1, s->get()));
    return std::nullopt;
  }
  return ppm;
}

template <class E>
using Choices = std::initializer_list<std::pair<std::string_view, E>>;

template <class E>
std::optional<E> as_choice(Checker& ck, const toml::node& n, const std::string& key,
                           Choices<E> choices) {
  std::vector<std::string_view> names;
  for (const auto& [name, value] : choices) names.push_back(name);
  const auto* s = n.as_string();
  if (s) {
    for (const auto& [name, value] : choices)
      if (s->get() == name) return value;
  }
  ck.add(n.source(), key, msg("expected one of {}, got {}", join(names), got(n)));
  return std::nullopt;
}

struct StringsRule {
  bool non_empty = false;  // the array needs at least one element
  bool unique = true;
};

// An array of strings; each element is checked with its own position ("key[2]").
std::optional<std::vector<std::string>> as_strings(Checker& ck, const toml::node& n,
                                                   const std::string& key,
                                                   StringsRule rule = {}) {
  const auto* arr = n.as_array();
  if (!arr) {
    wrong_type(ck, n, key, "an array of strings");
    return std::nullopt;
  }
  if (rule.non_empty && arr->empty()) {
    ck.add(n.source(), key, msg("must not be empty"));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool good = true;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& e = *arr->get(i);
    auto s = as_string(ck, e, index_key(key, i));
    if (!s) {
      good = false;
      continue;
    }
    if (rule.unique && contains(out, *s)) {
      ck.add(e.source(), index_key(key, i), msg("duplicate value '{}'", *s));
      good = false;
      continue;
    }
    out.push_back(std::move(*s));
  }
  if (!good) return std::nullopt;
  return out;
}

// A table's keys as they are read: each lookup records the key as allowed, and finish()
// reports every other key as unknown, at its own position.
class Section {
 public:
  Section(Checker& ck, const toml::table& t, std::string path)
      : ck_(&ck), t_(&t), path_(std::move(path)) {}

  const toml::table& table() const { return *t_; }
  const std::string& path() const { return path_; }
  Checker& checker() const { return *ck_; }
  std::string key(std::string_view k) const { return sub_key(path_, k); }

  const toml::node* node(std::string_view k, bool required = true) {
    if (!contains(known_, k)) known_.emplace_back(k);
    const toml::node* n = t_->get(k);
    if (!n && required) ck_->add(t_->source(), key(k), msg("required key is missing"));
    return n;
  }

  std::optional<Section> section(std::string_view k, bool required = true) {
    const toml::node* n = node(k, required);
    if (!n) return std::nullopt;
    if (!n->is_table()) {
      wrong_type(*ck_, *n, key(k), "a table");
      return std::nullopt;
    }
    return Section(*ck_, *n->as_table(), key(k));
  }
  std::optional<std::string> str(std::string_view k, bool required = true) {
    const toml::node* n = node(k, required);
    return n ? as_string(*ck_, *n, key(k)) : std::nullopt;
  }
  std::optional<Duration> duration(std::string_view k, bool required = true,
                                   bool allow_same_day = true, bool positive = false) {
    const toml::node* n = node(k, required);
    return n ? as_duration(*ck_, *n, key(k), allow_same_day, positive) : std::nullopt;
  }
  std::optional<int> integer(std::string_view k, int lo, int hi, bool required = true) {
    const toml::node* n = node(k, required);
    return n ? as_int(*ck_, *n, key(k), lo, hi) : std::nullopt;
  }
  std::optional<bool> boolean(std::string_view k, bool required = true) {
    const toml::node* n = node(k, required);
    return n ? as_bool(*ck_, *n, key(k)) : std::nullopt;
  }
  std::optional<Ppm> fraction(std::string_view k, bool required = true) {
    const toml::node* n = node(k, required);
    return n ? as_fraction(*ck_, *n, key(k)) : std::nullopt;
  }
  std::optional<std::vector<std::string>> strings(std::string_view k, StringsRule rule = {},
                                                  bool required = true) {
    const toml::node* n = node(k, required);
    return n ? as_strings(*ck_, *n, key(k), rule) : std::nullopt;
  }
  template <class E>
  std::optional<E> choice(std::string_view k, Choices<E> choices, bool required = true) {
    const toml::node* n = node(k, required);
    return n ? as_choice<E>(*ck_, *n, key(k), choices) : std::nullopt;
  }

  void finish() const {
    for (const auto& [k, v] : *t_) {
      if (contains(known_, k.str())) continue;
      ck_->add(k.source(), key(k.str()), msg("unknown key (allowed: {})", join(known_)));
    }
  }

 private:
  Checker* ck_;
  const toml::table* t_;
  std::string path_;
  std::vector<std::string> known_;
};

template <class T>
void set(T& out, std::optional<T>&& value) {
  if (value) out = std::move(*value);
}

// Rough length of a duration for ordering ladders: months as 30 days, years as 365.
std::int64_t nominal_seconds(const Duration& d) {
  switch (d.unit) {
    case Duration::Unit::seconds: return d.count;
    case Duration::Unit::days: return d.count * 86400;
    case Duration::Unit::weeks: return d.count * 7 * 86400;
    case Duration::Unit::months: return d.count * 30 * 86400;
    case Duration::Unit::years: return d.count * 365 * 86400;
    case Duration::Unit::same_day: return 0;
  }
  return 0;
}

// "HH:MM" (or a TOML local time) → minute of the day; "24:00" is allowed as a closing time.
std::optional<int> as_minute(Checker& ck, const toml::node& n, const std::string& key) {
  if (const auto* t = n.as_time()) {
    const toml::time v = t->get();
    if (v.second == 0 && v.nanosecond == 0) return v.hour * 60 + v.minute;
  }
  if (const auto* s = n.as_string()) {
    const std::string& v = s->get();
    auto digit = [&](std::size_t i) { return v[i] >= '0' && v[i] <= '9'; };
    if (v.size() == 5 && digit(0) && digit(1) && v[2] == ':' && digit(3) && digit(4)) {
      const int h = (v[0] - '0') * 10 + (v[1] - '0');
      const int m = (v[3] - '0') * 10 + (v[4] - '0');
      if ((h < 24 && m < 60) || (h == 24 && m == 0)) return h * 60 + m;
    }
  }
  ck.add(n.source(), key, msg("expected a time such as \"09:00\", got {}", got(n)));
  return std::nullopt;
}

// "2026-10-01" (or a TOML local date).
std::optional<Date> as_date(Checker& ck, const toml::node& n, const std::string& key) {
  std::optional<Date> d;
  if (const auto* td = n.as_date()) {
    const toml::date v = td->get();
    Date c{v.year, v.month, v.day};
    if (valid_date(c)) d = c;
  } else if (const auto* s = n.as_string()) {
    d = parse_date(s->get());
  }
  if (!d) ck.add(n.source(), key, msg("expected a date such as \"2026-10-01\", got {}", got(n)));
  return d;
}

std::optional<std::set<Date>> as_dates(Checker& ck, const toml::node& n, const std::string& key) {
  const auto* arr = n.as_array();
  if (!arr) {
    wrong_type(ck, n, key, "an array of dates");
    return std::nullopt;
  }
  std::set<Date> out;
  bool good = true;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto d = as_date(ck, *arr->get(i), index_key(key, i));
    if (d) out.insert(*d);
    else good = false;
  }
  if (!good) return std::nullopt;
  return out;
}

std::string format_minute(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& p) {
  std::filesystem::path path(p);
  if (path.is_absolute() || base.empty()) return path;
  return base / path;
}

// ---- the conversion --------------------------------------------------------------------------

class Converter {
 public:
  Converter(Checker& ck, const toml::table& root, std::filesystem::path base_dir)
      : ck_(ck), root_(ck, root, ""), base_(std::move(base_dir)) {}

  Policy run() {
    Policy p;
    // Declared in documentation order for the "allowed:" list; read in dependency order below.
    for (std::string_view k : {"schema", "site", "calendar", "ticket", "complaint", "fee",
                               "channels", "visit", "patrol", "violation", "targets", "roles"})
      root_.node(k, false);
    if (const toml::node* n = root_.node("schema")) {
      if (auto v = as_int(ck_, *n, "schema", 1, 1000)) {
        if (*v != 1)
          ck_.add(n->source(), "schema", msg("unsupported policy schema {} (this svc reads 1)", *v));
        else
          p.schema = *v;
      }
    }
    if (auto s = root_.section("site")) site(*s, p);
    if (auto s = root_.section("calendar")) calendar(*s, p);
    p.calendar.utc_offset = p.site.utc_offset;
    if (auto s = root_.section("roles")) roles(*s, p);
    if (auto s = root_.section("channels")) {
      channels(*s, p);
      channels_ok_ = true;
    }
    if (auto s = root_.section("fee")) fee(*s, p);
    if (auto s = root_.section("ticket")) ticket(*s, p);
    if (auto s = root_.section("complaint")) complaint(*s, p);
    if (auto s = root_.section("visit")) visit(*s, p);
    if (auto s = root_.section("patrol")) patrol(*s, p);
    if (auto s = root_.section("violation")) violation(*s, p);
    if (auto s = root_.section("targets")) targets(*s, p);
    root_.finish();
    return p;
  }

 private:
  // A role that must exist; `acting`: it must be able to act (not read-only).
  void check_role(const toml::node& n, const std::string& key, const std::string& role,
                  bool acting = true) {
    if (!roles_ok_) return;  // [roles] itself is broken; do not pile on
    if (contains(order_, role)) return;
    if (contains(read_only_, role)) {
      if (acting)
        ck_.add(n.source(), key, msg("role '{}' is read-only (roles.read_only) and cannot act", role));
      return;
    }
    ck_.add(n.source(), key, msg("role '{}' is not in roles.order", role));
  }
  std::optional<std::string> role(Section& s, std::string_view k, bool required = true) {
    const toml::node* n = s.node(k, required);
    if (!n) return std::nullopt;
    auto v = as_string(ck_, *n, s.key(k));
    if (v) check_role(*n, s.key(k), *v);
    return v;
  }

  void site(Section& s, Policy& p) {
    set(p.site.name, s.str("name"));
    if (const toml::node* n = s.node("utc_offset")) {
      std::optional<int> off;
      if (const auto* str = n->as_string()) off = parse_utc_offset(str->get());
      if (off)
        p.site.utc_offset = *off;
      else
        ck_.add(n->source(), s.key("utc_offset"),
                msg("expected an offset such as \"+08:00\", got {}", got(*n)));
    }
    if (auto db = s.str("database", false)) p.site.database = resolve(base_, *db);
    s.finish();
  }

  void calendar(Section& s, Policy& p) {
    CalendarSpec& c = p.calendar;
    const toml::node* open = s.node("open");
    const toml::node* close = s.node("close");
    std::optional<int> o, cl;  // assigned, not `? :` with nullopt: GCC 12 -Wmaybe-uninitialized misfires
    if (open) o = as_minute(ck_, *open, s.key("open"));
    if (close) cl = as_minute(ck_, *close, s.key("close"));
    if (o && cl && *o >= *cl)
      ck_.add(close->source(), s.key("close"),
              msg("open {} is not before close {}", format_minute(*o), format_minute(*cl)));
    if (o) c.open_minute = *o;
    if (cl) c.close_minute = *cl;

    if (const toml::node* n = s.node("workdays")) {
      if (auto days = as_strings(ck_, *n, s.key("workdays"))) {
        c.workdays.fill(false);
        const auto* arr = n->as_array();
        for (std::size_t i = 0; i < days->size(); ++i) {
          auto it = std::find(kWeekdays.begin(), kWeekdays.end(), (*days)[i]);
          if (it == kWeekdays.end()) {
            ck_.add(arr->get(i)->source(), index_key(s.key("workdays"), i),
                    msg("unknown weekday '{}' (allowed: {})", (*days)[i], join(kWeekdays)));
            continue;
          }
          c.workdays[static_cast<std::size_t>(it - kWeekdays.begin())] = true;
        }
      }
    }
    const toml::node* hol = s.node("holidays");
    const toml::node* mk = s.node("makeup_workdays");
    if (hol) set(c.holidays, as_dates(ck_, *hol, s.key("holidays")));
    if (mk) set(c.makeup_workdays, as_dates(ck_, *mk, s.key("makeup_workdays")));
    for (const Date& d : c.makeup_workdays)
      if (c.holidays.count(d))
        ck_.add(mk->source(), s.key("makeup_workdays"),
                msg("{} is both a holiday and a make-up workday", format_date(d)));
    s.finish();
  }

  void roles(Section& s, Policy& p) {
    RolePolicy& r = p.roles;
    auto order = s.strings("order", {.non_empty = true});
    auto read_only = s.strings("read_only");
    if (order) r.order = *order;
    if (read_only) r.read_only = *read_only;
    roles_ok_ = order.has_value() && read_only.has_value();
    if (roles_ok_) {
      const auto* arr = s.table().get("read_only")->as_array();
      for (std::size_t i = 0; i < r.read_only.size(); ++i)
        if (contains(r.order, r.read_only[i])) {
          ck_.add(arr->get(i)->source(), index_key(s.key("read_only"), i),
                  msg("role '{}' is in both roles.order and roles.read_only", r.read_only[i]));
          roles_ok_ = false;
        }
    }
    order_ = r.order;
    read_only_ = r.read_only;
    for (const auto& action : policy_role_actions())
      if (auto v = role(s, action)) r.actions[action] = *v;
    s.finish();
  }

  void channels(Section& s, Policy& p) {
    for (const auto& [k, v] : s.table()) {
      const std::string key = s.key(k.str());
      if (contains(kBuiltInChannels, k.str())) {
        ck_.add(k.source(), key,
                msg("'{}' is a built-in channel and cannot be defined here", k.str()));
        continue;
      }
      if (!v.is_table()) {
        wrong_type(ck_, v, key, "a table");
        continue;
      }
      Section c(ck_, *v.as_table(), key);
      Channel ch;
      auto kind = c.choice<ChannelKind>("kind", {{"exec", ChannelKind::exec},
                                                 {"mail", ChannelKind::mail},
                                                 {"letter", ChannelKind::letter},
                                                 {"visit", ChannelKind::visit},
                                                 {"none", ChannelKind::none},
                                                 {"stdout", ChannelKind::standard_output}});
      const std::string kind_name =
          kind ? std::string(c.table().get("kind")->as_string()->get()) : std::string();
      const toml::node* command = c.node("command", false);
      const toml::node* tmpl = c.node("template", false);
      const toml::node* outbox = c.node("outbox", false);
      const toml::node* sendmail = c.node("sendmail", false);
      const toml::node* to = c.node("to", false);
      const toml::node* subject = c.node("subject", false);
      if (tmpl) set(ch.message_template, as_string(ck_, *tmpl, c.key("template")));
      if (to) set(ch.to, as_string(ck_, *to, c.key("to")));
      if (subject) set(ch.subject, as_string(ck_, *subject, c.key("subject")));
      if (command) set(ch.command, as_strings(ck_, *command, c.key("command"),
                                              {.non_empty = true, .unique = false}));
      placeholders(tmpl, c.key("template"));
      placeholders(to, c.key("to"));
      placeholders(subject, c.key("subject"));
      placeholders(command, c.key("command"));
      if (outbox)
        if (auto o = as_string(ck_, *outbox, c.key("outbox"))) ch.outbox = resolve(base_, *o);
      if (sendmail) set(ch.sendmail, as_strings(ck_, *sendmail, c.key("sendmail"),
                                                {.non_empty = true, .unique = false}));
      if (kind) {
        ch.kind = *kind;
        auto need = [&](const toml::node* n, std::string_view name, bool wanted) {
          if (wanted && !n)
            ck_.add(c.table().source(), c.key(name),
                    msg("required for channel kind '{}'", kind_name));
          if (!wanted && n)
            ck_.add(n->source(), c.key(name), msg("not used by channel kind '{}'", kind_name));
        };
        need(command, "command", *kind == ChannelKind::exec);
        need(outbox, "outbox", *kind == ChannelKind::letter);
        need(to, "to", *kind == ChannelKind::mail);
        if (to && ch.to.empty()) ck_.add(to->source(), c.key("to"), msg("must not be empty"));
        if (*kind != ChannelKind::mail) {
          need(sendmail, "sendmail", false);
          need(subject, "subject", false);
        }
        if (*kind == ChannelKind::mail && ch.sendmail.empty())
          ch.sendmail = {"/usr/sbin/sendmail", "-t"};
      }
      c.finish();
      p.channels[std::string(k.str())] = std::move(ch);
    }
  }

  // Every {name} in a channel text (or each element of an array) must be a known placeholder.
  void placeholders(const toml::node* n, const std::string& key) {
    if (!n) return;
    auto scan = [&](const toml::node& e, const std::string& k) {
      const auto* str = e.as_string();
      if (!str) return;
      const std::string_view text = str->get();
      for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
        const std::size_t close = text.find('}', open);
        if (close == std::string_view::npos) break;
        const std::string name(text.substr(open + 1, close - open - 1));
        if (!contains(kPlaceholders, name))
          ck_.add(e.source(), k, msg("unknown placeholder '{{{}}}' (allowed: {})", name, join(kPlaceholders)));
      }
    };
    if (const auto* arr = n->as_array()) {
      for (std::size_t i = 0; i < arr->size(); ++i) scan(*arr->get(i), index_key(key, i));
    } else {
      scan(*n, key);
    }
  }

  void remind(Section& s, RemindPolicy& r) {
    set(r.attempts, s.integer("attempts", 1, 100));
    set(r.pay_within, s.duration("pay_within", true, false, true));
    set(r.late_after, s.duration("late_after", true, false, true));
    if (auto t = s.duration("timeout", true, false, true)) {
      const auto secs = fixed_seconds(*t);
      if (!secs || *secs > 3600)
        ck_.add(s.node("timeout")->source(), s.key("timeout"),
                msg("must be a fixed length of at most 1h, got '{}'", format_duration(*t)));
      else
        r.timeout = *t;
    }
    s.finish();
  }

  void fee(Section& s, Policy& p) {
    FeePolicy& f = p.fee;
    if (const toml::node* n = s.node("receipt_prefix")) {
      if (auto v = as_string(ck_, *n, s.key("receipt_prefix"))) {
        const bool plain = std::all_of(v->begin(), v->end(), [](char ch) {
          return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                 ch == '-';
        });
        if (!plain || v->size() > 8)
          ck_.add(n->source(), s.key("receipt_prefix"),
                  msg("must be 1 to 8 ASCII letters, digits or '-', got {}", got(*n)));
        else
          f.receipt_prefix = *v;
      }
    }
    const toml::node* alloc_node = s.node("allocation");
    auto alloc = alloc_node ? as_choice<Allocation>(
                                  ck_, *alloc_node, s.key("allocation"),
                                  {{"oldest_due_first", Allocation::oldest_due_first},
                                   {"by_item_priority", Allocation::by_item_priority}})
                            : std::nullopt;
    if (alloc) f.allocation = *alloc;
    const bool by_priority_here = alloc.has_value() && *alloc == Allocation::by_item_priority;
    const toml::node* prio = s.node("item_priority", false);
    if (prio) set(f.item_priority, as_strings(ck_, *prio, s.key("item_priority")));
    if (const toml::node* n = s.node("late_fee_per_day"))
      set(f.late_fee_per_day, as_rate(ck_, *n, s.key("late_fee_per_day")));
    if (const toml::node* n = s.node("late_fee_cap"))
      set(f.late_fee_cap, as_rate(ck_, *n, s.key("late_fee_cap")));
    if (const toml::node* n = s.node("status_factor")) {
      if (const auto* t = n->as_table()) {
        for (const auto& [k, v] : *t) {
          const std::string key = s.key("status_factor") + "." + std::string(k.str());
          if (!contains(kUnitStatuses, k.str())) {
            ck_.add(k.source(), key, msg("unknown unit status '{}' (allowed: {})", k.str(),
                                         join(kUnitStatuses)));
            continue;
          }
          if (auto ppm = as_fraction(ck_, v, key)) f.status_factor[std::string(k.str())] = *ppm;
        }
      } else {
        wrong_type(ck_, *n, s.key("status_factor"), "a table");
      }
    }
    if (auto items = s.section("items")) {
      fee_items(*items, f);
      items_ok_ = true;
    }
    if (const toml::node* n = s.node("entrusted_meter_limits", false)) entrusted_limits(*n, s, f);
    if (prio) {
      const auto* arr = prio->as_array();
      for (std::size_t i = 0; arr && items_ok_ && i < f.item_priority.size(); ++i)
        if (!find_item(f, f.item_priority[i]))
          ck_.add(arr->get(i)->source(), index_key(s.key("item_priority"), i),
                  msg("unknown fee item '{}' (defined: {})", f.item_priority[i], item_codes(f)));
    }
    if (by_priority_here && f.item_priority.empty())
      ck_.add(alloc_node->source(), s.key("allocation"),
              msg("by_item_priority needs a non-empty fee.item_priority"));
    if (const toml::node* n = s.node("dunning")) dunning(*n, s.key("dunning"), p);
    if (auto r = s.section("remind")) remind(*r, f.remind);
    s.finish();
  }

  // { water = "5", electric = "20" }: each key a meter some fee item reads (domain-rules 3.3).
  void entrusted_limits(const toml::node& n, Section& s, FeePolicy& f) {
    const std::string key = s.key("entrusted_meter_limits");
    const auto* t = n.as_table();
    if (!t) return wrong_type(ck_, n, key, "a table");
    std::vector<std::string> meters;
    for (const auto& item : f.items)
      if (item.meter) meters.push_back(*item.meter);
    for (const auto& [k, v] : *t) {
      const std::string sub = key + "." + std::string(k.str());
      if (items_ok_ && !contains(meters, k.str())) {
        ck_.add(k.source(), sub, msg("unknown meter '{}' (fee items read: {})", k.str(), join(meters)));
        continue;
      }
      std::optional<std::int64_t> centi;
      if (const auto* str = v.as_string()) centi = parse_area(str->get());
      if (!centi) {
        ck_.add(v.source(), sub, msg("expected a positive amount such as \"5\" or \"20.5\", got {}", got(v)));
        continue;
      }
      f.entrusted_meter_limits[std::string(k.str())] = *centi;
    }
  }

  static const FeeItem* find_item(const FeePolicy& f, std::string_view code) {
    for (const auto& item : f.items)
      if (item.code == code) return &item;
    return nullptr;
  }
  static std::string item_codes(const FeePolicy& f) {
    std::vector<std::string> codes;
    for (const auto& item : f.items) codes.push_back(item.code);
    return join(codes);
  }

  void fee_items(Section& s, FeePolicy& f) {
    for (const auto& [k, v] : s.table()) {
      const std::string key = s.key(k.str());
      if (!v.is_table()) {
        wrong_type(ck_, v, key, "a table");
        continue;
      }
      Section it(ck_, *v.as_table(), key);
      FeeItem item;
      item.code = std::string(k.str());
      set(item.name, it.str("name"));
      auto basis = it.choice<FeeBasis>("basis", {{"area", FeeBasis::area},
                                                 {"unit", FeeBasis::unit},
                                                 {"meter", FeeBasis::meter},
                                                 {"fixed", FeeBasis::fixed}});
      if (basis) item.basis = *basis;
      const std::string basis_name =
          basis ? std::string(it.table().get("basis")->as_string()->get()) : std::string();
      const toml::node* rate = it.node("rate", false);
      if (rate) set(item.rate, as_yuan(ck_, *rate, it.key("rate")));
      else if (basis && *basis != FeeBasis::fixed)
        ck_.add(it.table().source(), it.key("rate"), msg("required for basis \"{}\"", basis_name));
      set(item.cycle, it.choice<FeeCycle>("cycle",
                                          {{"month", FeeCycle::month},
                                           {"quarter", FeeCycle::quarter},
                                           {"year", FeeCycle::year}},
                                          false));
      const toml::node* due_day = it.node("due_day", false);
      const toml::node* due_within = it.node("due_within", false);
      if (due_day) item.due_day = as_int(ck_, *due_day, it.key("due_day"), 1, 28);
      if (due_within) item.due_within = as_duration(ck_, *due_within, it.key("due_within"));
      if (!due_day && !due_within)
        ck_.add(it.table().source(), key, msg("set due_day or due_within"));
      if (due_day && due_within)
        ck_.add(due_within->source(), it.key("due_within"),
                msg("set only one of due_day and due_within"));
      const toml::node* meter = it.node("meter", false);
      if (meter) item.meter = as_string(ck_, *meter, it.key("meter"));
      if (basis && *basis == FeeBasis::meter && !meter)
        ck_.add(it.table().source(), it.key("meter"), msg("required for basis \"{}\"", basis_name));
      if (basis && *basis != FeeBasis::meter && meter)
        ck_.add(meter->source(), it.key("meter"), msg("only for basis \"meter\""));
      item.applies_to = it.str("applies_to", false);
      it.finish();
      f.items.push_back(std::move(item));
    }
  }

  void dunning(const toml::node& n, const std::string& key, Policy& p) {
    const auto* arr = n.as_array();
    if (!arr || !(arr->empty() || arr->is_array_of_tables())) {
      wrong_type(ck_, n, key, "an array of tables");
      return;
    }
    std::optional<std::pair<Duration, std::string>> prev;
    std::vector<std::string> stages;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      Section d(ck_, *arr->get(i)->as_table(), index_key(key, i));
      DunningStage st;
      if (const toml::node* sn = d.node("stage")) {
        if (auto v = as_string(ck_, *sn, d.key("stage"))) {
          if (contains(stages, *v))
            ck_.add(sn->source(), d.key("stage"), msg("duplicate value '{}'", *v));
          stages.push_back(*v);
          st.stage = *v;
        }
      }
      if (const toml::node* an = d.node("after")) {
        if (auto after = as_duration(ck_, *an, d.key("after"), false)) {
          const std::string text = an->as_string()->get();
          if (prev && nominal_seconds(*after) <= nominal_seconds(prev->first))
            ck_.add(an->source(), d.key("after"),
                    msg("dunning ladder goes backwards: {} is not after {}", text, prev->second));
          prev = std::make_pair(*after, text);
          st.after = *after;
        }
      }
      st.repeat = d.duration("repeat", false, false, true);
      if (const toml::node* cn = d.node("channel")) {
        if (auto ch = as_string(ck_, *cn, d.key("channel"))) {
          if (channels_ok_ && !contains(kBuiltInChannels, *ch) && !p.channels.count(*ch))
            ck_.add(cn->source(), d.key("channel"),
                    msg("unknown channel '{}' (defined: {}; built-in: {})", *ch,
                        join_keys(p.channels), join(kBuiltInChannels)));
          st.channel = *ch;
        }
      }
      if (const toml::node* on = d.node("only_status", false)) {
        if (auto v = as_strings(ck_, *on, d.key("only_status"))) {
          for (std::size_t j = 0; j < v->size(); ++j)
            if (!contains(kUnitStatuses, (*v)[j]))
              ck_.add(on->as_array()->get(j)->source(), index_key(d.key("only_status"), j),
                      msg("unknown unit status '{}' (allowed: {})", (*v)[j], join(kUnitStatuses)));
          st.only_status = *v;
        }
      }
      st.approve_role = role(d, "approve_role", false);
      d.finish();
      p.fee.dunning.push_back(std::move(st));
    }
  }

  void sla(Section& s, TicketSla& out) {
    set(out.dispatch_within, s.duration("dispatch_within"));
    set(out.arrive_within, s.duration("arrive_within"));
    set(out.complete_within, s.duration("complete_within"));
    out.urgent_complete_within = s.duration("urgent_complete_within", false);
    s.finish();
  }

  void ticket(Section& s, Policy& p) {
    TicketPolicy& t = p.ticket;
    set(t.clock, s.choice<ClockKind>("clock", {{"calendar", ClockKind::calendar},
                                               {"business", ClockKind::business}}));
    auto categories = s.strings("categories", {.non_empty = true});
    if (categories) t.categories = *categories;
    if (const toml::node* n = s.node("callback_class")) {
      if (!categories) {
        // the categories are broken already; checking against them would only add noise
      } else if (const auto* tbl = n->as_table()) {
        for (const auto& [k, v] : *tbl) {
          const std::string key = s.key("callback_class") + "." + std::string(k.str());
          if (!contains(t.categories, k.str())) {
            ck_.add(k.source(), key, msg("unknown ticket category '{}' (categories: {})",
                                         k.str(), join(t.categories)));
            continue;
          }
          auto cls = as_string(ck_, v, key);
          if (!cls) continue;
          if (!contains(kCallbackKeys, *cls)) {
            ck_.add(v.source(), key, msg("'{}' is not a callback key (allowed: {})", *cls,
                                         join(kCallbackKeys)));
            continue;
          }
          t.callback_class[std::string(k.str())] = *cls;
        }
      } else {
        wrong_type(ck_, *n, s.key("callback_class"), "a table");
      }
    }
    set(t.pause_statuses, s.strings("pause_statuses"));
    if (auto slas = s.section("sla")) {
      if (auto h = slas->section("household")) sla(*h, t.household);
      if (auto pub = slas->section("public")) sla(*pub, t.public_area);
      slas->finish();
    }
    if (auto cb = s.section("callback")) {
      set(t.callback.safety, cb->duration("safety"));
      set(t.callback.leak, cb->duration("leak"));
      set(t.callback.fallback, cb->duration("default"));
      set(t.callback.reopen_at_or_below, cb->integer("reopen_at_or_below", 1, 5));
      cb->finish();
    }
    if (auto paid = s.section("paid")) {
      set(t.paid.post_to_ledger, paid->boolean("post_to_ledger"));
      if (const toml::node* n = paid->node("fee_item")) {
        if (auto v = as_string(ck_, *n, paid->key("fee_item"))) {
          if (items_ok_ && !find_item(p.fee, *v))
            ck_.add(n->source(), paid->key("fee_item"),
                    msg("unknown fee item '{}' (defined: {})", *v, item_codes(p.fee)));
          t.paid.fee_item = *v;
        }
      }
      paid->finish();
    }
    s.finish();
  }

  void complaint(Section& s, Policy& p) {
    ComplaintPolicy& c = p.complaint;
    set(c.clock, s.choice<ClockKind>("clock", {{"calendar", ClockKind::calendar},
                                               {"business", ClockKind::business}}));
    set(c.kinds, s.strings("kinds", {.non_empty = true}));
    set(c.categories, s.strings("categories", {.non_empty = true}));
    set(c.callback_within, s.duration("callback_within"));
    set(c.upgrade_to_major_after, s.duration("upgrade_to_major_after", true, false, true));
    if (auto sev = s.section("severity")) {
      for (std::string_view level : {"major", "important", "minor"}) {
        auto one = sev->section(level);
        if (!one) continue;
        SeverityRule r;
        r.escalate_to = role(*one, "escalate_to", false);
        r.escalate_within = one->duration("escalate_within", false);
        r.answer_within = one->duration("answer_within", false);
        r.resolve_within = one->duration("resolve_within", false);
        if (r.escalate_within && !r.escalate_to)
          ck_.add(one->table().source(), one->key("escalate_to"),
                  msg("required when escalate_within is set"));
        one->finish();
        c.severity[std::string(level)] = std::move(r);
      }
      sev->finish();
    }
    if (const toml::node* n = s.node("ladder")) {
      const std::string key = s.key("ladder");
      const auto* arr = n->as_array();
      if (!arr || !(arr->empty() || arr->is_array_of_tables())) {
        wrong_type(ck_, *n, key, "an array of tables");
      } else {
        std::optional<std::pair<Duration, std::string>> prev;
        for (std::size_t i = 0; i < arr->size(); ++i) {
          Section st(ck_, *arr->get(i)->as_table(), index_key(key, i));
          LadderStep step;
          if (const toml::node* an = st.node("after")) {
            if (auto after = as_duration(ck_, *an, st.key("after"), false)) {
              const std::string text = an->as_string()->get();
              if (prev && nominal_seconds(*after) <= nominal_seconds(prev->first))
                ck_.add(an->source(), st.key("after"),
                        msg("ladder goes backwards: {} is not after {}", text, prev->second));
              prev = std::make_pair(*after, text);
              step.after = *after;
            }
          }
          set(step.level, role(st, "level"));
          st.finish();
          c.ladder.push_back(std::move(step));
        }
      }
    }
    s.finish();
  }

  void visit(Section& s, Policy& p) {
    VisitPolicy& v = p.visit;
    set(v.outreach_every, s.duration("outreach_every", true, false, true));
    set(v.survey_every, s.duration("survey_every", true, false, true));
    set(v.satisfied_at_or_above, s.integer("satisfied_at_or_above", 1, 5));
    if (const toml::node* n = s.node("scale")) {
      if (auto labels = as_strings(ck_, *n, s.key("scale"))) {
        if (labels->size() != 5)
          ck_.add(n->source(), s.key("scale"),
                  msg("must have exactly 5 labels (1 = worst … 5 = best), got {}", labels->size()));
        else
          v.scale = *labels;
      }
    }
    s.finish();
  }

  void patrol(Section& s, Policy& p) {
    PatrolPolicy& pt = p.patrol;
    if (const toml::node* n = s.node("plan_due")) {
      const auto* str = n->as_string();
      const auto* num = n->as_integer();
      if (str && str->get() == "month-end")
        pt.plan_due_day = 0;
      else if (num && num->get() >= 1 && num->get() <= 28)
        pt.plan_due_day = static_cast<int>(num->get());
      else
        ck_.add(n->source(), s.key("plan_due"),
                msg("expected \"month-end\" or a day of the month from 1 to 28, got {}", got(*n)));
    }
    // Checklists first: routes refer to them.
    const bool lists_ok = s.table().get("checklists") && s.table().get("checklists")->is_table();
    if (auto lists = s.section("checklists")) {
      for (const auto& [k, v] : lists->table()) {
        if (auto items = as_strings(ck_, v, lists->key(k.str()), {.non_empty = true}))
          pt.checklists[std::string(k.str())] = *items;
      }
    }
    if (auto routes = s.section("routes")) {
      for (const auto& [k, v] : routes->table()) {
        const std::string key = routes->key(k.str());
        if (!v.is_table()) {
          wrong_type(ck_, v, key, "a table");
          continue;
        }
        Section r(ck_, *v.as_table(), key);
        PatrolRoute route;
        route.code = std::string(k.str());
        set(route.name, r.str("name"));
        if (const toml::node* fn = r.node("frequency")) {
          if (auto f = as_frequency(*fn, r.key("frequency"))) {
            route.every = *f;
            route.frequency = fn->as_string()->get();
          }
        }
        if (const toml::node* cn = r.node("checklist")) {
          if (auto cl = as_string(ck_, *cn, r.key("checklist"))) {
            if (lists_ok && !pt.checklists.count(*cl))
              ck_.add(cn->source(), r.key("checklist"),
                      msg("unknown checklist '{}' (defined: {})", *cl, join_keys(pt.checklists)));
            route.checklist = *cl;
          }
        }
        r.finish();
        pt.routes.push_back(std::move(route));
      }
    }
    s.finish();
  }

  std::optional<PatrolFrequency> as_frequency(const toml::node& n, const std::string& key) {
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
    ck_.add(n.source(), key,
            msg("expected \"daily\", \"weekly\" or \"Nx-daily\" (e.g. \"3x-daily\"), got {}",
                got(n)));
    return std::nullopt;
  }

  void violation(Section& s, Policy& p) {
    ViolationPolicy& v = p.violation;
    set(v.categories, s.strings("categories", {.non_empty = true}));
    if (auto retain = s.section("retain")) {
      set(v.retain_general, retain->duration("general", true, false, true));
      set(v.retain_major, retain->duration("major", true, false, true));
      retain->finish();
    }
    if (const toml::node* n = s.node("penalty_roles")) {
      if (auto names = as_strings(ck_, *n, s.key("penalty_roles"), {.non_empty = true})) {
        for (std::size_t i = 0; i < names->size(); ++i)
          check_role(*n->as_array()->get(i), index_key(s.key("penalty_roles"), i), (*names)[i]);
        v.penalty_roles = *names;
      }
    }
    set(v.major_handler, role(s, "major_handler"));
    s.finish();
  }

  void targets(Section& s, Policy& p) {
    for (std::string_view k : {"complaint_callback_rate", "repair_callback_rate",
                               "satisfaction_rate", "dunning_rate", "receipt_rate",
                               "collection_rate"}) {
      if (auto v = s.fraction(k, false)) p.targets[std::string(k)] = *v;
    }
    s.finish();
  }

  Checker& ck_;
  Section root_;
  std::filesystem::path base_;
  std::vector<std::string> order_;
  std::vector<std::string> read_only_;
  bool roles_ok_ = false;
  bool items_ok_ = false;     // fee.items was a table: fee item references can be checked
  bool channels_ok_ = false;  // [channels] was a table: channel references can be checked
};

// ---- parsing, merging, printing --------------------------------------------------------------

toml::table parse_text(std::string_view text, std::string_view source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source();
    std::string desc(e.description());
    if (desc.find("utf-8") != std::string::npos || desc.find("UTF-8") != std::string::npos)
      desc = msg("the policy file is not valid UTF-8 ({}); save it as UTF-8", desc);
    throw Error(Exit::config, fmt::format("{}:{}:{}: {}", source_name, where.begin.line,
                                          where.begin.column, desc));
  }
}

std::string dotted(const std::vector<std::string>& path) { return join(path, "."); }

// Paths of the tables the default writes inline (`callback_class = { ... }`): single values
// that a site file replaces whole.
void collect_inline(const toml::table& t, std::vector<std::string>& path,
                    std::set<std::string>& out) {
  for (const auto& [k, v] : t) {
    if (const auto* sub = v.as_table()) {
      path.emplace_back(k.str());
      if (sub->is_inline()) out.insert(dotted(path));
      else collect_inline(*sub, path, out);
      path.pop_back();
    }
  }
}

// Deep merge: tables merge key by key; arrays (arrays of tables included), scalars and the
// default's inline tables are replaced whole. The override's nodes are moved in, so their source
// positions survive for error messages.
void merge_into(toml::table& base, toml::table& over, std::vector<std::string>& path,
                const std::set<std::string>& atomic) {
  for (auto&& [k, v] : over) {
    path.emplace_back(k.str());
    toml::node* b = base.get(k.str());
    if (b && b->is_table() && v.is_table() && !atomic.count(dotted(path))) {
      merge_into(*b->as_table(), *v.as_table(), path, atomic);
    } else {
      base.erase(k.str());
      base.insert(k, std::move(v));
    }
    path.pop_back();
  }
}

// One spelling per meaning, so that the text (and the hash) depends on the values only:
// the atomic tables inline, every other table (array elements included) as a [section].
void canonicalize(toml::table& t, std::vector<std::string>& path,
                  const std::set<std::string>& atomic) {
  for (auto&& [k, v] : t) {
    path.emplace_back(k.str());
    if (auto* sub = v.as_table()) {
      const bool inline_table = atomic.count(dotted(path)) > 0;
      sub->is_inline(inline_table);
      if (!inline_table) canonicalize(*sub, path, atomic);
    } else if (auto* arr = v.as_array()) {
      for (auto& e : *arr)
        if (auto* et = e.as_table()) {
          et->is_inline(false);
          canonicalize(*et, path, atomic);
        }
    }
    path.pop_back();
  }
}

// Fractions print as the exact ppm value they were read as (0.7, not 0.69999999999999996).
void normalize_fractions(toml::table& root, const Policy& p) {
  auto fix = [](toml::table* t, const std::map<std::string, Ppm>& values) {
    if (!t) return;
    for (const auto& [k, ppm] : values)
      t->insert_or_assign(k, static_cast<double>(ppm) / 1e6);
  };
  if (auto* fee = root.get_as<toml::table>("fee"))
    fix(fee->get_as<toml::table>("status_factor"), p.fee.status_factor);
  fix(root.get_as<toml::table>("targets"), p.targets);
}

constexpr toml::format_flags kFormat =
    (toml::toml_formatter::default_flags | toml::format_flags::relaxed_float_precision) &
    ~(toml::format_flags::allow_literal_strings | toml::format_flags::indent_sub_tables);

std::string to_toml(const toml::node& n) {
  std::ostringstream os;
  os << toml::toml_formatter(n, kFormat);
  return os.str();
}

toml::table default_table() { return parse_text(embedded::default_policy(), kBuiltIn); }

Policy build(std::optional<std::string_view> user_text, std::string_view source_name,
             const std::filesystem::path& base_dir) {
  auto doc = std::make_shared<PolicyDocument>();
  doc->defaults = default_table();
  std::set<std::string> atomic;
  std::vector<std::string> path;
  collect_inline(doc->defaults, path, atomic);

  toml::table merged = default_table();
  if (user_text) {
    toml::table over = parse_text(*user_text, source_name);
    merge_into(merged, over, path, atomic);
  }

  Checker ck{std::string(source_name)};
  Converter conv(ck, merged, base_dir);
  Policy p = conv.run();
  if (!ck.ok()) ck.raise();

  canonicalize(merged, path, atomic);
  normalize_fractions(merged, p);
  doc->effective = std::move(merged);
  p.source = std::string(source_name);
  p.hash = sha256_hex(to_toml(doc->effective));
  p.document = std::move(doc);
  return p;
}

// ---- explanation metadata --------------------------------------------------------------------

struct KeyMeta {
  std::string_view key;
  std::string_view rule;
  std::string_view governs;
};

constexpr std::string_view kR13 = "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L258–L284)";
constexpr std::string_view kR19 = "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171, L207)";
constexpr std::string_view kR24 = "domain-rules 2.4 (000_3a8a6dc9a1356e86.txt L199)";
constexpr std::string_view kPolicyMd = "policy.md (site setting; no seed rule)";

constexpr KeyMeta kMeta[] = {
    {"schema", kPolicyMd, "Version of the policy file format; this svc reads 1."},
    {"site", kPolicyMd, "Who the site is and where its data lives."},
    {"site.name", kPolicyMd, "Site name printed on receipts, letters and report headers."},
    {"site.utc_offset", kPolicyMd,
     "The site's offset from UTC; every stored time and local date uses it."},
    {"site.database", kPolicyMd,
     "The database file, relative to the policy file's folder, used when --db and SVC_DB are not given."},
    {"calendar", "domain-rules 12 (001_208f2cb91d28a4fa.txt L24)",
     "Open hours and business days for deadlines on the business clock."},
    {"calendar.open", "domain-rules 12 (001_208f2cb91d28a4fa.txt L24)",
     "Opening time of the service centre (HH:MM)."},
    {"calendar.close", "domain-rules 12 (001_208f2cb91d28a4fa.txt L24)",
     "Closing time of the service centre (HH:MM)."},
    {"calendar.workdays", "domain-rules 12 (001_208f2cb91d28a4fa.txt L24)",
     "Weekdays on which the service centre is open."},
    {"calendar.holidays", kPolicyMd, "Dates that are never business days."},
    {"calendar.makeup_workdays", kPolicyMd,
     "Make-up workdays (调休) that are business days even on a weekend."},

    {"ticket", "domain-rules 1 (003_a7d07f08f90d4b49.txt L242–L326)",
     "Repair tickets: categories, deadlines, callbacks and paid service."},
    {"ticket.clock", "domain-rules 1.3",
     "Whether ticket deadlines count wall time (calendar) or open hours on business days (business)."},
    {"ticket.categories", "domain-rules 1.1", "The repair categories a ticket may have."},
    {"ticket.callback_class", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Which ticket categories use the safety or leak callback deadline; the rest use default."},
    {"ticket.callback_class.*", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "The callback class (safety, leak or default) of one ticket category."},
    {"ticket.pause_statuses", kPolicyMd, "Ticket statuses in which the SLA clock is paused."},
    {"ticket.sla", kR13, "Repair time limits for household and public-facility tickets."},
    {"ticket.sla.household", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L258–L264)",
     "Time limits for repairs inside a household."},
    {"ticket.sla.household.dispatch_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L260)",
     "Time from intake until the work order is written and engineering is notified."},
    {"ticket.sla.household.arrive_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L264)",
     "Time until the repairer is on site, for urgent jobs."},
    {"ticket.sla.household.complete_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L270)",
     "Time to finish a scheduled repair."},
    {"ticket.sla.household.urgent_complete_within", "domain-rules 1.3, 13.8",
     "Optional time to finish an urgent repair; unset means no completion deadline."},
    {"ticket.sla.public", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L280–L284)",
     "Time limits for repairs to public facilities and equipment."},
    {"ticket.sla.public.dispatch_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L280)",
     "Time from intake until the work order is written and engineering is notified."},
    {"ticket.sla.public.arrive_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L284)",
     "Time until the repairer is on site, for urgent jobs."},
    {"ticket.sla.public.complete_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L270)",
     "Time to finish a scheduled repair."},
    {"ticket.sla.public.urgent_complete_within", "domain-rules 1.3, 13.8",
     "Optional time to finish an urgent repair; unset means no completion deadline."},
    {"ticket.callback", kR19,
     "Repair callback deadlines after completion, and the rating that reopens a ticket."},
    {"ticket.callback.safety", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Callback deadline after a safety-facility repair."},
    {"ticket.callback.leak", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Callback deadline after the leak test of a leak repair."},
    {"ticket.callback.default", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Callback deadline after any other repair."},
    {"ticket.callback.reopen_at_or_below", "domain-rules 1.9, 1.10 (001_208f2cb91d28a4fa.txt L100)",
     "A callback rating at or below this (1 to 5) reopens the ticket."},
    {"ticket.paid", "domain-rules 1.7 (003_a7d07f08f90d4b49.txt L290–L292)",
     "How paid repairs (有偿服务) are charged."},
    {"ticket.paid.post_to_ledger", "domain-rules 1.7 (003_a7d07f08f90d4b49.txt L290)",
     "Whether a paid ticket's charge is posted to the unit's fee ledger."},
    {"ticket.paid.fee_item", "domain-rules 1.7 (003_a7d07f08f90d4b49.txt L290)",
     "The fee item a paid ticket's charge is billed under."},

    {"complaint", "domain-rules 2", "Complaints: kinds, deadlines, escalation and callbacks."},
    {"complaint.clock", "domain-rules 2.4",
     "Whether complaint deadlines count wall time (calendar) or open hours on business days (business)."},
    {"complaint.kinds", "domain-rules 2.3 (003_a7d07f08f90d4b49.txt L240)",
     "The kinds of record: complaint, suggestion, inquiry."},
    {"complaint.categories", "domain-rules 2.3 (003_a7d07f08f90d4b49.txt L186–L202)",
     "The categories a complaint may have."},
    {"complaint.callback_within", "domain-rules 2.7 (004_504d2768a8d897d2.txt L53)",
     "Callback deadline after a complaint is resolved."},
    {"complaint.upgrade_to_major_after", "domain-rules 2.6 (003_a7d07f08f90d4b49.txt L174)",
     "Time after which an unresolved valid complaint becomes major."},
    {"complaint.severity", kR24, "Deadlines and escalation for each complaint severity."},
    {"complaint.severity.major", kR24, "Deadlines for major (重大) complaints."},
    {"complaint.severity.major.escalate_to", kR24,
     "Who a complaint of this severity is escalated to."},
    {"complaint.severity.major.escalate_within", kR24,
     "Time from intake to escalation for this severity."},
    {"complaint.severity.major.answer_within", kR24,
     "Time from intake to a clear answer to the complainant for this severity."},
    {"complaint.severity.major.resolve_within", kR24,
     "Time from intake to resolution for this severity."},
    {"complaint.severity.important", kR24, "Deadlines for important (重要) complaints."},
    {"complaint.severity.important.escalate_to", kR24,
     "Who a complaint of this severity is escalated to."},
    {"complaint.severity.important.escalate_within", kR24,
     "Time from intake to escalation for this severity."},
    {"complaint.severity.important.answer_within", kR24,
     "Time from intake to a clear answer to the complainant for this severity."},
    {"complaint.severity.important.resolve_within", kR24,
     "Time from intake to resolution for this severity."},
    {"complaint.severity.minor", kR24,
     "Deadlines for minor (轻微) complaints; the complainant's own deadline wins if sooner."},
    {"complaint.severity.minor.escalate_to", kR24,
     "Who a complaint of this severity is escalated to."},
    {"complaint.severity.minor.escalate_within", kR24,
     "Time from intake to escalation for this severity."},
    {"complaint.severity.minor.answer_within", kR24,
     "Time from intake to a clear answer to the complainant for this severity."},
    {"complaint.severity.minor.resolve_within", kR24,
     "Time from intake to resolution for this severity."},
    {"complaint.ladder", "domain-rules 2.5 (003_a7d07f08f90d4b49.txt L210–L216)",
     "Escalation levels by time since intake while a complaint is unresolved."},

    {"fee", "domain-rules 3", "Fees: items, receipts, payment allocation, late fees and dunning."},
    {"fee.receipt_prefix", "domain-rules 3.8 (000_3a8a6dc9a1356e86.txt L173)",
     "Prefix of receipt numbers, which are gapless per year."},
    {"fee.allocation", "domain-rules 3.4; policy.md", "How a payment is spread over unpaid bills."},
    {"fee.item_priority", kPolicyMd, "Order of fee items for the by_item_priority allocation."},
    {"fee.late_fee_per_day", kPolicyMd,
     "Late fee per day as a fraction of the overdue amount; 0 means none."},
    {"fee.late_fee_cap", kPolicyMd,
     "Maximum late fee as a fraction of the principal; 0 means no cap."},
    {"fee.status_factor", "domain-rules 3.3 (000_3a8a6dc9a1356e86.txt L157)",
     "Share of the management fee paid by units in a given status."},
    {"fee.status_factor.*", "domain-rules 3.3 (000_3a8a6dc9a1356e86.txt L157)",
     "Share of the management fee paid by units in this status."},
    {"fee.items", "domain-rules 3.1 (001_208f2cb91d28a4fa.txt L100)", "The fee items that are billed."},
    {"fee.items.*", "domain-rules 3.1, 3.2", "One fee item: how it is computed and when it is due."},
    {"fee.items.*.name", "domain-rules 3.1", "Name of the fee item on bills and receipts."},
    {"fee.items.*.basis", "domain-rules 3.1",
     "What the charge is computed from: area, unit, meter or fixed."},
    {"fee.items.*.rate", "domain-rules 3.2", "Rate in yuan per m², per unit or per meter unit."},
    {"fee.items.*.cycle", "domain-rules 3.2", "Billing cycle: month, quarter or year."},
    {"fee.items.*.due_day", kPolicyMd, "Day of the billed month on which the bill is due."},
    {"fee.items.*.due_within", kPolicyMd, "Time after posting within which the bill is due."},
    {"fee.items.*.meter", "domain-rules 3.1", "Which meter's readings are billed."},
    {"fee.items.*.applies_to", kPolicyMd, "Unit flag a unit must have to be billed this item."},
    {"fee.entrusted_meter_limits", "domain-rules 3.3 (000_3a8a6dc9a1356e86.txt L157)",
     "Most water and electricity an entrusted home may use between two readings; more is flagged."},
    {"fee.entrusted_meter_limits.*", "domain-rules 3.3 (000_3a8a6dc9a1356e86.txt L157)",
     "Most an entrusted home may use on this meter between two readings; more is flagged."},
    {"fee.dunning", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Dunning stages by time since the oldest unpaid due date."},

    {"fee.remind", "domain-rules 3.5, 3.7 (004_504d2768a8d897d2.txt L43)",
     "How svc fee remind delivers: attempts, payment deadline, lateness, command timeout."},
    {"fee.remind.attempts", "domain-rules 3.7 (004_504d2768a8d897d2.txt L43)",
     "Deliveries tried per reminder before it is given up and shown as a dunning gap."},
    {"fee.remind.pay_within", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "The payment deadline a reminder states ({deadline}), counted from the day it is sent."},
    {"fee.remind.late_after", "domain-rules 3.7 (004_504d2768a8d897d2.txt L57)",
     "A reminder sent later than this after it fell due counts as late (迟催)."},
    {"fee.remind.timeout", kPolicyMd, "Longest an exec or mail command may run before it is killed."},
    {"channels", "domain-rules 3.5; cli.md", "Delivery channels used by dunning stages."},
    {"channels.*", "cli.md", "One delivery channel."},
    {"channels.*.kind", "cli.md",
     "How the channel delivers: exec, mail, letter, visit, none or stdout."},
    {"channels.*.command", "cli.md", "Command run for each message, with the message on stdin."},
    {"channels.*.template", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Message text with placeholders such as {owner} and {amount}."},
    {"channels.*.outbox", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Folder for printable letters, relative to the policy file's folder."},
    {"channels.*.sendmail", "cli.md", "Sendmail command for the mail channel."},
    {"channels.*.to", kPolicyMd, "Recipient address of the mail channel, e.g. an e-mail-to-SMS gateway."},
    {"channels.*.subject", kPolicyMd, "Subject line of the mail channel."},

    {"visit", "domain-rules 4", "Outreach visits, surveys and the satisfaction scale."},
    {"visit.outreach_every", "domain-rules 4.1 (002_f7ad2a5f5d36278b.txt L10)",
     "How often every occupied unit is visited or called."},
    {"visit.survey_every", "domain-rules 4.1 (000_3a8a6dc9a1356e86.txt L207)",
     "How often the owner opinion survey runs."},
    {"visit.satisfied_at_or_above", "domain-rules 4.4 (004_504d2768a8d897d2.txt L41)",
     "Lowest rating that counts as satisfied."},
    {"visit.scale", "domain-rules 1.10 (001_208f2cb91d28a4fa.txt L100)",
     "Labels of ratings 1 to 5."},

    {"patrol", "domain-rules 5", "Patrol plans, routes and checklists."},
    {"patrol.plan_due", "domain-rules 5.1 (003_a7d07f08f90d4b49.txt L538)",
     "When next month's patrol plan is due."},
    {"patrol.routes", "domain-rules 5.1", "The patrol routes."},
    {"patrol.routes.*", "domain-rules 5.1", "One patrol route."},
    {"patrol.routes.*.name", "domain-rules 5.1", "Name of the route on plans and reports."},
    {"patrol.routes.*.frequency", "domain-rules 5.1 (000_3a8a6dc9a1356e86.txt L125, L157)",
     "How often the route is patrolled: daily, weekly or Nx-daily."},
    {"patrol.routes.*.checklist", "domain-rules 5.3", "The checklist used on the route."},
    {"patrol.checklists", "domain-rules 5.3 (003_a7d07f08f90d4b49.txt L556–L570)",
     "Checkpoints of each checklist."},
    {"patrol.checklists.*", "domain-rules 5.3", "Checkpoints of this checklist."},

    {"violation", "domain-rules 6 (003_a7d07f08f90d4b49.txt L328–L454)",
     "Violations: categories, record retention and who may penalise."},
    {"violation.categories", "domain-rules 6.1", "The violation categories."},
    {"violation.retain", "domain-rules 6.6 (003_a7d07f08f90d4b49.txt L448–L450)",
     "How long violation records are kept."},
    {"violation.retain.general", "domain-rules 6.6 (003_a7d07f08f90d4b49.txt L450)",
     "How long general violation records are kept."},
    {"violation.retain.major", "domain-rules 6.6 (003_a7d07f08f90d4b49.txt L450)",
     "How long major violation records are kept."},
    {"violation.penalty_roles", "domain-rules 6.4 (003_a7d07f08f90d4b49.txt L444)",
     "Roles that may order compensation or litigation."},
    {"violation.major_handler", "domain-rules 6.4 (003_a7d07f08f90d4b49.txt L432)",
     "Role that handles major violations."},

    {"targets", "domain-rules 8 (004_504d2768a8d897d2.txt L35–L59)",
     "Quality targets shown against actual results in reports."},
    {"targets.complaint_callback_rate", "domain-rules 8 (004_504d2768a8d897d2.txt L39)",
     "Target share of resolved valid complaints called back on time."},
    {"targets.repair_callback_rate", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Target share of repairs called back on time."},
    {"targets.satisfaction_rate", "domain-rules 4.4 (004_504d2768a8d897d2.txt L41)",
     "Target share of ratings that are satisfied or better."},
    {"targets.dunning_rate", "domain-rules 3.7 (004_504d2768a8d897d2.txt L43)",
     "Target share of accounts in arrears dunned on time."},
    {"targets.receipt_rate", "domain-rules 3.7 (004_504d2768a8d897d2.txt L45)",
     "Target share of paid-service slips and dunning notices processed on time."},
    {"targets.collection_rate", "domain-rules 3.7 (no figure in the seeds)",
     "Target share of billed fees collected."},

    {"roles", "domain-rules 9.2", "Role ranks and the lowest role allowed each action."},
    {"roles.order", "domain-rules 9.1",
     "Roles from lowest to highest; a higher role may do what a lower one may."},
    {"roles.read_only", "domain-rules 9.1", "Roles that may read and report but change nothing."},
    {"roles.void_receipt", "domain-rules 3.8; policy.md", "Lowest role that may void a receipt."},
    {"roles.close_major_complaint", "domain-rules 2.4, 9.2",
     "Lowest role that may close a major complaint."},
    {"roles.refer_legal", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Lowest role that may refer arrears to legal channels."},
    {"roles.reveal_phone", "domain-rules 12 (001_208f2cb91d28a4fa.txt L28)",
     "Lowest role that may see full phone numbers."},
    {"roles.edit_policy", kPolicyMd, "Lowest role that may change the policy."},
    {"roles.manage_units", "domain-rules 9.2, 12 (001_208f2cb91d28a4fa.txt L62: owner archives)",
     "Lowest role that may import, add or change units (owner archives)."},
    {"roles.manage_staff", kPolicyMd, "Lowest role that may add staff or change their roles."},
    {"roles.bill_fees", "domain-rules 3.4 (004_504d2768a8d897d2.txt L77)",
     "Lowest role that may bill a period and import meter readings."},
    {"roles.take_payment", "domain-rules 3.4 (000_3a8a6dc9a1356e86.txt L171–L175)",
     "Lowest role that may take a payment and issue its receipt."},
    {"roles.cancel_bill", "domain-rules 3.8; policy.md", "Lowest role that may cancel an unpaid bill."},
    {"roles.waive_late_fee", "domain-rules 3; policy.md", "Lowest role that may waive a unit's late fees."},
    {"roles.meter_reset", "domain-rules 3.3; policy.md",
     "Lowest role that may accept a meter reading below the last one (a new meter)."},
    {"roles.dunning_hold", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Lowest role that may hold dunning for a unit (dispute, payment plan)."},
    {"roles.resolve_reminder", "domain-rules 3.7 (004_504d2768a8d897d2.txt L43)",
     "Lowest role that may settle a reminder that is unknown, given up or skipped."},
    {"roles.take_ticket", "domain-rules 9.2 (003_a7d07f08f90d4b49.txt L258-L262)",
     "Lowest role that may open, dispatch, reopen, close and log callbacks for repair tickets."},
    {"roles.cancel_dispatched_ticket", "domain-rules 9.2",
     "Lowest role that may cancel a ticket already dispatched to a technician."},
    {"roles.take_complaint", "domain-rules 2.5, 9.2 (003_a7d07f08f90d4b49.txt L144, L208, L222)",
     "Lowest role that may take, classify, assign, answer, resolve, close complaints and log their callbacks."},
    {"roles.escalate_complaint", "domain-rules 2.5, 9.2 (003_a7d07f08f90d4b49.txt L210-L216)",
     "Lowest role that may escalate a complaint by hand (the 客服助理 reports up)."},
    {"roles.close_without_callback", "domain-rules 1.9, 2.7",
     "Lowest role that may close a ticket or complaint without its callback, with a reason."},
};

std::vector<std::string> split_dots(std::string_view key) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    out.emplace_back(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

// The metadata for a key: an exact entry, else a wildcard entry ("fee.items.*.rate").
const KeyMeta* find_meta(std::string_view key) {
  for (const auto& m : kMeta)
    if (m.key == key) return &m;
  const auto parts = split_dots(key);
  for (const auto& m : kMeta) {
    if (m.key.find('*') == std::string_view::npos) continue;
    const auto pattern = split_dots(m.key);
    if (pattern.size() != parts.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < parts.size() && match; ++i)
      match = pattern[i] == "*" ? !parts[i].empty() : pattern[i] == parts[i];
    if (match) return &m;
  }
  return nullptr;
}

const toml::node* node_at(const toml::table& root, const std::vector<std::string>& parts) {
  const toml::node* n = &root;
  for (const auto& part : parts) {
    const auto* t = n->as_table();
    if (!t) return nullptr;
    n = t->get(part);
    if (!n) return nullptr;
  }
  return n;
}

// A node as TOML: values as written on the right of `=`; tables and arrays of tables wrapped in
// their full path so their headers read as in the policy file.
std::string node_text(const toml::node* n, const std::vector<std::string>& parts) {
  if (!n) return {};
  const auto* arr = n->as_array();
  if (!n->is_table() && !(arr && !arr->empty() && arr->is_array_of_tables())) {
    std::string s = to_toml(*n);
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }
  toml::table root;
  toml::table* cur = &root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    cur->insert(parts[i], toml::table{});
    cur = cur->get_as<toml::table>(parts[i]);
  }
  n->visit([&](const auto& v) { cur->insert(parts.back(), v); });
  std::string s = to_toml(root);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

// ---- public API ------------------------------------------------------------------------------

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

Policy load_policy(const std::optional<std::filesystem::path>& file) {
  if (!file) return build(std::nullopt, kBuiltIn, {});
  std::error_code ec;
  if (!std::filesystem::exists(*file, ec))
    fail(Exit::no_input, "policy file '{}' does not exist", file->string());
  if (std::filesystem::is_directory(*file, ec))
    fail(Exit::no_input, "cannot read policy file '{}': {}", file->string(), tr("is a directory"));
  std::ifstream in(*file, std::ios::binary);
  if (!in) fail(Exit::no_input, "cannot read policy file '{}': {}", file->string(), std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(Exit::no_input, "cannot read policy file '{}': {}", file->string(), std::strerror(errno));
  return build(text, file->string(), file->parent_path());
}

Policy parse_policy(std::string_view toml_text, std::string_view source_name,
                    const std::filesystem::path& base_dir) {
  return build(toml_text, source_name, base_dir);
}

std::string show_toml(const Policy& policy) {
  std::string body = policy.document ? to_toml(policy.document->effective) : std::string();
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fmt::format("# svc effective policy (source: {}; sha256 {})\n", policy.source,
                     policy.hash.substr(0, 12)) +
         body;
}

std::optional<PolicyKeyInfo> explain_key(const Policy& policy, std::string_view dotted_key) {
  const KeyMeta* meta = find_meta(dotted_key);
  if (!meta) return std::nullopt;
  PolicyKeyInfo info;
  info.key = std::string(dotted_key);
  info.rule = std::string(meta->rule);
  info.governs = std::string(meta->governs);
  if (dotted_key.find('*') != std::string_view::npos || !policy.document) return info;
  const auto parts = split_dots(dotted_key);
  // A wildcard entry names something that must exist ("fee.items.gas" only if gas is defined).
  const auto pattern = split_dots(meta->key);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != "*") continue;
    const std::vector<std::string> prefix(parts.begin(), parts.begin() + static_cast<long>(i) + 1);
    if (!node_at(policy.document->effective, prefix)) return std::nullopt;
  }
  info.value = node_text(node_at(policy.document->effective, parts), parts);
  info.default_value = node_text(node_at(policy.document->defaults, parts), parts);
  return info;
}

std::vector<std::string> policy_keys() {
  std::vector<std::string> keys;
  for (const auto& m : kMeta) keys.emplace_back(m.key);
  return keys;
}

std::vector<std::string> suggest_keys(std::string_view dotted_key) {
  const auto parts = split_dots(dotted_key);
  const std::string_view last = parts.empty() ? dotted_key : std::string_view(parts.back());
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& m : kMeta) {
    const std::string_view k = m.key;
    // Compare "fee.item.water" with "fee.items.water", not with "fee.items.*".
    const auto pattern = split_dots(k);
    auto kparts = pattern;
    for (std::size_t i = 0; i < kparts.size() && i < parts.size(); ++i)
      if (kparts[i] == "*") kparts[i] = parts[i];
    std::size_t score = edit_distance(dotted_key, join(kparts, "."));
    const std::size_t limit = std::max<std::size_t>(2, dotted_key.size() / 4);
    const bool same_leaf = !last.empty() && pattern.back() == last;
    const bool prefix = !dotted_key.empty() && k.substr(0, dotted_key.size()) == dotted_key;
    if (score > limit && !same_leaf && !prefix) continue;
    if (same_leaf || prefix) score = std::min<std::size_t>(score, 1);
    scored.emplace_back(score, join(kparts, "."));
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [score, key] : scored) {
    if (out.size() == 5) break;
    if (key != dotted_key) out.push_back(std::move(key));
  }
  return out;
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
  return contains(policy.roles.order, role) || contains(policy.roles.read_only, role);
}

const FeeItem* find_fee_item(const Policy& policy, std::string_view code) {
  for (const auto& item : policy.fee.items)
    if (item.code == code) return &item;
  return nullptr;
}

const Duration& callback_within(const Policy& policy, std::string_view category) {
  const auto& cb = policy.ticket.callback;
  auto it = policy.ticket.callback_class.find(std::string(category));
  if (it != policy.ticket.callback_class.end()) {
    if (it->second == "safety") return cb.safety;
    if (it->second == "leak") return cb.leak;
  }
  return cb.fallback;
}

Calendar calendar(const Policy& policy) { return Calendar(policy.calendar); }

const std::vector<std::string>& template_placeholders() { return kPlaceholders; }

}  // namespace svc
