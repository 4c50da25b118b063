// The reports' figures: one set-based query per table (domain-rules 11.1: the 日报 and its 故障超时
// 记录; 3.8: the 收费台帐), computed as of the end of the period so a past day stays as it was.
#include "svc/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "svc/audit.hpp"
#include "svc/calendar.hpp"
#include "svc/deadline.hpp"
#include "svc/dunning.hpp"
#include "svc/i18n.hpp"
#include "svc/record.hpp"

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

Column col(std::string key, std::string_view header, Kind kind = Kind::text, int width = 0) {
  return {std::move(key), std::string(header), kind, width};
}

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
  for (auto& r : list) r.set("late", deadline::format_span(s.as_of - r.get("due_at").as_int()));
  iso_times(list, p.site.utc_offset);
  return list;
}

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
      "SELECT d.subject AS ref, d.name AS deadline, d.due_at, d.met_at, t.category, t.assignee FROM deadline d "
      "JOIN ticket t ON t.id = CAST(substr(d.subject, 2) AS INTEGER) WHERE d.subject GLOB 'T[0-9]*' "
      "AND d.due_at >= :from AND d.due_at < :to AND d.due_at < :as_of AND (d.met_at IS NULL OR d.met_at > d.due_at) "
      "ORDER BY d.due_at, d.subject");
  bind_span(missed, s);
  auto missed_rows = rows(missed);
  iso_times(missed_rows, p.site.utc_offset);
  sec.figures.push_back(figure("deadlines_missed", trc("report", "Deadlines missed"), static_cast<std::int64_t>(missed_rows.size())));
  sec.tables.push_back({"deadlines_missed", std::string(tr("Deadlines missed this day (故障超时记录)")),
                        {col("ref", trc("report", "Ticket")), col("deadline", trc("report", "Deadline"), Kind::label),
                         col("due_at", trc("report", "Due"), Kind::datetime), col("met_at", trc("report", "Met at"), Kind::datetime),
                         col("category", trc("report", "Category"), Kind::label), col("assignee", trc("report", "Technician"))},
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
  sec.tables.push_back({"waiting_leak_test", std::string(tr("Leak repairs waiting for their leak test")),
                        {col("ref", trc("report", "Ticket")), col("unit", trc("report", "Unit")), col("assignee", trc("report", "Technician")),
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
  sec.tables.push_back({"received", std::string(tr("Received by class")),
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
  sec.figures.push_back(figure("bills_issued", trc("report", "Bills issued"), sum(bills, "bills")));
  sec.tables.push_back({"by_method", std::string(tr("Payments by method")),
                        {col("method", trc("report", "Method"), Kind::label), col("payments", trc("report", "Payments"), Kind::integer),
                         col("amount_fen", trc("report", "Amount"), Kind::money)},
                        by_method});
  sec.tables.push_back({"receipts", std::string(tr("Receipts issued and voided")),
                        {col("receipt", trc("report", "Receipt")), col("unit", trc("report", "Unit")), col("method", trc("report", "Method"), Kind::label),
                         col("amount_fen", trc("report", "Amount"), Kind::money), col("received_by", trc("report", "Received by")),
                         col("voided_at", trc("report", "Voided"), Kind::datetime)},
                        receipts});
  sec.tables.push_back({"bills", std::string(trc("report", "Bills issued")),
                        {col("item", trc("report", "Item"), Kind::label), col("bills", trc("report", "Bills"), Kind::integer),
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
  std::stable_sort(list.begin(), list.end(), [](const Value& a, const Value& b) {
    return a.get("since").is_string() && b.get("since").is_string() && a.get("since").as_string() < b.get("since").as_string();
  });
  sec.figures.push_back(figure("count", trc("report", "Exceptions"), static_cast<std::int64_t>(list.size())));
  sec.tables.push_back({"items", std::string(trc("report", "Exceptions")),
                        {col("what", trc("report", "What"), Kind::label), col("ref", trc("report", "Record")), col("detail", trc("report", "Detail"), Kind::text, 40),
                         col("since", trc("report", "Since"), Kind::datetime), col("who", trc("report", "Who"))},
                        list});
  return sec;
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
                visits(db, policy, s), work(db, policy, s), exceptions(db, policy, s)};
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
    for (const auto& t : s.tables) sec.set(t.key, Value(t.rows));
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
