// Completion candidates: record ids from the database, value sets from the policy and the core.
#include "svc/complete.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

#include "svc/complaint.hpp"
#include "svc/desk.hpp"
#include "svc/dunning.hpp"
#include "svc/fee.hpp"
#include "svc/patrol.hpp"
#include "svc/record.hpp"
#include "svc/staff.hpp"
#include "svc/ticket.hpp"
#include "svc/unit.hpp"
#include "svc/violation.hpp"
#include "svc/visit.hpp"

namespace svc::complete {
namespace {

constexpr int kRecords = 5000;  // a shell lists no more than this many ids

struct Context {
  const Policy& policy;
  db::Database* db;
  Timestamp now;
  const std::string& arg;
};
using Source = std::function<std::vector<std::string>(const Context&)>;

Source fixed(const std::vector<std::string>& values) {
  return [&values](const Context&) { return values; };
}

std::vector<std::string> keys(const auto& map) {
  std::vector<std::string> out;
  for (const auto& [k, v] : map) out.push_back(k);
  return out;
}

// This month and the eleven before it, newest first: billing periods and report months.
std::vector<std::string> months(const Context& c) {
  Date d = local_date(c.now, c.policy.site.utc_offset);
  std::vector<std::string> out;
  for (int i = 0; i < 12; ++i) {
    out.push_back(fmt::format("{:04}-{:02}", d.year, d.month));
    if (--d.month == 0) d.month = 12, --d.year;
  }
  return out;
}

// Active staff of a role, or whose role may do an action ([roles]); every active member for "".
std::vector<std::string> staff_of(const Context& c) {
  std::vector<std::string> out;
  if (!c.db) return out;
  const bool action = c.policy.roles.actions.count(c.arg) > 0;
  for (const auto& s : staff::list(*c.db, {})) {
    if (!s.active) continue;
    if (c.arg.empty() || s.role == c.arg || (action && role_may(c.policy, s.role, c.arg))) out.push_back(s.login);
  }
  return out;
}

Source records(record::Kind kind, std::string condition) {
  return [kind, condition](const Context& c) {
    return c.db ? record::newest_refs(*c.db, kind, condition, kRecords) : std::vector<std::string>{};
  };
}

std::vector<std::string> receipts(const Context& c) {
  std::vector<std::string> out;
  if (!c.db) return out;
  auto st = c.db->prepare("SELECT receipt FROM payment WHERE voided_at IS NULL ORDER BY id DESC LIMIT :limit");
  st.bind(":limit", kRecords);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

const std::vector<std::string> kBillStatuses = {"open", "paid", "void"};
const std::vector<std::string> kShells = {"bash", "zsh", "fish"};
const std::vector<std::string> kFormats = {"table", "json", "csv", "md", "html"};

// kind → where its candidates come from; "db" marks the kinds that read the database.
const std::map<std::string, std::pair<Source, bool>, std::less<>>& table() {
  static const std::map<std::string, std::pair<Source, bool>, std::less<>> t = {
      // records
      {"units", {[](const Context& c) { return c.db ? unit::codes(*c.db, 50000) : std::vector<std::string>{}; }, true}},
      {"tickets", {[](const Context& c) { return c.db ? ticket::open_refs(*c.db, kRecords) : std::vector<std::string>{}; }, true}},
      {"complaints",
       {[](const Context& c) { return c.db ? complaint::open_refs(*c.db, kRecords) : std::vector<std::string>{}; }, true}},
      {"contacts", {[](const Context& c) { return c.db ? desk::open_refs(*c.db, kRecords) : std::vector<std::string>{}; }, true}},
      {"visits", {records(record::Kind::visit, "done_at IS NULL"), true}},
      {"rounds", {records(record::Kind::patrol, "status <> 'done'"), true}},
      {"violations", {records(record::Kind::violation, "status <> 'closed'"), true}},
      {"receipts", {receipts, true}},
      {"staff", {staff_of, true}},
      // the policy's value sets
      {"ticket-categories", {[](const Context& c) { return c.policy.ticket.categories; }, false}},
      {"pause-reasons", {[](const Context& c) { return c.policy.ticket.pause_statuses; }, false}},
      {"complaint-kinds", {[](const Context& c) { return c.policy.complaint.kinds; }, false}},
      {"complaint-categories", {[](const Context& c) { return c.policy.complaint.categories; }, false}},
      {"violation-categories", {[](const Context& c) { return c.policy.violation.categories; }, false}},
      {"fee-items",
       {[](const Context& c) {
          std::vector<std::string> out;
          for (const auto& i : c.policy.fee.items) out.push_back(i.code);
          return out;
        },
        false}},
      {"dunning-stages",
       {[](const Context& c) {
          std::vector<std::string> out;
          for (const auto& d : c.policy.fee.dunning) out.push_back(d.stage);
          return out;
        },
        false}},
      {"routes",
       {[](const Context& c) {
          std::vector<std::string> out;
          for (const auto& r : c.policy.patrol.routes)
            if (!r.retired) out.push_back(r.code);
          return out;
        },
        false}},
      {"roles",
       {[](const Context& c) {
          auto out = c.policy.roles.order;
          out.insert(out.end(), c.policy.roles.read_only.begin(), c.policy.roles.read_only.end());
          return out;
        },
        false}},
      {"policy-keys", {[](const Context&) { return policy_keys(); }, false}},
      {"periods", {months, false}},
      // the core's fixed value sets
      {"ticket-statuses", {fixed(ticket::kStatuses), false}},
      {"ticket-channels", {fixed(ticket::kChannels), false}},
      {"complaint-statuses", {fixed(complaint::kStatuses), false}},
      {"complaint-severities", {fixed(complaint::kSeverities), false}},
      {"complaint-validities", {fixed(complaint::kValidities), false}},
      {"complaint-natures", {fixed(complaint::kNatures), false}},
      {"complaint-channels", {fixed(complaint::kChannels), false}},
      {"complaint-levels", {fixed(complaint::kLevels), false}},
      {"notify-methods", {fixed(complaint::kNotifyMethods), false}},
      {"visit-methods", {fixed(visit::kMethods), false}},
      {"visit-kinds", {fixed(visit::kKinds), false}},
      {"visit-outcomes", {fixed(visit::kOutcomes), false}},
      {"desk-channels", {fixed(desk::kChannels), false}},
      {"desk-kinds", {fixed(desk::kKinds), false}},
      {"desk-statuses", {fixed(desk::kStatuses), false}},
      {"payment-methods", {fixed(fee::kMethods), false}},
      {"bill-statuses", {fixed(kBillStatuses), false}},
      {"reminder-statuses", {fixed(dunning::kStatuses), false}},
      {"patrol-results", {fixed(patrol::kResults), false}},
      {"violation-severities", {fixed(violation::kSeverities), false}},
      {"violation-statuses", {fixed(violation::kStatuses), false}},
      {"violation-actions", {fixed(violation::kActions), false}},
      {"unit-statuses", {fixed(unit::kStatuses), false}},
      {"formats", {fixed(kFormats), false}},
      {"shells", {fixed(kShells), false}},
  };
  return t;
}

}  // namespace

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> all = keys(table());
  return all;
}

bool needs_database(std::string_view kind) {
  const auto it = table().find(kind);
  return it != table().end() && it->second.second;
}

std::optional<std::vector<std::string>> candidates(std::string_view kind, const std::string& arg, const Policy& policy,
                                                   db::Database* db, Timestamp now) {
  const auto it = table().find(kind);
  if (it == table().end()) return std::nullopt;
  return it->second.first(Context{policy, db, now, arg});
}

}  // namespace svc::complete
