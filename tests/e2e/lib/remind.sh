# Shared by tests/e2e/remind_*.sh (sourced; not a test itself): the work folder, the environment,
# the failure counter, small helpers, and an estate billed for August 2026 (due 2026-08-15).
# Sourced with the script's arguments: SVC SOURCE_DIR.
svc=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
unset SVC_POLICY SVC_USER SVC_NOW
export SVC_LANG=en HOME="$work" XDG_CONFIG_HOME="$work/config" SVC_DB="$work/svc.db"
command -v jq >/dev/null || { echo "FAIL: this test needs jq" >&2; exit 1; }
failed=0
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# ms START_NS: milliseconds since START_NS (from date +%s%N).
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# lines FILE: its line count, 0 when it does not exist.
lines() { if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }
# wait_for FILE SECONDS [PID]: until FILE is non-empty; gives up early when PID has exited.
wait_for() {
  local i=0
  while [ ! -s "$1" ]; do
    [ -z "${3:-}" ] || kill -0 "$3" 2>/dev/null || { [ -s "$1" ] && return 0; return 1; }
    i=$((i + 1)); [ "$i" -le $(($2 * 10)) ] || return 1
    sleep 0.1
  done
}
# estate: a new database at $SVC_DB with the example staff and units, August 2026 billed.
estate() {
  "$svc" init >/dev/null 2>&1
  "$svc" staff import "$src/examples/staff.csv" >/dev/null 2>&1
  "$svc" unit import "$src/examples/units.csv" >/dev/null 2>&1
  "$svc" --now 2026-08-01T09:00 fee bill --period 2026-08 >/dev/null 2>&1
}
# use_gateway: $work/sms.sh (written by the script) becomes the SMS channel, with the phone and
# the unit as its arguments; sunwei (manager) acts; $work/phoned lists the units with a phone.
use_gateway() {
  chmod +x "$work/sms.sh"
  printf '[channels.sms]\nkind = "exec"\ncommand = ["%s", "{phone}", "{unit}"]\n' "$work/sms.sh" >"$work/policy.toml"
  export SVC_POLICY="$work/policy.toml" SVC_USER=sunwei
  "$svc" --json --reveal unit list | jq -r '.[] | select(.owner_phone != null) | .code' | sort >"$work/phoned"
  nphoned=$(lines "$work/phoned")
}
# finish NAME: the ledger and the audit chain must still verify; exit 0 only when nothing failed.
finish() {
  "$svc" db check >/dev/null 2>"$work/check" || bad "db check failed: $(cat "$work/check")"
  "$svc" audit verify >/dev/null 2>&1 || bad "audit verify failed"
  echo "$1: $failed failed"
  [ "$failed" = 0 ]
}
