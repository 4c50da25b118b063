#!/usr/bin/env bash
# e2e: bash completion as a person meets it (issue 18 cli): the script `svc completion bash`
# prints is sourced in an interactive bash (`bash -i`) under a pseudo-terminal, a command line is
# typed and TAB pressed, and what readline lists is checked — after a flag that takes no value
# (`--json`), for an option's value (`--to` offers technicians, `--category` the policy's
# categories) and for a record argument (`fee receipt` offers the receipts). The terminal is driven
# by python3's pty module; without bash or python3 the test says so and exits 99 (ctest's skip).
set -uo pipefail
for tool in bash python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: $tool is not installed"
    exit 99
  fi
done
svc=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
cd "$work" || exit 1
unset SVC_POLICY SVC_USER
export SVC_LANG=en HOME="$work" XDG_CONFIG_HOME="$work/config" SVC_DB="$work/svc.db" SVC_NOW=2026-11-23T09:00
mkdir bin && ln -s "$svc" bin/svc
export PATH="$work/bin:$PATH"
failed=0
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
setup() { "$@" >/dev/null 2>"$work/err" || { echo "setup failed: $* — $(cat "$work/err")" >&2; exit 1; }; }
setup svc init
setup svc staff import "$src/examples/staff.csv"
setup svc unit import "$src/examples/units.csv"
setup svc fee pay --unit 1-1-102 --amount 100 --method cash
setup svc fee pay --unit 1-1-201 --amount 50 --method wechat
svc completion bash > "$work/svc.bash" || { echo "svc completion bash failed" >&2; exit 1; }
bash -n "$work/svc.bash" || bad "the completion script has a syntax error"

# tab.py LINE...: types each line into bash -i, presses TAB and prints what readline offered, one
# word a line, after a line "=== LINE".
cat > "$work/tab.py" <<'EOF'
import fcntl, os, pty, re, struct, sys, termios, time
import terminal  # tests/e2e/lib
PROMPT = "svc-test$ "
pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, PS1=PROMPT, TERM="dumb", INPUTRC="/dev/null", PROMPT_COMMAND="")
    os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))

def read(quiet=0.8, limit=20.0, until=None):
    out, start, last = b"", time.time(), time.time()
    while time.time() - start < limit:
        chunk = terminal.read_some(fd, 0.1)
        if chunk is None:
            break
        if chunk:
            out += chunk
            last = time.time()
            if until and until in out.decode("utf-8", "replace"):
                break
        elif out and not until and time.time() - last > quiet:
            break
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\r|\x07", "", out.decode("utf-8", "replace"))

def run(line):
    os.write(fd, (line + "\n").encode())
    read(until="__done__\n" + PROMPT if "__done__" in line else None)

read(until=PROMPT)
run("bind 'set show-all-if-ambiguous on'; bind 'set completion-query-items 0'; bind 'set page-completions off'; "
    "bind 'set bell-style none'; source " + sys.argv[1] + "; echo __done__")
for line in sys.argv[2:]:
    os.write(fd, line.encode())
    read(quiet=0.5)
    os.write(fd, b"\t")
    offered = read(quiet=1.5)
    offered = offered.rsplit(PROMPT, 1)[0] if PROMPT in offered else offered
    print("=== " + line)
    for word in offered.split():
        print(word)
    os.write(fd, b"\x15")  # ^U: the line is discarded, nothing runs
    read(quiet=0.3)
os.write(fd, b"exit\n")
os.waitpid(pid, 0)
EOF
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$src/tests/e2e/lib" python3 "$work/tab.py" "$work/svc.bash" \
  "svc --json ticket " \
  "svc ticket dispatch T1 --to " \
  "svc t dispatch T1 --to " \
  "svc ticket new --category " \
  "svc fee receipt " \
  "svc -q fee pay --unit 1-1-102 --method " \
  "svc patrol violation " > "$work/offered" 2>"$work/tab.err" || bad "the terminal could not be driven: $(cat "$work/tab.err")"

# offered LINE: the words TAB offered after LINE.
offered() { awk -v want="=== $1" '$0 == want {on = 1; next} /^=== / {on = 0} on' "$work/offered"; }
has() {  # has LINE WORD...: TAB after LINE offered every WORD
  local line=$1 w; shift
  for w in "$@"; do offered "$line" | grep -qxF -- "$w" || bad "TAB after '$line' did not offer $w; it offered: $(offered "$line" | tr '\n' ' ')"; done
}
lacks() {  # lacks LINE WORD...: TAB after LINE offered none of the WORDs
  local line=$1 w; shift
  for w in "$@"; do offered "$line" | grep -qxF -- "$w" && bad "TAB after '$line' offered $w"; done
}
# After a flag that takes no value: the verbs of the noun, not the nouns again.
has "svc --json ticket " new dispatch list close
lacks "svc --json ticket " complaint fee unit --json
# --to of a dispatch: the technicians, not the front desk.
has "svc ticket dispatch T1 --to " wuming zhengtao huanglei
lacks "svc ticket dispatch T1 --to " wangfang lijun --to
# The same after the noun's short name.
has "svc t dispatch T1 --to " wuming zhengtao huanglei
# A category from the policy.
has "svc ticket new --category " water electric leak
lacks "svc ticket new --category " --desc --urgent
# A receipt number.
has "svc fee receipt " R2026-000001 R2026-000002
# A payment method after -q (a flag) and --unit's value.
has "svc -q fee pay --unit 1-1-102 --method " cash wechat alipay
# Three levels: patrol violation's verbs.
has "svc patrol violation " new list act
lacks "svc patrol violation " start finish
if [ "$failed" != 0 ]; then
  echo "--- what TAB offered:" >&2
  cat "$work/offered" >&2
fi
echo "e2e completion: $failed failed"
[ "$failed" = 0 ]
