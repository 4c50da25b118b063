// Staff members and who is acting: the acting identity, roles and the one permission check.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "svc/audit.hpp"
#include "svc/clock.hpp"
#include "svc/db.hpp"
#include "svc/policy.hpp"
#include "svc/value.hpp"

namespace svc {
struct Op;  // op.hpp, which needs Actor from here
}

namespace svc::staff {

struct Staff {
  std::int64_t id = 0;
  std::string login;
  std::string name;
  std::string role;
  std::optional<std::string> phone;
  bool active = true;
};

std::optional<Staff> find(db::Database& db, std::string_view login);
// The staff member a person names: a login, or a name that is one person's (the active one when
// others of that name have left); exit 66 with a hint when nobody matches, 64 listing the logins
// when the name is several people's.
Staff get(db::Database& db, std::string_view who);

struct ListFilter {
  std::optional<std::string> role;
  bool include_inactive = false;
};
std::vector<Staff> list(db::Database& db, const ListFilter& filter);
// login → the name people read in tables: the name, or "name (login)" where two members share
// it; every member, active or not (old records name people who have left). One query.
std::map<std::string, std::string> display_names(db::Database& db);

struct Fields {  // for add and set; unset fields keep their value on set
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<std::string> phone;  // "" clears on set
  std::optional<bool> active;
};

// Validation shared by add, set and import: login syntax, role known to the policy, phone.
void check_login(std::string_view login);
void check_fields(const Policy& policy, const Fields& f);

// Both need the policy's manage_staff role.
Staff add(Op& op, std::string_view login, Fields f);
Staff set(Op& op, std::string_view login, Fields f);

struct ImportResult {
  int added = 0;
  int updated = 0;
  int unchanged = 0;
};
// CSV columns login,name,role,phone[,active]; all rows are checked first and every bad row is
// reported (line, column, value) in one error; nothing is written unless all are good.
ImportResult import_csv(Op& op, std::string_view utf8_text, std::string_view source_name);

Value to_value(const Staff& s, bool reveal);

// --- acting identity and permissions -------------------------------------------------------

struct Actor {
  Staff staff;
  int rank = -1;           // index in policy roles.order; -1 for read-only roles
  bool read_only = false;  // e.g. quality (品质部): reads everything, changes nothing
};

// The acting staff member: `requested` (--as / SVC_USER) or else the OS login. Unknown or
// inactive → exit 77 saying how to add them. --as may only name someone of the same or lower
// role than the OS user's own staff record (an admin may act as anyone).
Actor resolve_actor(db::Database& db, const Policy& policy, const std::optional<std::string>& requested,
                    const std::string& os_login);

// The one permission check: the actor's role must be `role` or higher in roles.order, and not a
// read-only role. Exit 77 naming the role needed and the actor's own.
void require_role(const Policy& policy, const Actor& actor, std::string_view role,
                  std::string_view what);
// Same, with the role taken from policy [roles] for a named action (e.g. "void_receipt").
void require_action(const Policy& policy, const Actor& actor, std::string_view action,
                    std::string_view what);
bool may(const Policy& policy, const Actor& actor, std::string_view role);
// Whether phone numbers are shown in full: only when asked (--reveal) and the actor's role may
// (policy roles.reveal_phone; exit 77 otherwise). Everything else shows them masked.
bool reveal_phones(const Policy& policy, const Actor& actor, bool asked);
// Any change at all: refused for read-only roles.
void require_write(const Policy& policy, const Actor& actor, std::string_view what);

}  // namespace svc::staff
