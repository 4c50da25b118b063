// Policy: the built-in default, merging a site file, show/round-trip, error positions, explain.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <map>
#include <set>
#include <fstream>
#include <string>
#include <unistd.h>

#include "svc/embedded.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/policy.hpp"
#include "svc/policy_convert.hpp"
#include "svc/policy_keys.hpp"
#include "svc/toml_check.hpp"

namespace {

using svc::Duration;

// Error texts are compared in English; restores the language afterwards.
struct English {
  svc::Lang saved = svc::lang();
  English() { svc::set_lang(svc::Lang::en); }
  ~English() { svc::set_lang(saved); }
};

svc::Policy site(std::string_view text) { return svc::parse_policy(text, "site.toml", "/srv/site"); }

// The message of the Error that parsing `text` raises, or "" when it parses.
std::string error_of(std::string_view text, svc::Exit* code = nullptr) {
  try {
    site(text);
  } catch (const svc::Error& e) {
    if (code) *code = e.code();
    return e.what();
  }
  return "";
}

// The line of the built-in default (examples/policy.toml) that starts with `text`, so the
// positions the checker reports are expected where the key really is.
int default_line(std::string_view text) {
  std::ifstream f(std::string(SVC_SOURCE_DIR) + "/examples/policy.toml");
  int n = 0;
  for (std::string line; std::getline(f, line);) {
    ++n;
    if (line.rfind(text, 0) == 0) return n;
  }
  return -1;
}
std::string builtin_at(std::string_view text, int column) { return fmt::format("built-in:{}:{}: ", default_line(text), column); }

Duration minutes(std::int64_t m) { return {m * 60, Duration::Unit::seconds}; }
Duration days(std::int64_t d) { return {d, Duration::Unit::days}; }
Duration weeks(std::int64_t w) { return {w, Duration::Unit::weeks}; }
Duration months(std::int64_t m) { return {m, Duration::Unit::months}; }

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("svc_policy_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path write(const std::string& name, std::string_view text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return path / name;
  }
};

// Every dotted key `t` sets, tables included; an array, of tables too, is one key (as documented).
void walk(const toml::table& t, const std::string& prefix, std::set<std::string>& out) {
  for (const auto& [k, v] : t) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    out.insert(key);
    if (const auto* sub = v.as_table()) walk(*sub, key, out);
  }
}

}  // namespace

TEST_CASE("policy default matches policy.md") {
  const svc::Policy p = svc::load_policy(std::nullopt);
  CHECK(p.source == "built-in");
  CHECK(p.schema == 1);
  CHECK(p.site.name == "示例花园 管理处");
  CHECK(p.site.utc_offset == 8 * 3600);
  CHECK_FALSE(p.site.database.has_value());
  CHECK(p.calendar.utc_offset == 8 * 3600);
  CHECK(p.calendar.open_minute == 9 * 60);
  CHECK(p.calendar.close_minute == 20 * 60);
  CHECK(p.calendar.workdays == std::array<bool, 7>{true, true, true, true, true, true, true});
  CHECK(p.calendar.holidays.empty());

  CHECK(p.ticket.clock == svc::ClockKind::calendar);
  CHECK(p.ticket.categories.size() == 9);
  CHECK(p.ticket.categories.front() == "water");
  CHECK(p.ticket.callback_class.at("leak") == "leak");
  CHECK(p.ticket.household.dispatch_within == minutes(7));
  CHECK(p.ticket.household.arrive_within == minutes(15));
  CHECK(p.ticket.household.complete_within == days(2));
  CHECK_FALSE(p.ticket.household.urgent_complete_within.has_value());
  CHECK(p.ticket.public_area.dispatch_within == minutes(8));
  CHECK(p.ticket.public_area.arrive_within == minutes(10));
  CHECK(p.ticket.callback.leak == days(3));
  CHECK(p.ticket.callback.fallback == days(2));
  CHECK(p.ticket.callback.reopen_at_or_below == 2);
  CHECK(p.ticket.paid.post_to_ledger);
  CHECK(p.ticket.paid.fee_item == "repair");
  CHECK(svc::callback_within(p, "leak") == days(3));
  CHECK(svc::callback_within(p, "water") == days(2));

  CHECK(p.complaint.callback_within == Duration{48 * 3600, Duration::Unit::seconds});
  CHECK(p.complaint.upgrade_to_major_after == months(1));
  CHECK(p.complaint.severity.at("major").escalate_to == "director");
  CHECK(p.complaint.severity.at("major").escalate_within->unit == Duration::Unit::same_day);
  CHECK(p.complaint.severity.at("major").resolve_within == days(10));
  CHECK_FALSE(p.complaint.severity.at("minor").escalate_to.has_value());
  REQUIRE(p.complaint.ladder.size() == 3);
  CHECK(p.complaint.ladder[0].after == days(2));
  CHECK(p.complaint.ladder[0].level == "supervisor");
  CHECK(p.complaint.ladder[2].after == weeks(2));
  CHECK(p.complaint.ladder[2].level == "gm");

  CHECK(p.fee.receipt_prefix == "R");
  CHECK(p.fee.allocation == svc::Allocation::oldest_due_first);
  CHECK(p.fee.late_fee_per_day == 0);
  CHECK(p.fee.status_factor.at("entrusted") == 700000);
  const svc::FeeItem* property = svc::find_fee_item(p, "property");
  REQUIRE(property != nullptr);
  CHECK(property->rate == 250);
  CHECK(property->basis == svc::FeeBasis::area);
  CHECK(property->due_day == 15);
  CHECK(svc::find_fee_item(p, "parking")->applies_to == "has_parking");
  CHECK(svc::find_fee_item(p, "water")->meter == "water");
  CHECK(svc::find_fee_item(p, "repair")->due_within == days(7));
  CHECK(svc::find_fee_item(p, "gas") == nullptr);
  REQUIRE(p.fee.dunning.size() == 4);
  CHECK(p.fee.dunning[0].stage == "notice");
  CHECK(p.fee.dunning[0].repeat == months(1));
  CHECK(p.fee.dunning[1].after == months(3));
  CHECK(p.fee.dunning[2].only_status == std::vector<std::string>{"occupied"});
  CHECK(p.fee.dunning[3].channel == "none");
  CHECK(p.fee.dunning[3].approve_role == "manager");

  CHECK(p.channels.at("sms").kind == svc::ChannelKind::exec);
  CHECK(p.channels.at("sms").command.at(1) == "{phone}");
  CHECK(p.channels.at("letter").outbox == std::filesystem::path("outbox/letters"));
  CHECK(p.visit.outreach_every == months(6));
  CHECK(p.visit.scale.at(4) == "非常满意");
  CHECK(p.patrol.plan_due_day == 0);
  REQUIRE(p.patrol.routes.size() == 6);
  CHECK(p.patrol.routes[2].code == "roads");
  CHECK(p.patrol.routes[2].every.times == 3);
  CHECK(p.patrol.routes[2].times == std::vector<int>{9 * 60 + 30, 13 * 60 + 30, 17 * 60 + 30});
  CHECK(p.patrol.checklists.at("stairwell").size() == 14);
  CHECK(p.patrol.checklists.at("stairwell").front().text == "走廊灯、楼梯灯是否正常");
  CHECK(p.patrol.route("entrusted")->weekday == 0);
  CHECK(p.patrol.route("entrusted")->heavy_rain);
  CHECK(p.patrol.route("stairwells")->per_building);
  CHECK(p.violation.subcategories.at("renovation").size() == 6);
  CHECK(p.violation.penalty_roles == std::vector<std::string>{"supervisor", "manager"});
  CHECK(p.violation.fee_item == "compensation");
  CHECK(p.violation.retain_major == Duration{5, Duration::Unit::years});
  CHECK(p.violation.major_handler == "manager");
  CHECK(p.targets.at("satisfaction_rate") == 850000);
  CHECK(p.targets.at("dunning_rate") == 1000000);
  CHECK(p.targets.count("collection_rate") == 0);
  CHECK(p.roles.order.front() == "technician");
  CHECK(p.roles.actions.at("void_receipt") == "supervisor");
  CHECK(p.hash().size() == 64);
}

TEST_CASE("policy role helpers") {
  const svc::Policy p = svc::load_policy(std::nullopt);
  CHECK(svc::role_rank(p, "technician") == 0);
  CHECK(svc::role_rank(p, "foreman") == 1);
  CHECK(svc::role_rank(p, "admin") == 8);
  CHECK(svc::role_rank(p, "quality") == -1);
  CHECK(svc::role_rank(p, "boss") == -1);
  CHECK(svc::is_known_role(p, "quality"));
  CHECK_FALSE(svc::is_known_role(p, "boss"));
  CHECK(svc::role_may(p, "manager", "void_receipt"));
  CHECK_FALSE(svc::role_may(p, "assistant", "void_receipt"));
  CHECK_FALSE(svc::role_may(p, "quality", "reveal_phone"));
  // domain-rules 9.2: the foreman (工程部领班) dispatches public repairs by name, supervisors and
  // above too; the front desk and the assistant ranked between them do not.
  CHECK(p.roles.actions.at("dispatch_public_ticket") == "supervisor");
  CHECK(svc::role_may(p, "foreman", "dispatch_public_ticket"));
  CHECK(svc::role_may(p, "gm", "dispatch_public_ticket"));
  CHECK_FALSE(svc::role_may(p, "frontdesk", "dispatch_public_ticket"));
  CHECK_FALSE(svc::role_may(p, "assistant", "dispatch_public_ticket"));
  CHECK_FALSE(svc::role_may(p, "technician", "dispatch_public_ticket"));
  CHECK_FALSE(svc::role_may(p, "foreman", "take_ticket"));
  CHECK(svc::calendar(p).spec().close_minute == 20 * 60);
}

TEST_CASE("policy override of one key keeps the rest") {
  const svc::Policy base = svc::load_policy(std::nullopt);
  const svc::Policy p = site("[ticket.callback]\nleak = \"4d\"\n[site]\ndatabase = \"data/svc.db\"\n");
  CHECK(p.source == "site.toml");
  CHECK(p.ticket.callback.leak == days(4));
  CHECK(p.ticket.callback.safety == days(2));
  CHECK(p.ticket.callback.reopen_at_or_below == 2);
  CHECK(p.site.name == base.site.name);
  CHECK(p.site.database == std::filesystem::path("/srv/site/data/svc.db"));
  CHECK(p.channels.at("letter").outbox == std::filesystem::path("/srv/site/outbox/letters"));
  CHECK(p.complaint.ladder.size() == 3);
  CHECK(p.fee.items.size() == base.fee.items.size());
  CHECK(p.hash() != base.hash());
}

TEST_CASE("policy a new fee item is added beside the defaults") {
  const svc::Policy p = site(
      "[fee.items.mailbox]\nname = \"信箱费\"\nbasis = \"unit\"\nrate = \"5\"\ncycle = \"year\"\n"
      "due_day = 1\n[fee.items.property]\nrate = \"3.10\"\n");
  REQUIRE(svc::find_fee_item(p, "mailbox") != nullptr);
  CHECK(svc::find_fee_item(p, "mailbox")->rate == 500);
  CHECK(svc::find_fee_item(p, "mailbox")->cycle == svc::FeeCycle::year);
  CHECK(svc::find_fee_item(p, "property")->rate == 310);
  CHECK(svc::find_fee_item(p, "property")->name == "物业管理费");
  CHECK(p.fee.items.size() == 7);
}

TEST_CASE("policy arrays of tables replace the default whole") {
  const svc::Policy p = site(
      "[[complaint.ladder]]\nafter = \"3d\"\nlevel = \"manager\"\n"
      "[[fee.dunning]]\nstage = \"call\"\nafter = \"10d\"\nchannel = \"stdout\"\n"
      "[ticket]\ncategories = [\"water\", \"leak\"]\ncallback_class = { leak = \"leak\" }\n"
      "[patrol]\nticket_category = \"water\"\n");
  REQUIRE(p.complaint.ladder.size() == 1);
  CHECK(p.complaint.ladder[0].after == days(3));
  CHECK(p.complaint.ladder[0].level == "manager");
  REQUIRE(p.fee.dunning.size() == 1);
  CHECK(p.fee.dunning[0].stage == "call");
  CHECK(p.ticket.categories == std::vector<std::string>{"water", "leak"});
}

TEST_CASE("policy inline tables replace the default whole") {
  const svc::Policy p = site("[fee]\nstatus_factor = { vacant = 0.5 }\n");
  CHECK(p.fee.status_factor.size() == 1);
  CHECK(p.fee.status_factor.at("vacant") == 500000);
  English en;
  CHECK(error_of("[violation]\nretain = { general = \"2y\" }\n") ==
        "site.toml:2:10: violation.retain.major: required key is missing");
}

TEST_CASE("policy show_toml round-trips the default") {
  const svc::Policy p = svc::load_policy(std::nullopt);
  const std::string text = svc::show_toml(p);
  CHECK(text.rfind("# svc effective policy (source: built-in", 0) == 0);
  CHECK(text.find("entrusted = 0.7 ") != std::string::npos);
  CHECK(text.find("satisfaction_rate = 0.85\n") != std::string::npos);
  const svc::Policy again = site(text);
  CHECK(again.hash() == p.hash());
  CHECK(again.fee.status_factor.at("entrusted") == 700000);
  CHECK(again.complaint.ladder.size() == 3);
  const std::string shown = svc::show_toml(again);
  CHECK(shown.substr(shown.find('\n')) == text.substr(text.find('\n')));
}

TEST_CASE("policy show_toml round-trips an override") {
  const svc::Policy p = site(
      "[targets]\ncollection_rate = 0.955\nreceipt_rate = 1\n"
      "[ticket.callback_class]\ngas = \"safety\"\n[ticket]\ncategories = [\"gas\", \"leak\"]\n"
      "[[complaint.ladder]]\nafter = \"1d\"\nlevel = \"supervisor\"\n"
      "[calendar]\nholidays = [\"2026-10-01\"]\n[patrol]\nticket_category = \"gas\"\n");
  CHECK(p.targets.at("collection_rate") == 955000);
  CHECK(p.ticket.callback_class.size() == 1);
  CHECK(p.calendar.holidays.count(svc::Date{2026, 10, 1}) == 1);
  const svc::Policy again = site(svc::show_toml(p));
  CHECK(again.hash() == p.hash());
  CHECK(again.targets.at("collection_rate") == 955000);
  CHECK(again.targets.at("receipt_rate") == 1000000);
  CHECK(again.complaint.ladder.size() == 1);
  CHECK(again.ticket.callback_class.at("gas") == "safety");
  // The same values written differently give the same hash.
  const svc::Policy spaced = site("[targets]\nreceipt_rate = 1.0\ncollection_rate = 0.9550\n"
                                  "[calendar]\nholidays = [\"2026-10-01\"]\n"
                                  "[[complaint.ladder]]\nafter = \"1d\"\nlevel = \"supervisor\"\n"
                                  "[ticket]\ncallback_class = { gas = \"safety\" }\n"
                                  "categories = [\"gas\", \"leak\"]\n[patrol]\nticket_category = \"gas\"\n");
  CHECK(spaced.hash() == p.hash());
}

TEST_CASE("policy error unknown key at top level and nested") {
  English en;
  CHECK(error_of("colour = 1\n") ==
        "site.toml:1:1: colour: unknown key (allowed: schema, site, calendar, ticket, complaint, "
        "fee, channels, visit, patrol, violation, desk, targets, roles)");
  CHECK(error_of("[ticket]\nclok = \"calendar\"\n") ==
        "site.toml:2:1: ticket.clok: unknown key (allowed: clock, categories, callback_class, "
        "pause_statuses, cancel_grace, sla, callback, rework, paid)");
  CHECK(error_of("[fee.items.water]\nunit = \"m3\"\n") ==
        "site.toml:2:1: fee.items.water.unit: unknown key (allowed: name, basis, rate, cycle, "
        "due_day, due_within, meter, applies_to)");
}

TEST_CASE("policy error wrong type") {
  English en;
  svc::Exit code = svc::Exit::ok;
  CHECK(error_of("[site]\nname = 5\n", &code) ==
        "site.toml:2:8: site.name: expected a string, got integer");
  CHECK(code == svc::Exit::config);
  CHECK(error_of("[ticket.paid]\npost_to_ledger = \"yes\"\n") ==
        "site.toml:2:18: ticket.paid.post_to_ledger: expected a boolean, got string");
  CHECK(error_of("[ticket]\ncategories = [\"water\", 3]\n") ==
        "site.toml:2:24: ticket.categories[1]: expected a string, got integer");
}

TEST_CASE("policy error bad duration") {
  English en;
  CHECK(error_of("[ticket.sla.household]\ndispatch_within = \"fast\"\n") ==
        "site.toml:2:19: ticket.sla.household.dispatch_within: expected a duration such as "
        "\"15m\", \"2d\" or \"3mo\", got \"fast\"");
  CHECK(error_of("[ticket.callback]\nleak = \"-3d\"\n") ==
        "site.toml:2:8: ticket.callback.leak: expected a duration such as \"15m\", \"2d\" or "
        "\"3mo\", got \"-3d\"");
}

TEST_CASE("policy error ladder backwards") {
  English en;
  CHECK(error_of("[[complaint.ladder]]\nafter = \"2w\"\nlevel = \"manager\"\n"
                 "[[complaint.ladder]]\nafter = \"1w\"\nlevel = \"gm\"\n") ==
        "site.toml:5:9: complaint.ladder[1].after: ladder goes backwards: 1w is not after 2w");
  CHECK(error_of("[[fee.dunning]]\nstage = \"a\"\nafter = \"3mo\"\nchannel = \"none\"\n"
                 "[[fee.dunning]]\nstage = \"b\"\nafter = \"2mo\"\nchannel = \"none\"\n") ==
        "site.toml:7:9: fee.dunning[1].after: dunning ladder goes backwards: 2mo is not after 3mo");
}

TEST_CASE("policy error fraction above 1") {
  English en;
  CHECK(error_of("[targets]\nsatisfaction_rate = 1.5\n") ==
        "site.toml:2:21: targets.satisfaction_rate: must be between 0 and 1, got 1.5");
  CHECK(error_of("[fee]\nstatus_factor = { entrusted = 7 }\n") ==
        "site.toml:2:31: fee.status_factor.entrusted: must be between 0 and 1, got 7");
  CHECK(error_of("[fee]\nlate_fee_cap = \"1.5\"\n") ==
        "site.toml:2:16: fee.late_fee_cap: must be between 0 and 1, got 1.5");
}

TEST_CASE("policy error unknown role") {
  English en;
  CHECK(error_of("[roles]\nvoid_receipt = \"boss\"\n") ==
        "site.toml:2:16: roles.void_receipt: role 'boss' is not in roles.order");
  CHECK(error_of("[roles]\nvoid_receipt = \"quality\"\n") ==
        "site.toml:2:16: roles.void_receipt: role 'quality' is read-only (roles.read_only) and "
        "cannot act");
  // A role removed from the order is reported where the default still names it.
  const std::string e = error_of(
      "[roles]\norder = [\"frontdesk\",\"assistant\",\"supervisor\",\"manager\",\"director\",\"admin\"]\n");
  CHECK(e == builtin_at("level = \"gm\"", 9) + "complaint.ladder[2].level: role 'gm' is not in roles.order\n" +
                 builtin_at("dispatch_public_ticket", 27) +
                 "roles.dispatch_public_ticket[0]: role 'foreman' is not in roles.order");
  // An action written as a list: every role in it is checked, at its own position.
  CHECK(error_of("[roles]\ndispatch_public_ticket = [\"foreman\", \"boss\"]\n") ==
        "site.toml:2:38: roles.dispatch_public_ticket[1]: role 'boss' is not in roles.order");
  CHECK(error_of("[roles]\ndispatch_public_ticket = 3\n") ==
        "site.toml:2:26: roles.dispatch_public_ticket: expected a role or an array of roles, got integer");
}

TEST_CASE("policy error unknown checklist") {
  English en;
  CHECK(error_of("[patrol.routes.roads]\nchecklist = \"foo\"\n") ==
        "site.toml:2:13: patrol.routes.roads.checklist: unknown checklist 'foo' (defined: "
        "entrusted, facilities, roads, stairwell, surroundings, vacant)");
}

TEST_CASE("policy error cross references") {
  English en;
  CHECK(error_of("[ticket]\ncategories = [\"water\", \"leak\"]\n") ==
        builtin_at("callback_class", 20) + "ticket.callback_class.safety: unknown ticket category 'safety' "
        "(categories: water, leak)\n" + builtin_at("ticket_category = ", 19) +
        "patrol.ticket_category: 'public_facility' is not a ticket category (ticket.categories: water, leak)");
  CHECK(error_of("[[fee.dunning]]\nstage = \"x\"\nafter = \"1d\"\nchannel = \"fax\"\n") ==
        "site.toml:4:11: fee.dunning[0].channel: unknown channel 'fax' (defined: letter, mail, "
        "sms; built-in: none, stdout, visit)");
  CHECK(error_of("[fee]\nallocation = \"by_item_priority\"\n") ==
        "site.toml:2:14: fee.allocation: by_item_priority needs a non-empty fee.item_priority");
  CHECK(error_of("[ticket]\ncallback_class = { water = \"wet\" }\n") ==
        "site.toml:2:28: ticket.callback_class.water: 'wet' is not a callback key (allowed: "
        "safety, leak, default)");
  CHECK(error_of("[ticket]\ncategories = [\"water\", \"water\"]\n") ==
        "site.toml:2:24: ticket.categories[1]: duplicate value 'water'");
  CHECK(error_of("[ticket]\ncategories = []\n") ==
        "site.toml:2:14: ticket.categories: must not be empty");
  CHECK(error_of("[ticket.callback]\nreopen_at_or_below = 6\n") ==
        "site.toml:2:22: ticket.callback.reopen_at_or_below: must be between 1 and 5, got 6");
  CHECK(error_of("[fee.items.water]\ndue_day = 31\n") ==
        "site.toml:2:11: fee.items.water.due_day: must be between 1 and 28, got 31");
  CHECK(error_of("[site]\nutc_offset = \"CST\"\n") ==
        "site.toml:2:14: site.utc_offset: expected an offset such as \"+08:00\", got \"CST\"");
  CHECK(error_of("[calendar]\nopen = \"21:00\"\n") ==
        builtin_at("close = ", 9) + "calendar.close: open 21:00 is not before close 20:00");
  CHECK(error_of("[calendar]\nholidays = [\"2026-02-30\"]\n") ==
        "site.toml:2:13: calendar.holidays[0]: expected a date such as \"2026-10-01\", got "
        "\"2026-02-30\"");
  CHECK(error_of("schema = 2\n") == "site.toml:1:10: schema: unsupported policy schema 2 (this svc reads 1)");
}

TEST_CASE("policy collects every problem one line each") {
  English en;
  const std::string e = error_of("[visit]\nsatisfied_at_or_above = 9\n[site]\nname = true\nbogus = 1\n");
  CHECK(e ==
        "site.toml:2:25: visit.satisfied_at_or_above: must be between 1 and 5, got 9\n"
        "site.toml:4:8: site.name: expected a string, got boolean\n"
        "site.toml:5:1: site.bogus: unknown key (allowed: name, utc_offset, database)");
}

TEST_CASE("policy error syntax position") {
  English en;
  svc::Exit code = svc::Exit::ok;
  const std::string e = error_of("[site]\nname = \"x\"\nutc_offset = \n", &code);
  CHECK(code == svc::Exit::config);
  CHECK(e.rfind("site.toml:3:", 0) == 0);
  const std::string utf8 = error_of("[site]\nname = \"\xC9\xCF\xBA\xA3\"\n");
  CHECK(utf8.rfind("site.toml:2:", 0) == 0);
  CHECK(utf8.find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("policy missing file is no_input") {
  English en;
  try {
    svc::load_policy(std::filesystem::path("/nonexistent/svc/policy.toml"));
    FAIL("expected an error");
  } catch (const svc::Error& e) {
    CHECK(e.code() == svc::Exit::no_input);
    CHECK(std::string(e.what()).find("/nonexistent/svc/policy.toml") != std::string::npos);
  }
}

TEST_CASE("policy load from a file resolves paths against its folder") {
  TempDir dir;
  const auto file = dir.write("svc.toml", "[site]\ndatabase = \"svc.db\"\n");
  const svc::Policy p = svc::load_policy(file);
  CHECK(p.source == file.string());
  CHECK(p.site.database == dir.path / "svc.db");
  English en;
  const auto bad = dir.write("bad.toml", "[site]\nname = 1\n");
  try {
    svc::load_policy(bad);
    FAIL("expected an error");
  } catch (const svc::Error& e) {
    CHECK(e.code() == svc::Exit::config);
    CHECK(std::string(e.what()) == bad.string() + ":2:8: site.name: expected a string, got integer");
  }
}

TEST_CASE("policy explain ticket.callback.leak") {
  const svc::Policy p = site("[ticket.callback]\nleak = \"4d\"\n");
  const auto info = svc::explain_key(p, "ticket.callback.leak");
  REQUIRE(info.has_value());
  CHECK(info->rule.rfind("domain-rules 1.9 ", 0) == 0);
  CHECK(info->default_value == "\"3d\"");
  CHECK(info->value == "\"4d\"");
  CHECK_FALSE(info->governs.empty());
  const auto table = svc::explain_key(p, "ticket.callback");
  REQUIRE(table.has_value());
  CHECK(table->value.find("[ticket.callback]") != std::string::npos);
  CHECK(table->value.find("leak = \"4d\"") != std::string::npos);
  const auto rate = svc::explain_key(p, "fee.items.property.rate");
  REQUIRE(rate.has_value());
  CHECK(rate->value == "\"2.50\"");
  CHECK_FALSE(svc::explain_key(p, "fee.items.gas.rate").has_value());
  CHECK_FALSE(svc::explain_key(p, "ticket.callback.lake").has_value());
  const auto ladder = svc::explain_key(p, "complaint.ladder");
  REQUIRE(ladder.has_value());
  CHECK(ladder->value.find("[[complaint.ladder]]") != std::string::npos);
  const auto unset = svc::explain_key(p, "targets.collection_rate");
  REQUIRE(unset.has_value());
  CHECK(unset->value.empty());
}

TEST_CASE("policy every documented key has explain metadata") {
  English en;
  const svc::Policy p = svc::load_policy(std::nullopt);
  const auto keys = svc::policy_keys();
  CHECK(keys.size() > 100);
  for (const auto& key : keys) {
    INFO(key);
    const auto info = svc::explain_key(p, key);
    REQUIRE(info.has_value());
    CHECK_FALSE(info->rule.empty());
    CHECK_FALSE(info->governs.empty());
    // Chinese exists for every sentence the CLI will show.
    svc::set_lang(svc::Lang::zh);
    CHECK(svc::tr(info->governs) != info->governs);
    svc::set_lang(svc::Lang::en);
  }
  CHECK(svc::suggest_keys("ticket.callback.lake").at(0) == "ticket.callback.leak");
  CHECK(svc::suggest_keys("dunning_rate").at(0) == "targets.dunning_rate");
  CHECK(svc::suggest_keys("fee.item.water").at(0) == "fee.items.water");
  CHECK(svc::suggest_keys("zzzzzzzzzzzz").empty());
}

TEST_CASE("policy error messages are translated") {
  svc::Lang saved = svc::lang();
  svc::set_lang(svc::Lang::zh);
  const std::string e = error_of("[site]\nname = 5\n");
  svc::set_lang(saved);
  CHECK(e.rfind("site.toml:2:8: site.name: ", 0) == 0);
  CHECK(e.find("expected") == std::string::npos);
}

TEST_CASE("policy every key has a documentation row and every row a key") {
  // The keys: all the built-in default sets, and all the checks look up over it (optional keys
  // the default leaves unset, such as site.database, included). A row of an array of tables
  // ("fee.dunning[0].stage") is part of the array's one documented key.
  const toml::table defaults = toml::parse(svc::embedded::default_policy(), std::string_view("built-in"));
  std::set<std::string> keys;
  walk(defaults, "", keys);
  svc::toml_check::Checker ck{"built-in"};
  ck.remember_keys();
  svc::policy_convert::convert_policy(ck, defaults, {});
  REQUIRE(ck.ok());
  for (const auto& key : ck.keys_looked_up())
    if (key.find('[') == std::string::npos) keys.insert(key);
  CHECK(keys.count("fee.items.water.rate") == 1);
  CHECK(keys.count("site.database") == 1);

  std::set<const svc::PolicyKeyDoc*> used;
  for (const auto& key : keys) {
    INFO("no row in src/svc/policy_keys.cpp for the policy key " << key);
    const svc::PolicyKeyDoc* doc = svc::find_policy_key_doc(key);
    CHECK(doc != nullptr);
    used.insert(doc);
  }
  for (const auto& doc : svc::policy_key_docs()) {
    INFO("the row for " << doc.key << " names no key of the default policy or its checks");
    CHECK(used.count(&doc) == 1);
  }
}

TEST_CASE("policy error channels") {
  English en;
  CHECK(error_of("[channels.none]\nkind = \"exec\"\n") ==
        "site.toml:1:11: channels.none: 'none' is a built-in channel and cannot be defined here");
  CHECK(error_of("[channels.x]\nkind = \"exec\"\n") ==
        "site.toml:1:1: channels.x.command: required for channel kind 'exec'");
  CHECK(error_of("[channels.x]\nkind = \"letter\"\ncommand = [\"a\"]\n") ==
        "site.toml:1:1: channels.x.outbox: required for channel kind 'letter'\n"
        "site.toml:3:11: channels.x.command: not used by channel kind 'letter'");
  // A wrong value is reported before its use: both at the value's position, in that order.
  CHECK(error_of("[channels.x]\nkind = \"none\"\ncommand = []\n") ==
        "site.toml:3:11: channels.x.command: must not be empty\n"
        "site.toml:3:11: channels.x.command: not used by channel kind 'none'");
  CHECK(error_of("[channels.x]\nkind = \"exec\"\ncommand = [\"/bin/x\", \"{phone}\", \"{nope}\"]\n"
                 "template = \"{owner} {what} {amount\"\nsendmail = [\"a\"]\nsubject = \"s\"\n") ==
        "site.toml:3:33: channels.x.command[2]: unknown placeholder '{nope}' (allowed: site, owner, "
        "unit, items, amount, date, deadline, phone, stage)\n"
        "site.toml:4:12: channels.x.template: unknown placeholder '{what}' (allowed: site, owner, "
        "unit, items, amount, date, deadline, phone, stage)\n"
        "site.toml:5:12: channels.x.sendmail: not used by channel kind 'exec'\n"
        "site.toml:6:11: channels.x.subject: not used by channel kind 'exec'");
  const svc::Policy p = site("[channels.post]\nkind = \"letter\"\noutbox = \"letters\"\n"
                             "[channels.gateway]\nkind = \"mail\"\nto = \"{phone}@sms.example.com\"\n");
  CHECK(p.channels.at("post").outbox == std::filesystem::path("/srv/site/letters"));
  CHECK(p.channels.at("gateway").sendmail == std::vector<std::string>{"/usr/sbin/sendmail", "-t"});
  CHECK(p.channels.size() == 5);
}

TEST_CASE("policy error fee items") {
  English en;
  // Three problems at the table's own position keep the order they were found in.
  CHECK(error_of("[fee.items.gas]\nname = \"燃气\"\nbasis = \"meter\"\n") ==
        "site.toml:1:1: fee.items.gas.rate: required for basis \"meter\"\n"
        "site.toml:1:1: fee.items.gas: set due_day or due_within\n"
        "site.toml:1:1: fee.items.gas.meter: required for basis \"meter\"");
  CHECK(error_of("[fee.items.gas]\nname = \"燃气\"\nbasis = \"area\"\nrate = \"x\"\ncycle = \"week\"\n"
                 "due_day = 1\ndue_within = \"2d\"\nmeter = \"gas\"\n") ==
        "site.toml:4:8: fee.items.gas.rate: expected an amount in yuan such as \"2.50\", got \"x\"\n"
        "site.toml:5:9: fee.items.gas.cycle: expected one of month, quarter, year, got \"week\"\n"
        "site.toml:7:14: fee.items.gas.due_within: set only one of due_day and due_within\n"
        "site.toml:8:9: fee.items.gas.meter: only for basis \"meter\"");
  CHECK(error_of("[fee]\nallocation = \"by_item_priority\"\nitem_priority = [\"water\", \"gas\"]\n") ==
        "site.toml:3:27: fee.item_priority[1]: unknown fee item 'gas' (defined: compensation, electric, "
        "parking, property, repair, water)");
  CHECK(error_of("[ticket.paid]\nfee_item = \"gas\"\n[fee]\nitems = 3\n") ==
        "site.toml:4:9: fee.items: expected a table, got integer");
  CHECK(error_of("[fee]\nreceipt_prefix = \"R_1\"\n") ==
        "site.toml:2:18: fee.receipt_prefix: must be 1 to 8 ASCII letters, digits or '-', got \"R_1\"");
  CHECK(error_of("[fee]\nstatus_factor = { entrusted = 0.7, haunted = 0.2 }\n") ==
        "site.toml:2:36: fee.status_factor.haunted: unknown unit status 'haunted' (allowed: "
        "occupied, vacant, entrusted, rented)");
  CHECK(error_of("[fee]\nentrusted_meter_limits = { gas = \"5\", water = \"x\" }\n") ==
        "site.toml:2:28: fee.entrusted_meter_limits.gas: unknown meter 'gas' (fee items read: "
        "electric, water)\n"
        "site.toml:2:47: fee.entrusted_meter_limits.water: expected a positive amount such as \"5\" "
        "or \"20.5\", got \"x\"");
  const svc::Policy p = site("[fee.items.gas]\nname = \"燃气\"\nbasis = \"meter\"\nrate = \"3.1\"\n"
                             "meter = \"gas\"\ndue_day = 10\n[fee]\n"
                             "entrusted_meter_limits = { gas = \"12.5\" }\n");
  CHECK(svc::find_fee_item(p, "gas")->rate == 310);
  CHECK(p.fee.entrusted_meter_limits == std::map<std::string, std::int64_t>{{"gas", 1250}});
}

TEST_CASE("policy error dunning rungs and fee.remind") {
  English en;
  CHECK(error_of("[[fee.dunning]]\nstage = \"a\"\nafter = \"1d\"\nchannel = \"none\"\n"
                 "[[fee.dunning]]\nstage = \"a\"\nafter = \"same-day\"\nrepeat = \"0d\"\nchannel = \"fax\"\n"
                 "only_status = [\"occupied\", \"haunted\"]\napprove_role = \"quality\"\n"
                 "[[fee.dunning]]\nafter = \"1d\"\nchannel = \"none\"\nbogus = 1\n") ==
        "site.toml:6:9: fee.dunning[1].stage: duplicate value 'a'\n"
        "site.toml:7:9: fee.dunning[1].after: \"same-day\" is not allowed here; use a length such "
        "as \"2d\"\n"
        "site.toml:8:10: fee.dunning[1].repeat: must be longer than 0, got \"0d\"\n"
        "site.toml:9:11: fee.dunning[1].channel: unknown channel 'fax' (defined: letter, mail, sms; "
        "built-in: none, stdout, visit)\n"
        "site.toml:10:28: fee.dunning[1].only_status[1]: unknown unit status 'haunted' (allowed: "
        "occupied, vacant, entrusted, rented)\n"
        "site.toml:11:16: fee.dunning[1].approve_role: role 'quality' is read-only (roles.read_only) "
        "and cannot act\n"
        "site.toml:12:1: fee.dunning[2].stage: required key is missing\n"
        "site.toml:13:9: fee.dunning[2].after: dunning ladder goes backwards: 1d is not after 1d\n"
        "site.toml:15:1: fee.dunning[2].bogus: unknown key (allowed: stage, anchor, after, repeat, channel, "
        "only_status, approve_role)");
  CHECK(error_of("[fee]\ndunning = [1, 2]\n") ==
        "site.toml:2:11: fee.dunning: expected an array of tables, got array");
  CHECK(error_of("[fee.remind]\nattempts = 0\npay_within = \"0d\"\nlate_after = \"same-day\"\n"
                 "timeout = \"2h\"\n") ==
        "site.toml:2:12: fee.remind.attempts: must be between 1 and 100, got 0\n"
        "site.toml:3:14: fee.remind.pay_within: must be longer than 0, got \"0d\"\n"
        "site.toml:4:14: fee.remind.late_after: \"same-day\" is not allowed here; use a length such "
        "as \"2d\"\n"
        "site.toml:5:11: fee.remind.timeout: must be a fixed length of at most 1h, got '2h'");
  CHECK(error_of("[fee.remind]\ntimeout = \"1mo\"\n") ==
        "site.toml:2:11: fee.remind.timeout: must be a fixed length of at most 1h, got '1mo'");
  const svc::Policy p = site("[fee.remind]\ntimeout = \"1h\"\nattempts = 5\n");
  CHECK(p.fee.remind.timeout == Duration{3600, Duration::Unit::seconds});
  CHECK(p.fee.remind.attempts == 5);
}

TEST_CASE("policy calendar values") {
  English en;
  const svc::Policy p = site("[calendar]\nopen = 08:30:00\nclose = \"24:00\"\n"
                             "workdays = [\"mon\", \"wed\"]\nmakeup_workdays = [2026-09-27]\n");
  CHECK(p.calendar.open_minute == 8 * 60 + 30);
  CHECK(p.calendar.close_minute == 24 * 60);
  CHECK(p.calendar.workdays == std::array<bool, 7>{true, false, true, false, false, false, false});
  CHECK(p.calendar.makeup_workdays.count(svc::Date{2026, 9, 27}) == 1);
  CHECK(error_of("[calendar]\nopen = 09:00:30\n") ==
        "site.toml:2:8: calendar.open: expected a time such as \"09:00\", got time");
  CHECK(error_of("[calendar]\nworkdays = [\"mon\", \"funday\"]\n") ==
        "site.toml:2:20: calendar.workdays[1]: unknown weekday 'funday' (allowed: mon, tue, wed, "
        "thu, fri, sat, sun)");
  CHECK(error_of("[calendar]\nholidays = [\"2026-10-01\"]\nmakeup_workdays = [\"2026-10-01\"]\n") ==
        "site.toml:3:19: calendar.makeup_workdays: 2026-10-01 is both a holiday and a make-up workday");
}

TEST_CASE("policy error complaint severity") {
  English en;
  // The rule is blamed on the default's table, where escalate_to would have to be written.
  CHECK(error_of("[complaint.severity.minor]\nescalate_within = \"1h\"\n") ==
        builtin_at("[complaint.severity.minor]", 1) +
            "complaint.severity.minor.escalate_to: required when escalate_within is set");
  CHECK(error_of("[complaint.severity.urgent]\nresolve_within = \"1d\"\n") ==
        "site.toml:1:21: complaint.severity.urgent: unknown key (allowed: major, important, minor)");
  CHECK(error_of("[complaint.severity.major]\nescalate_to = \"quality\"\n") ==
        "site.toml:2:15: complaint.severity.major.escalate_to: role 'quality' is read-only "
        "(roles.read_only) and cannot act");
}

TEST_CASE("policy patrol and violation") {
  English en;
  const svc::Policy p =
      site("[patrol]\nplan_due = 10\n[patrol.routes.roads]\nfrequency = \"2x-daily\"\ntimes = [\"08:00\", \"20:00\"]\n");
  CHECK(p.patrol.plan_due_day == 10);
  CHECK(p.patrol.routes[2].every.times == 2);
  CHECK(p.patrol.routes[2].frequency == "2x-daily");
  CHECK(error_of("[patrol.routes.roads]\nfrequency = \"25x-daily\"\n") ==
        "site.toml:2:13: patrol.routes.roads.frequency: expected \"daily\", \"weekly\" or "
        "\"Nx-daily\" (e.g. \"3x-daily\"), got \"25x-daily\"");
  CHECK(error_of("[patrol]\nplan_due = 29\n") ==
        "site.toml:2:12: patrol.plan_due: expected \"month-end\" or a day of the month from 1 to 28, "
        "got 29");
  CHECK(error_of("[patrol.routes.new]\nname = \"新\"\n") ==
        "site.toml:1:1: patrol.routes.new.frequency: required key is missing\n"
        "site.toml:1:1: patrol.routes.new.times: required key is missing\n"
        "site.toml:1:1: patrol.routes.new.checklist: required key is missing");
  CHECK(error_of("[violation]\npenalty_roles = [\"boss\", \"quality\", \"manager\"]\n"
                 "major_handler = \"quality\"\n") ==
        "site.toml:2:18: violation.penalty_roles[0]: role 'boss' is not in roles.order\n"
        "site.toml:2:26: violation.penalty_roles[1]: role 'quality' is read-only (roles.read_only) "
        "and cannot act\n"
        "site.toml:3:17: violation.major_handler: role 'quality' is read-only (roles.read_only) and "
        "cannot act");
  CHECK(error_of("[visit]\nscale = [\"a\", \"b\"]\n") ==
        "site.toml:2:9: visit.scale: must have exactly 5 labels (1 = worst … 5 = best), got 2");
}

TEST_CASE("policy [visit] domain-rules 4.1: the outreach period is whole months, questions are not the file's own columns, roles exist") {
  English en;
  CHECK(error_of("[visit]\noutreach_every = \"180d\"\n") ==
        "site.toml:2:18: visit.outreach_every: must be whole months or years such as \"6mo\" or \"1y\" (the plan's "
        "periods are calendar months), got '180d'");
  CHECK(error_of("[visit]\nsurvey_questions = [\"服务态度\", \"date\"]\n") ==
        "site.toml:2:29: visit.survey_questions[1]: 'date' cannot name a question (not empty, and not unit, date or "
        "comment: the file's other columns)");
  CHECK(error_of("[visit]\nplan_role = \"boss\"\n").find("visit.plan_role: role 'boss' is not in roles.order") !=
        std::string::npos);
  CHECK(error_of("[visit]\nvisitor_role = \"quality\"\n").find("visit.visitor_role: role 'quality' is read-only") !=
        std::string::npos);
  const auto p = site("[visit]\noutreach_every = \"1y\"\nsurvey_questions = [\"服务态度\"]\n");
  CHECK(p.visit.survey_questions == std::vector<std::string>{"服务态度"});
  CHECK(p.visit.plan_role == "supervisor");
  CHECK(p.visit.visitor_role == "assistant");
}

TEST_CASE("policy a zero deadline is refused (a rule due the moment it starts is a typo), same-day is not") {
  svc::set_lang(svc::Lang::en);
  CHECK(error_of("[ticket.sla.household]\ndispatch_within = \"0m\"\n") ==
        "site.toml:2:19: ticket.sla.household.dispatch_within: must be longer than 0, got \"0m\"");
  CHECK(error_of("[complaint.severity.important]\nescalate_within = \"same-day\"\n") == "");
}
