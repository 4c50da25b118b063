#!/usr/bin/env bash
# make demo: a fresh demo database from examples/ — the estate, its staff and a few days of the
# service centre's activity — then the day's report. Usage: demo.sh SVC DIR
set -euo pipefail
svc=$(realpath "$1")
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
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
export SVC_DB="$dir/svc.db" SVC_POLICY="$dir/policy.toml" SVC_SMS_SPOOL="$dir/outbox/sms.log"
day() { export SVC_NOW="$1"; }

day 2026-11-19T08:30
"$svc" init --site "示例花园 管理处"
"$svc" staff import "$here/staff.csv"
"$svc" unit import "$here/units.csv"

# Thursday morning: the fee ledger is brought over from the old books (domain-rules 3.4): August
# to November as they were billed on the 1st of each month (due on the 15th), and the payments as
# they came in. Most owners pay before the due date; a few are behind: 2-1-202 and 3-2-601 (a
# rented flat: the owner is the debtor, 3.6) since August, 1-2-202 since September, 2-2-402 since
# October, and 3-1-602, still the developer's, has not paid November. 1-1-102, 1-1-201 and
# 3-1-202 come to the desk on Monday.
#   pay_month PERIOD UNIT...: every unit pays PERIOD's bills on a day before they fall due (the
#   day and the method vary by unit), except the UNITs named.
pay_month() {
  local period=$1 d unit amount method
  shift
  "$svc" --csv fee bills --period "$period" --status open |
    awk -F, -v skip=" $* " '
      NR > 1 && index(skip, " " $2 " ") == 0 { owed[$2] += $5 - $6 }
      END {
        split("wechat alipay bank cash wechat", methods, " ")
        for (u in owed) {
          n = 0
          for (i = 1; i <= length(u); i++) n += substr(u, i, 1) + 0
          printf "%02d %s %.2f %s\n", 2 + n % 12, u, owed[u], methods[1 + n % 5]
        }
      }' |
    sort |
    while read -r d unit amount method; do
      "$svc" --as wangfang -q --now "$period-${d}T10:00" fee pay --unit "$unit" --period "$period" \
        --amount "$amount" --method "$method" >/dev/null
    done
}
for month in 08 09 10 11; do
  "$svc" --as chenjing -q --now "2026-$month-01T09:00" fee bill --period "2026-$month" >/dev/null
  case $month in
    08) pay_month 2026-08 2-1-202 3-2-601 ;;
    09) pay_month 2026-09 2-1-202 3-2-601 1-2-202 ;;
    10) pay_month 2026-10 2-1-202 3-2-601 1-2-202 2-2-402 ;;
    11) pay_month 2026-11 2-1-202 3-2-601 1-2-202 2-2-402 3-1-602 1-1-102 1-1-201 3-1-202 ;;
  esac
done

# Thursday: a vacant flat is sold and the new owner moves in.
day 2026-11-19T10:15
"$svc" --as chenjing unit set 1-1-101 --status occupied --owner 林晓东 --owner-phone 13566778899 --moved-in 2026-11-19

# Friday: an owner lets her flat; the tenant is registered (出租房屋登记, domain-rules 3.6).
day 2026-11-20T14:40
"$svc" --as chenjing unit set 2-2-502 --status rented --tenant 周子涵 --tenant-phone 13955554444

# Saturday: an entrusted home (托管) is handed back to its owner.
day 2026-11-21T09:30
"$svc" --as chenjing unit set 2-1-602 --status occupied

# Sunday: a new front-desk colleague starts.
day 2026-11-22T09:00
"$svc" staff add --login linyu --name 林雨 --role frontdesk --phone 13700001234

# Monday: the front desk's repair queue (报修, domain-rules 1), in the order it happened.
fd() { "$svc" --as wangfang "$@"; }
day 2026-11-23T08:40   # an urgent leak …
fd ticket new --unit 1-2-401 --category leak --desc "卫生间渗水到楼下" --urgent --reporter 业主 --phone 13811112222
fd ticket dispatch T1 --to huanglei
day 2026-11-23T08:52
"$svc" --as huanglei ticket arrive T1
day 2026-11-23T09:05   # … a scheduled door repair …
fd ticket new --unit 2-1-301 --category door_window --desc "入户门闭门器失灵" --appoint 2026-11-23T14:00
fd ticket dispatch T2 --to wuming
day 2026-11-23T09:20   # … a paid repair (有偿服务, domain-rules 1.7) …
fd ticket new --unit 3-1-202 --category electric --desc "更换客厅吊灯" --appoint 2026-11-23T11:00 --paid --price 120
fd ticket dispatch T3 --to zhengtao
day 2026-11-23T10:30
"$svc" --as huanglei ticket done T1 --note "更换防水层密封胶"
day 2026-11-23T11:02
"$svc" --as zhengtao ticket arrive T3
day 2026-11-23T12:10
"$svc" --as zhengtao ticket done T3 --charge 135.00 --note "另换开关一只"
day 2026-11-23T14:06   # nobody answers the door at T2 (domain-rules 1.5)
"$svc" --as wuming ticket no-answer T2 --next 2026-11-24T09:30 --note "按门铃两次、敲门无人"
day 2026-11-23T16:00   # the callback for the paid repair, then it is closed
fd visit log --ticket T3 --method phone --rating 5 --note "很满意"
fd ticket close T3
day 2026-11-23T17:30   # a public-facility job: the desk records it, the engineering foreman
fd ticket new --public --location "2栋地下车库" --category public_facility --desc "车库照明一排不亮" --urgent
day 2026-11-23T17:34   # (工程部领班) picks the repairer (domain-rules 9.2, 003 L284)
"$svc" --as lijun ticket dispatch T4 --to zhengtao

# A complaint (投诉, domain-rules 2): night-time renovation noise, important, so the sweep takes
# it to the supervisor at once (2.4); resolved before the end of the day, its callback now owed.
day 2026-11-23T17:35
c=$("$svc" --as wangfang complaint new --unit 1-1-102 --subject "楼上夜间装修噪音" --severity important --phone 18657500407)
day 2026-11-23T17:40
"$svc" complaint sweep
day 2026-11-23T17:50
"$svc" --as wangfang complaint resolve "$c" --resolution "已约谈装修户,晚8点后停工"

# Fees (收费, domain-rules 3): billing November again adds only the paid repair T3 (its other
# bills went out on the 1st), the meter readings are imported (entrusted homes above the 3.3
# limits are flagged), the desk takes a few payments; then the day's ledger, the arrears by age
# and the collection rate.
day 2026-11-23T17:55
"$svc" --as chenjing fee bill --period 2026-11
"$svc" --as chenjing -q fee meter import "$here/meters-2026-10.csv"
"$svc" --as chenjing fee meter import "$here/meters-2026-11.csv"
"$svc" --as wangfang -q fee pay --unit 1-1-102 --amount 316.35 --method wechat >/dev/null
"$svc" --as wangfang -q fee pay --unit 3-1-202 --amount 600 --method cash --payer 业主 >/dev/null
"$svc" --as wangfang -q fee pay --unit 1-1-201 --amount 100 --method alipay >/dev/null
"$svc" --as liuqiang fee payments --by-method
"$svc" --as liuqiang fee arrears --aging
"$svc" --as liuqiang fee rate --period 2026-11

# Dunning (催缴, domain-rules 3.5): from now on cron runs `svc -q fee remind` every hour
# (examples/crontab). Its first run: one unit's message as it would go out (a dry run changes
# nothing), then the real run — SMS notices through examples/send-sms, also to the two owners
# three months behind: the formal letter (正式催缴函, written to outbox/letters for express mail)
# goes three months after the first phone notice (3.5), and svc has sent none before tonight.
# 3-1-602 has no owner phone on file: that is said on stderr even with -q.
day 2026-11-23T17:58
echo
"$svc" fee remind --dry-run --unit 1-2-202
"$svc" -q fee remind
"$svc" --as liuqiang fee reminders --since 2026-11-23
echo
echo "交给短信网关的短信($SVC_SMS_SPOOL):"
sed 's/^/  /' "$SVC_SMS_SPOOL"
echo "待特快专递的催缴函($dir/outbox/letters):"
if ls "$dir"/outbox/letters/*.html >/dev/null 2>&1; then
  for letter in "$dir"/outbox/letters/*.html; do echo "  ${letter##*/}"; done
else
  echo "  (暂无:催缴函在今晚的短信提醒三个月后才发出)"
fi
# svc took over dunning only this week, so tonight's reminders went out days after they fell due
# on the 15th and 16th (迟催), and 3-1-602 was not reminded at all: dunning-gaps lists them for the
# supervisor, with the dunning rate (催缴率, 3.7) on its last line.
echo
"$svc" --as liuqiang fee dunning-gaps

day 2026-11-23T18:00
echo
"$svc" --as liuqiang unit summary
echo
"$svc" --as liuqiang ticket list --open
echo
"$svc" --as liuqiang visit due
echo
"$svc" --as liuqiang audit log --since 2026-11-19T10:00
echo
"$svc" --as liuqiang audit verify
