// A seeded estate for table-driven CLI tests: built once, kept beside the test binary, and copied
// into a fresh directory per case, so a few hundred cases cost a few hundred file copies rather
// than a few hundred seedings.
//
// What it holds, at 2026-11-23T09:00 (cases run at 10:00), under kEstatePolicy (late fees on):
// - the staff of examples/staff.csv, plus gm1 (gm); the OS user root is the admin;
// - the estate of examples/units.csv;
// - August 2026 billed (bills 1..95), R2026-000001 (100.00 cash from 1-1-102), bill 4 (1-1-202)
//   unpaid; a water-meter baseline 100.00 for 1-1-201 on 2026-08-01;
// - reminder 1: 1-1-101's notice, skipped (no owner phone);
// - T1 public facility, new; T2 household (1-1-102, water), dispatched to wuming; T3 household
//   (1-1-102, water), done by wuming, no callback yet; T4 paid (1-1-201, electric, 80.00 agreed),
//   wuming on site;
// - C1 major complaint (1-1-102), resolved, its callback logged (V1); C2 minor complaint, open.
#pragma once

#include <unistd.h>

#include <filesystem>

#include "harness.hpp"

namespace svc::test {

inline const std::string kEstatePolicy = "[fee]\nlate_fee_per_day = \"0.001\"\n";

inline void build_estate(Cli& c) {
  c.set_env("SVC_POLICY", c.write("policy.toml", kEstatePolicy));
  c.set_env("SVC_NOW", "2026-08-01T09:00");
  seed_example(c);
  run_ok(c, {"staff", "add", "--login", "gm1", "--name", "钱总", "--role", "gm"});
  run_ok(c, {"fee", "bill", "--period", "2026-08"});
  run_ok(c, {"fee", "pay", "--unit", "1-1-102", "--amount", "100", "--method", "cash"});
  run_ok(c, {"fee", "meter", "import", "-"}, "unit,meter,reading,read_on\n1-1-201,water,100,2026-08-01\n");
  c.set_env("SVC_NOW", "2026-08-16T09:00");
  run_ok(c, {"fee", "remind", "--unit", "1-1-101"});
  c.set_env("SVC_NOW", "2026-11-23T09:00");
  run_ok(c, {"ticket", "new", "--public", "--location", "2号楼大堂", "--category", "public_facility", "--desc", "灯不亮",
             "--urgent"});
  run_ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "厨房漏水", "--urgent"});
  run_ok(c, {"ticket", "dispatch", "T2", "--to", "wuming"});
  run_ok(c, {"ticket", "new", "--unit", "1-1-102", "--category", "water", "--desc", "水龙头坏了", "--urgent"});
  run_ok(c, {"ticket", "dispatch", "T3", "--to", "wuming"});
  run_ok(c, {"ticket", "arrive", "T3"});
  run_ok(c, {"ticket", "done", "T3"});
  run_ok(c, {"ticket", "new", "--unit", "1-1-201", "--category", "electric", "--desc", "更换灯具", "--urgent", "--paid",
             "--price", "80"});
  run_ok(c, {"ticket", "dispatch", "T4", "--to", "wuming"});
  run_ok(c, {"ticket", "arrive", "T4"});
  run_ok(c, {"complaint", "new", "--unit", "1-1-102", "--subject", "楼上装修噪音", "--severity", "major"});
  run_ok(c, {"complaint", "resolve", "C1", "--resolution", "已协调装修时间"});
  run_ok(c, {"visit", "log", "--complaint", "C1", "--method", "phone", "--rating", "5"});
  run_ok(c, {"complaint", "new", "--unit", "1-1-102", "--subject", "电梯异响"});
  c.sql("PRAGMA wal_checkpoint(TRUNCATE)");
}

// The estate's database file, beside the test binary; rebuilt when the binary or the example
// files are newer. Concurrent test processes may each build it: each renames its own copy into
// place, and every copy is the same.
inline std::filesystem::path estate_template() {
  namespace fs = std::filesystem;
  static const fs::path file = [] {
    const fs::path exe = fs::read_symlink("/proc/self/exe");
    const fs::path target = exe.parent_path() / (exe.filename().string() + "-estate.db");
    auto newest = fs::last_write_time(exe);
    for (const char* f : {"staff.csv", "units.csv"})
      newest = std::max(newest, fs::last_write_time(fs::path(SVC_SOURCE_DIR) / "examples" / f));
    std::error_code ec;
    if (fs::exists(target, ec) && fs::last_write_time(target, ec) >= newest) return target;
    Cli c;
    build_estate(c);
    const fs::path tmp = target.string() + "." + std::to_string(getpid());
    fs::copy_file(c.db_path(), tmp, fs::copy_options::overwrite_existing);
    fs::rename(tmp, target);
    return target;
  }();
  return file;
}

// A Cli on its own copy of the estate, the clock at 2026-11-23T10:00.
class Estate : public Cli {
 public:
  Estate() : Cli(false) {
    std::filesystem::copy_file(estate_template(), db_path());
    set_env("SVC_POLICY", write("policy.toml", kEstatePolicy));
    set_env("SVC_NOW", "2026-11-23T10:00");
  }
};

}  // namespace svc::test
