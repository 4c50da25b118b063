// The policy key documentation (policy_keys.hpp): one row per key, section by section as in
// examples/policy.toml. A new key gets its row here: tests/unit/test_policy.cpp fails while a key
// of the default policy, or one the checks look up, has none, and while a row names no such key.
#include "svc/policy_keys.hpp"

namespace svc {

namespace {

constexpr std::string_view kR13 = "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L258–L284)";
constexpr std::string_view kR19 = "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171, L207)";
constexpr std::string_view kR24 = "domain-rules 2.4 (000_3a8a6dc9a1356e86.txt L199)";
constexpr std::string_view kPolicyMd = "policy.md (site setting; no seed rule)";

constexpr PolicyKeyDoc kDocs[] = {
    {"schema", kPolicyMd, "Version of the policy file format; this svc reads 1."},
    {"site", kPolicyMd, "Who the site is and where its data lives."},
    {"site.name", kPolicyMd, "Site name printed on receipts, letters and report headers."},
    {"site.utc_offset", kPolicyMd,
     "The site's offset from UTC; every stored time and local date uses it."},
    {"site.database", kPolicyMd,
     "The database file, relative to the policy file's folder, used when --db and SVC_DB are not given."},
    {"calendar", "domain-rules 12 (001_208f2cb91d28a4fa.txt L24)",
     "Open hours and business days for deadlines on the business clock."},
    {"calendar.open", "domain-rules 12 (001_208f2cb91d28a4fa.txt L24)",
     "Opening time of the service centre (HH:MM)."},
    {"calendar.close", "domain-rules 12 (001_208f2cb91d28a4fa.txt L24)",
     "Closing time of the service centre (HH:MM)."},
    {"calendar.workdays", "domain-rules 12 (001_208f2cb91d28a4fa.txt L24)",
     "Weekdays on which the service centre is open."},
    {"calendar.holidays", kPolicyMd, "Dates that are never business days."},
    {"calendar.makeup_workdays", kPolicyMd,
     "Make-up workdays (调休) that are business days even on a weekend."},

    {"ticket", "domain-rules 1 (003_a7d07f08f90d4b49.txt L242–L326)",
     "Repair tickets: categories, deadlines, callbacks and paid service."},
    {"ticket.clock", "domain-rules 1.3",
     "Whether ticket deadlines count wall time (calendar) or open hours on business days (business)."},
    {"ticket.categories", "domain-rules 1.1", "The repair categories a ticket may have."},
    {"ticket.callback_class", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Which ticket categories use the safety or leak callback deadline; the rest use default."},
    {"ticket.callback_class.*", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "The callback class (safety, leak or default) of one ticket category."},
    {"ticket.pause_statuses", kPolicyMd, "Ticket statuses in which the SLA clock is paused."},
    {"ticket.sla", kR13, "Repair time limits for household and public-facility tickets."},
    {"ticket.sla.household", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L258–L264)",
     "Time limits for repairs inside a household."},
    {"ticket.sla.household.dispatch_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L260)",
     "Time from intake until the work order is written and engineering is notified."},
    {"ticket.sla.household.arrive_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L264)",
     "Time until the repairer is on site, for urgent jobs."},
    {"ticket.sla.household.complete_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L270)",
     "Time to finish a scheduled repair."},
    {"ticket.sla.household.urgent_complete_within", "domain-rules 1.3, 13.8",
     "Optional time to finish an urgent repair; unset means no completion deadline."},
    {"ticket.sla.public", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L280–L284)",
     "Time limits for repairs to public facilities and equipment."},
    {"ticket.sla.public.dispatch_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L280)",
     "Time from intake until the work order is written and engineering is notified."},
    {"ticket.sla.public.arrive_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L284)",
     "Time until the repairer is on site, for urgent jobs."},
    {"ticket.sla.public.complete_within", "domain-rules 1.3 (003_a7d07f08f90d4b49.txt L270)",
     "Time to finish a scheduled repair."},
    {"ticket.sla.public.urgent_complete_within", "domain-rules 1.3, 13.8",
     "Optional time to finish an urgent repair; unset means no completion deadline."},
    {"ticket.callback", kR19,
     "Repair callback deadlines after completion, and the rating that reopens a ticket."},
    {"ticket.callback.safety", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Callback deadline after a safety-facility repair."},
    {"ticket.callback.leak", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Callback deadline after the leak test of a leak repair."},
    {"ticket.callback.default", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Callback deadline after any other repair."},
    {"ticket.callback.reopen_at_or_below", "domain-rules 1.9, 1.10 (001_208f2cb91d28a4fa.txt L100)",
     "A callback rating at or below this (1 to 5) reopens the ticket."},
    {"ticket.rework", kR19,
     "Deadlines of rework (整改) after a low callback rating or 'ticket reopen': the policy's reading of "
     "及时通知维修人员整改, from the reopening, by the ticket's own urgency."},
    {"ticket.rework.arrive_within", kR19,
     "Urgent jobs reopened for rework: time until the repairer is on site again; unset means the scope's sla "
     "arrive_within."},
    {"ticket.rework.complete_within", kR19,
     "Scheduled jobs reopened for rework: time to finish the rework; unset means the scope's sla complete_within."},
    {"ticket.paid", "domain-rules 1.7 (003_a7d07f08f90d4b49.txt L290–L292)",
     "How paid repairs (有偿服务) are charged."},
    {"ticket.paid.post_to_ledger", "domain-rules 1.7 (003_a7d07f08f90d4b49.txt L290)",
     "Whether a paid ticket's charge is posted to the unit's fee ledger."},
    {"ticket.paid.fee_item", "domain-rules 1.7 (003_a7d07f08f90d4b49.txt L290)",
     "The fee item a paid ticket's charge is billed under."},

    {"complaint", "domain-rules 2", "Complaints: kinds, deadlines, escalation and callbacks."},
    {"complaint.clock", "domain-rules 2.4",
     "Whether complaint deadlines count wall time (calendar) or open hours on business days (business)."},
    {"complaint.kinds", "domain-rules 2.3 (003_a7d07f08f90d4b49.txt L240)",
     "The kinds of record: complaint, suggestion, inquiry."},
    {"complaint.categories", "domain-rules 2.3 (003_a7d07f08f90d4b49.txt L186–L202)",
     "The categories a complaint may have."},
    {"complaint.callback_within", "domain-rules 2.7 (004_504d2768a8d897d2.txt L53)",
     "Callback deadline after a complaint is resolved."},
    {"complaint.upgrade_to_major_after", "domain-rules 2.6 (003_a7d07f08f90d4b49.txt L174)",
     "Time after which an unresolved valid complaint becomes major."},
    {"complaint.severity", kR24, "Deadlines and escalation for each complaint severity."},
    {"complaint.severity.major", kR24, "Deadlines for major (重大) complaints."},
    {"complaint.severity.major.escalate_to", kR24,
     "Who a complaint of this severity is escalated to."},
    {"complaint.severity.major.escalate_within", kR24,
     "Time from intake to escalation for this severity."},
    {"complaint.severity.major.answer_within", kR24,
     "Time from intake to a clear answer to the complainant for this severity."},
    {"complaint.severity.major.resolve_within", kR24,
     "Time from intake to resolution for this severity."},
    {"complaint.severity.important", kR24, "Deadlines for important (重要) complaints."},
    {"complaint.severity.important.escalate_to", kR24,
     "Who a complaint of this severity is escalated to."},
    {"complaint.severity.important.escalate_within", kR24,
     "Time from intake to escalation for this severity."},
    {"complaint.severity.important.answer_within", kR24,
     "Time from intake to a clear answer to the complainant for this severity."},
    {"complaint.severity.important.resolve_within", kR24,
     "Time from intake to resolution for this severity."},
    {"complaint.severity.minor", kR24,
     "Deadlines for minor (轻微) complaints; the complainant's own deadline wins if sooner."},
    {"complaint.severity.minor.escalate_to", kR24,
     "Who a complaint of this severity is escalated to."},
    {"complaint.severity.minor.escalate_within", kR24,
     "Time from intake to escalation for this severity."},
    {"complaint.severity.minor.answer_within", kR24,
     "Time from intake to a clear answer to the complainant for this severity."},
    {"complaint.severity.minor.resolve_within", kR24,
     "Time from intake to resolution for this severity."},
    {"complaint.ladder", "domain-rules 2.5 (003_a7d07f08f90d4b49.txt L210–L216)",
     "Escalation levels by time since intake while a complaint is unresolved."},

    {"fee", "domain-rules 3", "Fees: items, receipts, payment allocation, late fees and dunning."},
    {"fee.receipt_prefix", "domain-rules 3.8 (000_3a8a6dc9a1356e86.txt L173)",
     "Prefix of receipt numbers, which are gapless per year."},
    {"fee.allocation", "domain-rules 3.4; policy.md", "How a payment is spread over unpaid bills."},
    {"fee.item_priority", kPolicyMd, "Order of fee items for the by_item_priority allocation."},
    {"fee.late_fee_per_day", kPolicyMd,
     "Late fee per day as a fraction of the overdue amount; 0 means none."},
    {"fee.late_fee_cap", kPolicyMd,
     "Maximum late fee as a fraction of the principal; 0 means no cap."},
    {"fee.status_factor", "domain-rules 3.3 (000_3a8a6dc9a1356e86.txt L157)",
     "Share of the management fee paid by units in a given status."},
    {"fee.status_factor.*", "domain-rules 3.3 (000_3a8a6dc9a1356e86.txt L157)",
     "Share of the management fee paid by units in this status."},
    {"fee.items", "domain-rules 3.1 (001_208f2cb91d28a4fa.txt L100)", "The fee items that are billed."},
    {"fee.items.*", "domain-rules 3.1, 3.2", "One fee item: how it is computed and when it is due."},
    {"fee.items.*.name", "domain-rules 3.1", "Name of the fee item on bills and receipts."},
    {"fee.items.*.basis", "domain-rules 3.1",
     "What the charge is computed from: area, unit, meter or fixed."},
    {"fee.items.*.rate", "domain-rules 3.2", "Rate in yuan per m², per unit or per meter unit."},
    {"fee.items.*.cycle", "domain-rules 3.2", "Billing cycle: month, quarter or year."},
    {"fee.items.*.due_day", kPolicyMd, "Day of the billed month on which the bill is due."},
    {"fee.items.*.due_within", kPolicyMd, "Time after posting within which the bill is due."},
    {"fee.items.*.meter", "domain-rules 3.1", "Which meter's readings are billed."},
    {"fee.items.*.applies_to", kPolicyMd, "Unit flag a unit must have to be billed this item."},
    {"fee.entrusted_meter_limits", "domain-rules 3.3 (000_3a8a6dc9a1356e86.txt L157)",
     "Most water and electricity an entrusted home may use between two readings; more is flagged."},
    {"fee.entrusted_meter_limits.*", "domain-rules 3.3 (000_3a8a6dc9a1356e86.txt L157)",
     "Most an entrusted home may use on this meter between two readings; more is flagged."},
    {"fee.dunning", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Dunning stages by time since the oldest unpaid due date."},

    {"fee.remind", "domain-rules 3.5, 3.7 (004_504d2768a8d897d2.txt L43)",
     "How svc fee remind delivers: attempts, payment deadline, lateness, command timeout."},
    {"fee.remind.attempts", "domain-rules 3.7 (004_504d2768a8d897d2.txt L43)",
     "Deliveries tried per reminder before it is given up and shown as a dunning gap."},
    {"fee.remind.pay_within", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "The payment deadline a reminder states ({deadline}), counted from the day it is sent."},
    {"fee.remind.late_after", "domain-rules 3.7 (004_504d2768a8d897d2.txt L57)",
     "A reminder sent later than this after it fell due counts as late (迟催)."},
    {"fee.remind.timeout", kPolicyMd, "Longest an exec or mail command may run before it is killed."},
    {"channels", "domain-rules 3.5; cli.md", "Delivery channels used by dunning stages."},
    {"channels.*", "cli.md", "One delivery channel."},
    {"channels.*.kind", "cli.md",
     "How the channel delivers: exec, mail, letter, visit, none or stdout."},
    {"channels.*.command", "cli.md", "Command run for each message, with the message on stdin."},
    {"channels.*.template", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Message text with placeholders such as {owner} and {amount}."},
    {"channels.*.outbox", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Folder for printable letters, relative to the policy file's folder."},
    {"channels.*.sendmail", "cli.md", "Sendmail command for the mail channel."},
    {"channels.*.to", kPolicyMd, "Recipient address of the mail channel, e.g. an e-mail-to-SMS gateway."},
    {"channels.*.subject", kPolicyMd, "Subject line of the mail channel."},

    {"visit", "domain-rules 4", "Outreach visits, surveys and the satisfaction scale."},
    {"visit.outreach_every", "domain-rules 4.1 (002_f7ad2a5f5d36278b.txt L10)",
     "How often every occupied unit is visited or called."},
    {"visit.survey_every", "domain-rules 4.1 (000_3a8a6dc9a1356e86.txt L207)",
     "How often the owner opinion survey runs."},
    {"visit.satisfied_at_or_above", "domain-rules 4.4 (004_504d2768a8d897d2.txt L41)",
     "Lowest rating that counts as satisfied."},
    {"visit.scale", "domain-rules 1.10 (001_208f2cb91d28a4fa.txt L100)",
     "Labels of ratings 1 to 5."},

    {"patrol", "domain-rules 5", "Patrol plans, routes and checklists."},
    {"patrol.plan_due", "domain-rules 5.1 (003_a7d07f08f90d4b49.txt L538)",
     "When next month's patrol plan is due."},
    {"patrol.routes", "domain-rules 5.1", "The patrol routes."},
    {"patrol.routes.*", "domain-rules 5.1", "One patrol route."},
    {"patrol.routes.*.name", "domain-rules 5.1", "Name of the route on plans and reports."},
    {"patrol.routes.*.frequency", "domain-rules 5.1 (000_3a8a6dc9a1356e86.txt L125, L157)",
     "How often the route is patrolled: daily, weekly or Nx-daily."},
    {"patrol.routes.*.checklist", "domain-rules 5.3", "The checklist used on the route."},
    {"patrol.checklists", "domain-rules 5.3 (003_a7d07f08f90d4b49.txt L556–L570)",
     "Checkpoints of each checklist."},
    {"patrol.checklists.*", "domain-rules 5.3", "Checkpoints of this checklist."},

    {"violation", "domain-rules 6 (003_a7d07f08f90d4b49.txt L328–L454)",
     "Violations: categories, record retention and who may penalise."},
    {"violation.categories", "domain-rules 6.1", "The violation categories."},
    {"violation.retain", "domain-rules 6.6 (003_a7d07f08f90d4b49.txt L448–L450)",
     "How long violation records are kept."},
    {"violation.retain.general", "domain-rules 6.6 (003_a7d07f08f90d4b49.txt L450)",
     "How long general violation records are kept."},
    {"violation.retain.major", "domain-rules 6.6 (003_a7d07f08f90d4b49.txt L450)",
     "How long major violation records are kept."},
    {"violation.penalty_roles", "domain-rules 6.4 (003_a7d07f08f90d4b49.txt L444)",
     "Roles that may order compensation or litigation."},
    {"violation.major_handler", "domain-rules 6.4 (003_a7d07f08f90d4b49.txt L432)",
     "Role that handles major violations."},

    {"targets", "domain-rules 8 (004_504d2768a8d897d2.txt L35–L59)",
     "Quality targets shown against actual results in reports."},
    {"targets.complaint_callback_rate", "domain-rules 8 (004_504d2768a8d897d2.txt L39)",
     "Target share of resolved valid complaints called back on time."},
    {"targets.repair_callback_rate", "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)",
     "Target share of repairs called back on time."},
    {"targets.satisfaction_rate", "domain-rules 4.4 (004_504d2768a8d897d2.txt L41)",
     "Target share of ratings that are satisfied or better."},
    {"targets.dunning_rate", "domain-rules 3.7 (004_504d2768a8d897d2.txt L43)",
     "Target share of accounts in arrears dunned on time."},
    {"targets.receipt_rate", "domain-rules 3.7 (004_504d2768a8d897d2.txt L45)",
     "Target share of paid-service slips and dunning notices processed on time."},
    {"targets.collection_rate", "domain-rules 3.7 (no figure in the seeds)",
     "Target share of billed fees collected."},

    {"roles", "domain-rules 9.2", "Role ranks and the lowest role allowed each action."},
    {"roles.order", "domain-rules 9.1",
     "Roles from lowest to highest; a higher role may do what a lower one may."},
    {"roles.read_only", "domain-rules 9.1", "Roles that may read and report but change nothing."},
    {"roles.void_receipt", "domain-rules 3.8; policy.md", "Lowest role that may void a receipt."},
    {"roles.close_major_complaint", "domain-rules 2.4, 9.2",
     "Lowest role that may close a major complaint."},
    {"roles.refer_legal", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Lowest role that may refer arrears to legal channels."},
    {"roles.reveal_phone", "domain-rules 12 (001_208f2cb91d28a4fa.txt L28)",
     "Lowest role that may see full phone numbers."},
    {"roles.edit_policy", kPolicyMd, "Lowest role that may change the policy."},
    {"roles.manage_units", "domain-rules 9.2, 12 (001_208f2cb91d28a4fa.txt L62: owner archives)",
     "Lowest role that may import, add or change units (owner archives)."},
    {"roles.manage_staff", kPolicyMd, "Lowest role that may add staff or change their roles."},
    {"roles.bill_fees", "domain-rules 3.4 (004_504d2768a8d897d2.txt L77)",
     "Lowest role that may bill a period and import meter readings."},
    {"roles.take_payment", "domain-rules 3.4 (000_3a8a6dc9a1356e86.txt L171–L175)",
     "Lowest role that may take a payment and issue its receipt."},
    {"roles.cancel_bill", "domain-rules 3.8; policy.md", "Lowest role that may cancel an unpaid bill."},
    {"roles.waive_late_fee", "domain-rules 3; policy.md", "Lowest role that may waive a unit's late fees."},
    {"roles.meter_reset", "domain-rules 3.3; policy.md",
     "Lowest role that may accept a meter reading below the last one (a new meter)."},
    {"roles.dunning_hold", "domain-rules 3.5 (000_3a8a6dc9a1356e86.txt L177)",
     "Lowest role that may hold dunning for a unit (dispute, payment plan)."},
    {"roles.resolve_reminder", "domain-rules 3.7 (004_504d2768a8d897d2.txt L43)",
     "Lowest role that may settle a reminder that is unknown, given up or skipped."},
    {"roles.take_ticket", "domain-rules 9.2 (003_a7d07f08f90d4b49.txt L258-L262)",
     "Lowest role that may open, dispatch, reopen, close and log callbacks for repair tickets."},
    {"roles.dispatch_public_ticket", "domain-rules 1.3, 9.2 (003_a7d07f08f90d4b49.txt L284)",
     "Who may pick the repairer of a public-facility ticket (the engineering foreman, 工程部领班): the roles named, "
     "and every role above the highest of them."},
    {"roles.cancel_dispatched_ticket", "domain-rules 9.2",
     "Lowest role that may cancel a ticket already dispatched to a technician."},
    {"roles.take_complaint", "domain-rules 2.5, 9.2 (003_a7d07f08f90d4b49.txt L144, L208, L222)",
     "Lowest role that may take, classify, assign, answer, resolve, close complaints and log their callbacks."},
    {"roles.escalate_complaint", "domain-rules 2.5, 9.2 (003_a7d07f08f90d4b49.txt L210-L216)",
     "Lowest role that may escalate a complaint by hand (the 客服助理 reports up)."},
    {"roles.close_without_callback", "domain-rules 1.9, 2.7",
     "Lowest role that may close a ticket or complaint without its callback, with a reason."},
};

}  // namespace

std::span<const PolicyKeyDoc> policy_key_docs() { return kDocs; }

std::vector<std::string> split_dots(std::string_view dotted_key) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted_key.find('.', start);
    out.emplace_back(dotted_key.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

const PolicyKeyDoc* find_policy_key_doc(std::string_view dotted_key) {
  for (const auto& doc : kDocs)
    if (doc.key == dotted_key) return &doc;
  const auto parts = split_dots(dotted_key);
  for (const auto& doc : kDocs) {
    if (doc.key.find('*') == std::string_view::npos) continue;
    const auto pattern = split_dots(doc.key);
    if (pattern.size() != parts.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < parts.size() && match; ++i)
      match = pattern[i] == "*" ? !parts[i].empty() : pattern[i] == parts[i];
    if (match) return &doc;
  }
  return nullptr;
}

}  // namespace svc
