// Units: validation shared by add, set and import; queries; the all-or-nothing CSV import.
#include "svc/unit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "svc/alias.hpp"
#include "svc/csv.hpp"
#include "svc/error.hpp"
#include "svc/money.hpp"
#include "svc/privacy.hpp"
#include "svc/problems.hpp"

namespace svc::unit {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, code, building, entrance, room, area_centi, status, owner_name, owner_phone, "
    "tenant_name, tenant_phone, moved_in, has_parking FROM unit";

Unit read(db::Statement& st) {
  Unit u;
  u.id = st.integer(0);
  u.code = st.text(1);
  u.building = st.text(2);
  u.entrance = st.text(3);
  u.room = st.text(4);
  u.area_centi = st.integer(5);
  u.status = st.text(6);
  u.owner_name = st.text(7);
  u.owner_phone = st.opt_text(8);
  u.tenant_name = st.opt_text(9);
  u.tenant_phone = st.opt_text(10);
  u.moved_in = st.opt_text(11);
  u.has_parking = st.integer(12) != 0;
  return u;
}

std::vector<std::string> split_code(std::string_view code) {
  std::vector<std::string> parts(1);
  for (char c : code) {
    if (c == '-')
      parts.emplace_back();
    else
      parts.back().push_back(c);
  }
  return parts;
}

bool valid_code(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  const auto parts = split_code(code);
  if (parts.size() > 4) return false;
  for (const auto& p : parts) {
    if (p.empty()) return false;
    for (char c : p)
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

std::optional<bool> parse_flag(std::string_view s) {
  if (s == "1" || s == "yes" || s == "true" || s == "y" || s == "是" || s == "有") return true;
  if (s == "0" || s == "no" || s == "false" || s == "n" || s == "否" || s == "无" || s.empty()) return false;
  return std::nullopt;
}

// A status as the office says it (自住, 空置 …, issue 18); one it does not name is left for
// check_fields to report with the others.
void read_status(std::optional<std::string>& status) {
  if (status)
    if (auto code = alias::find("status", *status, kStatuses)) status = code;
}

std::string statuses_list() { return alias::allowed(kStatuses); }

std::optional<std::string> opt_nonempty(const std::optional<std::string>& s) {
  if (!s || s->empty()) return std::nullopt;
  return s;
}

// Applies the given fields onto a unit (fields already checked).
void apply(Unit& u, const Fields& f) {
  if (f.building && !f.building->empty()) u.building = *f.building;
  if (f.entrance) u.entrance = *f.entrance;
  if (f.room && !f.room->empty()) u.room = *f.room;
  if (f.area_m2) u.area_centi = *parse_area(*f.area_m2);
  if (f.status) u.status = *f.status;
  if (f.owner_name) u.owner_name = *f.owner_name;
  if (f.owner_phone) u.owner_phone = f.owner_phone->empty() ? std::nullopt : normalize_phone(*f.owner_phone);
  if (f.tenant_name) u.tenant_name = opt_nonempty(f.tenant_name);
  if (f.tenant_phone) u.tenant_phone = f.tenant_phone->empty() ? std::nullopt : normalize_phone(*f.tenant_phone);
  if (f.moved_in) u.moved_in = opt_nonempty(f.moved_in);
  if (f.has_parking) u.has_parking = *parse_flag(*f.has_parking);
}

void check_combined(const Unit& u, const Reporter& report) {
  // The code says where the home is (building-entrance-room, 3-2-1501): a building, entrance or
  // room given beside it must say the same, or two records would disagree about one door.
  const auto parts = split_code(u.code);
  auto agree = [&](std::string_view column, const std::string& given, const std::string& from_code) {
    if (!given.empty() && given != from_code)
      report(column, given, fmt::format(fmt::runtime(tr("the code {} says {}")), u.code, from_code));
  };
  agree("building", u.building, parts.front());
  agree("room", u.room, parts.back());
  if (parts.size() >= 3) agree("entrance", u.entrance, parts[1]);
  // domain-rules 3.6: a rented home is registered with its tenant (出租房屋登记表).
  if (u.status == "rented" && (!u.tenant_name || u.tenant_name->empty()))
    report("tenant_name", "", tr("a rented unit needs the tenant's name"));
}

void write_new(db::Database& db, const Unit& u, Timestamp now) {
  auto& st = db.cached(
      "INSERT INTO unit (code, building, entrance, room, area_centi, status, owner_name, "
      "owner_phone, tenant_name, tenant_phone, moved_in, has_parking, created_at, updated_at) "
      "VALUES (:code, :building, :entrance, :room, :area, :status, :owner, :owner_phone, :tenant, "
      ":tenant_phone, :moved_in, :parking, :now, :now)");
  st.bind(":code", u.code).bind(":building", u.building).bind(":entrance", u.entrance);
  st.bind(":room", u.room).bind(":area", u.area_centi).bind(":status", u.status);
  st.bind(":owner", u.owner_name).bind(":owner_phone", u.owner_phone);
  st.bind(":tenant", u.tenant_name).bind(":tenant_phone", u.tenant_phone);
  st.bind(":moved_in", u.moved_in).bind(":parking", u.has_parking ? 1 : 0).bind(":now", now);
  st.run();
}

void write_update(db::Database& db, const Unit& u, Timestamp now) {
  auto& st = db.cached(
      "UPDATE unit SET building = :building, entrance = :entrance, room = :room, area_centi = :area, "
      "status = :status, owner_name = :owner, owner_phone = :owner_phone, tenant_name = :tenant, "
      "tenant_phone = :tenant_phone, moved_in = :moved_in, has_parking = :parking, "
      "updated_at = :now WHERE id = :id");
  st.bind(":building", u.building).bind(":entrance", u.entrance).bind(":room", u.room);
  st.bind(":area", u.area_centi).bind(":status", u.status).bind(":owner", u.owner_name);
  st.bind(":owner_phone", u.owner_phone).bind(":tenant", u.tenant_name);
  st.bind(":tenant_phone", u.tenant_phone).bind(":moved_in", u.moved_in);
  st.bind(":parking", u.has_parking ? 1 : 0).bind(":now", now).bind(":id", u.id);
  st.run();
}

// domain-rules 3.3: an entrustment (托管) runs from the day the unit's status became entrusted
// until it changes again (schema/006_fee_entrusted.sql); `fee meter import` counts the meter
// limits from then. Part of the change that sets the status, in its audit entry.
void record_entrustment(Op& op, std::int64_t unit_id, std::string_view before, std::string_view after) {
  if ((before == "entrusted") == (after == "entrusted")) return;
  const std::string today = format_date(local_date(op.now, op.policy.site.utc_offset));
  if (after == "entrusted") {
    auto& st = op.db.cached(
        "INSERT INTO entrustment (unit_id, since, source, created_at, updated_at) "
        "VALUES (:u, :since, 'status', :now, :now)");
    st.bind(":u", unit_id).bind(":since", today).bind(":now", op.now).run();
    op.entry.after(op.db, "entrustment", op.db.last_insert_id());
    return;
  }
  auto& open = op.db.cached("SELECT id FROM entrustment WHERE unit_id = :u AND ended_on IS NULL");
  open.bind(":u", unit_id);
  const auto id = open.step() ? std::optional(open.integer(0)) : std::nullopt;
  open.reset();
  if (!id) return;  // entrusted before entrustments were recorded: nothing to close
  op.entry.before(op.db, "entrustment", *id);
  auto& st = op.db.cached("UPDATE entrustment SET ended_on = max(since, :today), updated_at = :now WHERE id = :id");
  st.bind(":today", today).bind(":now", op.now).bind(":id", *id).run();
  op.entry.after(op.db, "entrustment", *id);
}

bool same(const Unit& a, const Unit& b) {
  return a.building == b.building && a.entrance == b.entrance && a.room == b.room &&
         a.area_centi == b.area_centi && a.status == b.status && a.owner_name == b.owner_name &&
         a.owner_phone == b.owner_phone && a.tenant_name == b.tenant_name &&
         a.tenant_phone == b.tenant_phone && a.moved_in == b.moved_in && a.has_parking == b.has_parking;
}

Unit fresh(std::string_view code) {
  Unit u;
  u.code = std::string(code);
  const auto parts = split_code(code);
  u.building = parts.front();
  u.room = parts.back();
  if (parts.size() >= 3) u.entrance = parts[1];
  return u;
}

// The option that sets a CSV column, for messages about `unit add` / `unit set`.
std::string_view option_for(std::string_view column) {
  static const std::map<std::string_view, std::string_view> names = {
      {"code", "--code"},         {"area_m2", "--area"},          {"owner_name", "--owner"},
      {"owner_phone", "--owner-phone"}, {"tenant_name", "--tenant"}, {"tenant_phone", "--tenant-phone"},
      {"moved_in", "--moved-in"}, {"has_parking", "--parking"},   {"building", "--building"},
      {"entrance", "--entrance"}, {"room", "--room"},             {"status", "--status"}};
  auto it = names.find(column);
  return it == names.end() ? column : it->second;
}

// Collects every bad option of one add/set and throws them together (exit 64).
class OptionProblems {
 public:
  Reporter reporter() {
    return [this](std::string_view column, std::string_view value, std::string_view why) {
      lines_.push_back(fmt::format("{} '{}': {}", option_for(column), value, why));
    };
  }
  void raise_if_any() const {
    if (lines_.empty()) return;
    std::string msg = lines_.front();
    for (std::size_t i = 1; i < lines_.size(); ++i) msg += "\n  " + lines_[i];
    throw Error(Exit::usage, msg);
  }

 private:
  std::vector<std::string> lines_;
};

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> cols = {
      "code", "building", "entrance", "room", "area_m2", "status", "owner_name", "owner_phone",
      "tenant_name", "tenant_phone", "moved_in", "has_parking"};
  return cols;
}

std::optional<Unit> find(db::Database& db, std::string_view code) {
  auto& st = db.cached(std::string(kSelect) + " WHERE code = :code");
  st.bind(":code", code);
  if (!st.step()) return std::nullopt;
  return read(st);
}

Unit get(db::Database& db, std::string_view code) {
  auto u = find(db, code);
  if (!u) fail(Exit::no_input, "unknown unit '{}' (see 'svc unit list')", code);
  return *u;
}

std::vector<Unit> list(db::Database& db, const ListFilter& filter) {
  std::string sql = std::string(kSelect) + " WHERE 1=1";
  if (filter.building) sql += " AND building = :building";
  if (filter.status) sql += " AND status = :status";
  if (filter.search)
    sql += " AND (instr(code, :q) > 0 OR instr(owner_name, :q) > 0 OR instr(coalesce(tenant_name, ''), :q) > 0)";
  // Natural order: building, entrance, room as numbers where they are numbers.
  sql += " ORDER BY CAST(building AS INTEGER), building, CAST(entrance AS INTEGER), entrance, "
         "CAST(room AS INTEGER), room";
  if (filter.limit > 0) sql += " LIMIT :limit";
  auto st = db.prepare(sql);
  if (filter.building) st.bind(":building", *filter.building);
  if (filter.status) st.bind(":status", *filter.status);
  if (filter.search) st.bind(":q", *filter.search);
  if (filter.limit > 0) st.bind(":limit", filter.limit);
  std::vector<Unit> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

std::vector<std::string> codes(db::Database& db, int limit) {
  auto st = db.prepare("SELECT code FROM unit ORDER BY code LIMIT :limit");
  st.bind(":limit", limit);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

Summary summarize(db::Database& db) {
  Summary s;
  {
    auto st = db.prepare("SELECT count(*), coalesce(sum(area_centi), 0) FROM unit");
    st.step();
    s.units = st.integer(0);
    s.area_centi = st.integer(1);
  }
  std::map<std::string, std::int64_t> counts;
  auto st = db.prepare("SELECT status, count(*) FROM unit GROUP BY status");
  while (st.step()) counts[st.text(0)] = st.integer(1);
  for (const auto& status : kStatuses) s.by_status.emplace_back(status, counts[status]);
  auto b = db.prepare(
      "SELECT building, count(*) FROM unit GROUP BY building ORDER BY CAST(building AS INTEGER), building");
  while (b.step()) s.by_building.emplace_back(b.text(0), b.integer(1));
  return s;
}

void check_fields(std::string_view code, const Fields& f, bool creating, const Reporter& report) {
  if (!valid_code(code))
    report("code", code, tr("allowed: 1-4 groups of letters or digits joined by '-', e.g. 3-2-1501"));
  std::string why;
  if (f.area_m2) {
    if (!parse_area(*f.area_m2, &why))
      report("area_m2", *f.area_m2, why);
  } else if (creating) {
    report("area_m2", "", tr("required"));
  }
  if (f.status) {
    bool ok = false;
    for (const auto& s : kStatuses) ok = ok || s == *f.status;
    if (!ok) report("status", *f.status, fmt::format(fmt::runtime(tr("allowed: {}")), statuses_list()));
  } else if (creating) {
    report("status", "", fmt::format(fmt::runtime(tr("required (allowed: {})")), statuses_list()));
  }
  for (auto [col, val] : {std::pair{"owner_phone", &f.owner_phone}, std::pair{"tenant_phone", &f.tenant_phone}})
    if (*val && !(*val)->empty() && !normalize_phone(**val))
      report(col, **val, tr("allowed: 7-15 digits, optionally with '+' and '-'"));
  if (f.moved_in && !f.moved_in->empty() && !parse_date(*f.moved_in))
    report("moved_in", *f.moved_in, tr("expected a date YYYY-MM-DD"));
  if (f.has_parking && !parse_flag(*f.has_parking))
    report("has_parking", *f.has_parking, tr("allowed: yes, no, 1, 0"));
  for (auto [col, val] : {std::pair{"building", &f.building}, std::pair{"room", &f.room}})
    if (*val && !(*val)->empty() && !valid_code(**val))
      report(col, **val, tr("allowed: letters and digits"));
}

Unit add(Op& op, std::string_view code, Fields f) {
  read_status(f.status);
  op.require("manage_units", tr("unit add"));
  auto& db = op.db;
  OptionProblems problems;
  check_fields(code, f, true, problems.reporter());
  problems.raise_if_any();
  if (find(db, code)) fail(Exit::data_error, "unit '{}' already exists (change it with 'svc unit set')", code);
  Unit u = fresh(code);
  apply(u, f);
  check_combined(u, problems.reporter());
  problems.raise_if_any();
  write_new(db, u, op.now);
  const auto id = db.last_insert_id();
  op.entry.after(db, "unit", id);
  record_entrustment(op, id, "", u.status);
  return get(db, code);
}

Unit set(Op& op, std::string_view code, Fields f) {
  read_status(f.status);
  op.require("manage_units", tr("unit set"));
  auto& db = op.db;
  Unit u = get(db, code);
  OptionProblems problems;
  check_fields(code, f, false, problems.reporter());
  problems.raise_if_any();
  Unit changed = u;
  apply(changed, f);
  check_combined(changed, problems.reporter());
  problems.raise_if_any();
  if (same(u, changed)) fail(Exit::usage, "nothing to change for unit '{}'", code);
  op.entry.before(db, "unit", u.id);
  write_update(db, changed, op.now);
  op.entry.after(db, "unit", u.id);
  record_entrustment(op, u.id, u.status, changed.status);
  return get(db, code);
}

ImportResult import_csv(Op& op, std::string_view utf8_text, std::string_view source_name) {
  op.require("manage_units", tr("unit import"));
  auto& db = op.db;
  const std::vector<std::string> required = {"code", "area_m2", "status"};
  std::vector<std::string> optional;
  for (const auto& c : csv_columns())
    if (std::find(required.begin(), required.end(), c) == required.end()) optional.push_back(c);
  const CsvTable table = read_csv_table(utf8_text, source_name, required, optional);

  // Pass 1: every field of every row; pass 2: each row merged onto the unit it updates (columns
  // absent from the file keep their stored values) and checked as a whole. Nothing is written
  // unless both passes find no problem.
  Problems problems{std::string(source_name)};
  struct Row {
    int line;
    std::string code;
    Fields fields;
  };
  std::vector<Row> rows;
  std::set<std::string> seen;
  for (const auto& r : table.rows) {
    Row row{r.line, table.field(r, "code"), {}};
    auto report = [&](std::string_view column, std::string_view value, std::string_view why) {
      problems.add(r.line, column, value, "{}", why);
    };
    auto take = [&](std::optional<std::string>& dst, const char* col) {
      if (table.has_column(col)) dst = table.field(r, col);
    };
    Fields& f = row.fields;
    take(f.building, "building");
    take(f.entrance, "entrance");
    take(f.room, "room");
    take(f.area_m2, "area_m2");
    take(f.status, "status");
    read_status(f.status);
    take(f.owner_name, "owner_name");
    take(f.owner_phone, "owner_phone");
    take(f.tenant_name, "tenant_name");
    take(f.tenant_phone, "tenant_phone");
    take(f.moved_in, "moved_in");
    take(f.has_parking, "has_parking");
    check_fields(row.code, f, true, report);
    if (!seen.insert(row.code).second) report("code", row.code, tr("appears twice in the file"));
    rows.push_back(std::move(row));
  }
  problems.raise_if_any();

  struct Planned {
    Unit unit;
    std::optional<Unit> existing;
  };
  std::vector<Planned> plan;
  plan.reserve(rows.size());
  for (const auto& row : rows) {
    Planned p{fresh(row.code), find(db, row.code)};
    if (p.existing) p.unit = *p.existing;
    apply(p.unit, row.fields);
    check_combined(p.unit, [&](std::string_view column, std::string_view value, std::string_view why) {
      problems.add(row.line, column, value, "{}", why);
    });
    plan.push_back(std::move(p));
  }
  problems.raise_if_any();

  ImportResult result;
  for (const auto& p : plan) {
    if (!p.existing) {
      ++result.added;
      write_new(db, p.unit, op.now);
      const auto id = db.last_insert_id();
      op.entry.after(db, "unit", id);
      record_entrustment(op, id, "", p.unit.status);
    } else if (same(*p.existing, p.unit)) {
      ++result.unchanged;
    } else {
      ++result.updated;
      op.entry.before(db, "unit", p.unit.id);
      write_update(db, p.unit, op.now);
      op.entry.after(db, "unit", p.unit.id);
      record_entrustment(op, p.unit.id, p.existing->status, p.unit.status);
    }
  }
  return result;
}

Value to_value(const Unit& u, bool reveal) {
  auto phone = [&](const std::optional<std::string>& p) -> Value {
    if (!p) return Value();
    return reveal ? Value(*p) : Value(mask_phone(*p));
  };
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(u.id)));
  v.set("code", u.code);
  v.set("building", u.building);
  v.set("entrance", u.entrance);
  v.set("room", u.room);
  v.set("area_m2", format_area(u.area_centi));
  v.set("status", u.status);
  v.set("owner_name", u.owner_name);
  v.set("owner_phone", phone(u.owner_phone));
  v.set("tenant_name", u.tenant_name);
  v.set("tenant_phone", phone(u.tenant_phone));
  v.set("moved_in", u.moved_in);
  v.set("has_parking", u.has_parking);
  return v;
}

}  // namespace svc::unit
