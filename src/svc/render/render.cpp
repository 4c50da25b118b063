// The renderer: records (Value) → aligned table, CSV, JSON, Markdown or HTML bytes.
#include "svc/render/render.hpp"

#include "svc/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "svc/i18n.hpp"
#include "svc/money.hpp"

namespace svc::render {
namespace {

constexpr std::string_view kRule = "\u2500";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";
// A text column shortened to fit the terminal keeps at least this many columns (or its header).
constexpr int kMinShrunkWidth = 12;

bool is_numeric(Kind kind) { return kind == Kind::integer || kind == Kind::money || kind == Kind::rate; }

// Tables and Markdown are one line per row: control characters (newlines in a description)
// would break the layout, so they become spaces there.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return out;
}

void rstrip_spaces(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

// What a cell shows to people (table, md, html): the kind's text, and a staff member's name.
std::string shown(const Value& v, const Column& col, const Options& options) {
  if (col.kind == Kind::staff && options.staff_names && v.is_string()) {
    const auto it = options.staff_names->find(v.as_string());
    if (it != options.staff_names->end() && !it->second.empty()) return cell_text(Value(it->second), Kind::text, true);
  }
  return cell_text(v, col.kind, true);
}

std::string table_cell(const Value& v, const Column& col, const Options& options) {
  std::string text = one_line(shown(v, col, options));
  if (col.max_width > 0) text = truncate_to_width(text, col.max_width);
  return text;
}

// The width of a table's line: its shown columns two spaces apart.
int line_width(const std::vector<int>& widths, const std::vector<bool>& shown_columns) {
  int sum = 0;
  int count = 0;
  for (std::size_t c = 0; c < widths.size(); ++c) {
    if (!shown_columns[c]) continue;
    sum += widths[c];
    ++count;
  }
  return sum + 2 * std::max(count - 1, 0);
}

// Widths for the table: the widest cell or header; then, on a terminal, the widest text columns
// shortened one column at a time (down to kMinShrunkWidth or their header, numbers and codes
// never), and while that is not enough the least important column dropped (Column::priority)
// and the rest laid out again, so shortened text gets back the room a dropped column leaves.
// A table that still does not fit is left to the terminal to wrap.
struct Layout {
  std::vector<int> widths;
  std::vector<bool> shown;
};

Layout layout(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& cells,
              int terminal_width) {
  Layout out;
  std::vector<int> natural;
  std::vector<int> minimum;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const int header_width = display_width(columns[c].header);
    int w = header_width;
    for (const auto& row : cells) w = std::max(w, display_width(row[c]));
    natural.push_back(w);
    minimum.push_back(std::max(kMinShrunkWidth, header_width));
  }
  out.widths = natural;
  out.shown.assign(columns.size(), true);
  if (terminal_width <= 0 || columns.empty()) return out;
  while (true) {
    out.widths = natural;
    while (line_width(out.widths, out.shown) > terminal_width) {
      std::size_t widest = columns.size();
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (!out.shown[c] || columns[c].kind != Kind::text || out.widths[c] <= minimum[c]) continue;
        if (widest == columns.size() || out.widths[c] > out.widths[widest]) widest = c;
      }
      if (widest == columns.size()) break;  // nothing left to shorten
      --out.widths[widest];
    }
    if (line_width(out.widths, out.shown) <= terminal_width) return out;
    // The least important column still shown (the rightmost among equals); never the first.
    std::size_t drop = columns.size();
    for (std::size_t c = 1; c < columns.size(); ++c) {
      if (!out.shown[c] || columns[c].priority == kKeep) continue;
      if (drop == columns.size() || columns[c].priority >= columns[drop].priority) drop = c;
    }
    if (drop == columns.size()) return out;  // nothing may go: let the terminal wrap
    out.shown[drop] = false;
  }
}

// One table line: cells padded to their widths, two spaces apart, no trailing spaces.
std::string table_line(const std::vector<std::string>& cells, const std::vector<int>& widths,
                       const std::vector<Column>& columns, bool bold) {
  std::string line;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (c > 0) line += "  ";
    const bool right = is_numeric(columns[c].kind);
    const int pad = widths[c] - display_width(cells[c]);
    const std::string spaces(static_cast<std::size_t>(std::max(pad, 0)), ' ');
    if (right) line += spaces;
    if (bold) {
      line += kBold;
      line += cells[c];
      line += kReset;
    } else {
      line += cells[c];
    }
    if (!right) line += spaces;
  }
  rstrip_spaces(line);
  return line;
}

std::string rule_line(const std::vector<int>& widths) {
  std::string line;
  for (std::size_t c = 0; c < widths.size(); ++c) {
    if (c > 0) line += "  ";
    for (int i = 0; i < widths[c]; ++i) line += kRule;
  }
  return line;
}

void write_table(std::ostream& out, const std::vector<Column>& all_columns, const std::vector<Value>& rows,
                 const Options& options) {
  if (rows.empty() || all_columns.empty()) return;
  std::vector<std::vector<std::string>> all_cells;
  all_cells.reserve(rows.size());
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (const auto& col : all_columns) line.push_back(table_cell(row.get(col.key), col, options));
    all_cells.push_back(std::move(line));
  }
  const Layout fit = layout(all_columns, all_cells, options.terminal_width);
  std::vector<Column> columns;
  std::vector<int> widths;
  for (std::size_t c = 0; c < all_columns.size(); ++c) {
    if (!fit.shown[c]) continue;
    columns.push_back(all_columns[c]);
    widths.push_back(fit.widths[c]);
  }
  std::vector<std::string> headers;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    headers.push_back(truncate_to_width(one_line(columns[c].header), widths[c]));
  }
  out << table_line(headers, widths, columns, options.color) << '\n';
  out << rule_line(widths) << '\n';
  for (const auto& all : all_cells) {
    std::vector<std::string> row;
    for (std::size_t c = 0; c < all_columns.size(); ++c)
      if (fit.shown[c]) row.push_back(truncate_to_width(all[c], fit.widths[c]));
    out << table_line(row, widths, columns, false) << '\n';
  }
}

// "label: value" lines, labels aligned. On a terminal a value too long for the line is wrapped,
// its continuation lines indented under the first.
void write_record_table(std::ostream& out, const std::vector<Column>& columns, const Value& record,
                        const Options& options) {
  int label_width = 0;
  for (const auto& col : columns)
    label_width = std::max(label_width, display_width(col.header) + 1);
  const int room = options.terminal_width - label_width - 1;
  const std::string indent(static_cast<std::size_t>(label_width + 1), ' ');
  for (const auto& col : columns) {
    const std::string value = table_cell(record.get(col.key), col, options);
    const std::string label = one_line(col.header) + ":";
    std::string line;
    if (options.color) {
      line += kBold;
      line += label;
      line += kReset;
      line += std::string(static_cast<std::size_t>(label_width - display_width(label)), ' ');
    } else {
      line += pad_to_width(label, label_width);
    }
    line += ' ';
    const bool wrap = options.terminal_width > 0 && room >= kMinShrunkWidth;
    const auto parts = wrap ? wrap_to_width(value, room) : std::vector<std::string>{value};
    line += parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) line += "\n" + indent + parts[i];
    rstrip_spaces(line);
    out << line << '\n';
  }
}

// ---- CSV ----

void write_csv_line(std::ostream& out, const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csv_field(fields[i]);
  }
  out << line << "\r\n";
}

void write_csv_header(std::ostream& out, const std::vector<Column>& columns,
                      const Options& options) {
  if (options.bom) out << "\xEF\xBB\xBF";
  std::vector<std::string> headers;
  for (const auto& col : columns) {
    // Money cells are yuan ("2032.50", what a spreadsheet user reads), so the header says so:
    // JSON's `amount_fen` (integer fen) is `amount_yuan` here, never a yuan figure under a fen name.
    if (col.kind == Kind::money && col.key.ends_with("_fen"))
      headers.push_back(col.key.substr(0, col.key.size() - 4) + "_yuan");
    else
      headers.push_back(col.key);
  }
  write_csv_line(out, headers);
}

void write_csv_row(std::ostream& out, const std::vector<Column>& columns, const Value& row) {
  std::vector<std::string> fields;
  for (const auto& col : columns) fields.push_back(cell_text(row.get(col.key), col.kind, false));
  write_csv_line(out, fields);
}

// ---- Markdown ----

std::string md_cell(std::string_view text) {
  std::string out;
  for (char c : one_line(text)) {
    if (c == '|') out += '\\';
    out += c;
  }
  rstrip_spaces(out);
  return out;
}

void write_md_line(std::ostream& out, const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const auto& cell : cells) {
    line += ' ';
    line += md_cell(cell);
    line += " |";
  }
  out << line << '\n';
}

void write_md_rule(std::ostream& out, const std::vector<bool>& right) {
  std::string line = "|";
  for (bool r : right) line += r ? " ---: |" : " --- |";
  out << line << '\n';
}

// ---- HTML ----

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

void html_begin(std::ostream& out) {
  out << "<!doctype html>\n"
      << "<html lang=\"" << (lang() == Lang::zh ? "zh-CN" : "en") << "\">\n"
      << "<head>\n<meta charset=\"utf-8\">\n<title>svc</title>\n"
      << "<style>table{border-collapse:collapse}th,td{border:1px solid #ccc;"
         "padding:2px 6px;text-align:left;vertical-align:top}.num{text-align:right}</style>\n"
      << "</head>\n<body>\n<table>\n";
}

void html_end(std::ostream& out) { out << "</table>\n</body>\n</html>\n"; }

std::string html_td(const std::string& tag, std::string_view text, bool numeric) {
  std::string s = "<" + tag + (numeric ? " class=\"num\">" : ">");
  s += html_escape(text);
  s += "</" + tag + ">";
  return s;
}

std::string short_datetime(const std::string& iso) {
  // "2026-11-22T09:15:00+08:00" → "2026-11-22 09:15"; anything else is shown as it is.
  if (iso.size() >= 16 && iso[4] == '-' && iso[7] == '-' && iso[10] == 'T' && iso[13] == ':') {
    return iso.substr(0, 10) + " " + iso.substr(11, 5);
  }
  return iso;
}

}  // namespace

bool parse_format(std::string_view text, Format& out) {
  if (text == "table")
    out = Format::table;
  else if (text == "json")
    out = Format::json;
  else if (text == "csv")
    out = Format::csv;
  else if (text == "md")
    out = Format::md;
  else if (text == "html")
    out = Format::html;
  else
    return false;
  return true;
}

std::string cell_text(const Value& v, Kind kind, bool for_table) {
  if (v.is_null()) return for_table ? "-" : "";
  if (v.is_bool()) return std::string(tr(v.as_bool() ? "yes" : "no"));
  if (v.is_int()) {
    if (kind == Kind::money) return format_yuan(v.as_int());
    return std::to_string(v.as_int());
  }
  if (v.is_double()) return format_number(v.as_double());
  if (v.is_fixed()) {
    const Fixed f = v.as_fixed();
    if (kind == Kind::rate && for_table && f.places == 4)
      return fmt::format("{}{}.{:02}%", f.units < 0 ? "-" : "", std::abs(f.units) / 100, std::abs(f.units) % 100);
    return format_fixed(f);
  }
  if (v.is_string()) {
    if (kind == Kind::datetime && for_table) return short_datetime(v.as_string());
    if (kind == Kind::label && for_table) return std::string(tr(v.as_string()));
    // Stored text never reaches a terminal, spreadsheet or page with its control characters.
    return text::visible(v.as_string(), !for_table);
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v.as_array()) {
      if (!out.empty()) out += ", ";
      out += cell_text(item, kind, for_table);
    }
    return out;
  }
  return to_json(v, false);
}

std::string csv_field(std::string_view text) {
  std::string s(text);
  if (!s.empty()) {
    const char first = s.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
        first == '\r') {
      // A plain (negative) number is data, not a formula: -12.50 stays a number.
      bool plain_number = false;
      if (first == '-' && s.size() > 1) {
        std::size_t i = 1;
        std::size_t digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
        if (digits > 0 && i < s.size() && s[i] == '.') {
          ++i;
          std::size_t decimals = 0;
          while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++decimals;
          if (decimals == 0) digits = 0;
        }
        plain_number = digits > 0 && i == s.size();
      }
      if (!plain_number) s.insert(s.begin(), '\'');
    }
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void write_list(std::ostream& out, Format format, const std::vector<Column>& columns,
                const std::vector<Value>& rows, const Options& options) {
  switch (format) {
    case Format::table:
      write_table(out, columns, rows, options);
      return;
    case Format::json: {
      Value arr = Value::array();
      for (const auto& row : rows) arr.push(row);
      out << to_json(arr) << '\n';
      return;
    }
    case Format::csv:
      write_csv_header(out, columns, options);
      for (const auto& row : rows) write_csv_row(out, columns, row);
      return;
    case Format::md: {
      std::vector<std::string> headers;
      std::vector<bool> right;
      for (const auto& col : columns) {
        headers.push_back(col.header);
        right.push_back(is_numeric(col.kind));
      }
      write_md_line(out, headers);
      write_md_rule(out, right);
      for (const auto& row : rows) {
        std::vector<std::string> cells;
        for (const auto& col : columns) cells.push_back(shown(row.get(col.key), col, options));
        write_md_line(out, cells);
      }
      return;
    }
    case Format::html: {
      html_begin(out);
      std::string line = "<thead><tr>";
      for (const auto& col : columns) line += html_td("th", col.header, is_numeric(col.kind));
      out << line << "</tr></thead>\n<tbody>\n";
      for (const auto& row : rows) {
        line = "<tr>";
        for (const auto& col : columns) {
          line += html_td("td", shown(row.get(col.key), col, options), is_numeric(col.kind));
        }
        out << line << "</tr>\n";
      }
      out << "</tbody>\n";
      html_end(out);
      return;
    }
  }
}

void write_record(std::ostream& out, Format format, const std::vector<Column>& columns,
                  const Value& record, const Options& options) {
  switch (format) {
    case Format::table:
      write_record_table(out, columns, record, options);
      return;
    case Format::json:
      out << to_json(record) << '\n';
      return;
    case Format::csv:
      write_csv_header(out, columns, options);
      write_csv_row(out, columns, record);
      return;
    case Format::md:
      write_md_line(out, {std::string(tr("Field")), std::string(tr("Value"))});
      write_md_rule(out, {false, false});
      for (const auto& col : columns) {
        write_md_line(out, {col.header, shown(record.get(col.key), col, options)});
      }
      return;
    case Format::html:
      html_begin(out);
      out << "<tbody>\n";
      for (const auto& col : columns) {
        out << "<tr>" << html_td("th", col.header, false)
            << html_td("td", shown(record.get(col.key), col, options), is_numeric(col.kind))
            << "</tr>\n";
      }
      out << "</tbody>\n";
      html_end(out);
      return;
  }
}

}  // namespace svc::render
