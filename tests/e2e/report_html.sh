#!/usr/bin/env bash
# e2e: the printable HTML reports (svc-report(1) FORMATS, domain-rules 11): a small estate with a
# day of activity at a fixed clock, `report daily` and `report monthly` as HTML files, each one
# self-contained (nothing fetched from the network, charts as inline SVG, every section with its
# heading) and rendered by headless Chromium into a non-trivial PNG of the requested size; and the
# "as of" rule: the day's report made a day later, after more activity, has the same figures.
# Without Chromium the rendering cannot be checked: the test says so and exits 99, which CMake
# registers as ctest's SKIP_RETURN_CODE (svc's own exit codes, 77 included, never mean a skip).
set -uo pipefail
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "skipped: chromium not installed (apt-get install chromium fonts-noto-cjk; make check does)"
  exit 99
fi
svc=$(realpath "$1")
src=$(realpath "$2")
command -v jq >/dev/null || { echo "FAIL: this test needs jq" >&2; exit 1; }
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
cd "$work" || exit 1
unset SVC_POLICY SVC_USER SVC_NOW
export SVC_LANG=zh HOME="$work" XDG_CONFIG_HOME="$work/config" SVC_DB="$work/svc.db"
failed=0
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# run TIME LOGIN ARGS…: svc at that clock as that person (- for nobody yet, while the staff list is
# empty); stops the test if it fails.
run() {
  local at=$1 who=$2; shift 2
  local as=(--as "$who")
  [ "$who" = - ] && as=()
  "$svc" --now "$at" "${as[@]}" -q "$@" >"$work/out" 2>"$work/err" || {
    echo "FAIL: setup: svc $* at $at exited $?: $(cat "$work/err")" >&2
    exit 1
  }
  cat "$work/out"
}

# ---- the estate and a Monday's work (2026-11-23) ------------------------------------------------
"$svc" init >/dev/null 2>&1 || { echo "FAIL: svc init" >&2; exit 1; }
run 2026-10-31T09:00 - staff import "$src/examples/staff.csv" >/dev/null
run 2026-10-31T09:00 sunwei unit import "$src/examples/units.csv" >/dev/null
run 2026-11-01T09:00 chenjing fee bill --period 2026-11 >/dev/null
# the Sunday before: a complaint of week 2026-W47, resolved only in the next week
c0=$(run 2026-11-22T10:00 wangfang complaint new --unit 1-1-301 --subject "楼道灯不亮" --category basic_service \
  --dept 工程部)
D=2026-11-23
t1=$(run ${D}T08:40 wangfang ticket new --unit 1-1-102 --category water --desc "厨房下水管漏水" --urgent)
run ${D}T08:43 wangfang ticket dispatch "$t1" --to wuming >/dev/null
run ${D}T08:55 wuming ticket arrive "$t1" >/dev/null
run ${D}T09:30 wuming ticket "done" "$t1" --note "更换下水软管" >/dev/null
# booked for 14:00 and never reached: overdue at the end of the day (an exception)
t2=$(run ${D}T09:30 zhaoli ticket new --unit 1-1-201 --category door_window --desc "入户门闭门器失灵" \
  --appoint ${D}T14:00)
run ${D}T09:34 zhaoli ticket dispatch "$t2" --to zhengtao >/dev/null
run ${D}T10:00 wangfang fee pay --unit 1-1-102 --amount 300 --method wechat >/dev/null
run ${D}T11:00 zhaoli fee pay --unit 1-1-201 --amount 120.50 --method cash >/dev/null
c1=$(run ${D}T15:10 wangfang complaint new --unit 1-1-202 --subject "垃圾清运不及时,单元门口有异味" \
  --category basic_service --dept 环境部)
run ${D}T16:40 wangfang complaint resolve "$c1" --resolution "已督促保洁加派一次清运并消毒" >/dev/null
run ${D}T17:00 chenjing visit log --ticket "$t1" --method phone --rating 5 --note "已不再漏水" >/dev/null

# ---- the reports, made the next morning ---------------------------------------------------------
export SVC_NOW=2026-11-24T08:00
"$svc" report daily --date $D --format html --out "$work/daily.html" 2>"$work/err" || bad "report daily: $(cat "$work/err")"
"$svc" report monthly --month 2026-11 --format html --out "$work/monthly.html" 2>"$work/err" ||
  bad "report monthly: $(cat "$work/err")"
"$svc" --json report daily --date $D >"$work/daily.json" 2>"$work/err" || bad "report daily --json: $(cat "$work/err")"
"$svc" --json report monthly --month 2026-11 >"$work/monthly.json" 2>"$work/err" ||
  bad "report monthly --json: $(cat "$work/err")"
"$svc" --json report weekly --week 2026-W47 >"$work/weekly.json" 2>"$work/err" || bad "report weekly --json: $(cat "$work/err")"
# the day really is in the report (the checks below would pass on an empty page otherwise)
[ "$(jq '.tickets.received' "$work/daily.json")" = 2 ] || bad "daily: tickets.received is not 2"
[ "$(jq '.fees.collected_fen' "$work/daily.json")" = 42050 ] || bad "daily: fees.collected_fen is not 42050"
[ "$(jq '.complaints.resolved' "$work/daily.json")" = 1 ] || bad "daily: complaints.resolved is not 1"

# self_contained NAME: the page fetches nothing (the SVG namespace name is not a fetch), has
# inline SVG charts, and a <section> with an <h2> heading for every section of the JSON report
# (and at least those of `want`).
self_contained() {
  local name=$1; shift
  local page=$work/$name.html key
  [ -s "$page" ] || { bad "$name.html was not written"; return; }
  if sed 's#xmlns="http://www.w3.org/2000/svg"##g' "$page" | grep -Eiq 'https?://'; then
    bad "$name.html refers to the network: $(sed 's#xmlns="http://www.w3.org/2000/svg"##g' "$page" |
      grep -Eio '.{0,30}https?://[^" ]*' | head -n 3 | tr '\n' ' ')"
  fi
  grep -Eiq '<script|<link|<img|<iframe|@import|url\(' "$page" && bad "$name.html loads something: a script, link, image or url()"
  grep -q '<svg ' "$page" || bad "$name.html has no inline <svg> chart"
  for key in "$@" $(jq -r 'to_entries[] | select(.value | type == "object") | .key' "$work/$name.json"); do
    grep -Pzq "<section id=\"$key\">\\n<h2>[^<]+</h2>" "$page" || bad "$name.html has no section '$key' with a heading"
  done
}
self_contained daily tickets complaints fees reminders visits desk work exceptions
self_contained monthly tickets complaints fees visits desk kpi

# shoot NAME: headless Chromium renders the page to NAME.png, 1200×2000, and it is not blank.
shoot() {
  local name=$1 png=$work/$1.png
  timeout 120 "$chromium" --headless --disable-gpu --no-sandbox --hide-scrollbars --user-data-dir="$work/chromium" \
    --screenshot="$png" --window-size=1200,2000 "file://$work/$name.html" >"$work/chromium.log" 2>&1 ||
    bad "chromium failed on $name.html: $(tail -n 3 "$work/chromium.log")"
  [ -s "$png" ] || { bad "chromium wrote no $name.png"; return; }
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || bad "$name.png is not a PNG"
  # the IHDR chunk: width and height, big-endian, at bytes 16–23
  local size
  size=$(od -An -tu1 -j16 -N8 "$png" | awk '{print ($1*16777216+$2*65536+$3*256+$4) "x" ($5*16777216+$6*65536+$7*256+$8)}')
  [ "$size" = 1200x2000 ] || bad "$name.png is $size, wanted 1200x2000"
  # A blank white page of that size compresses to a few kilobytes; text, tables and charts do not.
  local bytes
  bytes=$(stat -c %s "$png")
  [ "$bytes" -gt 40000 ] || bad "$name.png is only $bytes bytes: a blank page?"
}
shoot daily
shoot monthly
fc-list :lang=zh 2>/dev/null | grep -q . || echo "note: no Chinese font (fonts-noto-cjk): the PNGs show boxes for 汉字"

# ---- as of the end of the day: later activity does not change the day's report --------------------
run 2026-11-24T09:10 chenjing visit log --ticket "$t1" --method onsite --rating 3 --note "又有点渗水" >/dev/null
run 2026-11-24T09:20 zhengtao ticket arrive "$t2" >/dev/null
run 2026-11-24T09:50 zhengtao ticket "done" "$t2" --note "更换闭门器" >/dev/null
run 2026-11-24T10:00 wangfang fee pay --unit 1-1-202 --amount 88 --method alipay >/dev/null
run 2026-11-24T10:30 liuqiang fee void R2026-000001 --reason "收错户" >/dev/null
run 2026-11-24T11:00 wangfang complaint resolve "$c0" --resolution "已更换灯泡" >/dev/null
export SVC_NOW=2026-11-30T08:00
"$svc" --json report daily --date $D >"$work/daily-later.json" 2>"$work/err" || bad "later daily: $(cat "$work/err")"
"$svc" --json report weekly --week 2026-W47 >"$work/weekly-later.json" 2>"$work/err" || bad "later weekly: $(cat "$work/err")"
for name in daily weekly; do
  if ! diff <(jq -S 'del(.generated_at)' "$work/$name.json") <(jq -S 'del(.generated_at)' "$work/$name-later.json") \
    >"$work/diff"; then
    bad "the $name report changed after later activity (svc-report(1): as of the end of the period): $(head -n 12 "$work/diff")"
  fi
done

echo "report_html: $failed failed"
[ "$failed" = 0 ]
