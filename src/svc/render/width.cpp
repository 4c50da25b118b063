// Terminal display width of UTF-8 text (utf8proc), and cutting/padding by that width.
#include <utf8proc.h>

#include <string>
#include <string_view>

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

std::string truncate_to_width(std::string_view utf8, int width) {
  if (display_width(utf8) <= width) return std::string(utf8);
  if (width <= 0) return {};
  // Room for the ellipsis (one column); a wide character that would straddle the limit is
  // dropped whole rather than split.
  const int budget = width - 1;
  int used = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Char c = next_char(utf8, pos);
    // Zero-width marks ride along with the character before them (the loop keeps them).
    if (used + c.width > budget) break;
    used += c.width;
    pos += c.bytes;
  }
  std::string out(utf8.substr(0, pos));
  out += "\u2026";
  return out;
}

std::string pad_to_width(std::string_view utf8, int width, bool right_align) {
  const int w = display_width(utf8);
  if (w >= width) return std::string(utf8);
  const std::string pad(static_cast<std::size_t>(width - w), ' ');
  return right_align ? pad + std::string(utf8) : std::string(utf8) + pad;
}

}  // namespace svc::render
