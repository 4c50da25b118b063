// Message catalogue lookup; the Chinese texts live in i18n/zh_*.inc, one fragment per module.
#include "svc/i18n.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>

namespace svc {
namespace {

std::atomic<Lang> g_lang{Lang::zh};

struct Entry {
  std::string_view en;
  std::string_view zh;
};

constexpr Entry kCatalogue[] = {
#include "svc/i18n/zh_core.inc"
#include "svc/i18n/zh_policy.inc"
#include "svc/i18n/zh_render.inc"
#include "svc/i18n/zh_time.inc"
#include "svc/i18n/zh_cli.inc"
#include "svc/i18n/zh_ticket.inc"
#include "svc/i18n/zh_visit.inc"
#include "svc/i18n/zh_complaint.inc"
#include "svc/i18n/zh_fee.inc"
#include "svc/i18n/zh_dunning.inc"
#include "svc/i18n/zh_audit.inc"
#include "svc/i18n/zh_patrol.inc"
#include "svc/i18n/zh_desk.inc"
#include "svc/i18n/zh_report.inc"
#include "svc/i18n/zh_find.inc"
};

// The entries by their English text (the first of equal ones first), sorted when svc is compiled:
// a lookup is a binary search and nothing is built when svc starts (issue 19: building a hash map
// of the catalogue was a sixth of what `svc version` did).
constexpr std::size_t kEntries = std::size(kCatalogue);
static_assert(kEntries < 65536, "the catalogue index is 16 bits");
constexpr auto kByEnglish = [] {
  std::array<std::uint16_t, kEntries> order{};
  for (std::size_t i = 0; i < kEntries; ++i) order[i] = static_cast<std::uint16_t>(i);
  std::sort(order.begin(), order.end(), [](std::uint16_t a, std::uint16_t b) {
    return kCatalogue[a].en < kCatalogue[b].en || (kCatalogue[a].en == kCatalogue[b].en && a < b);
  });
  return order;
}();

std::optional<std::string_view> zh_of(std::string_view english) {
  const auto it = std::lower_bound(kByEnglish.begin(), kByEnglish.end(), english,
                                   [](std::uint16_t i, std::string_view key) { return kCatalogue[i].en < key; });
  if (it == kByEnglish.end() || kCatalogue[*it].en != english) return std::nullopt;
  return kCatalogue[*it].zh;
}

const std::unordered_multimap<std::string_view, std::string_view>& en_map() {
  static const auto* map = [] {
    auto* m = new std::unordered_multimap<std::string_view, std::string_view>();
    for (const auto& e : kCatalogue) {
      const auto bar = e.en.find('|');
      m->emplace(e.zh, bar == std::string_view::npos ? e.en : e.en.substr(bar + 1));
    }
    return m;
  }();
  return *map;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

}  // namespace

void set_lang(Lang lang) { g_lang.store(lang); }
Lang lang() { return g_lang.load(); }

std::optional<Lang> parse_lang(std::string_view text) {
  const std::string s = lower(text);
  if (s.empty()) return std::nullopt;
  if (s.rfind("zh", 0) == 0) return Lang::zh;
  if (s.rfind("en", 0) == 0) return Lang::en;
  // "C", "POSIX" and other languages state no preference: the default (zh) applies.
  return std::nullopt;
}

std::string_view trc(std::string_view context, std::string_view english) {
  if (lang() == Lang::en) return english;
  std::string key(context);
  key += '|';
  key += english;
  const auto zh = zh_of(key);
  return zh ? *zh : tr(english);
}

std::string_view tr(std::string_view english) {
  if (lang() == Lang::en) return english;
  return zh_of(english).value_or(english);
}

std::vector<std::string_view> english_for(std::string_view zh) {
  std::vector<std::string_view> out;
  const auto [from, to] = en_map().equal_range(zh);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

std::optional<std::string_view> chinese_of(std::string_view english) { return zh_of(english); }

}  // namespace svc
