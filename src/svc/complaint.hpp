// Complaints (投诉), suggestions (建议) and inquiries (咨询), domain-rules 2: intake with
// first-contact ownership, classification, per-class deadlines through the deadline engine, the
// escalation ladder and the one-month rule (applied by `sweep`), resolution, callbacks and close.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/deadline.hpp"
#include "svc/op.hpp"
#include "svc/record.hpp"
#include "svc/policy.hpp"
#include "svc/staff.hpp"
#include "svc/value.hpp"
#include "svc/visit.hpp"

namespace svc::complaint {

inline const std::vector<std::string> kKinds = {"complaint", "suggestion", "inquiry"};
inline const std::vector<std::string> kStatuses = {"open", "resolved", "closed", "withdrawn"};
inline const std::vector<std::string> kSeverities = {"major", "important", "minor"};
inline const std::vector<std::string> kValidities = {"valid", "invalid"};
inline const std::vector<std::string> kNatures = {"help", "inquiry", "venting"};
inline const std::vector<std::string> kChannels = {"phone", "visit", "letter", "online", "department"};
// Who holds a complaint, lowest first (domain-rules 2.5, 9.1): 客服助理 → 主管 → 经理 → 主任 → 总经理.
inline const std::vector<std::string> kLevels = {"assistant", "supervisor", "manager", "director", "gm"};
// The deadlines a complaint can carry, in the order `show` and `explain` list them. notify_by
// (the same-day result notice) and callback_by are owed after each resolution.
inline const std::vector<std::string> kDeadlines = {"escalate_by", "answer_by", "resolve_by", "notify_by",
                                                    "callback_by"};
// How the result is told to the complainant (domain-rules 2.4: 电话或当面).
inline const std::vector<std::string> kNotifyMethods = {"phone", "in_person"};

struct Complaint {
  std::int64_t id = 0;
  std::string kind, status, severity, validity;
  std::optional<std::string> nature, category;
  std::int64_t unit_id = 0;
  std::string unit;  // code
  std::string subject;
  std::optional<std::string> details;
  std::string channel;
  std::optional<std::string> complainant, phone, about_staff, about_dept;
  std::optional<Timestamp> requested_by;
  std::string level, received_by, owner;
  std::optional<std::string> dept, routed_to;
  Timestamp received_at = 0;
  std::optional<std::string> answer;
  std::optional<Timestamp> answered_at;
  std::optional<std::string> resolution;
  std::optional<Timestamp> resolved_at, closed_at;
  std::optional<std::string> close_note;
  std::optional<Timestamp> withdrawn_at;
  std::optional<std::string> withdraw_reason;
  std::optional<Timestamp> upgraded_at;

  std::string ref() const { return record::ref(record::Kind::complaint, id); }
  static const record::Fields<Complaint>& fields();
  // A valid complaint (有效投诉): it alone carries class deadlines, climbs the ladder, owes a
  // callback and counts in the callback KPI (domain-rules 2.3 D, 2.4, 2.7).
  bool counts() const { return kind == "complaint" && validity == "valid"; }
};

struct Escalation {
  std::int64_t id = 0;
  std::int64_t complaint_id = 0;
  std::string level, from_level;
  Timestamp at = 0;
  std::string rule, reason;  // reason: stored facts (older rows: text)
  std::string by;            // the login of a manual escalation; "rule:<rule>" for an automatic one
};

// "C7" or "7" → 7; exit 64 naming the text otherwise.
std::int64_t parse_ref(std::string_view text);
std::optional<Complaint> find(db::Database& db, std::int64_t id);
Complaint get(db::Database& db, std::int64_t id);  // exit 66 when absent
std::vector<Escalation> escalations(db::Database& db, std::int64_t id);

// Intake (domain-rules 2.2): everything as typed; validated here.
struct Intake {
  std::string unit, subject;
  std::optional<std::string> details;
  std::string kind = "complaint", severity = "minor", validity = "valid";
  std::optional<std::string> nature, category;
  std::string channel = "phone";
  std::optional<std::string> complainant, phone;
  std::optional<std::string> about_staff, about_dept;  // 被投诉人 / 被投诉部门
  std::optional<std::string> dept;                     // the department it goes to (suggestions)
  std::optional<std::string> requested_by;             // the complainant's own deadline
};
// A complaint about a staff member (服务投诉, domain-rules 2.2) is reported to their superior, who
// owns it from intake (the receiver stays its received_by). The person complained about may
// read it but never handle it: every step on it by them is refused (exit 77), whatever their role.
Complaint create(Op& c, Intake in);

// Reclassification: each given field changes; the open deadlines are recomputed from their start
// (intake, or the one-month upgrade for a complaint it made major).
struct Classification {
  std::optional<std::string> kind, severity, validity, nature, category, reason;
};
Complaint classify(Op& c, std::int64_t id, Classification k);
// 归口: pass it to a department, and with `to` hand ownership on (首问负责制 ends there).
Complaint assign(Op& c, std::int64_t id, const std::string& dept, const std::optional<std::string>& to);
// By hand, to `to_level` or the next level up.
Complaint escalate(Op& c, std::int64_t id, std::optional<std::string> to_level, const std::string& reason);
// The answer given to the complainant (meets answer_by); an inquiry is answered and closed.
Complaint respond(Op& c, std::int64_t id, const std::string& answer);
// Resolution: the result is owed to the complainant the same day (notify_by) and a valid
// complaint owes its callback (callback_by).
Complaint resolve(Op& c, std::int64_t id, const std::string& resolution);
// The result told to the complainant, by phone or in person (domain-rules 2.4, 当天将处理结果通报
// 投诉住户): meets notify_by. Once per resolution.
Complaint notify(Op& c, std::int64_t id, std::string method, const std::optional<std::string>& note);
Complaint withdraw(Op& c, std::int64_t id, const std::string& reason);

// A correction of what was taken at intake (issue 18): each given field changes; empty text clears
// an optional one. The class (kind, severity, validity, nature, category) changes by `classify`.
struct Edit {
  std::optional<std::string> unit, subject, details, complainant, phone;
  std::optional<std::string> requested_by;  // the complainant's own deadline; "" clears it
};
// The complaint after the edit and the event's facts ({changes, deadlines}, render::narrate_edit).
struct Edited {
  Complaint complaint;
  Value facts;
};
// One write, one "edited" event; an open complaint's resolve_by follows a new deadline of the
// complainant's (a minor complaint: the sooner of 2 days and that deadline, domain-rules 2.4).
Edited edit(Op& c, std::int64_t id, const Edit& e);
Complaint reopen(Op& c, std::int64_t id, const std::string& reason);
Complaint close(Op& c, std::int64_t id, const record::Close& how);

// A callback (回访, domain-rules 2.7) for a resolved complaint; a rating at or below the policy's
// ticket.callback.reopen_at_or_below (the one threshold for every callback) reopens it.
visit::Result<Complaint> record_callback(Op& c, std::int64_t complaint_id, const std::string& method, int rating,
                                        const std::optional<std::string>& note);

// What one sweep did to one complaint.
struct SweepAction {
  std::string ref;
  std::string action;  // escalated, upgraded
  std::string from, to;
  std::string rule;
  Value reason;  // facts, narrated when shown
};
// The cron job (domain-rules 2.4–2.6): for every open valid complaint, the one-month upgrade,
// the class escalation and every ladder rung that is due, each recorded exactly once however
// often it runs, each made by its rule ("rule:complaint.ladder.2d" in the history and the
// escalation) while the audit entry keeps whoever ran it. Returns what it did (empty on a quiet
// run).
std::vector<SweepAction> sweep(Op& c);
Value to_value(const SweepAction& a, bool dry_run);

struct ListFilter {
  std::optional<std::string> status, level, severity, kind, unit, month;  // month "YYYY-MM" received
  std::optional<std::string> search;  // in the subject, details, complainant or unit code
  std::optional<Timestamp> since;  // received at or after
  bool overdue = false;  // an open deadline missed at now
  bool open_only = false;  // open or resolved: not closed or withdrawn
  int limit = 0;           // the newest N (0 = all)
};
std::vector<Complaint> list(db::Database& db, const Policy& policy, Timestamp now, ListFilter f);
std::vector<std::string> open_refs(db::Database& db, int limit);

// The JSON record of cli.md (deadlines, overdue, escalations, rating, …) plus deadline_states.
Value to_value(db::Database& db, const Policy& policy, const Complaint& x, Timestamp now, bool reveal);
// The same for a list: deadlines, escalations and ratings of all of them read at once.
std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Complaint>& list,
                             Timestamp now, bool reveal);

// `complaint explain`: per deadline, then the ladder and the one-month rule, the lines saying why.
using Explanation = deadline::Explanation;
std::vector<Explanation> explain(db::Database& db, const Policy& policy, const Complaint& x, Timestamp now);

}  // namespace svc::complaint
