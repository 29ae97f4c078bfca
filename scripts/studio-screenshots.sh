#!/usr/bin/env bash
# Takes the pictures of docs/studio.md from the real studio in a virtual X server (xvfb-run),
# full window at 1600x1000: every page in a typical state, and Compare runs in the dark palette.
# What the studio remembers goes to a temporary folder, not your settings. Takes a few minutes
# (two runs of the default scenario, one backtest). Run from anywhere after a build:
#   scripts/studio-screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
cmake --build "$build" --target shadowscale shadowscale-studio >/dev/null
images=docs/images
work="${TMPDIR:-/tmp}/shadowscale-studio-docs"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" SHADOWSCALE_STUDIO_THEME=light

# Runs the studio with these arguments at the pictures' size, quitting when its work is done.
studio() {
  xvfb-run -a -s '-screen 0 1600x1000x24' "$build/app/studio/shadowscale-studio" \
    --size 1600x1000 --quit "$@"
}
# Replaces the first line matching $2 in file $1 by $3 (the rest stays), writing to $4.
edit_first() {
  awk -v pat="$2" -v rep="$3" '!done && $0 ~ pat { print rep; done = 1; next } { print }' \
    "$1" >"$4"
}

echo "== Scenario: the default with the hpa setup's max_replicas set to 0"
mkdir -p "$work/scenarios"
edit_first scenarios/default.textproto "max_replicas: 60" "      max_replicas: 0" \
  "$work/scenarios/default.textproto"
studio "$work/scenarios/default.textproto" --page scenario \
  --screenshot "$images/studio-scenario.png"

echo "== Run and Charts: the default scenario run to its end"
studio scenarios/default.textproto --out "$work/default" --run \
  --screenshot "$images/studio-run.png" || [ $? -eq 99 ]
studio scenarios/default.textproto --out "$work/default-again" --run --page charts \
  --screenshot "$images/studio-charts.png" || [ $? -eq 99 ]

echo "== Compare runs: the default beside its hpa setup aiming at 50 % utilization"
edit_first scenarios/default.textproto "target_utilization: 0.7" "      target_utilization: 0.5" \
  "$work/hpa-50.textproto"
sed -i 's/^name: "default"/name: "default-hpa-50"/' "$work/hpa-50.textproto"
"$build/app/shadowscale" run "$work/hpa-50.textproto" --quiet --out "$work/hpa-50" >/dev/null ||
  [ $? -eq 99 ]
studio "$work/default" "$work/hpa-50" --page compare --screenshot "$images/studio-compare.png"
SHADOWSCALE_STUDIO_THEME=dark studio "$work/default" "$work/hpa-50" --page compare \
  --screenshot "$images/studio-dark.png"

echo "== Forecast lab: a backtest of 56 days with level shifts, the LSTM limited to 5 epochs"
python3 scripts/make-traces.py "$work" >/dev/null
studio --series "$work/level-shifts.csv" --backtest --epochs 5 --page forecast \
  --screenshot "$images/studio-forecast-lab.png"

echo "== Import: the example shop log with one bad line allowed"
cp docs/examples/shop-access.log "$work/shop-access.log"
studio "$work/shop-access.log" --max-bad 1 --page import --screenshot "$images/studio-import.png"
ls -l "$images"/studio-*.png
