// The reports' figures: one set-based query per table (domain-rules 11.1: the 日报 and its 故障超时
// 记录; 3.8: the 收费台帐), computed as of the end of the period so a past day stays as it was.
#include "svc/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "svc/audit.hpp"
#include "svc/calendar.hpp"
#include "svc/deadline.hpp"
#include "svc/desk.hpp"
#include "svc/dunning.hpp"
#include "svc/fee.hpp"
#include "svc/i18n.hpp"
#include "svc/patrol.hpp"
#include "svc/record.hpp"
#include "svc/strings.hpp"
#include "svc/text.hpp"
#include "svc/visit.hpp"

namespace svc::report {
namespace {

using render::Column;
using render::Kind;

// The period's bounds as instants: [from, to) local days, and the moment the figures are for.
struct Span {
  Timestamp from = 0, to = 0, as_of = 0;
};

Span span_of(const Policy& p, Date first, Date last, Timestamp now) {
  const int off = p.site.utc_offset;
  Span s;
  s.from = local_to_timestamp(first, 0, off);
  s.to = local_to_timestamp(civil_from_days(days_from_civil(last) + 1), 0, off);
  s.as_of = std::min(now, s.to);
  return s;
}

using render::col;

// Every row of a query as an object keyed by column name (integers stay integers).
std::vector<Value> rows(db::Statement& st) {
  std::vector<Value> out;
  while (st.step()) out.push_back(audit::row_value(st));
  return out;
}

void bind_span(db::Statement& st, const Span& s) {
  st.bind(":from", s.from).bind(":to", s.to).bind(":as_of", s.as_of);
}

// Timestamps in rows → ISO text at the site's offset (columns named *_at).
void iso_times(std::vector<Value>& list, int off) {
  for (auto& r : list)
    for (auto& [k, v] : r.as_object())
      if (k.size() > 3 && k.compare(k.size() - 3, 3, "_at") == 0 && v.is_int()) v = Value(format_iso(v.as_int(), off));
}

std::int64_t sum(const std::vector<Value>& list, std::string_view key) {
  std::int64_t n = 0;
  for (const auto& r : list)
    if (r.get(key).is_int()) n += r.get(key).as_int();
  return n;
}

// Fee items by the name on the bills (fee.items.*.name), the code kept for scripts.
void name_items(const Policy& p, std::vector<Value>& list) {
  for (auto& r : list)
    if (r.get("item").is_string()) r.set("name", fee::item_name(p, r.get("item").as_string()));
}

Figure figure(std::string key, std::string_view label, std::int64_t n, Kind kind = Kind::integer) {
  return {std::move(key), std::string(label), Value(static_cast<long long>(n)), kind};
}

// Deadlines of records of `letter` (T, C) still unmet at as_of and due before it, whose record
// was not finished by then; evaluated by the deadline engine (pauses included), set-based.
std::vector<Value> overdue(db::Database& db, const Policy& p, char letter, const Span& s) {
  const std::string table = letter == 'T' ? "ticket" : "complaint";
  const std::string finished =
      letter == 'T' ? "coalesce(r.closed_at, r.cancelled_at)" : "coalesce(r.closed_at, r.withdrawn_at)";
  const std::string who = letter == 'T' ? "r.assignee" : "r.owner";
  auto st = db.prepare(fmt::format(
      "SELECT d.subject AS ref, d.name AS deadline, d.due_at, {} AS who FROM deadline d "
      "JOIN {} r ON r.id = CAST(substr(d.subject, 2) AS INTEGER) WHERE d.subject GLOB '{}[0-9]*' "
      "AND (d.met_at IS NULL OR d.met_at > :as_of) AND d.due_at < :as_of AND ({} IS NULL OR {} > :as_of) "
      "ORDER BY d.due_at, d.subject",
      who, table, letter, finished, finished));
  st.bind(":as_of", s.as_of);
  auto list = rows(st);
  // A record paused at as_of keeps its deadlines moving: let the engine decide (one query).
  std::vector<std::string> refs;
  for (const auto& r : list) refs.push_back(r.get("ref").as_string());
  const auto book = deadline::load(db, refs);
  const Calendar cal = svc::calendar(p);
  std::erase_if(list, [&](const Value& r) {
    const auto* d = deadline::named(book.of(r.get("ref").as_string()), r.get("deadline").as_string());
    if (!d || d->met_at) return false;
    return deadline::evaluate(*d, s.as_of, cal, book.open(d->subject)).state != deadline::State::missed;
  });
  // Late by a started minute: a deadline due at 23:59:59 is "1m" late at the day's end, not "0m".
  for (auto& r : list) r.set("late", deadline::format_span((s.as_of - r.get("due_at").as_int() + 59) / 60 * 60));
  iso_times(list, p.site.utc_offset);
  return list;
}

// Patrol findings open at as_of (5.3, 5.4): reported and not settled by then (settling rewrites
// the action, so a settled one was "reported" until settled_at), or whose ticket was not finished,
// or whose violation not closed, by then; urgent ones (the smell rule) first.
constexpr std::string_view kFindingsOpenAt =
    "SELECT 'P' || c.round_id AS round, r.route, c.point, c.text, c.note, CASE WHEN c.settled_at >= :as_of THEN "
    "'reported' ELSE c.action END AS action, c.urgent, c.checked_at, c.checked_by, CASE WHEN c.settled_at >= :as_of "
    "THEN NULL WHEN c.action = 'ticket' THEN 'T' || c.ticket_id WHEN c.action = 'violation' THEN 'X' || "
    "c.violation_id END AS opened FROM patrol_check c JOIN patrol_round r ON r.id = c.round_id WHERE c.result = 'issue' AND "
    "c.checked_at < :as_of AND (((c.action = 'reported' OR c.settled_at IS NOT NULL) AND (c.settled_at IS NULL OR "
    "c.settled_at >= :as_of)) OR "
    "(c.action = 'ticket' AND EXISTS (SELECT 1 FROM ticket t WHERE t.id = c.ticket_id AND coalesce(t.done_at, "
    "t.closed_at, t.cancelled_at, :as_of) >= :as_of)) OR (c.action = 'violation' AND EXISTS (SELECT 1 FROM violation "
    "v WHERE v.id = c.violation_id AND (v.closed_at IS NULL OR v.closed_at >= :as_of)))) "
    "ORDER BY c.urgent DESC, c.checked_at, c.id";

// Violations (6) open at as_of or opened in the span, with what stood at as_of: penalties awaiting
// the manager's signature (a major violation's take effect only when signed, 6.4) and the latest
// rectification deadline, overdue when it passed before the day of as_of without a re-inspection.
constexpr std::string_view kViolationsAt =
    "SELECT 'X' || v.id AS ref, coalesce(u.code, v.location) AS place, v.category, v.severity, v.created_at, "
    "CASE WHEN v.closed_at IS NOT NULL AND v.closed_at < :as_of THEN 'closed' ELSE 'open' END AS status, "
    "(SELECT count(*) FROM violation_action a WHERE a.violation_id = v.id AND a.needs_signature = 1 AND a.at < :as_of "
    "AND (a.signed_at IS NULL OR a.signed_at >= :as_of)) AS awaiting_signature, "
    "(SELECT max(a.rectify_by) FROM violation_action a WHERE a.violation_id = v.id AND a.kind = 'rectify' AND "
    "a.at < :as_of) AS rectify_by, (v.reinspected_at IS NOT NULL AND v.reinspected_at < :as_of) AS reinspected "
    "FROM violation v LEFT JOIN unit u ON u.id = v.unit_id WHERE v.created_at < :as_of AND ((v.created_at >= :from "
    "AND v.created_at < :to) OR v.closed_at IS NULL OR v.closed_at >= :as_of) ORDER BY v.id";

// A complaint's status as it stood at :as_of (so a past week's analysis stays as it was).
constexpr std::string_view kComplaintStatusAt =
    "CASE WHEN c.withdrawn_at < :as_of THEN 'withdrawn' WHEN c.closed_at < :as_of THEN 'closed' WHEN c.resolved_at < "
    ":as_of THEN 'resolved' ELSE 'open' END";

// ---- sections ----------------------------------------------------------------------------------

Section tickets(db::Database& db, const Policy& p, const Span& s) {
  Section sec{"tickets", std::string(tr("Repairs (报修)")), {}, {}, {}, {}};
  auto by = db.prepare(
      "SELECT t.category, sum(e.kind = 'created') AS received, sum(e.kind = 'dispatched') AS dispatched, "
      "sum(e.kind = 'done') AS done, sum(e.kind = 'closed') AS closed, sum(e.kind = 'cancelled') AS cancelled "
      "FROM event e JOIN ticket t ON t.id = CAST(substr(e.subject, 2) AS INTEGER) "
      "WHERE e.subject GLOB 'T[0-9]*' AND e.at >= :from AND e.at < :to GROUP BY t.category ORDER BY t.category");
  by.bind(":from", s.from).bind(":to", s.to);
  auto by_category = rows(by);
  const std::pair<const char*, std::string_view> counts[] = {{"received", trc("report", "Received")},
                                                              {"dispatched", trc("report", "Dispatched")},
                                                              {"done", trc("report", "Done")},
                                                              {"closed", trc("report", "Closed")},
                                                              {"cancelled", trc("report", "Cancelled")}};
  for (const auto& [k, label] : counts) sec.figures.push_back(figure(k, label, sum(by_category, k)));
  sec.tables.push_back({"by_category", std::string(tr("By category")),
                        {col("category", trc("report", "Category"), Kind::label), col("received", trc("report", "Received"), Kind::integer),
                         col("dispatched", trc("report", "Dispatched"), Kind::integer), col("done", trc("report", "Done"), Kind::integer),
                         col("closed", trc("report", "Closed"), Kind::integer), col("cancelled", trc("report", "Cancelled"), Kind::integer)},
                        by_category});
  Chart chart{"by_category", std::string(tr("Repairs received by category")), Chart::Kind::bars, false, {}};
  for (const auto& r : by_category)
    chart.points.push_back({std::string(tr(r.get("category").as_string())), r.get("received").as_int(), std::nullopt});
  sec.charts.push_back(std::move(chart));

  // 故障超时记录 (11.1): deadlines that fell due this day and were missed.
  auto missed = db.prepare(
      "SELECT d.subject AS ref, d.name AS deadline, d.due_at, CASE WHEN d.met_at <= :as_of THEN d.met_at END AS met_at, "
      "t.category, t.assignee FROM deadline d "
      "JOIN ticket t ON t.id = CAST(substr(d.subject, 2) AS INTEGER) WHERE d.subject GLOB 'T[0-9]*' "
      "AND d.due_at >= :from AND d.due_at < :to AND d.due_at < :as_of AND (d.met_at IS NULL OR d.met_at > d.due_at) "
      "ORDER BY d.due_at, d.subject");
  bind_span(missed, s);
  auto missed_rows = rows(missed);
  iso_times(missed_rows, p.site.utc_offset);
  sec.figures.push_back(figure("timeouts", trc("report", "Deadlines missed"), static_cast<std::int64_t>(missed_rows.size())));
  sec.tables.push_back({"deadlines_missed", std::string(tr("Deadlines missed this day (故障超时记录)")),
                        {col("ref", trc("report", "Ticket")), col("deadline", trc("report", "Deadline"), Kind::label),
                         col("due_at", trc("report", "Due"), Kind::datetime), col("met_at", trc("report", "Met at"), Kind::datetime, 0, render::kMedium),
                         col("category", trc("report", "Category"), Kind::label), col("assignee", trc("report", "Technician"), Kind::staff)},
                        missed_rows});
  auto open_late = overdue(db, p, 'T', s);
  std::map<std::string, std::int64_t> stages;
  for (const auto& r : open_late) ++stages[r.get("deadline").as_string()];
  const std::pair<const char*, std::string_view> overdue_stages[] = {{"dispatch_by", trc("report", "Overdue: dispatch")},
                                                                      {"arrive_by", trc("report", "Overdue: on site")},
                                                                      {"complete_by", trc("report", "Overdue: completion")},
                                                                      {"callback_by", trc("report", "Overdue: callback")}};
  for (const auto& [stage, label] : overdue_stages)
    sec.figures.push_back(figure(std::string("overdue_") + stage, label, stages[stage]));

  // Callbacks (回访, 1.9): made this day, and owed at the end of it.
  auto cb = db.prepare(
      "SELECT (SELECT count(*) FROM visit WHERE kind = 'callback' AND subject GLOB 'T[0-9]*' AND done_at >= :from "
      "AND done_at < :to) AS done, (SELECT count(*) FROM deadline d JOIN ticket t ON t.id = CAST(substr(d.subject, 2) "
      "AS INTEGER) WHERE d.subject GLOB 'T[0-9]*' AND d.name = 'callback_by' AND d.start_at < :as_of AND (d.met_at IS "
      "NULL OR d.met_at > :as_of) AND (t.closed_at IS NULL OR t.closed_at > :as_of)) AS owed");
  bind_span(cb, s);
  cb.step();
  sec.figures.push_back(figure("callbacks_done", trc("report", "Callbacks made"), cb.integer(0)));
  sec.figures.push_back(figure("callbacks_owed", trc("report", "Callbacks owed"), cb.integer(1)));

  // Leak repairs done and still waiting for their leak test (试漏, 1.9).
  std::vector<std::string> leak;
  for (const auto& [category, cls] : p.ticket.callback_class)
    if (cls == "leak") leak.push_back(category);
  auto lk = db.prepare(
      "SELECT 'T' || t.id AS ref, u.code AS unit, t.assignee, t.done_at FROM ticket t LEFT JOIN unit u ON "
      "u.id = t.unit_id WHERE t.category IN (SELECT value FROM json_each(:leak)) AND t.done_at IS NOT NULL AND "
      "t.done_at < :as_of AND (t.leak_test_at IS NULL OR t.leak_test_at > :as_of) AND (t.cancelled_at IS NULL OR "
      "t.cancelled_at > :as_of) ORDER BY t.done_at");
  lk.bind(":leak", json_list(leak)).bind(":as_of", s.as_of);
  auto leak_rows = rows(lk);
  iso_times(leak_rows, p.site.utc_offset);
  sec.figures.push_back(figure("waiting_leak_test", trc("report", "Waiting for the leak test"), static_cast<std::int64_t>(leak_rows.size())));
  sec.tables.push_back({"leak_tests_waiting", std::string(tr("Leak repairs waiting for their leak test")),
                        {col("ref", trc("report", "Ticket")), col("unit", trc("report", "Unit")), col("assignee", trc("report", "Technician"), Kind::staff),
                         col("done_at", trc("report", "Done"), Kind::datetime)},
                        leak_rows});
  return sec;
}

Section complaints(db::Database& db, const Policy& p, const Span& s) {
  Section sec{"complaints", std::string(tr("Complaints (投诉)")), {}, {}, {}, {}};
  auto rec = db.prepare(
      "SELECT kind, severity, count(*) AS received FROM complaint WHERE received_at >= :from AND received_at < :to "
      "GROUP BY kind, severity ORDER BY kind, severity");
  rec.bind(":from", s.from).bind(":to", s.to);
  auto received = rows(rec);
  sec.figures.push_back(figure("received", trc("report", "Received"), sum(received, "received")));
  auto ev = db.prepare(
      "SELECT (SELECT count(*) FROM complaint_escalation WHERE at >= :from AND at < :to) AS escalated, "
      "(SELECT count(*) FROM event WHERE subject GLOB 'C[0-9]*' AND kind = 'resolved' AND at >= :from AND at < :to) "
      "AS resolved, (SELECT count(*) FROM visit WHERE kind = 'callback' AND subject GLOB 'C[0-9]*' AND done_at >= "
      ":from AND done_at < :to) AS callbacks");
  ev.bind(":from", s.from).bind(":to", s.to);
  ev.step();
  sec.figures.push_back(figure("escalated", trc("report", "Escalated"), ev.integer(0)));
  sec.figures.push_back(figure("resolved", trc("report", "Resolved"), ev.integer(1)));
  sec.figures.push_back(figure("callbacks_done", trc("report", "Callbacks made"), ev.integer(2)));
  auto late = overdue(db, p, 'C', s);
  std::int64_t untold = 0;
  for (const auto& r : late) untold += r.get("deadline").as_string() == "notify_by";
  sec.figures.push_back(figure("overdue", trc("report", "Overdue"), static_cast<std::int64_t>(late.size()) - untold));
  sec.figures.push_back(figure("result_not_told", trc("report", "Results not yet told to the complainant"), untold));
  sec.tables.push_back({"by_class", std::string(tr("Received by class")),
                        {col("kind", trc("report", "Kind"), Kind::label), col("severity", trc("report", "Severity"), Kind::label),
                         col("received", trc("report", "Received"), Kind::integer)},
                        received});
  Chart chart{"by_class", std::string(tr("Complaints by class")), Chart::Kind::bars, false, {}};
  for (const auto& r : received)
    chart.points.push_back({fmt::format("{} · {}", tr(r.get("kind").as_string()), tr(r.get("severity").as_string())),
                            r.get("received").as_int(), std::nullopt});
  sec.charts.push_back(std::move(chart));
  return sec;
}

Section fees(db::Database& db, const Policy& p, const Span& s) {
  Section sec{"fees", std::string(tr("Fees: the day's ledger (收费台帐)")), {}, {}, {}, {}};
  auto pay = db.prepare(
      "SELECT method, count(*) AS payments, sum(amount_fen) AS amount_fen FROM payment WHERE paid_at >= :from AND "
      "paid_at < :to AND (voided_at IS NULL OR voided_at >= :as_of) GROUP BY method ORDER BY method");
  pay.bind(":from", s.from).bind(":to", s.to).bind(":as_of", s.as_of);
  auto by_method = rows(pay);
  sec.figures.push_back(figure("payments", trc("report", "Payments"), sum(by_method, "payments")));
  sec.figures.push_back(figure("collected_fen", trc("report", "Collected"), sum(by_method, "amount_fen"), Kind::money));
  auto issued = db.prepare(
      "SELECT p.receipt, u.code AS unit, p.method, p.amount_fen, p.received_by, p.voided_at FROM payment p JOIN unit u "
      "ON u.id = p.unit_id WHERE (p.paid_at >= :from AND p.paid_at < :to) OR (p.voided_at >= :from AND p.voided_at < "
      ":to AND p.voided_at < :as_of) ORDER BY p.year, p.seq");
  bind_span(issued, s);
  auto receipts = rows(issued);
  std::int64_t voided = 0;
  for (auto& r : receipts) {
    const bool v = r.get("voided_at").is_int() && r.get("voided_at").as_int() < s.as_of;
    voided += v;
    if (!v) r.set("voided_at", Value());
  }
  iso_times(receipts, p.site.utc_offset);
  sec.figures.push_back(figure("receipts_voided", trc("report", "Receipts voided"), voided));
  auto bl = db.prepare(
      "SELECT item, count(*) AS bills, sum(amount_fen) AS amount_fen FROM bill WHERE created_at >= :from AND "
      "created_at < :to GROUP BY item ORDER BY item");
  bl.bind(":from", s.from).bind(":to", s.to);
  auto bills = rows(bl);
  name_items(p, bills);
  sec.figures.push_back(figure("bills_issued", trc("report", "Bills issued"), sum(bills, "bills")));
  sec.tables.push_back({"by_method", std::string(tr("Payments by method")),
                        {col("method", trc("report", "Method"), Kind::label), col("payments", trc("report", "Payments"), Kind::integer),
                         col("amount_fen", trc("report", "Amount"), Kind::money)},
                        by_method});
  sec.tables.push_back({"receipts", std::string(tr("Receipts issued and voided")),
                        {col("receipt", trc("report", "Receipt")), col("unit", trc("report", "Unit")), col("method", trc("report", "Method"), Kind::label),
                         col("amount_fen", trc("report", "Amount"), Kind::money), col("received_by", trc("report", "Received by"), Kind::staff),
                         col("voided_at", trc("report", "Voided"), Kind::datetime)},
                        receipts});
  sec.tables.push_back({"bills", std::string(trc("report", "Bills issued")),
                        {col("name", trc("report", "Item")), col("bills", trc("report", "Bills"), Kind::integer),
                         col("amount_fen", trc("report", "Amount"), Kind::money)},
                        bills});
  Chart chart{"by_method", std::string(tr("Collected by method (yuan)")), Chart::Kind::bars, false, {}};
  for (const auto& r : by_method)
    chart.points.push_back({std::string(tr(r.get("method").as_string())), r.get("amount_fen").as_int() / 100, std::nullopt});
  sec.charts.push_back(std::move(chart));
  return sec;
}

Section reminders(db::Database& db, const Policy& p, const Span& s) {
  (void)p;
  Section sec{"reminders", std::string(tr("Overdue-fee reminders (催缴)")), {}, {}, {}, {}};
  // Sent by when it was sent; the other outcomes by when the reminder last changed.
  auto st = db.prepare(
      "SELECT stage, sum(status = 'sent' AND sent_at >= :from AND sent_at < :to) AS sent, "
      "sum(status = 'failed' AND updated_at >= :from AND updated_at < :to) AS failed, "
      "sum(status = 'skipped' AND updated_at >= :from AND updated_at < :to) AS skipped, "
      "sum(status = 'unknown' AND updated_at >= :from AND updated_at < :to) AS unknown FROM reminder "
      "WHERE (sent_at >= :from AND sent_at < :to) OR (updated_at >= :from AND updated_at < :to) "
      "GROUP BY stage ORDER BY min(due_at)");
  st.bind(":from", s.from).bind(":to", s.to);
  auto by_stage = rows(st);
  const std::pair<const char*, std::string_view> outcomes[] = {
      {"sent", trc("report", "Sent")}, {"failed", trc("report", "Failed")}, {"skipped", trc("report", "Skipped")}, {"unknown", trc("report", "Unknown")}};
  for (const auto& [k, label] : outcomes) sec.figures.push_back(figure(k, label, sum(by_stage, k)));
  sec.tables.push_back({"by_stage", std::string(tr("By stage")),
                        {col("stage", trc("report", "Stage"), Kind::label), col("sent", trc("report", "Sent"), Kind::integer),
                         col("failed", trc("report", "Failed"), Kind::integer), col("skipped", trc("report", "Skipped"), Kind::integer),
                         col("unknown", trc("report", "Unknown"), Kind::integer)},
                        by_stage});
  return sec;
}

Section visits(db::Database& db, const Policy& p, const Span& s) {
  Section sec{"visits", std::string(tr("Callbacks and visits (回访/走访)")), {}, {}, {}, {}};
  auto st = db.prepare(
      "SELECT kind, count(*) AS done, count(rating) AS rated, sum(rating >= :satisfied) AS satisfied FROM visit "
      "WHERE done_at >= :from AND done_at < :to GROUP BY kind ORDER BY kind");
  st.bind(":from", s.from).bind(":to", s.to).bind(":satisfied", p.visit.satisfied_at_or_above);
  auto by_kind = rows(st);
  for (auto& r : by_kind)
    if (r.get("satisfied").is_null()) r.set("satisfied", Value(0));
  sec.figures.push_back(figure("done", trc("report", "Visits done"), sum(by_kind, "done")));
  sec.tables.push_back({"by_kind", std::string(tr("Done by kind")),
                        {col("kind", trc("report", "Kind"), Kind::label), col("done", trc("report", "Done"), Kind::integer),
                         col("rated", trc("report", "Rated"), Kind::integer), col("satisfied", trc("report", "Satisfied"), Kind::integer)},
                        by_kind});
  return sec;
}

// Open work per person at the end of the day: tickets they repair, complaints they own, visits
// they owe.
Section work(db::Database& db, const Policy& p, const Span& s) {
  (void)p;
  Section sec{"work", std::string(tr("Open work per person")), {}, {}, {}, {}};
  auto st = db.prepare(
      "WITH w(login, tickets, complaints, visits) AS ("
      " SELECT assignee, 1, 0, 0 FROM ticket WHERE assignee IS NOT NULL AND created_at < :as_of AND (done_at IS NULL "
      "OR done_at > :as_of) AND (closed_at IS NULL OR closed_at > :as_of) AND (cancelled_at IS NULL OR cancelled_at > "
      ":as_of) UNION ALL"
      " SELECT owner, 0, 1, 0 FROM complaint WHERE received_at < :as_of AND (closed_at IS NULL OR closed_at > :as_of) "
      "AND (withdrawn_at IS NULL OR withdrawn_at > :as_of) UNION ALL"
      " SELECT assignee, 0, 0, 1 FROM visit WHERE assignee IS NOT NULL AND created_at < :as_of AND (done_at IS NULL OR "
      "done_at > :as_of) AND due_at IS NOT NULL)"
      " SELECT w.login, s.name, s.role, sum(tickets) AS tickets, sum(complaints) AS complaints, sum(visits) AS visits "
      "FROM w LEFT JOIN staff s ON s.login = w.login GROUP BY w.login ORDER BY w.login");
  st.bind(":as_of", s.as_of);
  sec.tables.push_back({"by_person", std::string(tr("Open work per person")),
                        {col("login", trc("report", "Login")), col("name", trc("report", "Name")), col("role", trc("report", "Role"), Kind::label),
                         col("tickets", trc("report", "Tickets"), Kind::integer), col("complaints", trc("report", "Complaints"), Kind::integer),
                         col("visits", trc("report", "Visits owed"), Kind::integer)},
                        rows(st)});
  return sec;
}

// Everything overdue or needing a person, at the end of the day: what a supervisor acts on.
Section exceptions(db::Database& db, const Policy& p, const Span& s) {
  Section sec{"exceptions", std::string(tr("Exceptions: overdue or needing a person")), {}, {}, {}, {}};
  std::vector<Value> list;
  auto add = [&](std::string what, std::string ref, std::string detail, Value since, Value who) {
    Value v = Value::object();
    v.set("what", std::move(what));
    v.set("ref", std::move(ref));
    v.set("detail", std::move(detail));
    v.set("since", std::move(since));
    v.set("who", std::move(who));
    list.push_back(std::move(v));
  };
  for (char letter : {'T', 'C'})
    for (const auto& r : overdue(db, p, letter, s))
      add("overdue", r.get("ref").as_string(),
          fmt::format(fmt::runtime(tr("{} missed, {} late")), tr(r.get("deadline").as_string()), r.get("late").as_string()),
          r.get("due_at"), r.get("who"));
  // Reminders a person must settle: sends cut off (unknown) and ones given up.
  auto rm = db.prepare(
      "SELECT r.id, u.code AS unit, r.stage, r.status, r.updated_at FROM reminder r JOIN unit u ON u.id = r.unit_id "
      "WHERE r.created_at < :as_of AND (r.status = 'unknown' OR (r.status = 'failed' AND r.attempts >= :limit)) "
      "ORDER BY r.id");
  rm.bind(":as_of", s.as_of).bind(":limit", p.fee.remind.attempts);
  for (const auto& r : rows(rm))
    add("reminder", fmt::format("#{}", r.get("id").as_int()),
        fmt::format("{} {} {}", r.get("unit").as_string(), r.get("stage").as_string(), tr(r.get("status").as_string())),
        Value(format_iso(r.get("updated_at").as_int(), p.site.utc_offset)), Value());
  // Accounts not reminded at their rung, or reminded late (漏催/迟催, 3.7).
  for (const auto& g : dunning::gaps(db, p, s.as_of).gaps)
    add("dunning_gap", g.unit, fmt::format("{} {} ({})", g.stage, tr(g.problem), format_yuan(g.amount)),
        Value(format_iso(g.due_at, p.site.utc_offset)), Value());
  // Patrols (5, 6): urgent findings still open (the smell rule: security must be told), a month's
  // plan not made by the last day of the month before, rectification deadlines passed.
  auto fo = db.prepare(std::string(kFindingsOpenAt));
  fo.bind(":as_of", s.as_of);
  for (const auto& r : rows(fo))
    if (r.get("urgent").as_int())
      add("urgent_finding", r.get("round").as_string(), r.get("text").as_string() + ": " + r.get("note").as_string(),
          Value(format_iso(r.get("checked_at").as_int(), p.site.utc_offset)), r.get("checked_by"));
  for (const auto& plan : patrol::plan_states(db, p, s.as_of))
    if (plan.state == "missing")
      add("patrol_plan", plan.month, fmt::format(fmt::runtime(tr("the patrol plan of {} was due on {} and is not made")), plan.month, plan.due_on),
          Value(plan.due_on), Value());
  auto vl = db.prepare(std::string(kViolationsAt));
  bind_span(vl, s);
  const std::string today = format_date(local_date(s.as_of - 1, p.site.utc_offset));
  for (const auto& v : rows(vl))
    if (v.get("status").as_string() == "open" && v.get("rectify_by").is_string() && v.get("rectify_by").as_string() < today &&
        v.get("reinspected").as_int() == 0)
      add("rectify_overdue", v.get("ref").as_string(), v.get("place").as_string(), v.get("rectify_by"), Value());
  // The desk's: promised replies missed, messages not passed on, handovers not accepted (7, 12).
  for (const auto& d : desk::exceptions(db, p, s.as_of))
    add(d.kind, d.subject, d.text, Value(format_iso(d.due_at, p.site.utc_offset)), d.who ? Value(*d.who) : Value());
  // Urgent findings at the top (5.3 A: security is told now), then the oldest first.
  std::stable_sort(list.begin(), list.end(), [](const Value& a, const Value& b) {
    const bool ua = a.get("what").as_string() == "urgent_finding", ub = b.get("what").as_string() == "urgent_finding";
    if (ua != ub) return ua;
    return a.get("since").is_string() && b.get("since").is_string() && a.get("since").as_string() < b.get("since").as_string();
  });
  sec.figures.push_back(figure("count", trc("report", "Exceptions"), static_cast<std::int64_t>(list.size())));
  sec.tables.push_back({"items", std::string(trc("report", "Exceptions")),
                        {col("what", trc("report", "What"), Kind::label), col("ref", trc("report", "Record")), col("detail", trc("report", "Detail"), Kind::text, 40),
                         col("since", trc("report", "Since"), Kind::datetime, 0, render::kMedium),
                         col("who", trc("report", "Who"), Kind::staff, 0, render::kMedium)},
                        list});
  return sec;
}


// ---- months, weeks, medians ---------------------------------------------------------------------

Date last_of_month(int y, int m) { return civil_from_days(days_from_civil(add_months(Date{y, m, 1}, 1)) - 1); }

std::string month_text(int y, int m) { return fmt::format("{:04}-{:02}", y, m); }

std::optional<std::int64_t> median(std::vector<std::int64_t> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Value rate_of(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return Value();
  return Value(Fixed{(part * 20000 / whole + 1) / 2, 4});
}

Figure rate_figure(std::string key, std::string_view label, std::int64_t part, std::int64_t whole) {
  return {std::move(key), std::string(label), rate_of(part, whole), Kind::rate};
}

// A day's count of created tickets, one column per day of the span: the chart of the month.
Chart tickets_per_day(db::Database& db, const Policy& p, const Span& s, Date first, Date last) {
  auto st = db.prepare(
      "SELECT (e.at + :off) / 86400 AS day, count(*) AS n FROM event e WHERE e.subject GLOB 'T[0-9]*' AND "
      "e.kind = 'created' AND e.at >= :from AND e.at < :to GROUP BY day");
  st.bind(":off", p.site.utc_offset).bind(":from", s.from).bind(":to", s.to);
  std::map<std::int64_t, std::int64_t> per_day;
  while (st.step()) per_day[st.integer(0)] = st.integer(1);
  Chart c{"per_day", std::string(tr("Repairs received per day")), Chart::Kind::columns, false, {}};
  for (auto d = days_from_civil(first); d <= days_from_civil(last); ++d)
    c.points.push_back({std::to_string(civil_from_days(d).day), per_day[d], std::nullopt});
  return c;
}

std::vector<Value> repair_counts(db::Database& db, const Span& s) {
  auto by = db.prepare(
      "SELECT t.category, sum(e.kind = 'created') AS received, sum(e.kind = 'dispatched') AS dispatched, "
      "sum(e.kind = 'done') AS done, sum(e.kind = 'closed') AS closed, sum(e.kind = 'cancelled') AS cancelled "
      "FROM event e JOIN ticket t ON t.id = CAST(substr(e.subject, 2) AS INTEGER) "
      "WHERE e.subject GLOB 'T[0-9]*' AND e.at >= :from AND e.at < :to GROUP BY t.category ORDER BY t.category");
  by.bind(":from", s.from).bind(":to", s.to);
  return rows(by);
}

// 维修回访率 (1.9): repairs finished in the span whose callback was logged by as_of.
std::pair<std::int64_t, std::int64_t> repair_callbacks(db::Database& db, const Span& s) {
  auto st = db.prepare(
      "SELECT count(*), sum(EXISTS (SELECT 1 FROM visit v WHERE v.kind = 'callback' AND v.subject = e.subject AND "
      "v.done_at >= e.at AND v.done_at < :as_of)) FROM event e WHERE e.subject GLOB 'T[0-9]*' AND e.kind = 'done' "
      "AND e.at >= :from AND e.at < :to");
  bind_span(st, s);
  st.step();
  return {st.integer(1), st.integer(0)};
}

// 投诉回访率 (2.7, 8): valid complaints resolved in the span called back within callback_within.
std::pair<std::int64_t, std::int64_t> complaint_callbacks(db::Database& db, const Policy& p, const Span& s) {
  auto st = db.prepare(
      "SELECT count(*), sum(EXISTS (SELECT 1 FROM visit v WHERE v.kind = 'callback' AND v.subject = e.subject AND "
      "v.done_at >= e.at AND v.done_at <= e.at + :within AND v.done_at < :as_of)) FROM event e JOIN complaint c ON "
      "c.id = CAST(substr(e.subject, 2) AS INTEGER) WHERE e.subject GLOB 'C[0-9]*' AND e.kind = 'resolved' AND "
      "c.kind = 'complaint' AND c.validity = 'valid' AND e.at >= :from AND e.at < :to");
  bind_span(st, s);
  st.bind(":within", fixed_seconds(p.complaint.callback_within).value_or(48 * 3600));
  st.step();
  return {st.integer(1), st.integer(0)};
}

// 业户满意率 (4.4, 8) as svc visit rate computes it (visit::satisfaction), for the span's local dates:
// rows {<key>, rated, satisfied, rate} by kind of visit and by survey question.
struct SatisfactionRows {
  std::vector<Value> kinds, questions;
  std::int64_t satisfied = 0, rated = 0;
};
SatisfactionRows satisfaction(db::Database& db, const Policy& p, const Span& s) {
  const int off = p.site.utc_offset;
  const auto sat = visit::satisfaction(db, p, local_date(s.from, off), local_date(s.to - 1, off));
  const auto to_rows = [](const std::vector<std::pair<std::string, visit::Tally>>& list, const char* key) {
    std::vector<Value> out;
    for (const auto& [name, t] : list) {
      Value v = Value::object();
      v.set(key, name);
      v.set("rated", Value(static_cast<long long>(t.rated)));
      v.set("satisfied", Value(static_cast<long long>(t.satisfied)));
      v.set("rate", rate_of(t.satisfied, t.rated));
      out.push_back(std::move(v));
    }
    return out;
  };
  return {to_rows(sat.kinds, "kind"), to_rows(sat.questions, "question"), sat.total.satisfied, sat.total.rated};
}

Section repairs_month(db::Database& db, const Policy& p, const Span& s, Date first, Date last) {
  Section sec{"tickets", std::string(tr("Repairs (报修)")), {}, {}, {}, {}};
  auto by_category = repair_counts(db, s);
  sec.figures.push_back(figure("received", trc("report", "Received"), sum(by_category, "received")));
  sec.figures.push_back(figure("done", trc("report", "Done"), sum(by_category, "done")));
  const auto [called, done] = repair_callbacks(db, s);
  sec.figures.push_back(rate_figure("callback_rate", tr("Repair callback rate (维修回访率)"), called, done));
  sec.tables.push_back({"by_category", std::string(tr("By category")),
                        {col("category", trc("report", "Category"), Kind::label), col("received", trc("report", "Received"), Kind::integer),
                         col("dispatched", trc("report", "Dispatched"), Kind::integer), col("done", trc("report", "Done"), Kind::integer),
                         col("closed", trc("report", "Closed"), Kind::integer), col("cancelled", trc("report", "Cancelled"), Kind::integer)},
                        by_category});
  // On time, per stage: deadlines that fell due in the span and were met by then.
  auto ot = db.prepare(
      "SELECT name AS deadline, count(*) AS due, sum(met_at IS NOT NULL AND met_at <= due_at) AS on_time FROM deadline "
      "WHERE subject GLOB 'T[0-9]*' AND due_at >= :from AND due_at < :to AND due_at < :as_of GROUP BY name "
      "ORDER BY min(start_at)");
  bind_span(ot, s);
  auto on_time = rows(ot);
  for (auto& r : on_time) r.set("rate", rate_of(r.get("on_time").as_int(), r.get("due").as_int()));
  sec.tables.push_back({"on_time", std::string(tr("On time, per stage")),
                        {col("deadline", trc("report", "Deadline"), Kind::label), col("due", trc("report", "Fell due"), Kind::integer),
                         col("on_time", trc("report", "On time"), Kind::integer), col("rate", trc("report", "Rate"), Kind::rate)},
                        on_time});
  // Median times of the repairs finished in the span (dispatch, on site, repair, in all).
  auto tm = db.prepare(
      "SELECT created_at, dispatched_at, arrived_at, done_at FROM ticket WHERE done_at >= :from AND done_at < :to");
  tm.bind(":from", s.from).bind(":to", s.to);
  std::vector<std::int64_t> dispatch, arrive, repair, total;
  while (tm.step()) {
    const auto created = tm.integer(0);
    const auto dispatched = tm.opt_integer(1), arrived = tm.opt_integer(2), finished = tm.opt_integer(3);
    if (dispatched) dispatch.push_back(*dispatched - created);
    if (dispatched && arrived) arrive.push_back(*arrived - *dispatched);
    if (arrived && finished) repair.push_back(*finished - *arrived);
    if (finished) total.push_back(*finished - created);
  }
  std::vector<Value> medians;
  const std::pair<std::string_view, const std::vector<std::int64_t>*> spans[] = {
      {"received_to_dispatched", &dispatch}, {"dispatched_to_on_site", &arrive},
      {"on_site_to_done", &repair}, {"received_to_done", &total}};
  for (const auto& [label, values] : spans) {
    Value v = Value::object();
    v.set("span", std::string(label));
    const auto m = median(*values);
    v.set("median_seconds", m ? Value(static_cast<long long>(*m)) : Value());
    v.set("median", m ? Value(deadline::format_span(*m)) : Value());
    v.set("repairs", Value(static_cast<long long>(values->size())));
    medians.push_back(std::move(v));
  }
  sec.tables.push_back({"median_times", std::string(tr("Median times")),
                        {col("span", trc("report", "Span"), Kind::label), col("median", trc("report", "Median")),
                         col("repairs", trc("report", "Repairs"), Kind::integer)},
                        medians});
  // How the owners rated the repairs (1–5, the policy's scale).
  auto rt = db.prepare(
      "SELECT rating, count(*) AS callbacks FROM visit WHERE kind = 'callback' AND subject GLOB 'T[0-9]*' AND "
      "rating IS NOT NULL AND done_at >= :from AND done_at < :to GROUP BY rating ORDER BY rating DESC");
  rt.bind(":from", s.from).bind(":to", s.to);
  auto ratings = rows(rt);
  Chart dist{"ratings", std::string(tr("Repair callbacks by rating")), Chart::Kind::bars, false, {}};
  for (auto& r : ratings) {
    const int rating = static_cast<int>(r.get("rating").as_int());
    const auto label = rating >= 1 && rating <= static_cast<int>(p.visit.scale.size())
                           ? p.visit.scale[static_cast<std::size_t>(rating - 1)]
                           : std::to_string(rating);
    r.set("label", label);
    dist.points.push_back({fmt::format("{} {}", rating, label), r.get("callbacks").as_int(), std::nullopt});
  }
  sec.tables.push_back({"ratings", std::string(tr("Repair callbacks by rating")),
                        {col("rating", trc("report", "Rating"), Kind::integer), col("label", trc("report", "Rating label")),
                         col("callbacks", trc("report", "Callbacks"), Kind::integer)},
                        ratings});
  sec.charts.push_back(tickets_per_day(db, p, s, first, last));
  sec.charts.push_back(std::move(dist));
  return sec;
}

Section complaints_month(db::Database& db, const Policy& p, const Span& s, int y, int m) {
  Section sec{"complaints", std::string(tr("Complaints (投诉)")), {}, {}, {}, {}};
  auto bc = db.prepare(
      "SELECT kind, coalesce(category, '-') AS category, severity, validity, count(*) AS received FROM complaint "
      "WHERE received_at >= :from AND received_at < :to GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
  bc.bind(":from", s.from).bind(":to", s.to);
  auto by_class = rows(bc);
  sec.figures.push_back(figure("received", trc("report", "Received"), sum(by_class, "received")));
  const auto [called, resolved] = complaint_callbacks(db, p, s);
  sec.figures.push_back(rate_figure("callback_rate", tr("Complaint callback rate (投诉回访率)"), called, resolved));
  sec.tables.push_back({"by_class", std::string(tr("By kind, category, class and validity")),
                        {col("kind", trc("report", "Kind"), Kind::label), col("category", trc("report", "Category"), Kind::label),
                         col("severity", trc("report", "Severity"), Kind::label), col("validity", trc("report", "Validity"), Kind::label),
                         col("received", trc("report", "Received"), Kind::integer)},
                        by_class});
  // The trend (品质部 by the 5th: 趋势分析, 2.8): this month against the three before.
  const int off = p.site.utc_offset;
  std::vector<Value> trend;
  Chart chart{"trend", std::string(tr("Complaints, this month and the three before")), Chart::Kind::columns, false, {}};
  auto tr_st = db.prepare(
      "SELECT count(*) AS complaints, sum(severity = 'major') AS major FROM complaint WHERE kind = 'complaint' AND "
      "received_at >= :from AND received_at < :to");
  for (int back = 3; back >= 0; --back) {
    const Date first = add_months(Date{y, m, 1}, -back);
    tr_st.reset();
    tr_st.bind(":from", local_to_timestamp(first, 0, off)).bind(":to", local_to_timestamp(add_months(first, 1), 0, off));
    tr_st.step();
    Value v = Value::object();
    v.set("month", month_text(first.year, first.month));
    v.set("complaints", Value(static_cast<long long>(tr_st.integer(0))));
    v.set("major", Value(static_cast<long long>(tr_st.is_null(1) ? 0 : tr_st.integer(1))));
    chart.points.push_back({month_text(first.year, first.month), tr_st.integer(0), std::nullopt});
    trend.push_back(std::move(v));
  }
  sec.tables.push_back({"trend", std::string(tr("Trend")),
                        {col("month", trc("report", "Month")), col("complaints", trc("report", "Complaints"), Kind::integer),
                         col("major", trc("report", "Major"), Kind::integer)},
                        trend});
  sec.charts.push_back(std::move(chart));
  // The one-month upgrades (2.6).
  auto up = db.prepare(
      "SELECT 'C' || c.id AS ref, u.code AS unit, c.subject, c.received_at, c.upgraded_at, c.status FROM complaint c "
      "JOIN unit u ON u.id = c.unit_id WHERE c.upgraded_at >= :from AND c.upgraded_at < :to ORDER BY c.upgraded_at");
  up.bind(":from", s.from).bind(":to", s.to);
  auto upgrades = rows(up);
  iso_times(upgrades, off);
  sec.tables.push_back({"upgrades", std::string(tr("Upgraded to major after a month unresolved (2.6)")),
                        {col("ref", trc("report", "Complaint")), col("unit", trc("report", "Unit")),
                         col("subject", trc("report", "Subject"), Kind::text, 30, render::kHigh),
                         col("received_at", trc("report", "Received"), Kind::datetime, 0, render::kMedium),
                         col("upgraded_at", trc("report", "Upgraded"), Kind::datetime, 0, render::kLow),
                         col("status", trc("report", "Status"), Kind::label, 0, render::kHigh)},
                        upgrades});
  Chart by_class_chart{"by_class", std::string(tr("Complaints by class")), Chart::Kind::bars, false, {}};
  std::map<std::string, std::int64_t> per_class;
  for (const auto& r : by_class)
    if (r.get("kind").as_string() == "complaint") per_class[r.get("severity").as_string()] += r.get("received").as_int();
  for (const char* cls : {"major", "important", "minor"})
    by_class_chart.points.push_back({std::string(tr(cls)), per_class[cls], std::nullopt});
  sec.charts.push_back(std::move(by_class_chart));
  return sec;
}

Section fees_month(db::Database& db, const Policy& p, const Span& s, int y, int m) {
  Section sec{"fees", std::string(tr("Fees (收费)")), {}, {}, {}, {}};
  auto rate = fee::collection_rate(db, month_text(y, m), s.as_of, p.site.utc_offset);
  sec.figures.push_back({"billed_fen", std::string(trc("report", "Billed")), rate.total.get("billed_fen"), Kind::money});
  sec.figures.push_back({"collected_fen", std::string(trc("report", "Collected")), rate.total.get("collected_fen"), Kind::money});
  sec.figures.push_back({"collection_rate", std::string(tr("Collection rate (收缴率)")), rate.total.get("rate"), Kind::rate});
  for (const auto& [k, v] : rate.about)
    if (k == "arrears_recovered_fen") sec.figures.push_back({k, std::string(trc("report", "Arrears recovered")), v, Kind::money});
  name_items(p, rate.rows);
  sec.tables.push_back({"collection", std::string(tr("Collection rate per item (收缴率)")),
                        {col("name", trc("report", "Item")), col("bills", trc("report", "Bills"), Kind::integer),
                         col("billed_fen", trc("report", "Billed"), Kind::money), col("collected_fen", trc("report", "Collected"), Kind::money),
                         col("outstanding_fen", trc("report", "Outstanding"), Kind::money), col("rate", trc("report", "Rate"), Kind::rate)},
                        rate.rows});
  Chart per_item{"collection", std::string(tr("Collection rate per item")), Chart::Kind::bars, true, {}};
  const auto target = p.targets.find("collection_rate");
  for (const auto& r : rate.rows)
    per_item.points.push_back({r.get("name").is_string() ? r.get("name").as_string() : r.get("item").as_string(),
                               r.get("rate").is_fixed() ? r.get("rate").as_fixed().units : 0,
                               target == p.targets.end() ? std::nullopt : std::optional<std::int64_t>(target->second / 100)});
  sec.charts.push_back(std::move(per_item));
  const auto aging = fee::aging(fee::arrears(db, p, s.as_of, 0));
  sec.tables.push_back({"aging", std::string(tr("Arrears by age")),
                        {col("bucket", trc("report", "Days overdue")), col("units", trc("report", "Units"), Kind::integer),
                         col("amount_fen", trc("report", "Amount"), Kind::money)},
                        aging.rows});
  Chart ages{"aging", std::string(tr("Arrears by age (yuan)")), Chart::Kind::bars, false, {}};
  for (const auto& r : aging.rows) ages.points.push_back({r.get("bucket").as_string(), r.get("amount_fen").as_int() / 100, std::nullopt});
  sec.charts.push_back(std::move(ages));
  const auto g = dunning::gaps(db, p, s.as_of);
  sec.figures.push_back(rate_figure("dunning_rate", tr("Dunning rate (催缴率)"), g.on_time(), g.accounts));
  return sec;
}

Section visits_month(db::Database& db, const Policy& p, const Span& s) {
  Section sec{"visits", std::string(tr("Callbacks and visits (回访/走访)")), {}, {}, {}, {}};
  const auto sat = satisfaction(db, p, s);
  const auto& by_kind = sat.kinds;
  sec.figures.push_back(rate_figure("satisfaction_rate", tr("Satisfaction rate (业户满意率)"), sat.satisfied, sat.rated));
  sec.tables.push_back({"satisfaction", std::string(tr("Satisfaction by kind")),
                        {col("kind", trc("report", "Kind"), Kind::label), col("rated", trc("report", "Rated"), Kind::integer),
                         col("satisfied", trc("report", "Satisfied"), Kind::integer), col("rate", trc("report", "Rate"), Kind::rate)},
                        by_kind});
  sec.tables.push_back({"survey_questions", std::string(tr("Annual survey by question (业主意见征询表)")),
                        {col("question", trc("report", "Question")), col("rated", trc("report", "Rated"), Kind::integer),
                         col("satisfied", trc("report", "Satisfied"), Kind::integer), col("rate", trc("report", "Rate"), Kind::rate)},
                        sat.questions});
  Chart chart{"satisfaction", std::string(tr("Satisfaction by kind")), Chart::Kind::bars, true, {}};
  const auto target = p.targets.find("satisfaction_rate");
  for (const auto& r : by_kind)
    chart.points.push_back({std::string(tr(r.get("kind").as_string())), r.get("rate").is_fixed() ? r.get("rate").as_fixed().units : 0,
                            target == p.targets.end() ? std::nullopt : std::optional<std::int64_t>(target->second / 100)});
  sec.charts.push_back(std::move(chart));
  return sec;
}

// The manager's notes of a month, by section.
std::map<std::string, std::string> notes_of(db::Database& db, int y, int m) {
  auto st = db.prepare("SELECT section, text FROM report_note WHERE month = :month");
  st.bind(":month", month_text(y, m));
  std::map<std::string, std::string> out;
  while (st.step()) out[st.text(0)] = st.text(1);
  return out;
}

// ---- KPI ---------------------------------------------------------------------------------------

// The reception log (客户接待记录, domain-rules 7, 8): contacts by kind, and the response rate
// (事务响应率) and courtesy rate (礼貌待客率) as svc desk computes them.
Section desk_section(db::Database& db, const Policy& p, const Span& s) {
  Section sec{"desk", std::string(tr("Reception log (客户接待记录)")), {}, {}, {}, {}};
  std::vector<Value> by_kind;
  std::int64_t contacts = 0;
  for (const auto& [kind, n] : desk::tally(db, s.from, s.to)) {
    Value v = Value::object();
    v.set("kind", kind);
    v.set("contacts", Value(static_cast<long long>(n)));
    by_kind.push_back(std::move(v));
    contacts += n;
  }
  sec.figures.push_back(figure("contacts", trc("report", "Contacts"), contacts));
  const auto response = desk::response_rate(db, p, s.from, s.to, s.as_of);
  sec.figures.push_back(rate_figure("response_rate", tr("Response rate (事务响应率)"), response.numerator, response.denominator));
  const auto courtesy = desk::courtesy_rate(db, p, s.from, s.to);
  sec.figures.push_back(rate_figure("courtesy_rate", tr("Courtesy rate (礼貌待客率)"), courtesy.numerator, courtesy.denominator));
  sec.figures.push_back(figure("promises_missed", trc("report", "Replies and messages late or missed"), response.late + response.missed));
  sec.tables.push_back({"by_kind", std::string(tr("Contacts by kind")),
                        {col("kind", trc("report", "Kind"), Kind::label), col("contacts", trc("report", "Contacts"), Kind::integer)},
                        by_kind});
  return sec;
}

// Routes by the policy's name (patrol.routes.*.name) in `key`, the code kept for scripts.
void name_routes(const Policy& p, std::vector<Value>& list, const char* key) {
  for (auto& r : list) {
    if (!r.get(key).is_string()) continue;
    const std::string code = r.get(key).as_string();
    for (const auto& rt : p.patrol.routes)
      if (rt.code == code) r.set(std::string(key) + "_name", rt.name);
  }
}

// Patrols and violations (巡查/违例, domain-rules 5, 6) of the span: plan adherence per route (and
// per person in a month), the findings, the violations; as of the span's end.
Section patrols_section(db::Database& db, const Policy& p, const Span& s, Date first, Date last, bool per_person) {
  Section sec{"patrols", std::string(tr("Patrols and violations (巡查/违例)")), {}, {}, {}, {}};
  const int off = p.site.utc_offset;
  const auto a = patrol::adherence(db, p, first, last, s.as_of);
  sec.figures.push_back(figure("rounds_planned", trc("report", "Rounds planned"), a.total.planned));
  sec.figures.push_back(figure("rounds_on_time", trc("report", "Done on time"), a.total.on_time));
  sec.figures.push_back(figure("rounds_late", trc("report", "Done late"), a.total.late));
  sec.figures.push_back(figure("rounds_not_done", trc("report", "Not done"), a.total.not_done));
  sec.figures.push_back(figure("points_checked", trc("report", "Points checked"), a.total.points_checked));
  sec.figures.push_back(figure("points_missed", trc("report", "Points missed"), a.total.points_missed));
  auto found = db.prepare(
      "SELECT count(*), coalesce(sum(urgent), 0) FROM patrol_check WHERE result = 'issue' AND checked_at >= :from AND "
      "checked_at < :to AND checked_at < :as_of");
  bind_span(found, s);
  found.step();
  sec.figures.push_back(figure("findings", trc("report", "Findings"), found.integer(0)));
  sec.figures.push_back(figure("urgent_findings", trc("report", "Urgent findings (smell rule)"), found.integer(1)));
  const auto adherence_columns = [](const char* key, std::string_view header) {
    return std::vector<Column>{col(key, header, Kind::label), col("planned", trc("report", "Planned"), Kind::integer),
                               col("on_time", trc("report", "On time"), Kind::integer), col("late", trc("report", "Late"), Kind::integer),
                               col("not_done", trc("report", "Not done"), Kind::integer),
                               col("points_checked", trc("report", "Points checked"), Kind::integer),
                               col("points_missed", trc("report", "Points missed"), Kind::integer)};
  };
  std::vector<Value> by_route, by_person;
  for (const auto& r : a.routes) by_route.push_back(patrol::to_value(r));
  name_routes(p, by_route, "key");
  for (const auto& r : a.people) by_person.push_back(patrol::to_value(r));
  sec.tables.push_back({"by_route", std::string(tr("Plan adherence by route")), adherence_columns("key_name", trc("report", "Route")), by_route});
  if (per_person)
    sec.tables.push_back({"by_person", std::string(tr("Plan adherence by person")), adherence_columns("key", trc("report", "Staff")),
                          by_person});
  auto fo = db.prepare(std::string(kFindingsOpenAt));
  fo.bind(":as_of", s.as_of);
  auto open = rows(fo);
  iso_times(open, off);
  name_routes(p, open, "route");
  std::int64_t urgent_open = 0;
  for (const auto& r : open) urgent_open += r.get("urgent").as_int();
  sec.figures.push_back(figure("findings_open", trc("report", "Findings still open"), static_cast<std::int64_t>(open.size())));
  sec.figures.push_back(figure("urgent_open", trc("report", "Urgent findings still open"), urgent_open));
  sec.tables.push_back({"open_findings", std::string(tr("Findings still open, urgent first")),
                        {col("round", trc("report", "Round")), col("route_name", trc("report", "Route"), Kind::text, 0, render::kMedium),
                         col("text", trc("report", "Point"), Kind::text, 16, render::kHigh),
                         col("note", trc("report", "Finding"), Kind::text, 24, render::kHigh),
                         col("action", trc("report", "Action"), Kind::label, 0, render::kMedium),
                         col("opened", trc("report", "Opened"), Kind::text, 0, render::kMedium),
                         col("urgent", trc("report", "Urgent"), Kind::integer, 0, render::kHigh),
                         col("checked_at", trc("report", "Found"), Kind::datetime, 0, render::kLow)},
                        open});
  auto vl = db.prepare(std::string(kViolationsAt));
  bind_span(vl, s);
  auto violations = rows(vl);
  const std::string today = format_date(local_date(s.as_of - 1, off));
  std::int64_t opened = 0, awaiting = 0, overdue = 0;
  for (auto& v : violations) {
    const auto created = v.get("created_at").as_int();
    opened += created >= s.from && created < s.to;
    awaiting += v.get("awaiting_signature").as_int() > 0;
    const bool late = v.get("status").as_string() == "open" && v.get("rectify_by").is_string() &&
                      v.get("rectify_by").as_string() < today && v.get("reinspected").as_int() == 0;
    v.set("rectify_overdue", late);
    overdue += late;
  }
  iso_times(violations, off);
  sec.figures.push_back(figure("violations_opened", trc("report", "Violations opened"), opened));
  sec.figures.push_back(figure("awaiting_signature", trc("report", "Penalties awaiting the manager's signature"), awaiting));
  sec.figures.push_back(figure("rectify_overdue", trc("report", "Rectification overdue"), overdue));
  sec.tables.push_back({"violations", std::string(tr("Violations open or opened in the period")),
                        {col("ref", trc("report", "Violation")), col("place", trc("report", "Unit or place"), Kind::text, 0, render::kHigh),
                         col("category", trc("report", "Category"), Kind::label, 0, render::kHigh),
                         col("severity", trc("report", "Severity"), Kind::label, 0, render::kMedium),
                         col("status", trc("report", "Status"), Kind::label, 0, render::kHigh),
                         col("awaiting_signature", trc("report", "Awaiting signature"), Kind::integer, 0, render::kLow),
                         col("rectify_by", trc("report", "Rectify by"), Kind::text, 0, render::kMedium),
                         col("rectify_overdue", trc("report", "Overdue"), Kind::text, 0, render::kHigh)},
                        violations});
  return sec;
}

struct Kpi {
  std::string key;
  std::string_view label;
  std::int64_t numerator = 0, denominator = 0;
  std::string_view source;
};

Section kpi_section(db::Database& db, const Policy& p, const Span& s) {
  Section sec{"kpi", std::string(tr("Quality targets (质量目标)")), {}, {}, {}, {}};
  const auto [repair_called, repairs_done] = repair_callbacks(db, s);
  const auto [complaint_called, complaints_resolved] = complaint_callbacks(db, p, s);
  const auto sat = satisfaction(db, p, s);
  const auto g = dunning::gaps(db, p, s.as_of);
  // 有关票据处理率 (8): paid-service slips with their charge entered when done, and formal letters
  // sent within fee.remind.late_after of falling due.
  auto rc = db.prepare(
      "SELECT (SELECT count(*) FROM ticket WHERE paid = 1 AND done_at >= :from AND done_at < :to) AS paid_done, "
      "(SELECT count(*) FROM ticket WHERE paid = 1 AND done_at >= :from AND done_at < :to AND charge_fen IS NOT NULL) "
      "AS paid_entered, (SELECT count(*) FROM reminder WHERE channel IN (SELECT value FROM json_each(:letters)) AND "
      "due_at >= :from AND due_at < :to AND due_at < :as_of) AS letters_due, (SELECT count(*) FROM reminder WHERE "
      "channel IN (SELECT value FROM json_each(:letters)) AND due_at >= :from AND due_at < :to AND sent_at IS NOT NULL "
      "AND sent_at <= due_at + :late) AS letters_on_time");
  bind_span(rc, s);
  std::vector<std::string> letter_channels;
  for (const auto& [name, ch] : p.channels)
    if (ch.kind == ChannelKind::letter) letter_channels.push_back(name);
  rc.bind(":letters", json_list(letter_channels)).bind(":late", fixed_seconds(p.fee.remind.late_after).value_or(86400));
  rc.step();
  const auto response = desk::response_rate(db, p, s.from, s.to, s.as_of);
  const auto courtesy = desk::courtesy_rate(db, p, s.from, s.to);
  const auto rate = fee::collection_rate(db, month_text(local_date(s.from, p.site.utc_offset).year,
                                                        local_date(s.from, p.site.utc_offset).month),
                                         s.as_of, p.site.utc_offset);
  const std::vector<Kpi> kpis = {
      {"repair_callback_rate", tr("Repair callback rate (维修回访率)"), repair_called, repairs_done,
       tr("repairs finished in the period with a callback logged ÷ repairs finished (svc visit)")},
      {"complaint_callback_rate", tr("Complaint callback rate (投诉回访率)"), complaint_called, complaints_resolved,
       tr("valid complaints resolved in the period called back within complaint.callback_within ÷ resolved")},
      {"satisfaction_rate", tr("Satisfaction rate (业户满意率)"), sat.satisfied, sat.rated,
       tr("ratings at or above visit.satisfied_at_or_above ÷ all ratings of callbacks, visits and surveys")},
      {"dunning_rate", tr("Dunning rate (催缴率)"), g.on_time(), g.accounts,
       tr("accounts in arrears reminded at their rung on time ÷ accounts in arrears (svc fee dunning-gaps)")},
      {"receipt_rate", tr("Document-processing rate (有关票据处理率)"), rc.integer(1) + rc.integer(3), rc.integer(0) + rc.integer(2),
       tr("paid repairs with their charge entered + formal letters sent on time ÷ both")},
      {"response_rate", tr("Response rate (事务响应率)"), response.numerator, response.denominator,
       tr("contacts handled at once or recorded and passed on, replies and messages on time ÷ contacts decided (svc desk)")},
      {"courtesy_rate", tr("Courtesy rate (礼貌待客率)"), courtesy.numerator, courtesy.denominator,
       tr("contacts − valid complaints about staff attitude ÷ contacts (svc desk)")},
      {"collection_rate", tr("Collection rate (收缴率)"), rate.total.get("collected_fen").is_int() ? rate.total.get("collected_fen").as_int() : 0,
       rate.total.get("billed_fen").is_int() ? rate.total.get("billed_fen").as_int() : 0,
       tr("collected ÷ billed on the period's bills, in fen (svc fee rate)")},
  };
  std::vector<Value> table;
  Chart chart{"kpi", std::string(tr("Actual against target")), Chart::Kind::bars, true, {}};
  for (const auto& k : kpis) {
    const auto target = p.targets.find(k.key);
    Value v = Value::object();
    v.set("key", k.key);
    v.set("kpi", std::string(k.label));
    v.set("target", target == p.targets.end() ? Value() : Value(Fixed{target->second / 100, 4}));
    v.set("actual", rate_of(k.numerator, k.denominator));
    v.set("numerator", Value(static_cast<long long>(k.numerator)));
    v.set("denominator", Value(static_cast<long long>(k.denominator)));
    const Value actual = rate_of(k.numerator, k.denominator);
    if (target == p.targets.end() || actual.is_null())
      v.set("met", Value());
    else
      v.set("met", actual.as_fixed().units * 100 >= target->second);
    v.set("source", std::string(k.source));
    if (!actual.is_null())
      chart.points.push_back({std::string(k.label), actual.as_fixed().units,
                              target == p.targets.end() ? std::nullopt : std::optional<std::int64_t>(target->second / 100)});
    table.push_back(std::move(v));
  }
  sec.tables.push_back({"targets", std::string(tr("Quality targets (质量目标)")),
                        {col("kpi", trc("report", "Target")), col("target", trc("report", "Goal"), Kind::rate),
                         col("actual", trc("report", "Actual"), Kind::rate),
                         col("numerator", trc("report", "Numerator"), Kind::integer, 0, render::kLow),
                         col("denominator", trc("report", "Denominator"), Kind::integer, 0, render::kLow),
                         col("met", trc("report", "Met")), col("source", trc("report", "Source"), Kind::text, 40, render::kMedium)},
                        table});
  sec.charts.push_back(std::move(chart));
  return sec;
}

Report frame(std::string kind, std::string title, const Policy& p, Date from, Date to, const Span& s, Timestamp now) {
  Report r;
  r.kind = std::move(kind);
  r.title = std::move(title);
  r.site = p.site.name;
  r.from = from;
  r.to = to;
  r.as_of = s.as_of;
  r.generated_at = now;
  return r;
}

void check_month(int y, int m) {
  if (m < 1 || m > 12 || y < 1970 || y > 9999) fail(Exit::usage, "--month '{}' is not a month (expected YYYY-MM)", month_text(y, m));
}

}  // namespace

Report daily(db::Database& db, const Policy& policy, Date day, Timestamp now) {
  db::ReadSnapshot snapshot(db);
  const Span s = span_of(policy, day, day, now);
  Report r;
  r.kind = "daily";
  r.title = fmt::format(fmt::runtime(tr("Daily report {}")), format_date(day));
  r.site = policy.site.name;
  r.from = r.to = day;
  r.as_of = s.as_of;
  r.generated_at = now;
  r.sections = {tickets(db, policy, s), complaints(db, policy, s), fees(db, policy, s), reminders(db, policy, s),
                visits(db, policy, s), patrols_section(db, policy, s, day, day, false), desk_section(db, policy, s),
                work(db, policy, s), exceptions(db, policy, s)};
  return r;
}

Value to_value(const Report& r, int utc_offset) {
  Value v = Value::object();
  v.set("report", r.kind);
  v.set("title", r.title);
  v.set("site", r.site);
  v.set("from", format_date(r.from));
  v.set("to", format_date(r.to));
  v.set("as_of", format_iso(r.as_of, utc_offset));
  v.set("generated_at", format_iso(r.generated_at, utc_offset));
  v.set("schema", kSchema);
  for (const auto& s : r.sections) {
    Value sec = Value::object();
    for (const auto& f : s.figures) sec.set(f.key, f.value);
    for (const auto& t : s.tables) {
      // A figure and a table of one section never share a key (the table would hide the figure).
      if (sec.has(t.key)) throw std::logic_error("report section " + s.key + " has two entries named " + t.key);
      sec.set(t.key, Value(t.rows));
    }
    if (!s.notes.empty()) {
      Value notes = Value::array();
      for (const auto& n : s.notes) notes.push(n);
      sec.set("notes", notes);
    }
    v.set(s.key, sec);
  }
  return v;
}

}  // namespace svc::report

namespace svc::report {

Report weekly(db::Database& db, const Policy& p, Date monday, Timestamp now) {
  db::ReadSnapshot snapshot(db);
  const Date sunday = civil_from_days(days_from_civil(monday) + 6);
  const Span s = span_of(p, monday, sunday, now);
  Report r = frame("weekly", fmt::format(fmt::runtime(tr("Weekly report {}")), format_iso_week(monday)), p, monday, sunday, s, now);
  // The complaint and suggestion analysis (2.8, 《客户访谈记录表》): every one received in the week.
  Section analysis{"complaints", std::string(tr("Complaints and suggestions of the week (客户访谈记录表)")), {}, {}, {}, {}};
  auto bc = db.prepare(
      "SELECT kind, coalesce(category, '-') AS category, severity, validity, count(*) AS received, "
      "sum(coalesce(resolved_at, closed_at, :as_of) < :as_of) AS resolved FROM complaint WHERE received_at >= :from AND "
      "received_at < :to GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
  bind_span(bc, s);
  auto by_class = rows(bc);
  analysis.figures.push_back(figure("received", trc("report", "Received"), sum(by_class, "received")));
  // Suggestions (合理化建议, 7.2) come in at the desk as well: counted beside the complaint module's.
  std::int64_t suggestions = 0;
  for (const auto& [kind, n] : desk::tally(db, s.from, s.to))
    if (kind == "suggestion") suggestions = n;
  analysis.figures.push_back(figure("desk_suggestions", trc("report", "Suggestions at the desk"), suggestions));
  const auto [called, resolved] = complaint_callbacks(db, p, s);
  analysis.figures.push_back(rate_figure("callback_rate", tr("Complaint callback rate (投诉回访率)"), called, resolved));
  analysis.tables.push_back({"by_class", std::string(tr("By kind, category, class and validity")),
                             {col("kind", trc("report", "Kind"), Kind::label), col("category", trc("report", "Category"), Kind::label),
                              col("severity", trc("report", "Severity"), Kind::label), col("validity", trc("report", "Validity"), Kind::label),
                              col("received", trc("report", "Received"), Kind::integer), col("resolved", trc("report", "Resolved"), Kind::integer)},
                             by_class});
  auto ls = db.prepare(
      "SELECT 'C' || c.id AS ref, c.received_at, u.code AS unit, c.kind, c.severity, c.subject, " + std::string(kComplaintStatusAt) +
      " AS status, CASE WHEN c.resolved_at < :as_of THEN c.resolution END AS resolution, "
      "(SELECT v.rating FROM visit v WHERE v.kind = 'callback' AND v.subject = 'C' || c.id AND v.done_at < :as_of "
      "ORDER BY v.done_at DESC, v.id DESC LIMIT 1) AS rating FROM complaint c JOIN unit u ON u.id = c.unit_id "
      "WHERE c.received_at >= :from AND c.received_at < :to ORDER BY c.received_at");
  bind_span(ls, s);
  auto items = rows(ls);
  iso_times(items, p.site.utc_offset);
  analysis.tables.push_back({"items", std::string(tr("Every complaint and suggestion")),
                             {col("ref", trc("report", "Complaint")), col("received_at", trc("report", "Received"), Kind::datetime, 0, render::kLow),
                              col("unit", trc("report", "Unit"), Kind::text, 0, render::kHigh),
                              col("kind", trc("report", "Kind"), Kind::label, 0, render::kMedium),
                              col("severity", trc("report", "Severity"), Kind::label, 0, render::kMedium),
                              col("subject", trc("report", "Subject"), Kind::text, 24, render::kHigh),
                              col("status", trc("report", "Status"), Kind::label, 0, render::kHigh),
                              col("resolution", trc("report", "Outcome"), Kind::text, 24, render::kMedium),
                              col("rating", trc("report", "Rating"), Kind::integer, 0, render::kMedium)},
                             items});
  r.sections.push_back(std::move(analysis));
  // The week's repairs and fees in brief.
  Section brief{"brief", std::string(tr("Repairs and fees in brief")), {}, {}, {}, {}};
  const auto counts = repair_counts(db, s);
  brief.figures.push_back(figure("repairs_received", trc("report", "Repairs received"), sum(counts, "received")));
  brief.figures.push_back(figure("repairs_done", trc("report", "Repairs done"), sum(counts, "done")));
  auto pay = db.prepare(
      "SELECT count(*), coalesce(sum(amount_fen), 0) FROM payment WHERE paid_at >= :from AND paid_at < :to AND "
      "(voided_at IS NULL OR voided_at >= :as_of)");
  bind_span(pay, s);
  pay.step();
  brief.figures.push_back(figure("payments", trc("report", "Payments"), pay.integer(0)));
  brief.figures.push_back(figure("collected_fen", trc("report", "Collected"), pay.integer(1), Kind::money));
  r.sections.push_back(std::move(brief));
  return r;
}

Report monthly(db::Database& db, const Policy& p, int y, int m, Timestamp now) {
  check_month(y, m);
  db::ReadSnapshot snapshot(db);
  const Date first{y, m, 1}, last = last_of_month(y, m);
  const Span s = span_of(p, first, last, now);
  Report r = frame("monthly", fmt::format(fmt::runtime(tr("Monthly report {}")), month_text(y, m)), p, first, last, s, now);
  r.sections = {repairs_month(db, p, s, first, last), complaints_month(db, p, s, y, m), fees_month(db, p, s, y, m),
                visits_month(db, p, s), patrols_section(db, p, s, first, last, true), desk_section(db, p, s),
                kpi_section(db, p, s)};
  // The manager's analysis (原因分析、经验教训、整改措施, 2.8) under the section it is about.
  const auto notes = notes_of(db, y, m);
  const std::map<std::string, std::string> section_of = {{"repairs", "tickets"}, {"complaints", "complaints"},
                                                         {"fees", "fees"},       {"visits", "visits"},
                                                         {"patrols", "patrols"}, {"general", "kpi"}};
  for (const auto& [note_section, text] : notes) {
    auto target = section_of.count(note_section) ? section_of.at(note_section) : std::string("kpi");
    for (auto& sec : r.sections)
      if (sec.key == target) sec.notes.push_back(text);
  }
  return r;
}

Report patrols(db::Database& db, const Policy& p, int y, int m, Timestamp now) {
  check_month(y, m);
  db::ReadSnapshot snapshot(db);
  const Date first{y, m, 1}, last = last_of_month(y, m);
  const Span s = span_of(p, first, last, now);
  Report r = frame("patrols", fmt::format(fmt::runtime(tr("Patrols {}")), month_text(y, m)), p, first, last, s, now);
  r.sections = {patrols_section(db, p, s, first, last, true)};
  return r;
}

Report kpi(db::Database& db, const Policy& p, int y, int m, Timestamp now) {
  check_month(y, m);
  db::ReadSnapshot snapshot(db);
  const Date first{y, m, 1}, last = last_of_month(y, m);
  const Span s = span_of(p, first, last, now);
  Report r = frame("kpi", fmt::format(fmt::runtime(tr("Quality targets {}")), month_text(y, m)), p, first, last, s, now);
  r.sections = {kpi_section(db, p, s)};
  return r;
}

Report complaints_form(db::Database& db, const Policy& p, int y, int m, bool with_kinds, bool reveal, Timestamp now) {
  check_month(y, m);
  db::ReadSnapshot snapshot(db);
  const Date first{y, m, 1}, last = last_of_month(y, m);
  const Span s = span_of(p, first, last, now);
  Report r = frame("complaints",
                   fmt::format(fmt::runtime(tr(with_kinds ? "Complaints, suggestions and inquiries of {} (投诉(建议、咨询)月汇总表)"
                                                          : "Complaints of {} (投诉月度汇总表)")),
                               month_text(y, m)),
                   p, first, last, s, now);
  auto st = db.prepare(
      "SELECT c.id, c.kind, c.received_at, coalesce(c.complainant, u.owner_name) AS complainant, c.phone, c.subject, "
      "c.details, c.received_by, c.dept, c.resolution, c.status, c.close_note, "
      "(SELECT group_concat(coalesce(v.note, v.rating), '; ') FROM visit v WHERE v.kind = 'callback' AND v.subject = "
      "'C' || c.id AND v.done_at < :as_of) AS callback FROM complaint c JOIN unit u ON u.id = c.unit_id WHERE "
      "c.received_at >= :from AND c.received_at < :to AND (:all OR c.kind = 'complaint') ORDER BY c.received_at, c.id");
  bind_span(st, s);
  st.bind(":all", with_kinds ? 1 : 0);
  std::vector<Value> list;
  std::int64_t n = 0;
  while (st.step()) {
    Value v = Value::object();
    v.set("no", Value(static_cast<long long>(++n)));
    v.set("date", format_date(local_date(st.integer(st.column("received_at")), p.site.utc_offset)));
    if (with_kinds) v.set("kind", st.text(st.column("kind")));
    v.set("complainant", st.opt_text(st.column("complainant")));
    const auto phone = st.opt_text(st.column("phone"));
    v.set("phone", phone ? Value(record::masked(*phone, reveal)) : Value());
    std::string content = st.text(st.column("subject"));
    if (auto details = st.opt_text(st.column("details"))) content += "：" + *details;
    v.set("content", content);
    v.set("received_by", st.text(st.column("received_by")));
    v.set("dept", st.opt_text(st.column("dept")));
    v.set("result", st.opt_text(st.column("resolution")));
    v.set("callback", st.opt_text(st.column("callback")));
    v.set("remarks", st.opt_text(st.column("close_note")));
    list.push_back(std::move(v));
  }
  std::vector<Column> cols = {col("no", trc("form", "No."), Kind::integer), col("date", trc("form", "Date")),
                              col("complainant", trc("form", "Complainant")), col("phone", trc("form", "Phone")),
                              col("content", trc("form", "Content"), Kind::text, 30), col("received_by", trc("form", "Received by")),
                              col("dept", trc("form", "Department")), col("result", trc("form", "Result"), Kind::text, 24),
                              col("callback", trc("form", "Callback opinion"), Kind::text, 20), col("remarks", trc("form", "Remarks"))};
  if (with_kinds) cols.insert(cols.begin() + 2, col("kind", trc("form", "Kind"), Kind::label));
  Section sec{"complaints", r.title, {}, {}, {}, {}};
  sec.tables.push_back({"rows", r.title, cols, list});
  r.sections.push_back(std::move(sec));
  return r;
}

Report repairs_form(db::Database& db, const Policy& p, int y, int m, bool reveal, Timestamp now) {
  check_month(y, m);
  db::ReadSnapshot snapshot(db);
  const Date first{y, m, 1}, last = last_of_month(y, m);
  const Span s = span_of(p, first, last, now);
  Report r = frame("repairs", fmt::format(fmt::runtime(tr("Repairs of {} (维修汇总表)")), month_text(y, m)), p, first, last, s, now);
  auto st = db.prepare(
      "SELECT t.id, t.created_at, coalesce(u.code, t.location) AS place, coalesce(t.reporter, u.owner_name) AS reporter, "
      "t.phone, t.category, t.description, t.dispatched_at, t.assignee, t.done_at, t.charge_fen, t.status, "
      "(SELECT v.rating FROM visit v WHERE v.kind = 'callback' AND v.subject = 'T' || t.id AND v.done_at < :as_of "
      "ORDER BY v.done_at DESC, v.id DESC LIMIT 1) AS rating FROM ticket t LEFT JOIN unit u ON u.id = t.unit_id "
      "WHERE t.created_at >= :from AND t.created_at < :to ORDER BY t.created_at, t.id");
  bind_span(st, s);
  std::vector<Value> list;
  std::int64_t n = 0;
  while (st.step()) {
    Value v = audit::row_value(st);
    v.set("no", Value(static_cast<long long>(++n)));
    v.set("ref", fmt::format("T{}", st.integer(0)));
    const auto phone = st.opt_text(st.column("phone"));
    v.set("phone", phone ? Value(record::masked(*phone, reveal)) : Value());
    list.push_back(std::move(v));
  }
  iso_times(list, p.site.utc_offset);
  Section sec{"tickets", r.title, {}, {}, {}, {}};
  sec.tables.push_back({"rows", r.title,
                        {col("no", trc("form", "No."), Kind::integer), col("ref", trc("report", "Ticket")),
                         col("created_at", trc("form", "Date"), Kind::datetime), col("place", trc("form", "Unit or place")),
                         col("reporter", trc("form", "Reporter")), col("phone", trc("form", "Phone")),
                         col("category", trc("report", "Category"), Kind::label), col("description", trc("form", "Content"), Kind::text, 24),
                         col("dispatched_at", trc("report", "Dispatched"), Kind::datetime), col("assignee", trc("report", "Technician")),
                         col("done_at", trc("report", "Done"), Kind::datetime), col("charge_fen", trc("form", "Charge"), Kind::money),
                         col("rating", trc("report", "Rating"), Kind::integer), col("status", trc("report", "Status"), Kind::label)},
                        list});
  r.sections.push_back(std::move(sec));
  return r;
}

Report fees_form(db::Database& db, const Policy& p, int y, int m, Timestamp now) {
  check_month(y, m);
  db::ReadSnapshot snapshot(db);
  const Date first{y, m, 1}, last = last_of_month(y, m);
  const Span s = span_of(p, first, last, now);
  Report r = frame("fees", fmt::format(fmt::runtime(tr("Fees of {} (收费月报)")), month_text(y, m)), p, first, last, s, now);
  r.sections.push_back(fees_month(db, p, s, y, m));
  auto pay = db.prepare(
      "SELECT paid_on AS day, method, count(*) AS payments, sum(amount_fen) AS amount_fen FROM payment WHERE paid_at >= "
      ":from AND paid_at < :to AND (voided_at IS NULL OR voided_at >= :as_of) GROUP BY paid_on, method ORDER BY paid_on, method");
  bind_span(pay, s);
  r.sections.front().tables.push_back({"ledger", std::string(tr("The month's ledger by day and method (收费台帐)")),
                                       {col("day", trc("form", "Date"), Kind::date), col("method", trc("report", "Method"), Kind::label),
                                        col("payments", trc("report", "Payments"), Kind::integer),
                                        col("amount_fen", trc("report", "Amount"), Kind::money)},
                                       rows(pay)});
  return r;
}

void set_note(Op& op, int y, int m, const std::string& section, const std::string& text) {
  op.require("report_note", tr("report note"));
  check_month(y, m);
  if (std::find(kNoteSections.begin(), kNoteSections.end(), section) == kNoteSections.end())
    fail(Exit::usage, "--section '{}' is not a section of the monthly report (allowed: {})", section, join(kNoteSections));
  text::check("--file", text, text::Lines::many);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail(Exit::usage, "--file holds no text for the note");
  auto& st = op.db.cached("SELECT id FROM report_note WHERE month = :month AND section = :section");
  st.bind(":month", month_text(y, m)).bind(":section", section);
  std::optional<std::int64_t> id;
  if (st.step()) id = st.integer(0);
  st.reset();
  if (id) {
    op.entry.before(op.db, "report_note", *id);
    auto& up = op.db.cached("UPDATE report_note SET text = :text, by_login = :by, updated_at = :now WHERE id = :id");
    up.bind(":text", text).bind(":by", op.login()).bind(":now", op.now).bind(":id", *id).run();
    op.entry.after(op.db, "report_note", *id);
    return;
  }
  auto& ins = op.db.cached(
      "INSERT INTO report_note (month, section, text, by_login, created_at, updated_at) VALUES (:month, :section, :text, "
      ":by, :now, :now)");
  ins.bind(":month", month_text(y, m)).bind(":section", section).bind(":text", text).bind(":by", op.login()).bind(":now", op.now).run();
  op.entry.after(op.db, "report_note", op.db.last_insert_id());
}

}  // namespace svc::report
