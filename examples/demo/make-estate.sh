#!/bin/sh
# make-estate.sh: writes the demo estate of `make demo` (examples/demo.sh) — 示例花园, 360 homes —
# into DIR (default: this folder): units.csv, the owners' payment habits payers.csv, and the
# meter readings of September (the baseline), October and November. The files are committed; run
# this again after changing it (the output is the same on every run and machine: the names,
# phones and numbers come from a fixed-seed generator, in plain POSIX awk).
#
#   Buildings 1–4  18-storey towers, 2 entrances (单元), 2 homes a landing: 1-1-101 … 4-2-1802
#   Buildings 5–6  6-storey garden houses (洋房), 3 entrances, 2 homes a landing: 5-1-101 … 6-3-602
#
# About 70% of homes are lived in by their owners, 15% let (出租: the tenant is registered, the
# owner stays the debtor), 4% entrusted to the office (托管, 70% of the management fee), and the
# rest vacant: bought and not yet moved into, or still the developer's (开发商待售: no phone, no
# meter readings). Some 45% have a parking space. A few homes the demo's story needs are fixed at
# the end (see "the story's homes").
#
# payers.csv: unit,habit,day,method — how each account pays, for demo.sh's ledger, on that day
# of the month by that method: from the 2nd to the 13th, before the month's fees fall due on the
# 15th, except one monthly payer in five, who waits for the reminder and comes between the 17th
# and the 27th:
#   halfyear   in August: August to January, and a 600-yuan deposit for water and electricity
#   quarterly  in August and November: three months, and a 450-yuan deposit
#   monthly    every month: the open bills and a 250-yuan deposit for the meters
#   exact      every month: the open bills only (so the meters are paid a month late); the
#              developer pays so for its unsold homes, by bank transfer on the 5th
#   (demo.sh names the debtors: the accounts that stop paying, and from which month)
set -eu
out=${1:-$(cd "$(dirname "$0")" && pwd)}
mkdir -p "$out"
LC_ALL=C awk -v out="$out" '
function rnd(n) { seed = (seed * 16807) % 2147483647; return int(seed / 2147483647 * n) }
function pick(list,    a, k) { k = split(list, a, " "); return a[1 + rnd(k)] }
function name() { return pick(SURNAMES) pick(GIVEN) }
function mobile() { return pick(PREFIXES) sprintf("%04d%04d", rnd(10000), rnd(10000)) }
function date(y0, y1,    y, m, d) {
  y = y0 + rnd(y1 - y0 + 1); m = 1 + rnd(12); d = 1 + rnd(28)
  if (y == 2026 && m > 8) m = 1 + rnd(8)
  return sprintf("%04d-%02d-%02d", y, m, d)
}
function add(code, b, e, room, area) {
  n++
  CODE[n] = code; B[n] = b; E[n] = e; ROOM[n] = room; AREA[n] = area
  r = rnd(100)
  if (r < 5) { ST[n] = "vacant"; OWNER[n] = "开发商待售"; PHONE[n] = ""; MOVED[n] = "" }
  else {
    OWNER[n] = name(); PHONE[n] = mobile(); MOVED[n] = date(2019, 2026)
    if (r < 11) { ST[n] = "vacant"; MOVED[n] = "" }
    else if (r < 15) ST[n] = "entrusted"
    else if (r < 30) { ST[n] = "rented"; TENANT[n] = name(); TPHONE[n] = mobile() }
    else ST[n] = "occupied"
  }
  PARK[n] = rnd(100) < 45 ? "yes" : "no"
  h = rnd(100)
  HABIT[n] = h < 50 ? "halfyear" : h < 72 ? "quarterly" : "monthly"
  DAY[n] = 2 + rnd(12)
  METHOD[n] = pick("wechat wechat wechat alipay alipay bank cash card")
  if (HABIT[n] == "monthly" && rnd(100) < 20) DAY[n] = 17 + rnd(11)
  if (OWNER[n] == "开发商待售") developer(n)
  IDX[code] = n
}
# the developer pays the bills of its unsold homes each month, by bank transfer on the 5th
function developer(i) { HABIT[i] = "exact"; METHOD[i] = "bank"; DAY[i] = 5 }
# the story: CODE status owner phone tenant tenant_phone moved_in parking habit
function fix(code, status, owner, phone, tenant, tphone, moved, park, habit,    i) {
  i = IDX[code]
  ST[i] = status; OWNER[i] = owner; PHONE[i] = phone; TENANT[i] = tenant; TPHONE[i] = tphone
  MOVED[i] = moved; PARK[i] = park; HABIT[i] = habit
  if (owner == "开发商待售") developer(i)
}
BEGIN {
  seed = 20261102
  SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 方 白 邹 孟 熊 秦 邱 江 尹 薛 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 武 戴 莫 孔"
  GIVEN = "伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建华 文 华 红 建国 玉兰 志强 海燕 建军 晓东 雪梅 春梅 国强 丹 萍 鹏 辉 玲 斌 宇 浩 凯 欣怡 子涵 梓萱 一诺 宇轩 浩然 雨桐 思远 佳怡 俊杰 晓燕 婷 慧 颖 琳 建平 德明 淑珍 桂兰 振华 立新 卫东 红梅 志刚 海涛"
  PREFIXES = "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 177 180 181 182 183 186 187 188 189 198 199"
  # towers: entrance 1 has 89.37 and 126.54 m² homes, entrance 2 98.06 and 143.20 m²
  for (b = 1; b <= 4; b++) for (e = 1; e <= 2; e++) for (f = 1; f <= 18; f++) for (k = 1; k <= 2; k++)
    add(sprintf("%d-%d-%d%02d", b, e, f, k), b, e, f * 100 + k, e == 1 ? (k == 1 ? "89.37" : "126.54") : (k == 1 ? "98.06" : "143.20"))
  for (b = 5; b <= 6; b++) for (e = 1; e <= 3; e++) for (f = 1; f <= 6; f++) for (k = 1; k <= 2; k++)
    add(sprintf("%d-%d-%d%02d", b, e, f, k), b, e, f * 100 + k, k == 1 ? "156.80" : "132.45")

  # the story homes (demo.sh names them)
  fix("1-1-102", "occupied", "胡敏", "18657500407", "", "", "2023-04-07", "no", "monthly")
  fix("1-2-1502", "occupied", "钱国强", "13857162240", "", "", "2021-05-16", "yes", "monthly")
  fix("1-2-1602", "occupied", "孔德明", "13957188321", "", "", "2020-09-01", "no", "monthly")
  fix("2-1-601", "occupied", "林晓东", "13566778899", "", "", "2022-03-12", "yes", "monthly")
  fix("2-1-1202", "rented", "梁强", "18858028394", "贺华", "18600313079", "2021-11-06", "no", "monthly")
  fix("2-2-302", "occupied", "唐桂兰", "0571-86012345", "", "", "2019-07-20", "no", "exact")
  METHOD[IDX["2-2-302"]] = "cash"   # she comes to the desk with cash
  fix("3-1-1801", "occupied", "邵振华", "13905710088", "", "", "2020-06-18", "yes", "monthly")
  fix("3-2-902", "occupied", "吕淑珍", "15857119902", "", "", "2019-10-02", "no", "monthly")
  fix("4-1-1401", "entrusted", "宋鹏", "18161688647", "", "", "2019-04-07", "no", "quarterly")
  fix("4-2-1801", "vacant", "开发商待售", "", "", "", "", "yes", "exact")
  fix("5-1-201", "occupied", "叶超", "18640555357", "", "", "2023-11-02", "yes", "quarterly")
  fix("5-2-601", "occupied", "熊平", "13751067999", "", "", "2024-01-15", "yes", "monthly")
  fix("6-1-101", "vacant", "钟娟", "15994459742", "", "", "", "no", "monthly")
  fix("6-3-502", "rented", "姜桂英", "13507820186", "方勇", "13742667944", "2023-09-10", "no", "monthly")

  f = out "/units.csv"
  print "code,building,entrance,room,area_m2,status,owner_name,owner_phone,tenant_name,tenant_phone,moved_in,has_parking" > f
  for (i = 1; i <= n; i++)
    printf "%s,%d,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s\n", CODE[i], B[i], E[i], ROOM[i], AREA[i], ST[i], OWNER[i], PHONE[i],
      TENANT[i], TPHONE[i], MOVED[i], PARK[i] > f
  f = out "/payers.csv"
  print "unit,habit,day,method" > f
  for (i = 1; i <= n; i++) printf "%s,%s,%d,%s\n", CODE[i], HABIT[i], DAY[i], METHOD[i] > f

  # Meters: read on the 20th; the developer'\''s homes are not read. Use per month: lived-in homes
  # 8–20 m³ and 120–400 kWh, empty ones a little; the entrusted 4-1-1401 has someone living in it
  # since October (above the 3.3 limits in November).
  for (m = 9; m <= 11; m++) {
    f = sprintf("%s/meters-2026-%02d.csv", out, m)
    print "unit,meter,reading,read_on" > f
  }
  for (i = 1; i <= n; i++) {
    if (OWNER[i] == "开发商待售") continue
    w = 100 + rnd(800) + rnd(10) / 10; el = 1000 + rnd(8000) + rnd(10) / 10
    for (m = 9; m <= 11; m++) {
      if (m > 9) {
        if (ST[i] == "occupied" || ST[i] == "rented") { w += 8 + rnd(12) + rnd(10) / 10; el += 120 + rnd(280) + rnd(10) / 10 }
        else if (CODE[i] == "4-1-1401" && m == 11) { w += 9.6; el += 143.5 }
        else { w += rnd(10) / 10; el += rnd(8) + rnd(10) / 10 }
      }
      f = sprintf("%s/meters-2026-%02d.csv", out, m)
      printf "%s,water,%.1f,2026-%02d-20\n%s,electric,%.1f,2026-%02d-20\n", CODE[i], w, m, CODE[i], el, m > f
    }
  }
}'
