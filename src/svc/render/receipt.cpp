// The printable receipt page: one table of what was paid, the total in figures and capitals,
// and a VOID stamp on a voided receipt. All text is escaped.
#include "svc/render/receipt.hpp"

#include "svc/i18n.hpp"
#include "svc/render/render.hpp"

namespace svc::render {

void write_receipt_html(std::ostream& out, const Receipt& r) {
  auto e = [](std::string_view s) { return html_escape(s); };
  auto field = [&](std::string_view label, std::string_view value) {
    out << "<tr><th>" << e(tr(label)) << "</th><td>" << e(value) << "</td></tr>\n";
  };
  out << "<!doctype html>\n<html lang=\"" << (lang() == Lang::zh ? "zh-CN" : "en") << "\">\n<head>\n"
      << "<meta charset=\"utf-8\">\n<title>" << e(tr("Receipt")) << " " << e(r.number) << "</title>\n"
      << "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
         "h1,h2{text-align:center;margin:.2em}table{border-collapse:collapse;width:100%;margin:1em 0}"
         "th,td{border:1px solid #333;padding:4px 8px;text-align:left}.num{text-align:right}"
         ".void{color:#c00;font-size:2em;text-align:center;border:3px solid #c00;padding:.2em}"
         ".sign{margin-top:3em;display:flex;justify-content:space-between}"
         "@page{size:A5 landscape;margin:1cm}@media print{body{margin:0}}</style>\n</head>\n<body>\n";
  out << "<h1>" << e(r.site) << "</h1>\n<h2>" << e(tr("Receipt")) << " " << e(r.number) << "</h2>\n";
  if (r.voided) out << "<p class=\"void\">" << e(tr("VOID")) << ": " << e(r.void_reason) << "</p>\n";
  out << "<table>\n";
  field("Unit", r.unit);
  field("Owner", r.owner);
  if (!r.payer.empty()) field("Paid by", r.payer);
  field("Paid at", r.paid_at);
  field("Method", r.method);
  out << "</table>\n<table>\n<tr><th>" << e(tr("Item")) << "</th><th>" << e(tr("Period")) << "</th><th class=\"num\">"
      << e(tr("Amount")) << "</th></tr>\n";
  for (const auto& l : r.lines)
    out << "<tr><td>" << e(l.item) << "</td><td>" << e(l.period) << "</td><td class=\"num\">" << e(l.amount)
        << "</td></tr>\n";
  if (!r.credit.empty())
    out << "<tr><td>" << e(tr("Prepaid credit")) << "</td><td></td><td class=\"num\">" << e(r.credit) << "</td></tr>\n";
  out << "<tr><th colspan=\"2\">" << e(tr("Total")) << " (" << e(r.total_in_capitals) << ")</th><th class=\"num\">"
      << e(r.total) << "</th></tr>\n</table>\n";
  if (!r.note.empty()) out << "<p>" << e(tr("Note")) << ": " << e(r.note) << "</p>\n";
  out << "<div class=\"sign\"><span>" << e(tr("Received by")) << ": " << e(r.received_by) << "</span><span>"
      << e(tr("Payer's signature")) << ": ____________</span></div>\n</body>\n</html>\n";
}

}  // namespace svc::render
