// Units (户): the homes of the estate, their owners, tenants, area and occupancy status.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/op.hpp"
#include "svc/value.hpp"

namespace svc::unit {

// occupied 自住, vacant 空置, entrusted 托管 (domain-rules 3.3), rented 出租 (3.6).
inline const std::vector<std::string> kStatuses = {"occupied", "vacant", "entrusted", "rented"};

struct Unit {
  std::int64_t id = 0;
  std::string code;  // building-entrance-room, e.g. 3-2-1501
  std::string building, entrance, room;
  std::int64_t area_centi = 0;  // hundredths of m²
  std::string status;
  std::string owner_name;
  std::optional<std::string> owner_phone, tenant_name, tenant_phone, moved_in;
  bool has_parking = false;
};

// Every field as text, as it comes from CSV or options; unset = not given.
struct Fields {
  std::optional<std::string> building, entrance, room, area_m2, status, owner_name, owner_phone,
      tenant_name, tenant_phone, moved_in, has_parking;
};

// The CSV columns, in order (cli.md), plus has_parking for the parking fee's applies_to.
const std::vector<std::string>& csv_columns();

std::optional<Unit> find(db::Database& db, std::string_view code);
// Exit 66 "unknown unit" with a hint when absent.
Unit get(db::Database& db, std::string_view code);

struct ListFilter {
  std::optional<std::string> building;
  std::optional<std::string> status;
  std::optional<std::string> search;  // substring of code, owner or tenant name
  int limit = 0;
};
std::vector<Unit> list(db::Database& db, const ListFilter& filter);
std::vector<std::string> codes(db::Database& db, int limit);

struct Summary {
  std::int64_t units = 0;
  std::int64_t area_centi = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_status;  // status → count (all statuses)
  std::vector<std::pair<std::string, std::int64_t>> by_building;
};
Summary summarize(db::Database& db);

// Checks fields; a problem reporter is called with (column, value, reason) for each bad field.
// `creating` requires area and status.
using Reporter = std::function<void(std::string_view column, std::string_view value, std::string_view why)>;
void check_fields(std::string_view code, const Fields& f, bool creating, const Reporter& report);

// Both need the policy's manage_units role.
Unit add(Op& op, std::string_view code, Fields f);
Unit set(Op& op, std::string_view code, Fields f);

struct ImportResult {
  int added = 0;
  int updated = 0;
  int unchanged = 0;
};
// All-or-nothing: every row is checked, every bad field reported (line, column, value) in one
// error, and nothing is written unless all rows are good. Existing codes are updated. Needs the
// manage_units role.
ImportResult import_csv(Op& op, std::string_view utf8_text, std::string_view source_name);

Value to_value(const Unit& u, bool reveal);

}  // namespace svc::unit
