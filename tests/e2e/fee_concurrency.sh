#!/usr/bin/env bash
# e2e: 20 `svc fee pay` processes at once on one database — every payment gets a receipt, the
# numbers are R2026-000001..000020 with no gap and no duplicate (domain-rules 3.8: the number is
# taken inside BEGIN IMMEDIATE), and `svc db check` (fee invariants) still passes.
set -euo pipefail
svc=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
unset SVC_POLICY SVC_USER
export SVC_LANG=en HOME="$work" XDG_CONFIG_HOME="$work/config" SVC_DB="$work/svc.db" SVC_NOW=2026-11-23T10:00
failed=0
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

"$svc" init >/dev/null 2>&1
"$svc" staff import "$src/examples/staff.csv" 2>/dev/null
"$svc" unit import "$src/examples/units.csv" 2>/dev/null
"$svc" fee bill --period 2026-11 2>/dev/null >/dev/null

units=$("$svc" --csv unit list | tail -n +2 | cut -d, -f1 | head -20)
start=$(date +%s%N)
i=0
for u in $units; do
  i=$((i + 1))
  ( code=0
    "$svc" --as wangfang fee pay --unit "$u" --amount "$i.50" --method cash >"$work/out.$i" 2>"$work/err.$i" || code=$?
    echo "$code" >"$work/code.$i" ) &
done
wait
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "20 parallel payments: ${elapsed} ms"
for n in $(seq 1 20); do
  [ "$(cat "$work/code.$n")" = 0 ] || bad "payment $n exited $(cat "$work/code.$n"): $(cat "$work/err.$n")"
done
got=$("$svc" --csv fee payments --date 2026-11-23 | tail -n +2 | cut -d, -f1 | sort | tr '\n' ' ')
want=$(for n in $(seq 1 20); do printf 'R2026-%06d ' "$n"; done)
[ "$got" = "$want" ] || bad "receipts are '$got', wanted '$want'"
"$svc" db check >/dev/null 2>"$work/check" || bad "db check failed: $(cat "$work/check")"
"$svc" audit verify >/dev/null 2>&1 || bad "audit verify failed"
# The next payment continues the series.
"$svc" --json fee pay --unit 1-1-101 --amount 1 --method cash 2>/dev/null | grep -q '"receipt": "R2026-000021"' ||
  bad "the 21st receipt is not R2026-000021"
echo "fee_concurrency: $failed failed"
[ "$failed" = 0 ]
