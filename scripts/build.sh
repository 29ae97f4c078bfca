#!/usr/bin/env bash
# Configures and builds shadowscale. Usage: scripts/build.sh [--sanitize] [--debug]
# Builds into build/ (or build-asan/ with --sanitize). Uses ccache when installed.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
args=(-DCMAKE_BUILD_TYPE=Release)
for a in "$@"; do
  case "$a" in
    --sanitize) build_dir=build-asan; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHADOWSCALE_SANITIZE=ON) ;;
    --debug) build_dir=build-debug; args=(-DCMAKE_BUILD_TYPE=Debug) ;;
    *) echo "build.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build_dir" -G Ninja -DSHADOWSCALE_WERROR=ON "${args[@]}"
cmake --build "$build_dir" -j "$jobs"
