#!/usr/bin/env bash
# e2e: kill -9 at random moments in the middle of the bulk commands and of a burst of payments.
# After every kill the file passes SQLite's integrity check and `svc db check` (ledger invariants,
# gapless receipts, the audit chain); each command was all or nothing; a rerun completes; and the
# dunning ladder never delivers a reminder twice. `crash.sh SVC SRC [KILLS]`: KILLS kills spread
# over fee bill, unit import, fee remind and fee pay (default 5, the fast suite; `make check-slow`
# runs 60).
set -euo pipefail
. "$(dirname "$0")/lib/remind.sh" "$1" "$2"
kills=${3:-5}
export SVC_NOW=2026-11-23T10:00
per=$(( (kills + 3) / 4 ))

# A larger estate than the example, so that a kill lands inside the work: buildings of
# 2 entrances × 10 floors × 4 rooms — 6 for the fast suite, 40 for the slow one.
last=$(( kills >= 20 ? 49 : 15 ))
{
  echo "code,area_m2,status,owner_name,owner_phone"
  for b in $(seq 10 "$last"); do for e in 1 2; do for f in $(seq 1 10); do for r in 1 2 3 4; do
    echo "$b-$e-$f$(printf %02d $r),$((60 + r * 15)).50,occupied,业主$b$e$f$r,139$(printf %08d $((b * 1000 + e * 100 + f * 10 + r)))"
  done; done; done; done
} >"$work/estate.csv"
estate
"$svc" -q unit import "$work/estate.csv"
units=$("$svc" --csv unit list | tail -n +2 | wc -l)
echo "estate: $units units"

# check: the file and the ledger hold after a kill.
check() {  # check WHAT
  [ "$(sqlite3 "$SVC_DB" 'PRAGMA integrity_check')" = ok ] || bad "$1: integrity check failed"
  "$svc" -q db check >/dev/null 2>"$work/check" || bad "$1: db check failed: $(head -3 "$work/check")"
}
# kill_during DELAY_MS command...: runs svc in the background and kills it after DELAY_MS.
kill_during() {
  local delay=$1; shift
  "$svc" "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(printf '0.%03d' "$delay")"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
random_ms() { echo $(( RANDOM % $1 )); }
killed=0

# --- fee bill: a month's bills appear all at once or not at all ----------------------------------
period=2026-09
for i in $(seq 1 "$per"); do
  kill_during "$(random_ms 400)" -q fee bill --period "$period"
  killed=$((killed + 1))
  n=$("$svc" --csv fee bills --period "$period" | tail -n +2 | wc -l)
  [ "$n" = 0 ] || [ "$n" -ge "$units" ] || bad "fee bill killed: $n bills of $period, wanted 0 or all"
  check "fee bill"
done
"$svc" -q fee bill --period "$period" >/dev/null
n=$("$svc" --csv fee bills --period "$period" | tail -n +2 | wc -l)
[ "$n" -ge "$units" ] || bad "the rerun billed $n of $units units"

# --- unit import: 800 new units, all or nothing ---------------------------------------------------
for i in $(seq 1 "$per"); do
  b=$((60 + i))
  {
    echo "code,area_m2,status,owner_name"
    for e in 1 2; do for f in $(seq 1 40); do for r in 1 2 3 4 5 6 7 8 9 10; do
      echo "$b-$e-$f$(printf %02d $r),88.00,vacant,新业主"
    done; done; done
  } >"$work/more.csv"
  before=$("$svc" --csv unit list | tail -n +2 | wc -l)
  kill_during "$(random_ms 300)" -q unit import "$work/more.csv"
  killed=$((killed + 1))
  after=$("$svc" --csv unit list | tail -n +2 | wc -l)
  [ "$after" = "$before" ] || [ "$after" = "$((before + 800))" ] || bad "unit import killed: $before → $after units"
  check "unit import"
  "$svc" -q unit import "$work/more.csv"
  [ "$("$svc" --csv unit list | tail -n +2 | wc -l)" = "$((before + 800))" ] || bad "the rerun of unit import did not complete"
done

# --- fee remind: killed while sending; never a second delivery -----------------------------------
cat >"$work/sms.sh" <<EOF
#!/bin/sh
cat >/dev/null
sleep 0.01
echo "\$2" >>"$work/sent.log"
EOF
use_gateway
export SVC_USER=sunwei
for i in $(seq 1 "$per"); do
  kill_during "$(random_ms 900)" --now 2026-11-23T10:00 -q fee remind
  killed=$((killed + 1))
  check "fee remind"
done
# Reruns settle what is left; a send cut off by a kill is 'unknown' and is never resent by itself.
"$svc" --now 2026-11-23T10:00 -q fee remind >/dev/null 2>&1 || true
"$svc" --now 2026-11-23T10:00 -q fee remind >/dev/null 2>&1 || true
dups=$(sort "$work/sent.log" 2>/dev/null | uniq -d | head -3)
[ -z "$dups" ] || bad "reminders delivered twice to: $dups"
sent=$(lines "$work/sent.log")
echo "fee remind: $sent messages delivered once each over $per kills"
unset SVC_POLICY

# --- a burst of payments, some killed: receipts stay gapless ---------------------------------------
export SVC_USER=wangfang
for i in $(seq 1 "$per"); do
  pids=()
  for u in $(sed -n '1,8p' "$work/phoned"); do
    "$svc" -q fee pay --unit "$u" --amount 1.00 --method cash >/dev/null 2>&1 & pids+=($!)
  done
  sleep "$(printf '0.%03d' "$(random_ms 200)")"
  kill -KILL "${pids[2]}" "${pids[5]}" 2>/dev/null || true
  killed=$((killed + 1))
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  check "fee pay"
done

echo "crash: $killed kills"
finish crash
