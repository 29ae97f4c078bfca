#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the whole test suite (unit tests, end-to-end
# tests, every shipped scenario). With --sanitize: the same under AddressSanitizer and
# UndefinedBehaviorSanitizer, in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh "$@"
build_dir=build
exclude=()
if [ "${1:-}" = "--sanitize" ]; then
  # Under the sanitizers everything runs about ten times slower: leave out the scenarios that
  # take minutes even without them (labelled "long").
  build_dir=build-asan
  exclude=(-LE long)
fi
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "${exclude[@]}"
