// Staff records, the acting identity (--as / SVC_USER / OS login) and the permission check.
#include "svc/staff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "svc/alias.hpp"
#include "svc/csv.hpp"
#include "svc/error.hpp"
#include "svc/op.hpp"
#include "svc/privacy.hpp"
#include "svc/problems.hpp"
#include "svc/strings.hpp"

namespace svc::staff {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, login, name, role, phone, active FROM staff";

Staff read(db::Statement& st) {
  return Staff{st.integer(0), st.text(1), st.text(2), st.text(3), st.opt_text(4), st.integer(5) != 0};
}

std::vector<std::string> role_codes(const Policy& policy) {
  std::vector<std::string> out(policy.roles.order);
  out.insert(out.end(), policy.roles.read_only.begin(), policy.roles.read_only.end());
  return out;
}

// A role as typed: its code or its Chinese name (前台, 维修员, issue 18).
void read_role(const Policy& policy, std::optional<std::string>& role) {
  if (role)
    if (auto code = alias::find("--role", *role, role_codes(policy))) role = code;
}

std::string roles_list(const Policy& policy) { return alias::allowed(role_codes(policy)); }

bool valid_login(std::string_view login) {
  if (login.empty() || login.size() > 64) return false;
  for (char c : login) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::optional<bool> parse_bool(std::string_view s) {
  if (s == "1" || s == "yes" || s == "true" || s == "是" || s == "y") return true;
  if (s == "0" || s == "no" || s == "false" || s == "否" || s == "n") return false;
  return std::nullopt;
}

}  // namespace

std::optional<Staff> find(db::Database& db, std::string_view login) {
  auto st = db.prepare(std::string(kColumns) + " WHERE login = :login");
  st.bind(":login", login);
  if (!st.step()) return std::nullopt;
  return read(st);
}

Staff get(db::Database& db, std::string_view who) {
  if (auto s = find(db, who)) return *s;
  const std::string folded = alias::fold(who);
  if (folded != who)
    if (auto s = find(db, folded)) return *s;
  // By name (issue 18: `--to 吴明`): the one person of that name, or the one still active.
  auto st = db.prepare(std::string(kColumns) + " WHERE name = :name ORDER BY active DESC, login");
  st.bind(":name", who);
  std::vector<Staff> named;
  while (st.step()) named.push_back(read(st));
  if (named.empty()) fail(Exit::no_input, "unknown staff member '{}' (see 'svc staff list')", who);
  const auto active = std::count_if(named.begin(), named.end(), [](const Staff& s) { return s.active; });
  if (named.size() == 1 || active == 1) return named.front();
  std::string candidates;
  for (const auto& s : named)
    if (s.active || active == 0) candidates += fmt::format("{}{} ({})", candidates.empty() ? "" : ", ", s.login, tr(s.role));
  fail(Exit::usage, "'{}' is the name of more than one staff member: give the login ({})", who, candidates);
}

std::vector<Staff> list(db::Database& db, const ListFilter& filter) {
  std::string sql = std::string(kColumns) + " WHERE 1=1";
  if (filter.role) sql += " AND role = :role";
  if (!filter.include_inactive) sql += " AND active = 1";
  sql += " ORDER BY login";
  auto st = db.prepare(sql);
  if (filter.role) st.bind(":role", *filter.role);
  std::vector<Staff> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

std::map<std::string, std::string> display_names(db::Database& db) {
  const auto all = list(db, ListFilter{std::nullopt, true});
  std::map<std::string, int> uses;
  for (const auto& m : all) ++uses[m.name];
  std::map<std::string, std::string> out;
  for (const auto& m : all) out[m.login] = uses[m.name] > 1 ? m.name + " (" + m.login + ")" : m.name;
  return out;
}

void check_login(std::string_view login) {
  if (!valid_login(login))
    fail(Exit::usage, "invalid login '{}' (allowed: 1-64 letters, digits, '_', '-' or '.')", login);
}

void check_fields(const Policy& policy, const Fields& f) {
  if (f.name && f.name->empty()) fail(Exit::usage, "--name must not be empty");
  if (f.role && !is_known_role(policy, *f.role))
    fail(Exit::usage, "unknown role '{}' (allowed: {})", *f.role, roles_list(policy));
  if (f.phone && !f.phone->empty() && !normalize_phone(*f.phone))
    fail(Exit::usage, "invalid phone '{}' (allowed: 7-15 digits, optionally with '+' and '-')", *f.phone);
}

namespace {

Staff insert(Op& op, std::string_view login, const Fields& f) {
  auto& db = op.db;
  check_login(login);
  if (!f.name) fail(Exit::usage, "missing --name for the new staff member");
  if (!f.role) fail(Exit::usage, "missing --role for the new staff member");
  check_fields(op.policy, f);
  if (find(db, login)) fail(Exit::data_error, "staff member '{}' already exists (change them with 'svc staff set')", login);
  auto st = db.prepare(
      "INSERT INTO staff (login, name, role, phone, active, created_at, updated_at) "
      "VALUES (:login, :name, :role, :phone, :active, :now, :now)");
  std::optional<std::string> phone;
  if (f.phone && !f.phone->empty()) phone = normalize_phone(*f.phone);
  st.bind(":login", login).bind(":name", *f.name).bind(":role", *f.role).bind(":phone", phone);
  st.bind(":active", f.active.value_or(true) ? 1 : 0).bind(":now", op.now);
  st.run();
  op.entry.after(db, "staff", db.last_insert_id());
  return get(db, login);
}

Staff update(Op& op, std::string_view login, const Fields& f) {
  auto& db = op.db;
  check_fields(op.policy, f);
  Staff s = get(db, login);
  if (!f.name && !f.role && !f.phone && !f.active)
    fail(Exit::usage, "nothing to change (give --name, --role, --phone or --active)");
  op.entry.before(db, "staff", s.id);
  if (f.name) s.name = *f.name;
  if (f.role) s.role = *f.role;
  if (f.phone) s.phone = f.phone->empty() ? std::nullopt : normalize_phone(*f.phone);
  if (f.active) s.active = *f.active;
  auto st = db.prepare(
      "UPDATE staff SET name = :name, role = :role, phone = :phone, active = :active, "
      "updated_at = :now WHERE id = :id");
  st.bind(":name", s.name).bind(":role", s.role).bind(":phone", s.phone);
  st.bind(":active", s.active ? 1 : 0).bind(":now", op.now).bind(":id", s.id);
  st.run();
  // Nobody could add, reactivate or promote staff any more: refuse (a staff import that does it
  // is refused whole). Checked after the change, inside the transaction, so the whole command's
  // outcome counts, not one row at a time.
  if (db.scalar("SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1") == 0)
    fail(Exit::data_error,
         "'{}' is the last active admin: the change would lock everyone out of managing staff (make someone "
         "else admin first: svc staff set LOGIN --role admin)",
         s.login);
  op.entry.after(db, "staff", s.id);
  return s;
}

}  // namespace

Staff add(Op& op, std::string_view login, Fields f) {
  read_role(op.policy, f.role);
  op.require("manage_staff", tr("staff add"));
  return insert(op, login, f);
}

Staff set(Op& op, std::string_view login, Fields f) {
  read_role(op.policy, f.role);
  op.require("manage_staff", tr("staff set"));
  return update(op, login, f);
}

ImportResult import_csv(Op& op, std::string_view utf8_text, std::string_view source_name) {
  op.require("manage_staff", tr("staff import"));
  auto& db = op.db;
  const Policy& policy = op.policy;
  const CsvTable table = read_csv_table(utf8_text, source_name, {"login", "name", "role"}, {"phone", "active"});
  Problems problems{std::string(source_name)};
  struct Row {
    std::string login;
    Fields f;
  };
  std::vector<Row> rows;
  std::set<std::string> seen;
  for (const auto& r : table.rows) {
    Row row;
    row.login = table.field(r, "login");
    if (!valid_login(row.login))
      problems.add(r.line, "login", row.login, "allowed: 1-64 letters, digits, '_', '-' or '.'");
    else if (!seen.insert(row.login).second)
      problems.add(r.line, "login", row.login, "appears twice in the file");
    row.f.name = table.field(r, "name");
    if (row.f.name->empty()) problems.add(r.line, "name", "", "must not be empty");
    row.f.role = table.field(r, "role");
    read_role(policy, row.f.role);
    if (!is_known_role(policy, *row.f.role))
      problems.add(r.line, "role", *row.f.role, "unknown role (allowed: {})", roles_list(policy));
    const std::string phone = table.field(r, "phone");
    if (!phone.empty() && !normalize_phone(phone))
      problems.add(r.line, "phone", phone, "allowed: 7-15 digits, optionally with '+' and '-'");
    if (table.has_column("phone")) row.f.phone = phone;
    const std::string active = table.field(r, "active");
    if (!active.empty()) {
      row.f.active = parse_bool(active);
      if (!row.f.active) problems.add(r.line, "active", active, "allowed: yes, no, 1, 0");
    }
    rows.push_back(std::move(row));
  }
  problems.raise_if_any();

  ImportResult result;
  for (const auto& row : rows) {
    if (auto existing = find(db, row.login)) {
      Staff merged = *existing;
      merged.name = *row.f.name;
      merged.role = *row.f.role;
      if (table.has_column("phone")) merged.phone = row.f.phone->empty() ? std::nullopt : normalize_phone(*row.f.phone);
      if (row.f.active) merged.active = *row.f.active;
      if (merged.name == existing->name && merged.role == existing->role && merged.phone == existing->phone &&
          merged.active == existing->active) {
        ++result.unchanged;
        continue;
      }
      ++result.updated;
      update(op, row.login, row.f);
    } else {
      ++result.added;
      insert(op, row.login, row.f);
    }
  }
  return result;
}

Value to_value(const Staff& s, bool reveal) {
  Value v = Value::object();
  v.set("id", Value(static_cast<long long>(s.id)));
  v.set("login", s.login);
  v.set("name", s.name);
  v.set("role", s.role);
  v.set("phone", s.phone ? Value(reveal ? *s.phone : mask_phone(*s.phone)) : Value());
  v.set("active", s.active);
  return v;
}

// --- acting identity and permissions -------------------------------------------------------

bool may(const Policy& policy, const Actor& actor, std::string_view role) {
  if (actor.read_only) return false;
  const int need = role_rank(policy, role);
  return need >= 0 && actor.rank >= need;
}

void require_role(const Policy& policy, const Actor& actor, std::string_view role,
                  std::string_view what) {
  if (may(policy, actor, role)) return;
  if (actor.read_only)
    fail(Exit::no_perm, "permission denied: {} needs role {} or higher; '{}' has the read-only role {}",
         what, tr(role), actor.staff.login, tr(actor.staff.role));
  fail(Exit::no_perm, "permission denied: {} needs role {} or higher; '{}' is {}", what, tr(role),
       actor.staff.login, tr(actor.staff.role));
}

void require_action(const Policy& policy, const Actor& actor, std::string_view action,
                    std::string_view what) {
  auto it = policy.roles.actions.find(std::string(action));
  if (it == policy.roles.actions.end()) fail(Exit::software, "no role is set for action '{}'", action);
  const auto& named = action_named_roles(policy, action);
  if (named.empty()) return require_role(policy, actor, it->second, what);
  std::vector<std::string> named_words;  // the roles in the reader's words
  for (const auto& r : named) named_words.emplace_back(tr(r));
  // An action that lets a lower role in by name (roles.named): the ranks between stay out.
  if (!actor.read_only && role_may(policy, actor.staff.role, action)) return;
  if (actor.read_only)
    fail(Exit::no_perm,
         "permission denied: {} needs role {}, or role {} or higher; '{}' has the read-only role {}", what,
         join(named_words), tr(it->second), actor.staff.login, tr(actor.staff.role));
  fail(Exit::no_perm, "permission denied: {} needs role {}, or role {} or higher; '{}' is {}", what,
       join(named_words), tr(it->second), actor.staff.login, tr(actor.staff.role));
}

bool reveal_phones(const Policy& policy, const Actor& actor, bool asked) {
  if (asked) require_action(policy, actor, "reveal_phone", tr("--reveal"));
  return asked;
}

void require_write(const Policy& policy, const Actor& actor, std::string_view what) {
  if (actor.read_only)
    fail(Exit::no_perm, "permission denied: {} changes data; '{}' has the read-only role {}", what,
         actor.staff.login, tr(actor.staff.role));
  (void)policy;
}

Actor resolve_actor(db::Database& db, const Policy& policy, const std::optional<std::string>& requested,
                    const std::string& os_login) {
  auto make = [&](const Staff& s) {
    Actor a;
    a.staff = s;
    a.rank = role_rank(policy, s.role);
    for (const auto& r : policy.roles.read_only)
      if (r == s.role) a.read_only = true;
    return a;
  };
  auto known = [&](const std::string& login, std::string_view how) -> Staff {
    auto s = find(db, login);
    if (!s)
      fail(Exit::no_perm,
           "'{}' ({}) is not a staff member; an admin can add them with 'svc staff add --login {} "
           "--name NAME --role ROLE'",
           login, how, login);
    if (!s->active) fail(Exit::no_perm, "staff member '{}' is not active", login);
    return *s;
  };
  if (!requested || *requested == os_login) return make(known(os_login, tr("OS login")));

  const Actor target = make(known(*requested, tr("--as / SVC_USER")));
  auto self = find(db, os_login);
  if (!self || !self->active)
    fail(Exit::no_perm,
         "cannot act as '{}': the OS user '{}' is not an active staff member (only a staff member "
         "may act as someone else)",
         *requested, os_login);
  const Actor me = make(*self);
  const bool admin = me.staff.role == "admin";
  if (!admin && (me.read_only || target.rank > me.rank))
    fail(Exit::no_perm, "cannot act as '{}' ({}): '{}' is {}, and --as may only name someone of the same or a lower role",
         *requested, tr(target.staff.role), os_login, tr(me.staff.role));
  return target;
}

}  // namespace svc::staff
