// Values as the front desk types them: full-width folding and labels read back to codes.
#include "svc/alias.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/strings.hpp"

namespace svc::alias {
namespace {

struct Short {
  std::string_view form;
  std::string_view code;
};

constexpr Short kShortForms[] = {
#include "svc/i18n/aliases.inc"
};

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// "Door-Window", "door window" → "door_window": how a code may be typed.
std::string code_form(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c == '-' || c == ' ') c = '_';
    out += c;
  }
  return out;
}

// A label and its parts: "重大(严重)" is read as 重大(严重), 重大 and 严重.
std::vector<std::string_view> label_forms(std::string_view label) {
  std::vector<std::string_view> out{label};
  for (std::string_view open : {"(", "（"}) {
    const auto at = label.find(open);
    if (at == std::string_view::npos || at == 0) continue;
    out.push_back(label.substr(0, at));
    std::string_view rest = label.substr(at + open.size());
    for (std::string_view close : {")", "）"})
      if (rest.ends_with(close)) out.push_back(rest.substr(0, rest.size() - close.size()));
  }
  return out;
}

}  // namespace

std::string nfkc(std::string_view text) {
  if (ascii(text)) return std::string(text);
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                              static_cast<utf8proc_ssize_t>(text.size()), &out,
                              static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (n < 0) return std::string(text);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> hold(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

std::string fold(std::string_view text) {
  std::string folded = nfkc(text);
  return ascii(folded) ? folded : std::string(text);
}

std::optional<std::string> find(std::string_view option, std::string_view text, const std::vector<std::string>& codes) {
  const std::string typed = fold(text);
  const std::string as_code = code_form(typed);
  for (const auto& c : codes)
    if (c == typed || c == as_code) return c;
  std::vector<std::string> named;
  auto name = [&](std::string_view code) {
    if (contains(codes, code) && !contains(named, code)) named.emplace_back(code);
  };
  for (const auto& en : english_for(typed)) name(en);
  for (const auto& c : codes)
    if (const auto label = chinese_of(c))
      for (const auto& form : label_forms(*label))
        if (form == typed) name(c);
  if (named.empty())
    for (const auto& s : kShortForms)
      if (s.form == typed) name(s.code);
  if (named.empty()) return std::nullopt;
  if (named.size() > 1)
    fail(Exit::usage, "{} '{}' could mean {}: give the code", option, text, allowed(named));
  return named.front();
}

std::string code(std::string_view option, std::string_view text, const std::vector<std::string>& codes) {
  if (auto c = find(option, text, codes)) return *c;
  fail(Exit::usage, "{} '{}' is not allowed (allowed: {})", option, text, allowed(codes));
}

void canon(std::string_view option, std::string& value, const std::vector<std::string>& codes) {
  value = code(option, value, codes);
}

void canon(std::string_view option, std::optional<std::string>& value, const std::vector<std::string>& codes) {
  if (value) canon(option, *value, codes);
}

void canon(std::string_view option, std::string& value, const std::vector<std::string>& codes, std::string_view refusal) {
  if (auto c = find(option, value, codes)) {
    value = *c;
    return;
  }
  fail(Exit::usage, refusal, value, allowed(codes));
}

std::string allowed(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) {
    if (!out.empty()) out += ", ";
    out += c;
    const auto label = lang() == Lang::zh ? chinese_of(c) : std::nullopt;
    if (label && *label != c) {
      out += ' ';
      out += *label;
    }
  }
  return out;
}

}  // namespace svc::alias
