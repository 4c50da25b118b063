#!/usr/bin/env bash
# e2e: faults of the machine, not of the input — a full disk, a file-size limit, read-only files
# and folders (as a user who is not root), a missing or broken policy, a database locked past the
# busy timeout, a file that is not SQLite, a schema from the future or out of step. Each must give
# its documented exit code, a message naming the real cause, and leave the database intact.
set -euo pipefail
svc=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
mnt=""
cleanup() {
  [ -n "$mnt" ] && umount "$mnt" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
cd "$work"
unset SVC_DB SVC_POLICY SVC_USER SVC_NOW
export SVC_LANG=en HOME="$work" XDG_CONFIG_HOME="$work/config" SVC_NOW=2026-11-23T09:00
passed=0 failed=0 skipped=0
ok()   { passed=$((passed + 1)); }
bad()  { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
skip() { skipped=$((skipped + 1)); echo "skip: $*" >&2; }
expect() {  # expect CODE command... — output in $work/out and $work/err
  local want=$1; shift
  local got=0
  "$@" >"$work/out" 2>"$work/err" || got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$* exited $got, wanted $want: $(cat "$work/err")"; fi
}
said() { grep -qi -- "$1" "$work/err" && ok || bad "stderr does not say '$1': $(cat "$work/err")"; }
# What the database holds, independent of svc: every row of every table.
digest() { sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1; }
intact() {  # intact DB DIGEST
  [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] && ok || bad "$1 fails the integrity check"
  [ "$(digest "$1")" = "$2" ] && ok || bad "$1 changed"
}
fresh() {  # fresh DIR: a database with staff and units in DIR
  mkdir -p "$1"
  (cd "$1" && "$svc" -q init && "$svc" -q staff import "$src/examples/staff.csv" && "$svc" -q unit import "$src/examples/units.csv")
}

# --- a full disk: a small tmpfs, filled up ------------------------------------------------------
mnt="$work/small"
mkdir -p "$mnt"
if mount -t tmpfs -o size=4m tmpfs "$mnt" 2>/dev/null; then
  fresh "$mnt"
  before=$(digest "$mnt/svc.db")
  head -c 16m /dev/zero > "$mnt/filler" 2>/dev/null || true   # fills the rest
  (cd "$mnt" && expect 74 "$svc" fee bill --period 2026-11)
  said "full"
  rm -f "$mnt/filler"
  intact "$mnt/svc.db" "$before"
  (cd "$mnt" && expect 0 "$svc" -q fee bill --period 2026-11)  # room again: it completes
  umount "$mnt"
  mnt=""
else
  skip "cannot mount a tmpfs here (not root?): disk-full case not run"
fi

# --- a file-size limit (ulimit -f): a clean 74, not SIGXFSZ --------------------------------------
fresh "$work/limit"
before=$(digest "$work/limit/svc.db")
# 8 KB: the write-ahead log of a month's billing is larger (the database file may be bigger
# already: the limit stops a file from growing past it).
(cd "$work/limit" && ulimit -f 8 && expect 74 "$svc" fee bill --period 2026-11)
said "file too large"
intact "$work/limit/svc.db" "$before"

# --- read-only file and folder, as a user who is not root --------------------------------------
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
  as_nobody() { runuser -u nobody -- env HOME="$work" SVC_LANG=en SVC_NOW=2026-11-23T09:00 "$@"; }
  fresh "$work/ro"
  (cd "$work/ro" && "$svc" -q staff add --login nobody --name 值班 --role admin)
  chown -R nobody "$work/ro"
  chmod 0444 "$work/ro/svc.db"
  before=$(digest "$work/ro/svc.db")
  (cd "$work/ro" && expect 77 as_nobody "$svc" unit set 1-1-102 --owner 某人)
  said "svc.db' is not writable by you"
  intact "$work/ro/svc.db" "$before"
  chmod 0664 "$work/ro/svc.db"
  chmod 0555 "$work/ro"
  rm -f "$work/ro/svc.db-wal" "$work/ro/svc.db-shm"
  (cd "$work/ro" && expect 77 as_nobody "$svc" unit set 1-1-102 --owner 某人)
  said "the folder"
  said "not writable by you"
  chmod 0755 "$work/ro"
  intact "$work/ro/svc.db" "$before"
  # A -shm file left behind unwritable (another user's read-only episode) is named as the cause.
  (cd "$work/ro" && "$svc" -q unit list >/dev/null)
  if [ -f "$work/ro/svc.db-shm" ]; then
    chown root "$work/ro/svc.db-shm"; chmod 0644 "$work/ro/svc.db-shm"
    (cd "$work/ro" && expect 77 as_nobody "$svc" unit set 1-1-102 --owner 某人)
    said "svc.db-shm"
  fi
else
  skip "not root or no runuser: read-only cases not run"
fi

# --- the policy: missing, broken ------------------------------------------------------------------
fresh "$work/pol"
cd "$work/pol"
before=$(digest svc.db)
expect 66 "$svc" --policy "$work/none.toml" unit list
said "none.toml"
printf '[ticket\nclock = 1\n' > broken.toml
expect 78 "$svc" --policy broken.toml unit set 1-1-102 --owner 某人
grep -q "broken.toml:1:" "$work/err" && ok || bad "a broken policy is not named with its line: $(cat "$work/err")"
intact svc.db "$before"

# --- locked past the busy timeout: 75, try again ----------------------------------------------
sqlite3 svc.db "BEGIN IMMEDIATE; SELECT 1;" ".system sleep 11" "COMMIT;" >/dev/null 2>&1 &
holder=$!
sleep 0.5
expect 75 "$svc" unit set 1-1-102 --owner 某人   # waits the 10 s busy timeout, then gives up
said "busy"
wait "$holder"
intact svc.db "$before"
expect 0 "$svc" -q unit set 1-1-102 --owner 某人   # and then it works

# --- not a database, an empty file, a schema from the future or out of step --------------------
cd "$work"
echo "这不是数据库" > notadb.db
expect 65 "$svc" --db notadb.db unit list
said "not a valid database"
[ "$(cat notadb.db)" = "这不是数据库" ] && ok || bad "a non-SQLite file was changed"
: > empty.db
expect 66 "$svc" --db empty.db unit list
said "empty file"
[ ! -s empty.db ] && ok || bad "a read command turned an empty file into a database"
fresh "$work/future"
sqlite3 "$work/future/svc.db" "PRAGMA user_version = 99"
before=$(digest "$work/future/svc.db")
expect 65 "$svc" --db "$work/future/svc.db" unit list
said "newer than this svc"
intact "$work/future/svc.db" "$before"
sqlite3 "$work/future/svc.db" "PRAGMA user_version = 2"
before=$(digest "$work/future/svc.db")
expect 65 "$svc" --db "$work/future/svc.db" unit list
said "inconsistent"
intact "$work/future/svc.db" "$before"

# --- standard output cannot be written: a mutating command changes nothing ---------------------
# (the output is delivered before the commit), so a script that retries takes one payment.
cd "$work/pol"
"$svc" -q fee bill --period 2026-11 >/dev/null
before=$(digest svc.db)
expect 74 sh -c "'$svc' ticket new --unit 1-1-102 --category water --desc 漏水 --urgent >/dev/full"
expect 74 sh -c "'$svc' fee pay --unit 1-1-102 --amount 100 --method wechat --ref TX-1 >/dev/full"
said "standard output"
intact svc.db "$before"
expect 0 "$svc" fee pay --unit 1-1-102 --amount 100 --method wechat --ref TX-1
expect 0 "$svc" fee pay --unit 1-1-102 --amount 100 --method wechat --ref TX-1   # the retry: same receipt
[ "$("$svc" --csv fee payments --date 2026-11-23 | tail -n +2 | wc -l)" = 1 ] && ok || bad "the retried payment was taken twice"
cd "$work"

# --- a folder given as an import file ------------------------------------------------------------
expect 66 "$svc" --db "$work/pol/svc.db" unit import "$work"
said "is a folder"

echo "faults: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
