#!/bin/sh
# Renders the studio's Scenario, Import and Forecast lab pages (offscreen, no display needed)
# into docs/images/, the pictures docs/studio.md shows. Run from the repository root after a
# build: scripts/studio-screenshots.sh [build-dir]
set -eu
build=${1:-build}
out=$(pwd)/docs/images
mkdir -p "$out"
QT_QPA_PLATFORM=offscreen SHADOWSCALE_SCREENSHOT_DIR="$out" \
  "$build/tests/app_studio_pages_page_screenshots_test"
