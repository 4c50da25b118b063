// Value object access and its JSON serialisation (two-space pretty print, insertion order).
#include "svc/value.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>

namespace svc {

Value& Value::set(std::string_view key, Value v) {
  if (!is_object()) v_ = Object{};
  auto& obj = as_object();
  for (auto& [k, existing] : obj) {
    if (k == key) {
      existing = std::move(v);
      return existing;
    }
  }
  obj.emplace_back(std::string(key), std::move(v));
  return obj.back().second;
}

const Value& Value::get(std::string_view key) const {
  static const Value null_value;
  if (!is_object()) return null_value;
  for (const auto& [k, v] : as_object()) {
    if (k == key) return v;
  }
  return null_value;
}

bool Value::has(std::string_view key) const {
  if (!is_object()) return false;
  for (const auto& entry : as_object()) {
    if (entry.first == key) return true;
  }
  return false;
}

namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    // DEL and the C1 controls (U+0080–U+009F, UTF-8 C2 80–C2 9F) are escaped too: no stored
    // text reaches a terminal through `jq` or `cat` with a control sequence in it.
    if (c == 0x7f || (static_cast<unsigned char>(c) == 0xC2 && i + 1 < s.size() &&
                      static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F)) {
      const unsigned cp = c == 0x7f ? 0x7fu : static_cast<unsigned char>(s[++i]);
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      out += buf;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

// The shortest text that reads back as the same double, always with a fraction or an exponent
// (1.0, not 1) so that it reads back as a double; JSON has no NaN or infinity: null.
std::string format_number(double d) {
  if (!std::isfinite(d)) return "null";
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string format_fixed(const Fixed& f) {
  std::int64_t scale = 1;
  for (int i = 0; i < f.places; ++i) scale *= 10;
  const std::int64_t whole = f.units / scale, frac = (f.units < 0 ? -f.units : f.units) % scale;
  std::string digits = f.places > 0 ? fmt::format("{:0{}}", frac, f.places) : "0";
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return fmt::format("{}{}.{}", f.units < 0 && whole == 0 ? "-" : "", whole, digits);
}

namespace {

void newline_indent(std::string& out, bool pretty, int depth) {
  if (!pretty) return;
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void append_json(std::string& out, const Value& v, bool pretty, int depth) {
  if (v.is_null()) {
    out += "null";
  } else if (v.is_bool()) {
    out += v.as_bool() ? "true" : "false";
  } else if (v.is_int()) {
    out += std::to_string(v.as_int());
  } else if (v.is_double()) {
    out += format_number(v.as_double());
  } else if (v.is_fixed()) {
    out += format_fixed(v.as_fixed());
  } else if (v.is_string()) {
    append_json_string(out, v.as_string());
  } else if (v.is_array()) {
    const auto& arr = v.as_array();
    if (arr.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first = true;
    for (const auto& item : arr) {
      if (!first) out += ',';
      first = false;
      newline_indent(out, pretty, depth + 1);
      append_json(out, item, pretty, depth + 1);
    }
    newline_indent(out, pretty, depth);
    out += ']';
  } else {
    const auto& obj = v.as_object();
    if (obj.empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    for (const auto& [k, item] : obj) {
      if (!first) out += ',';
      first = false;
      newline_indent(out, pretty, depth + 1);
      append_json_string(out, k);
      out += pretty ? ": " : ":";
      append_json(out, item, pretty, depth + 1);
    }
    newline_indent(out, pretty, depth);
    out += '}';
  }
}

}  // namespace

std::string to_json(const Value& v, bool pretty) {
  std::string out;
  append_json(out, v, pretty, 0);
  return out;
}

}  // namespace svc

namespace svc {

std::string json_list(const std::vector<std::string>& items) {
  Value v = Value::array();
  for (const auto& i : items) v.push(i);
  return to_json(v, false);
}

}  // namespace svc
