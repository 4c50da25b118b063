// Asking for what a command line left out, on a terminal (issue 18 "Fewer keystrokes"): the clerk
// who typed `svc t new -u 3-2-1501` is asked for the category — numbered, with the Chinese labels
// — and then the description, instead of being shown an error. run() asks only when standard input
// and standard error are terminals; scripts get the error (exit 64) as before.
#include <fmt/format.h>

#include <string>

#include "commands.hpp"
#include "svc/alias.hpp"
#include "svc/i18n.hpp"
#include "svc/staff.hpp"
#include "svc/strings.hpp"
#include "svc/text.hpp"

namespace svc::cmd {
namespace {

constexpr std::size_t kNumbered = 40;  // a longer value set is named, not numbered
constexpr std::size_t kShown = 12;     // record ids shown before "…"

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// "water 给排水" for a code of a value set, "吴明 (wuming)" for a member of staff.
std::string choice_label(const std::string& value, const Choices& c, const std::map<std::string, std::string>& names) {
  if (c.kind == "staff") {
    const auto it = names.find(value);
    return it == names.end() || it->second == value ? value : it->second + " (" + value + ")";
  }
  const auto label = lang() == Lang::zh ? chinese_of(value) : std::nullopt;
  return label && *label != value ? value + " " + std::string(*label) : value;
}

}  // namespace

std::optional<std::string> ask_missing(Session& s, const CLI::App& verb, const CLI::Option& opt) {
  std::istream& in = *s.invocation().in;
  std::ostream& err = s.err();
  const std::string name = opt.get_positional() ? std::string(trc("placeholder", opt.get_name())) : opt.get_name();
  err << fmt::format(fmt::runtime(tr("{} is required: {}")), name, opt.get_description()) << '\n';

  const auto choices = value_choices(verb, opt, s);
  const bool numbered = choices && !choices->values.empty() && choices->values.size() <= kNumbered &&
                        (!choices->records || choices->kind == "staff");
  if (numbered) {
    std::map<std::string, std::string> names;
    if (choices->kind == "staff") names = staff::display_names(s.db());
    for (std::size_t i = 0; i < choices->values.size(); ++i)
      err << fmt::format("  {:>2}) {}\n", i + 1, choice_label(choices->values[i], *choices, names));
  } else if (choices && !choices->values.empty()) {
    // Record ids (open tickets newest first) or a long set: the first few, to type one of them.
    std::vector<std::string> shown(choices->values.begin(),
                                   choices->values.begin() + static_cast<std::ptrdiff_t>(std::min(kShown, choices->values.size())));
    if (choices->values.size() > kShown) shown.push_back("…");
    err << "  " << join(shown, " ") << '\n';
  }
  while (true) {
    err << (numbered ? tr("a number or a value (Enter alone cancels): ") : tr("type it (Enter alone cancels): "))
        << std::flush;
    std::string line;
    if (!std::getline(in, line)) {
      err << '\n';
      return std::nullopt;
    }
    if (!text::valid_utf8(line)) {
      err << tr("that is not valid UTF-8; type it again") << '\n';
      continue;
    }
    line = trimmed(alias::fold(line));
    if (line.empty()) return std::nullopt;
    const bool digits = line.find_first_not_of("0123456789") == std::string::npos;
    if (!numbered || !digits) return line;
    const auto n = line.size() <= 3 ? std::stoul(line) : 0;
    if (n >= 1 && n <= choices->values.size()) return choices->values[n - 1];
    err << fmt::format(fmt::runtime(tr("there is no choice {} (1 to {})")), line, choices->values.size()) << '\n';
  }
}

}  // namespace svc::cmd
