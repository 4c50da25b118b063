// init, db check/backup/stats/migrate, version, help, completion: exact exit codes and output.
#include <fmt/format.h>
#include <sys/stat.h>

#include "harness.hpp"
#include "svc/migrate.hpp"

using svc::test::Cli;
using svc::test::contains;
using svc::test::example;

TEST_CASE("init creates the database with mode 0660 and the OS user as admin") {
  Cli c(false);
  c.os_login = "boss";
  const auto r = c.run({"init"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.err, "'boss' is its first admin"));
  struct stat st {};
  REQUIRE(::stat(c.db_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0660);
  const auto list = c.run({"--json", "staff", "list"});
  CHECK(list.code == 0);
  CHECK(contains(list.out, "\"login\": \"boss\""));
  CHECK(contains(list.out, "\"role\": \"admin\""));
}

TEST_CASE("init creates a missing folder for the database") {
  Cli c(false);
  c.set_env("SVC_DB", c.path("deep/er/svc.db").string());
  const auto r = c.run({"init"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(std::filesystem::exists(c.path("deep/er/svc.db")));
}

TEST_CASE("init on an existing svc database changes nothing and says so") {
  Cli c;
  const auto before = c.digest();
  c.os_login = "someone_else";
  const auto r = c.run({"init"});
  CHECK(r.code == 0);
  CHECK(contains(r.err, "already an svc database; nothing changed"));
  CHECK(c.digest() == before);
}

TEST_CASE("init refuses a file that is not an svc database") {
  Cli c(false);
  c.sql("CREATE TABLE t (x)");  // a foreign SQLite file
  const auto r = c.run({"init"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "is not an svc database"));
}

TEST_CASE("a database with a newer schema is refused") {
  Cli c;
  c.sql("PRAGMA user_version = 999");
  const auto r = c.run({"unit", "list"});
  CHECK(r.code == 65);
  CHECK(contains(r.err, "newer than this svc understands"));
}

TEST_CASE("commands without a database say how to create one") {
  Cli c(false);
  const auto r = c.run({"unit", "list"});
  CHECK(r.code == 66);
  CHECK(contains(r.err, "svc init"));
}

TEST_CASE("db check passes on a fresh database and fails after tampering") {
  Cli c;
  auto ok = c.run({"db", "check"});
  CHECK_MESSAGE(ok.code == 0, ok.err);
  CHECK(contains(ok.err, "passed all checks"));
  c.sql("UPDATE staff SET role = 'wizard' WHERE login = 'root'");
  auto bad = c.run({"db", "check"});
  CHECK(bad.code == 65);
  CHECK(contains(bad.out, "role 'wizard'"));
  CHECK(contains(bad.out, "changed outside svc"));
}

TEST_CASE("db backup writes a consistent copy that svc can open") {
  Cli c;
  REQUIRE(c.run({"unit", "import", c.write("u.csv", example("units.csv"))}).code == 0);
  const auto dest = c.path("backup.db").string();
  const auto r = c.run({"db", "backup", dest});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  c.set_env("SVC_DB", dest);
  const auto list = c.run({"--csv", "unit", "list"});
  CHECK(list.code == 0);
  CHECK(contains(list.out, "3-2-602"));
  CHECK(c.run({"audit", "verify"}).code == 0);
}

TEST_CASE("db stats lists tables and the schema version") {
  Cli c;
  const auto r = c.run({"--json", "db", "stats"});
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, fmt::format("\"schema_version\": {}", svc::db::latest_schema_version())));
  CHECK(contains(r.out, "\"staff\": 1"));
}

TEST_CASE("db migrate reports the schema version") {
  Cli c;
  const auto r = c.run({"db", "migrate"});
  CHECK(r.code == 0);
  CHECK(contains(r.err, fmt::format("schema version {}", svc::db::latest_schema_version())));
}

TEST_CASE("version prints the version without a database") {
  Cli c(false);
  const auto r = c.run({"version"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "svc " SVC_VERSION));
}

TEST_CASE("--help exits 0 and does not touch a database") {
  Cli c(false);
  const auto r = c.run({"unit", "--help"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "import"));
  CHECK(contains(r.out, "Examples:"));
  CHECK(!std::filesystem::exists(c.db_path()));
}

TEST_CASE("help NOUN prints the noun's help, and help in Chinese by default") {
  Cli c(false);
  auto r = c.run({"help", "staff"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "svc staff"));
  CHECK(contains(r.out, "--login"));
  c.unset_env("SVC_LANG");
  r = c.run({"help"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "全局选项"));
}

TEST_CASE("svc with no noun prints the overview and exits 0 (issue 18 cli)") {
  Cli c(false);
  const auto r = c.run({});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "Most used:"));
}

TEST_CASE("completion scripts are generated from the command tree") {
  Cli c(false);
  const auto bash = c.run({"completion", "bash"});
  CHECK(bash.code == 0);
  CHECK(contains(bash.out, "complete -F _svc svc"));
  CHECK(contains(bash.out, "\"unit\")"));
  CHECK(contains(bash.out, "import"));
  CHECK(contains(bash.out, "_svc_ask units"));
  const auto fish = c.run({"completion", "fish"});
  CHECK(fish.code == 0);
  CHECK(contains(fish.out, "__fish_seen_subcommand_from unit"));
  const auto zsh = c.run({"completion", "zsh"});
  CHECK(zsh.code == 0);
  CHECK(contains(zsh.out, "bashcompinit"));
  CHECK(c.run({"completion", "tcsh"}).code == 64);
}

TEST_CASE("__complete units lists unit codes for completion, and nothing without a database") {
  Cli c;
  REQUIRE(c.run({"unit", "import", c.write("u.csv", example("units.csv"))}).code == 0);
  auto r = c.run({"__complete", "units"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "1-1-101\n"));
  Cli empty(false);
  r = empty.run({"__complete", "units"});
  CHECK(r.code == 0);
  CHECK(r.out.empty());
}
