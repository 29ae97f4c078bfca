#!/usr/bin/env bash
# Start-up time of `shadowscale`: what a user waits for on `--help`, `version`, `capture-info`
# and a run without an LSTM. Each command runs RUNS times; the script prints the median (and
# min and max) in milliseconds beside /bin/true, the cost of starting any program, as the
# baseline. With OLD=path/to/an/older/shadowscale the same commands run on that binary too,
# side by side. Usage: scripts/bench-startup.sh [BUILD_DIR] [RUNS]   (defaults: build, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-30}
cli="$build/app/shadowscale"
[ -x "$cli" ] || { echo "bench-startup: $cli not found; build first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" import --quiet --format combined --max-bad 1 docs/examples/shop-access.log \
  -o "$work/shop.capture" >/dev/null
# A run that simulates almost nothing: its time is start-up, loading and writing the outputs.
cat > "$work/tiny.textproto" <<'SCENARIO'
name: "tiny"
traffic { duration: "1m" synthetic { base_rate: "1/s" } }
live_pool { initial_instances: 1 instance { workers: 1 service { mean: "10ms" p99: "20ms" } } }
setup { name: "fixed" }
SCENARIO
python3 - "$runs" "$work" "$cli" "${OLD:-}" <<'PY'
import statistics, subprocess, sys, time
runs, work, cli, old = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
commands = [
    ("--help", ["--help"]),
    ("version", ["version"]),
    ("capture-info", ["capture-info", f"{work}/shop.capture"]),
    ("run (no LSTM)", ["run", f"{work}/tiny.textproto", "--quiet", "--out", f"{work}/out"]),
]
def median_ms(cmd):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times), max(times)
def show(name, cmd):
    m, lo, hi = median_ms(cmd)
    print(f"{name:34} {m:9.1f} {lo:8.1f} {hi:8.1f}")
print(f"{'command':34} {'median ms':>9} {'min':>8} {'max':>8}   ({runs} runs each)")
show("/bin/true (baseline)", ["/bin/true"])
for name, args in commands:
    show(f"shadowscale {name}", [cli] + args)
    if old:
        show(f"  old binary {name}", [old] + args)
PY
