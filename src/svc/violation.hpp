// Customer violations (客户违例, domain-rules 6): the record (《客户违例事件记录表》) with its
// category, subcategory and severity (6.1, 6.2), the handling methods (6.3) with who may impose
// a penalty and the manager's signature on major ones (6.4), rectification deadlines, the
// re-inspection that closing needs, compensation billed to the unit's fee ledger, the follow-up
// contact a penalty owes (L440), and retention with its purge (6.6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/money.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/record.hpp"
#include "svc/value.hpp"

namespace svc::violation {

inline const std::vector<std::string> kSeverities = {"general", "major"};
inline const std::vector<std::string> kStatuses = {"open", "closed"};
// The handling methods (6.3): 劝导, 限期整改, 赔偿经济损失, 通报批评, 提起诉讼; and the follow-up
// contact that mends relations after a penalty (L440).
inline const std::vector<std::string> kActions = {"advise", "rectify", "compensate", "criticize", "litigate",
                                                  "follow_up"};

struct Violation {
  std::int64_t id = 0;
  std::optional<std::int64_t> unit_id;
  std::optional<std::string> unit;  // code
  std::optional<std::string> location;
  std::string category;
  std::optional<std::string> subcategory;
  std::string severity, status, description, found_by;
  std::optional<std::string> source;  // 'P5'
  std::string created_by;
  Timestamp created_at = 0;
  std::optional<std::string> reinspection;
  std::optional<Timestamp> reinspected_at, closed_at;
  std::optional<std::string> closed_by, retain_until;

  std::string ref() const { return record::ref(record::Kind::violation, id); }
  static const record::Fields<Violation>& fields();
};

struct Action {
  std::int64_t id = 0;
  std::int64_t violation_id = 0;
  std::string kind;
  std::optional<std::string> note, rectify_by;
  std::optional<Fen> amount;
  bool penalty = false, needs_signature = false;
  std::optional<Timestamp> signed_at;
  std::optional<std::string> signed_by;
  std::optional<Timestamp> effective_at;
  std::optional<std::int64_t> bill_id;
  std::string by;
  Timestamp at = 0;
};

std::int64_t parse_ref(std::string_view text);
std::optional<Violation> find(db::Database& db, std::int64_t id);
Violation get(db::Database& db, std::int64_t id);  // exit 66 when absent
std::vector<Action> actions(db::Database& db, std::int64_t id);

// Intake (6.4: any staff member who sees one reports it; 客服助理部 records it).
struct Intake {
  std::optional<std::string> unit, location;  // at least one
  std::string category;
  std::optional<std::string> subcategory;
  std::optional<std::string> severity;  // general | major: the user decides by 6.2
  std::string description;
  std::optional<std::string> found_by;  // a login; default the actor
  std::optional<std::string> source;    // 'P5' when found on a round
  std::optional<std::string> point;     // the round's point
};
// `options` names the options in messages: "--category" from `violation new`, "--violation" from
// `patrol check`.
Violation create(Op& op, Intake in, std::string_view category_option = "--category");

struct Act {
  std::string kind;  // advise, rectify, compensate, criticize, litigate
  std::optional<std::string> by;      // rectify: the deadline (a date or time)
  std::optional<std::string> amount;  // compensate: yuan
  std::optional<std::string> reason;  // penalties: why (required); advice, follow_up: what was said
};
struct Acted {
  Violation violation;
  Action action;
  bool awaiting_signature = false;
  std::optional<std::int64_t> bill_id;  // what taking effect made
  bool follow_up_owed = false;          // a penalty took effect: a follow-up contact is owed (L440)
};
// advise: anyone; rectify, follow_up: violation.handler_role (a follow-up also on a closed one); compensate/criticize/litigate: the penalty
// roles only (exit 77 naming them). A penalty on a major violation awaits the manager's signature;
// on a general one it takes effect at once (a compensation is billed, a follow-up owed).
Acted act(Op& op, std::int64_t id, Act a);
// The manager (violation.major_handler) signs every penalty awaiting signature: they take effect.
struct Signed {
  Violation violation;
  std::vector<Action> actions;
  bool follow_up_owed = false;
};
Signed sign(Op& op, std::int64_t id);
Violation reinspect(Op& op, std::int64_t id, bool ok, const std::optional<std::string>& note);
// Needs a re-inspection that found it fixed and no penalty awaiting signature; sets retain_until.
Violation close(Op& op, std::int64_t id, const std::optional<std::string>& note);

struct ListFilter {
  std::optional<std::string> status, category, severity, unit;
  bool awaiting = false;  // penalties awaiting signature
  int limit = 0;
};
std::vector<Violation> list(db::Database& db, ListFilter f);
// Open violations with a rectification deadline not yet met: due within `within` seconds (all
// when unset) or already passed; `overdue` keeps only the passed ones.
std::vector<Violation> due(db::Database& db, const Policy& policy, Timestamp now, std::optional<std::int64_t> within,
                           bool overdue);
std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Violation>& list, Timestamp now);
Value to_value(db::Database& db, const Policy& policy, const Violation& v, Timestamp now);
Value to_value(const Action& a, int utc_offset);

// 6.6: closed violations past retain_until are deleted with their actions, events and deadlines;
// each deletion is in the audit entry, and purge_log keeps what was removed and by which rule.
// Nothing else is touched. Needs violation.purge_role.
struct Purged {
  std::string ref, severity, retain_until, rule;
  Timestamp closed_at = 0;
  std::int64_t rows = 0;
};
std::vector<Purged> purge(Op& op);
Value to_value(const Purged& p, int utc_offset);

// 6.3 (L440): after a penalty takes effect, 客服助理部 contacts the person to mend relations. One
// row per violation whose penalty took effect after its last follow_up action (or with none):
// `since` is the first such penalty's effective time, `due` that plus violation.follow_up_within.
// Violations with only a location (nobody to contact) are not listed. Oldest first. What
// `visit due` lists; `patrol violation act X follow_up --note` records the contact.
struct FollowUp {
  std::string unit;       // unit code
  std::string violation;  // 'X3'
  Timestamp since = 0, due = 0;
};
std::vector<FollowUp> follow_ups_owed(db::Database& db, const Policy& policy);
Value to_value(const FollowUp& f, int utc_offset, Timestamp now);


}  // namespace svc::violation
