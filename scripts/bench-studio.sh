#!/usr/bin/env bash
# The studio's speed targets, as medians beside their baselines:
#  1. tests/bench/studio_bench (offscreen): the redraw after a zoom of 90 days x 4 setups with
#     min/max decimation drawn by the charts' line layer, beside the same thinned lines drawn by
#     QtCharts' line items and every point drawn by them, and opening a run folder of that size
#     against only reading its files (the folder is written once by `shadowscale run`);
#  2. the longest event-loop stall of the studio while it runs the default scenario (under
#     Xvfb, `shadowscale-studio --run --measure-stalls`, its probe timer due every
#     STALL_PROBE_MS milliseconds, default 5; 0 fires on every loop turn and keeps the UI thread
#     busy), with the run's wall time beside the CLI's run of the same scenario.
# Usage: [STALL_PROBE_MS=N] scripts/bench-studio.sh [BUILD_DIR] [REPETITIONS]   (build, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
reps="${2:-5}"
probe="${STALL_PROBE_MS:-5}"
cmake --build "$build" --target studio_bench shadowscale shadowscale-studio >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== studio_bench ($reps repetitions)"
"$build/tests/bench/studio_bench" --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true --benchmark_display_aggregates_only=true 2>/dev/null |
  grep -E "_median|^Benchmark|^-" || true

# Prints the median of the numbers on standard input, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'; }
# Prints the wall time in seconds of running "$@" (its output goes to $tmp/out).
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$tmp/out" 2>&1 || true
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'
}

echo "== the default scenario: studio (longest UI stall, probe every $probe ms; wall time)" \
  "beside the CLI (wall time); load $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$tmp/stalls"
: >"$tmp/studio_s"
: >"$tmp/cli_s"
: >"$tmp/cpu"
: >"$tmp/own"
for i in $(seq "$reps"); do
  rm -rf "$tmp/cli" "$tmp/studio"
  seconds "$build/app/shadowscale" run scenarios/default.textproto --quiet --out "$tmp/cli" \
    >>"$tmp/cli_s"
  seconds xvfb-run -a -s '-screen 0 1600x1000x24' "$build/app/studio/shadowscale-studio" \
    scenarios/default.textproto --out "$tmp/studio" --size 1600x1000 --run --measure-stalls \
    --stall-probe-ms "$probe" --quit >>"$tmp/studio_s"
  stall=$(sed -n 's/^longest UI stall during the run: \([0-9.]*\) ms.*/\1/p' "$tmp/out")
  cpu=$(sed -n 's/.*in one of them at most: \([0-9.]*\) ms.*/\1/p' "$tmp/out")
  wait=$(sed -n 's/.*in the longest it waited \([0-9.a-z]*\) ms for a core.*/\1/p' "$tmp/out")
  own=$(sed -n 's/.*less the waits for a core: \([0-9.a-z]*\) ms.*/\1/p' "$tmp/out")
  if [ -z "$stall" ]; then
    echo "the studio did not report its stalls:" >&2
    cat "$tmp/out" >&2
    exit 1
  fi
  echo "run $i: longest UI stall $stall ms (of it $wait ms waiting for a core), the UI thread's" \
    "CPU time in one gap at most $cpu ms, the longest stall less the waits for a core $own ms" \
    "(studio $(tail -1 "$tmp/studio_s") s, CLI $(tail -1 "$tmp/cli_s") s)"
  echo "$stall" >>"$tmp/stalls"
  echo "$cpu" >>"$tmp/cpu"
  echo "$own" >>"$tmp/own"
done
echo "median longest UI stall: $(median <"$tmp/stalls") ms (target < 100 ms);" \
  "the UI thread's own CPU time in one gap: $(median <"$tmp/cpu") ms;" \
  "the longest stall less the waits for a core: $(median <"$tmp/own") ms"
echo "median wall time: studio $(median <"$tmp/studio_s") s, CLI $(median <"$tmp/cli_s") s"
