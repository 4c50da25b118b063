// Typed, position-aware checks over toml++ tables: a Checker that collects every problem as
// file:line:column, a Section that walks one table and reports the keys nobody read, and readers
// that turn one node into a typed value. Nothing here knows what any key means.
#pragma once

// Debian's toml++ is a compiled library (its pkg-config/CMake flags say so); use it even when
// built without them, so the parser is the release-built one, not the header copy with asserts.
// Every file that uses toml++ includes it through this header, so all agree on the flags.
#ifndef TOML_HEADER_ONLY
#define TOML_HEADER_ONLY 0
#endif
#ifndef TOML_SHARED_LIB
#define TOML_SHARED_LIB 1
#endif
#include <toml++/toml.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "svc/clock.hpp"
#include "svc/duration.hpp"
#include "svc/i18n.hpp"
#include "svc/money.hpp"
#include "svc/strings.hpp"

namespace svc::toml_check {

// `format` is English source text: the reader sees it in their language (tr).
template <class... Args>
std::string msg(std::string_view format, Args&&... args) {
  return fmt::vformat(tr(format), fmt::make_format_args(args...));
}

template <class Map>
std::string join_keys(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : map) keys.emplace_back(k);
  return join(keys);
}

std::string sub_key(std::string_view parent, std::string_view key);  // "a.b" + "c" → "a.b.c"
std::string index_key(std::string_view parent, std::size_t i);       // "a.b", 2 → "a.b[2]"

// ---- problems --------------------------------------------------------------------------------

struct Problem {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string key;
  std::string text;
};

// Collects every problem, so that one run of `svc policy check` lists them all.
class Checker {
 public:
  // `primary`: the file a problem is blamed on when toml++ knows no path for its node.
  explicit Checker(std::string primary) : primary_(std::move(primary)) {}

  void add(const toml::source_region& where, std::string key, std::string text);
  bool ok() const { return problems_.empty(); }
  // Error(Exit::config), one "file:line:column: key: problem" line per problem: the primary
  // file's problems first, each file in source order.
  [[noreturn]] void raise() const;

  // Tests hold the key documentation to the keys the checks look up; nobody else pays for it.
  void remember_keys() { remember_ = true; }
  void looked_up(const std::string& key) {
    if (remember_) keys_.insert(key);
  }
  const std::set<std::string>& keys_looked_up() const { return keys_; }

 private:
  std::string primary_;
  std::vector<Problem> problems_;
  bool remember_ = false;
  std::set<std::string> keys_;
};

std::string type_name(const toml::node& n);
// What a value was, for "got ...": strings quoted, numbers as written, other types by name.
std::string got(const toml::node& n);
// "expected <what>, got <type>"; `what` is English source text ("a table").
void wrong_type(Checker& ck, const toml::node& n, const std::string& key, std::string_view what);

// ---- readers ---------------------------------------------------------------------------------
// A reader turns one node into a value, or adds a problem at the node's own position and gives
// nullopt. `key` is the dotted key the problem names.

struct AsString {  // non-empty
  std::optional<std::string> operator()(Checker& ck, const toml::node& n,
                                        const std::string& key) const;
};
inline constexpr AsString as_string{};

struct AsDuration {
  bool same_day = true;   // "same-day" is allowed
  bool positive = false;  // 0 is not
  std::optional<Duration> operator()(Checker& ck, const toml::node& n,
                                     const std::string& key) const;
};
// A deadline: "same-day" allowed, zero not (a deadline due the moment it starts is a typo).
inline constexpr AsDuration as_duration{.same_day = true, .positive = true};
// A length of time: neither "same-day" nor 0.
inline constexpr AsDuration as_length{.same_day = false, .positive = true};

struct AsInt {
  int lo = 0;
  int hi = 0;
  std::optional<int> operator()(Checker& ck, const toml::node& n, const std::string& key) const;
};

struct AsBool {
  std::optional<bool> operator()(Checker& ck, const toml::node& n, const std::string& key) const;
};
inline constexpr AsBool as_bool{};

// A fraction written as a TOML number (0.70, 1) → ppm, at once: no float survives parsing.
struct AsFraction {
  std::optional<Ppm> operator()(Checker& ck, const toml::node& n, const std::string& key) const;
};
inline constexpr AsFraction as_fraction{};

struct AsYuan {  // "2.50" → fen
  std::optional<Fen> operator()(Checker& ck, const toml::node& n, const std::string& key) const;
};
inline constexpr AsYuan as_yuan{};

struct AsRate {  // a decimal string ("0.0003") → ppm; at most 1
  std::optional<Ppm> operator()(Checker& ck, const toml::node& n, const std::string& key) const;
};
inline constexpr AsRate as_rate{};

// An array of strings; each element is checked with its own position ("key[2]").
struct AsStrings {
  bool non_empty = false;  // the array needs at least one element
  bool unique = true;
  std::optional<std::vector<std::string>> operator()(Checker& ck, const toml::node& n,
                                                     const std::string& key) const;
};
inline constexpr AsStrings as_strings{};

// "HH:MM" (or a TOML local time) → minute of the day; "24:00" is allowed as a closing time.
struct AsMinute {
  std::optional<int> operator()(Checker& ck, const toml::node& n, const std::string& key) const;
};
inline constexpr AsMinute as_minute{};

// An array of "2026-10-01" strings or TOML local dates.
struct AsDates {
  std::optional<std::set<Date>> operator()(Checker& ck, const toml::node& n,
                                           const std::string& key) const;
};
inline constexpr AsDates as_dates{};

// One of a fixed set of names: constexpr Choice<Basis> kBases[] = {{"area", Basis::area}, ...};
template <class E>
using Choice = std::pair<std::string_view, E>;

template <class E>
struct AsChoice {
  std::span<const Choice<E>> choices;
  std::optional<E> operator()(Checker& ck, const toml::node& n, const std::string& key) const {
    std::vector<std::string_view> names;
    for (const auto& [name, value] : choices) names.push_back(name);
    if (const auto* s = n.as_string()) {
      for (const auto& [name, value] : choices)
        if (s->get() == name) return value;
    }
    ck.add(n.source(), key, msg("expected one of {}, got {}", join(names), got(n)));
    return std::nullopt;
  }
};
template <class E, std::size_t N>
AsChoice<E> as_choice(const Choice<E> (&choices)[N]) {
  return {choices};
}

// Months count as 30 days and years as 365: close enough to order the rungs of a ladder.
std::int64_t nominal_seconds(const Duration& d);

// The `after` of each rung of a ladder must come later than the one before. `format` is English
// source text with two {}: this rung's and the previous rung's duration as written.
class Rising {
 public:
  explicit Rising(std::string_view format) : format_(format) {}
  // `n` holds `after` as written (a string: the duration was read from it).
  void check(Checker& ck, const toml::node& n, const std::string& key, const Duration& after);

 private:
  std::string_view format_;
  std::optional<std::pair<Duration, std::string>> prev_;
};

// ---- sections --------------------------------------------------------------------------------

enum class Key { required, optional };

// A table's keys as they are read: each lookup records the key as allowed, and finish()
// reports every other key as unknown, at its own position.
class Section {
 public:
  Section(Checker& ck, const toml::table& t, std::string path)
      : ck_(&ck), t_(&t), path_(std::move(path)) {}

  const toml::table& table() const { return *t_; }
  const std::string& path() const { return path_; }
  std::string key(std::string_view k) const { return sub_key(path_, k); }

  // The node under `k`; nullptr (a problem when required) if there is none.
  const toml::node* node(std::string_view k, Key need = Key::required);
  // The table under `k`.
  std::optional<Section> section(std::string_view k, Key need = Key::required);

  // The value under `k` read by `reader`, stored in `out` (a T or an optional<T>). The node when
  // it was there and good, for checks that refer to it; else nullptr and `out` is untouched.
  template <class T, class Reader>
  const toml::node* read(std::string_view k, T& out, const Reader& reader,
                         Key need = Key::required) {
    const toml::node* n = node(k, need);
    if (!n) return nullptr;
    auto value = reader(*ck_, *n, key(k));
    if (!value) return nullptr;
    out = std::move(*value);
    return n;
  }

  // For tables whose keys are names ([fee.items.water]): fn(name key, value, dotted key) for
  // each entry. These keys are data, so finish() does not check them.
  template <class Fn>
  void each(Fn&& fn) const {
    for (const auto& [k, v] : *t_) fn(k, v, key(k.str()));
  }
  // The same where each entry must itself be a table: fn(name, section); other values are
  // reported.
  template <class Fn>
  void each_table(Fn&& fn) const {
    each([&](const toml::key& k, const toml::node& v, const std::string& dotted) {
      if (auto sub = entry(v, dotted)) fn(std::string(k.str()), *sub);
    });
  }
  // An array of tables under `k` ([[fee.dunning]]): fn(section) for each element, in order.
  template <class Fn>
  void each_row(std::string_view k, Fn&& fn, Key need = Key::required) {
    const toml::node* n = node(k, need);
    if (!n) return;
    const auto* arr = n->as_array();
    if (!arr || !(arr->empty() || arr->is_array_of_tables())) {
      wrong_type(*ck_, *n, key(k), "an array of tables");
      return;
    }
    for (std::size_t i = 0; i < arr->size(); ++i) {
      Section row(*ck_, *arr->get(i)->as_table(), index_key(key(k), i));
      fn(row);
    }
  }
  // An entry found by each() as a Section; nullopt, with a problem, when it is no table.
  std::optional<Section> entry(const toml::node& v, const std::string& dotted) const;

  void finish() const;

 private:
  Checker* ck_;
  const toml::table* t_;
  std::string path_;
  std::vector<std::string> known_;
};

}  // namespace svc::toml_check
