#!/usr/bin/env bash
# e2e: `svc complaint sweep` run again and again the way cron runs it — the real binary, the
# environment only — records each escalation of the ladder exactly once (domain-rules 2.5, 2.6),
# made by its rule and not by the login cron runs as (which the audit log keeps), prints what it
# did, says nothing with -q when there is nothing to do, and always exits 0.
set -euo pipefail
svc=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
unset SVC_DB SVC_POLICY SVC_USER SVC_NOW
export SVC_LANG=en HOME="$work" XDG_CONFIG_HOME="$work/config"
passed=0 failed=0
ok()  { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
run() {  # run CODE args... — output in $work/out and $work/err
  local want=$1; shift
  local got=0
  "$svc" "$@" >"$work/out" 2>"$work/err" || got=$?
  if [ "$got" = "$want" ]; then ok; else bad "svc $* exited $got, wanted $want: $(cat "$work/err")"; fi
}
# Escalation rules are complaint.ladder.*, complaint.severity.*.escalate_to and complaint.route
# (deadline rules end in _within).
# Whole output first: `| grep -q` closes the pipe at the first match, and svc (like any filter)
# then ends by SIGPIPE, which pipefail reports.
show() { "$svc" --json complaint show "$1"; }
escalations() { "$svc" --json complaint show "$1" | grep -cE '"rule": "(complaint\.ladder\.|complaint\.route|.*escalate_to")' || true; }

export SVC_NOW=2026-11-23T09:00
run 0 init
run 0 staff import "$src/examples/staff.csv"
run 0 unit import "$src/examples/units.csv"
run 0 --as wangfang complaint new --unit 1-1-102 --subject "夜间噪音"
[ "$(cat "$work/out")" = C1 ] && ok || bad "complaint new printed '$(cat "$work/out")', wanted C1"
run 0 --as wangfang complaint new --unit 1-1-201 --subject "电梯异响" --severity important

# Cron every ten minutes over three weeks: each rung of the ladder fires once, at its time.
for day in 23 24 25 26 30; do
  for hour in 09:05 09:15 13:00; do
    export SVC_NOW=2026-11-${day}T$hour
    run 0 -q complaint sweep
  done
done
for day in 01 07 08 14; do
  for hour in 09:05 09:15; do
    export SVC_NOW=2026-12-${day}T$hour
    run 0 -q complaint sweep
  done
done
# C1 (minor): supervisor at 2d, manager at 1w, gm at 2w. C2 (important): supervisor at once
# (the class escalation), then manager and gm.
[ "$(escalations C1)" = 3 ] && ok || bad "C1 has $(escalations C1) escalations, wanted 3"
[ "$(escalations C2)" = 3 ] && ok || bad "C2 has $(escalations C2) escalations, wanted 3"
grep -q '"level": "gm"' <<<"$(show C1)" && ok || bad "C1 is not held by the gm"
# Made by the rules, not by whoever cron runs as (domain-rules 2.5): the escalation rows and the
# history name the rule; the audit log keeps the real login of each run.
me=$(id -un)
[ "$(show C1 | grep -c '"by": "rule:complaint\.ladder\.' || true)" = 3 ] && ok || bad "C1's escalations are not by their rules: $(show C1)"
[ "$(show C1 | grep -c "\"actor\": \"$me\"" || true)" = 0 ] && ok || bad "C1's history says $me escalated it"
log=$("$svc" --json audit log --entity C1)
grep -q "\"actor\": \"$me\"" <<<"$log" && ok || bad "the audit log does not name $me as the sweep's runner"

# A quiet run with -q prints nothing at all; without -q it says so on stderr, not stdout.
export SVC_NOW=2026-12-15T09:00
run 0 -q complaint sweep
[ -s "$work/out" ] || [ -s "$work/err" ] && bad "a quiet sweep with -q printed something" || ok
run 0 complaint sweep
[ -s "$work/out" ] && bad "a quiet sweep printed to stdout: $(cat "$work/out")" || ok
grep -q "nothing to do" "$work/err" && ok || bad "a quiet sweep without -q did not say so"

# The one-month rule: once, with what it did printed even with -q (cron mails it).
export SVC_NOW=2026-12-23T09:00
run 0 -q complaint sweep --dry-run
grep -q "C1" "$work/out" && ok || bad "the dry run did not show the upgrade"
grep -q '"severity": "minor"' <<<"$(show C1)" && ok || bad "the dry run changed C1"
run 0 -q complaint sweep
grep -q "upgraded" "$work/out" && ok || bad "the sweep did not print the upgrade: $(cat "$work/out")"
run 0 -q complaint sweep
[ -s "$work/out" ] && bad "the upgrade was applied twice: $(cat "$work/out")" || ok
grep -q '"severity": "major"' <<<"$(show C1)" && ok || bad "C1 did not become major"

# Two sweeps at once are safe: still one escalation per rule.
export SVC_NOW=2026-12-24T09:00
run 0 --as wangfang complaint new --unit 1-1-202 --subject "垃圾未清运"
export SVC_NOW=2026-12-26T09:00
"$svc" -q complaint sweep >/dev/null 2>&1 & "$svc" -q complaint sweep >/dev/null 2>&1 & wait
[ "$(escalations C3)" = 1 ] && ok || bad "C3 has $(escalations C3) escalations after two overlapping sweeps, wanted 1"

run 0 audit verify
echo "complaint_sweep: $passed passed, $failed failed"
[ "$failed" = 0 ]
