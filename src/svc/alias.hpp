// Values as the front desk types them (issue 18 "Chinese in, as well as out"): every code shown
// with a Chinese label is accepted by that label too, and full-width input from a Chinese IME is
// read as the ASCII it stands for. One table of aliases serves every value set: the catalogue's
// labels (i18n/zh_*.inc) plus the short forms in i18n/aliases.inc; the value set itself (the
// codes a field allows) comes from the policy or the module's constants, as before.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc::alias {

// Unicode NFKC of UTF-8 text (full-width forms and the ideographic space to their ASCII); invalid
// UTF-8 is returned unchanged (it is refused elsewhere).
std::string nfkc(std::string_view text);

// NFKC-folds text typed through a Chinese IME when what it stands for is plain ASCII: "Ｔ１２" →
// "T12", "１-１-１０１" → "1-1-101", "１４：００" → "14:00", an ideographic space → a space. Text
// holding anything else (Chinese words) is returned unchanged, so descriptions keep their
// punctuation. Invalid UTF-8 is returned unchanged (it is refused elsewhere).
std::string fold(std::string_view text);

// The code among `codes` that `text` names: the code itself (any case, '-' or ' ' for '_',
// full-width), its Chinese label in the catalogue (either part of a label "重大(严重)"), or a
// short form from the alias table. nullopt when it names none; throws (exit 64) when it names two
// codes of the set, listing them.
std::optional<std::string> find(std::string_view option, std::string_view text, const std::vector<std::string>& codes);

// The same, refusing (exit 64) a value that names no code: "{option} '{text}' is not allowed
// (allowed: water 给排水, electric 电, …)" — each code with its label so the reader sees both.
std::string code(std::string_view option, std::string_view text, const std::vector<std::string>& codes);

// A coded field read in place: the value becomes the code it names (exit 64 as code()); an
// absent optional stays absent.
void canon(std::string_view option, std::string& value, const std::vector<std::string>& codes);
void canon(std::string_view option, std::optional<std::string>& value, const std::vector<std::string>& codes);
// The same in the field's own words: `refusal` is an English catalogue format given the value
// and the allowed list ("--category '{}' is not a ticket category (allowed: {})").
void canon(std::string_view option, std::string& value, const std::vector<std::string>& codes, std::string_view refusal);

// "water 给排水, electric 电": the allowed codes with their Chinese labels (the codes alone
// under --lang en).
std::string allowed(const std::vector<std::string>& codes);

}  // namespace svc::alias
