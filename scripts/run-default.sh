#!/usr/bin/env bash
# The main job: installs the dependencies, builds, and runs the default scenario headless.
# Outputs land in out/default/ (summary.json, intervals.csv, junit.xml).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
exec build/app/shadowscale run scenarios/default.textproto --out out/default "$@"
