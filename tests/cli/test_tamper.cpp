// Tamper evidence: what `audit verify` proves and what it needs an anchor for. Each attack is made
// the way someone with the sqlite3 tool would make it; verify must fail (65) and name the first
// bad entry or row. Rebuilding the chain by hand is the attack an anchor kept elsewhere defeats.
#include <sqlite3.h>

#include "harness.hpp"
#include "svc/sha256.hpp"
#include "svc/value.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

namespace {

void seed(Cli& c) {
  REQUIRE(c.run({"staff", "import", c.write("staff.csv", example("staff.csv"))}).code == 0);
  REQUIRE(c.run({"unit", "import", c.write("units.csv", example("units.csv"))}).code == 0);
  REQUIRE(c.run({"unit", "set", "1-1-102", "--owner", "王五"}).code == 0);
  REQUIRE(c.run({"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "漏水", "--urgent"}).code == 0);
  REQUIRE(c.run({"ticket", "dispatch", "T1", "--to", "wuming"}).code == 0);
}

std::string query(Cli& c, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(c.db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::string sql_text(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

// The attacker's tool: recompute every hash from entry `from` on, as svc would, so the chain is
// valid again after an edit (the hash is public: SHA-256 over length-prefixed fields).
void rebuild_chain(Cli& c, int from) {
  const int last = std::stoi(query(c, "SELECT max(id) FROM audit"));
  std::string prev = query(c, "SELECT hash FROM audit WHERE id = " + std::to_string(from - 1));
  if (prev.empty()) prev = std::string(64, '0');
  for (int id = from; id <= last; ++id) {
    const std::string where = " FROM audit WHERE id = " + std::to_string(id);
    std::string buf;
    auto add = [&](const std::string& s) { buf += std::to_string(s.size()) + ":" + s + "\n"; };
    add(prev);
    add(std::to_string(id));
    for (const char* col : {"at", "actor", "command", "action", "entity", "changes"}) add(query(c, std::string("SELECT ") + col + where));
    const std::string refs = query(c, "SELECT refs" + where);
    if (!query(c, "SELECT typeof(refs)" + where).starts_with("null")) add(refs);
    const std::string hash = svc::sha256_hex(buf);
    c.sql("UPDATE audit SET prev_hash = " + sql_text(prev) + ", hash = " + sql_text(hash) + " WHERE id = " + std::to_string(id));
    prev = hash;
  }
}

svc::test::Result verify(Cli& c, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"audit", "verify"};
  args.insert(args.end(), extra.begin(), extra.end());
  return c.run(args);
}

}  // namespace

TEST_CASE("tamper: an edited audit entry, a deleted middle entry, an edited, inserted or deleted row are named") {
  Cli c;
  seed(c);
  REQUIRE(verify(c).code == 0);
  {
    Cli d;
    seed(d);
    d.sql("UPDATE audit SET changes = replace(changes, '王五', '赵六') WHERE id = 4");
    const auto r = verify(d);
    CHECK(r.code == 65);
    CHECK(contains(r.out, "entry 4 was altered"));
  }
  {
    Cli d;
    seed(d);
    d.sql("DELETE FROM audit WHERE id = 3");
    const auto r = verify(d);
    CHECK(r.code == 65);
    CHECK(contains(r.out, "entry 4 follows entry 2"));
  }
  {
    Cli d;
    seed(d);
    d.sql("UPDATE ticket SET description = '没事' WHERE id = 1");
    d.sql("DELETE FROM event WHERE id = (SELECT max(id) FROM event)");
    d.sql("INSERT INTO staff (login, name, role, active, created_at, updated_at) VALUES ('mallory', 'M', 'admin', 1, 0, 0)");
    const auto r = verify(d);
    CHECK(r.code == 65);
    CHECK(contains(r.out, "ticket row 1 (T1) was changed outside svc"));
    CHECK(contains(r.out, "was deleted outside svc"));
    CHECK(contains(r.out, "staff row"));
    CHECK(contains(r.out, "has no audit entry"));
  }
}

TEST_CASE("tamper: the record index (audit_ref) is verified — a removed, an orphan and a false ref are named") {
  Cli c;
  seed(c);
  c.sql("DELETE FROM audit_ref WHERE ref = 'T1' AND audit_id = (SELECT max(id) FROM audit)");
  auto r = verify(c);
  CHECK(r.code == 65);
  CHECK(contains(r.out, "the record index is missing entry"));
  Cli d;
  seed(d);
  d.sql("INSERT INTO audit_ref (audit_id, ref) VALUES (999, '1-1-101')");
  r = verify(d);
  CHECK(r.code == 65);
  CHECK(contains(r.out, "lists entry 999, which does not exist"));
  Cli e;
  seed(e);
  e.sql("INSERT INTO audit_ref (audit_id, ref) VALUES ((SELECT max(id) FROM audit), '2-1-301')");
  r = verify(e);
  CHECK(r.code == 65);
  CHECK(contains(r.out, "under '2-1-301', which it did not touch"));
}

TEST_CASE("tamper: a chain-valid entry whose changes are not what svc writes is damaged (65, not 70)") {
  Cli c;
  seed(c);
  c.sql("UPDATE audit SET changes = '[{\"table\":5,\"id\":\"x\"}]' WHERE id = (SELECT max(id) FROM audit)");
  rebuild_chain(c, std::stoi(query(c, "SELECT max(id) FROM audit")));
  const auto r = verify(c);
  CHECK(r.code == 65);
  CHECK(contains(r.out, "is damaged"));
}

TEST_CASE("tamper: removing the newest entries is found only against an anchor kept elsewhere") {
  Cli c;
  seed(c);
  const auto head = c.run({"audit", "head"});
  REQUIRE(head.code == 0);
  CHECK(contains(head.out, "entry 6 hash "));
  const std::string anchors = c.write("anchors.log", "entry 1 hash " + std::string(64, 'a') + "\n" + head.out);
  CHECK(verify(c, {"--anchor", anchors}).code == 0);
  // The attack: drop the newest two entries and put the rows back as their last remaining
  // snapshot says (the dispatch and the ticket never happened).
  c.sql("DELETE FROM audit_ref WHERE audit_id >= 5");
  c.sql("DELETE FROM audit WHERE id >= 5");
  c.sql("DELETE FROM deadline; DELETE FROM event; DELETE FROM ticket");
  CHECK(verify(c).code == 0);  // without an anchor the shorter log is consistent: documented
  const auto r = verify(c, {"--anchor", anchors});
  CHECK(r.code == 65);
  CHECK(contains(r.out, "the anchor's entry 6 is missing"));
}

TEST_CASE("tamper: a chain rebuilt by hand after an edit passes alone and fails against the anchor") {
  Cli c;
  seed(c);
  const auto head = svc::parse_json(c.run({"--json", "audit", "head"}).out);
  const std::string anchor = std::to_string(head.get("entry").as_int()) + ":" + head.get("hash").as_string();
  // Rewrite history: the owner was always 赵六. The entry's snapshot and its row hash are redone
  // as svc would have written them, then every later hash.
  c.sql("UPDATE unit SET owner_name = '赵六' WHERE code = '1-1-102'");
  auto changes = svc::parse_json(query(c, "SELECT changes FROM audit WHERE id = 4"));
  for (auto& ch : changes.as_array()) {
    svc::Value after = ch.get("after");
    after.set("owner_name", "赵六");
    ch.set("after", after);
    ch.set("row_hash", svc::sha256_hex(svc::to_json(after, false)));
  }
  c.sql("UPDATE audit SET changes = " + sql_text(svc::to_json(changes, false)) + " WHERE id = 4");
  rebuild_chain(c, 4);
  CHECK(verify(c).code == 0);  // someone who can write the file can rebuild a chain: documented
  const auto r = verify(c, {"--anchor", anchor});
  CHECK(r.code == 65);
  CHECK(contains(r.out, "does not match the anchor"));
  CHECK(verify(c, {"--anchor", "nonsense"}).code == 64);
}
