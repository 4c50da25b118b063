// Issue 18, the front desk: one screen for a household (`unit show`) and the search (`svc find`,
// `--search` on the ticket and complaint lists). Phones stay masked (domain-rules 12).
#include "estate.hpp"
#include "svc/value.hpp"

using svc::test::contains;
using svc::test::Estate;
using svc::test::run_ok;

namespace {

svc::Value json(Estate& c, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return svc::parse_json(run_ok(c, std::move(args)));
}

std::vector<std::string> refs(const svc::Value& list) {
  std::vector<std::string> out;
  for (const auto& v : list.as_array()) out.push_back(v.get("ref").as_string());
  return out;
}

}  // namespace

TEST_CASE("issue 18 find: ticket list and complaint list --search, with the other filters") {
  Estate c;
  // Description, reporter, location, unit code.
  CHECK(refs(json(c, {"ticket", "list", "--search", "漏水"})) == std::vector<std::string>{"T2"});
  CHECK(refs(json(c, {"ticket", "list", "--search", "大堂"})) == std::vector<std::string>{"T1"});
  CHECK(refs(json(c, {"ticket", "list", "--search", "1-1-201"})) == std::vector<std::string>{"T4"});
  CHECK(refs(json(c, {"ticket", "list", "--search", "1-1-102"})) == std::vector<std::string>{"T2", "T3"});
  CHECK(refs(json(c, {"ticket", "list", "--search", "1-1-102", "--status", "done"})) == std::vector<std::string>{"T3"});
  CHECK(json(c, {"ticket", "list", "--search", "1-1-102", "--category", "electric"}).as_array().empty());
  // Complaints: subject, unit, with --status.
  CHECK(refs(json(c, {"complaint", "list", "--search", "电梯"})) == std::vector<std::string>{"C2"});
  CHECK(refs(json(c, {"complaint", "list", "--search", "1-1-102", "--status", "resolved"})) ==
        std::vector<std::string>{"C1"});
  CHECK(json(c, {"complaint", "list", "--search", "没有这种投诉"}).as_array().empty());
  // % and _ are the text itself, not LIKE's wildcards (that would list everything).
  for (const char* noun : {"ticket", "complaint"})
    for (const char* wild : {"%", "_", "1_1_102"}) {
      CAPTURE(noun);
      CAPTURE(wild);
      CHECK(json(c, {noun, "list", "--search", wild}).as_array().empty());
    }
}
