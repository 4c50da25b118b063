// The bad-input catalogue (cli.md "Conventions"): every noun, every kind of bad input — arguments
// missing, unknown, out of range or of the wrong type; CSV files with bad rows, bad headers, the
// wrong encoding, invalid UTF-8 and byte-order marks; TOML policies with unknown keys, wrong
// types, impossible values and zero deadlines; invalid UTF-8, control characters and line breaks
// in arguments; overlong fields up to 1 MB; SQL-looking text; impossible dates; absurd amounts.
// Each row is one test case on a fresh copy of the estate of estate.hpp and asserts the exit
// code, a message on stderr naming the field (option, column or key) and the value, nothing on
// stdout, and a database unchanged row for row. SQL-looking text where text is allowed is stored
// verbatim instead: those rows assert that it comes back unchanged from show --json.
#include "estate.hpp"
#include "svc/value.hpp"

using svc::test::contains;
using svc::test::Estate;

namespace {

struct Row {
  std::vector<std::string> args;
  int code;
  std::vector<std::string> says;  // each on stderr: the field and the value (and what is allowed)
  std::string input = "";         // stdin
  std::string file = "";          // written to the case's folder; "@file" in args and says is its path
};

std::string replace_file(const std::string& s, const std::string& path) {
  const auto at = s.find("@file");
  return at == std::string::npos ? s : s.substr(0, at) + path + s.substr(at + 5);
}

void refused(const Row& row) {
  Estate c;
  const std::string path = c.write("in.dat", row.file);
  std::vector<std::string> args;
  for (const auto& a : row.args) args.push_back(replace_file(a, path));
  const auto before = c.digest();
  const auto r = c.run(args, row.input);
  CHECK_MESSAGE(r.code == row.code, "stderr: " << r.err);
  for (const auto& s : row.says) CHECK_MESSAGE(contains(r.err, replace_file(s, path)), "wanted: " << s << "\nstderr: " << r.err);
  CHECK_MESSAGE(r.out.empty(), "stdout: " << r.out);
  CHECK(c.digest() == before);
}

// A value for `option` appended to `args`; the message must show the option with the start of the
// value as it is printed (control characters made visible) and the reason.
Row text(std::vector<std::string> args, const std::string& option, const std::string& value,
         const std::string& shown, const std::string& reason) {
  args.push_back(option);
  args.push_back(value);
  return Row{args, 65, {option + " '" + shown, reason}};
}

const std::string kEsc = "\x1b[31m红字";
const std::string kBel = "响铃\a";
const std::string kBreak = "第一行\n第二行";
const std::string kNotUtf8 = "王\xff五";
std::string chars(std::size_t n) { return std::string(n, 'x'); }
const std::string kSql = "'; DROP TABLE unit; --";

const std::string kUnitHeader =
    "code,building,entrance,room,area_m2,status,owner_name,owner_phone,tenant_name,tenant_phone,moved_in,has_parking\n";
std::string unit_row(const std::string& area = "80.00", const std::string& owner = "王五",
                     const std::string& moved_in = "", const std::string& code = "9-1-101") {
  return code + ",9,1,101," + area + ",occupied," + owner + ",,,," + moved_in + ",no\n";
}
const std::string kMeterHeader = "unit,meter,reading,read_on\n";

// Text stored where text is allowed comes back byte for byte: `args` stores `value`, then `show`
// (run with --json) prints it under `key` (a record key, or "[i].key" of a list's first match).
struct Kept {
  std::vector<std::string> args;
  std::vector<std::string> show;
  std::string key;
};

const svc::Value* find_key(const svc::Value& v, const std::string& key, const std::string& value) {
  if (v.is_object()) {
    for (const auto& [k, x] : v.as_object()) {
      if (k == key && x.is_string() && x.as_string() == value) return &x;
      if (const auto* hit = find_key(x, key, value)) return hit;
    }
  } else if (v.is_array()) {
    for (const auto& x : v.as_array())
      if (const auto* hit = find_key(x, key, value)) return hit;
  }
  return nullptr;
}

void kept(const Kept& k, const std::string& value = kSql) {
  Estate c;
  const auto units = [&] { return svc::parse_json(svc::test::run_ok(c, {"--json", "unit", "list"})).as_array().size(); };
  const auto units_before = units();
  std::vector<std::string> args;
  for (const auto& a : k.args) args.push_back(a == "@value" ? value : a);
  const auto r = c.run(args);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  auto show = k.show;
  show.insert(show.begin(), "--json");
  const auto v = svc::parse_json(svc::test::run_ok(c, show));
  CHECK_MESSAGE(find_key(v, k.key, value) != nullptr, k.key << " not stored verbatim");
  // The statement it looks like did nothing: the unit table is still there, as it was.
  CHECK(units() == units_before);
  CHECK(c.run({"db", "check"}).code == 0);
}

}  // namespace

#define BAD(name, ...) \
  TEST_CASE("bad input catalogue: " name) { refused(Row{__VA_ARGS__}); }
#define TEXT(name, ...) \
  TEST_CASE("bad input catalogue: " name) { refused(text(__VA_ARGS__)); }
#define KEPT(name, ...) \
  TEST_CASE("bad input catalogue: " name) { kept(Kept{__VA_ARGS__}); }

// A one-line text field: ESC, BEL, a line break, 201 characters and invalid UTF-8 are each refused.
#define ONE_LINE(what, option, ...)                                                                              \
  TEXT(what " " option " holding ESC", {__VA_ARGS__}, option, kEsc, "\u241b[31m红字", "U+001B ESC")                 \
  TEXT(what " " option " holding BEL", {__VA_ARGS__}, option, kBel, "响铃\u2407", "U+0007 BEL")                     \
  TEXT(what " " option " holding a line break", {__VA_ARGS__}, option, kBreak, "第一行 第二行",                      \
       "holds a line break; this field is one line")                                                                \
  TEXT(what " " option " of 201 characters", {__VA_ARGS__}, option, chars(201), "xxxxxxxxxxxxxxxxxxxx…",            \
       "is 201 characters long; at most 200 are allowed")                                                           \
  TEXT(what " " option " not valid UTF-8", {__VA_ARGS__}, option, kNotUtf8, "王\ufffd五", "is not valid UTF-8 (byte 0xFF")

// A field of many lines: ESC, BEL, 4001 characters, 1 MB and invalid UTF-8 are each refused.
#define MANY_LINES(what, option, ...)                                                                            \
  TEXT(what " " option " holding ESC", {__VA_ARGS__}, option, kEsc, "\u241b[31m红字", "U+001B ESC")                 \
  TEXT(what " " option " holding BEL", {__VA_ARGS__}, option, kBel, "响铃\u2407", "U+0007 BEL")                     \
  TEXT(what " " option " of 4001 characters", {__VA_ARGS__}, option, chars(4001), "xxxxxxxxxxxxxxxxxxxx…",          \
       "is 4001 characters long; at most 4000 are allowed")                                                         \
  TEXT(what " " option " of 1 MB", {__VA_ARGS__}, option, chars(1 << 20), "xxxxxxxxxxxxxxxxxxxx…",                  \
       "is 1048576 characters long; at most 4000 are allowed")                                                      \
  TEXT(what " " option " not valid UTF-8", {__VA_ARGS__}, option, kNotUtf8, "王\ufffd五", "is not valid UTF-8 (byte 0xFF")

// ============================================================================================
// Text in arguments: control characters, line breaks, length, invalid UTF-8
// ============================================================================================

ONE_LINE("ticket new", "--location", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent")
ONE_LINE("ticket new", "--reporter", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent")
ONE_LINE("ticket cancel", "--reason", "ticket", "cancel", "T1")
ONE_LINE("ticket reopen", "--reason", "ticket", "reopen", "T3")
ONE_LINE("complaint new", "--subject", "complaint", "new", "--unit", "1-1-102")
ONE_LINE("complaint new", "--complainant", "complaint", "new", "--unit", "1-1-102", "--subject", "x")
ONE_LINE("complaint assign", "--dept", "complaint", "assign", "C2")
ONE_LINE("complaint escalate", "--reason", "complaint", "escalate", "C2")
ONE_LINE("unit set", "--owner", "unit", "set", "1-1-101")
ONE_LINE("unit add", "--tenant", "unit", "add", "--code", "9-1-101", "--area", "80", "--status", "rented")
ONE_LINE("staff add", "--name", "staff", "add", "--login", "li", "--role", "technician")
ONE_LINE("fee pay", "--payer", "fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash")
ONE_LINE("fee void", "--reason", "fee", "void", "R2026-000001")
ONE_LINE("fee hold", "--reason", "fee", "hold", "1-1-202", "--until", "2027-01-01")

MANY_LINES("ticket new", "--desc", "ticket", "new", "--unit", "1-1-102", "--category", "water", "--urgent")
MANY_LINES("complaint new", "--details", "complaint", "new", "--unit", "1-1-102", "--subject", "x")
MANY_LINES("complaint resolve", "--resolution", "complaint", "resolve", "C2")
MANY_LINES("fee pay", "--note", "fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash")
MANY_LINES("visit log", "--note", "visit", "log", "--ticket", "T3", "--method", "phone", "--rating", "5")

TEXT("--as holding ESC", {"unit", "list"}, "--as", kEsc, "\u241b[31m红字", "U+001B ESC")
BAD("unit show of a code holding a line break", {"unit", "show", "1-1-\n101"}, 65, {"UNIT '1-1- 101'", "holds a line break"})
BAD("a positional argument not valid UTF-8 is named by its place", {"unit", "show", "1-1-1\xff"}, 65,
    {"UNIT '1-1-1\ufffd'", "is not valid UTF-8 (byte 0xFF at byte 6)"})
BAD("an option value given with = not valid UTF-8", {"ticket", "new", "--unit", "1-1-102", "--category", "water",
    "--urgent", "--desc=\xe5\xbc"}, 65, {"--desc '\ufffd", "is not valid UTF-8 (byte 0xE5"})
BAD("a truncated UTF-8 sequence in a search term", {"unit", "list", "--search", "\xe7\x8e"}, 65,
    {"--search '", "is not valid UTF-8 (byte 0xE7 at byte 1)"})
BAD("an overlong UTF-8 encoding of a slash", {"unit", "list", "--building", "\xc0\xaf"}, 65,
    {"--building '", "is not valid UTF-8 (byte 0xC0"})
BAD("a UTF-16 surrogate encoded as UTF-8", {"staff", "add", "--login", "li", "--role", "technician", "--name",
    "\xed\xa0\x80"}, 65, {"--name '", "is not valid UTF-8 (byte 0xED"})
BAD("an unknown verb not valid UTF-8 is named by its place", {"unit", "\xff"}, 65,
    {"argument 2 is not valid UTF-8"})

// ============================================================================================
// SQL-looking text: refused where a code is expected, stored verbatim where text is allowed
// ============================================================================================

BAD("SQL as a unit code to add", {"unit", "add", "--code", kSql, "--area", "80", "--status", "vacant"}, 64,
    {"--code '" + kSql + "'", "allowed: 1-4 groups of letters or digits"})
BAD("SQL as a staff login", {"staff", "add", "--login", kSql, "--name", "x", "--role", "technician"}, 64,
    {"invalid login '" + kSql + "'", "allowed: 1-64 letters, digits"})
BAD("SQL as a ticket ref", {"ticket", "show", kSql}, 64, {"'" + kSql + "' is not a ticket (expected T12 or 12)"})
BAD("SQL as a complaint ref", {"complaint", "show", kSql}, 64, {"'" + kSql + "' is not a complaint"})
BAD("SQL as a ticket category", {"ticket", "new", "--unit", "1-1-102", "--category", kSql, "--desc", "x", "--urgent"}, 64,
    {"--category '" + kSql + "' is not a ticket category (allowed: water"})
BAD("SQL as a complaint category", {"complaint", "new", "--unit", "1-1-102", "--subject", "x", "--category", kSql}, 64,
    {"--category '" + kSql + "' is not a complaint category"})
BAD("SQL as a payment method", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", kSql}, 64,
    {"--method '" + kSql + "' is not a payment method (allowed: cash"})
BAD("SQL as a receipt number", {"fee", "void", kSql, "--reason", "x"}, 64, {"'" + kSql + "' is not a receipt number"})
BAD("SQL as a bill number", {"fee", "cancel", kSql, "--reason", "x"}, 64, {"bill '" + kSql + "' is not a bill number"})
BAD("SQL as a reminder id", {"fee", "resolve", kSql, "--sent"}, 64, {"'" + kSql + "' is not a reminder id"})
BAD("SQL as a dunning stage", {"fee", "remind", "--stage", kSql}, 64, {"unknown stage '" + kSql + "'"})
BAD("SQL as a visit's ticket", {"visit", "log", "--ticket", kSql, "--method", "phone", "--rating", "5"}, 64,
    {"'" + kSql + "' is not a ticket"})
BAD("SQL as a unit to pay for", {"fee", "pay", "--unit", kSql, "--amount", "10", "--method", "cash"}, 66,
    {"unknown unit '" + kSql + "'"})
BAD("SQL as a technician", {"ticket", "dispatch", "T1", "--to", kSql}, 66, {"unknown staff member '" + kSql + "'"})
BAD("SQL as --as", {"--as", kSql, "unit", "list"}, 77, {"'" + kSql + "' (--as / SVC_USER) is not a staff member"})
BAD("SQL as a policy key to explain", {"policy", "explain", kSql}, 64, {"unknown policy key '" + kSql + "'"})
BAD("SQL as a fee item to list", {"fee", "bills", "--item", kSql}, 64, {"--item '" + kSql + "' is not a fee item"})
BAD("SQL as a role to list", {"staff", "list", "--role", kSql}, 64, {"unknown role '" + kSql + "' (allowed: technician"})
BAD("SQL as a CSV unit code", {"unit", "import", "-"}, 65, {"<stdin>:2: column code: '" + kSql + "'"},
    kUnitHeader + unit_row("80.00", "王五", "", kSql))
BAD("SQL as a CSV staff login", {"staff", "import", "-"}, 65, {"<stdin>:2: column login: '" + kSql + "'"},
    "login,name,role\n" + kSql + ",李,technician\n")

KEPT("SQL-looking text is stored verbatim in a ticket's description",
     {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "@value", "--urgent"}, {"ticket", "show", "T5"},
     "description")
KEPT("SQL-looking text is stored verbatim as a ticket's reporter",
     {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent", "--reporter", "@value"},
     {"ticket", "show", "T5"}, "reporter")
KEPT("SQL-looking text is stored verbatim as a complaint's subject",
     {"complaint", "new", "--unit", "1-1-102", "--subject", "@value"}, {"complaint", "show", "C3"}, "subject")
KEPT("SQL-looking text is stored verbatim in a complaint's details",
     {"complaint", "new", "--unit", "1-1-102", "--subject", "x", "--details", "@value"}, {"complaint", "show", "C3"},
     "details")
KEPT("SQL-looking text is stored verbatim as a complaint's department", {"complaint", "assign", "C2", "--dept", "@value"},
     {"complaint", "show", "C2"}, "dept")
KEPT("SQL-looking text is stored verbatim as an owner's name", {"unit", "set", "1-1-101", "--owner", "@value"},
     {"unit", "show", "1-1-101"}, "owner_name")
KEPT("SQL-looking text is stored verbatim as a staff member's name",
     {"staff", "add", "--login", "li", "--name", "@value", "--role", "technician"}, {"staff", "list"}, "name")
KEPT("SQL-looking text is stored verbatim as a payer and a receipt note",
     {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash", "--payer", "@value"},
     {"fee", "receipt", "R2026-000002"}, "payer")
KEPT("SQL-looking text is stored verbatim as a hold's reason",
     {"fee", "hold", "1-1-202", "--until", "2027-01-01", "--reason", "@value"}, {"fee", "holds"}, "reason")
KEPT("SQL-looking text is stored verbatim as a resolution", {"complaint", "resolve", "C2", "--resolution", "@value"},
     {"complaint", "show", "C2"}, "resolution")

// ============================================================================================
// Arguments: missing, unknown, out of range, of the wrong type — noun by noun
// ============================================================================================

// global options and the command line
BAD("a missing verb", {"unit"}, 64, {"a verb is missing"})
BAD("an unknown noun", {"tickets", "list"}, 64, {"unknown command 'tickets'"})
BAD("an unknown verb", {"ticket", "frob"}, 64, {"unknown command 'ticket frob'"})
BAD("an unknown option", {"unit", "set", "1-1-101", "--owner-name", "新业主"}, 64, {"unknown option '--owner-name'"})
BAD("an unknown global option", {"--colour", "never", "unit", "list"}, 64, {"unknown option '--colour'"})
BAD("an unknown option given with =", {"ticket", "list", "--state=open"}, 64, {"unknown option '--state'"})
BAD("an argument too many", {"unit", "show", "1-1-101", "1-1-102"}, 64, {"unexpected argument '1-1-102'"})
BAD("--format without a value", {"unit", "list", "--format"}, 64, {"--format needs a value"})
BAD("--format not a format", {"--format", "xlsx", "unit", "list"}, 64, {"--format 'xlsx'", "table"})
BAD("--color not a choice", {"--color", "purple", "unit", "list"}, 64,
    {"--color 'purple' is not allowed (allowed: auto, always, never)"})
BAD("--lang not a language", {"--lang", "de", "unit", "list"}, 64, {"--lang 'de'", "zh, en"})
BAD("--as a login that is not staff", {"--as", "ghost", "ticket", "list"}, 77, {"'ghost'", "is not a staff member"})
BAD("--db that does not exist", {"--db", "/nonexistent/x.db", "unit", "list"}, 66, {"'/nonexistent/x.db'"})
BAD("--policy that does not exist", {"--policy", "/nonexistent/p.toml", "unit", "list"}, 66, {"/nonexistent/p.toml"})
// unit
BAD("unit add without --code", {"unit", "add", "--area", "80", "--status", "vacant"}, 64, {"--code is required"})
BAD("unit add with an empty area", {"unit", "add", "--code", "9-1-101", "--area", "", "--status", "vacant"}, 64,
    {"--area ''"})
BAD("unit add with a building that contradicts the code",
    {"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant", "--building", "8"}, 64,
    {"--building '8': the code 9-1-101 says 9"})
BAD("unit add with a parking flag that is not yes or no",
    {"unit", "add", "--code", "9-1-101", "--area", "80", "--status", "vacant", "--parking", "maybe"}, 64,
    {"--parking 'maybe': allowed: yes, no"})
BAD("unit set with a bad tenant phone", {"unit", "set", "1-1-101", "--tenant-phone", "call me"}, 64,
    {"--tenant-phone 'call me'"})
BAD("unit show without a unit", {"unit", "show"}, 64, {"UNIT is required"})
BAD("unit list --limit negative", {"unit", "list", "--limit", "-1"}, 64, {"--limit '-1'", "a whole number from 0 up"})
BAD("unit list --limit not a number", {"unit", "list", "--limit", "ten"}, 64, {"--limit 'ten'"})
BAD("unit list --limit beyond any integer", {"unit", "list", "--limit", "99999999999999999999"}, 64,
    {"--limit '99999999999999999999'"})
BAD("unit list --status not a status", {"unit", "list", "--status", "sold"}, 64, {"--status 'sold'", "occupied"})
// staff
BAD("staff add without a role", {"staff", "add", "--login", "li", "--name", "李"}, 64, {"--role is required"})
BAD("staff add with a read-only role written wrong", {"staff", "add", "--login", "li", "--name", "李", "--role", "Qualty"},
    64, {"unknown role 'Qualty'"})
BAD("staff add with a phone of 20 digits",
    {"staff", "add", "--login", "li", "--name", "李", "--role", "technician", "--phone", "99999999999999999999"}, 64,
    {"invalid phone '99999999999999999999'", "7-15 digits"})
BAD("staff add with a login of 65 characters", {"staff", "add", "--login", std::string(65, 'a'), "--name", "李", "--role",
    "technician"}, 64, {"invalid login '" + std::string(65, 'a') + "'", "1-64"})
BAD("staff set --active not yes or no", {"staff", "set", "wangfang", "--active", "maybe"}, 64,
    {"--active 'maybe' is not allowed (allowed: yes, no)"})
BAD("staff set with nothing to change", {"staff", "set", "wangfang"}, 64, {"nothing to change"})
BAD("staff set of an unknown login", {"staff", "set", "ghost", "--name", "x"}, 66, {"unknown staff member 'ghost'"})
BAD("staff list --role not a role", {"staff", "list", "--role", "boss"}, 64, {"unknown role 'boss' (allowed: technician"})
// ticket
BAD("ticket new without --desc", {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--urgent"}, 64,
    {"--desc is required"})
BAD("ticket new without --category", {"ticket", "new", "--unit", "1-1-102", "--desc", "x", "--urgent"}, 64,
    {"--category is required"})
BAD("ticket new with an unknown channel",
    {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent", "--channel", "telegram"}, 64,
    {"--channel 'telegram' is not a channel"})
BAD("ticket new for an unknown unit", {"ticket", "new", "--unit", "8-8-808", "--category", "water", "--desc", "x", "--urgent"},
    66, {"unknown unit '8-8-808'"})
BAD("ticket new with a bad phone",
    {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x", "--urgent", "--phone", "1380013800x"}, 64,
    {"--phone '1380013800x' is not a phone number"})
BAD("ticket dispatch without --to", {"ticket", "dispatch", "T1"}, 64, {"--to is required"})
BAD("ticket dispatch to a front-desk clerk", {"ticket", "dispatch", "T1", "--to", "zhaoli"}, 64,
    {"--to 'zhaoli' is frontdesk, not a technician"})
BAD("ticket dispatch of ticket zero", {"ticket", "dispatch", "T0", "--to", "wuming"}, 64, {"'T0' is not a ticket"})
BAD("ticket wait for a reason not in the policy", {"ticket", "wait", "T2", "--reason", "rain"}, 64,
    {"--reason 'rain' is not a waiting status (allowed: waiting_parts, waiting_owner)"})
BAD("ticket no-answer without --next", {"ticket", "no-answer", "T2"}, 64, {"--next is required"})
BAD("ticket reopen to someone unknown", {"ticket", "reopen", "T3", "--reason", "x", "--to", "ghost"}, 66,
    {"unknown staff member 'ghost'"})
BAD("ticket close --no-callback without a reason", {"ticket", "close", "T3", "--no-callback"}, 64,
    {"--no-callback needs --reason"})
BAD("ticket list --status not a status", {"ticket", "list", "--status", "open"}, 64, {"--status 'open'", "new"})
BAD("ticket list --due-within not a duration", {"ticket", "list", "--due-within", "2 hours"}, 64, {"--due-within '2 hours'"})
BAD("ticket list --due-within negative", {"ticket", "list", "--due-within", "-2h"}, 64, {"--due-within '-2h'"})
BAD("ticket list --category not a category", {"ticket", "list", "--category", "plumbing"}, 64,
    {"--category 'plumbing' is not a ticket category (allowed: water"})
BAD("ticket explain of a ticket that does not exist", {"ticket", "explain", "T404"}, 66, {"unknown ticket 'T404'"})
BAD("ticket show of a complaint ref", {"ticket", "show", "C1"}, 64, {"'C1' is not a ticket"})
// complaint
BAD("complaint new without --subject", {"complaint", "new", "--unit", "1-1-102"}, 64, {"--subject is required"})
BAD("complaint new with an unknown severity", {"complaint", "new", "--unit", "1-1-102", "--subject", "x", "--severity",
    "critical"}, 64, {"--severity 'critical' is not allowed (allowed: major, important, minor)"})
BAD("complaint new about a department and a staff member who does not exist",
    {"complaint", "new", "--unit", "1-1-102", "--subject", "x", "--about-staff", "ghost"}, 66, {"ghost"})
BAD("complaint escalate to an unknown level", {"complaint", "escalate", "C2", "--to", "president", "--reason", "x"}, 64,
    {"--to 'president' is not allowed (allowed: assistant, supervisor, manager, director, gm)"})
BAD("complaint escalate --to without a value", {"complaint", "escalate", "C2", "--to"}, 64, {"--to needs a value"})
BAD("complaint assign without --dept", {"complaint", "assign", "C2"}, 64, {"--dept is required"})
BAD("complaint notify by fax", {"complaint", "notify", "C1", "--method", "fax"}, 64,
    {"--method 'fax' is not allowed (allowed: phone, in_person)"})
BAD("complaint withdraw with an empty reason", {"complaint", "withdraw", "C2", "--reason", ""}, 64, {"--reason"})
BAD("complaint list --level not a level", {"complaint", "list", "--level", "boss"}, 64, {"--level 'boss'"})
BAD("complaint list --severity not a severity", {"complaint", "list", "--severity", "huge"}, 64, {"--severity 'huge'"})
BAD("complaint list --kind not a kind", {"complaint", "list", "--kind", "praise"}, 64, {"--kind 'praise'"})
BAD("complaint list of an unknown unit", {"complaint", "list", "--unit", "8-8-808"}, 66, {"unknown unit '8-8-808'"})
BAD("complaint show of C0", {"complaint", "show", "C0"}, 64, {"'C0' is not a complaint"})
// visit
BAD("visit log a rating of 0", {"visit", "log", "--ticket", "T3", "--method", "phone", "--rating", "0"}, 64,
    {"--rating 0 is out of range"})
BAD("visit log a rating that is not a number", {"visit", "log", "--ticket", "T3", "--method", "phone", "--rating", "good"},
    64, {"--rating 'good'"})
BAD("visit log a rating of 99999999999", {"visit", "log", "--ticket", "T3", "--method", "phone", "--rating",
    "99999999999"}, 64, {"--rating 99999999999 is out of range"})
BAD("visit log without a subject", {"visit", "log", "--method", "phone", "--rating", "5"}, 64,
    {"exactly one of --ticket, --complaint, --unit or --visit"})
BAD("visit log for a ticket that does not exist", {"visit", "log", "--ticket", "T404", "--method", "phone", "--rating",
    "5"}, 66, {"unknown ticket 'T404'"})
BAD("visit due --within not a duration", {"visit", "due", "--within", "soon"}, 64, {"--within 'soon'"})
BAD("visit due --within zero", {"visit", "due", "--within", "0"}, 64, {"--within '0'"})
BAD("visit list --kind not a kind", {"visit", "list", "--kind", "party"}, 64, {"--kind 'party'"})
BAD("visit show of a visit that does not exist", {"visit", "show", "V404"}, 66, {"'V404'"})
// fee
BAD("fee pay without --unit", {"fee", "pay", "--amount", "10", "--method", "cash"}, 64, {"--unit is required"})
BAD("fee pay a bill that is not a number", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash",
    "--bill", "four"}, 64, {"'four'"})
BAD("fee pay with a reference holding a space", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash",
    "--ref", "TX 42"}, 64, {"--ref 'TX 42' is not a reference"})
BAD("fee bill without --period", {"fee", "bill"}, 64, {"--period is required"})
BAD("fee bill of an unknown item", {"fee", "bill", "--period", "2026-12", "--item", "heating"}, 64,
    {"--item 'heating' is not a fee item"})
BAD("fee bills --item not a fee item", {"fee", "bills", "--item", "heating"}, 64, {"--item 'heating' is not a fee item"})
BAD("fee bills --status not a status", {"fee", "bills", "--status", "overdue"}, 64, {"--status 'overdue'"})
BAD("fee receipt of a number that was never issued", {"fee", "receipt", "R2026-000999"}, 66,
    {"unknown receipt 'R2026-000999'"})
BAD("fee receipt of a malformed number", {"fee", "receipt", "R-1"}, 64, {"'R-1' is not a receipt number"})
BAD("fee rate without --period", {"fee", "rate"}, 64, {"--period is required"})
BAD("fee arrears --min-days not a number", {"fee", "arrears", "--min-days", "many"}, 64, {"--min-days 'many'"})
BAD("fee hold with both --until and --lift", {"fee", "hold", "1-1-202", "--until", "2027-01-01", "--lift"}, 64,
    {"--until", "--lift"})
BAD("fee hold of an unknown unit", {"fee", "hold", "8-8-808", "--until", "2027-01-01", "--reason", "x"}, 66,
    {"unknown unit '8-8-808'"})
BAD("fee remind --stage not a stage", {"fee", "remind", "--stage", "sms"}, 64, {"unknown stage 'sms'"})
BAD("fee reminders --status not a status", {"fee", "reminders", "--status", "lost"}, 64,
    {"--status 'lost' is not a reminder status"})
BAD("fee reminders --stage not a stage", {"fee", "reminders", "--stage", "sms"}, 64,
    {"--stage 'sms' is not a dunning stage (allowed: notice, letter, visit, legal)"})
BAD("fee resolve with both --sent and --retry", {"fee", "resolve", "1", "--sent", "--retry"}, 64, {"--sent", "--retry"})
BAD("fee resolve of a reminder that does not exist", {"fee", "resolve", "404", "--sent"}, 66, {"no reminder 404"})
BAD("fee refer without --legal", {"fee", "refer", "1-1-202", "--reason", "x"}, 64, {"--legal"})
BAD("fee statement of an unknown unit", {"fee", "statement", "8-8-808"}, 66, {"unknown unit '8-8-808'"})
BAD("fee waive of an unknown unit", {"fee", "waive", "8-8-808", "--reason", "x"}, 66, {"unknown unit '8-8-808'"})
// audit, db, policy
BAD("audit log --limit negative", {"audit", "log", "--limit", "-3"}, 64, {"--limit '-3'"})
BAD("audit log --since not a time", {"audit", "log", "--since", "last monday"}, 64, {"--since 'last monday'"})
BAD("db backup without a file", {"db", "backup"}, 64, {"FILE is required"})
BAD("db backup into a folder that does not exist", {"db", "backup", "/nonexistent/dir/x.db"}, 73,
    {"'/nonexistent/dir/x.db'"})
BAD("policy explain without a key", {"policy", "explain"}, 64, {"KEY is required"})
BAD("policy explain of a mistyped key", {"policy", "explain", "ticket.callback.leek"}, 64,
    {"'ticket.callback.leek'", "ticket.callback.leak"})
BAD("policy check of a file that does not exist", {"policy", "check", "/nonexistent/p.toml"}, 66, {"/nonexistent/p.toml"})

// ============================================================================================
// Impossible dates and times
// ============================================================================================

#define APPOINT(value)                                                                                               \
  BAD("ticket new --appoint " value, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x",      \
      "--appoint", value}, 64, {"--appoint '" value "' is not a time"})
APPOINT("2026-02-30T10:00")
APPOINT("2026-11-24T24:00")
APPOINT("2026-13-01T10:00")
APPOINT("2026-11-24T10:60")
APPOINT("2026-11-31")
APPOINT("2026-00-10T10:00")
APPOINT("24:00")

BAD("fee hold --until February 30", {"fee", "hold", "1-1-202", "--until", "2026-02-30", "--reason", "x"}, 64,
    {"--until '2026-02-30' is not a date"})
BAD("fee hold --until month 13", {"fee", "hold", "1-1-202", "--until", "2026-13-01", "--reason", "x"}, 64,
    {"--until '2026-13-01' is not a date"})
BAD("fee hold --until February 29 of a common year", {"fee", "hold", "1-1-202", "--until", "2027-02-29", "--reason", "x"},
    64, {"--until '2027-02-29' is not a date"})
BAD("unit set --moved-in February 30", {"unit", "set", "1-1-101", "--moved-in", "2026-02-30"}, 64,
    {"--moved-in '2026-02-30'"})
BAD("unit set --moved-in month 13", {"unit", "set", "1-1-101", "--moved-in", "2026-13-01"}, 64, {"--moved-in '2026-13-01'"})
BAD("complaint new --requested-by February 30", {"complaint", "new", "--unit", "1-1-102", "--subject", "x",
    "--requested-by", "2026-02-30"}, 64, {"--requested-by '2026-02-30' is not a time"})
BAD("complaint new --requested-by 24:00", {"complaint", "new", "--unit", "1-1-102", "--subject", "x", "--requested-by",
    "2026-12-01T24:00"}, 64, {"--requested-by '2026-12-01T24:00' is not a time"})
BAD("complaint new --requested-by month 13", {"complaint", "new", "--unit", "1-1-102", "--subject", "x",
    "--requested-by", "2026-13-01"}, 64, {"--requested-by '2026-13-01' is not a time"})
BAD("ticket no-answer --next February 30", {"ticket", "no-answer", "T2", "--next", "2026-02-30T10:00"}, 64,
    {"--next '2026-02-30T10:00' is not a time"})
BAD("ticket no-answer --next 24:00", {"ticket", "no-answer", "T2", "--next", "2026-11-24T24:00"}, 64,
    {"--next '2026-11-24T24:00' is not a time"})
BAD("fee payments --date at 24:00", {"fee", "payments", "--date", "2026-11-23T24:00"}, 64,
    {"--date '2026-11-23T24:00' is not a date"})
BAD("--now February 30", {"--now", "2026-02-30T10:00", "unit", "list"}, 64, {"--now '2026-02-30T10:00' is not a time"})
BAD("--now 24:00", {"--now", "2026-11-23T24:00", "unit", "list"}, 64, {"--now '2026-11-23T24:00' is not a time"})
BAD("--now month 13", {"--now", "2026-13-01", "unit", "list"}, 64, {"--now '2026-13-01' is not a time"})
BAD("fee bill --period month 13", {"fee", "bill", "--period", "2026-13"}, 64, {"--period '2026-13' is not a month"})
BAD("fee bill --period month 0", {"fee", "bill", "--period", "2026-00"}, 64, {"--period '2026-00' is not a month"})
BAD("fee bill --period with a day", {"fee", "bill", "--period", "2026-02-30"}, 64, {"--period '2026-02-30' is not a month"})
BAD("fee bills --period month 13", {"fee", "bills", "--period", "2026-13"}, 64, {"--period '2026-13' is not a month"})
BAD("fee pay --period month 13", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash", "--period",
    "2026-13"}, 64, {"--period '2026-13' is not a month"})
BAD("fee rate --period month 13", {"fee", "rate", "--period", "2026-13"}, 64, {"--period '2026-13' is not a month"})
BAD("fee payments --date February 30", {"fee", "payments", "--date", "2026-02-30"}, 64, {"--date '2026-02-30' is not a date"})
BAD("audit log --since month 13", {"audit", "log", "--since", "2026-13-01"}, 64, {"--since '2026-13-01' is not a time"})
BAD("ticket list --since February 30", {"ticket", "list", "--since", "2026-02-30"}, 64, {"--since '2026-02-30'"})
BAD("visit list --since 24:00", {"visit", "list", "--since", "24:00"}, 64, {"--since '24:00'"})
BAD("fee reminders --since month 13", {"fee", "reminders", "--since", "2026-13-01"}, 64, {"--since '2026-13-01'"})
BAD("complaint list --month February 30", {"complaint", "list", "--month", "2026-02-30"}, 64,
    {"--month '2026-02-30' is not a month"})
BAD("complaint list --month 0", {"complaint", "list", "--month", "2026-00"}, 64, {"--month '2026-00' is not a month"})

// ============================================================================================
// Absurd amounts: payments, prices, charges, areas
// ============================================================================================

#define PAY(value, ...)                                                                                              \
  BAD("fee pay --amount '" value "'", {"fee", "pay", "--unit", "1-1-202", "--amount", value, "--method", "cash"}, 64,   \
      {"--amount '" value "'", __VA_ARGS__})
PAY("99999999999", "200000.00 yuan, fee.max_payment")
PAY("200000.01", "200000.00 yuan, fee.max_payment")
PAY("-5", "more than 0")
PAY("0", "more than 0")
PAY("0.00", "more than 0")
PAY("1e5", "exponents are not allowed")
PAY("12.345", "at most two decimals")
PAY(" 12", "spaces are not allowed")
PAY("12.", "expected an amount in yuan")
PAY(".5", "expected an amount in yuan")
PAY("+5", "'+' sign is not allowed")
PAY("0x10", "expected an amount in yuan")
PAY("NaN", "expected an amount in yuan")
PAY("inf", "expected an amount in yuan")
PAY("", "empty value")
PAY("¥10", "expected an amount in yuan")
PAY("10元", "expected an amount in yuan")
PAY("92233720368547758.08", "")

#define PRICE(value, ...)                                                                                            \
  BAD("ticket new --price '" value "'", {"ticket", "new", "--unit", "1-1-102", "--category", "electric", "--desc", "x",  \
      "--urgent", "--paid", "--price", value}, 64, {"--price '" value "'", __VA_ARGS__})
PRICE("99999999999", "20000.00 yuan, ticket.paid.max_charge")
PRICE("-5", "negative amounts are not allowed")
PRICE("1e5", "exponents are not allowed")
PRICE("12.345", "at most two decimals")
PRICE("abc", "is not an amount in yuan")

#define CHARGE(value, ...)                                                                                           \
  BAD("ticket done --charge '" value "'", {"ticket", "done", "T4", "--charge", value}, 64, {"--charge '" value "'", __VA_ARGS__})
CHARGE("99999999999", "20000.00 yuan, ticket.paid.max_charge")
CHARGE("-80", "negative amounts are not allowed")
CHARGE("8e1", "exponents are not allowed")
CHARGE("80.001", "at most two decimals")

#define AREA(value, ...)                                                                                             \
  BAD("unit add --area '" value "'", {"unit", "add", "--code", "9-1-101", "--area", value, "--status", "vacant"}, 64,   \
      {"--area '" value "'", __VA_ARGS__})
AREA("99999999999", "area too large")
AREA("0", "an area must be positive")
AREA("1e5", "exponents are not allowed")
AREA("-80", "")
AREA("80.001", "")

// ============================================================================================
// CSV: bad rows, bad headers, encodings, byte-order marks
// ============================================================================================

#define UNIT_CSV(name, content, ...) BAD("unit import " name, {"unit", "import", "-"}, 65, {__VA_ARGS__}, content)
UNIT_CSV("with a byte-order mark and a bad row: the line numbers stay right",
         "\xEF\xBB\xBF" + kUnitHeader + unit_row() + unit_row("abc", "赵六", "", "9-1-102"),
         "<stdin>:3: column area_m2: 'abc'")
UNIT_CSV("of a UTF-16 file", std::string("\xFF\xFE" "c\0o\0d\0e\0", 10), "line 1, column 4", "NUL byte")
UNIT_CSV("with a NUL byte", kUnitHeader + std::string("9-1-101,9,1,101,80\0,occupied,,,,,,no\n", 37), "line 2",
         "NUL byte")
UNIT_CSV("of an empty file", "", "the file is empty", "code, area_m2, status")
UNIT_CSV("with a column twice", "code,area_m2,status,code\n9-1-101,80,occupied,9-1-101\n", "column 'code' appears twice")
UNIT_CSV("with a value under no column", "code,area_m2,status\n9-1-101,80,occupied,x\n", "line 2", "4 fields",
         "3 columns")
UNIT_CSV("with a column without a name", "code,area_m2,status,\n9-1-101,80,occupied,x\n", "column 4 has a value but no name")
UNIT_CSV("with a misspelt column", "code,area,status\n9-1-101,80,occupied\n", "unknown column 'area'", "area_m2")
UNIT_CSV("with an owner name holding ESC", kUnitHeader + unit_row("80.00", "\x1b[2J王五"),
         "column owner_name: '\u241b[2J王五'", "U+001B ESC")
UNIT_CSV("with an owner name holding a quoted line break", kUnitHeader + unit_row("80.00", "\"王\n五\""),
         "column owner_name: '王 五'", "holds a line break")
UNIT_CSV("with an owner name of 201 characters", kUnitHeader + unit_row("80.00", chars(201)),
         "column owner_name:", "is 201 characters long")
UNIT_CSV("with an area of 99999999999", kUnitHeader + unit_row("99999999999"), "column area_m2: '99999999999'",
         "area too large")
UNIT_CSV("with an area of 0", kUnitHeader + unit_row("0"), "column area_m2: '0'", "must be positive")
UNIT_CSV("with an area of 1e5", kUnitHeader + unit_row("1e5"), "column area_m2: '1e5'", "exponents")
UNIT_CSV("with a move-in date in month 13", kUnitHeader + unit_row("80.00", "王五", "2026-13-01"),
         "column moved_in: '2026-13-01'")
UNIT_CSV("with a move-in date of 24:00", kUnitHeader + unit_row("80.00", "王五", "2026-11-01T24:00"),
         "column moved_in: '2026-11-01T24:00'")
UNIT_CSV("with a building that contradicts the code", kUnitHeader + "9-1-101,8,1,101,80.00,occupied,王五,,,,,no\n",
         "column building: '8'")
UNIT_CSV("with a bad tenant phone", kUnitHeader + "9-1-101,9,1,101,80.00,rented,王五,,李雷,phone,,no\n",
         "column tenant_phone: 'phone'")
UNIT_CSV("with a bad row after 500 good ones reports the row and imports nothing",
         [] {
           std::string s = kUnitHeader;
           for (int i = 1; i <= 500; ++i) s += unit_row("80.00", "王五", "", "9-1-" + std::to_string(1000 + i));
           return s + unit_row("80", "赵六", "2026-02-30", "9-1-9999");
         }(),
         "<stdin>:502: column moved_in: '2026-02-30'")
BAD("unit import of a UTF-8 file declared GBK", {"unit", "import", "--encoding", "gbk", "-"}, 65,
    {"line 2", "the file is UTF-8, not GBK", "drop --encoding gbk"}, kUnitHeader + unit_row())
BAD("unit import of a file that is not GBK declared GBK", {"unit", "import", "--encoding", "gbk", "-"}, 65,
    {"line 2", "byte 0x81 is not valid GBK"}, kUnitHeader + unit_row("80.00", "\x81\x20"))
BAD("unit import with an unknown encoding", {"unit", "import", "--encoding", "latin1", "-"}, 64,
    {"--encoding", "'latin1' is not an encoding (allowed: utf-8, gbk"}, kUnitHeader)
BAD("unit import of a file named on the command line", {"unit", "import", "@file"}, 65,
    {"@file:2: column status: 'sold'"}, "", kUnitHeader + "9-1-101,9,1,101,80.00,sold,王五,,,,,no\n")
BAD("unit import of a folder", {"unit", "import", "/"}, 66, {"'/'"})

#define STAFF_CSV(name, content, ...) BAD("staff import " name, {"staff", "import", "-"}, 65, {__VA_ARGS__}, content)
STAFF_CSV("without the role column", "login,name\nli,李\n", "required column 'role' is missing")
STAFF_CSV("with an extra field", "login,name,role\nli,李,technician,extra\n", "line 2", "4 fields")
STAFF_CSV("with active not yes or no", "login,name,role,active\nli,李,technician,maybe\n", "column active: 'maybe'",
          "allowed: yes, no")
STAFF_CSV("with a phone of two digits", "login,name,role,phone\nli,李,technician,12\n", "column phone: '12'")
STAFF_CSV("with a name holding BEL", "login,name,role\nli,李\a,technician\n", "column name: '李\u2407'", "U+0007 BEL")
STAFF_CSV("with a name of 201 characters", "login,name,role\nli," + chars(201) + ",technician\n", "column name:",
          "is 201 characters long")
STAFF_CSV("with a role written in Chinese", "login,name,role\nli,李,技术员\n", "column role: '技术员'")
STAFF_CSV("with an unknown column", "login,name,role,email\nli,李,technician,li@example.com\n", "unknown column 'email'")
STAFF_CSV("of a GBK file read as UTF-8", "login,name,role\nli,\xC0\xEE,technician\n", "line 2", "--encoding gbk")

#define METER_CSV(name, content, ...) BAD("meter import " name, {"fee", "meter", "import", "-"}, 65, {__VA_ARGS__}, content)
METER_CSV("read on February 30", kMeterHeader + "1-1-201,water,200,2026-02-30\n", "column read_on: '2026-02-30'")
METER_CSV("read on an empty date", kMeterHeader + "1-1-201,water,200,\n", "column read_on: ''")
METER_CSV("with a negative reading", kMeterHeader + "1-1-201,water,-5,2026-11-20\n", "column reading: '-5'",
          "negative amounts are not allowed")
METER_CSV("with a reading of 1e5", kMeterHeader + "1-1-201,water,1e5,2026-11-20\n", "column reading: '1e5'", "exponents")
METER_CSV("with an empty reading", kMeterHeader + "1-1-201,water,,2026-11-20\n", "column reading: ''", "empty value")
METER_CSV("with a reading of three decimals", kMeterHeader + "1-1-201,water,120.125,2026-11-20\n",
          "column reading: '120.125'")
METER_CSV("with a reading of 99999999999", kMeterHeader + "1-1-201,water,99999999999,2026-11-20\n",
          "column reading: '99999999999': is more than a meter shows (999999.99, fee.max_meter_reading)")
METER_CSV("with a meter name in capitals", kMeterHeader + "1-1-201,WATER,120,2026-11-20\n", "column meter: 'WATER'")
METER_CSV("without the unit column", "meter,reading,read_on\nwater,120,2026-11-20\n", "required column 'unit'")
BAD("meter import of a UTF-8 file declared GBK", {"fee", "meter", "import", "--encoding", "gbk", "-"}, 65,
    {"the file is UTF-8, not GBK"}, kMeterHeader + "1-1-201,water,120,2026-11-20\n# 水表\n")

// ============================================================================================
// TOML policies: unknown keys, wrong types, impossible values, zero deadlines
// ============================================================================================

#define POLICY(name, toml, ...) BAD("policy " name, {"--policy", "@file", "unit", "list"}, 78, {__VA_ARGS__}, "", toml)
POLICY("with an unknown top-level key", "colour = \"blue\"\n", "@file:1:1: colour: unknown key")
POLICY("with an unknown key in [complaint]", "[complaint]\nflavour = 1\n", "@file:2:1: complaint.flavour: unknown key")
POLICY("with an unknown [roles] action", "[roles]\nfly = \"admin\"\n", "@file:2:1: roles.fly: unknown key")
POLICY("with a misspelt section", "[tickets]\nclock = \"calendar\"\n", "tickets: unknown key")
POLICY("with a zero dispatch deadline", "[ticket.sla.household]\ndispatch_within = \"0m\"\n",
       "@file:2:19: ticket.sla.household.dispatch_within: must be longer than 0, got \"0m\"")
POLICY("with a zero leak callback", "[ticket.callback]\nleak = \"0d\"\n", "ticket.callback.leak: must be longer than 0")
POLICY("with a zero complaint callback", "[complaint]\ncallback_within = \"0h\"\n",
       "complaint.callback_within: must be longer than 0")
POLICY("with a zero resolve deadline for major complaints", "[complaint.severity.major]\nresolve_within = \"0d\"\n",
       "complaint.severity.major.resolve_within: must be longer than 0")
POLICY("with a zero outreach period", "[visit]\noutreach_every = \"0mo\"\n", "visit.outreach_every: must be longer than 0")
POLICY("with a deadline as a number", "[ticket.sla.household]\ndispatch_within = 7\n",
       "ticket.sla.household.dispatch_within: expected a duration", "got 7")
POLICY("with a negative deadline", "[ticket.sla.household]\ndispatch_within = \"-5m\"\n", "got \"-5m\"")
POLICY("with a deadline in words", "[ticket.sla.public]\narrive_within = \"10 minutes\"\n", "got \"10 minutes\"")
POLICY("with a late fee as a float", "[fee]\nlate_fee_per_day = 0.001\n", "fee.late_fee_per_day: expected a decimal string",
       "got 0.001")
POLICY("with a negative late fee", "[fee]\nlate_fee_per_day = \"-0.001\"\n", "got \"-0.001\"")
POLICY("with a late-fee cap above 1", "[fee]\nlate_fee_cap = \"2\"\n", "fee.late_fee_cap: must be between 0 and 1, got 2")
POLICY("with a rate as a number", "[fee.items.property]\nrate = 2.5\n", "fee.items.property.rate: expected an amount",
       "got 2.5")
POLICY("with a negative rate", "[fee.items.property]\nrate = \"-1\"\n", "fee.items.property.rate", "got \"-1\"")
POLICY("with a payment limit beyond any amount", "[fee]\nmax_payment = \"99999999999999999\"\n", "fee.max_payment",
       "got \"99999999999999999\"")
POLICY("with an entrusted factor of 1.5", "[fee]\nstatus_factor = { entrusted = 1.5 }\n",
       "fee.status_factor.entrusted: must be between 0 and 1, got 1.5")
POLICY("with an unknown allocation", "[fee]\nallocation = \"random\"\n", "fee.allocation", "got \"random\"")
POLICY("with an empty receipt prefix", "[fee]\nreceipt_prefix = \"\"\n", "fee.receipt_prefix: must not be empty")
POLICY("with an unknown channel kind", "[channels.sms]\nkind = \"pigeon\"\n", "channels.sms.kind", "got \"pigeon\"")
POLICY("with an empty role order", "[roles]\norder = []\n", "roles.order: must not be empty")
POLICY("with the role order as a string", "[roles]\norder = \"admin\"\n", "roles.order: expected an array of strings")
POLICY("with an action for a role that does not exist", "[roles]\nvoid_receipt = \"boss\"\n",
       "roles.void_receipt: role 'boss' is not in roles.order")
POLICY("with an action for the read-only role", "[roles]\nvoid_receipt = \"quality\"\n",
       "roles.void_receipt: role 'quality' is read-only")
POLICY("with a role both ranked and read-only", "[roles]\nread_only = [\"admin\"]\n",
       "roles.read_only[0]: role 'admin' is in both")
POLICY("with an impossible holiday", "[calendar]\nholidays = [\"2026-02-30\"]\n", "calendar.holidays[0]",
       "got \"2026-02-30\"")
POLICY("with a closing time of 18:60", "[calendar]\nclose = \"18:60\"\n", "calendar.close", "got \"18:60\"")
POLICY("that opens after it closes", "[calendar]\nopen = \"20:00\"\nclose = \"09:00\"\n",
       "calendar.close: open 20:00 is not before close 09:00")
POLICY("that opens at 24:00", "[calendar]\nopen = \"24:00\"\n", "calendar.close: open 24:00 is not before close 20:00")
POLICY("with an unknown weekday", "[calendar]\nworkdays = [\"mon\", \"fri\", \"funday\"]\n", "calendar.workdays[2]",
       "'funday'")
POLICY("with a UTC offset of 25 hours", "[site]\nutc_offset = \"+25:00\"\n", "site.utc_offset", "got \"+25:00\"")
POLICY("with an empty site name", "[site]\nname = \"\"\n", "site.name: must not be empty")
POLICY("with a site name holding ESC", "[site]\nname = \"\\u001b[31m示例\"\n", "@file:2:8: site.name", "U+001B ESC")
POLICY("with a satisfaction target of 1.5", "[targets]\nsatisfaction_rate = 1.5\n",
       "targets.satisfaction_rate: must be between 0 and 1, got 1.5")
POLICY("with a reopen threshold of 9", "[ticket.callback]\nreopen_at_or_below = 9\n",
       "ticket.callback.reopen_at_or_below: must be between 1 and 5, got 9")
POLICY("with a boolean written as a string", "[ticket.paid]\npost_to_ledger = \"yes\"\n",
       "ticket.paid.post_to_ledger: expected a boolean")
POLICY("with a charge item that is not a fee item", "[ticket.paid]\nfee_item = \"nosuch\"\n",
       "ticket.paid.fee_item: unknown fee item 'nosuch'")
POLICY("with no ticket categories", "[ticket]\ncategories = []\n", "ticket.categories: must not be empty")
POLICY("with a ticket category twice", "[ticket]\ncategories = [\"water\", \"water\"]\n",
       "ticket.categories[1]: duplicate value 'water'")
POLICY("with an unknown ticket clock", "[ticket]\nclock = \"lunar\"\n", "ticket.clock", "got \"lunar\"")
POLICY("with a rating scale of 0 labels", "[visit]\nscale = []\n", "visit.scale: must have exactly 5 labels")
POLICY("of a newer schema", "schema = 2\n", "schema: unsupported policy schema 2")
POLICY("with a TOML syntax error", "[ticket\n", "@file:1:8")
POLICY("not valid UTF-8", "[site]\nname = \"\xff\"\n", "@file", "not valid UTF-8")
BAD("policy check of a file with two problems names both", {"policy", "check", "@file"}, 78,
    {"@file:2:1: colour: unknown key", "@file:4:19: ticket.sla.household.dispatch_within"}, "",
    "\ncolour = 1\n[ticket.sla.household]\ndispatch_within = \"0m\"\n")

// ============================================================================================
// Records that do not exist, records in the wrong state, empty and malformed values — noun by noun
// ============================================================================================

// unit
BAD("unit add with an owner phone of three digits", {"unit", "add", "--code", "9-1-101", "--area", "80", "--status",
    "vacant", "--owner-phone", "123"}, 64, {"--owner-phone '123'", "7-15 digits"})
BAD("unit add with an empty code", {"unit", "add", "--code", "", "--area", "80", "--status", "vacant"}, 64,
    {"--code ''", "1-4 groups of letters or digits"})
BAD("unit add of a code that exists", {"unit", "add", "--code", "1-1-101", "--area", "80", "--status", "vacant"}, 65,
    {"unit '1-1-101' already exists"})
BAD("unit set --area 0", {"unit", "set", "1-1-101", "--area", "0"}, 64, {"--area '0': an area must be positive"})
BAD("unit set --status not a status", {"unit", "set", "1-1-101", "--status", "sold"}, 64,
    {"--status 'sold': allowed: occupied, vacant, entrusted, rented"})
BAD("unit set of a unit that does not exist", {"unit", "set", "8-8-808", "--owner", "x"}, 66, {"unknown unit '8-8-808'"})
BAD("unit import of a file that does not exist", {"unit", "import", "/nonexistent/units.csv"}, 66,
    {"'/nonexistent/units.csv'", "No such file"})
BAD("unit import --dry-run of a file that does not exist", {"unit", "import", "--dry-run", "/nonexistent/units.csv"}, 66,
    {"'/nonexistent/units.csv'"})
// staff
BAD("staff add with an empty name", {"staff", "add", "--login", "li", "--name", "", "--role", "technician"}, 64,
    {"--name must not be empty"})
BAD("staff add of a login that exists", {"staff", "add", "--login", "wangfang", "--name", "x", "--role", "technician"}, 65,
    {"staff member 'wangfang' already exists"})
BAD("staff set --role not a role", {"staff", "set", "wangfang", "--role", "boss"}, 64, {"unknown role 'boss' (allowed:"})
BAD("staff set --phone not a phone", {"staff", "set", "wangfang", "--phone", "abc"}, 64, {"invalid phone 'abc'"})
BAD("staff import of a role in GBK that is no role", {"staff", "import", "--encoding", "gbk", "-"}, 65,
    {"<stdin>:2: column role: '技术员'"}, "login,name,role\nli,li,\xBC\xBC\xCA\xF5\xD4\xB1\n")
// ticket
BAD("ticket new with an empty description", {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "",
    "--urgent"}, 64, {"--desc must describe the problem"})
BAD("ticket new for a unit and a public place at once", {"ticket", "new", "--unit", "1-1-102", "--public", "--location",
    "x", "--category", "water", "--desc", "x", "--urgent"}, 64, {"either --unit", "--public --location, not both"})
BAD("ticket new for no unit and no place", {"ticket", "new", "--category", "water", "--desc", "x", "--urgent"}, 64,
    {"give --unit for a household repair, or --public --location"})
BAD("ticket new urgent with an appointment", {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "x",
    "--urgent", "--appoint", "2026-11-24T10:00"}, 64, {"--appoint is for scheduled tickets"})
BAD("ticket dispatch of a ticket that is done", {"ticket", "dispatch", "T3", "--to", "wuming"}, 65,
    {"cannot dispatch T3: it is done"})
BAD("ticket done of a ticket that is new", {"ticket", "done", "T1"}, 65, {"cannot complete T1: it is new"})
BAD("ticket arrive of a ticket that does not exist", {"ticket", "arrive", "T404"}, 66, {"unknown ticket 'T404'"})
BAD("ticket list --unit of a unit that does not exist", {"ticket", "list", "--unit", "8-8-808"}, 66,
    {"unknown unit '8-8-808'"})
BAD("visit list --unit of a unit that does not exist", {"visit", "list", "--unit", "8-8-808"}, 66,
    {"unknown unit '8-8-808'"})
BAD("ticket list --to of a technician that does not exist", {"ticket", "list", "--to", "ghost"}, 66,
    {"unknown staff member 'ghost'"})
// complaint
BAD("complaint new for a unit that does not exist", {"complaint", "new", "--unit", "8-8-808", "--subject", "x"}, 66,
    {"unknown unit '8-8-808'"})
BAD("complaint new by carrier pigeon", {"complaint", "new", "--unit", "1-1-102", "--subject", "x", "--channel", "pigeon"},
    64, {"--channel 'pigeon' is not allowed (allowed: phone"})
BAD("complaint new with a phone of two digits", {"complaint", "new", "--unit", "1-1-102", "--subject", "x", "--phone",
    "12"}, 64, {"--phone '12' is not a phone number"})
BAD("complaint new requested by a day gone", {"complaint", "new", "--unit", "1-1-102", "--subject", "x",
    "--requested-by", "2020-01-01"}, 64, {"--requested-by '2020-01-01' is not after now"})
BAD("complaint resolve with an empty resolution", {"complaint", "resolve", "C2", "--resolution", ""}, 64,
    {"--resolution must say how it was resolved"})
BAD("complaint close of a complaint that does not exist", {"complaint", "close", "C404"}, 66,
    {"unknown complaint 'C404'"})
BAD("complaint escalate with an empty reason", {"complaint", "escalate", "C2", "--reason", ""}, 64,
    {"--reason must say why it is escalated"})
// visit
BAD("visit show of a ref that is not a visit", {"visit", "show", "abc"}, 64, {"'abc' is not a visit"})
BAD("visit log for a complaint that does not exist", {"visit", "log", "--complaint", "C404", "--method", "phone",
    "--rating", "5"}, 66, {"unknown complaint 'C404'"})
BAD("visit log by carrier pigeon", {"visit", "log", "--ticket", "T3", "--method", "carrier-pigeon", "--rating", "5"}, 64,
    {"--method 'carrier-pigeon' is not a callback method (allowed: phone, onsite)"})
BAD("visit log at a unit that does not exist", {"visit", "log", "--unit", "8-8-808", "--method", "phone", "--rating", "5"},
    66, {"unknown unit '8-8-808'"})
BAD("visit log of a ticket and a complaint at once", {"visit", "log", "--ticket", "T3", "--complaint", "C1", "--method",
    "phone", "--rating", "5"}, 64, {"exactly one of --ticket, --complaint, --unit or --visit"})
BAD("visit due --within negative", {"visit", "due", "--within", "-1d"}, 64, {"--within '-1d'", "cannot be negative"})
BAD("visit list --ticket T0", {"visit", "list", "--ticket", "T0"}, 64, {"'T0' is not a ticket"})
// fee and dunning
BAD("fee pay a bill that does not exist", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash",
    "--bill", "0"}, 66, {"unknown bill '0'"})
BAD("fee pay a bill number beyond any integer", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash",
    "--bill", "99999999999999999999"}, 64, {"bill '99999999999999999999' is not a bill number"})
BAD("fee pay another unit's bill", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash", "--bill",
    "1"}, 65, {"bill 1 belongs to unit 1-1-101, not 1-1-202"})
BAD("fee pay with an empty reference", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method", "cash", "--ref",
    ""}, 64, {"--ref '' is not a reference (allowed: 1-64 characters"})
BAD("fee pay with a reference of 65 characters", {"fee", "pay", "--unit", "1-1-202", "--amount", "10", "--method",
    "cash", "--ref", chars(65)}, 64, {"--ref '" + chars(65) + "' is not a reference"})
BAD("fee void with an empty reason", {"fee", "void", "R2026-000001", "--reason", ""}, 64, {"--reason must not be empty"})
BAD("fee cancel of a bill that does not exist", {"fee", "cancel", "999", "--reason", "x"}, 66, {"unknown bill '999'"})
BAD("fee waive with an empty reason", {"fee", "waive", "1-1-202", "--reason", ""}, 64, {"--reason must not be empty"})
BAD("fee hold until a day gone", {"fee", "hold", "1-1-202", "--until", "2020-01-01", "--reason", "x"}, 65,
    {"--until '2020-01-01' is before today (2026-11-23)"})
BAD("fee hold without a reason", {"fee", "hold", "1-1-202", "--until", "2027-01-01"}, 64, {"--reason is required"})
BAD("fee arrears --min-days negative", {"fee", "arrears", "--min-days", "-1"}, 64, {"--min-days '-1'"})
BAD("fee refer of a unit that does not exist", {"fee", "refer", "8-8-808", "--legal", "--reason", "x"}, 66,
    {"unknown unit '8-8-808'"})
BAD("fee remind of a unit that does not exist", {"fee", "remind", "--unit", "8-8-808"}, 66, {"unknown unit '8-8-808'"})
BAD("fee reminders --unit of a unit that does not exist", {"fee", "reminders", "--unit", "8-8-808"}, 66,
    {"unknown unit '8-8-808'"})
BAD("fee bills --unit of a unit that does not exist", {"fee", "bills", "--unit", "8-8-808"}, 66,
    {"unknown unit '8-8-808'"})
BAD("fee resolve of reminder 0", {"fee", "resolve", "0", "--sent"}, 64, {"'0' is not a reminder id"})
// audit
BAD("audit verify --anchor not a hash", {"audit", "verify", "--anchor", "nothex"}, 64,
    {"--anchor 'nothex' holds no anchor (expected a 64-digit hash"})
BAD("audit verify --anchor with a short hash", {"audit", "verify", "--anchor", "5:abc"}, 64,
    {"--anchor '5:abc' holds no anchor"})
BAD("audit verify --anchor of a file holding no anchor", {"audit", "verify", "--anchor", "@file"}, 64,
    {"--anchor '@file' holds no anchor"}, "", "not an anchor\n")
BAD("audit verify --anchor of a file that does not exist", {"audit", "verify", "--anchor", "/nonexistent/anchors.log"},
    66, {"cannot read '/nonexistent/anchors.log': No such file"})
BAD("audit verify --anchor of a folder", {"audit", "verify", "--anchor", "/"}, 66, {"cannot read '/': it is a folder"})
BAD("audit log --limit beyond any integer", {"audit", "log", "--limit", "99999999999999999999"}, 64,
    {"--limit '99999999999999999999'"})
BAD("audit log --since 24:00", {"audit", "log", "--since", "2026-11-23T24:00"}, 64, {"--since '2026-11-23T24:00'"})
BAD("audit head with an argument", {"audit", "head", "extra"}, 64, {"unexpected argument 'extra'"})
// db
BAD("db backup to an empty file name", {"db", "backup", ""}, 64, {"FILE '' is not a file name"})
BAD("db backup to :memory:", {"db", "backup", ":memory:"}, 64, {"FILE ':memory:' is not a file name"})
BAD("db backup over a file that exists", {"db", "backup", "@file"}, 73, {"'@file' already exists"}, "", "keep me")
BAD("db check with an argument", {"db", "check", "extra"}, 64, {"unexpected argument 'extra'"})
BAD("db stats with an argument", {"db", "stats", "extra"}, 64, {"unexpected argument 'extra'"})
BAD("db migrate with an argument", {"db", "migrate", "extra"}, 64, {"unexpected argument 'extra'"})
// policy
BAD("policy check of a folder", {"policy", "check", "/"}, 66, {"'/'", "is a directory"})
BAD("policy explain of an empty key", {"policy", "explain", ""}, 64, {"unknown policy key ''"})
BAD("policy show with an argument", {"policy", "show", "extra"}, 64, {"unexpected argument 'extra'"})
