// Issue 18, the command line at the front desk: CLI11's parser messages and help in Chinese, bare
// `svc` as an overview, "did you mean" for mistyped commands and options (with --help too), no
// English codes in Chinese sentences, no internal document references in what a clerk reads, one
// word for a dry run, and completion that knows flags from options and offers the values each
// option takes (the real bash is driven by tests/e2e/completion.sh).
#include <regex>

#include "commands.hpp"
#include "estate.hpp"
#include "svc/complete.hpp"
#include "svc/i18n.hpp"
#include "svc/policy.hpp"
#include "svc/strings.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::Estate;

namespace {

svc::test::Result zh(Cli& c, std::vector<std::string> args, const std::string& input = "") {
  c.set_env("SVC_LANG", "zh");
  auto r = c.run(std::move(args), input);
  c.set_env("SVC_LANG", "en");
  return r;
}

// English words CLI11 writes on its own; none may reach a Chinese reader.
const char* const kCli11English[] = {"was not expected", "were not expected", "is required", "Subcommand", "subcommand",
                                     "requires at least", "Requires at least", "Too many positional", "At Most",
                                     "At least", "Could not convert", "not in range", "Expected exactly",
                                     "Should be true/false", "Option Group", "Excludes", "Needs:", "REQUIRED",
                                     "Usage:", "Options:", "Positionals:", "OPTIONS", "SUBCOMMAND", "a verb is missing",
                                     "unknown option", "unknown command", "needs a value", "not allowed"};

void no_english(const std::string& text) {
  for (const std::string w : kCli11English) CHECK_MESSAGE(!contains(text, w), "English '" << w << "' in: " << text);
  static const std::regex type_word(R"(\b(TEXT|INT|UINT|FLOAT|BOOLEAN|NONNEGATIVE|ENCODING)\b)");
  CHECK_MESSAGE(!std::regex_search(text, type_word), "a CLI11 type name in: " << text);
}

}  // namespace

TEST_CASE("issue 18 cli: bare svc prints the overview and exits 0, like git") {
  Cli c(false);
  auto r = zh(c, {});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(contains(r.out, "用法: svc 名词 动词 [选项]"));
  CHECK(contains(r.out, "  ticket "));
  CHECK(contains(r.out, "最常用:"));
  CHECK(contains(r.out, "svc ticket new"));
  no_english(r.out);
  // Only global options, no noun: the overview too; nothing is opened.
  r = c.run({"--json"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "Most used:"));
  CHECK(!std::filesystem::exists(c.db_path()));
}

TEST_CASE("issue 18 cli: a mistyped noun or verb gets did you mean, with --help too (exit 64)") {
  Cli c(false);
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"desks", "--help"}, "unknown command 'desks': did you mean 'svc desk'?"},
      {{"tiket", "list"}, "unknown command 'tiket': did you mean 'svc ticket'?"},
      {{"ticket", "lst"}, "unknown command 'ticket lst': did you mean 'svc ticket list'?"},
      {{"ticket", "lst", "--help"}, "unknown command 'ticket lst': did you mean 'svc ticket list'?"},
      {{"--json", "ticket", "dispach", "T1"}, "did you mean 'svc ticket dispatch'?"},
      {{"patrol", "violation", "nwe"}, "unknown command 'violation nwe': did you mean 'svc patrol violation new'?"},
      {{"frobnicate"}, "unknown command 'frobnicate' (see 'svc --help')"},
  };
  for (const auto& k : cases) {
    const auto r = c.run(k.args);
    CHECK_MESSAGE(r.code == 64, k.args.front());
    CHECK_MESSAGE(contains(r.err, k.says), r.err);
    CHECK(r.out.empty());
  }
  // In Chinese, and a word typed in Chinese finds the noun whose description holds it.
  auto r = zh(c, {"desks", "--help"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "未知命令'desks':您是不是要用 'svc desk'?"));
  CHECK(r.out.empty());
  r = zh(c, {"投诉"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "'svc complaint'"));
  r = zh(c, {"ticket", "派工", "T1"});
  CHECK(contains(r.err, "'svc ticket dispatch'"));
  // svc help NOUN likewise.
  r = c.run({"help", "desks"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "no such command 'desks': did you mean 'desk'?"));
  // A correct command with --help still prints its help.
  r = c.run({"--json", "ticket", "--help"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "dispatch"));
}

TEST_CASE("issue 18 cli: an unknown option gets did you mean the close one") {
  Cli c(false);
  auto r = c.run({"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgnet"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "unknown option '--urgnet': did you mean --urgent?"));
  r = zh(c, {"--jsno", "ticket", "list"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "未知选项 '--jsno':您是不是要用 --json?"));
  r = c.run({"ticket", "list", "--frobnicate"});
  CHECK(contains(r.err, "unknown option '--frobnicate'\n"));
}

TEST_CASE("issue 18 cli: every parse error CLI11 can raise reaches the reader in Chinese") {
  Estate c;
  struct Case {
    std::vector<std::string> args;
    std::string says;  // in Chinese
  };
  const std::vector<Case> cases = {
      // ExtrasError: an unknown option, an argument too many
      {{"unit", "set", "1-1-101", "--owner-name", "x"}, "未知选项 '--owner-name'"},
      {{"unit", "show", "1-1-101", "1-1-102"}, "多余的参数 '1-1-102'"},
      // RequiredError: an option, a positional (by its placeholder), a verb
      {{"ticket", "new", "--unit", "1-1-102", "--desc", "x"}, "必须给出 --category"},
      {{"ticket", "dispatch", "--to", "wuming"}, "必须给出 工单"},
      {{"unit"}, "'svc unit' 后缺少动词(可用:import, list, show"},
      {{"patrol", "violation"}, "'svc patrol violation' 后缺少动词"},
      // ValidationError: a range, a bounded range, a set, svc's own validator
      {{"ticket", "list", "--limit", "-5"}, "--limit '-5' 不允许(允许:不小于 0 的整数)"},
      {{"visit", "list", "--rating-at-most", "9"}, "--rating-at-most '9' 不允许(允许:1 到 5 的整数)"},
      {{"--color", "purple", "unit", "list"}, "--color 'purple' 不允许(允许:auto, always, never)"},
      {{"unit", "import", "x.csv", "--encoding", "latin1"}, "--encoding 'latin1'"},
      // ArgumentMismatch: a missing value, an option given twice
      {{"unit", "list", "--format"}, "--format 需要一个值"},
      {{"ticket", "new", "--unit", "1-1-102", "--unit", "1-1-201", "--category", "water", "--desc", "x"},
       "--unit 只能给出一次"},
      // ExcludesError
      {{"fee", "hold", "1-1-202", "--lift", "--until", "2027-01-01"}, "不能同时使用"},
  };
  for (const auto& k : cases) {
    const auto before = c.digest();
    const auto r = zh(c, k.args);
    CHECK_MESSAGE(r.code == 64, k.args.front() << ' ' << r.err);
    CHECK_MESSAGE(contains(r.err, k.says), "wanted: " << k.says << "\nstderr: " << r.err);
    no_english(r.err);
    CHECK(c.digest() == before);
  }
}

TEST_CASE("issue 18 cli: --help of every command is in Chinese, CLI11's headings and type names included") {
  Cli c(false);
  std::vector<std::string> paths = {""};
  for (const auto& cmd : svc::cmd::command_table()) {
    paths.push_back(cmd.path);
    const auto sp = cmd.path.find(' ');
    if (sp != std::string::npos) paths.push_back(cmd.path.substr(0, sp));
  }
  for (const auto& path : paths) {
    std::vector<std::string> args;
    for (std::size_t from = 0; from < path.size();) {
      const auto sp = path.find(' ', from);
      args.push_back(path.substr(from, sp == std::string::npos ? std::string::npos : sp - from));
      from = sp == std::string::npos ? path.size() : sp + 1;
    }
    if (!args.empty() && args.front() == "__complete") continue;
    args.push_back("--help");
    const auto r = zh(c, args);
    CHECK_MESSAGE(r.code == 0, path);
    CHECK(contains(r.out, "用法:"));
    no_english(r.out);
  }
  const auto r = zh(c, {"ticket", "dispatch", "--help"});
  CHECK(contains(r.out, "用法: svc ticket dispatch [选项] 工单"));
  CHECK(contains(r.out, "位置参数:"));
  CHECK(contains(r.out, "--to 文本 必填"));
  CHECK(contains(zh(c, {"ticket", "list", "--help"}).out, "--limit 非负整数"));
  CHECK(contains(zh(c, {"visit", "list", "--help"}).out, "--rating-at-most 整数 1-5"));
  CHECK(contains(zh(c, {"--help"}).out, "子命令:"));
}

TEST_CASE("issue 18 cli: roles, levels and categories are worded in a Chinese sentence, not left as codes") {
  Estate c;
  // A receptionist is no technician: the sentence names her role in Chinese.
  auto r = zh(c, {"ticket", "dispatch", "T1", "--to", "wangfang"});
  CHECK(r.code == 64);
  CHECK(contains(r.err, "的角色是 前台,不是维修员"));
  CHECK(!contains(r.err, "frontdesk,"));
  // A read-only member's role, and the role a permission needs.
  r = zh(c, {"--as", "majie", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent"});
  CHECK(r.code == 77);
  CHECK(contains(r.err, "品质部"));
  CHECK(!contains(r.err, "quality"));
  // A leak test on a water ticket names the category in Chinese.
  r = zh(c, {"ticket", "leak-test", "T3"});
  CHECK(!contains(r.err, " water "));
  // English readers keep the codes.
  r = c.run({"ticket", "dispatch", "T1", "--to", "wangfang"});
  CHECK(contains(r.err, "--to 'wangfang' is frontdesk, not a technician"));
}

TEST_CASE("issue 18 cli: no internal document references in what a clerk reads, kept for policy explain --sources") {
  // The catalogue's texts (English and Chinese) outside the policy's key documentation.
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SVC_SOURCE_DIR) + "/src/svc/i18n")) {
    if (entry.path().filename() == "zh_policy.inc") continue;
    std::ifstream f(entry.path());
    std::string line;
    while (std::getline(f, line)) {
      if (line.rfind("//", 0) == 0) continue;
      CHECK_MESSAGE(!contains(line, "domain-rules"), entry.path().filename() << ": " << line);
      CHECK_MESSAGE(!std::regex_search(line, std::regex(R"(\b00\d[_-][0-9a-f])")), entry.path().filename() << ": " << line);
    }
  }
  Cli c(false);
  auto r = c.run({"policy", "explain", "ticket.callback.leak"});
  CHECK(r.code == 0);
  CHECK(!contains(r.out, "domain-rules"));
  CHECK(!contains(r.out, ".txt"));
  r = c.run({"policy", "explain", "--sources", "ticket.callback.leak"});
  CHECK(contains(r.out, "domain-rules 1.9"));
  // Scripts keep the rule in json and csv.
  CHECK(contains(c.run({"--json", "policy", "explain", "ticket.callback.leak"}).out, "domain-rules 1.9"));
  CHECK(contains(c.run({"--csv", "policy", "explain", "ticket.callback.leak"}).out, "domain-rules 1.9"));
}

TEST_CASE("issue 18 cli: one word for a dry run, 回访 for callbacks and 走访 for outreach, 电话 for a callback call") {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SVC_SOURCE_DIR) + "/src/svc/i18n")) {
    std::ifstream f(entry.path());
    std::string line;
    while (std::getline(f, line)) {
      CHECK_MESSAGE(!contains(line, "演练"), line);
      CHECK_MESSAGE(!contains(line, "预演"), line);
      if (line.rfind("{\"dry run", 0) == 0) CHECK_MESSAGE(contains(line, "\"试运行:"), line);
      if (contains(line, "outreach") && !contains(line, "callback")) CHECK_MESSAGE(!contains(line, "回访"), line);
    }
  }
  svc::set_lang(svc::Lang::zh);
  CHECK(svc::tr("show what would change, change nothing").starts_with("试运行"));
  CHECK(svc::trc("method", "phone") == "电话");  // a callback made by phone
  CHECK(svc::tr("phone") == "来电");              // a request that came in by phone
  svc::set_lang(svc::Lang::en);
  Estate c;
  const auto r = zh(c, {"visit", "list"});
  CHECK(contains(r.out, "电话"));
  CHECK(!contains(r.out, "来电"));
}

// --- completion --------------------------------------------------------------------------------

TEST_CASE("issue 18 cli: the bash script skips only the values of options that take one") {
  Cli c(false);
  const auto bash = c.run({"completion", "bash"}).out;
  // The words that make the next word a value: --db and --to, never --json, -q or --help.
  const auto at = bash.find("    case \"$w\" in\n      ");
  REQUIRE(at != std::string::npos);
  const std::string skip = bash.substr(at, bash.find(") skip=1", at) - at) + "|";
  CHECK(contains(skip, "|--db|"));
  CHECK(contains(skip, "|--to|"));
  for (const char* flag : {"|--json|", "|--csv|", "|--md|", "|--bom|", "|--reveal|", "|-q|", "|--quiet|", "|--help|",
                           "|-h|", "|--urgent|", "|--dry-run|"})
    CHECK_MESSAGE(!contains(skip, flag), flag);
  CHECK(contains(bash, "\"ticket dispatch|--to\") _svc_ask staff technician; return ;;"));
  CHECK(contains(bash, "\"ticket new|--category\") _svc_ask ticket-categories; return ;;"));
  CHECK(contains(bash, "\"fee pay|--method\") _svc_ask payment-methods; return ;;"));
  CHECK(contains(bash, "*\"|--unit\") _svc_ask units; return ;;"));
  CHECK(contains(bash, "\"fee receipt\")"));
  CHECK(contains(bash, "0) _svc_ask receipts; return ;;"));
  CHECK(contains(bash, "\"patrol violation/new\""));
  // zsh keeps using it through bashcompinit.
  const auto zsh = c.run({"completion", "zsh"}).out;
  CHECK(contains(zsh, "bashcompinit"));
  CHECK(contains(zsh, "complete -F _svc svc"));
}

TEST_CASE("issue 18 cli: fish marks only the options that take a value as -r") {
  Cli c(false);
  const auto fish = c.run({"completion", "fish"}).out;
  std::istringstream lines(fish);
  std::string line;
  int flags = 0, valued = 0;
  while (std::getline(lines, line)) {
    const bool flag = contains(line, " -l json ") || contains(line, " -l quiet ") || contains(line, " -l help ") ||
                      contains(line, " -l urgent ") || contains(line, " -l reveal ");
    if (flag) {
      ++flags;
      CHECK_MESSAGE((!contains(line, " -r") && !contains(line, " -x")), line);
    }
    if (contains(line, " -l db ")) {
      ++valued;
      CHECK_MESSAGE(contains(line, " -r"), line);
    }
  }
  CHECK(flags > 5);
  CHECK(valued == 1);
  CHECK(contains(fish, "-l to -d"));
  CHECK(contains(fish, "-x -a '(svc __complete staff technician 2>/dev/null)'"));
}

TEST_CASE("issue 18 cli: svc __complete offers staff of a role, records and the policy's value sets") {
  Estate c;
  auto lines = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "__complete");
    const auto r = c.run(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    std::vector<std::string> out;
    std::istringstream in(r.out);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  };
  CHECK(lines({"staff", "technician"}) == std::vector<std::string>{"huanglei", "wuming", "zhengtao"});
  // By action: whoever may take complaints (frontdesk and above), not the technicians or quality.
  const auto takers = lines({"staff", "take_complaint"});
  CHECK(svc::contains(takers, std::string("wangfang")));
  CHECK(!svc::contains(takers, std::string("wuming")));
  CHECK(!svc::contains(takers, std::string("majie")));
  CHECK(lines({"receipts"}) == std::vector<std::string>{"R2026-000001"});
  CHECK(lines({"tickets"}) == std::vector<std::string>{"T4", "T3", "T2", "T1"});
  CHECK(lines({"visits"}).empty());  // the estate's one visit (V1) is done
  const auto policy = svc::load_policy(std::nullopt);
  CHECK(lines({"ticket-categories"}) == policy.ticket.categories);
  CHECK(lines({"periods"}).front() == "2026-11");
  CHECK(lines({"payment-methods"}) == std::vector<std::string>{"cash", "wechat", "alipay", "bank", "card"});
  // Every kind answers (exit 0) on the estate, and an unknown kind is a usage error.
  for (const auto& kind : svc::complete::kinds()) CHECK_MESSAGE(c.run({"__complete", kind}).code == 0, kind);
  CHECK(c.run({"__complete", "frobs"}).code == 64);
  // Without a database, the record kinds offer nothing and the value sets still answer.
  Cli empty(false);
  auto r = empty.run({"__complete", "tickets"});
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(contains(empty.run({"__complete", "ticket-statuses"}).out, "dispatched\n"));
}

TEST_CASE("issue 18 cli: every completion row names a real verb, an option that takes a value and a known kind") {
  Cli c(false);
  const auto rows = svc::cmd::completion_rows();
  CHECK(rows.size() > 40);
  for (const auto& row : rows) {
    std::vector<std::string> args;
    for (std::size_t from = 0; from < row.path.size();) {
      const auto sp = row.path.find(' ', from);
      args.push_back(row.path.substr(from, sp == std::string::npos ? std::string::npos : sp - from));
      from = sp == std::string::npos ? row.path.size() : sp + 1;
    }
    args.push_back("--help");
    const auto help = c.run(args);
    CHECK_MESSAGE(help.code == 0, row.path);
    CHECK_MESSAGE(contains(help.out, row.option + " TEXT"), row.path << " " << row.option << "\n" << help.out);
    if (!row.kind.empty())
      CHECK_MESSAGE(svc::contains(svc::complete::kinds(), row.kind), row.kind);
  }
}
