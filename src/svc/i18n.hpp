// Message catalogue: source strings are English; Chinese (the default) comes from the catalogue.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc {

enum class Lang { zh, en };

// The process-wide output language, set once by the CLI from --lang > SVC_LANG > LC_ALL/
// LC_MESSAGES/LANG. Defaults to zh.
void set_lang(Lang lang);
Lang lang();

// "zh", "zh_CN.UTF-8" → zh; "en", "en_US.UTF-8" → en; anything else (C, POSIX) → nullopt.
std::optional<Lang> parse_lang(std::string_view text);

// The text in the current language: the catalogue's Chinese for a known English source string
// under zh, otherwise the English itself. Format placeholders ({}) are kept.
std::string_view tr(std::string_view english);

// The same for a word whose Chinese depends on where it stands ("Received" is 受理时间 as a
// record's field and 受理 as a count in a report): the catalogue key is "context|english"; the
// English reader sees `english`.
std::string_view trc(std::string_view context, std::string_view english);

// Reading labels back (src/svc/alias.cpp): every English source text whose Chinese is `zh`, with
// a context prefix ("visit|") removed; the Chinese of `english` whatever the output language.
std::vector<std::string_view> english_for(std::string_view zh);
std::optional<std::string_view> chinese_of(std::string_view english);

}  // namespace svc
