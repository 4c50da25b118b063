// Reports (日报/周报/月报, the KPI page and the forms, domain-rules 8 and 11): one model — sections
// of figures, tables and charts — filled by set-based SQL (a query per section, never per row) and
// rendered by render/report in every format. A report of a past period is computed as of the end
// of that period, so later activity never changes a closed day's figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/render/render.hpp"
#include "svc/value.hpp"

namespace svc::report {

// The JSON shape of every report (svc(1) JSON SCHEMA, svc-report(1)); bumped when it changes.
inline constexpr int kSchema = 1;

// One figure of a section: a count, an amount (fen) or a rate (Fixed ten-thousandths).
struct Figure {
  std::string key;    // JSON key, e.g. "received"
  std::string label;  // translated
  Value value;
  render::Kind kind = render::Kind::integer;
};

struct Table {
  std::string key;    // JSON key within the section, e.g. "by_category"
  std::string title;  // translated
  std::vector<render::Column> columns;
  std::vector<Value> rows;
};

// A chart the HTML page draws as inline SVG: labelled values, optionally each with a target.
struct Chart {
  enum class Kind { bars, columns };  // horizontal bars by label; vertical columns over time
  std::string key, title;
  Kind kind = Kind::bars;
  bool rate = false;  // values are ten-thousandths (a rate), drawn as a percentage
  struct Point {
    std::string label;
    std::int64_t value = 0;
    std::optional<std::int64_t> target;
  };
  std::vector<Point> points;
};

struct Section {
  std::string key;    // "tickets", "complaints", "fees", …: the JSON key of the section
  std::string title;  // translated
  std::vector<Figure> figures;
  std::vector<Table> tables;
  std::vector<Chart> charts;
  std::vector<std::string> notes;  // the manager's written analysis, in order
};

struct Report {
  std::string kind;   // daily, weekly, monthly, kpi, complaints, repairs, fees, patrols
  std::string title;  // translated, with the period
  std::string site;
  Date from, to;      // inclusive local dates
  Timestamp as_of = 0;          // figures are as of this instant (the period's end, or now)
  Timestamp generated_at = 0;
  std::vector<Section> sections;
};

// The day's report: tickets, complaints, fees and the ledger, reminders, visits, the open work
// of each person, and the exceptions — everything overdue or needing a person.
Report daily(db::Database& db, const Policy& policy, Date day, Timestamp now);

// The Sunday analysis of complaints and suggestions (2.8, 《客户访谈记录表》) for the week starting
// `monday`, with the week's repairs and fees in brief.
Report weekly(db::Database& db, const Policy& policy, Date monday, Timestamp now);
// The month (2.8, 11.3): repairs, complaints with their trend and one-month upgrades, fees, visits,
// the KPI page and the manager's written analysis.
Report monthly(db::Database& db, const Policy& policy, int year, int month, Timestamp now);
// Every quality target of the policy (domain-rules 8) for the month: target, actual, numerator,
// denominator, met, and where the figure comes from.
Report kpi(db::Database& db, const Policy& policy, int year, int month, Timestamp now);
// The forms with exactly their columns: 投诉月度汇总表 (10.1 item 9; `with_kinds`: the 投诉(建议、
// 咨询)月汇总表), the repairs of the month, the fees of the month.
Report complaints_form(db::Database& db, const Policy& policy, int year, int month, bool with_kinds, bool reveal,
                       Timestamp now);
Report repairs_form(db::Database& db, const Policy& policy, int year, int month, bool reveal, Timestamp now);
Report fees_form(db::Database& db, const Policy& policy, int year, int month, Timestamp now);

// The month's patrols (5, 6): plan adherence per route and per person, the findings still open
// (urgent first) and the violations with penalties awaiting signature and rectification overdue.
Report patrols(db::Database& db, const Policy& policy, int year, int month, Timestamp now);
// The manager's written analysis of a month (原因分析、经验教训、整改措施, 2.8), by section
// (repairs, complaints, fees, visits, patrols, general): stored, audited, printed in the monthly
// report. Needs the report_note role.
inline const std::vector<std::string> kNoteSections = {"general", "repairs", "complaints", "fees", "visits", "patrols"};
void set_note(Op& op, int year, int month, const std::string& section, const std::string& text);

// The report as JSON: {report, title, site, from, to, as_of, generated_at, schema, <section>: {…}}.
Value to_value(const Report& r, int utc_offset);

}  // namespace svc::report
