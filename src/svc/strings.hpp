// Small text helpers every module uses: joining a list for a message, membership in a list.
#pragma once

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

namespace svc {

// "a, b, c": the items of a list for an "allowed: …" message.
template <class Range>
std::string join(const Range& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += std::string_view(item);
  }
  return out;
}

template <class Range>
bool contains(const Range& range, std::string_view value) {
  return std::find(std::begin(range), std::end(range), value) != std::end(range);
}

}  // namespace svc
