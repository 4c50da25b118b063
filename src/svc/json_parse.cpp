// parse_json: reads back JSON that svc stored (audit changes) or printed (tests); a number with a
// fraction or an exponent is a double, any other an integer.
#include <charconv>

#include "svc/error.hpp"
#include "svc/value.hpp"

namespace svc {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Value document() {
    Value v = value(0);
    skip_ws();
    if (pos_ != s_.size()) bad("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void bad(std::string_view what) {
    fail(Exit::data_error, "malformed JSON at byte {}: {}", pos_, what);
  }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }
  bool eat(char c) {
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) bad(std::string("expected '") + c + "'");
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) == word) {
      pos_ += word.size();
      return true;
    }
    return false;
  }

  Value value(int depth) {
    if (depth > 64) bad("nested too deeply");
    skip_ws();
    if (pos_ >= s_.size()) bad("unexpected end");
    const char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      Value obj = Value::object();
      if (eat('}')) return obj;
      do {
        skip_ws();
        std::string key = string();
        expect(':');
        obj.set(key, value(depth + 1));
      } while (eat(','));
      expect('}');
      return obj;
    }
    if (c == '[') {
      ++pos_;
      Value arr = Value::array();
      if (eat(']')) return arr;
      do {
        arr.push(value(depth + 1));
      } while (eat(','));
      expect(']');
      return arr;
    }
    if (c == '"') return Value(string());
    if (literal("null")) return Value();
    if (literal("true")) return Value(true);
    if (literal("false")) return Value(false);
    std::size_t end = pos_;
    bool fraction = false;
    for (; end < s_.size() && std::string_view("+-0123456789.eE").find(s_[end]) != std::string_view::npos; ++end)
      if (s_[end] == '.' || s_[end] == 'e' || s_[end] == 'E') fraction = true;
    if (fraction) {
      double d = 0;
      auto [ptr, ec] = std::from_chars(s_.data() + pos_, s_.data() + end, d);
      if (ec != std::errc() || ptr != s_.data() + end) bad("expected a number");
      pos_ = end;
      return Value(d);
    }
    long long n = 0;
    auto [ptr, ec] = std::from_chars(s_.data() + pos_, s_.data() + s_.size(), n);
    if (ec != std::errc()) bad("expected a value");
    pos_ = static_cast<std::size_t>(ptr - s_.data());
    return Value(n);
  }

  static void put_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) bad("short \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<unsigned>(h - 'A' + 10);
      else bad("bad \\u escape");
    }
    return v;
  }

  std::string string() {
    if (pos_ >= s_.size() || s_[pos_] != '"') bad("expected a string");
    ++pos_;
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) bad("unterminated string");
      const char c = s_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) bad("unterminated escape");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            const unsigned lo = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(out, cp);
          break;
        }
        default: bad("unknown escape");
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

Value parse_json(std::string_view text) { return Parser(text).document(); }

}  // namespace svc
