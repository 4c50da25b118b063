#!/usr/bin/env bash
# `make fuzz`: runs every libFuzzer target for SECONDS of CPU time each (not wall time: on a busy
# machine a target is given the CPU time it is owed), starting from its committed corpus
# (tests/fuzz/corpus/NAME), then merges the inputs that found new coverage back into that corpus
# (minimised), so `make check` replays them from then on. Prints per target the runs, the CPU
# seconds it used and coverage; exits 1 if any target found a crash (the input is kept as crash-*).
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS] [JOBS]
set -euo pipefail
build=$(realpath "$1")
seconds=${2:-60}
jobs=${3:-$(nproc)}
src=$(cd "$(dirname "$0")" && pwd)
out="$build/fuzz-runs"
mkdir -p "$out"
status=0
run_one() {
  local name=$1
  local target="$build/fuzz_$name" corpus="$out/$name" artifacts="$out/$name-artifacts"
  mkdir -p "$corpus" "$artifacts"
  # libFuzzer's -max_total_time counts wall time: it is only the backstop here. The target is
  # stopped with SIGINT (it prints its final stats) once its own CPU time reaches SECONDS.
  "$target" "$corpus" "$src/corpus/$name" -max_total_time=$((seconds * 6)) -rss_limit_mb=4096 -timeout=20 \
            -artifact_prefix="$artifacts/" -print_final_stats=1 >"$out/$name.log" 2>&1 &
  local pid=$! ticks used=0
  ticks=$(getconf CLK_TCK)
  while kill -0 "$pid" 2>/dev/null; do
    used=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo "$used")
    if [ "${used:-0}" -ge $((seconds * ticks)) ]; then kill -INT "$pid" 2>/dev/null; break; fi
    sleep 1
  done
  wait "$pid" || true
  local cpu=$((used / ticks))
  # Keep what found new coverage, minimised, in the committed corpus.
  "$target" -merge=1 "$src/corpus/$name" "$corpus" >>"$out/$name.log" 2>&1 || true
  local runs cov crashes
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$out/$name.log" | tail -1)
  crashes=$(find "$artifacts" -type f | wc -l)
  echo "$name: ${runs:-0} runs in ${cpu} CPU-s, ${cov:-cov: ?}, corpus $(find "$src/corpus/$name" -type f | wc -l) files, $crashes crashes"
  [ "$crashes" = 0 ]
}
names=$(cd "$src" && ls fuzz_*.cpp | sed 's/^fuzz_//; s/\.cpp$//')
pids=() ; names_run=()
for name in $names; do
  run_one "$name" & pids+=($!); names_run+=("$name")
  if [ "${#pids[@]}" -ge "$jobs" ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ "$status" = 0 ] || echo "a fuzz target crashed: see $out/*-artifacts/ and $out/*.log" >&2
exit "$status"
