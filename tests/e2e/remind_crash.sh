#!/usr/bin/env bash
# e2e: `svc fee remind` killed with SIGKILL while its 5th SMS is being sent. The reminder was
# marked 'sending' before the send (write-ahead), so the next run turns it into 'unknown', says
# so on stderr and exits 69 — and does not send it again; it sends the rest exactly once. A third
# run sends nothing; `svc fee resolve ID --sent` settles the unknown one; the audit chain and the
# database checks hold after the kill.
set -euo pipefail
. "$(dirname "$0")/lib/remind.sh" "$1" "$2"
count_unit() { if [ -f "$2" ]; then awk -v u="$1" '$2 == u { n++ } END { print n + 0 }' "$2"; else echo 0; fi; }

estate

# The SMS gateway: every call is logged to calls.log; the 5th call records "PID UNIT" in
# $work/inflight and hangs (up to 60 s) without delivering; every other call delivers at once
# (one line "PHONE UNIT TEXT" in sent.log). svc starts it in a process group of its own.
cat >"$work/sms.sh" <<EOF
#!/bin/sh
msg=\$(cat)
n=\$(( \$(cat "$work/count" 2>/dev/null || echo 0) + 1 ))
echo "\$n" >"$work/count"
echo "\$n \$2" >>"$work/calls.log"
if [ "\$n" -eq 5 ]; then
  echo "\$\$ \$2" >"$work/inflight.tmp"
  mv "$work/inflight.tmp" "$work/inflight"
  i=0
  while [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
  exit 1
fi
printf '%s %s %s\n' "\$1" "\$2" "\$msg" >>"$work/sent.log"
EOF
use_gateway

# The run to be killed: a simple command put in the background, so $! is svc itself.
start=$(date +%s%N)
"$svc" --now 2026-08-16T09:00 -q fee remind >"$work/run1.out" 2>"$work/run1.err" &
svcpid=$!
if ! wait_for "$work/inflight" 30 "$svcpid"; then
  bad "the run never reached its 5th message: $(cat "$work/run1.err")"
  kill -KILL "$svcpid" 2>/dev/null || true
  echo "remind_crash: $failed failed"
  exit 1
fi
read -r smspid inflight <"$work/inflight"
echo "5th message ($inflight) in flight after $(ms "$start") ms; killing svc pid $svcpid"
holder=$(cat "$SVC_DB.remind.lock" 2>/dev/null || true)
[ "$holder" = "$svcpid" ] || bad "the lock holder is '$holder', not the background svc $svcpid (is \$! the svc process?)"
kill -KILL "$svcpid"
code=0
{ wait "$svcpid"; } 2>/dev/null || code=$?
[ "$code" = 137 ] || bad "the killed run exited $code, wanted 137 (SIGKILL)"
# The gateway process is an orphan now: end its process group so it can never deliver late.
kill -KILL -- "-$smspid" 2>/dev/null || kill -KILL "$smspid" 2>/dev/null || true
i=0
while kill -0 "$smspid" 2>/dev/null && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$smspid" 2>/dev/null && bad "the orphaned gateway $smspid is still running"
smspid=
before=$(lines "$work/sent.log")
echo "killed; $before messages delivered before the kill"
[ "$before" = 4 ] || bad "$before messages delivered before the kill, wanted 4"

# State right after the kill: the in-flight reminder is 'sending', the chain and checks hold.
"$svc" --json fee reminders --status sending >"$work/sending.json"
[ "$(jq -r '[.[].unit] | join(" ")' "$work/sending.json")" = "$inflight" ] ||
  bad "after the kill the 'sending' reminders are [$(jq -r '[.[].unit] | join(" ")' "$work/sending.json")], wanted [$inflight]"
"$svc" audit verify >/dev/null 2>"$work/verify" || bad "audit verify failed after the kill: $(cat "$work/verify")"
"$svc" db check >/dev/null 2>"$work/check" || bad "db check failed after the kill: $(cat "$work/check")"

# The rerun: 69, the interrupted reminder named on stderr, the rest sent once.
start=$(date +%s%N)
code=0
"$svc" --now 2026-08-16T09:10 -q fee remind >"$work/run2.out" 2>"$work/run2.err" || code=$?
echo "rerun exited $code after $(ms "$start") ms; it said: $(grep -F "$inflight" "$work/run2.err" | head -1)"
[ "$code" = 69 ] || bad "the rerun exited $code, wanted 69 (an interrupted send was found): $(cat "$work/run2.err")"
grep -F "$inflight" "$work/run2.err" | grep -qi "cut off\|interrupt" ||
  bad "the rerun's stderr does not mention the interrupted reminder of $inflight: $(cat "$work/run2.err")"
"$svc" --json fee reminders --status unknown >"$work/unknown.json"
[ "$(jq -r '[.[].unit] | join(" ")' "$work/unknown.json")" = "$inflight" ] ||
  bad "unknown reminders are [$(jq -r '[.[].unit] | join(" ")' "$work/unknown.json")], wanted [$inflight]"
rid=$(jq -r '.[0].id // empty' "$work/unknown.json")
grep -q "reminder $rid " "$work/run2.err" || bad "the rerun's stderr does not name reminder $rid: $(cat "$work/run2.err")"
[ "$(count_unit "$inflight" "$work/calls.log")" = 1 ] ||
  bad "the gateway was called $(count_unit "$inflight" "$work/calls.log") times for $inflight, wanted 1 (no second send)"
[ "$(count_unit "$inflight" "$work/sent.log")" = 0 ] || bad "$inflight got a message after the crash"
cut -d' ' -f2 "$work/sent.log" | sort | uniq -c | awk '$1 != 1 { print $2 " got " $1 " messages" }' >"$work/dups"
[ ! -s "$work/dups" ] || bad "units messaged more than once: $(tr '\n' ';' <"$work/dups")"
cut -d' ' -f2 "$work/sent.log" | sort -u >"$work/messaged"
grep -vxF "$inflight" "$work/phoned" >"$work/expected"
cmp -s "$work/messaged" "$work/expected" ||
  bad "messaged units differ from the units with a phone but $inflight: $(diff "$work/expected" "$work/messaged" | grep '^[<>]' | tr '\n' ' ')"
calls=$(lines "$work/calls.log")
[ "$calls" = "$nphoned" ] || bad "the gateway was called $calls times, wanted $nphoned (one per unit with a phone)"
sent=$("$svc" --json fee reminders --status sent | jq length)
[ "$sent" = "$(lines "$work/sent.log")" ] || bad "fee reminders --status sent has $sent, the log $(lines "$work/sent.log") lines"
for st in planned sending failed; do
  n=$("$svc" --json fee reminders --status "$st" | jq length)
  [ "$n" = 0 ] || bad "$n reminders are $st after the rerun"
done
"$svc" --now 2026-08-16T09:20 --json fee dunning-gaps >"$work/gaps.json" 2>/dev/null || true
[ "$(jq -r '[.rows[] | select(.problem == "unknown") | .unit] | join(" ")' "$work/gaps.json")" = "$inflight" ] ||
  bad "dunning-gaps before the resolve: unknown rows are [$(jq -r '[.rows[] | select(.problem == "unknown") | .unit] | join(" ")' "$work/gaps.json")], wanted [$inflight]"

# A third run: nothing new to send; the unknown reminder stays for a person.
code=0
"$svc" --now 2026-08-16T09:30 fee remind >"$work/run3.out" 2>"$work/run3.err" || code=$?
echo "third run exited $code: $(tr '\n' ' ' <"$work/run3.err")"
[ "$code" = 0 ] || bad "the third run exited $code, wanted 0: $(cat "$work/run3.err")"
[ "$(lines "$work/calls.log")" = "$calls" ] || bad "the third run called the gateway again"
[ "$("$svc" --json fee reminders --status unknown | jq length)" = 1 ] || bad "the third run changed the unknown reminder"

# A person checks the gateway and settles it.
code=0
"$svc" --now 2026-08-16T09:40 fee resolve "$rid" --sent --note "gateway log shows it delivered" >"$work/resolve.out" 2>&1 || code=$?
[ "$code" = 0 ] || bad "fee resolve $rid --sent exited $code: $(cat "$work/resolve.out")"
[ "$("$svc" --json fee reminders --unit "$inflight" | jq -r '[.[].status] | join(" ")')" = sent ] ||
  bad "after the resolve, $inflight's reminders are [$("$svc" --json fee reminders --unit "$inflight" | jq -r '[.[].status] | join(" ")')], wanted [sent]"
"$svc" --now 2026-08-16T09:50 --json fee dunning-gaps >"$work/gaps.json" 2>/dev/null || true
other=$(jq -r '.rows[] | select(.problem != "skipped") | "\(.unit) \(.problem)"' "$work/gaps.json" | tr '\n' ';')
[ -z "$other" ] || bad "dunning-gaps after the resolve shows problems other than skipped: $other"
code=0
"$svc" --now 2026-08-16T10:00 -q fee remind >"$work/run4.out" 2>"$work/run4.err" || code=$?
[ "$code" = 0 ] || bad "a run after the resolve exited $code, wanted 0: $(cat "$work/run4.err")"
[ "$(lines "$work/calls.log")" = "$calls" ] || bad "a run after the resolve called the gateway again"

finish remind_crash
