#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the whole test suite (unit tests, end-to-end
# tests, every shipped scenario). With --sanitize: the same under AddressSanitizer and
# UndefinedBehaviorSanitizer, in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh "$@"
build_dir=build
[ "${1:-}" = "--sanitize" ] && build_dir=build-asan
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
