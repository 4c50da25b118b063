#!/usr/bin/env bash
# e2e: the real binary from an empty directory, the way a person or cron runs it — default
# database ./svc.db, no policy file, environment only, exit codes checked.
set -euo pipefail
svc=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
unset SVC_DB SVC_POLICY SVC_USER SVC_NOW
export SVC_LANG=en HOME="$work" XDG_CONFIG_HOME="$work/config"
passed=0 failed=0
ok()   { passed=$((passed + 1)); }
bad()  { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
expect() {  # expect CODE command...
  local want=$1; shift
  local got=0
  "$@" >"$work/out" 2>"$work/err" || got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$* exited $got, wanted $want: $(cat "$work/err")"; fi
}

expect 0 "$svc" version
expect 66 "$svc" unit list                       # no database yet
expect 0 "$svc" init
[ -f svc.db ] && ok || bad "init did not create ./svc.db"
[ "$(stat -c %a svc.db)" = 660 ] && ok || bad "svc.db mode is $(stat -c %a svc.db), wanted 660"
expect 0 "$svc" init                             # a no-op the second time
grep -q "nothing changed" "$work/err" && ok || bad "second init did not say nothing changed"
expect 0 "$svc" staff import "$src/examples/staff.csv"
expect 0 "$svc" unit import "$src/examples/units.csv"
expect 0 "$svc" --now 2026-11-23T10:00 unit set 1-1-101 --status occupied --owner 业主甲
expect 0 "$svc" --json unit show 1-1-101
grep -q '"owner_name": "业主甲"' "$work/out" && ok || bad "unit show did not show the change"
expect 0 "$svc" --csv --bom unit list
head -c 3 "$work/out" | od -An -tx1 | grep -q "ef bb bf" && ok || bad "--bom did not write a BOM"
expect 0 "$svc" audit verify
expect 0 "$svc" db check
expect 0 "$svc" db backup "$work/backup.db"
expect 0 env SVC_USER=wangfang "$svc" unit list
expect 77 env SVC_USER=wangfang "$svc" staff add --login x --name X --role frontdesk
expect 64 "$svc" unit frobnicate
expect 0 "$svc" policy show
"$svc" policy show | "$svc" policy check - >/dev/null 2>&1 && ok || bad "policy show | policy check - failed"
# A failed write to stdout is an error (exit 74), not silent success.
if [ -w /dev/full ]; then
  code=0; "$svc" --csv unit list >/dev/full 2>"$work/err" || code=$?
  [ "$code" = 74 ] && ok || bad "writing to /dev/full exited $code, wanted 74"
fi
# Tampering with an audited row using the sqlite3 tool is detected and named.
if command -v sqlite3 >/dev/null; then
  sqlite3 svc.db "UPDATE unit SET owner_name='x' WHERE code='2-1-301'"
  expect 65 "$svc" audit verify
  grep -q "unit row" "$work/out" && ok || bad "audit verify did not name the row"
fi
# Bash completion offers unit codes from the database.
"$svc" completion bash > "$work/svc.bash"
bash -n "$work/svc.bash" && ok || bad "bash completion script has a syntax error"
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
