// Policy: the site's rules (policy.md) read from TOML into a typed, validated struct.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svc/calendar.hpp"
#include "svc/duration.hpp"
#include "svc/money.hpp"

namespace svc {

struct SitePolicy {
  std::string name;
  int utc_offset = 8 * 3600;  // seconds east of UTC
  // Absolute, or relative to the working directory when the policy came from stdin/built-in.
  std::optional<std::filesystem::path> database;
};

// Deadlines for one location kind ([ticket.sla.household] / [ticket.sla.public]).
struct TicketSla {
  Duration dispatch_within;
  Duration arrive_within;    // urgent jobs; scheduled jobs are due at the appointment
  Duration complete_within;  // scheduled jobs
  std::optional<Duration> urgent_complete_within;  // absent: urgent jobs have no completion deadline
};

struct TicketCallback {
  Duration safety;
  Duration leak;      // counted from the leak test
  Duration fallback;  // the `default` key
  int reopen_at_or_below = 2;  // 1..5
};

// [ticket.rework] (整改 after a low callback rating or `ticket reopen`, domain-rules 1.9): unset
// keys follow the scope's sla (arrive_within for urgent jobs, complete_within for scheduled ones).
struct TicketRework {
  std::optional<Duration> arrive_within;    // urgent jobs: on site again after the reopening
  std::optional<Duration> complete_within;  // scheduled jobs: finished after the reopening
};

struct TicketPaid {
  bool post_to_ledger = true;
  std::string fee_item;  // a key of fee.items
  Fen max_charge = 0;    // the largest price or charge a paid repair may have (a sanity limit)
};

struct TicketPolicy {
  ClockKind clock = ClockKind::calendar;
  std::vector<std::string> categories;
  std::map<std::string, std::string> callback_class;  // category → "safety" | "leak" | "default"
  std::vector<std::string> pause_statuses;
  // How long after intake the clerk who took a ticket may still cancel it (a duplicate) once it is
  // dispatched, before the repairer arrives, without cancel_dispatched_ticket; 0: never.
  Duration cancel_grace;
  TicketSla household;
  TicketSla public_area;  // the [ticket.sla.public] table
  TicketCallback callback;
  TicketRework rework;
  TicketPaid paid;
};

struct SeverityRule {
  std::optional<std::string> escalate_to;  // a role
  std::optional<Duration> escalate_within;
  std::optional<Duration> answer_within;
  std::optional<Duration> resolve_within;
};

struct LadderStep {
  Duration after;     // since intake, while unresolved
  std::string level;  // a role
};

struct ComplaintPolicy {
  ClockKind clock = ClockKind::calendar;
  std::vector<std::string> kinds;
  std::vector<std::string> categories;
  Duration callback_within;
  Duration notify_result_within;  // the result told to the complainant after resolution ("same-day")
  Duration upgrade_to_major_after;
  std::map<std::string, SeverityRule> severity;  // exactly "major", "important", "minor"
  std::vector<LadderStep> ladder;                // strictly increasing `after`
};

enum class Allocation { oldest_due_first, by_item_priority };
enum class FeeBasis { area, unit, meter, fixed };
enum class FeeCycle { month, quarter, year };

struct FeeItem {
  std::string code;  // the key under [fee.items]
  std::string name;
  FeeBasis basis = FeeBasis::fixed;
  Fen rate = 0;  // per m² (area), per unit, per meter unit; 0 for fixed items without a rate
  FeeCycle cycle = FeeCycle::month;  // month when the key is absent (meter items: per reading)
  std::optional<int> due_day;        // 1..28; exactly one of due_day / due_within is set
  std::optional<Duration> due_within;
  std::optional<std::string> meter;       // basis = meter only
  std::optional<std::string> applies_to;  // a unit flag, e.g. "has_parking"
};

struct DunningStage {
  std::string stage;
  Duration after;  // since the stage's anchor; strictly increasing among the stages anchored at the oldest due date
  // What `after` counts from (policy key anchor): nullopt ("oldest_due") = the start of the oldest
  // unpaid due date; a stage name ("first:notice") = the episode's first reminder of that earlier
  // stage: when it was sent, or, when it could not be delivered, when it was due (domain-rules 3.5:
  // the letter goes 3 months after the phone notice).
  std::optional<std::string> anchor;
  std::optional<Duration> repeat;
  std::string channel;  // a key of Policy::channels, or the built-in "none" / "stdout"
  std::vector<std::string> only_status;  // unit statuses; empty = all
  std::optional<std::string> approve_role;
};

// How `svc fee remind` runs ([fee.remind]; domain-rules 3.5, 3.7).
struct RemindPolicy {
  int attempts = 3;                 // deliveries tried per reminder before it is given up and surfaced
  Duration pay_within{7, Duration::Unit::days};   // {deadline} = the day of sending + this
  Duration late_after{1, Duration::Unit::days};   // sent later than this after it fell due: 迟催
  Duration timeout{60, Duration::Unit::seconds};  // an exec/mail command running longer is killed
};

struct FeePolicy {
  std::string receipt_prefix;
  Fen max_payment = 0;  // the largest single payment `fee pay` takes (a sanity limit)
  std::int64_t max_meter_reading = 0;  // the largest reading a meter shows, in hundredths (a sanity limit)
  Allocation allocation = Allocation::oldest_due_first;
  std::vector<std::string> item_priority;  // fee item codes; required by by_item_priority
  Ppm late_fee_per_day = 0;                // 0 = none
  Ppm late_fee_cap = 0;                    // fraction of the principal; 0 = no cap
  std::map<std::string, Ppm> status_factor;  // unit status → share of the management fee
  // meter → most an entrusted (托管) home may use between two readings, in hundredths of a
  // meter unit; above it the reading is flagged (domain-rules 3.3: water 5, electricity 20).
  std::map<std::string, std::int64_t> entrusted_meter_limits;
  std::vector<FeeItem> items;              // ordered by code
  std::vector<DunningStage> dunning;       // in file order (increasing `after`)
  RemindPolicy remind;
};

// Placeholders a channel's template, command, `to` and `subject` may use.
const std::vector<std::string>& template_placeholders();

enum class ChannelKind { exec, mail, letter, visit, none, standard_output };

struct Channel {
  ChannelKind kind = ChannelKind::none;
  std::vector<std::string> command;  // exec: argv, placeholders such as {phone}; message on stdin
  std::string message_template;      // the `template` key; empty = the built-in text
  std::optional<std::filesystem::path> outbox;  // letter: resolved against the policy's folder
  std::vector<std::string> sendmail;  // mail: argv; defaults to /usr/sbin/sendmail -t
  std::string to;                     // mail: the To: address template, e.g. "{phone}@sms.example.com"
  std::string subject;                // mail: the Subject: template; empty = the built-in one
};

struct VisitPolicy {
  Duration outreach_every;  // whole months or years: the plan's periods are calendar months
  Duration survey_every;
  int satisfied_at_or_above = 4;  // 1..5
  std::vector<std::string> scale;  // exactly 5 labels, rating 1..5
  std::string plan_role;     // plans the outreach visits, imports the survey (客户服务中心主管)
  std::string visitor_role;  // whose active members the outreach plan spreads the visits across (客服助理)
  std::vector<std::string> survey_questions;  // the 业主意见征询表's questions; empty = the file's header
};

struct PatrolFrequency {
  enum class Period { day, week };
  Period period = Period::day;
  int times = 1;  // rounds per period ("3x-daily" → 3)
};

// A checkpoint of a patrol checklist, or a violation subcategory: a stable code, its text, and
// whether the site retired it (no longer asked on new rounds; old rounds keep what they recorded).
struct CodedItem {
  std::string code;  // [a-z0-9_]+, unique in its list
  std::string text;  // 走廊灯、楼梯灯是否正常
  bool retired = false;
};

struct PatrolRoute {
  std::string code;  // the key under [patrol.routes]
  std::string name;
  std::string frequency;  // as written: "daily", "weekly", "3x-daily"
  PatrolFrequency every;
  std::vector<int> times;      // minute of the day of each round of a patrol day, ascending
  std::optional<int> weekday;  // weekly routes: 0 = Monday … 6 = Sunday
  bool per_building = false;   // one round per building of the estate
  std::string checklist;       // a key of PatrolPolicy::checklists
  std::vector<std::string> staff;        // logins the month's rounds go to in turn; empty = anyone
  std::optional<Duration> late_after;    // overrides PatrolPolicy::late_after
  bool heavy_rain = false;     // `patrol rain` adds a round of this route (000 L157)
  bool retired = false;        // no longer planned or started; old rounds stay readable
};

struct PatrolPolicy {
  int plan_due_day = 0;  // 0 = "month-end" (the last day of the month), else day 1..28
  std::string plan_role;  // lowest role that makes the monthly plan and the heavy-rain rounds
  Duration late_after;    // a planned round started later than this after its time is late
  std::string ticket_category;  // the ticket category of a finding that opens a repair (5.4 a)
  // The smell rule (5.3 A, 003 L572): an issue at a point of these checklists whose note holds one
  // of these words is urgent — security (保安部) must be told at once.
  std::vector<std::string> smell_checklists;
  std::vector<std::string> smell_words;
  std::vector<PatrolRoute> routes;  // ordered by code
  std::map<std::string, std::vector<CodedItem>> checklists;
  const PatrolRoute* route(std::string_view code) const;
};

struct ViolationPolicy {
  std::vector<std::string> categories;
  std::map<std::string, std::vector<CodedItem>> subcategories;  // category → its kinds (6.1)
  Duration retain_general;
  Duration retain_major;
  std::vector<std::string> penalty_roles;  // the roles named, and every role above the highest
  std::string major_handler;  // signs penalties of major violations; closes major violations
  std::string handler_role;   // orders rectification, re-inspects, closes general violations
  std::string purge_role;     // purges violation records past retention (svc db purge)
  std::string fee_item;       // the fee item a compensation is billed under
  Duration follow_up_within;  // a penalty owes a follow-up contact within this (6.3, L440)
};

// [desk]: the reception log and the shift handover (domain-rules 7, 8, 12).
struct DeskPolicy {
  int day_starts = 9 * 60;     // minute of the day the front desk's day shift starts [12]
  int night_starts = 20 * 60;  // … and night duty (夜间值班) starts, until the next day_starts
  Duration handover_late{3600, Duration::Unit::seconds};   // a handover this long after its shift is still its
  Duration accept_within{3600, Duration::Unit::seconds};   // unaccepted longer than this: an exception
  Duration message_pass_within{3600, Duration::Unit::seconds};  // a message (转告) passed on within [7.2]
  std::string attitude_category;  // complaints of this category count against the courtesy rate [8]
  std::string suggestion_dept;    // where a suggestion goes unless the receiver names another [7.2]
  std::map<std::string, std::string> heads;  // department → its head: a role or a staff login
};

struct RolePolicy {
  std::vector<std::string> order;      // lowest first
  std::vector<std::string> read_only;  // see everything, change nothing
  // action → the lowest role that may do it: void_receipt, close_major_complaint, refer_legal,
  // reveal_phone, edit_policy (policy_role_actions() lists them).
  std::map<std::string, std::string> actions;
  // action → roles below that one that may do it too, by name only (an action written as a list,
  // e.g. dispatch_public_ticket = ["foreman", "supervisor"]: the ranks between are not let in).
  std::map<std::string, std::vector<std::string>> named;
};

struct PolicyDocument;  // the merged TOML table (policy.cpp)

struct Policy {
  int schema = 1;
  SitePolicy site;
  CalendarSpec calendar;  // [calendar] + site.utc_offset
  TicketPolicy ticket;
  ComplaintPolicy complaint;
  FeePolicy fee;
  std::map<std::string, Channel> channels;
  VisitPolicy visit;
  PatrolPolicy patrol;
  ViolationPolicy violation;
  DeskPolicy desk;
  std::map<std::string, Ppm> targets;  // complaint_callback_rate, ... each 0..1000000
  RolePolicy roles;

  std::string source;  // "built-in" or the file path / source name
  std::shared_ptr<const PolicyDocument> document;
  // sha256_hex of the effective TOML (show_toml without its comment line): worked out the first
  // time it is asked for (a deadline set, `policy check`), not on every load (issue 19).
  const std::string& hash() const;
};

// nullopt → the built-in default (examples/policy.toml). A file overrides any subset of keys; see
// examples/policy.toml for the merge rules. Errors: Error(Exit::no_input) for a missing or
// unreadable file; Error(Exit::config) for anything wrong inside, one "file:line:col: key:
// problem" line per problem.
Policy load_policy(const std::optional<std::filesystem::path>& file);

// The same from text (`svc policy check -`): merged onto the default, relative paths resolved
// against base_dir.
Policy parse_policy(std::string_view toml_text, std::string_view source_name,
                    const std::filesystem::path& base_dir);

// The effective policy as TOML that parse_policy accepts, with a first comment line naming the
// source; parse_policy(show_toml(p)) has the same hash.
std::string show_toml(const Policy& policy);
// The same policy as JSON for scripts: the keys of show_toml (the hash input), strings as in the
// TOML (durations "48h", money "2.50"), integers, fractions and booleans as JSON numbers and
// booleans, dates and times as their TOML text. No source or hash line: the keys only.
std::string show_json(const Policy& policy);

struct PolicyKeyInfo {
  std::string key;            // the dotted key asked about
  std::string value;          // TOML text of the effective node; empty when not set
  std::string default_value;  // TOML text of the built-in default; empty when not set
  std::string rule;           // "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)"
  std::string governs;        // English source text; the CLI passes it through tr()
};

// nullopt for a key the policy does not know. Wildcard entries cover map-like tables
// ("fee.items.property.rate" → "fee.items.*.rate").
std::optional<PolicyKeyInfo> explain_key(const Policy& policy, std::string_view dotted_key);
// Every documented key, tables included, in documentation order ("fee.items.*" for maps).
std::vector<std::string> policy_keys();
// Close matches for a mistyped key, best first (at most 5); a wildcard segment takes the
// typed one ("fee.item.water" → "fee.items.water").
std::vector<std::string> suggest_keys(std::string_view dotted_key);
// The role actions [roles] may name.
const std::vector<std::string>& policy_role_actions();

// Index in roles.order (0 = lowest); -1 for read-only and unknown roles.
int role_rank(const Policy& policy, std::string_view role);
// Whether `role` may do `action` (a key of roles.actions): its rank is at least the action's, or
// the action names it (roles.named). False for read-only and unknown roles and unknown actions.
bool role_may(const Policy& policy, std::string_view role, std::string_view action);
// The roles an action lets in by name below its lowest rank (roles.named); empty for most.
const std::vector<std::string>& action_named_roles(const Policy& policy, std::string_view action);
// In roles.order or roles.read_only.
bool is_known_role(const Policy& policy, std::string_view role);
// nullptr when there is no such item.
const FeeItem* find_fee_item(const Policy& policy, std::string_view code);
// The callback deadline for a ticket category (via ticket.callback_class).
const Duration& callback_within(const Policy& policy, std::string_view category);
// The ticket categories of a callback class ("safety", "leak"), per ticket.callback_class.
std::vector<std::string> callback_categories(const Policy& policy, std::string_view cls);
Calendar calendar(const Policy& policy);

}  // namespace svc
