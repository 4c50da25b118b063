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

# repair DESK UNIT CATEGORY DESC OPTIONS…: the desk opens a repair ticket and leaves it in $t. With
# desk=CHANNEL set (`desk=phone urgent …`) the call is first a contact of the reception log
# (客户接待记录, domain-rules 7.1) that opens the ticket in the same command.
repair() {
  local who=$1 unit=$2 category=$3 desc=$4
  shift 4
  if [[ -n ${desk:-} ]]; then
    t=$(take "$who" desk log --channel "$desk" --kind repair --unit "$unit" --note "$desc" --ticket --category "$category" "$@")
    t=${t#* }  # "D12 T40": the contact, then its ticket
  else
    t=$(take "$who" ticket new --unit "$unit" --category "$category" --desc "$desc" "$@")
  fi
}
# urgent TIME DESK UNIT CATEGORY DESC TECH MINUTES NOTE: an urgent household repair (急修) done by
# the book (domain-rules 1.3): dispatched 3 minutes after the call, the repairer on site 11
# minutes later, done MINUTES after arriving. Leaves the ticket in $t.
urgent() {
  at "$1"; repair "$2" "$3" "$4" "$5" --urgent
  at "$(plus "$1" 3)"; as "$2" ticket dispatch "$t" --to "$6"
  at "$(plus "$1" 14)"; as "$6" ticket arrive "$t"
  at "$(plus "$1" $((14 + $7)))"; as "$6" ticket done "$t" --note "$8"
}
# booked TIME DESK UNIT CATEGORY DESC TECH APPOINTMENT MINUTES NOTE: a repair by appointment the
# same day (预约维修): the repairer rings the bell two minutes early. Leaves the ticket in $t.
booked() {
  at "$1"; repair "$2" "$3" "$4" "$5" --appoint "${D}T$7"
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

# The outreach visits (走访, domain-rules 4.1): `svc visit plan` gave every lived-in home a day and a
# customer-service assistant (陈静 or 徐丽) for the half year (the centre works every day of the
# week). Each afternoon from 14:00 the two work down what is due by today, the oldest first, one
# every nine minutes, three each on weekdays and one each at weekends — they patrol too, so a
# backlog grows: most by phone, every third at the door; every thirteenth finds nobody at home the
# first time (the visit is due again the next day). Ratings and notes vary with the visit's number.
declare -A knocked
outreach() {
  local subject unit who n clock=14:00 method rating note most=3
  local -A made=()
  (($(date -u -d "$D" +%u) < 6)) || most=1
  while IFS=$'\t' read -r subject unit who; do
    n=${subject#V}
    ((${made[$who]:-0} < most)) || continue
    made[$who]=$((${made[$who]:-0} + 1))
    at "$clock"; clock=$(plus "$clock" 9)
    method=phone
    ((n % 3 == 0)) && method=onsite
    if ((n % 13 == 5)) && [[ -z ${knocked[$subject]:-} ]]; then
      knocked[$subject]=1
      as "$who" visit log --visit "$subject" --method onsite --outcome nobody_home --note "敲门无人,门上留了走访联系卡"
      continue
    fi
    if ((n % 17 == 9)); then rating=2 note="楼道保洁不及时,垃圾清运太晚"
    elif ((n % 11 == 4)); then rating=3 note="电梯偶有异响,希望加强维保"
    elif ((n % 4 == 1)); then rating=4 note="总体满意,希望加强外来车辆管理"
    elif ((n % 5 == 2)); then rating=5 note="保洁及时,小区环境好"
    else rating=5 note="对物业服务满意"; fi
    as "$who" visit log --visit "$subject" --method "$method" --rating "$rating" --note "$note"
  done < <("$svc" --json visit due --kind outreach 2>>"$log" |
    jq -r --arg day "$D" '.[] | select(.due_at[0:10] <= $day) | [.subject, .unit, .assignee] | @tsv')
}

# The patrols (巡查, domain-rules 5): the month's plan (svc patrol plan, made at the end of the month
# before) gives each round of each route to its assistant (demo-policy.toml). The rounds nobody
# tells a story about are walked on paper and typed in at the end of the round (svc patrol record):
# most a few minutes after their time with every point checked; every 17th over two hours late (if
# it is its route's last round of the day: a round started that late is taken for the next one);
# every 13th with its last two points skipped (missed); every 37th not walked at all, nor those the
# story names in $not_walked (ROUTE@HH:MM …); every 19th with litter cleared on the spot.
declare -A points  # route → its checkpoints, from the policy
load_points() {
  local route
  for route in $("$svc" --json patrol routes 2>>"$log" | jq -r '.[] | select(.retired | not) | .route'); do
    points[$route]=$("$svc" --json patrol routes "$route" 2>>"$log" | jq -r '[.[] | select(.retired | not) | .point] | join(" ")')
  done
}
sheet() {  # ROUTE N: the paper sheet of round N, as svc patrol record reads it
  local -a pts
  local count point
  read -ra pts <<<"${points[$1]}"
  count=${#pts[@]}
  (($2 % 13 == 8)) && count=$((count - 2))
  echo point,result,note,action
  for point in "${pts[@]:0:count}"; do
    if (($2 % 19 == 3)) && [[ $point == cleanliness ]]; then echo "$point,issue,地面有散落垃圾和烟头,fixed"
    else echo "$point,ok,,"; fi
  done
}
patrols() {
  local ref route building planned who last n start
  while IFS=$'\t' read -r ref route building planned who last; do
    n=${ref#P}
    ((n % 37 == 11)) && continue
    [[ " ${not_walked:-} " == *" $route@$planned "* ]] && continue
    if ((n % 17 == 5)) && [[ $last == true ]]; then start=$(plus "$planned" 150); else start=$(plus "$planned" $((n % 4 * 6))); fi
    local where=()
    [[ $building != - ]] && where=(--building "$building")
    at "$(plus "$start" 25)"
    sheet "$route" "$n" | as "$who" patrol record --route "$route" "${where[@]}" --at "${D}T$start" --file -
  done < <("$svc" --json patrol list --date "$D" 2>>"$log" | jq -r '. as $all | .[] | select(.status == "planned") |
    . as $r | ([$all[] | select(.route == $r.route and .building == $r.building and .planned_for > $r.planned_for)] == []) as $last |
    [.ref, .route, (.building // "-"), .planned_for[11:16], (.assignee // "chenjing"), $last] | @tsv')
}
# walk ROUTE BUILDING|- TIME: a round the story tells, walked point by point: its planned round
# started at TIME by the assistant it was given to (in $who), its number in $p. `spot POINT …`
# records a finding; `walked MINUTES` checks every other point ok and finishes the round.
walk() {
  local where=()
  [[ $2 != - ]] && where=(--building "$2")
  at "$3"; walk_start=$3 walk_route=$1 walk_seen=" "
  who=$("$svc" --json patrol list --date "$D" --route "$1" 2>>"$log" |
    jq -r --arg b "$2" '[.[] | select(.status == "planned" and (.building // "-") == $b)][0].assignee // "chenjing"')
  p=$(take "$who" patrol start --route "$1" "${where[@]}")
}
spot() {  # POINT OPTIONS…: what the finding opened (T12, X3) in $found
  walk_seen+="$1 "
  at "$(plus "$walk_start" 6)"; found=$(take "$who" patrol check "$p" "$@")
}
walked() {
  local point
  at "$(plus "$walk_start" $(($1 - 2)))"
  for point in ${points[$walk_route]}; do
    [[ $walk_seen == *" $point "* ]] || as "$who" patrol check "$p" "$point" --ok
  done
  at "$(plus "$walk_start" "$1")"; as "$who" patrol finish "$p"
}

# The front desk (客户接待记录, domain-rules 7): besides the repairs and complaints the story takes
# at the desk, every working day brings two questions answered on the spot, on even days one
# promised a reply by 16:00 and answered at 15:20, on odd days a message for an absent colleague
# (转告) that the colleague takes within the hour, every third day a suggestion for its
# department's head. At 20:00 林雨, the last of the day shift, hands over to 杨雪 on night duty
# (交接班, domain-rules 12), who accepts it at 20:12.
homes=()
enquiries=("phone|询问本月物业费金额和缴费方式" "visit|咨询装修申请需要准备哪些材料" "phone|询问明天停水的具体时间"
  "visit|补办门禁卡" "phone|询问快递柜什么时候安装" "online|询问养犬登记办法" "phone|询问地下车位月租价格"
  "visit|开具物业费缴费证明" "phone|询问垃圾分类投放时间" "phone|询问电梯年检安排" "visit|借用梯子和工具"
  "online|询问小区宽带可选运营商" "phone|询问天然气开户流程" "visit|领取业主手册")
promises=("phone|询问楼顶防水维修的工期安排|工程部定于下周一开工,工期五天"
  "letter|来函询问地下车位能否转租|车位可以转租,须到管理处登记备案"
  "phone|询问2栋电梯更换主板后是否还要停梯|维保单位确认无需再停梯"
  "online|询问本单元水箱清洗时间|本月28日上午清洗,届时停水两小时"
  "visit|询问能否在阳台加装防盗网|可安装隐形防护网,须先提交装修申请"
  "phone|询问物业费发票能否开具专用发票|财务可以开具,请提供单位开票信息")
messages=("liuqiang|李女士|请刘主管回电,商量装修押金退还|已回电" "lijun|张先生|请李领班去看一下车库水泵的声音|已安排明早查看"
  "hetao|王先生|想当面谈外墙维修进度|已约周四面谈" "sunwei|街道办孙科长|请孙经理回电,商量消防检查安排|已回电"
  "chenjing|刘阿姨|请陈静回电,走访时间改到周末|已回电")
suggestions=("online|建议在5栋增设快递柜|客服部" "letter|建议延长小区东门开放时间|客服部" "online|建议地下车库增设充电桩|工程部"
  "visit|建议儿童游乐区增加遮阳棚|客服部" "phone|建议周末增加一次垃圾清运|客服部")
declare -A heads=([客服部]=hetao [工程部]=lijun)
contact() {  # LOGIN CHANNEL KIND NOTE OPTIONS…: a contact of the reception log; its number in $d
  d=$(take "$1" desk log --channel "$2" --kind "$3" --note "$4" "${@:5}")
}
desk_day() {
  local k=$((10#${D:8:2})) channel note reply who name dept
  IFS='|' read -r channel note <<<"${enquiries[$((2 * k % ${#enquiries[@]}))]}"
  at 09:12; contact wangfang "$channel" enquiry "$note" --unit "${homes[$((k * 31 % ${#homes[@]}))]}" --answered
  IFS='|' read -r channel note <<<"${enquiries[$(((2 * k + 1) % ${#enquiries[@]}))]}"
  at 10:25; contact zhaoli "$channel" enquiry "$note" --unit "${homes[$(((k * 31 + 7) % ${#homes[@]}))]}" --answered
  if ((k % 2 == 0)); then
    IFS='|' read -r channel note reply <<<"${promises[$((k / 2 % ${#promises[@]}))]}"
    at 11:05; contact wangfang "$channel" enquiry "$note" --unit "${homes[$((k * 17 % ${#homes[@]}))]}" --reply-by "${D}T16:00"
    at 15:20; as wangfang desk reply "$d" --note "已答复:$reply"
  else
    IFS='|' read -r who name note reply <<<"${messages[$((k / 2 % ${#messages[@]}))]}"
    at 14:10; contact zhaoli phone message "$note" --for "$who" --name "$name"
    at 14:40; as "$who" desk pass "$d" --note "$reply"
  fi
  if ((k % 3 == 0)); then
    IFS='|' read -r channel note dept <<<"${suggestions[$((k / 3 % ${#suggestions[@]}))]}"
    at 15:45; contact zhaoli "$channel" suggestion "$note" --unit "${homes[$((k * 13 % ${#homes[@]}))]}" --dept "$dept"
    at 17:10; as "${heads[$dept]}" desk pass "$d" --note "已收悉,提交周例会研究"
  fi
}
handover() {  # [NOTE]: 林雨 hands the day shift over to 杨雪 at 20:00; she accepts it at 20:12
  at 20:00; as linyu desk handover --to yangxue --note "${1:-无特别事项}"
  [[ ${2:-} == unaccepted ]] || { at 20:12; as yangxue desk handover --accept; }
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
# close_day [NOTE [unaccepted]]: on weekdays the desk's routine contacts; the outreach visits and
# the afternoon callbacks, the paid repairs of the day billed (fee bill is idempotent: it
# adds only what is new), the rounds of the day not told by the story, the second reminder run (it
# retries failed deliveries), the sweeps, and the evening handover with NOTE.
close_day() {
  if (($(date -u -d "$D" +%u) < 6)); then desk_day; fi
  outreach
  callbacks
  at 17:30; as chenjing -q fee bill --period "${D:0:7}"
  patrols
  remind 19:05
  sweep 20:00
  handover "$@"
}

yuan() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }
# One line a day on the screen, from that day's report (svc report daily).
weekday=(一 二 三 四 五 六 日)
summary() {
  local fig
  at 23:59
  fig=$("$svc" --as liuqiang --json report daily --date "$D" 2>>"$log" | jq -r '[.tickets.received, .tickets.done,
    .complaints.received, .fees.payments, .fees.collected_fen, .reminders.sent, .visits.done, .desk.contacts,
    .patrols.rounds_on_time + .patrols.rounds_late, .patrols.rounds_planned, .exceptions.count] | @tsv')
  read -r rec finished comp pays fen sent visits contacts rounds planned exc <<<"$fig"
  printf '%s 周%s  报修 %2d 完工 %2d  投诉 %d  收款 %3d 笔 %9s 元  催缴 %2d  访 %2d  接待 %2d  巡查 %2d/%2d  异常 %2d\n' \
    "${D:5}" "${weekday[$(($(date -u -d "$D" +%u) - 1))]}" "$rec" "$finished" "$comp" "$pays" "$(yuan "$fen")" \
    "$sent" "$visits" "$contacts" "$rounds" "$planned" "$exc"
}
# A weekend: cron, the ledger, the rounds, the visits and the callbacks, the handover.
quiet() { D=$1; ledger; close_day; summary; }

# ---- the office goes live --------------------------------------------------------------------------
D=2026-07-31
at 18:00
"$svc" init --site "示例花园 管理处" >>"$log" 2>&1
"$svc" staff import "$estate/staff.csv" >>"$log" 2>&1
as zhouyang unit import "$estate/units.csv"
load_points
mapfile -t homes < <(awk -F, 'NR > 1 && ($6 == "occupied" || $6 == "rented") { print $1 }' "$estate/units.csv")
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
  # 30 October: 陈静 makes November's patrol plan (due by the end of the month, domain-rules 5.1);
  # on Sunday 1 November its first rounds are walked.
  if [[ $D == 2026-10-30 ]]; then at 16:00; as chenjing patrol plan --month 2026-11; fi
  if [[ $D == 2026-11-01 ]]; then patrols; fi
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
# Besides, every day: the rounds of the patrol plan (patrols), the outreach visits (outreach), the
# evening handover, and on weekdays the desk's routine contacts (desk_day). The story
# adds the half-year outreach plan, a visit that finds a repair, the fee ladder's home visit and
# the owners' survey; patrol findings fixed on the spot, turned into tickets and violations (one
# major, penalised and signed), the smell rule, the heavy-rain rounds and December's plan; and at
# the desk repairs and complaints opened from the contact, a late message and a missed reply.

day_1102() {  # Monday
  D=2026-11-02; ledger
  # the supervisor plans the half year's outreach visits (走访计划, domain-rules 4.1): every lived-in
  # home not yet visited since July, spread over the working days to the end of December
  at 08:30; as liuqiang visit plan
  desk=phone urgent 08:40 wangfang 1-1-102 water "厨房下水管漏水" wuming 35 "更换下水软管"
  booked 09:30 wangfang 2-1-601 door_window "入户门闭门器失灵" gaofeng 14:00 40 "更换闭门器"
  public 10:05 zhaoli "2栋1单元电梯" elevator "电梯按键失灵,12楼按键无反应" tangjian 50 "更换按键板"
  urgent 11:20 zhaoli 4-2-302 electric "卫生间插座无电" zhengtao 25 "漏电开关复位,更换插座"
  # a complaint taken, resolved, told and called back by the book (轻微: 2 days); the owner comes
  # to the desk, and the contact opens the complaint in the same command
  at 15:10; c=$(take wangfang desk log --channel visit --kind complaint --unit 5-3-402 --note "垃圾清运不及时,单元门口有异味" \
    --complaint --category basic_service --dept 环境部 --phone 13805712345); c=${c#* }
  at 16:40; as wangfang complaint resolve "$c" --resolution "已督促保洁加派一次清运并消毒"
  at 16:50; as wangfang complaint notify "$c" --method phone --note "业主表示认可"
  at 17:20; s=$(take zhaoli complaint new --unit 5-1-201 --kind suggestion --subject "建议在5栋增设快递柜" --dept 客服部)
  at 17:40; as chenjing complaint respond "$s" --note "已记录,将报管理处研究"
  close_day "本月走访计划已下达,陈静、徐丽按计划走访"; summary
}

day_1103() {
  D=2026-11-03; ledger
  # 陈静's stairwell round of building 2: a fire-door closer tightened on the spot (domain-rules 5.4)
  walk stairwells 2 09:00
  spot doors_windows --issue "6楼防火门闭门器松动" --fixed
  walked 24
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
  at 19:30; c_noise=$(take linyu desk log --channel phone --kind complaint --unit 3-2-902 --note "楼上装修超时施工,晚上七点后仍在电钻" \
    --complaint --severity important --category incident --dept 客服部 --phone 15857119902); c_noise=${c_noise#* }
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
  desk=visit booked 09:10 zhaoli 2-2-1101 door_window "卧室窗户关不严" gaofeng 10:30 35 "调整合页"
  # the morning roads round finds a street lamp out: a public-facility ticket from the round
  walk roads - 09:30
  spot lighting --issue "6栋东侧3号路灯不亮" --ticket
  at 09:50; as lijun ticket dispatch "$found" --to zhengtao
  walked 35
  at 10:05; as zhengtao ticket arrive "$found"
  at 10:40; as zhengtao ticket done "$found" --note "更换路灯灯泡和镇流器"
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
  desk=phone urgent 09:15 wangfang 3-2-1201 water "厨房水管接头渗水" xiekai 20 "更换接头"
  # a fire route blocked (消防违例, domain-rules 6): persuaded on the spot, then a deadline to clear it
  walk stairwells 4 09:00
  spot evacuation_routes_clear --issue "12楼4-1-1202门口楼道堆放纸箱和旧柜子" --violation fire --unit 4-1-1202 \
    --subcategory blocked_routes
  x_fire=$found
  at 09:20; as "$who" patrol violation act "$x_fire" advise --note "当场劝导业主尽快清理"
  walked 30
  at 14:00; as chenjing patrol violation act "$x_fire" rectify --by 2026-11-12
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
  # the re-inspection finds the boxes gone but the old cabinet still there: one more day
  at 10:30; as chenjing patrol violation reinspect "$x_fire" --not-fixed --note "纸箱已清走,旧柜子仍在楼道"
  at 10:35; as chenjing patrol violation act "$x_fire" rectify --by 2026-11-13
  # an outreach visit at the door finds a window to repair: the ticket is opened from the visit
  at 11:00; v_window=$(take chenjing visit log --unit 2-2-1501 --method onsite --rating 3 \
    --note "业主反映主卧窗户密封条老化,刮风漏风" --new-ticket door_window --appoint 2026-11-13T14:00)
  urgent 09:40 zhaoli 4-1-1601 water "热水器泄压阀滴水" xiekai 20 "更换泄压阀"
  public 14:10 wangfang "3栋大堂" public_facility "大堂门禁读卡失灵" zhengtao 45 "更换读卡模块"
  # 1-1-1401 smelt gas again: a safety repair, its callback within 2 days (callback_class)
  urgent 18:30 linyu 1-1-1401 safety "楼道燃气管道阀门锈蚀" luobin 40 "更换阀门并检漏"
  close_day; summary
}

day_1113() {
  D=2026-11-13; ledger
  at 09:40; as chenjing patrol violation reinspect "$x_fire" --ok --note "楼道已清理干净"
  at 09:45; as chenjing patrol violation close "$x_fire"
  t_window=$("$svc" --json visit show "$v_window" 2>>"$log" | jq -r .opened_ticket)
  at 09:50; as wangfang ticket dispatch "$t_window" --to gaofeng
  at 13:58; as gaofeng ticket arrive "$t_window"
  at 14:40; as gaofeng ticket done "$t_window" --note "更换主卧窗户密封条"
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
  desk=phone urgent 08:45 zhaoli 2-2-1402 water "厨房水槽下水慢" wuming 25 "疏通下水"
  booked 09:10 wangfang 4-2-901 electric "客厅开关面板破损" zhengtao 10:30 15 "更换面板"
  # a major complaint (重大): trapped in the lift — the director the same day (2.4)
  public 11:25 wangfang "3栋2单元电梯" elevator "电梯困人,两名业主被困" tangjian 35 "维保单位到场复位,更换门机板"
  at 11:40; c_lift=$(take wangfang complaint new --unit 3-2-1201 --subject "电梯困人二十分钟" --severity major \
    --category incident --dept 工程部 --phone 13867543210)
  sweep 11:50
  at 15:00; as zhoujun complaint respond "$c_lift" --note "已向业主致歉,约维保单位全面检修"
  close_day "3栋2单元电梯困人已处理,维保单位明早全面检修"; summary
}

day_1117() {
  D=2026-11-17; ledger
  # a major renovation violation (重大违例, domain-rules 6.2): the new owner of 5-2-402 has cut into a
  # load-bearing wall. Work is stopped on the spot; the supervisor orders it restored by mid-December.
  walk stairwells 5 09:00
  spot walls_ceiling --issue "5-2-402室内装修凿拆承重墙,楼道墙面出现裂缝" --violation renovation --unit 5-2-402 \
    --subcategory load_bearing --severity major
  x_wall=$found
  at 09:20; as "$who" patrol violation act "$x_wall" advise --note "当场要求停止凿拆施工"
  walked 30
  at 15:00; as liuqiang patrol violation act "$x_wall" rectify --by 2026-12-15 --note "请有资质的单位恢复承重墙并出具检测报告"
  urgent 10:15 zhaoli 1-2-1001 water "暖气片阀门漏水" xiekai 30 "更换阀门"
  booked 10:40 wangfang 5-1-501 door_window "阳台门锁舌卡住" gaofeng 15:00 20 "润滑并调整锁舌"
  public 16:10 linyu "1栋楼道" public_facility "7楼楼道灯不亮" luobin 15 "更换灯泡"
  close_day; summary
}

day_1118() {
  D=2026-11-18; ledger
  # … and a compensation (赔偿, 6.3): the supervisor decides it, the manager signs it (6.4), and it is
  # billed to the unit's fee ledger
  at 10:00; as liuqiang patrol violation act "$x_wall" compensate --amount 6000 --reason "凿拆承重墙,赔偿楼道墙面修复及结构安全检测费用"
  at 16:00; as sunwei patrol violation sign "$x_wall"
  # heavy rain tonight: the round of the entrusted homes before it (000 L157)
  at 16:30; as chenjing patrol rain --before
  walk entrusted - 16:35
  walked 40
  urgent 09:00 wangfang 3-1-702 electric "厨房插座冒火花" zhengtao 30 "更换插座并检查线路"
  booked 09:35 zhaoli 6-2-102 other "储物间门锁打不开" gaofeng 11:00 20 "更换锁芯"
  at 16:00; as sunwei complaint resolve "$c_lift" --resolution "维保单位更换门机板并全面检修,赔付业主误工"
  at 16:20; as sunwei complaint notify "$c_lift" --method in_person --note "业主接受处理结果"
  keep "$c_lift"
  close_day "今晚大雨,托管房雨前巡查已完成;注意地下车库积水"; summary
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
  # … and after the rain: water through an entrusted home's balcony window, dried and the owner told
  at 09:00; as chenjing patrol rain --after
  walk entrusted - 09:05
  spot leaks --issue "4-1-1401阳台窗缝渗水,已擦干并电话通知业主宋鹏" --fixed
  walked 45
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
  # the follow-up a penalty owes (6.3, 003 L440)
  at 10:30; as chenjing patrol violation act "$x_wall" follow_up --note "上门沟通,业主表示理解,已联系施工单位恢复"
  close_day; summary
}

day_1123() {
  D=2026-11-23; ledger
  at 09:30; as wangfang fee pay --unit 1-2-1602 --amount 2000 --method bank --note "业主出差回来补缴"
  # 09:05 the fee ladder reached 邵振华's home visit (上门拜访催缴, 100 days unpaid: demo-policy.toml);
  # 陈静 goes up in the afternoon, and he refuses while the wall leaks
  v=$("$svc" --json visit due --kind dunning 2>>"$log" | jq -r '.[] | select(.unit == "3-1-1801") | .subject')
  at 15:30; as chenjing visit log --visit "$v" --method onsite --outcome refused --note "业主表示外墙渗水修好之前不缴费"
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
  # the smell rule (domain-rules 5.3 A): burning in a stairwell is urgent, security is told at once
  walk stairwells 1 09:00
  spot cleanliness --issue "12楼梯间有焦味"
  at 09:25; as "$who" patrol settle "$p" cleanliness --fixed --note "保安部到场查明为1-1-1202厨房煮糊锅,已提醒业主注意用火安全"
  walked 35
  # 宋欣怡 pays the compensation at the desk
  at 11:20; as zhaoli fee pay --unit 5-2-402 --amount 6000 --method bank --note "违例赔偿款"
  # a complaint left unresolved past its 2 days: overdue by Friday
  at 10:10; as wangfang complaint new --unit 2-2-1602 --subject "小区东门道闸经常抬杆慢" --category basic_service \
    --dept 秩序部 --phone 13957123456
  urgent 11:00 zhaoli 5-1-302 electric "电热水器不加热" luobin 40 "更换加热管"
  # a repair done today whose owner cannot be reached for the callback: overdue by Friday
  urgent 14:20 wangfang 1-2-802 water "洗衣机龙头漏水" xiekai 15 "更换龙头"
  keep "$t"
  close_day "1栋12楼梯间焦味已查明,夜间留意"; summary
}

day_1125() {
  D=2026-11-25; ledger
  # … and one the ladder takes to the supervisor on Friday, 2 days on (2.5)
  at 10:20; as zhaoli complaint new --unit 4-2-502 --subject "地下车库积水未及时清理" --category basic_service \
    --dept 环境部 --phone 13958012345
  urgent 09:30 wangfang 3-1-1202 water "厨房水龙头漏水" wuming 20 "更换阀芯"
  public 14:00 zhaoli "5栋单元门" door_window "单元门闭门器漏油" gaofeng 30 "更换闭门器"
  # the annual owner survey (业主意见征询表, domain-rules 4.1): the forms collected last week
  at 16:00; as liuqiang visit survey import "$estate/survey-2026.csv"
  # a message for 何涛, who is out at the developer's: not passed on until the next morning
  at 16:40; contact wangfang phone message "请何主管回电,询问外墙渗水维修进度" --for hetao --name 邵振华; m_late=$d
  close_day; summary
}

day_1126() {
  D=2026-11-26; ledger
  at 09:15; as hetao desk pass "$m_late" --note "已回电,下周一答复"
  # the afternoon roads round: a broken drain cover (a ticket, waiting for a new cover) and a car in
  # the fire lane (a violation, persuaded)
  walk roads - 13:30
  spot manhole_covers --issue "东门雨水井盖破损松动" --ticket
  t_cover=$found
  spot facilities_occupation --issue "3栋北侧消防通道停放私家车" --violation security --subcategory parking \
    --location "3栋北侧消防通道"
  at 13:45; as "$who" patrol violation act "$found" advise --note "联系车主挪车,车主承诺不再占用"
  walked 40
  at 14:00; as lijun ticket dispatch "$t_cover" --to tangjian
  at 14:20; as tangjian ticket arrive "$t_cover"
  at 14:35; as tangjian ticket wait "$t_cover" --reason waiting_parts
  # a leak repaired today, waiting for its leak test (试漏)
  urgent 09:10 zhaoli 2-1-1802 leak "顶楼卧室天花板渗水" huanglei 90 "屋面防水补强,待试漏"
  keep "$t"
  booked 09:40 wangfang 6-2-401 electric "餐厅吊灯不亮" zhengtao 15:00 20 "更换灯头"
  at 10:15; t_cancel=$(take zhaoli ticket new --unit 3-2-502 --category water --desc "热水器不出热水" \
    --appoint 2026-11-27T15:00)
  at 11:00; c_park=$(take wangfang desk log --channel phone --kind complaint --unit 1-1-1102 --note "外来车辆占用业主车位" \
    --complaint --category basic_service --dept 秩序部 --phone 13758012345); c_park=${c_park#* }
  at 16:30; as wangfang complaint resolve "$c_park" --resolution "秩序部已劝离外来车辆并加强道闸登记"
  at 16:40; as wangfang complaint notify "$c_park" --method phone --note "业主满意"
  close_day; summary
}

day_1127() {  # Friday: the day the report is printed for
  D=2026-11-27; ledger
  desk=phone urgent 08:30 wangfang 5-2-601 water "厨房下水管渗水" wuming 25 "更换下水管"
  desk=visit booked 09:00 zhaoli 4-2-1201 door_window "入户门门铃面板松动" gaofeng 10:30 15 "紧固面板"
  # a paid repair (有偿服务) taken at the desk, billed with the day's others at 17:30
  at 09:20; t=$(take wangfang desk log --channel phone --kind paid_service --unit 6-1-302 --note "安装浴室置物架" \
    --ticket --category other --appoint "${D}T11:00" --paid --price 60); t=${t#* }
  at 09:24; as wangfang ticket dispatch "$t" --to gaofeng
  at 10:58; as gaofeng ticket arrive "$t"
  at 11:30; as gaofeng ticket done "$t" --charge 60 --note "安装置物架两个"
  # booked yesterday for this afternoon; the owner calls to cancel: it works again
  at 11:40; as zhaoli ticket cancel "$t_cancel" --reason "业主来电:热水器已恢复正常"
  public 09:45 wangfang "2栋1单元电梯" elevator "电梯运行异响" tangjian 60 "调整导靴"
  desk=phone urgent 13:20 zhaoli 3-2-1602 electric "卫生间浴霸不工作" luobin 30 "更换浴霸开关"
  # 陈静's facilities round, over two hours late: bare soil on a lawn, reported to the supervisor
  # (still open tonight)
  walk facilities - 12:20
  spot greenery --issue "3栋北侧草坪黄土裸露约20平方米"
  walked 30
  # a reply promised by 16:00 that nobody gives: the desk's exception tonight
  at 10:40; contact wangfang phone enquiry "询问12月供暖设备调试时间" --unit 1-2-702 --reply-by "${D}T16:00"
  # the cashier took 熊平's payment on the wrong unit: the supervisor voids the receipt (3.8)
  at 14:00; r=$("$svc" --as zhaoli --csv fee pay --unit 5-2-602 --amount 600 --method cash 2>>"$log" | awk -F, 'NR == 2 { print $1 }')
  at 14:20; as liuqiang fee void "$r" --reason "收款房号录错,应为5-2-601"
  at 14:25; as zhaoli fee pay --unit 5-2-601 --amount 600 --method cash
  # an important complaint this afternoon, and a minor one resolved but not yet told
  at 15:00; c=$(take zhaoli desk log --channel phone --kind complaint --unit 3-1-402 --note "楼下烧烤油烟进屋" --complaint \
    --severity important --category incident --dept 秩序部 --phone 13666012345)
  sweep 15:10
  at 16:00; c=$(take wangfang desk log --channel visit --kind complaint --unit 6-3-101 --note "绿化带修剪垃圾未清走" --complaint \
    --category basic_service --dept 环境部); c=${c#* }
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
  # December's patrol plan, made at the end of November (domain-rules 5.1)
  at 17:00; as chenjing patrol plan --month 2026-12
  # 徐丽 is at the survey meeting all afternoon: her 15:00 round of the surroundings is not walked;
  # and tonight 杨雪 does not accept the handover (an exception in the report)
  not_walked=surroundings@15:00 close_day "2-2-702全屋跳闸,郑涛正在赶往;1-2-1101卫生间滴水尚未派工,早班派工" unaccepted
  summary
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
