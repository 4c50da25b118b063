// A printable receipt (收费票据, domain-rules 3.8) as a self-contained HTML page for A5/A4.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace svc::render {

struct ReceiptLine {
  std::string item;    // the fee item's name, e.g. 物业管理费
  std::string period;  // "2026-11"
  std::string amount;  // yuan text, "223.43"
};

// Every text already in the reader's language and money already formatted; the renderer only
// lays it out and escapes it.
struct Receipt {
  std::string site, number, paid_at, unit, owner, payer, method, received_by;
  std::string total, total_in_capitals, credit, note;
  bool voided = false;
  std::string void_reason;
  std::vector<ReceiptLine> lines;
};

void write_receipt_html(std::ostream& out, const Receipt& r);

}  // namespace svc::render
