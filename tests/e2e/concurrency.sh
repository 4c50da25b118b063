#!/usr/bin/env bash
# e2e: four front desks at work at once — each process a stream of mutating commands (tickets
# through their lifecycle, complaints, payments, callbacks) — while `svc audit verify` and
# `svc db check` run over and over beside them. No command may fail (a busy database waits), no
# check may raise a false alarm, nothing may be lost (every count adds up) and the receipts stay
# gapless. `concurrency.sh SVC SRC [ROUNDS]`: each writer runs ROUNDS rounds of six commands
# (default 5, the fast suite; `make check-slow` runs 84: 4 × 504 commands).
set -euo pipefail
svc=$(realpath "$1")
src=$(realpath "$2")
rounds=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
unset SVC_POLICY SVC_USER
export SVC_LANG=en HOME="$work" XDG_CONFIG_HOME="$work/config" SVC_DB="$work/svc.db" SVC_NOW=2026-11-23T10:00
failed=0
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

"$svc" -q init
"$svc" -q staff import "$src/examples/staff.csv"
"$svc" -q unit import "$src/examples/units.csv"
"$svc" -q fee bill --period 2026-11

# One writer: ROUNDS × (ticket new, dispatch, complaint new, fee pay, a callback on the complaint
# after it is resolved) = 6 commands a round (resolve and the callback are two). Every failure is written to its error log.
writer() {  # writer N
  local n=$1 unit t c
  unit=$(sed -n "$((n + 2))p" "$work/units")
  for r in $(seq 1 "$rounds"); do
    t=$("$svc" --as wangfang ticket new --unit "$unit" --category water --desc "w$n r$r" --urgent 2>>"$work/err.$n") ||
      { echo "ticket new failed" >>"$work/fail.$n"; continue; }
    "$svc" -q --as wangfang ticket dispatch "$t" --to wuming 2>>"$work/err.$n" || echo "dispatch $t" >>"$work/fail.$n"
    c=$("$svc" --as zhaoli complaint new --unit "$unit" --subject "w$n r$r" 2>>"$work/err.$n") ||
      { echo "complaint new failed" >>"$work/fail.$n"; continue; }
    "$svc" -q --as wangfang fee pay --unit "$unit" --amount 1 --method cash >/dev/null 2>>"$work/err.$n" ||
      echo "pay" >>"$work/fail.$n"
    "$svc" -q --as zhaoli complaint resolve "$c" --resolution done 2>>"$work/err.$n" &&
      "$svc" -q --as zhaoli visit log --complaint "$c" --method phone --rating 5 >/dev/null 2>>"$work/err.$n" ||
      echo "resolve/callback $c" >>"$work/fail.$n"
  done
}

# The checker: verify and check again and again until the writers are done.
checker() {
  local i=0
  while [ ! -f "$work/done" ]; do
    i=$((i + 1))
    "$svc" -q audit verify >/dev/null 2>>"$work/alarm" || echo "audit verify run $i raised an alarm" >>"$work/alarm"
    "$svc" -q db check >/dev/null 2>>"$work/alarm" || echo "db check run $i raised an alarm" >>"$work/alarm"
    echo "$i" >"$work/checks"
  done
}

"$svc" --csv unit list | tail -n +2 | cut -d, -f1 >"$work/units"
start=$(date +%s)
checker &
checker_pid=$!
pids=()
for n in 1 2 3 4; do writer "$n" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done
touch "$work/done"
wait "$checker_pid"
echo "4 writers × $((rounds * 6)) commands in $(( $(date +%s) - start )) s, $(cat "$work/checks" 2>/dev/null || echo 0) verify+check rounds beside them"

for n in 1 2 3 4; do
  [ -s "$work/fail.$n" ] && bad "writer $n: $(sort "$work/fail.$n" | uniq -c | tr '\n' ' '): $(tail -3 "$work/err.$n")"
done
[ -s "$work/alarm" ] && bad "false alarms under load: $(head -5 "$work/alarm")"

# Nothing lost: every count adds up.
want=$((4 * rounds))
got=$("$svc" --csv ticket list --all | tail -n +2 | wc -l)
[ "$got" = "$want" ] || bad "$got tickets, wanted $want"
got=$("$svc" --csv complaint list --status closed | tail -n +2 | wc -l)
got_resolved=$("$svc" --csv complaint list --status resolved | tail -n +2 | wc -l)
[ "$got_resolved" = "$want" ] || bad "$got_resolved complaints resolved with a callback, wanted $want"
got=$("$svc" --csv fee payments --date 2026-11-23 | tail -n +2 | cut -d, -f1 | sort)
[ "$(echo "$got" | wc -l)" = "$want" ] || bad "$(echo "$got" | wc -l) payments, wanted $want"
expected=$(for i in $(seq 1 "$want"); do printf 'R2026-%06d\n' "$i"; done)
[ "$got" = "$expected" ] || bad "receipts are not R2026-000001..$want without a gap"
"$svc" -q db check >/dev/null 2>"$work/check" || bad "final db check: $(cat "$work/check")"
"$svc" -q audit verify 2>"$work/verify" || bad "final audit verify: $(cat "$work/verify")"
entries=$("$svc" --json audit head | sed -n 's/.*"entry": \([0-9]*\).*/\1/p')
# init, staff, units, bill, then one entry per command: 6 a round per writer.
[ "$entries" = "$((4 + 4 * rounds * 6))" ] || bad "$entries audit entries, wanted $((4 + 4 * rounds * 6))"
echo "concurrency: $failed failed"
[ "$failed" = 0 ]
