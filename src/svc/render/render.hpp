// The one renderer: lists and records (Value) → table, csv, json or md bytes. Every command's
// output goes through here, so alignment, escaping and formats are the same everywhere.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "svc/value.hpp"

namespace svc::render {

enum class Format { table, json, csv, md, html };

// The JSON output schema (svc(1) JSON SCHEMA), printed as "schema" by every summary: bumped
// whenever a JSON shape changes. 2: summaries are {"schema", "rows", "total"} objects, rates numbers.
inline constexpr int kJsonSchema = 2;
// "table" "json" "csv" "md" "html" → Format; throws nothing, returns false on unknown.
bool parse_format(std::string_view text, Format& out);

// How a column's cell text is made from the record's value at `key`.
enum class Kind {
  text,      // strings as-is, ints as digits, bools as 是/否 (yes/no), null as "-" in tables
  integer,   // right-aligned
  money,     // integer fen → "1234.50", right-aligned
  datetime,  // ISO-8601 string "2026-11-22T09:15:00+08:00" → "2026-11-22 09:15" in tables
  date,
  label,     // an English code (a status, a role) shown translated to people: tr(value) in
             // table/md/html; csv and json keep the code, so scripts see a stable value
  rate,      // a ratio (Fixed, four places): "33.33%" in table/md/html, 0.3333 in csv and json
  staff,     // a staff login (technician, handler, "by"): the person's name in table/md/html
             // (Options::staff_names; the login when unknown); csv and json keep the login
};

// How much a column matters when a table is too wide for the terminal (Column::priority): a
// column marked `keep` is always shown; the others may be dropped, `low` before `medium` before
// `high`, the rightmost first among equals. The first column (the record's key) is always kept.
inline constexpr int kKeep = 0;
inline constexpr int kHigh = 1;
inline constexpr int kMedium = 2;
inline constexpr int kLow = 3;

struct Column {
  std::string key;         // key in the record (for JSON all keys are printed, not only these)
  std::string header;      // already translated by the caller; csv uses `key` as its header so
                           // that scripts see the same columns in every language
  Kind kind = Kind::text;
  int max_width = 0;       // table only: truncate to this display width with "..."; 0 = no limit
  int priority = kKeep;    // table only, fitting a terminal: which columns go first (kLow …)
};

// A column as the list and report tables declare them: col("unit", tr("Unit"), Kind::text, 14, kLow).
inline Column col(std::string key, std::string_view header, Kind kind = Kind::text, int max_width = 0,
                  int priority = kKeep) {
  return {std::move(key), std::string(header), kind, max_width, priority};
}

struct Options {
  bool bom = false;          // csv: UTF-8 BOM for Excel on Chinese Windows
  bool color = false;        // table: bold header when writing to a colour terminal
  // table: 0 = unknown (a pipe, a file: every column at full width); else the table is fitted to
  // it: the widest text columns are shortened (to 12 columns or their header at least), then
  // the least important columns dropped (Column::priority), until every line fits. A record's
  // long values are wrapped under their label.
  int terminal_width = 0;
  // table/md/html: login → name for Kind::staff cells, read once per command (nullptr: logins).
  const std::map<std::string, std::string>* staff_names = nullptr;
};

// Display width of UTF-8 text in terminal columns (CJK wide = 2, combining = 0), by utf8proc.
int display_width(std::string_view utf8);
// Cut to at most `width` columns, ending with "..." when cut (three columns on every terminal,
// where "…" is one column or two depending on the terminal's ambiguous-width setting, as on
// Chinese ones); never splits a character.
std::string truncate_to_width(std::string_view utf8, int width);
// Lines of at most `width` columns (at least one line): broken after the last space of a line
// when there is one in its second half (English), otherwise between characters (Chinese).
std::vector<std::string> wrap_to_width(std::string_view utf8, int width);
// Pad on the right (or left when right_align) to `width` display columns.
std::string pad_to_width(std::string_view utf8, int width, bool right_align = false);

// Text for HTML element content or attribute values: & < > " ' escaped.
std::string html_escape(std::string_view s);

// Cell text for a value under a column kind (shared by table, csv, md). A staff login is the
// login here; the name is the renderer's, from Options::staff_names.
std::string cell_text(const Value& v, Kind kind, bool for_table);

// One CSV field, RFC 4180 quoting; cells starting with = + - @ (or tab/CR) are guarded with a
// leading apostrophe so spreadsheets do not run them as formulas — except plain numbers such as
// "-12.50", which stay numbers.
std::string csv_field(std::string_view text);

// A list of records. table: aligned columns with a header rule (empty list prints nothing for
// table/csv/md except the csv/md header; json prints "[]"). json: the whole records as an array.
void write_list(std::ostream& out, Format format, const std::vector<Column>& columns,
                const std::vector<Value>& rows, const Options& options = {});

// A single record. table/md: one "header: value" line per column (headers aligned); csv: a
// header line and one row; json: the whole object.
void write_record(std::ostream& out, Format format, const std::vector<Column>& columns,
                  const Value& record, const Options& options = {});

}  // namespace svc::render
