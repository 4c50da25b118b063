// Value: the record model every command produces and the renderer consumes (JSON-shaped,
// object keys kept in insertion order so JSON output is stable).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace svc {

// An exact fraction written as a JSON number: `units` / 10^places (9231, 4 → 0.9231). Rates
// and shares are computed in integers and shown this way; no floating point touches them.
struct Fixed {
  std::int64_t units = 0;
  int places = 0;
  bool operator==(const Fixed&) const = default;
};

class Value {
 public:
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;

  Value() = default;  // null
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}
  Value(long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(long long i) : v_(static_cast<std::int64_t>(i)) {}
  // A number with a fraction read from JSON text (svc itself writes Fixed, never doubles).
  Value(double d) : v_(d) {}
  Value(Fixed f) : v_(f) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}
  template <class T>
  Value(const std::optional<T>& o) {
    if (o) *this = Value(*o);
  }

  static Value object() { return Value(Object{}); }
  static Value array() { return Value(Array{}); }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(v_); }
  bool is_double() const { return std::holds_alternative<double>(v_); }
  bool is_fixed() const { return std::holds_alternative<Fixed>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }

  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  const Fixed& as_fixed() const { return std::get<Fixed>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object access: set replaces an existing key or appends; get returns null if absent.
  Value& set(std::string_view key, Value v);
  const Value& get(std::string_view key) const;
  bool has(std::string_view key) const;
  // Array append.
  void push(Value v) { as_array().push_back(std::move(v)); }

  bool operator==(const Value&) const = default;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, Fixed, std::string, Array, Object> v_;
};

// A double as JSON writes it: the shortest text that reads back the same, with a fraction or an
// exponent (0.5492, 1.0); null for NaN and infinity.
std::string format_number(double d);
// 9231, 4 → "0.9231"; 10000, 4 → "1.0": the shortest exact decimal, always with a fraction.
std::string format_fixed(const Fixed& f);

// Compact, stable JSON ("," and ":" without spaces is not required; we pretty-print with two
// spaces). Strings are emitted as UTF-8 with only the escapes JSON requires.
std::string to_json(const Value& v, bool pretty = true);

// ["a","b"]: a list of texts bound as one parameter, for `IN (SELECT value FROM json_each(:list))`.
std::string json_list(const std::vector<std::string>& items);

// Parses JSON text (as written by to_json: a number with a fraction or an exponent is a double,
// any other an integer) — used to read back stored JSON such as audit changes. Throws svc::Error(Exit::data_error) on malformed input.
Value parse_json(std::string_view text);

}  // namespace svc
