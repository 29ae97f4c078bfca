#!/usr/bin/env bash
# The live proxy against nginx, side by side in one run (docs/benchmarks.md).
# Usage: scripts/bench-proxy.sh [BUILD_DIR] [ROUNDS] [SECONDS]   (default: build, 5, 10)
#
# One shadowscale-echo backend answers at once; wrk loads it on loopback directly, through
# nginx (Debian's nginx-light) and through `shadowscale proxy`, with the same number of workers
# (WORKERS, default 1). Then `shadowscale proxy` again with 10% of requests mirrored to a shadow
# that answers after 1 s, and to one that is down. Each configuration runs ROUNDS times,
# interleaved so that noise from other work on the machine hits them all alike; the script prints
# every round and the medians with their ratios:
#   throughput of shadowscale / nginx             (target: at least 1)
#   added p99 of shadowscale / nginx              (p99 minus the direct p99; target: at most 1)
#   mirroring on / off, throughput and p99       (target: within 5%)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
rounds="${2:-5}"
seconds="${3:-10}"
workers="${WORKERS:-1}"
connections="${CONNECTIONS:-32}"
cli="$build/app/shadowscale"
echo_bin="$build/app/shadowscale-echo"
for tool in nginx wrk; do
  command -v "$tool" >/dev/null || { echo "bench-proxy: $tool not found (scripts/install-deps.sh)" >&2; exit 2; }
done
[[ -x "$cli" && -x "$echo_bin" ]] || cmake --build "$build" --target shadowscale shadowscale-echo >/dev/null

work="$(mktemp -d)"
pids=()
cleanup() {
  # Processes started inside $(...) record their pids in files.
  for f in "$work"/*.pid; do [[ -e "$f" ]] && pids+=("$(cat "$f")"); done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a shadowscale-echo with the given options; prints its port.
start_echo() {
  local log="$work/echo-$RANDOM"
  "$echo_bin" --port 0 "$@" >"$log" 2>/dev/null &
  echo $! >"$log.pid"
  for _ in $(seq 1 200); do
    if grep -q "listening on" "$log"; then
      sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$log"
      return
    fi
    sleep 0.05
  done
  echo "bench-proxy: shadowscale-echo did not start" >&2
  exit 1
}

# A port nothing listens on (a shadow that is down).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until something answers on a port.
wait_port() {
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return; fi
    sleep 0.05
  done
  echo "bench-proxy: nothing listens on port $1" >&2
  exit 1
}

backend=$(start_echo --service-mean 0s --workers 1024 --queue 4096)
slow_shadow=$(start_echo --service-mean 1s --workers 4096 --queue 4096)
down_shadow=$(free_port)

nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $workers;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  upstream backend { server 127.0.0.1:$backend; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
wait_port "$nginx_port"

# Starts `shadowscale proxy` with a live pool on the backend and the given setup and shadow
# pool lines; prints its port.
start_proxy() {
  local name="$1" setup="$2" shadow="$3"
  local port
  port=$(free_port)
  cat >"$work/$name.textproto" <<EOF
server { listen: "127.0.0.1:$port" admin_listen: "off" io_threads: $workers }
live_pool { static { address: "127.0.0.1:$backend" } }
$shadow
setup { $setup }
EOF
  "$cli" proxy "$work/$name.textproto" >/dev/null 2>"$work/$name.err" &
  echo $! >"$work/$name.pid"
  wait_port "$port"
  echo "$port"
}

proxy_plain=$(start_proxy plain "" "")
proxy_slow=$(start_proxy mirror-slow "shadow_pool: true mirror_fraction: 0.1" \
  "shadow_pool { static { address: \"127.0.0.1:$slow_shadow\" } }")
proxy_down=$(start_proxy mirror-down "shadow_pool: true mirror_fraction: 0.1" \
  "shadow_pool { static { address: \"127.0.0.1:$down_shadow\" } }")

# Runs wrk against a port; prints "requests_per_second p99_ms".
measure() {
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$1/bench" 2>/dev/null |
    awk '
      /Requests\/sec:/ { rps = $2 }
      /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
                 else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                 else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
                 p99 = v }
      END { printf "%.0f %.3f\n", rps, p99 }'
}

names=(direct nginx shadowscale mirror-slow mirror-down)
ports=("$backend" "$nginx_port" "$proxy_plain" "$proxy_slow" "$proxy_down")
# Warm-up: fills connection pools and caches.
for p in "${ports[@]}"; do wrk -t1 -c"$connections" -d1s "http://127.0.0.1:$p/bench" >/dev/null 2>&1; done

echo "bench-proxy: $rounds rounds of ${seconds}s, wrk 1 thread $connections connections, $workers worker(s) each, on $(nproc) cores"
for r in $(seq 1 "$rounds"); do
  for i in "${!names[@]}"; do
    read -r rps p99 < <(measure "${ports[$i]}")
    echo "${names[$i]} $rps $p99" >>"$work/results"
    printf 'round %d  %-12s %9s req/s  p99 %8s ms\n' "$r" "${names[$i]}" "$rps" "$p99"
  done
done

python3 - "$work/results" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, rps, p99 = line.split()
    rows.setdefault(name, []).append((float(rps), float(p99)))
med = {n: (statistics.median(r for r, _ in v), statistics.median(p for _, p in v)) for n, v in rows.items()}
print("\nmedians")
for n in ["direct", "nginx", "shadowscale", "mirror-slow", "mirror-down"]:
    print(f"  {n:12s} {med[n][0]:10.0f} req/s  p99 {med[n][1]:8.3f} ms")
d, ng, ss = med["direct"], med["nginx"], med["shadowscale"]
added_ng, added_ss = ng[1] - d[1], ss[1] - d[1]
print("ratios")
print(f"  throughput shadowscale / nginx          {ss[0] / ng[0]:.3f}  (target >= 1)")
print(f"  added p99 shadowscale / nginx           {added_ss / added_ng if added_ng > 0 else float('nan'):.3f}"
      f"  ({added_ss:.3f} ms vs {added_ng:.3f} ms; target <= 1)")
for n in ["mirror-slow", "mirror-down"]:
    m = med[n]
    print(f"  {n}: throughput on / off         {m[0] / ss[0]:.3f}  p99 on / off {m[1] / ss[1]:.3f}  (target within 0.95..1.05)")
EOF
