// The formal dunning letter (正式催缴函, domain-rules 3.5 step 2) as a self-contained printable HTML
// page, one per account, for sending by express mail (特快专递). It is addressed to the owner, so
// it is always in Chinese, whatever language the operator uses.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace svc::render {

struct LetterLine {
  std::string item;         // the fee item's name, e.g. 物业管理费
  std::string period;       // "2026-08"
  std::string due_on;       // "2026-08-15"
  std::string amount;       // yuan text of the bill
  std::string outstanding;  // yuan text still owed
};

// Money already formatted; the renderer lays it out and escapes it.
struct Letter {
  std::string site, reference, unit, owner, date, deadline;
  std::string body;  // the channel's template, filled in
  std::string total, total_in_capitals;
  std::vector<LetterLine> lines;
};

void write_letter_html(std::ostream& out, const Letter& l);

}  // namespace svc::render
