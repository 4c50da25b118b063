// The letter page: heading, addressee, the filled-in text, the itemised arrears with the total in
// figures and capitals (大写), the deadline and the office's signature block. All text is escaped.
#include "svc/render/letter.hpp"

#include "svc/render/render.hpp"

namespace svc::render {

void write_letter_html(std::ostream& out, const Letter& l) {
  auto e = [](std::string_view s) { return html_escape(s); };
  out << "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>催缴函 " << e(l.unit)
      << " " << e(l.reference) << "</title>\n"
      << "<style>body{font-family:serif;max-width:42em;margin:2em auto;line-height:1.7}"
         "h1{text-align:center;letter-spacing:.5em}.ref{text-align:right}"
         "table{border-collapse:collapse;width:100%;margin:1em 0}"
         "th,td{border:1px solid #333;padding:4px 8px;text-align:left}.num{text-align:right}"
         ".sign{margin-top:3em;text-align:right}@page{size:A4;margin:2cm}@media print{body{margin:0}}</style>\n"
         "</head>\n<body>\n";
  out << "<h1>催缴函</h1>\n<p class=\"ref\">编号:" << e(l.reference) << "</p>\n";
  out << "<p>尊敬的 " << e(l.owner) << " 业主(房号 " << e(l.unit) << "):</p>\n";
  out << "<p>" << e(l.body) << "</p>\n";
  out << "<table>\n<tr><th>收费项目</th><th>所属期间</th><th>应缴日期</th><th class=\"num\">应收金额(元)</th>"
         "<th class=\"num\">欠缴金额(元)</th></tr>\n";
  for (const auto& line : l.lines)
    out << "<tr><td>" << e(line.item) << "</td><td>" << e(line.period) << "</td><td>" << e(line.due_on)
        << "</td><td class=\"num\">" << e(line.amount) << "</td><td class=\"num\">" << e(line.outstanding)
        << "</td></tr>\n";
  out << "<tr><th colspan=\"4\">合计(大写:" << e(l.total_in_capitals) << ")</th><th class=\"num\">" << e(l.total)
      << "</th></tr>\n</table>\n";
  out << "<p>请于 <strong>" << e(l.deadline)
      << "</strong> 前到管理处服务中心缴清上述费用。如您已缴纳,请忽略本函;如有疑问,请与服务中心联系。</p>\n";
  out << "<div class=\"sign\"><p>" << e(l.site) << "</p><p>" << e(l.date) << "</p></div>\n</body>\n</html>\n";
}

}  // namespace svc::render
