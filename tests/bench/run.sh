#!/usr/bin/env bash
# make bench: svc on a generated 20,000-unit estate, timed as medians of repeated runs and set
# against plain sqlite3 running the same queries on the same file. Usage: run.sh SVC [UNITS] [RUNS]
# Prints a table and writes it as JSON with the machine's description to $BENCH_JSON (default
# bench.json); never asserts on time (benchmarks measure, tests check behaviour).
set -euo pipefail
svc=$(realpath "$1")
units=${2:-20000}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SVC_LANG=en SVC_NOW=2026-11-23T09:00 HOME="$work" XDG_CONFIG_HOME="$work/config"
unset SVC_POLICY SVC_USER

# A deterministic estate: 50 buildings × 4 entrances × 25 floors × 4 rooms = 20,000 units.
gen() {
  awk -v n="$units" 'BEGIN {
    print "code,building,entrance,room,area_m2,status,owner_name,owner_phone,tenant_name,tenant_phone,moved_in,has_parking"
    split("occupied occupied occupied occupied occupied occupied occupied vacant entrusted rented", st, " ")
    split("王 李 张 刘 陈 杨 黄 赵 吴 周", sn, " "); split("伟 芳 娜 敏 静 丽 强 磊 军 洋", gn, " ")
    i = 0
    for (b = 1; b <= 50 && i < n; b++) for (e = 1; e <= 4 && i < n; e++)
      for (f = 1; f <= 25 && i < n; f++) for (r = 1; r <= 4 && i < n; r++) {
        s = st[(i % 10) + 1]; tn = ""; tp = ""
        if (s == "rented") { tn = sn[(i % 7) + 1] gn[(i % 9) + 1]; tp = sprintf("139%08d", i) }
        printf "%d-%d-%d%02d,%d,%d,%d%02d,%d.%02d,%s,%s%s,138%08d,%s,%s,2020-%02d-%02d,%s\n",
          b, e, f, r, b, e, f, r, 60 + (i % 90), i % 100, s, sn[(i % 10) + 1], gn[(int(i / 10) % 10) + 1],
          i, tn, tp, (i % 12) + 1, (i % 28) + 1, (i % 3 == 0) ? "yes" : "no"
        i++
      }
  }'
}
gen > "$work/units.csv"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Peak memory: one more run of an svc command under GNU time (make bench installs it), kept for the
# next row. Commands given as shell functions (sqlite3 setups, a write in a loop) are not measured.
timer=$(command -v /usr/bin/time || true)
note_peak() {
  [ -n "$timer" ] && [ "$1" = "$svc" ] || return 0
  "$timer" -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$work/rss" 2>/dev/null | grep -E '^[0-9]+$' > "$work/peak.svc" || rm -f "$work/peak.svc"  # after "Command exited …"
}
# median MS of running "$@" $runs times (stdout discarded)
median() {
  local times=() t0 t1
  for ((k = 0; k < runs; k++)); do
    t0=$(now_ms); "$@" >/dev/null 2>&1 || true; t1=$(now_ms); times+=($((t1 - t0)))
  done
  note_peak "$@"
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
# runs the setup command before each timed run (for imports that need a fresh database)
median_fresh() {
  local setup=$1; shift
  local times=() t0 t1
  for ((k = 0; k < runs; k++)); do
    eval "$setup" >/dev/null 2>&1 || true
    t0=$(now_ms); "$@" >/dev/null 2>&1 || true; t1=$(now_ms); times+=($((t1 - t0)))
  done
  if [ "$1" = "$svc" ]; then eval "$setup" >/dev/null 2>&1 || true; note_peak "$@"; fi
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

db="$work/svc.db"
export SVC_DB="$db"
rows=()
json_rows=()
num() { [[ $1 =~ ^[0-9.]+x?$ ]] && echo "${1%x}" || echo null; }  # a figure, or JSON's null for "-"
row() {  # row NAME SVC_MS SQLITE_MS RATIO: a line of the table and an object of the JSON
  local peak="-"
  if [ -f "$work/peak.svc" ]; then peak=$(( $(cat "$work/peak.svc") / 1024 )); rm -f "$work/peak.svc"; fi
  rows+=("$(printf '%-34s %9s %9s %7s %9s' "$1" "$2" "$3" "$4" "$peak")")
  json_rows+=("$(printf '{"operation": "%s", "svc_ms": %s, "sqlite3_ms": %s, "ratio": %s, "svc_peak_mb": %s}' \
    "$1" "$(num "$2")" "$(num "$3")" "$(num "$4")" "$(num "$peak")")")
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 1; printf "%.1fx", a / b }'; }

# 0. Start-up and the desk's one-row commands on the example estate (360 units): what every
# command pays before its own work. Timed by hyperfine when it is installed (sub-millisecond
# medians), else by the loop above; syncs counted by strace when it is installed.
src=$(cd "$(dirname "$0")/../.." && pwd)
fine() {  # fine CMD...: median ms of CMD, one decimal
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 3 -r $((runs < 20 ? 20 : runs)) --export-json "$work/hf.json" "$(printf '%q ' "$@")" >/dev/null 2>&1
    note_peak "$@"
    awk -F: '/"median"/ { gsub(/[ ,]/, "", $2); printf "%.1f", $2 * 1000; exit }' "$work/hf.json"
  else
    median "$@"
  fi
}
tiny="$work/tiny.db"
{
  SVC_DB="$tiny" "$svc" -q init
  SVC_DB="$tiny" "$svc" -q staff import "$src/examples/staff.csv"
  SVC_DB="$tiny" "$svc" -q unit import "$src/examples/units.csv"
  for k in 1 2 3; do SVC_DB="$tiny" "$svc" -q ticket new -u 1-1-102 -c water -d leak -U; done
} >/dev/null 2>&1
t_svc=$(fine "$svc" version); t_sql=$(fine sqlite3 :memory: "select 1")
row "svc version vs select 1" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
syncs="?"
if command -v strace >/dev/null; then
  syncs=$(SVC_DB="$tiny" strace -f -c -e trace=fsync,fdatasync "$svc" -q ticket new -u 1-1-102 -c water -d leak -U 2>&1 >/dev/null |
    awk '$NF == "fsync" || $NF == "fdatasync" { n += $4 } END { print n + 0 }')
fi
t_svc=$(SVC_DB="$tiny" fine "$svc" -q ticket new -u 1-1-102 -c water -d leak -U)
row "ticket new ($syncs syncs)" "$t_svc" "-" "-"
t_svc=$(SVC_DB="$tiny" fine "$svc" ticket list --limit 3)
t_sql=$(fine sqlite3 "$tiny" "SELECT * FROM ticket ORDER BY id DESC LIMIT 3")
row "ticket list --limit 3" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"

# 1. import 20,000 units (fresh database each run) vs sqlite3 .import + INSERT … SELECT.
t_svc=$(median_fresh "rm -f $db $db-wal $db-shm; $svc init -q" "$svc" -q unit import "$work/units.csv")
checkpoint() { sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; }  # the log stays between commands: fold it in before a cp
checkpoint
cp "$db" "$work/base.db"
"$svc" init -q 2>/dev/null || true
"$svc" -q unit import "$work/units.csv" 2>/dev/null || true
sqlite_import() {
  rm -f "$work/sq.db" && cp "$work/base.db" "$work/sq.db" && sqlite3 "$work/sq.db" \
    "CREATE TABLE raw (code, building, entrance, room, area_m2, status, owner_name, owner_phone, tenant_name, tenant_phone, moved_in, has_parking)" \
    ".import --csv --skip 1 $work/units.csv raw" \
    "INSERT INTO unit (code, building, entrance, room, area_centi, status, owner_name, owner_phone, tenant_name, tenant_phone, moved_in, has_parking, created_at, updated_at) SELECT code, building, entrance, room, CAST(round(area_m2 * 100) AS INTEGER), status, owner_name, nullif(owner_phone, ''), nullif(tenant_name, ''), nullif(tenant_phone, ''), nullif(moved_in, ''), has_parking = 'yes', 0, 0 FROM raw"
}
t_sql=$(median_fresh "true" sqlite_import)
row "unit import ($units rows)" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"

q_list="SELECT code, status, area_centi, owner_name, owner_phone, tenant_name, moved_in FROM unit ORDER BY CAST(building AS INTEGER), building, CAST(entrance AS INTEGER), entrance, CAST(room AS INTEGER), room"
t_svc=$(median "$svc" --csv unit list); t_sql=$(median sqlite3 -csv "$db" "$q_list")
row "unit list --csv (all)" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
t_svc=$(median "$svc" unit list); t_sql=$(median sqlite3 -column "$db" "$q_list")
row "unit list (table)" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
t_svc=$(median "$svc" --csv unit list --building 7)
t_sql=$(median sqlite3 -csv "$db" "SELECT code, status FROM unit WHERE building = '7' ORDER BY code")
row "unit list --building 7" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
t_svc=$(median "$svc" --json unit show 25-3-1204)
t_sql=$(median sqlite3 -json "$db" "SELECT * FROM unit WHERE code = '25-3-1204'")
row "unit show" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
t_svc=$(median "$svc" --json unit summary)
t_sql=$(median sqlite3 "$db" "SELECT status, count(*) FROM unit GROUP BY status; SELECT building, count(*) FROM unit GROUP BY building")
row "unit summary" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
t_svc=$(median "$svc" audit verify)
t_sql=$(median sqlite3 "$db" "SELECT count(*) FROM audit; SELECT count(*) FROM unit")
row "audit verify" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
t_svc=$(median "$svc" db check)
t_sql=$(median sqlite3 "$db" "PRAGMA integrity_check; PRAGMA foreign_key_check")
row "db check (integrity + audit)" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
n=0
unit_set() { n=$((n + 1)); "$svc" -q unit set 25-3-1204 --owner "业主$n"; }
t_svc=$(median unit_set)
t_sql=$(median sqlite3 "$db" "UPDATE unit SET owner_name = 'x' || abs(random() % 1000) WHERE code = '25-3-1204'")
row "unit set (one audited write)" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"

# 2. Fees and dunning: August billed for every unit and nobody paid, so on 2026-08-16 every account
# is at the notice stage. The stage records only (channel none): this times svc's own work — the
# plan, the balance re-check before each reminder is settled and the audited transactions (record-
# only channels settle 500 reminders per transaction; channels that send outside the database add a
# write-ahead transaction per reminder, and their own command's time) — not an SMS gateway.
"$svc" -q --now 2026-08-01T09:00 fee bill --period 2026-08 >/dev/null
printf '[[fee.dunning]]\nstage = "notice"\nafter = "1d"\nrepeat = "1mo"\nchannel = "none"\n' >"$work/dunning.toml"
export SVC_POLICY="$work/dunning.toml"
checkpoint
cp "$db" "$work/billed.db"
q_overdue="SELECT u.code, min(b.due_on), sum(b.amount_fen - b.paid_fen), count(*) FROM bill b JOIN unit u ON u.id = b.unit_id WHERE b.status = 'open' AND b.due_on < '2026-08-16' GROUP BY u.id ORDER BY u.code"
t_svc=$(median "$svc" --now 2026-08-16T09:00 fee remind --dry-run)
t_sql=$(median sqlite3 "$db" "$q_overdue")
row "fee remind --dry-run ($units due)" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
restore() { cp "$work/billed.db" "$db"; rm -f "$db-wal" "$db-shm"; }
t_svc=$(median_fresh restore "$svc" -q --now 2026-08-16T09:00 fee remind)
q_plan="INSERT INTO reminder (unit_id, episode, stage, cycle, channel, status, due_at, amount_fen, created_at, updated_at, sent_at) SELECT b.unit_id, min(b.due_on), 'notice', 0, 'none', 'sent', 0, sum(b.amount_fen - b.paid_fen), 0, 0, 0 FROM bill b WHERE b.status = 'open' AND b.due_on < '2026-08-16' GROUP BY b.unit_id"
t_sql=$(median_fresh restore sqlite3 "$db" "$q_plan")
row "fee remind ($units reminders)" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
restore
"$svc" -q --now 2026-08-16T09:00 fee remind
t_svc=$(median "$svc" --now 2026-08-16T10:00 fee remind)
t_sql=$(median sqlite3 "$db" "SELECT count(*) FROM reminder WHERE status = 'planned'; $q_overdue")
row "fee remind, nothing due (rerun)" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
t_svc=$(median "$svc" --now 2026-08-16T10:00 fee dunning-gaps)
t_sql=$(median sqlite3 "$db" "SELECT o.*, r.status FROM ($q_overdue) o LEFT JOIN unit u ON u.code = o.code LEFT JOIN reminder r ON r.unit_id = u.id")
row "fee dunning-gaps" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
t_svc=$(median "$svc" --now 2026-08-16T10:00 fee arrears)
t_sql=$(median sqlite3 -column "$db" "$q_overdue")
row "fee arrears" "$t_svc" "$t_sql" "$(ratio "$t_svc" "$t_sql")"
unset SVC_POLICY

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
os=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-}" || true)
echo "svc bench: $units units, median of $runs runs, milliseconds ($(date -u +%F), $(nproc) cores, ${cpu:-unknown CPU})"
printf '%-34s %9s %9s %7s %9s\n' "operation" "svc" "sqlite3" "ratio" "svc MB"
printf '%s\n' "${rows[@]}"
echo "database: $(du -h "$db" | cut -f1)"
out=${BENCH_JSON:-bench.json}
{
  printf '{\n  "date": "%s",\n  "units": %s,\n  "runs": %s,\n' "$(date -u +%FT%TZ)" "$units" "$runs"
  printf '  "machine": {"cores": %s, "cpu": "%s", "memory_mb": %s, "os": "%s", "kernel": "%s"},\n' "$(nproc)" \
    "${cpu//\"/}" "$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)" "${os//\"/}" "$(uname -r)"
  printf '  "svc": "%s",\n  "sqlite3": "%s",\n' "$("$svc" version)" "$(sqlite3 --version | cut -d' ' -f1)"
  printf '  "timer": "%s",\n  "database_bytes": %s,\n  "rows": [\n' \
    "$(command -v hyperfine >/dev/null && echo "hyperfine medians (start-up rows), median of runs otherwise" || echo "median of runs")" \
    "$(stat -c %s "$db")"
  for ((k = 0; k < ${#json_rows[@]}; k++)); do
    printf '    %s%s\n' "${json_rows[k]}" "$([ $((k + 1)) -lt ${#json_rows[@]} ] && echo ,)"
  done
  printf '  ]\n}\n'
} > "$out"
echo "written: $out"
