// Policy: the built-in default, merging a site file, show/round-trip, error positions, explain.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/policy.hpp"

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
  REQUIRE(p.patrol.routes.size() == 3);
  CHECK(p.patrol.routes[1].code == "grounds");
  CHECK(p.patrol.routes[1].every.times == 3);
  CHECK(p.patrol.checklists.at("stairwell").size() == 14);
  CHECK(p.violation.retain_major == Duration{5, Duration::Unit::years});
  CHECK(p.violation.major_handler == "manager");
  CHECK(p.targets.at("satisfaction_rate") == 850000);
  CHECK(p.targets.at("dunning_rate") == 1000000);
  CHECK(p.targets.count("collection_rate") == 0);
  CHECK(p.roles.order.front() == "technician");
  CHECK(p.roles.actions.at("void_receipt") == "supervisor");
  CHECK(p.hash.size() == 64);
}

TEST_CASE("policy role helpers") {
  const svc::Policy p = svc::load_policy(std::nullopt);
  CHECK(svc::role_rank(p, "technician") == 0);
  CHECK(svc::role_rank(p, "admin") == 7);
  CHECK(svc::role_rank(p, "quality") == -1);
  CHECK(svc::role_rank(p, "boss") == -1);
  CHECK(svc::is_known_role(p, "quality"));
  CHECK_FALSE(svc::is_known_role(p, "boss"));
  CHECK(svc::role_may(p, "manager", "void_receipt"));
  CHECK_FALSE(svc::role_may(p, "assistant", "void_receipt"));
  CHECK_FALSE(svc::role_may(p, "quality", "reveal_phone"));
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
  CHECK(p.hash != base.hash);
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
  CHECK(p.fee.items.size() == 6);
}

TEST_CASE("policy arrays of tables replace the default whole") {
  const svc::Policy p = site(
      "[[complaint.ladder]]\nafter = \"3d\"\nlevel = \"manager\"\n"
      "[[fee.dunning]]\nstage = \"call\"\nafter = \"10d\"\nchannel = \"stdout\"\n"
      "[ticket]\ncategories = [\"water\", \"leak\"]\ncallback_class = { leak = \"leak\" }\n");
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
  CHECK(again.hash == p.hash);
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
      "[calendar]\nholidays = [\"2026-10-01\"]\n");
  CHECK(p.targets.at("collection_rate") == 955000);
  CHECK(p.ticket.callback_class.size() == 1);
  CHECK(p.calendar.holidays.count(svc::Date{2026, 10, 1}) == 1);
  const svc::Policy again = site(svc::show_toml(p));
  CHECK(again.hash == p.hash);
  CHECK(again.targets.at("collection_rate") == 955000);
  CHECK(again.targets.at("receipt_rate") == 1000000);
  CHECK(again.complaint.ladder.size() == 1);
  CHECK(again.ticket.callback_class.at("gas") == "safety");
  // The same values written differently give the same hash.
  const svc::Policy spaced = site("[targets]\nreceipt_rate = 1.0\ncollection_rate = 0.9550\n"
                                  "[calendar]\nholidays = [\"2026-10-01\"]\n"
                                  "[[complaint.ladder]]\nafter = \"1d\"\nlevel = \"supervisor\"\n"
                                  "[ticket]\ncallback_class = { gas = \"safety\" }\n"
                                  "categories = [\"gas\", \"leak\"]\n");
  CHECK(spaced.hash == p.hash);
}

TEST_CASE("policy error unknown key at top level and nested") {
  English en;
  CHECK(error_of("colour = 1\n") ==
        "site.toml:1:1: colour: unknown key (allowed: schema, site, calendar, ticket, complaint, "
        "fee, channels, visit, patrol, violation, targets, roles)");
  CHECK(error_of("[ticket]\nclok = \"calendar\"\n") ==
        "site.toml:2:1: ticket.clok: unknown key (allowed: clock, categories, callback_class, "
        "pause_statuses, sla, callback, paid)");
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
  CHECK(e == "built-in:84:9: complaint.ladder[2].level: role 'gm' is not in roles.order");
}

TEST_CASE("policy error unknown checklist") {
  English en;
  CHECK(error_of("[patrol.routes.grounds]\nchecklist = \"foo\"\n") ==
        "site.toml:2:13: patrol.routes.grounds.checklist: unknown checklist 'foo' (defined: "
        "entrusted_exterior, grounds, stairwell)");
}

TEST_CASE("policy error cross references") {
  English en;
  CHECK(error_of("[ticket]\ncategories = [\"water\", \"leak\"]\n") ==
        "built-in:34:20: ticket.callback_class.safety: unknown ticket category 'safety' "
        "(categories: water, leak)");
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
        "built-in:26:9: calendar.close: open 21:00 is not before close 20:00");
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
