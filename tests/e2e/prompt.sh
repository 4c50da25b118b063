#!/usr/bin/env bash
# e2e: a required option left out is asked for on a terminal (issue 18 "Fewer keystrokes"), run as
# a person meets it — the real binary under a pseudo-terminal (python3's pty module): the numbered
# categories in Chinese, a number typed, the description asked for, the ticket made; an empty
# answer cancels with exit 64 and nothing made; with standard input not a terminal nothing is
# asked and the error is as before. Without python3 the test says so and exits 99 (ctest's skip).
set -uo pipefail
if ! command -v python3 >/dev/null; then
  echo "skipped: python3 is not installed"
  exit 99
fi
svc=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
cd "$work" || exit 1
unset SVC_POLICY SVC_USER
export SVC_LANG=zh HOME="$work" XDG_CONFIG_HOME="$work/config" SVC_DB="$work/svc.db" SVC_NOW=2026-11-23T09:00
failed=0
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
setup() { "$@" >/dev/null 2>"$work/err" || { echo "setup failed: $* — $(cat "$work/err")" >&2; exit 1; }; }
setup "$svc" init
setup "$svc" staff import "$src/examples/staff.csv"
setup "$svc" unit import "$src/examples/units.csv"

# term.py ANSWERS-FILE SVC ARGS...: runs svc on a pseudo-terminal; each time it asks (a line ending
# in '：' or ': ' after "取消"), types the next answer; prints the screen, then "exit=N".
cat > "$work/term.py" <<'PY'
import os, pty, sys, time
import terminal  # tests/e2e/lib
answers = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
screen, asked, start = b"", 0, time.time()
while time.time() - start < 20:
    chunk = terminal.read_some(fd, 0.2)
    if chunk is None:
        break
    screen += chunk
    text = screen.decode("utf-8", "replace")
    if text.count("取消)") > asked and asked < len(answers):
        os.write(fd, (answers[asked] + "\n").encode())
        asked += 1
    elif text.count("取消)") > asked:
        os.write(fd, b"\x04")  # Ctrl-D: no more answers
        asked += 1
_, status = os.waitpid(pid, 0)
sys.stdout.write(screen.decode("utf-8", "replace").replace("\r", ""))
print("exit=%d" % os.waitstatus_to_exitcode(status))
PY

# 1. The category by its number, then the description: the ticket is made.
printf '1\n厨房水龙头漏水\n' > "$work/answers"
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$src/tests/e2e/lib" python3 "$work/term.py" "$work/answers" "$svc" t new -u 1-1-102 -U > "$work/screen" 2>&1
grep -q "1) water 给排水" "$work/screen" || bad "the categories were not listed numbered in Chinese: $(cat "$work/screen")"
grep -q "缺少 --desc" "$work/screen" || bad "the description was not asked for: $(cat "$work/screen")"
grep -q "^exit=0$" "$work/screen" || bad "the ticket was not made: $(cat "$work/screen")"
"$svc" --json t show T1 > "$work/t1.json" 2>/dev/null || bad "T1 does not exist"
grep -q '"category": "water"' "$work/t1.json" || bad "T1's category is not water: $(cat "$work/t1.json")"
grep -q '"description": "厨房水龙头漏水"' "$work/t1.json" || bad "T1's description is not what was typed"

# 2. An empty answer cancels: exit 64, no ticket.
printf '\n' > "$work/answers"
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$src/tests/e2e/lib" python3 "$work/term.py" "$work/answers" "$svc" t new -u 1-1-102 -U -d 漏水 > "$work/screen" 2>&1
grep -q "^exit=64$" "$work/screen" || bad "an empty answer did not cancel with 64: $(cat "$work/screen")"
"$svc" t show T2 >/dev/null 2>&1 && bad "a cancelled ticket was made"

# 3. Standard input not a terminal (a script): nothing asked, the error, exit 64.
"$svc" t new -u 1-1-102 -U -d 漏水 < /dev/null > "$work/out" 2> "$work/err"
code=$?
[ "$code" = 64 ] || bad "without a terminal the exit was $code, not 64"
grep -q "取消" "$work/err" && bad "a script was asked: $(cat "$work/err")"
grep -q -- "--category" "$work/err" || bad "the error does not name --category: $(cat "$work/err")"
"$svc" t show T2 >/dev/null 2>&1 && bad "a ticket was made without its category"

echo "e2e prompt: $failed failed"
[ "$failed" = 0 ]
