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
// A column shrunk to fit the terminal keeps at least this many columns (or its header).
constexpr int kMinShrunkWidth = 8;

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

std::string table_cell(const Value& v, const Column& col) {
  std::string text = one_line(cell_text(v, col.kind, true));
  if (col.max_width > 0) text = truncate_to_width(text, col.max_width);
  return text;
}

// Widths for the table: the widest cell or header, then the widest text columns shrunk one
// column at a time until the line fits the terminal (numbers are never cut).
std::vector<int> column_widths(const std::vector<Column>& columns,
                               const std::vector<std::vector<std::string>>& cells,
                               int terminal_width) {
  std::vector<int> widths;
  std::vector<int> minimum;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const int header_width = display_width(columns[c].header);
    int w = header_width;
    for (const auto& row : cells) w = std::max(w, display_width(row[c]));
    widths.push_back(w);
    minimum.push_back(std::max(kMinShrunkWidth, header_width));
  }
  if (terminal_width <= 0 || columns.empty()) return widths;
  auto total = [&] {
    int sum = 2 * static_cast<int>(columns.size() - 1);
    for (int w : widths) sum += w;
    return sum;
  };
  while (total() > terminal_width) {
    std::size_t widest = columns.size();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].kind != Kind::text || widths[c] <= minimum[c]) continue;
      if (widest == columns.size() || widths[c] > widths[widest]) widest = c;
    }
    if (widest == columns.size()) break;  // nothing left to shrink: let the terminal wrap
    --widths[widest];
  }
  return widths;
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

void write_table(std::ostream& out, const std::vector<Column>& columns,
                 const std::vector<Value>& rows, const Options& options) {
  if (rows.empty() || columns.empty()) return;
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (const auto& col : columns) line.push_back(table_cell(row.get(col.key), col));
    cells.push_back(std::move(line));
  }
  const std::vector<int> widths = column_widths(columns, cells, options.terminal_width);
  for (auto& row : cells) {
    for (std::size_t c = 0; c < columns.size(); ++c) row[c] = truncate_to_width(row[c], widths[c]);
  }
  std::vector<std::string> headers;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    headers.push_back(truncate_to_width(one_line(columns[c].header), widths[c]));
  }
  out << table_line(headers, widths, columns, options.color) << '\n';
  out << rule_line(widths) << '\n';
  for (const auto& row : cells) out << table_line(row, widths, columns, false) << '\n';
}

void write_record_table(std::ostream& out, const std::vector<Column>& columns, const Value& record,
                        const Options& options) {
  int label_width = 0;
  for (const auto& col : columns)
    label_width = std::max(label_width, display_width(col.header) + 1);
  for (const auto& col : columns) {
    std::string value = table_cell(record.get(col.key), col);
    const int room = options.terminal_width - label_width - 1;
    if (options.terminal_width > 0 && col.kind == Kind::text && room >= kMinShrunkWidth) {
      value = truncate_to_width(value, room);
    }
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
    line += value;
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
        for (const auto& col : columns)
          cells.push_back(cell_text(row.get(col.key), col.kind, true));
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
          line += html_td("td", cell_text(row.get(col.key), col.kind, true), is_numeric(col.kind));
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
        write_md_line(out, {col.header, cell_text(record.get(col.key), col.kind, true)});
      }
      return;
    case Format::html:
      html_begin(out);
      out << "<tbody>\n";
      for (const auto& col : columns) {
        out << "<tr>" << html_td("th", col.header, false)
            << html_td("td", cell_text(record.get(col.key), col.kind, true), is_numeric(col.kind))
            << "</tr>\n";
      }
      out << "</tbody>\n";
      html_end(out);
      return;
  }
}

}  // namespace svc::render
