#!/usr/bin/env bash
# Builds the libFuzzer programs of fuzz/ with clang (AddressSanitizer and UBSan on) into
# build-fuzz/ and fuzzes each target in turn. Usage:
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 60 seconds each, every target
#   FUZZ_RUNS=N scripts/fuzz.sh 0 TARGET      N executions instead of a time limit
#   FUZZ_SANITIZERS=none scripts/fuzz.sh ...  no sanitizers (build-fuzz-plain/): several times the
#                                             executions per second, for long runs; crashes and
#                                             uncaught exceptions are still found
# Each target starts from its seed corpus fuzz/corpus/<target>/ (read only); what it learns goes
# to build-fuzz/corpus/<target>/ and crashes to build-fuzz/findings/<target>/ (build-fuzz-plain/
# without sanitizers). A crashing input belongs in fuzz/corpus/<target>/ once fixed: the test
# suite replays every file there.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario_text clf_line combined_line nginx_line count_csv capture_reader gor_reader proxy_request
    route_rules)
fi

sanitizers=${FUZZ_SANITIZERS:-address,undefined}
if [ "$sanitizers" = none ]; then
  build=build-fuzz-plain
  sanitize=""
else
  build=build-fuzz
  sanitize="-fsanitize=$sanitizers -fno-sanitize-recover=undefined"
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSHADOWSCALE_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link $sanitize -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitize" >/dev/null
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"

status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/findings/$t"
  limit=(-max_total_time="$seconds")
  if [ -n "${FUZZ_RUNS:-}" ]; then
    limit=(-runs="$FUZZ_RUNS")
  fi
  echo "== fuzz_$t"
  # -max_len: scenario files and log lines are small; 64 KiB leaves room for long lines.
  log="$build/findings/$t.log"
  rc=0
  "$build/fuzz/fuzz_$t" "${limit[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/findings/$t/" -print_final_stats=1 \
    "$build/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" "$log" || true
  if [ "$rc" -ne 0 ]; then
    echo "fuzz_$t found a crash: see $log and $build/findings/$t/" >&2
    status=1
  fi
done
exit $status
