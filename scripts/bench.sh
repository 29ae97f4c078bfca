#!/usr/bin/env bash
# Runs the Google Benchmark programs and prints their medians (CPU time based rates).
# Usage: scripts/bench.sh [BUILD_DIR] [REPETITIONS]   (default: build, 5)
# Each program runs its measured case beside a named baseline (see the comment at the top of
# tests/bench/*_bench.cpp), so compare ratios, not absolute figures, across machines.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
reps="${2:-5}"
cmake --build "$build" --target sim_bench capture_bench forecast_bench mirror_bench >/dev/null
for b in sim_bench capture_bench forecast_bench mirror_bench; do
  echo "== $b"
  "$build/tests/bench/$b" --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
    --benchmark_display_aggregates_only=true 2>/dev/null | grep -E "_median|^Benchmark|^-" || true
done
