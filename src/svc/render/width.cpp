// Terminal display width of UTF-8 text (utf8proc), and cutting/padding by that width.
#include <utf8proc.h>

#include <string>
#include <string_view>
#include <vector>

#include "svc/render/render.hpp"

namespace svc::render {
namespace {

// One character of `s` starting at `pos`: its byte length and display width. Invalid bytes
// are taken one at a time and count one column, so broken input still lines up roughly.
struct Char {
  std::size_t bytes;
  int width;
};

Char next_char(std::string_view s, std::size_t pos) {
  utf8proc_int32_t cp = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos);
  const auto len = static_cast<utf8proc_ssize_t>(s.size() - pos);
  const utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
  if (n <= 0 || cp < 0) return {1, 1};
  return {static_cast<std::size_t>(n), utf8proc_charwidth(cp)};
}

}  // namespace

int display_width(std::string_view utf8) {
  int width = 0;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const Char c = next_char(utf8, pos);
    width += c.width;
    pos += c.bytes;
  }
  return width;
}

namespace {

// The longest prefix of `utf8` at most `budget` columns wide, in bytes. A wide character that
// would straddle the limit is left out whole rather than split; zero-width marks ride along with
// the character before them.
std::size_t prefix_fitting(std::string_view utf8, int budget) {
  int used = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Char c = next_char(utf8, pos);
    if (used + c.width > budget) break;
    used += c.width;
    pos += c.bytes;
  }
  return pos;
}

constexpr std::string_view kEllipsis = "...";

}  // namespace

std::string truncate_to_width(std::string_view utf8, int width) {
  if (display_width(utf8) <= width) return std::string(utf8);
  if (width <= 0) return {};
  // Too narrow for the marker and a character: cut without it.
  const int marker = width > static_cast<int>(kEllipsis.size()) ? static_cast<int>(kEllipsis.size()) : 0;
  std::string out(utf8.substr(0, prefix_fitting(utf8, width - marker)));
  if (marker > 0) out += kEllipsis;
  return out;
}

std::vector<std::string> wrap_to_width(std::string_view utf8, int width) {
  std::vector<std::string> lines;
  if (width <= 0) return {std::string(utf8)};
  while (display_width(utf8) > width) {
    std::size_t cut = prefix_fitting(utf8, width);
    if (cut == 0) cut = next_char(utf8, 0).bytes;  // a character wider than the line: alone
    std::size_t next = cut;
    // Break after a space in the second half of the line rather than inside an English word.
    const std::size_t space = utf8.substr(0, cut + 1).rfind(' ');
    if (space != std::string_view::npos && space > 0 && display_width(utf8.substr(0, space)) * 2 >= width) {
      cut = space;
      next = space + 1;
    }
    std::string line(utf8.substr(0, cut));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::move(line));
    utf8.remove_prefix(next);
  }
  lines.emplace_back(utf8);
  return lines;
}

std::string pad_to_width(std::string_view utf8, int width, bool right_align) {
  const int w = display_width(utf8);
  if (w >= width) return std::string(utf8);
  const std::string pad(static_cast<std::size_t>(width - w), ' ');
  return right_align ? pad + std::string(utf8) : std::string(utf8) + pad;
}

}  // namespace svc::render
