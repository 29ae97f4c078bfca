#!/usr/bin/env bash
# The live proxy against nginx, side by side in one run (docs/benchmarks.md).
# Usage: scripts/bench-proxy.sh [BUILD_DIR] [ROUNDS] [SECONDS]   (default: build, 5, 10)
#
# One shadowscale-echo backend answers at once; wrk loads it on loopback directly, through
# nginx (Debian's nginx-light) and through `shadowscale proxy`, with the same number of workers
# (WORKERS, default 1). Then `shadowscale proxy` again with 10% of requests mirrored to a shadow
# that answers after 1 s, and to one that is down; and, for reference, nginx's own `mirror` to
# the shadow that answers after 1 s, of every request (nginx-mirror) and of 10% of them
# (nginx-mirror10: the mirror subrequest of the other 90% is answered by nginx at once). Each
# configuration runs ROUNDS times, interleaved so that noise from other work on the machine hits them all alike; the script prints
# every round and the medians with their ratios, and beside each figure the CPU time the server
# in front (nginx's processes, `shadowscale proxy`, or the backend for `direct`) spent per request,
# read from /proc/PID/stat around the wrk run. Then, ROUNDS more times, the proxy without mirroring
# and each mirroring one are loaded at the same moment, side by side, so that the machine's other
# work hits both alike: on a shared machine this is the steadiest on / off comparison.
#   throughput of shadowscale / nginx             (target: at least 1)
#   added p99 of shadowscale / nginx              (p99 minus the direct p99; target: at most 1)
#   mirroring on / off, throughput and p99       (target: within 5%; median of per-round ratios)
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

# Starts a shadowscale-echo named NAME with the given options; prints its port.
start_echo() {
  local log="$work/echo-$1"
  shift
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

backend=$(start_echo backend --service-mean 0s --workers 1024 --queue 4096)
slow_shadow=$(start_echo slow-shadow --service-mean 1s --workers 4096 --queue 4096)
down_shadow=$(free_port)

nginx_port=$(free_port)
nginx_mirror_port=$(free_port)
nginx_mirror10_port=$(free_port)
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
  upstream slow_shadow { server 127.0.0.1:$slow_shadow; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
  # nginx's mirror module: every request copied to the shadow that answers after 1 s.
  server {
    listen 127.0.0.1:$nginx_mirror_port;
    location / {
      mirror /mirror;
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
    location = /mirror {
      internal;
      proxy_pass http://slow_shadow\$request_uri;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
  # The same with 10% of requests copied, as the shadowscale runs mirror.
  split_clients "\${request_id}" \$mirror_pick { 10% "1"; * ""; }
  server {
    listen 127.0.0.1:$nginx_mirror10_port;
    location / {
      mirror /mirror;
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
    location = /mirror {
      internal;
      if (\$mirror_pick = "") { return 204; }
      proxy_pass http://slow_shadow\$request_uri;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
pids+=("$nginx_pid")
wait_port "$nginx_port"
wait_port "$nginx_mirror_port"
wait_port "$nginx_mirror10_port"

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

# CPU time (user and system, in clock ticks) the given processes have used so far.
cpu_ticks() {
  local t=0 p
  for p in "$@"; do
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
  done
  echo "$t"
}

# The processes of the server on a port: nginx's master and workers, or one process.
server_pids() {
  case "$1" in
    "$nginx_port" | "$nginx_mirror_port" | "$nginx_mirror10_port")
      echo "$nginx_pid" $(cat /proc/"$nginx_pid"/task/*/children) ;;
    "$backend") cat "$work/echo-backend.pid" ;;
    "$proxy_plain") cat "$work/plain.pid" ;;
    "$proxy_slow") cat "$work/mirror-slow.pid" ;;
    "$proxy_down") cat "$work/mirror-down.pid" ;;
  esac
}

# Runs wrk against a port; prints "requests_per_second p99_ms cpu_us_per_request".
measure() {
  local -a spids
  read -r -a spids < <(server_pids "$1")
  local before after
  before=$(cpu_ticks "${spids[@]}")
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$1/bench" 2>/dev/null >"$work/wrk-$1.out"
  after=$(cpu_ticks "${spids[@]}")
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
      / requests in / { n = $1 }
      /Requests\/sec:/ { rps = $2 }
      /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
                 else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                 else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
                 p99 = v }
      END { printf "%.0f %.3f %.1f\n", rps, p99, (n > 0 ? ticks / hz * 1e6 / n : 0) }' "$work/wrk-$1.out"
}

names=(direct nginx shadowscale mirror-slow mirror-down nginx-mirror nginx-mirror10)
ports=("$backend" "$nginx_port" "$proxy_plain" "$proxy_slow" "$proxy_down" "$nginx_mirror_port"
  "$nginx_mirror10_port")
# Warm-up: fills connection pools and caches.
for p in "${ports[@]}"; do wrk -t1 -c"$connections" -d1s "http://127.0.0.1:$p/bench" >/dev/null 2>&1; done

echo "bench-proxy: $rounds rounds of ${seconds}s, wrk 1 thread $connections connections, $workers worker(s) each, on $(nproc) cores"
for r in $(seq 1 "$rounds"); do
  for i in "${!names[@]}"; do
    read -r rps p99 cpu < <(measure "${ports[$i]}")
    echo "${names[$i]} $rps $p99 $cpu" >>"$work/results"
    printf 'round %d  %-12s %9s req/s  p99 %8s ms  cpu %6s us/req\n' "$r" "${names[$i]}" "$rps" "$p99" "$cpu"
  done
done

# Mirroring on and off at the same time: wrk loads `shadowscale proxy` without mirroring and one
# with it side by side, so whatever else the machine does hits both alike at every moment; the
# two share the cores, and the one that spends more per request serves fewer.
echo "side by side: mirroring off and on loaded at once"
for r in $(seq 1 "$rounds"); do
  for n in mirror-slow mirror-down; do
    port=$proxy_slow
    [[ $n == mirror-down ]] && port=$proxy_down
    measure "$proxy_plain" >"$work/pair-off" &
    measure_pid=$!
    read -r rps p99 cpu < <(measure "$port" 2>/dev/null)
    wait "$measure_pid"
    read -r off_rps off_p99 off_cpu <"$work/pair-off"
    echo "$n $off_rps $off_p99 $off_cpu $rps $p99 $cpu" >>"$work/pairs"
    printf 'round %d  %-12s off %9s req/s  p99 %8s ms   on %9s req/s  p99 %8s ms\n' "$r" "$n" \
      "$off_rps" "$off_p99" "$rps" "$p99"
  done
done

python3 - "$work/results" "$work/pairs" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, rps, p99, cpu = line.split()
    rows.setdefault(name, []).append((float(rps), float(p99), float(cpu)))
med = {n: tuple(statistics.median(r[k] for r in v) for k in range(3)) for n, v in rows.items()}
print("\nmedians (cpu: of the server in front, per request)")
for n in ["direct", "nginx", "shadowscale", "mirror-slow", "mirror-down", "nginx-mirror",
          "nginx-mirror10"]:
    print(f"  {n:14s} {med[n][0]:10.0f} req/s  p99 {med[n][1]:9.3f} ms  cpu {med[n][2]:6.1f} us/req")
d, ng, ss = med["direct"], med["nginx"], med["shadowscale"]
added_ng, added_ss = ng[1] - d[1], ss[1] - d[1]
print("ratios")
print(f"  throughput shadowscale / nginx          {ss[0] / ng[0]:.3f}  (target >= 1)")
print(f"  added p99 shadowscale / nginx           {added_ss / added_ng if added_ng > 0 else float('nan'):.3f}"
      f"  ({added_ss:.3f} ms vs {added_ng:.3f} ms; target <= 1)")
print(f"  cpu per request shadowscale / nginx     {ss[2] / ng[2]:.3f}")
# Mirroring on / off: the median over rounds of each round's ratio (the two ran a few seconds
# apart, so the load of the machine moved less between them than across the whole run).
def paired(n, k):
    return statistics.median(a[k] / b[k] for a, b in zip(rows[n], rows["shadowscale"]))
for n in ["mirror-slow", "mirror-down"]:
    print(f"  {n}: on / off (median of per-round ratios): throughput {paired(n, 0):.3f}"
          f"  p99 {paired(n, 1):.3f}  cpu per request {paired(n, 2):.3f}  (target within 0.95..1.05)")
pairs = {}
for line in open(sys.argv[2]):
    n, *v = line.split()
    pairs.setdefault(n, []).append([float(x) for x in v])
for n in ["mirror-slow", "mirror-down"]:
    v = pairs[n]
    print(f"  {n}: on / off loaded at once (median of {len(v)} rounds): throughput "
          f"{statistics.median(x[3] / x[0] for x in v):.3f}  p99 {statistics.median(x[4] / x[1] for x in v):.3f}"
          f"  (target within 0.95..1.05)")
for n, what in [("nginx-mirror", "every request"), ("nginx-mirror10", "10%")]:
    m = med[n]
    print(f"  reference: nginx mirror of {what} to the 1 s shadow / nginx: throughput "
          f"{m[0] / ng[0]:.4f} ({m[0]:.0f} req/s), p99 {m[1]:.0f} ms")
EOF
