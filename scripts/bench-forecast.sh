#!/usr/bin/env bash
# Measures the forecasting speed targets with the shadowscale CLI (docs/forecasting.md):
#   1. LSTM training on 30 days of per-minute NASA data (5-minute buckets): wall and CPU time;
#   2. one LSTM forecast: mean wall and CPU time over the 5,357 forecasts of the backtest.
# Usage: scripts/bench-forecast.sh [BUILD_DIR]   (default: build; needs the shadowscale target)
# CPU times are the figures to compare on a shared machine: other jobs inflate wall time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
bin="$build/app/shadowscale"
trace="${SHADOWSCALE_TRACE:-$here/../shared/traces/nasa-http-1995-per-minute.csv}"

if [ ! -x "$bin" ]; then
  echo "bench-forecast: $bin not found; build it with: cmake --build $build --target shadowscale" >&2
  exit 2
fi
if [ ! -r "$trace" ]; then
  echo "bench-forecast: trace $trace not readable (set SHADOWSCALE_TRACE)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 30 days of minutes plus the header line.
head -n $((30 * 1440 + 1)) "$trace" > "$work/30days.csv"

echo "== training on 30 days ($(($(wc -l < "$work/30days.csv") - 1)) per-minute rows)"
/usr/bin/time -f "train: %e s wall, %U s user CPU, %M KiB max RSS" \
  "$bin" train --series "$work/30days.csv" --utc-offset -4h --out "$work/model.pt" 2> "$work/train.err"
grep "epoch" "$work/train.err" | tail -n 2
grep "^train:" "$work/train.err"

echo "== forecast latency (backtest protocol on the full trace)"
"$bin" backtest --series "$trace" --utc-offset -4h 2> /dev/null | grep -E "^lstm"
