// Typed, position-aware checks over toml++ tables (see toml_check.hpp).
#include "svc/toml_check.hpp"

#include <cmath>

#include "svc/error.hpp"
#include "svc/text.hpp"

namespace svc::toml_check {

std::string sub_key(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

std::string index_key(std::string_view parent, std::size_t i) {
  return fmt::format("{}[{}]", parent, i);
}

// ---- problems --------------------------------------------------------------------------------

void Checker::add(const toml::source_region& where, std::string key, std::string text) {
  Problem p;
  p.file = where.path ? *where.path : primary_;
  p.line = where.begin.line;
  p.column = where.begin.column;
  p.key = std::move(key);
  p.text = std::move(text);
  problems_.push_back(std::move(p));
}

void Checker::raise() const {
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

std::string got(const toml::node& n) {
  if (const auto* s = n.as_string()) return fmt::format("\"{}\"", s->get());
  if (const auto* i = n.as_integer()) return fmt::format("{}", i->get());
  if (const auto* f = n.as_floating_point()) return fmt::format("{}", f->get());
  return type_name(n);
}

void wrong_type(Checker& ck, const toml::node& n, const std::string& key, std::string_view what) {
  ck.add(n.source(), key, msg("expected {}, got {}", tr(what), type_name(n)));
}

// ---- readers ---------------------------------------------------------------------------------

std::optional<std::string> AsString::operator()(Checker& ck, const toml::node& n,
                                                const std::string& key) const {
  const auto* s = n.as_string();
  if (!s) {
    wrong_type(ck, n, key, "a string");
    return std::nullopt;
  }
  if (s->get().empty()) {
    ck.add(n.source(), key, msg("must not be empty"));
    return std::nullopt;
  }
  // Policy text is printed on receipts, letters and messages: no control characters (ESC, BEL),
  // line breaks and tabs allowed (templates hold more than one line).
  if (auto why = text::problem(s->get(), text::Lines::many, s->get().size())) {
    ck.add(n.source(), key, fmt::format("\"{}\" {}", text::visible(s->get(), false), *why));
    return std::nullopt;
  }
  return s->get();
}

std::optional<Duration> AsDuration::operator()(Checker& ck, const toml::node& n,
                                               const std::string& key) const {
  const auto* s = n.as_string();
  std::optional<Duration> d;
  if (s) d = parse_duration(s->get());
  if (!d) {
    ck.add(n.source(), key,
           msg("expected a duration such as \"15m\", \"2d\" or \"3mo\", got {}", got(n)));
    return std::nullopt;
  }
  if (!same_day && d->unit == Duration::Unit::same_day) {
    ck.add(n.source(), key, msg("\"same-day\" is not allowed here; use a length such as \"2d\""));
    return std::nullopt;
  }
  if (positive && d->count == 0 && d->unit != Duration::Unit::same_day) {
    ck.add(n.source(), key, msg("must be longer than 0, got {}", got(n)));
    return std::nullopt;
  }
  return d;
}

std::optional<int> AsInt::operator()(Checker& ck, const toml::node& n,
                                     const std::string& key) const {
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

std::optional<bool> AsBool::operator()(Checker& ck, const toml::node& n,
                                       const std::string& key) const {
  const auto* b = n.as_boolean();
  if (!b) {
    wrong_type(ck, n, key, "a boolean");
    return std::nullopt;
  }
  return b->get();
}

std::optional<Ppm> AsFraction::operator()(Checker& ck, const toml::node& n,
                                          const std::string& key) const {
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

std::optional<Fen> AsYuan::operator()(Checker& ck, const toml::node& n,
                                      const std::string& key) const {
  const auto* s = n.as_string();
  std::optional<Fen> fen;
  if (s) fen = parse_yuan(s->get());
  if (!fen) {
    ck.add(n.source(), key, msg("expected an amount in yuan such as \"2.50\", got {}", got(n)));
    return std::nullopt;
  }
  return fen;
}

std::optional<Ppm> AsRate::operator()(Checker& ck, const toml::node& n,
                                      const std::string& key) const {
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

std::optional<std::vector<std::string>> AsStrings::operator()(Checker& ck, const toml::node& n,
                                                              const std::string& key) const {
  const auto* arr = n.as_array();
  if (!arr) {
    wrong_type(ck, n, key, "an array of strings");
    return std::nullopt;
  }
  if (non_empty && arr->empty()) {
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
    if (unique && contains(out, *s)) {
      ck.add(e.source(), index_key(key, i), msg("duplicate value '{}'", *s));
      good = false;
      continue;
    }
    out.push_back(std::move(*s));
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<int> AsMinute::operator()(Checker& ck, const toml::node& n,
                                        const std::string& key) const {
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

namespace {

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

}  // namespace

std::optional<std::set<Date>> AsDates::operator()(Checker& ck, const toml::node& n,
                                                  const std::string& key) const {
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

void Rising::check(Checker& ck, const toml::node& n, const std::string& key, const Duration& after) {
  const std::string text = n.as_string()->get();
  if (prev_ && nominal_seconds(after) <= nominal_seconds(prev_->first))
    ck.add(n.source(), key, msg(format_, text, prev_->second));
  prev_ = std::make_pair(after, text);
}

// ---- sections --------------------------------------------------------------------------------

const toml::node* Section::node(std::string_view k, Key need) {
  if (!contains(known_, k)) known_.emplace_back(k);
  ck_->looked_up(key(k));
  const toml::node* n = t_->get(k);
  if (!n && need == Key::required) ck_->add(t_->source(), key(k), msg("required key is missing"));
  return n;
}

std::optional<Section> Section::section(std::string_view k, Key need) {
  const toml::node* n = node(k, need);
  if (!n) return std::nullopt;
  return entry(*n, key(k));
}

std::optional<Section> Section::entry(const toml::node& v, const std::string& dotted) const {
  if (!v.is_table()) {
    wrong_type(*ck_, v, dotted, "a table");
    return std::nullopt;
  }
  return Section(*ck_, *v.as_table(), dotted);
}

void Section::finish() const {
  for (const auto& [k, v] : *t_) {
    if (contains(known_, k.str())) continue;
    ck_->add(k.source(), key(k.str()), msg("unknown key (allowed: {})", join(known_)));
  }
}

}  // namespace svc::toml_check
