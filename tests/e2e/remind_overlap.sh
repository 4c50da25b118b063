#!/usr/bin/env bash
# e2e: overlapping `svc fee remind` runs (cron fired again while a slow run is still sending).
# Run A blocks on its first SMS; run B started meanwhile exits 75 at once with a message and sends
# nothing; run C started with --wait waits for A, then finds everything done and sends nothing.
# In the end every unit with an owner phone got exactly one SMS, `fee reminders --status sent`
# agrees with the gateway's log, and `fee dunning-gaps` shows only the units without a phone.
set -euo pipefail
. "$(dirname "$0")/lib/remind.sh" "$1" "$2"

estate

# The SMS gateway: the first message blocks until $work/release exists (at most 60 s), every
# message then takes a little while; each delivered message is one line "PHONE UNIT TEXT".
cat >"$work/sms.sh" <<EOF
#!/bin/sh
msg=\$(cat)
if mkdir "$work/first.d" 2>/dev/null; then
  echo "\$2" >"$work/inflight"
  i=0
  while [ ! -e "$work/release" ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
fi
sleep 0.02
printf '%s %s %s\n' "\$1" "\$2" "\$msg" >>"$work/sent.log"
EOF
use_gateway
echo "units with an owner phone: $nphoned of $("$svc" --json unit list | jq length)"

# Run A: slow.
start=$(date +%s%N)
timeout 120 "$svc" --now 2026-08-16T09:00 -q fee remind >"$work/a.out" 2>"$work/a.err" &
apid=$!
wait_for "$work/inflight" 30 "$apid" || bad "run A never reached its first message: $(cat "$work/a.err")"
echo "run A is sending its first message after $(ms "$start") ms"
holder=$(cat "$SVC_DB.remind.lock" 2>/dev/null || true)
[ -n "$holder" ] || bad "the lock file $SVC_DB.remind.lock names no holder while run A sends"

# Run B, no --wait: 75 at once, a message on stderr, nothing sent.
before=$(lines "$work/sent.log")
start=$(date +%s%N)
code=0
timeout 30 "$svc" --now 2026-08-16T09:05 fee remind >"$work/b.out" 2>"$work/b.err" || code=$?
echo "run B exited $code after $(ms "$start") ms"
[ "$code" = 75 ] || bad "run B exited $code while run A holds the lock, wanted 75: $(cat "$work/b.err")"
grep -qi "another .*running" "$work/b.err" || bad "run B's stderr does not say another run is in progress: $(cat "$work/b.err")"
[ -z "$holder" ] || grep -q "pid $holder" "$work/b.err" || bad "run B's stderr does not name the holder pid $holder: $(cat "$work/b.err")"
[ ! -s "$work/b.out" ] || bad "run B printed on stdout: $(cat "$work/b.out")"
[ "$(lines "$work/sent.log")" = "$before" ] || bad "run B sent something"
[ -e "$work/release" ] || kill -0 "$apid" 2>/dev/null || bad "run A ended while its first message was still blocked"

# Run C, --wait: waits for A, then has nothing to do.
timeout 120 "$svc" --now 2026-08-16T09:05 fee remind --wait >"$work/c.out" 2>"$work/c.err" &
cpid=$!
sleep 0.5
kill -0 "$cpid" 2>/dev/null || bad "run C --wait ended while run A still held the lock: $(cat "$work/c.err")"
start=$(date +%s%N)
touch "$work/release"
code=0
wait "$apid" || code=$?
echo "run A finished $(ms "$start") ms after the release, exit $code, $(lines "$work/sent.log") messages"
[ "$code" = 0 ] || bad "run A exited $code, wanted 0: $(cat "$work/a.err")"
[ ! -s "$work/a.out" ] || bad "run A (-q) printed on stdout: $(cat "$work/a.out")"
afterA=$(lines "$work/sent.log")
code=0
wait "$cpid" || code=$?
echo "run C finished $(ms "$start") ms after the release, exit $code"
[ "$code" = 0 ] || bad "run C --wait exited $code, wanted 0: $(cat "$work/c.err")"
[ "$(lines "$work/sent.log")" = "$afterA" ] || bad "run C sent $(( $(lines "$work/sent.log") - afterA )) messages after run A"

# One message per unit with a phone, none for the others, none twice.
cut -d' ' -f2 "$work/sent.log" | sort | uniq -c | awk '$1 != 1 { print $2 " got " $1 " messages" }' >"$work/dups"
[ ! -s "$work/dups" ] || bad "units messaged more than once: $(tr '\n' ';' <"$work/dups")"
cut -d' ' -f2 "$work/sent.log" | sort -u >"$work/messaged"
cmp -s "$work/messaged" "$work/phoned" ||
  bad "messaged units differ from units with a phone: $(diff "$work/phoned" "$work/messaged" | grep '^[<>]' | tr '\n' ' ')"
sent=$("$svc" --json fee reminders --status sent | jq length)
[ "$sent" = "$(lines "$work/sent.log")" ] || bad "fee reminders --status sent has $sent, the log $(lines "$work/sent.log") lines"
[ "$sent" = "$nphoned" ] || bad "$sent reminders sent, wanted $nphoned"
for st in planned sending failed unknown; do
  n=$("$svc" --json fee reminders --status "$st" | jq length)
  [ "$n" = 0 ] || bad "$n reminders are $st after the runs"
done
"$svc" --now 2026-08-16T10:00 --json fee dunning-gaps >"$work/gaps.json" 2>/dev/null || bad "fee dunning-gaps failed"
other=$(jq -r '.rows[] | select(.problem != "skipped") | "\(.unit) \(.problem)"' "$work/gaps.json" | tr '\n' ';')
[ -z "$other" ] || bad "dunning-gaps shows problems other than skipped: $other"
jq -r '.rows[] | .unit' "$work/gaps.json" | sort >"$work/gapped"
comm -12 "$work/gapped" "$work/phoned" | grep -q . && bad "dunning-gaps lists units that have a phone: $(comm -12 "$work/gapped" "$work/phoned" | tr '\n' ' ')"

# A later run the same day sends nothing more.
code=0
"$svc" --now 2026-08-16T11:00 -q fee remind >"$work/d.out" 2>"$work/d.err" || code=$?
[ "$code" = 0 ] || bad "a later run exited $code, wanted 0: $(cat "$work/d.err")"
[ "$(lines "$work/sent.log")" = "$afterA" ] || bad "a later run sent again"

finish remind_overlap
