// The reception log (《客户接待记录》, domain-rules 7.1–7.4, 10.2): every call, visit, letter and
// online message the front desk takes, whatever it turns out to be — an enquiry answered at once,
// a reply promised by a time, a message for an absent colleague (转告), a suggestion for the head
// of a department, or a repair or complaint opened in the same step; the shift handover (交接班,
// domain-rules 12) generated from what is open; and the two quality rates the log measures
// (事务响应率, 礼貌待客率, domain-rules 8).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svc/clock.hpp"
#include "svc/complaint.hpp"
#include "svc/db.hpp"
#include "svc/deadline.hpp"
#include "svc/op.hpp"
#include "svc/policy.hpp"
#include "svc/record.hpp"
#include "svc/ticket.hpp"
#include "svc/value.hpp"

namespace svc::desk {

inline const std::vector<std::string> kChannels = {"phone", "visit", "letter", "online"};
inline const std::vector<std::string> kKinds = {"enquiry", "repair",  "complaint", "suggestion",
                                                "paid_service", "message", "other"};
inline const std::vector<std::string> kStatuses = {"open", "answered", "passed", "referred"};
// reply_by: the reply agreed with the customer (7.1); pass_by: a message passed on (7.2).
inline const std::vector<std::string> kDeadlines = {"reply_by", "pass_by"};

struct Contact {
  std::int64_t id = 0;
  std::string channel, kind, status;
  std::optional<std::int64_t> unit_id;
  std::optional<std::string> unit;  // code
  std::optional<std::string> name, phone;
  std::string note;
  bool answered = false;  // on the spot
  std::optional<Timestamp> reply_by;
  std::optional<std::string> reply;
  std::optional<Timestamp> replied_at;
  std::optional<std::string> replied_by;
  std::optional<std::string> for_login, dept, routed_to;
  std::optional<Timestamp> passed_at;
  std::optional<std::string> passed_by, pass_note;
  std::optional<std::int64_t> ticket_id, complaint_id;
  std::string received_by;
  Timestamp received_at = 0;

  std::string ref() const { return record::ref(record::Kind::desk, id); }
  static const record::Fields<Contact>& fields();
};

// "D9" or "9" → 9; exit 64 naming the text otherwise.
std::int64_t parse_ref(std::string_view text);
std::optional<Contact> find(db::Database& db, std::int64_t id);
Contact get(db::Database& db, std::int64_t id);  // exit 66 when absent

// A contact as typed at the desk. Every contact leaves with a way forward (domain-rules 7.1: answer
// at once, or give a clear reply): answered on the spot, a reply promised by a time, a ticket or a
// complaint opened with it, a message for a colleague, or a suggestion for a department head.
struct Intake {
  std::string channel, kind, note;
  std::optional<std::string> unit, name, phone;
  bool answered = false;
  std::optional<std::string> reply_by;   // a time, a date (by that day's closing) or a duration (2h)
  std::optional<std::string> for_login;  // a message: who it is for
  std::optional<std::string> dept;       // a suggestion: the department (default desk.suggestion_dept)
  // A repair or paid service opened as a ticket, a complaint as a complaint: only the options of
  // their own (category, urgency, appointment, price; severity, about_staff, …). The unit, the
  // caller's name and phone, the channel and the text are the contact's, typed once.
  std::optional<ticket::Intake> ticket;
  std::optional<complaint::Intake> complaint;
};
struct Logged {
  Contact contact;
  std::optional<std::string> opened;  // the ref of the ticket or complaint opened with it
};
// Needs the take_contact role; the ticket or complaint also needs its own (take_ticket,
// take_complaint). Both records name each other: the contact keeps the id, the ticket's or
// complaint's history has a from_desk event naming the contact.
Logged log(Op& op, Intake in);
// The reply given as promised (or later): meets reply_by.
Contact reply(Op& op, std::int64_t id, const std::string& note);
// A message passed on to its recipient, or a suggestion received by its head: meets pass_by. The
// recipient may mark it, and so may anyone with take_contact who passed it on.
Contact pass(Op& op, std::int64_t id, const std::optional<std::string>& note);

struct ListFilter {
  std::optional<std::string> kind, channel, status, unit, phone, name, by, for_login, search;
  std::optional<Timestamp> from, to;  // received in [from, to)
  bool open_only = false;
  int limit = 0;
};
std::vector<Contact> list(db::Database& db, ListFilter f);
// Messages for `login` and suggestions routed to them; with `all` also those already passed on.
std::vector<Contact> inbox(db::Database& db, const std::string& login, bool all);
std::vector<std::string> open_refs(db::Database& db, int limit);

// The record as JSON: the contact's fields (phone masked unless `reveal`), `ticket`/`complaint` as
// refs, `deadlines`, `overdue` and `deadline_states`.
std::vector<Value> to_values(db::Database& db, const Policy& policy, const std::vector<Contact>& list, Timestamp now,
                             bool reveal);
Value to_value(db::Database& db, const Policy& policy, const Contact& c, Timestamp now, bool reveal);

// ---- what the desk owes ----------------------------------------------------------------------

// A promised reply, a message to pass on, or a handover to accept.
struct Due {
  std::string kind;     // reply, message, handover
  std::string subject;  // D3, or handover:2
  std::optional<std::string> unit, who;  // who owes it: the receiver, the recipient, the next person
  Timestamp due_at = 0;
  deadline::State state = deadline::State::due;
  std::int64_t seconds_left = 0;
  std::string text;  // what it is about
};
struct DueFilter {
  std::optional<std::int64_t> within;  // seconds from now
  bool overdue_only = false;
};
// Soonest first.
std::vector<Due> due(db::Database& db, const Policy& policy, Timestamp now, const DueFilter& f);
// The desk's exceptions at `now` (for the daily report): promised replies missed, messages not
// passed on within desk.message_pass_within, handovers not accepted within desk.accept_within.
std::vector<Due> exceptions(db::Database& db, const Policy& policy, Timestamp now);
Value to_value(const Due& d, int utc_offset);

// ---- the shift handover (交接班, domain-rules 12) ----------------------------------------------

struct Shift {
  std::string name;  // day, night
  Timestamp start = 0, end = 0;
};
// The shift under way at `at` (desk.day_starts, desk.night_starts).
Shift shift_at(const Policy& policy, Timestamp at);
// The shift a handover written at `now` is for: the one that ended less than desk.handover_late
// ago, else the one under way.
Shift ending_shift(const Policy& policy, Timestamp now);

struct Handover {
  std::int64_t id = 0;
  std::string shift;
  Timestamp shift_start = 0, shift_end = 0;
  std::string by_login;
  std::optional<std::string> to_login;
  Timestamp written_at = 0;
  std::optional<std::string> note;
  std::string contents;  // JSON facts: the sections
  Timestamp accept_by = 0;
  std::optional<Timestamp> accepted_at;
  std::optional<std::string> accepted_by;

  std::string ref() const { return "handover:" + std::to_string(id); }
  static const record::Fields<Handover>& fields();
};

// What a section of a handover is generated from: the shift handed over, the next one, the time
// of writing, and the open contacts with their deadlines (read once for every section).
struct HandoverInput {
  db::Database& db;
  const Policy& policy;
  const Shift& shift;
  const Shift& next;
  Timestamp now;
  const std::vector<Contact>& open;
  const deadline::Book& book;
};
// One line of a section, as stored (facts): the record's ref, its kind (or the deadline's name), its
// status, the unit or caller, who has it, when it falls due (unix seconds), what it is about.
Value handover_item(const std::string& ref, std::string_view kind, const std::optional<std::string>& status,
                    const std::optional<std::string>& unit, const std::optional<std::string>& who,
                    std::optional<Timestamp> due_at, const std::string& text);
// One section of the handover: its JSON key, its heading (English, through tr() when shown) and
// the function that lists its items. The handover is generated from this table and nothing else:
// a noun with open matters of its own (patrol: urgent findings, domain-rules 5.4) adds one row in
// desk.cpp, `{"patrol_findings", "Urgent patrol findings", &patrol::handover_findings}`, with a
// generator `Value (const desk::HandoverInput&)` returning an array of handover_item()s.
struct HandoverSection {
  std::string_view name;
  std::string_view heading;
  Value (*items)(const HandoverInput&);
};
const std::vector<HandoverSection>& handover_section_table();

// The open matters of `shift` at `now`, one key per row of handover_section_table(): by default
// open_contacts (promised replies, suggestions not yet received, whenever taken), messages (not
// passed on), tickets and complaints received in the shift and not closed, due_next_shift
// (deadlines of any record falling due before the next shift ends).
Value handover_sections(db::Database& db, const Policy& policy, const Shift& shift, Timestamp now);
// Writes the handover of the shift ending (take_contact); `to` the next person, if named.
Handover hand_over(Op& op, const std::optional<std::string>& to, const std::optional<std::string>& note);
// The next person accepts it: `id`, or the oldest one waiting for them.
Handover accept(Op& op, std::optional<std::int64_t> id);
Handover get_handover(db::Database& db, std::int64_t id);  // exit 66 when absent
std::vector<Handover> handovers(db::Database& db, bool waiting_only, int limit);
// The handover as JSON: shift, times, people, state (accepted, waiting, overdue) at `now`, the
// sections it was written with (in the table's order, then any the table no longer has) with times
// as ISO text, and how many items each holds.
Value to_value(const Handover& h, const Policy& policy, Timestamp now);

// ---- the quality rates (domain-rules 8) ------------------------------------------------------

struct Rate {
  std::int64_t numerator = 0, denominator = 0;
  std::optional<Fixed> rate;  // numerator / denominator, four places; none when denominator is 0
};
// 事务响应率: contacts received in [from, to) handled at once (answered on the spot, or recorded and
// passed on: a ticket or complaint opened, a suggestion routed) or whose promise was kept (the
// reply by reply_by, the message passed on by pass_by), over those decided at `now`: a promise
// not yet due is pending and in neither figure.
struct ResponseRate : Rate {
  std::int64_t answered = 0, referred = 0, routed = 0, kept = 0;  // the numerator's parts
  std::int64_t late = 0, missed = 0;                               // met late, or overdue and open
  std::int64_t pending = 0;
};
ResponseRate response_rate(db::Database& db, const Policy& policy, Timestamp from, Timestamp to, Timestamp now);
// 礼貌待客率: 1 − attitude complaints ÷ contacts, as (contacts − attitude complaints) / contacts:
// valid complaints of desk.attitude_category received in [from, to), against the contacts of
// the reception log received then.
struct CourtesyRate : Rate {
  std::int64_t contacts = 0, attitude_complaints = 0;
};
CourtesyRate courtesy_rate(db::Database& db, const Policy& policy, Timestamp from, Timestamp to);
// Contacts received in [from, to) by kind (every kind, 0 included), for the weekly and monthly
// analyses: suggestions are counted here, beside the complaint module's complaints.
std::vector<std::pair<std::string, std::int64_t>> tally(db::Database& db, Timestamp from, Timestamp to);

Value to_value(const ResponseRate& r);
Value to_value(const CourtesyRate& r);

}  // namespace svc::desk
