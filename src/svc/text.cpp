// Text from people and text to people: UTF-8, control characters and lengths.
#include "svc/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "svc/error.hpp"
#include "svc/i18n.hpp"

namespace svc::text {
namespace {

// The code point at `i` and its length in bytes, or nullopt for an invalid sequence (overlong,
// surrogate, beyond U+10FFFF, truncated).
std::optional<std::pair<char32_t, std::size_t>> decode(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return std::pair{char32_t{c}, std::size_t{1}};
  std::size_t n = 0;
  char32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
  else return std::nullopt;
  if (i + n > s.size()) return std::nullopt;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return std::pair{cp, n};
}

bool control(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F); }

std::string name_of(char32_t cp) {
  switch (cp) {
    case 0x07: return "BEL";
    case 0x08: return "BS";
    case 0x09: return "TAB";
    case 0x0A: return "LF";
    case 0x0D: return "CR";
    case 0x1B: return "ESC";
    case 0x7F: return "DEL";
    default: return "";
  }
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The first characters of a value, made safe to print in a message.
std::string excerpt(std::string_view value) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size() && chars < 20;) {
    const auto d = decode(value, i);
    if (!d) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out += visible(value.substr(i, d->second), false);
      i += d->second;
    }
    ++chars;
  }
  return chars < length(value) ? out + "…" : out;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto d = decode(s, i);
    if (!d) return false;
    i += d->second;
  }
  return true;
}

std::size_t length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const auto d = decode(s, i);
    i += d ? d->second : 1;
  }
  return n;
}

std::optional<std::string> problem(std::string_view value, Lines lines, std::size_t max) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size(); ++chars) {
    const auto d = decode(value, i);
    if (!d)
      return fmt::format(fmt::runtime(tr("is not valid UTF-8 (byte 0x{:02X} at byte {}): save the text as UTF-8")),
                         static_cast<unsigned char>(value[i]), i + 1);
    const char32_t cp = d->first;
    if (cp == '\n' && lines == Lines::one)
      return std::string(tr("holds a line break; this field is one line"));
    if (control(cp) && !(lines == Lines::many && (cp == '\n' || cp == '\t' || cp == '\r'))) {
      const std::string name = name_of(cp);
      return fmt::format(fmt::runtime(tr("holds the control character U+{:04X}{} at character {}; only printable "
                                         "text is allowed")),
                         static_cast<std::uint32_t>(cp), name.empty() ? "" : " " + name, chars + 1);
    }
    i += d->second;
  }
  if (chars > max)
    return fmt::format(fmt::runtime(tr("is {} characters long; at most {} are allowed")), chars, max);
  return std::nullopt;
}

void check(std::string_view field, std::string_view value, Lines lines) {
  if (auto why = problem(value, lines)) fail(Exit::data_error, "{} '{}' {}", field, excerpt(value), *why);
}

std::string visible(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto d = decode(s, i);
    if (!d) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const char32_t cp = d->first;
    if (!control(cp) || (cp == '\n' && keep_newlines)) out.append(s.substr(i, d->second));
    else if (cp == '\t' || cp == '\n') out += ' ';  // one line: a line break reads as a space
    else if (cp < 0x20) append_utf8(out, 0x2400 + cp);
    else if (cp == 0x7F) append_utf8(out, 0x2421);  // ␡
    else out += "\xEF\xBF\xBD";
    i += d->second;
  }
  return out;
}

namespace {

std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto d = decode(s, i);
    out += d ? d->first : char32_t{0xFFFD};
    i += d ? d->second : 1;
  }
  return out;
}

}  // namespace

// Optimal string alignment distance: Levenshtein plus the swap of two neighbours.
std::size_t edit_distance(std::string_view a_text, std::string_view b_text) {
  const std::u32string a = code_points(a_text), b = code_points(b_text);
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates, std::size_t max) {
  const std::size_t chars = code_points(word).size();
  const std::size_t limit = std::clamp<std::size_t>(chars / 3, 1, 3);
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> scored;  // distance, order, candidate
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string& c = candidates[i];
    if (c == word) continue;
    std::size_t score = edit_distance(word, c);
    if (chars >= 2 && c.size() > word.size() && c.compare(0, word.size(), word) == 0) score = std::min<std::size_t>(score, 1);
    if (score <= limit) scored.emplace_back(score, i, c);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& s : scored) {
    if (out.size() == max) break;
    if (std::find(out.begin(), out.end(), std::get<2>(s)) == out.end()) out.push_back(std::get<2>(s));
  }
  return out;
}

}  // namespace svc::text
