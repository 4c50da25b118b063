#!/usr/bin/env bash
# make demo: a fresh demo database from examples/ — the estate, its staff and a few days of the
# service centre's activity — then the day's report. Usage: demo.sh SVC DIR
set -euo pipefail
svc=$(realpath "$1")
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir"
mkdir -p "$dir"
export SVC_DB="$dir/svc.db" SVC_POLICY="$here/demo-policy.toml"
day() { export SVC_NOW="$1"; }

day 2026-11-19T08:30
"$svc" init --site "示例花园 管理处"
"$svc" staff import "$here/staff.csv"
"$svc" unit import "$here/units.csv"

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

day 2026-11-23T18:00
echo
"$svc" --as liuqiang unit summary
echo
"$svc" --as liuqiang audit log --since 2026-11-19T10:00
echo
"$svc" --as liuqiang audit verify
