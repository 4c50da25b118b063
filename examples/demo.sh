#!/usr/bin/env bash
# make demo: a fresh demo database for 示例花园 — 360 homes in six buildings, 21 staff (examples/
# demo/, written by examples/demo/make-estate.sh) — its fee ledger from August, and four weeks of
# the service centre's work, Monday 2 to Friday 27 November 2026, played day by day at fixed clocks;
# then the daily report of the last day and the month's report as a printable HTML page.
# Usage: demo.sh SVC DIR. Every run prints the same: the clock is always set (SVC_NOW / --now).
# What each command itself said goes to DIR/activity.log; the screen gets one line a day.
set -Eeuo pipefail
svc=$(realpath "$1")
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
estate=$here/demo
rm -rf "$dir"
mkdir -p "$dir"
# The demo site's policy, plus an SMS channel through the sample adapter examples/send-sms, which
# spools each message to $SVC_SMS_SPOOL instead of sending it. Letters go to outbox/letters beside
# the policy file, so everything the demo writes stays in $dir.
cp "$here/demo-policy.toml" "$dir/policy.toml"
adapter=${here//\\/\\\\}        # a TOML string: escape backslashes and quotes
adapter=${adapter//\"/\\\"}
cat >>"$dir/policy.toml" <<EOF

# Added by demo.sh: overdue-fee reminders by SMS through the sample adapter.
[channels.sms]
kind = "exec"
command = ["$adapter/send-sms", "{phone}"]
EOF
# Chinese whatever the locale, and no acting login from outside: the same output everywhere.
export SVC_DB="$dir/svc.db" SVC_POLICY="$dir/policy.toml" SVC_SMS_SPOOL="$dir/outbox/sms.log" SVC_LANG=zh
unset SVC_USER
log=$dir/activity.log
: >"$log"
trap 'echo "demo.sh: failed at ${SVC_NOW:-?} (line $LINENO, called from lines ${BASH_LINENO[*]}); the end of $log:" >&2
      tail -n 8 "$log" >&2' ERR

# ---- the tools of the script ---------------------------------------------------------------------
# D is the day being played; `at HH:MM` sets the clock within it. `as LOGIN ARGS…` runs svc as a
# member of staff (its messages go to the log); `take LOGIN ARGS…` runs a command that opens a
# record and prints its number (T12, C3).
D=
at() { export SVC_NOW="${D}T$1"; }
as() { local who=$1; shift; "$svc" --as "$who" "$@" >>"$log" 2>&1; }
take() { local who=$1; shift; "$svc" --as "$who" -q "$@" 2>>"$log"; }
plus() {  # HH:MM + minutes
  local h=${1%:*} m=${1#*:} t
  t=$((10#$h * 60 + 10#$m + $2))
  printf '%02d:%02d' $((t / 60)) $((t % 60))
}
next_day() { date -u -d "$1 +1 day" +%F; }

# urgent TIME DESK UNIT CATEGORY DESC TECH MINUTES NOTE: an urgent household repair (急修) done by
# the book (domain-rules 1.3): dispatched 3 minutes after the call, the repairer on site 11
# minutes later, done MINUTES after arriving. Leaves the ticket in $t.
urgent() {
  at "$1"; t=$(take "$2" ticket new --unit "$3" --category "$4" --desc "$5" --urgent)
  at "$(plus "$1" 3)"; as "$2" ticket dispatch "$t" --to "$6"
  at "$(plus "$1" 14)"; as "$6" ticket arrive "$t"
  at "$(plus "$1" $((14 + $7)))"; as "$6" ticket done "$t" --note "$8"
}
# booked TIME DESK UNIT CATEGORY DESC TECH APPOINTMENT MINUTES NOTE: a repair by appointment the
# same day (预约维修): the repairer rings the bell two minutes early. Leaves the ticket in $t.
booked() {
  at "$1"; t=$(take "$2" ticket new --unit "$3" --category "$4" --desc "$5" --appoint "${D}T$7")
  at "$(plus "$1" 4)"; as "$2" ticket dispatch "$t" --to "$6"
  at "$(plus "$7" -2)"; as "$6" ticket arrive "$t"
  at "$(plus "$7" "$8")"; as "$6" ticket done "$t" --note "$9"
}
# public TIME DESK LOCATION CATEGORY DESC TECH MINUTES NOTE: a public-facility repair: the desk
# records it and the engineering foreman 李军 picks the repairer (domain-rules 9.2).
public() {
  at "$1"; t=$(take "$2" ticket new --public --location "$3" --category "$4" --desc "$5" --urgent)
  at "$(plus "$1" 4)"; as lijun ticket dispatch "$t" --to "$6"
  at "$(plus "$1" 12)"; as "$6" ticket arrive "$t"
  at "$(plus "$1" $((12 + $7)))"; as "$6" ticket done "$t" --note "$8"
}

# The callbacks (回访, domain-rules 1.9, 2.7): each afternoon the customer-service assistant 陈静
# works down `svc visit due`, calling back every repair and complaint finished by yesterday, and
# closes it. Owners mostly say 非常满意 (5), every seventh 满意 (4), every eleventh 一般 (3).
# The story's own records ($story) get their callbacks where the story tells them.
story=" "
keep() { story+="$* "; }
callbacks() {
  local tomorrow after subject kind rating note
  at 16:30
  tomorrow=$(next_day "$D") after=$(next_day "$tomorrow")
  "$svc" --as chenjing --csv visit due 2>>"$log" | tail -n +2 |
    while IFS=, read -r subject kind _ due _; do
      # a repair's callback is due 2 days after it was done, a complaint's 48 hours after it was resolved
      [[ $kind == callback && -n $due && $story != *" $subject "* ]] || continue
      [[ ${due:0:16} < ${tomorrow}T16:30 || ($subject == C* && ${due:0:16} < ${after}T00:00) ]] || continue
      local n=${subject#?}
      if ((n % 11 == 5)); then rating=3 note="一般,来得有点晚"
      elif ((n % 7 == 3)); then rating=4 note="满意"
      else rating=5 note="很满意,师傅很专业"; fi
      case $subject in
        T*) as chenjing visit log --ticket "$subject" --method phone --rating "$rating" --note "$note"
            as chenjing ticket close "$subject" ;;
        C*) as chenjing visit log --complaint "$subject" --method phone --rating "$rating" --note "$note"
            as chenjing complaint close "$subject" ;;
      esac
    done
}

# cron (examples/crontab): `svc -q complaint sweep` every ten minutes and `svc -q fee remind` every
# hour of the working day; the demo plays the runs of 09:05, 19:05 and 20:00 and a few more where
# the story needs them (the others would find little new: both commands are idempotent).
# fee remind exits 69 when a delivery failed: cron mails that, the demo goes on.
sweep() { at "$1"; "$svc" -q complaint sweep >>"$log" 2>&1; }
remind() { at "$1"; "$svc" -q fee remind >>"$log" 2>&1 || [ $? -eq 69 ]; }

# The fee ledger (收费, domain-rules 3). The assistant bills each month on the 1st at 09:00; the
# meters are read on the 20th and imported at 17:00. Each account pays on its day of the month
# (examples/demo/payers.csv) at the desk, from 09:10, one every six minutes: half-year and
# quarterly payers a lump with a deposit for the meters (预存), monthly payers the open bills and a
# deposit, 唐桂兰 (2-2-302) the open bills only. The debtors of the story stop paying from the
# month named here (a rented home's bills stay the owner's, domain-rules 3.6):
#   3-1-1801 邵振华 since August: he will not pay while the developer's leak in his wall stays
#            (his complaint C1 below); by November the formal letter (催缴函) is due
#   2-1-1202 梁强, a rented flat, since September; 1-2-1602 孔德明, away, since October
#   5-2-601 熊平 and 3-2-902 吕淑珍 have not paid November
declare -A stops=([3-1-1801]=2026-08 [2-1-1202]=2026-09 [1-2-1602]=2026-10 [5-2-601]=2026-11 [3-2-902]=2026-11)
pay_day() {
  local month=${D:0:7} day=$((10#${D:8:2})) cashier=wangfang unit amount method time
  ((day % 2)) && cashier=zhaoli
  awk -F, -v day="$day" '$3 == day { found = 1; exit } END { exit !found }' "$estate/payers.csv" || return 0
  "$svc" --as chenjing --csv fee bills --status open >"$dir/open-bills.csv" 2>>"$log"
  awk -F, -v day="$day" -v month="$month" -v stops="${!stops[*]}" -v from="${stops[*]}" '
      FILENAME ~ /open-bills.csv$/ { if (FNR > 1) owed[$2] += $5 - $6; next }
      FILENAME ~ /units.csv$/ {
        if (FNR > 1) { area[$1] = $5; factor[$1] = $6 == "entrusted" ? 0.7 : 1; park[$1] = $12 == "yes"; meters[$1] = $7 != "开发商待售" }
        next
      }
      FNR == 1 { n = split(stops, u, " "); split(from, m, " "); for (i = 1; i <= n; i++) stop[u[i]] = m[i]; next }
      $3 != day || ($1 in stop && month >= stop[$1]) { next }
      {
        fixed = int(area[$1] * 250 * factor[$1] + 0.5) / 100 + 150 * park[$1]
        if ($2 == "halfyear") amount = month == "2026-08" ? 6 * fixed + 700 * meters[$1] : 0
        else if ($2 == "quarterly") amount = month == "2026-08" || month == "2026-11" ? 3 * fixed + 450 * meters[$1] : 0
        else if ($2 == "monthly") amount = owed[$1] + 300
        else amount = owed[$1]
        if ($2 != "exact") amount = int((amount + 9.99) / 10) * 10
        if (amount > 0) printf "%s %.2f %s\n", $1, amount, $4
      }' "$dir/open-bills.csv" "$estate/units.csv" "$estate/payers.csv" |
    {
      time=09:10
      while read -r unit amount method; do
        at "$time"; as "$cashier" -q fee pay --unit "$unit" --amount "$amount" --method "$method"
        time=$(plus "$time" 6)
      done
    }
}
# ledger: the fee work every day has: the bills on the 1st, cron at 09:05, the payments, the
# meters on the 20th. (From August to October the demo plays only the reminder runs that had work
# to do: on the 16th and the 26th, the days after the fees and the meters fall due, and the day
# after, when failed deliveries are tried again.)
ledger() {
  if [[ ${D:8:2} == 01 ]]; then at 09:00; as chenjing -q fee bill --period "${D:0:7}"; fi
  if [[ $D > 2026-11 || ${D:8:2} == 1[67] || ${D:8:2} == 2[67] ]]; then remind 09:05; fi
  if [[ $D > 2026-10-26 ]]; then sweep 09:05; fi
  pay_day
  if [[ ${D:8:2} == 20 && -f $estate/meters-${D:0:7}.csv ]]; then at 17:00; as chenjing -q fee meter import "$estate/meters-${D:0:7}.csv"; fi
}
# close_day: the afternoon callbacks, the paid repairs of the day billed (fee bill is idempotent:
# it adds only what is new), the second reminder run (it retries failed deliveries), the sweeps.
close_day() {
  callbacks
  at 17:30; as chenjing -q fee bill --period "${D:0:7}"
  remind 19:05
  sweep 20:00
}

yuan() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }
# One line a day on the screen, from that day's report (svc report daily).
weekday=(一 二 三 四 五 六 日)
summary() {
  local fig
  at 23:59
  fig=$("$svc" --as liuqiang --json report daily --date "$D" 2>>"$log" | jq -r '[.tickets.received, .tickets.done,
    ([.complaints.received[].received] | add // 0), .fees.payments, .fees.collected_fen, .reminders.sent, .visits.done, .exceptions.count] | @tsv')
  read -r rec finished comp pays fen sent visits exc <<<"$fig"
  printf '%s 周%s  报修 %2d 完工 %2d  投诉 %d  收款 %3d 笔 %9s 元  催缴 %2d  回访 %2d  异常 %2d\n' "${D:5}" \
    "${weekday[$(($(date -u -d "$D" +%u) - 1))]}" "$rec" "$finished" "$comp" "$pays" "$(yuan "$fen")" \
    "$sent" "$visits" "$exc"
}
# A weekend or a quiet day: cron, the ledger and the callbacks.
quiet() { D=$1; ledger; close_day; summary; }

# ---- the office goes live --------------------------------------------------------------------------
D=2026-07-31
at 18:00
"$svc" init --site "示例花园 管理处" >>"$log" 2>&1
"$svc" staff import "$estate/staff.csv" >>"$log" 2>&1
as zhouyang unit import "$estate/units.csv"
echo "示例花园 管理处:$(($(wc -l <"$estate/units.csv") - 1)) 户,$(grep -c ',yes$' "$estate/staff.csv") 名在职员工(examples/demo/)"
"$svc" --as liuqiang unit summary 2>>"$log"
echo

# August to October: the ledger only — bills, payments, meter readings, cron's reminders — and on
# 27 October the complaint that will still be open at the end of November.
d=2026-08-01
while [[ $d < 2026-11-02 ]]; do
  D=$d
  ledger
  if [[ $D == 2026-10-27 ]]; then
    # 邵振华 (3-1-1801, top floor): rain comes through the outer wall — the developer's to mend
    # (开发商遗留, domain-rules 2.3); the ladder takes it up while it stays unresolved (2.5).
    at 10:20; c_wall=$(take wangfang complaint new --unit 3-1-1801 --subject "外墙渗水,雨天卧室墙面潮湿" \
      --details "2026年10月以来每逢下雨北卧外墙渗水,业主表示问题解决前暂缓缴纳物业费" --category developer_legacy \
      --dept 工程部 --phone 13905710088)
    at 10:40; as chenjing complaint assign "$c_wall" --dept 工程部 --to hetao
    keep "$c_wall"
  fi
  [[ $D > 2026-10-26 ]] && sweep 20:00
  d=$(next_day "$d")
done
for month in 2026-08 2026-09 2026-10; do
  read -r billed collected rate < <("$svc" --as liuqiang --json report monthly --month "$month" 2>>"$log" |
    jq -r '[.fees.billed_fen, .fees.collected_fen, (.fees.collection_rate * 10000 | round)] | @tsv')
  printf '%s  出账 %s 元,已收 %s 元,收缴率 %d.%02d%%\n' "$month" "$(yuan "$billed")" "$(yuan "$collected")" \
    $((rate / 100)) $((rate % 100))
done
echo

# ---- four weeks of November -------------------------------------------------------------------------
# Each day: the ledger (bills, 09:05 reminders, payments), the day's repairs and complaints in the
# order they happened, then close_day (callbacks, paid repairs billed, the later cron runs).
#
# Still to come, when those nouns land: outreach visits (走访) and the owners' survey (业主意见征询)
# (svc visit plan/survey), patrols (巡查) with their findings and a violation (违例) penalised and
# signed (svc patrol), the front desk's contacts (客户接待记录) and shift handovers (交接班)
# (svc desk). They are added to the day functions below, and their figures to summary().

day_1102() {  # Monday
  D=2026-11-02; ledger
  urgent 08:40 wangfang 1-1-102 water "厨房下水管漏水" wuming 35 "更换下水软管"
  booked 09:30 wangfang 2-1-601 door_window "入户门闭门器失灵" gaofeng 14:00 40 "更换闭门器"
  public 10:05 zhaoli "2栋1单元电梯" elevator "电梯按键失灵,12楼按键无反应" tangjian 50 "更换按键板"
  urgent 11:20 zhaoli 4-2-302 electric "卫生间插座无电" zhengtao 25 "漏电开关复位,更换插座"
  # a complaint taken, resolved, told and called back by the book (轻微: 2 days)
  at 15:10; c=$(take wangfang complaint new --unit 5-3-402 --subject "垃圾清运不及时,单元门口有异味" \
    --category basic_service --dept 环境部 --phone 13805712345)
  at 16:40; as wangfang complaint resolve "$c" --resolution "已督促保洁加派一次清运并消毒"
  at 16:50; as wangfang complaint notify "$c" --method phone --note "业主表示认可"
  at 17:20; s=$(take zhaoli complaint new --unit 5-1-201 --kind suggestion --subject "建议在5栋增设快递柜" --dept 客服部)
  at 17:40; as chenjing complaint respond "$s" --note "已记录,将报管理处研究"
  close_day; summary
}

day_1103() {
  D=2026-11-03; ledger
  # a leak into the flat below (渗漏水): done, then the leak test (试漏) two days later, and the
  # callback within three days of the test (domain-rules 1.9)
  urgent 08:35 wangfang 1-2-1502 leak "卫生间渗水到楼下" huanglei 80 "重做卫生间防水层,待试漏"
  t_leak=$t; keep "$t_leak"
  # a paid repair (有偿服务, 1.7): billed to 熊平's fee ledger tonight, paid tomorrow
  at 09:15; t_paid=$(take zhaoli ticket new --unit 5-2-601 --category water --desc "更换厨房水龙头" \
    --appoint "${D}T10:30" --paid --price 80)
  at 09:20; as zhaoli ticket dispatch "$t_paid" --to xiekai
  at 10:28; as xiekai ticket arrive "$t_paid"
  at 11:05; as xiekai ticket done "$t_paid" --charge 80 --note "业主自购龙头,收安装费"
  urgent 10:10 zhaoli 6-3-502 electric "租户报:客厅灯不亮" luobin 20 "更换灯座"
  booked 11:00 wangfang 3-2-101 other "阳台晾衣架卡住" gaofeng 15:00 30 "更换滑轮"
  # an important complaint: the sweep takes it to the supervisor within the hour (2.4)
  at 19:30; c_noise=$(take linyu complaint new --unit 3-2-902 --subject "楼上装修超时施工,晚上七点后仍在电钻" \
    --severity important --category incident --dept 客服部 --phone 15857119902)
  sweep 19:40
  close_day; summary
}

day_1104() {
  D=2026-11-04; ledger
  at 09:40; as liuqiang complaint respond "$c_noise" --note "已联系装修户,承诺晚六点后不再施工"
  at 10:00; as zhaoli fee pay --unit 5-2-601 --amount 80 --method wechat --note "有偿维修安装费"
  urgent 09:50 zhaoli 1-1-1401 gas "厨房有燃气味" luobin 30 "燃气表接口松动,已紧固并检漏"
  urgent 13:30 wangfang 5-3-101 safety "入户门锁芯损坏,无法反锁" gaofeng 45 "更换锁芯"
  # 方勇, the tenant of 6-3-502, complains about the front desk's attitude: it goes to the
  # desk's supervisor (--about-staff, domain-rules 2.3)
  at 14:20; c_staff=$(take zhaoli complaint new --unit 6-3-502 --subject "前台接待态度生硬" \
    --details "11月3日上午到前台咨询停车,接待人员不耐烦" --category staff_attitude --about-staff wangfang \
    --complainant 方勇 --phone 13742667944)
  at 16:00; as liuqiang complaint resolve "$c_noise" --resolution "约谈装修户并签订施工时间承诺书"
  at 16:10; as liuqiang complaint notify "$c_noise" --method phone --note "业主认可"
  close_day; summary
}

day_1105() {
  D=2026-11-05; ledger
  at 10:00; as huanglei ticket leak-test "$t_leak"
  booked 09:10 zhaoli 2-2-1101 door_window "卧室窗户关不严" gaofeng 10:30 35 "调整合页"
  urgent 11:45 wangfang 4-1-701 water "马桶水箱不停进水" xiekai 20 "更换进水阀"
  public 15:20 wangfang "6栋地下车库" public_facility "车库照明一排不亮" zhengtao 40 "更换镇流器"
  at 16:00; as liuqiang complaint resolve "$c_staff" --resolution "已对前台人员进行服务礼仪再培训,主管当面致歉"
  at 16:05; as liuqiang complaint notify "$c_staff" --method phone --note "租户接受道歉"
  close_day; summary
}

day_1106() {
  D=2026-11-06; ledger
  at 09:30; as chenjing visit log --ticket "$t_leak" --method onsite --rating 5 --note "楼下已不再渗水"
  at 09:35; as chenjing ticket close "$t_leak"
  urgent 10:20 zhaoli 2-1-1502 water "洗手盆下水堵塞" wuming 25 "疏通下水"
  booked 10:40 wangfang 5-2-302 electric "更换卧室吊灯线路" luobin 14:30 60 "重新布线"
  # on site late: the repairer was held up at another job (a missed deadline, 故障超时记录)
  at 16:10; t=$(take wangfang ticket new --unit 3-1-502 --category water --desc "热水器进水管漏水" --urgent)
  at 16:13; as wangfang ticket dispatch "$t" --to xiekai
  at 16:41; as xiekai ticket arrive "$t"
  at 17:05; as xiekai ticket done "$t" --note "更换进水管"
  close_day; summary
}

day_1109() {
  D=2026-11-09; ledger
  urgent 08:50 wangfang 1-2-301 water "阳台地漏返水" wuming 30 "疏通地漏"
  # rework (整改): the owner rates the repair 不满意, which reopens it (1.9)
  booked 09:20 wangfang 4-2-1102 door_window "推拉门轨道变形" gaofeng 11:00 50 "矫正轨道"
  t_redo=$t; keep "$t_redo"
  urgent 14:00 zhaoli 2-2-601 electric "空调插座跳闸" zhengtao 30 "更换空调插座"
  # waiting for parts (等配件): the deadline clock stops while it waits (1.4)
  at 15:30; t_parts=$(take zhaoli ticket new --unit 5-1-402 --category door_window --desc "铝合金窗把手断裂" \
    --appoint "${D}T16:30")
  at 15:34; as zhaoli ticket dispatch "$t_parts" --to gaofeng
  at 16:28; as gaofeng ticket arrive "$t_parts"
  at 16:40; as gaofeng ticket wait "$t_parts" --reason waiting_parts
  close_day; summary
}

day_1110() {
  D=2026-11-10; ledger
  at 10:00; as chenjing visit log --ticket "$t_redo" --method phone --rating 2 --note "推拉门仍然卡顿"
  at 10:30; as gaofeng ticket arrive "$t_redo"
  at 11:40; as gaofeng ticket done "$t_redo" --note "更换整段轨道"
  urgent 09:15 wangfang 3-2-1201 water "厨房水管接头渗水" xiekai 20 "更换接头"
  # nobody at home at the appointment (敲门无人, 1.5): a new time is agreed
  at 10:30; t_knock=$(take zhaoli ticket new --unit 6-2-302 --category electric --desc "门铃不响" --appoint "${D}T14:00")
  at 10:34; as zhaoli ticket dispatch "$t_knock" --to luobin
  at 14:05; as luobin ticket no-answer "$t_knock" --next 2026-11-11T09:30 --note "按门铃敲门均无人"
  # an inquiry (咨询) is answered and closed at once
  at 11:10; q=$(take zhaoli complaint new --unit 2-1-601 --kind inquiry --subject "询问装修押金退还流程" --dept 客服部)
  at 11:20; as zhaoli complaint respond "$q" --note "已告知:验收合格后十个工作日内退还"
  close_day; summary
}

day_1111() {
  D=2026-11-11; ledger
  at 09:28; as luobin ticket arrive "$t_knock"
  at 09:50; as luobin ticket done "$t_knock" --note "更换门铃电池和按钮"
  at 10:00; as gaofeng ticket resume "$t_parts"
  at 10:40; as gaofeng ticket done "$t_parts" --note "配件到货,更换把手"
  urgent 13:10 wangfang 1-1-902 electric "厨房灯闪烁" zhengtao 20 "更换启辉器"
  booked 13:40 zhaoli 6-1-502 water "淋浴花洒出水小" wuming 16:00 25 "清洗花洒滤网"
  # the owner fixed it himself: cancelled before dispatch
  at 14:20; t=$(take wangfang ticket new --unit 2-2-1701 --category other --desc "衣柜门铰链脱落" --appoint 2026-11-12T10:00)
  at 16:45; as wangfang ticket cancel "$t" --reason "业主来电:已自行修好"
  close_day; summary
}

day_1112() {
  D=2026-11-12; ledger
  at 10:00; as chenjing visit log --ticket "$t_redo" --method phone --rating 4 --note "整改后使用正常"
  at 10:05; as chenjing ticket close "$t_redo"
  urgent 09:40 zhaoli 4-1-1601 water "热水器泄压阀滴水" xiekai 20 "更换泄压阀"
  public 14:10 wangfang "3栋大堂" public_facility "大堂门禁读卡失灵" zhengtao 45 "更换读卡模块"
  # 1-1-1401 smelt gas again: a safety repair, its callback within 2 days (callback_class)
  urgent 18:30 linyu 1-1-1401 safety "楼道燃气管道阀门锈蚀" luobin 40 "更换阀门并检漏"
  close_day; summary
}

day_1113() {
  D=2026-11-13; ledger
  urgent 09:05 wangfang 5-3-201 water "卫生间角阀漏水" wuming 20 "更换角阀"
  booked 09:30 zhaoli 3-1-1002 door_window "入户门猫眼松动" gaofeng 11:00 15 "紧固猫眼"
  # the owner of a vacant home (6-1-101) lets it: the tenant is registered (domain-rules 3.6)
  at 15:00; as chenjing unit set 6-1-101 --status rented --tenant 周子涵 --tenant-phone 13955554444 --moved-in 2026-11-13
  close_day; summary
}

day_1116() {
  D=2026-11-16; ledger
  # 09:05 the reminders: November's notices to the accounts behind since the 15th, and 邵振华's
  # formal letter (正式催缴函), three months after his first notice (domain-rules 3.5)
  urgent 08:45 zhaoli 2-2-1402 water "厨房水槽下水慢" wuming 25 "疏通下水"
  booked 09:10 wangfang 4-2-901 electric "客厅开关面板破损" zhengtao 10:30 15 "更换面板"
  # a major complaint (重大): trapped in the lift — the director the same day (2.4)
  public 11:25 wangfang "3栋2单元电梯" elevator "电梯困人,两名业主被困" tangjian 35 "维保单位到场复位,更换门机板"
  at 11:40; c_lift=$(take wangfang complaint new --unit 3-2-1201 --subject "电梯困人二十分钟" --severity major \
    --category incident --dept 工程部 --phone 13867543210)
  sweep 11:50
  at 15:00; as zhoujun complaint respond "$c_lift" --note "已向业主致歉,约维保单位全面检修"
  close_day; summary
}

day_1117() {
  D=2026-11-17; ledger
  urgent 10:15 zhaoli 1-2-1001 water "暖气片阀门漏水" xiekai 30 "更换阀门"
  booked 10:40 wangfang 5-1-501 door_window "阳台门锁舌卡住" gaofeng 15:00 20 "润滑并调整锁舌"
  public 16:10 linyu "1栋楼道" public_facility "7楼楼道灯不亮" luobin 15 "更换灯泡"
  close_day; summary
}

day_1118() {
  D=2026-11-18; ledger
  urgent 09:00 wangfang 3-1-702 electric "厨房插座冒火花" zhengtao 30 "更换插座并检查线路"
  booked 09:35 zhaoli 6-2-102 other "储物间门锁打不开" gaofeng 11:00 20 "更换锁芯"
  at 16:00; as sunwei complaint resolve "$c_lift" --resolution "维保单位更换门机板并全面检修,赔付业主误工"
  at 16:20; as sunwei complaint notify "$c_lift" --method in_person --note "业主接受处理结果"
  keep "$c_lift"
  close_day; summary
}

day_1119() {
  D=2026-11-19; ledger
  # a burst pipe in one of the developer's unsold homes (4-2-1801), found by the patrol: a paid
  # repair billed to the developer, who has no phone on file — its notice is skipped
  at 08:20; t=$(take wangfang ticket new --unit 4-2-1801 --category water --desc "空置房水管爆裂,水渗到楼下" \
    --urgent --paid --price 260 --channel patrol)
  at 08:23; as wangfang ticket dispatch "$t" --to wuming
  at 08:33; as wuming ticket arrive "$t"
  at 09:40; as wuming ticket done "$t" --charge 260 --note "更换爆裂管段,费用由开发商承担"
  keep "$t"
  # a paid repair for 林晓东 (2-1-601), not paid by its due date
  at 10:00; t=$(take zhaoli ticket new --unit 2-1-601 --category electric --desc "加装厨房插座" --appoint "${D}T14:00" \
    --paid --price 150)
  at 10:03; as zhaoli ticket dispatch "$t" --to luobin
  at 13:58; as luobin ticket arrive "$t"
  at 15:10; as luobin ticket done "$t" --charge 150 --note "加装五孔插座两个"
  urgent 11:30 zhaoli 5-3-602 water "楼上渗水,顶棚有水渍" huanglei 40 "楼上管道接口处理"
  close_day; summary
}

day_1120() {
  D=2026-11-20; ledger
  # 17:00 the November readings: the entrusted home 4-1-1401 used more than the 3.3 limits
  urgent 09:20 wangfang 2-1-1001 water "马桶漏水" xiekai 20 "更换密封圈"
  booked 10:00 zhaoli 1-1-601 door_window "卫生间门把手脱落" gaofeng 14:30 15 "重新安装把手"
  at 11:00; as zhaoli fee pay --unit 3-2-902 --amount 200 --method cash --note "部分缴费"
  at 15:30; as chenjing visit log --complaint "$c_lift" --method phone --rating 4 --note "电梯已正常,希望加强维保"
  at 16:00; as sunwei complaint close "$c_lift"
  close_day; summary
}

day_1123() {
  D=2026-11-23; ledger
  at 09:30; as wangfang fee pay --unit 1-2-1602 --amount 2000 --method bank --note "业主出差回来补缴"
  urgent 08:40 zhaoli 3-2-301 water "卫生间地漏反味" wuming 20 "更换防臭地漏芯"
  # scheduled, on site, then left unfinished: overdue for completion by Friday (1.3)
  at 09:00; t_slow=$(take wangfang ticket new --unit 6-3-202 --category door_window --desc "阳台推拉窗玻璃松动" \
    --appoint "${D}T10:00")
  at 09:05; as wangfang ticket dispatch "$t_slow" --to gaofeng
  at 09:58; as gaofeng ticket arrive "$t_slow"
  booked 10:30 zhaoli 4-1-301 electric "卧室开关接触不良" zhengtao 15:00 15 "更换开关"
  close_day; summary
}

day_1124() {
  D=2026-11-24; ledger
  # a complaint left unresolved past its 2 days: overdue by Friday
  at 10:10; as wangfang complaint new --unit 2-2-1602 --subject "小区东门道闸经常抬杆慢" --category basic_service \
    --dept 秩序部 --phone 13957123456
  urgent 11:00 zhaoli 5-1-302 electric "电热水器不加热" luobin 40 "更换加热管"
  # a repair done today whose owner cannot be reached for the callback: overdue by Friday
  urgent 14:20 wangfang 1-2-802 water "洗衣机龙头漏水" xiekai 15 "更换龙头"
  keep "$t"
  close_day; summary
}

day_1125() {
  D=2026-11-25; ledger
  # … and one the ladder takes to the supervisor on Friday, 2 days on (2.5)
  at 10:20; as zhaoli complaint new --unit 4-2-502 --subject "地下车库积水未及时清理" --category basic_service \
    --dept 环境部 --phone 13958012345
  urgent 09:30 wangfang 3-1-1202 water "厨房水龙头漏水" wuming 20 "更换阀芯"
  public 14:00 zhaoli "5栋单元门" door_window "单元门闭门器漏油" gaofeng 30 "更换闭门器"
  close_day; summary
}

day_1126() {
  D=2026-11-26; ledger
  # a leak repaired today, waiting for its leak test (试漏)
  urgent 09:10 zhaoli 2-1-1802 leak "顶楼卧室天花板渗水" huanglei 90 "屋面防水补强,待试漏"
  keep "$t"
  booked 09:40 wangfang 6-2-401 electric "餐厅吊灯不亮" zhengtao 15:00 20 "更换灯头"
  at 10:15; t_cancel=$(take zhaoli ticket new --unit 3-2-502 --category water --desc "热水器不出热水" \
    --appoint 2026-11-27T15:00)
  at 11:00; c_park=$(take wangfang complaint new --unit 1-1-1102 --subject "外来车辆占用业主车位" --category basic_service \
    --dept 秩序部 --phone 13758012345)
  at 16:30; as wangfang complaint resolve "$c_park" --resolution "秩序部已劝离外来车辆并加强道闸登记"
  at 16:40; as wangfang complaint notify "$c_park" --method phone --note "业主满意"
  close_day; summary
}

day_1127() {  # Friday: the day the report is printed for
  D=2026-11-27; ledger
  urgent 08:30 wangfang 5-2-601 water "厨房下水管渗水" wuming 25 "更换下水管"
  booked 09:00 zhaoli 4-2-1201 door_window "入户门门铃面板松动" gaofeng 10:30 15 "紧固面板"
  # a paid repair, billed with the day's others at 17:30
  at 09:20; t=$(take wangfang ticket new --unit 6-1-302 --category other --desc "安装浴室置物架" --appoint "${D}T11:00" \
    --paid --price 60)
  at 09:24; as wangfang ticket dispatch "$t" --to gaofeng
  at 10:58; as gaofeng ticket arrive "$t"
  at 11:30; as gaofeng ticket done "$t" --charge 60 --note "安装置物架两个"
  # booked yesterday for this afternoon; the owner calls to cancel: it works again
  at 11:40; as zhaoli ticket cancel "$t_cancel" --reason "业主来电:热水器已恢复正常"
  public 09:45 wangfang "2栋1单元电梯" elevator "电梯运行异响" tangjian 60 "调整导靴"
  urgent 13:20 zhaoli 3-2-1602 electric "卫生间浴霸不工作" luobin 30 "更换浴霸开关"
  # the cashier took 熊平's payment on the wrong unit: the supervisor voids the receipt (3.8)
  at 14:00; r=$("$svc" --as zhaoli --csv fee pay --unit 5-2-602 --amount 600 --method cash 2>>"$log" | awk -F, 'NR == 2 { print $1 }')
  at 14:20; as liuqiang fee void "$r" --reason "收款房号录错,应为5-2-601"
  at 14:25; as zhaoli fee pay --unit 5-2-601 --amount 600 --method cash
  # an important complaint this afternoon, and a minor one resolved but not yet told
  at 15:00; c=$(take zhaoli complaint new --unit 3-1-402 --subject "楼下烧烤油烟进屋" --severity important --category incident \
    --dept 秩序部 --phone 13666012345)
  sweep 15:10
  at 16:00; c=$(take wangfang complaint new --unit 6-3-101 --subject "绿化带修剪垃圾未清走" --category basic_service --dept 环境部)
  at 17:45; as wangfang complaint resolve "$c" --resolution "环境部已清走修剪垃圾"
  # the supervisor writes the month's analysis into the monthly report (2.8, 11.3)
  at 18:00
  echo "电梯故障三起(含11月16日困人一起),已约谈维保单位并要求每月全面检修;一次回访不满意已整改。" |
    as liuqiang report note --month 2026-11 --section repairs --file -
  echo "C1 外墙渗水属开发商遗留问题,已满一个月升级为重大投诉,报管理处主任协调开发商维修;前台服务态度投诉一起,已组织礼仪培训。" |
    as liuqiang report note --month 2026-11 --section complaints --file -
  echo "11月16日起对欠费户短信提醒;3-1-1801 已发正式催缴函;2-2-302 仅留座机,短信无法送达,安排电话通知。" |
    as liuqiang report note --month 2026-11 --section fees --file -
  # an urgent job dispatched late in the day whose repairer is still on his way at midnight
  at 19:30; t=$(take linyu ticket new --unit 2-2-702 --category electric --desc "全屋跳闸" --urgent)
  at 19:33; as linyu ticket dispatch "$t" --to zhengtao
  # an evening call nobody dispatches before morning: overdue for dispatch at midnight
  at 19:50; t=$(take linyu ticket new --unit 1-2-1101 --category water --desc "卫生间水管滴水" --urgent)
  close_day; summary
}

day_1102; day_1103; day_1104; day_1105; day_1106; quiet 2026-11-07; quiet 2026-11-08
day_1109; day_1110; day_1111; day_1112; day_1113; quiet 2026-11-14; quiet 2026-11-15
day_1116; day_1117; day_1118; day_1119; day_1120; quiet 2026-11-21; quiet 2026-11-22
day_1123; day_1124; day_1125; day_1126; day_1127

# ---- the reports ---------------------------------------------------------------------------------
# Saturday 08:00: the supervisor's daily report of Friday (cron mails it; here it is printed), and
# the month so far as a printable page.
D=2026-11-28; at 08:00
echo
"$svc" --as liuqiang report daily --date 2026-11-27 2>>"$log"
"$svc" --as liuqiang --format html report monthly --month 2026-11 --out "$dir/report-2026-11.html" 2>>"$log"
rm -f "$dir/open-bills.csv"
echo
echo "十一月月报(HTML,可打印):$dir/report-2026-11.html"
