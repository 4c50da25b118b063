// What svc accepts as text from people — arguments, import fields — and how it shows stored text:
// valid UTF-8, no control characters (a newline only where a field holds more than one line), no
// longer than the field allows; and on the way out, any control character made visible, so that
// no stored text can drive a terminal, a spreadsheet or a browser.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc::text {

enum class Lines { one, many };

// Characters (not bytes: 张伟 is 2) a field may hold.
inline constexpr std::size_t kOneLine = 200;
inline constexpr std::size_t kManyLines = 4000;

bool valid_utf8(std::string_view s);
// Characters in valid UTF-8 text.
std::size_t length(std::string_view s);

// Why `value` is not acceptable text for a field of `lines`, or nullopt: invalid UTF-8, a control
// character (tab and newline only in a field of many lines), or more than `max` characters. The
// reason is in the reader's language and names what is allowed.
std::optional<std::string> problem(std::string_view value, Lines lines, std::size_t max);
inline std::optional<std::string> problem(std::string_view value, Lines lines = Lines::one) {
  return problem(value, lines, lines == Lines::one ? kOneLine : kManyLines);
}

// Exit 65 naming the field, the start of the value and the reason, when problem() finds one.
void check(std::string_view field, std::string_view value, Lines lines = Lines::one);

// The text with every control character shown as its Unicode control picture (ESC → ␛, BEL → ␇,
// DEL → ␡; C1 controls → �), newlines kept when `keep_newlines` (otherwise a space, as tabs).
std::string visible(std::string_view s, bool keep_newlines);

// Edits between two texts, counted in characters (code points, so 投诉 and 投拆 are one apart):
// inserting, deleting or replacing one character, or swapping two neighbours (urgnet → urgent).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates a mistyped `word` may have meant, best first, at most `max`: those within about
// one edit per three characters (at least one, at most three), and those starting with it.
std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t max = 3);

}  // namespace svc::text
