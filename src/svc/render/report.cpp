// Reports rendered: the terminal and Markdown pages, CSV blocks, JSON, and the HTML page — one
// file, no script and no network, printable on A4 (a page per section), charts as inline SVG.
#include "svc/render/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "svc/clock.hpp"
#include "svc/i18n.hpp"
#include "svc/money.hpp"

namespace svc::render {
namespace {

std::vector<Column> figure_columns() {
  return {{"label", std::string(tr("Figure")), Kind::text, 0}, {"value", std::string(tr("Value")), Kind::text, 0}};
}

// The figures of a section as rows {label, value} with the value already as people read it.
std::vector<Value> figure_rows(const report::Section& s) {
  std::vector<Value> out;
  for (const auto& f : s.figures) {
    Value v = Value::object();
    v.set("label", f.label);
    v.set("value", cell_text(f.value, f.value.is_fixed() ? Kind::rate : f.kind, true));
    out.push_back(std::move(v));
  }
  return out;
}

void write_text(std::ostream& out, Format format, const report::Report& r, const Options& options, int off) {
  const bool md = format == Format::md;
  out << (md ? "# " : "") << r.site << " · " << r.title << '\n';
  out << fmt::format(fmt::runtime(tr("as of {}, generated {}")), format_local(r.as_of, off), format_local(r.generated_at, off))
      << '\n';
  for (const auto& s : r.sections) {
    out << '\n' << (md ? "## " : "== ") << s.title << (md ? "" : " ==") << '\n';
    if (!s.figures.empty()) {
      out << '\n';
      if (md) {
        write_list(out, Format::md, figure_columns(), figure_rows(s), options);
      } else {
        Value rec = Value::object();
        std::vector<Column> cols;
        const auto values = figure_rows(s);
        for (std::size_t i = 0; i < s.figures.size(); ++i) {
          cols.push_back({s.figures[i].key, s.figures[i].label, Kind::text, 0});
          rec.set(s.figures[i].key, values[i].get("value"));
        }
        write_record(out, Format::table, cols, rec, options);
      }
    }
    for (const auto& t : s.tables) {
      out << '\n' << (md ? "### " : "") << t.title << (md ? "\n\n" : "\n");
      if (t.rows.empty())
        out << tr("(none)") << '\n';
      else
        write_list(out, format, t.columns, t.rows, options);
    }
    for (const auto& n : s.notes) out << '\n' << n << '\n';
  }
}

void write_csv(std::ostream& out, const report::Report& r, const Options& options) {
  // Blocks, each a named table with its own header: [section] figures, then [section.table].
  bool first = true;
  auto block = [&](const std::string& name) {
    if (!first) out << "\r\n";
    first = false;
    out << csv_field("[" + name + "]") << "\r\n";
  };
  Options rest = options;
  for (const auto& s : r.sections) {
    if (!s.figures.empty()) {
      block(s.key);
      std::vector<Value> rows;
      for (const auto& f : s.figures) {
        Value v = Value::object();
        v.set("key", f.key);
        v.set("value", f.value);
        rows.push_back(std::move(v));
      }
      write_list(out, Format::csv, {{"key", "key", Kind::text, 0}, {"value", "value", Kind::text, 0}}, rows, rest);
      rest.bom = false;  // one byte-order mark, at the start of the file
    }
    for (const auto& t : s.tables) {
      block(s.key + "." + t.key);
      write_list(out, Format::csv, t.columns, t.rows, rest);
      rest.bom = false;
    }
  }
}

// ---- HTML ---------------------------------------------------------------------------------------

constexpr const char* kStyle =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",\"PingFang SC\","
    "\"Microsoft YaHei\",\"Hiragino Sans GB\",sans-serif;color:#222;margin:24px;font-size:14px}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #2b6cb0;padding-bottom:4px;"
    "margin-top:28px}h3{font-size:15px;margin:18px 0 6px}.meta{color:#666;font-size:12px}"
    ".figures{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.figure{border:1px solid #d6dde6;"
    "border-radius:4px;padding:6px 10px;min-width:110px}.figure .v{font-size:20px;font-weight:600}"
    ".figure .l{font-size:12px;color:#555}table{border-collapse:collapse;margin:4px 0 8px}"
    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f2f5f9}"
    ".num{text-align:right}.none{color:#888}svg{max-width:100%;height:auto}.note{white-space:pre-wrap;"
    "border-left:3px solid #2b6cb0;padding-left:8px}"
    "@page{size:A4;margin:15mm}@media print{body{margin:0}section{break-before:page}"
    "section:first-of-type{break-before:auto}table,svg,.figures{break-inside:avoid}}";

std::string td(std::string_view tag, std::string_view text, bool numeric) {
  return fmt::format("<{}{}>{}</{}>", tag, numeric ? " class=\"num\"" : "", html_escape(text), tag);
}

bool numeric(Kind k) { return k == Kind::integer || k == Kind::money || k == Kind::rate; }

void html_table(std::ostream& out, const report::Table& t) {
  out << "<h3>" << html_escape(t.title) << "</h3>\n";
  if (t.rows.empty()) {
    out << "<p class=\"none\">" << html_escape(tr("(none)")) << "</p>\n";
    return;
  }
  out << "<table><thead><tr>";
  for (const auto& c : t.columns) out << td("th", c.header, numeric(c.kind));
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out << "<tr>";
    for (const auto& c : t.columns) out << td("td", cell_text(row.get(c.key), c.kind, true), numeric(c.kind));
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
}

void write_html(std::ostream& out, const report::Report& r, int off) {
  out << "<!doctype html>\n<html lang=\"" << (lang() == Lang::zh ? "zh-CN" : "en") << "\">\n<head>\n"
      << "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>"
      << html_escape(r.site + " · " + r.title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n"
      << "<header><h1>" << html_escape(r.site + " · " + r.title) << "</h1>\n<p class=\"meta\">"
      << html_escape(fmt::format(fmt::runtime(tr("as of {}, generated {}")), format_local(r.as_of, off),
                                 format_local(r.generated_at, off)))
      << "</p></header>\n";
  for (const auto& s : r.sections) {
    out << "<section id=\"" << html_escape(s.key) << "\">\n<h2>" << html_escape(s.title) << "</h2>\n";
    if (!s.figures.empty()) {
      out << "<div class=\"figures\">";
      for (const auto& row : figure_rows(s))
        out << "<div class=\"figure\"><div class=\"v\">" << html_escape(row.get("value").as_string())
            << "</div><div class=\"l\">" << html_escape(row.get("label").as_string()) << "</div></div>";
      out << "</div>\n";
    }
    for (const auto& c : s.charts)
      if (!c.points.empty()) out << "<figure>" << chart_svg(c) << "</figure>\n";
    for (const auto& t : s.tables) html_table(out, t);
    for (const auto& n : s.notes) out << "<p class=\"note\">" << html_escape(n) << "</p>\n";
    out << "</section>\n";
  }
  out << "</body>\n</html>\n";
}

std::string value_text(const report::Chart& c, std::int64_t v) {
  return c.rate ? fmt::format("{}.{}%", v / 100, (v % 100) / 10) : std::to_string(v);
}

}  // namespace

std::string chart_svg(const report::Chart& c) {
  static constexpr const char* kColours[] = {"#2b6cb0", "#38a169", "#d69e2e", "#e53e3e", "#805ad5", "#319795"};
  std::int64_t max = 1;
  for (const auto& p : c.points) max = std::max({max, p.value, p.target.value_or(0)});
  std::ostringstream s;
  const std::string title = html_escape(c.title);
  if (c.kind == report::Chart::Kind::bars) {
    const int label_w = 180, bar_w = 360, row_h = 24, top = 28;
    const int height = top + static_cast<int>(c.points.size()) * row_h + 8;
    s << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{}\" height=\"{}\" "
                     "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
                     label_w + bar_w + 90, height, label_w + bar_w + 90, height, title);
    s << fmt::format("<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"600\">{}</text>", title);
    int i = 0;
    for (const auto& p : c.points) {
      const int y = top + i * row_h;
      const auto w = static_cast<int>(p.value * bar_w / max);
      s << fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>", label_w - 6, y + 15,
                       html_escape(p.label));
      s << fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", label_w, y + 3,
                       std::max(w, p.value > 0 ? 1 : 0), row_h - 8, kColours[i % 6]);
      s << fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>", label_w + w + 6, y + 15, value_text(c, p.value));
      if (p.target) {
        const auto x = label_w + static_cast<int>(*p.target * bar_w / max);
        s << fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"2\" "
                         "stroke-dasharray=\"3,2\"><title>{}</title></line>",
                         x, y, x, y + row_h - 2, html_escape(value_text(c, *p.target)));
      }
      ++i;
    }
  } else {
    // Columns 14 to 48 px wide: a month of days fits, four months do not become slabs.
    const int col_w = std::clamp(560 / std::max<int>(1, static_cast<int>(c.points.size())), 14, 48), plot_h = 160, top = 28;
    const int width = static_cast<int>(c.points.size()) * col_w + 40, height = top + plot_h + 40;
    s << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{}\" height=\"{}\" "
                     "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
                     width, height, width, height, title);
    s << fmt::format("<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"600\">{}</text>", title);
    s << fmt::format("<line x1=\"30\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\"/>", top + plot_h, width,
                     top + plot_h);
    int i = 0;
    for (const auto& p : c.points) {
      const auto h = static_cast<int>(p.value * plot_h / max);
      const int x = 30 + i * col_w;
      s << fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#2b6cb0\"><title>{} {}</title></rect>",
                       x + 2, top + plot_h - h, col_w - 4, h, html_escape(p.label), value_text(c, p.value));
      if (c.points.size() <= 16 || i % 2 == 0)
        s << fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>", x + col_w / 2,
                         top + plot_h + 14, html_escape(p.label));
      ++i;
    }
  }
  s << "</svg>";
  return s.str();
}

void write_report(std::ostream& out, Format format, const report::Report& r, const Options& options, int off) {
  switch (format) {
    case Format::json:
      out << to_json(report::to_value(r, off)) << '\n';
      return;
    case Format::csv:
      write_csv(out, r, options);
      return;
    case Format::html:
      write_html(out, r, off);
      return;
    case Format::table:
    case Format::md:
      write_text(out, format, r, options, off);
      return;
  }
}

}  // namespace svc::render
