#!/usr/bin/env bash
# e2e: the exec channel of `svc fee remind` against a scripted SMS gateway.
#  (a) a send that fails once (exit 1): the run exits 69, the reminder is 'failed' (attempts 1,
#      the reason names the exit status); a run an hour later sends it (attempts 2), exits 0 and
#      sends nobody else again;
#  (b) exit 75 (retry later): the run exits 69 after ONE call, nothing is sent, the reminders stay
#      'planned' with attempts 0; the next run with a working gateway sends them all once;
#  (c) a command that does not exist: 69, nothing sent, every reminder still 'planned' with no
#      attempt counted (the channel is broken, not the message), the reason names the command;
#      with the command fixed, a run for that unit sends it;
#  (d) the bytes on the gateway's stdin are the message `fee remind --dry-run` showed and the one
#      `fee reminder ID` stores: UTF-8 Chinese naming the unit and the amount; the phone argument
#      is the full number;
#  (e) attempts = 2 with a gateway that always fails: 'failed' with attempts 2 after two runs, a
#      third run does not call the gateway, and `fee dunning-gaps` lists it as failed.
set -euo pipefail
. "$(dirname "$0")/lib/remind.sh" "$1" "$2"
count_unit() { if [ -f "$2" ]; then awk -v u="$1" '$1 == u { n++ } END { print n + 0 }' "$2"; else echo 0; fi; }
# remind WANT NOW [args...]: one run of `svc fee remind`; output in $work/out and $work/err.
remind() {
  local want=$1 now=$2 got=0 start
  shift 2
  start=$(date +%s%N)
  "$svc" --now "$now" fee remind "$@" >"$work/out" 2>"$work/err" || got=$?
  echo "  fee remind $* at $now: exit $got, $(ms "$start") ms, $(lines "$work/calls.log") gateway calls so far"
  [ "$got" = "$want" ] || bad "fee remind $* at $now exited $got, wanted $want: $(cat "$work/err")"
}
reminder() { "$svc" --json fee reminders --unit "$1" | jq -r ".[0].$2 // empty"; }
state() { "$svc" --json fee reminders --unit "$1" | jq -r '.[0] | "\(.status) \(.attempts)"'; }  # "STATUS ATTEMPTS"
statuses() { "$svc" --json fee reminders | jq -r '[.[] | select(.status != "skipped") | .status] | unique | join(" ")'; }
# fresh NAME MODE: a new database billed for 2026-08, the gateway in MODE, empty gateway logs.
fresh() {
  export SVC_DB="$work/$1.db"
  unset SVC_POLICY SVC_USER
  estate
  export SVC_USER=sunwei SVC_POLICY="$work/policy.toml"
  echo "$2" >"$work/mode"
  rm -f "$work"/calls.log "$work"/sent.log "$work"/stdin.* "$work"/phone.* "$work"/flaked.*
  echo "($1)"
}

# The gateway. Every call: "UNIT" in calls.log, stdin kept byte for byte in stdin.UNIT, the phone
# argument in phone.UNIT. Then by $work/mode: ok delivers ("UNIT PHONE TEXT" in sent.log);
# flaky:UNIT fails (exit 1) the first call for UNIT; defer exits 75; fail exits 1.
cat >"$work/sms.sh" <<EOF
#!/bin/sh
cat >"$work/stdin.\$2"
printf '%s\n' "\$1" >"$work/phone.\$2"
echo "\$2" >>"$work/calls.log"
mode=\$(cat "$work/mode")
case "\$mode" in
  flaky:*)
    if [ "\$2" = "\${mode#flaky:}" ] && [ ! -e "$work/flaked.\$2" ]; then
      : >"$work/flaked.\$2"; echo "gateway: line busy" >&2; exit 1
    fi ;;
  defer) echo "gateway: rate limited" >&2; exit 75 ;;
  fail) echo "gateway: rejected" >&2; exit 1 ;;
esac
printf '%s %s %s\n' "\$2" "\$1" "\$(cat "$work/stdin.\$2")" >>"$work/sent.log"
EOF
chmod +x "$work/sms.sh"
sms_policy() {  # sms_policy COMMAND [extra toml]
  printf '[channels.sms]\nkind = "exec"\ncommand = ["%s", "{phone}", "{unit}"]\n%s' "$1" "${2:-}" >"$work/policy.toml"
}
sms_policy "$work/sms.sh"

# ---- (a) fails once, then succeeds; (d) the message and the phone --------------------------
x=1-1-201   # fails on its first call
d=1-1-301   # two fee items: 车位费 and 物业管理费
fresh a "flaky:$x"
"$svc" --json --reveal unit list | jq -r '.[] | select(.owner_phone != null) | .code' | sort >"$work/phoned"
nphoned=$(lines "$work/phoned")
phone_d=$("$svc" --json --reveal unit list | jq -r --arg u "$d" '.[] | select(.code == $u) | .owner_phone')

"$svc" --now 2026-08-16T09:00 fee remind --dry-run >"$work/dry.out" 2>"$work/dry.err" || bad "the dry run failed: $(cat "$work/dry.err")"
# The unit's header line "#ID UNIT stage (n) → sms PHONE", then "  $ argv", then "  MESSAGE".
awk -v u="$d" '$1 ~ /^#/ { on = ($2 == u); next } on && /^  / && !/^  \$/ { print substr($0, 3); exit }' \
  "$work/dry.out" >"$work/dry.msg"
[ -s "$work/dry.msg" ] || bad "the dry run shows no message for $d: $(head -c 600 "$work/dry.out")"
[ ! -f "$work/calls.log" ] || bad "the dry run called the gateway"
[ "$("$svc" --json fee reminders | jq length)" = 0 ] || bad "the dry run left reminders behind"

remind 69 2026-08-16T09:00
grep -F "$x" "$work/err" | grep -qi "fail" || bad "stderr does not report $x's failure: $(cat "$work/err")"
got=$(state "$x")
[ "$got" = "failed 1" ] || bad "$x's reminder is '$got' (status attempts), wanted 'failed 1'"
reminder "$x" reason | grep -q "status 1" || bad "$x's reason does not name exit status 1: $(reminder "$x" reason)"
echo "  $x: $(reminder "$x" reason)"
[ "$(lines "$work/sent.log")" = $((nphoned - 1)) ] || bad "first run delivered $(lines "$work/sent.log"), wanted $((nphoned - 1))"

# (d) what the gateway got for $d.
printf '%s' "$(cat "$work/dry.msg")" >"$work/dry.expected"   # the dry run adds the newline
if [ -f "$work/stdin.$d" ]; then
  cmp -s "$work/dry.expected" "$work/stdin.$d" ||
    bad "the gateway got for $d: '$(cat "$work/stdin.$d")'; the dry run showed '$(cat "$work/dry.expected")'"
  rid=$(reminder "$d" id)
  "$svc" --json fee reminder "$rid" | jq -j '.message' >"$work/stored.msg"
  cmp -s "$work/stored.msg" "$work/stdin.$d" ||
    bad "the gateway got for $d: '$(cat "$work/stdin.$d")'; fee reminder $rid stores '$(cat "$work/stored.msg")'"
  fen=$(reminder "$d" amount_fen)
  amount=$(printf '%d.%02d' $((fen / 100)) $((fen % 100)))
  python3 - "$work/stdin.$d" "$d" "$amount" <<'EOF' || bad "the message for $d is not right: $(cat "$work/stdin.$d")"
import sys
raw = open(sys.argv[1], "rb").read()
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit(f"not UTF-8: {e}")
problems = []
if not any("\u4e00" <= ch <= "\u9fff" for ch in text): problems.append("no Chinese")
if sys.argv[2] not in text: problems.append("no unit code " + sys.argv[2])
if sys.argv[3] not in text: problems.append("no amount " + sys.argv[3])
if problems: sys.exit("; ".join(problems))
EOF
  echo "  $d got $(wc -c <"$work/stdin.$d") bytes: $(cat "$work/stdin.$d")"
  [ "$(cat "$work/phone.$d")" = "$phone_d" ] || bad "the phone argument for $d is '$(cat "$work/phone.$d")', wanted '$phone_d'"
else
  bad "the gateway was never called for $d"
fi

remind 0 2026-08-16T10:00
got=$(state "$x")
[ "$got" = "sent 2" ] || bad "an hour later $x's reminder is '$got' (status attempts), wanted 'sent 2'"
[ "$(count_unit "$x" "$work/calls.log")" = 2 ] || bad "$x's gateway calls: $(count_unit "$x" "$work/calls.log"), wanted 2"
[ "$(lines "$work/calls.log")" = $((nphoned + 1)) ] || bad "$(lines "$work/calls.log") gateway calls, wanted $((nphoned + 1)): others were sent again"
cut -d' ' -f1 "$work/sent.log" | sort >"$work/messaged"
cmp -s "$work/messaged" "$work/phoned" || bad "delivered units differ from the units with a phone (or one got two)"
[ "$(statuses)" = sent ] || bad "reminders other than the skipped ones are [$(statuses)], wanted [sent]"
"$svc" --now 2026-08-16T11:00 --json fee dunning-gaps >"$work/gaps.json" 2>/dev/null || true
other=$(jq -r '.rows[] | select(.problem != "skipped") | "\(.unit) \(.problem)"' "$work/gaps.json" | tr '\n' ';')
[ -z "$other" ] || bad "dunning-gaps shows problems other than skipped: $other"
"$svc" db check >/dev/null 2>"$work/check" || bad "(a) db check failed: $(cat "$work/check")"
"$svc" audit verify >/dev/null 2>&1 || bad "(a) audit verify failed"

# ---- (b) exit 75: the channel waits for the next run -----------------------------------------
fresh b defer
remind 69 2026-08-16T09:00
grep -qi "channel sms is unavailable" "$work/err" || bad "stderr does not say channel sms is unavailable: $(cat "$work/err")"
[ "$(lines "$work/calls.log")" = 1 ] || bad "the gateway was called $(lines "$work/calls.log") times after asking to retry later, wanted 1"
[ "$("$svc" --json fee reminders --status sent | jq length)" = 0 ] || bad "reminders marked sent while the gateway said 75"
[ "$(statuses)" = planned ] || bad "after exit 75 reminders are [$(statuses)], wanted [planned]"
n=$("$svc" --json fee reminders --status planned | jq '[.[] | select(.attempts != 0)] | length')
[ "$n" = 0 ] || bad "$n planned reminders have attempts other than 0 after exit 75"
"$svc" --json fee reminders --status planned | jq -r '.[].unit' | sort >"$work/planned"
[ -z "$(comm -23 "$work/phoned" "$work/planned")" ] ||
  bad "units with a phone but no planned reminder after exit 75: $(comm -23 "$work/phoned" "$work/planned" | tr '\n' ' ')"
echo ok >"$work/mode"
remind 0 2026-08-16T10:00
[ "$(lines "$work/sent.log")" = "$nphoned" ] || bad "the working gateway delivered $(lines "$work/sent.log"), wanted $nphoned"
cut -d' ' -f1 "$work/sent.log" | sort >"$work/messaged"
cmp -s "$work/messaged" "$work/phoned" || bad "(b) delivered units differ from the units with a phone (or one got two)"
[ "$(statuses)" = sent ] || bad "(b) reminders are [$(statuses)] after the working run, wanted [sent]"
"$svc" db check >/dev/null 2>"$work/check" || bad "(b) db check failed: $(cat "$work/check")"
"$svc" audit verify >/dev/null 2>&1 || bad "(b) audit verify failed"

# ---- (c) the command does not exist -------------------------------------------------------
fresh ce ok
sms_policy "$work/no-such-dir/send-sms"
remind 69 2026-08-16T09:00
echo "  stderr: $(head -2 "$work/err" | tr '\n' ' ')"
[ ! -f "$work/calls.log" ] || bad "the real gateway was called"
[ "$("$svc" --json fee reminders --status sent | jq length)" = 0 ] || bad "reminders marked sent with no command to run"
# A channel that cannot start is the channel's fault, not the message's: every reminder stays
# planned with no attempt counted, and the reason names the command.
n=$("$svc" --json fee reminders | jq '[.[] | select(.status != "skipped" and (.status != "planned" or .attempts != 0))] | length')
[ "$n" = 0 ] || bad "$n reminders are not planned with 0 attempts after a missing command: $("$svc" --json fee reminders | jq -c '[.[] | select(.status != "planned" and .status != "skipped")]')"
"$svc" --json fee reminders --unit 1-1-102 | jq -r '.[] | "  \(.unit) \(.status), attempts \(.attempts): \(.reason)"'
"$svc" --json fee reminders --unit 1-1-102 | jq -r '.[0].reason' | grep -q 'No such file' \
  || bad "(c) the reason of the tried reminder does not name the missing command"
# Fixed, a run for the unit that was tried sends it; the others are still waiting to be sent.
c=1-1-102
sms_policy "$work/sms.sh"
remind 0 2026-08-16T10:00 --unit "$c"
got=$(state "$c")
[ "$got" = "sent 1" ] || bad "(c) with the command fixed, $c's reminder is '$got' (status attempts), wanted 'sent 1'"
[ "$(lines "$work/sent.log")" = 1 ] || bad "(c) the fixed command delivered $(lines "$work/sent.log") messages for --unit $c, wanted 1"
n=$("$svc" --json fee reminders --status planned | jq length)
[ "$n" -ge $((nphoned - 1)) ] || bad "(c) only $n reminders are still planned, wanted at least $((nphoned - 1))"

# ---- (e) attempts = 2, always failing (same database: $e's reminder is still planned) -------
e=2-2-502
[ "$(state "$e")" = "planned 0" ] || bad "(e) starts with $e's reminder '$(state "$e")', wanted 'planned 0'"
echo fail >"$work/mode"
rm -f "$work/calls.log" "$work/sent.log"
sms_policy "$work/sms.sh" $'[fee.remind]\nattempts = 2\n'
remind 69 2026-08-16T11:00 --unit "$e"
got=$(state "$e")
[ "$got" = "failed 1" ] || bad "after run 1: $e's reminder is '$got' (status attempts), wanted 'failed 1'"
remind 69 2026-08-16T12:00 --unit "$e"
got=$(state "$e")
[ "$got" = "failed 2" ] || bad "after run 2: $e's reminder is '$got' (status attempts), wanted 'failed 2'"
echo "  $e: $(reminder "$e" reason)"
code=0
"$svc" --now 2026-08-16T13:00 fee remind --unit "$e" >"$work/out" 2>"$work/err" || code=$?
echo "  fee remind --unit $e at 2026-08-16T13:00: exit $code (given up; nothing to try): $(tr '\n' ' ' <"$work/err")"
[ "$(count_unit "$e" "$work/calls.log")" = 2 ] || bad "the gateway was called $(count_unit "$e" "$work/calls.log") times for $e, wanted 2 (none in run 3)"
got=$(state "$e")
[ "$got" = "failed 2" ] || bad "after run 3: $e's reminder is '$got' (status attempts), wanted 'failed 2'"
"$svc" --now 2026-08-16T13:00 --json fee dunning-gaps >"$work/gaps.json" 2>/dev/null || true
[ "$(jq -r --arg u "$e" '.rows[] | select(.unit == $u) | .problem' "$work/gaps.json")" = failed ] ||
  bad "dunning-gaps shows $e as '$(jq -r --arg u "$e" '.rows[] | select(.unit == $u) | .problem' "$work/gaps.json")', wanted failed"
[ ! -f "$work/sent.log" ] || bad "an always-failing gateway delivered something"

finish remind_exec
