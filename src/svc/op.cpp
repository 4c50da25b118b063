// The one write path and the operation context's permission checks.
#include "svc/op.hpp"

#include "svc/error.hpp"

namespace svc {

void Op::require(std::string_view action, std::string_view what) const {
  staff::require_action(policy, actor, action, what);
}

bool Op::may(std::string_view action) const { return role_may(policy, actor.staff.role, action); }

void Op::require_role(std::string_view role, std::string_view what) const {
  staff::require_role(policy, actor, role, what);
}

void write_path(const Scope& scope, const Change& change, const std::function<void(Op&)>& run,
                const std::function<void()>& deliver) {
  if (!change.dry_run) staff::require_write(scope.policy, scope.actor, change.action);
  // A write path inside another would commit or roll back its caller's work.
  if (scope.db.in_transaction())
    fail(Exit::software, "internal error: {} began inside another transaction", change.action);
  db::Transaction tx(scope.db);
  audit::Entry entry(scope.actor.staff.login, scope.command, change.action, change.entity);
  Op op{scope.db, scope.policy, scope.actor, scope.now, entry, scope.note};
  run(op);
  if (change.dry_run || entry.empty()) {
    tx.rollback();
    deliver();
    return;
  }
  entry.write(scope.db, scope.now);
  deliver();
  tx.commit();
  if (scope.committed) scope.committed();
}

}  // namespace svc
