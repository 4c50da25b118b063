// i18n: every English source string the code passes to tr() or fail() has a Chinese text, so
// Chinese-first output never falls back to English by accident.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "svc/i18n.hpp"

namespace {

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      out.push_back(s[i] == 'n' ? '\n' : s[i]);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::set<std::string> source_strings() {
  const std::regex call(R"re((?:\btr\(|\bfail\(\s*Exit::\w+\s*,)\s*((?:"(?:[^"\\]|\\.)*"\s*)+))re");
  // trc("context", "text") is looked up as "context|text".
  const std::regex in_context(R"re(\btrc\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)")re");
  const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  // tr(dry_run ? "dry run: would …" : "…"): both texts are looked up.
  const std::regex choice(R"re(\btr\([^"();]*\?\s*((?:"(?:[^"\\]|\\.)*"\s*)+):\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\))re");
  const auto joined = [&](const std::string& lits) {
    std::string out;
    for (std::sregex_iterator l(lits.begin(), lits.end(), literal), end; l != end; ++l) out += (*l)[1].str();
    return unescape(out);
  };
  std::set<std::string> found;
  for (const char* dir : {"/src/svc", "/cmd"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(SVC_SOURCE_DIR) + dir)) {
      const auto ext = e.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      std::ifstream f(e.path());
      std::stringstream ss;
      ss << f.rdbuf();
      const std::string text = ss.str();
      for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) found.insert(joined((*it)[1].str()));
      for (std::sregex_iterator it(text.begin(), text.end(), choice), end; it != end; ++it) {
        found.insert(joined((*it)[1].str()));
        found.insert(joined((*it)[2].str()));
      }
      for (std::sregex_iterator it(text.begin(), text.end(), in_context), end; it != end; ++it)
        found.insert(unescape((*it)[1].str() + "|" + (*it)[2].str()));
    }
  }
  return found;
}

}  // namespace

TEST_CASE("i18n: every tr() and fail() source string has a Chinese text") {
  // Command names and option spellings stay as typed.
  const std::set<std::string> verbatim = {"--reveal", "{}", "--{} '{}': {}", "staff add", "staff set",
                                          "staff import", "unit import", "unit add", "unit set",
                                          "--as / SVC_USER", "unknown unit '{}'"};
  svc::set_lang(svc::Lang::zh);
  const auto strings = source_strings();
  CHECK(strings.size() > 150);
  for (const auto& s : strings) {
    if (verbatim.count(s)) continue;
    CHECK_MESSAGE(std::string(svc::tr(s)) != s, "no Chinese text for: " << s);
  }
}

TEST_CASE("i18n: English is used with --lang en and placeholders survive translation") {
  svc::set_lang(svc::Lang::en);
  CHECK(svc::tr("unknown unit '{}' (see 'svc unit list')") == "unknown unit '{}' (see 'svc unit list')");
  svc::set_lang(svc::Lang::zh);
  const std::string zh(svc::tr("unknown unit '{}' (see 'svc unit list')"));
  CHECK(zh.find("{}") != std::string::npos);
  CHECK(zh != "unknown unit '{}' (see 'svc unit list')");
}

TEST_CASE("i18n: language names from the environment") {
  CHECK(svc::parse_lang("zh_CN.UTF-8") == svc::Lang::zh);
  CHECK(svc::parse_lang("en_US.UTF-8") == svc::Lang::en);
  CHECK(svc::parse_lang("EN") == svc::Lang::en);
  CHECK(!svc::parse_lang("C.UTF-8"));  // no preference: Chinese stays the default
  CHECK(!svc::parse_lang("fr_FR"));
}
