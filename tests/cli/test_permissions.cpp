// Permissions (domain-rules 9.2, policy.md [roles]), generated from the policy: every action of
// policy_role_actions() is tried by a staff member of every role of roles.order and
// roles.read_only, and the outcome expected is decided by role_may(), the function the core's
// checks use, not by a copy of the rule. Allowed: the command succeeds (and a write changes the
// database). Not allowed: exit 77, a message naming the role needed, nothing printed on stdout and
// the database unchanged. An action without a sample command here fails the test, so a new
// action cannot be forgotten.
#include <map>
#include <set>

#include "estate.hpp"
#include "svc/policy.hpp"
#include "svc/strings.hpp"
#include "svc/value.hpp"

using svc::test::contains;
using svc::test::Estate;

namespace {

struct Sample {
  std::vector<std::string> args;  // run as the staff member of the role tried (estate.hpp's records)
  std::string input = "";         // stdin
  // Actions the command checks as well, before or after this one (closing a major complaint is
  // first a complaint close): a role refused by one of them may be told that role instead.
  std::vector<std::string> also = {};
  bool writes = true;
};

// One command per action, on the estate of estate.hpp, built so that the action's role is what
// decides: the record is in the state the command needs, so only the role can refuse it.
const std::map<std::string, Sample>& samples() {
  static const std::map<std::string, Sample> s = {
      {"void_receipt", {{"fee", "void", "R2026-000001", "--reason", "开错了"}}},
      {"close_major_complaint", {{"complaint", "close", "C1"}, "", {"take_complaint"}}},
      {"refer_legal", {{"fee", "refer", "1-1-202", "--legal", "--reason", "调解无果"}}},
      {"reveal_phone", {{"--reveal", "unit", "show", "1-1-102"}, "", {}, false}},
      {"manage_units", {{"unit", "set", "1-1-101", "--owner", "新业主"}}},
      {"manage_staff", {{"staff", "add", "--login", "newguy", "--name", "新人", "--role", "technician"}}},
      {"take_ticket", {{"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "水管漏水", "--urgent"}}},
      {"dispatch_public_ticket", {{"ticket", "dispatch", "T1", "--to", "wuming"}}},
      {"cancel_dispatched_ticket", {{"ticket", "cancel", "T2", "--reason", "业主取消"}}},
      {"close_without_callback",
       {{"ticket", "close", "T3", "--no-callback", "--reason", "业主联系不上"}, "", {"take_ticket"}}},
      {"take_complaint", {{"complaint", "new", "--unit", "1-1-102", "--subject", "噪音"}}},
      {"escalate_complaint", {{"complaint", "escalate", "C2", "--reason", "久拖未决"}}},
      {"bill_fees", {{"fee", "bill", "--period", "2026-11"}}},
      {"take_payment", {{"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash"}}},
      {"cancel_bill", {{"fee", "cancel", "4", "--reason", "开错了"}}},
      {"waive_late_fee", {{"fee", "waive", "1-1-202", "--reason", "争议已解决"}}},
      {"meter_reset", {{"fee", "meter", "import", "--reset", "-"}, "unit,meter,reading,read_on\n1-1-201,water,3,2026-11-20\n"}},
      {"dunning_hold", {{"fee", "hold", "1-1-202", "--until", "2027-01-01", "--reason", "收费争议"}}},
      {"resolve_reminder", {{"fee", "resolve", "1", "--retry"}}},
      {"take_contact", {{"desk", "log", "--channel", "phone", "--kind", "enquiry", "--unit", "1-1-102", "--note", "咨询停车",
                         "--answered"}}},
      {"report_note", {{"report", "note", "--month", "2026-10", "--section", "complaints", "--file", "-"}, "十月投诉两起，均已回访。\n"}},
  };
  return s;
}

// Actions no command checks, each with the reason. edit_policy: the policy is a TOML file that svc
// reads and never writes (svc policy check/show/explain only read it), so who may change it is
// decided by the file's owner and mode, not by svc; the key is kept so a site's file documents it.
const std::map<std::string, std::string>& without_command() {
  static const std::map<std::string, std::string> s = {
      {"edit_policy", "svc never writes the policy file: its file mode decides who edits it"}};
  return s;
}

// "needs role frontdesk or higher", or for an action that lets roles in by name "needs role
// foreman, or role supervisor or higher": what the refusal must say.
std::string needs(const svc::Policy& p, const std::string& action) {
  const auto& named = svc::action_named_roles(p, action);
  const auto& lowest = p.roles.actions.at(action);
  if (named.empty()) return "needs role " + lowest + " or higher";
  return "needs role " + svc::join(named) + ", or role " + lowest + " or higher";
}

// The login of an active staff member of each role of the estate (the OS user root is the admin).
std::map<std::string, std::string> login_by_role(Estate& c) {
  std::map<std::string, std::string> out{{"admin", "root"}};
  const auto staff = svc::parse_json(svc::test::run_ok(c, {"--json", "staff", "list"}));
  for (const auto& s : staff.as_array())
    if (s.get("active").as_bool()) out.emplace(s.get("role").as_string(), s.get("login").as_string());
  return out;
}

// Every action × every role under the estate's policy with `roles` appended to it; returns the
// number of cases run.
std::size_t matrix(const std::string& roles) {
  std::size_t cases = 0;
  const std::string policy_text = svc::test::kEstatePolicy + roles;
  std::set<std::string> roles_seen;
  std::map<std::string, std::string> logins;
  svc::Policy policy;
  {
    Estate c;
    policy = svc::load_policy(c.write("policy.toml", policy_text));
    logins = login_by_role(c);
  }
  std::vector<std::string> all_roles = policy.roles.order;
  all_roles.insert(all_roles.end(), policy.roles.read_only.begin(), policy.roles.read_only.end());

  for (const auto& action : svc::policy_role_actions()) {
    if (without_command().count(action)) continue;
    const auto it = samples().find(action);
    REQUIRE_MESSAGE(it != samples().end(), "[roles] action '" << action
                                                               << "' has no sample command in test_permissions.cpp");
    const Sample& sample = it->second;
    for (const auto& role : all_roles) {
      CAPTURE(action);
      CAPTURE(role);
      REQUIRE_MESSAGE(logins.count(role), "the estate has no staff member of role " << role);
      Estate c;
      c.set_env("SVC_POLICY", c.write("policy.toml", policy_text));
      auto args = sample.args;
      if (role != "admin") args.insert(args.begin(), {"--as", logins.at(role)});
      const auto before = c.digest();
      const auto r = c.run(args, sample.input);
      ++cases;
      bool allowed = svc::role_may(policy, role, action);
      for (const auto& other : sample.also) allowed = allowed && svc::role_may(policy, role, other);
      if (allowed) {
        CHECK_MESSAGE(r.code == 0, r.err);
        if (sample.writes) CHECK(c.digest() != before);
        continue;
      }
      CHECK_MESSAGE(r.code == 77, r.err);
      CHECK(r.out.empty());
      CHECK(c.digest() == before);
      CHECK_MESSAGE(contains(r.err, "permission denied"), r.err);
      if (svc::contains(policy.roles.read_only, role)) {
        CHECK_MESSAGE(contains(r.err, "has the read-only role " + role), r.err);
        continue;
      }
      // The role the action needs, or the role of a check the command makes as well that this role fails.
      bool named = contains(r.err, needs(policy, action) + "; '" + logins.at(role) + "' is " + role);
      for (const auto& other : sample.also)
        if (!svc::role_may(policy, role, other)) named = named || contains(r.err, needs(policy, other));
      CHECK_MESSAGE(named, r.err);
    }
  }
  return cases;
}

}  // namespace

TEST_CASE("permissions: every [roles] action has a sample command or a reason why none checks it") {
  for (const auto& action : svc::policy_role_actions())
    CHECK_MESSAGE(samples().count(action) + without_command().count(action) == 1,
                  "action '" << action << "': give it one sample command (or one reason)");
  for (const auto& [action, sample] : samples()) CHECK(svc::contains(svc::policy_role_actions(), action));
  for (const auto& [action, reason] : without_command()) CHECK(svc::contains(svc::policy_role_actions(), action));
}

TEST_CASE("permissions: every [roles] action by every role of the default policy (domain-rules 9.2)") {
  const auto n = matrix("");
  // 19 actions with a command × 10 roles (9 ranked, 1 read-only).
  CHECK(n == (svc::policy_role_actions().size() - without_command().size()) * 10);
}

TEST_CASE("permissions: the matrix follows the policy, not the code: a site that moves every line") {
  // Each action one step off its default, lists with names below the lowest rank included.
  matrix(
      "[roles]\n"
      "void_receipt = \"assistant\"\n"
      "close_major_complaint = [\"supervisor\", \"director\"]\n"
      "refer_legal = \"director\"\n"
      "reveal_phone = [\"technician\", \"gm\"]\n"
      "manage_units = \"supervisor\"\n"
      "manage_staff = \"gm\"\n"
      "take_ticket = \"assistant\"\n"
      "dispatch_public_ticket = [\"technician\", \"frontdesk\", \"manager\"]\n"
      "cancel_dispatched_ticket = \"manager\"\n"
      "close_without_callback = [\"assistant\", \"gm\"]\n"
      "take_complaint = \"foreman\"\n"
      "escalate_complaint = \"frontdesk\"\n"
      "bill_fees = \"supervisor\"\n"
      "take_payment = [\"technician\", \"manager\"]\n"
      "cancel_bill = \"manager\"\n"
      "waive_late_fee = \"assistant\"\n"
      "meter_reset = \"manager\"\n"
      "dunning_hold = \"assistant\"\n"
      "resolve_reminder = [\"frontdesk\", \"director\"]\n");
}
