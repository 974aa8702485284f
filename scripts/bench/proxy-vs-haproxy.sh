#!/usr/bin/env bash
# The proxy against HAProxy, side by side in one run, on loopback.
#
#   scripts/bench/proxy-vs-haproxy.sh [ROUNDS] [SECONDS]      (defaults: 3 rounds, 8 s per measurement;
#                                                             ROUNDS 0: only the idle-connection figures)
#
# Starts nginx (small file) and iperf3 as backends, then our proxy with its defaults, through its
# launcher (proxy/bin/leak-audit-proxy --listen P --target H:P, one instance per backend; the
# launcher adds its JVM options) and HAProxy 2.x in TCP mode with the
# same number of threads as our event loops. Every measurement runs alternately for both
# proxies, ROUNDS times; the table gives medians and the ratio ours/HAProxy. Both proxies get
# the same warm-up (a wrk run of WARMUP seconds) before the first round, which is what lets
# the JVM compile its hot paths before anything is measured.
#
# Installs haproxy, wrk, iperf3 and nginx-light from Debian's packages where missing.
# Environment: PROXY_JAR (default proxy/target/leak-audit-proxy.jar), JAVA (default java),
# PROXY_JAVA_OPTS (more JVM options for our proxy, passed on by the launcher),
# IDLE_COUNTS (default "1000 9000": a proxied connection takes two descriptors, so 9,000 is near
# the most that fit in the 20,000-descriptor limit every process here runs under), WARMUP (default 10).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

rounds=${1:-3}
secs=${2:-8}
warmup=${WARMUP:-10}
idle_counts=${IDLE_COUNTS:-"1000 9000"}
jar=${PROXY_JAR:-proxy/target/leak-audit-proxy.jar}
java_cmd=${JAVA:-java}
case "$rounds$secs" in *[!0-9]*) echo "usage: $0 [ROUNDS] [SECONDS]" >&2; exit 2;; esac
[ -f "$jar" ] || { echo "proxy-vs-haproxy: $jar not found: build it first (mvn -B -pl proxy -am package -DskipTests)" >&2; exit 2; }

need=()
for tool in haproxy:haproxy wrk:wrk iperf3:iperf3 nginx:nginx-light python3:python3; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"
# 20,000 descriptors for every process: the limit the idle-connection figures are taken under.
ulimit -n 20000 2>/dev/null || { echo "proxy-vs-haproxy: cannot set ulimit -n 20000 (hard limit $(ulimit -Hn))" >&2; exit 2; }
sysctl -qw net.ipv4.tcp_tw_reuse=1 2>/dev/null || true

work=$(mktemp -d /tmp/proxy-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # PORT WHAT
  for _ in $(seq 1 400); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "proxy-vs-haproxy: $2 never opened port $1" >&2; tail -n 5 "$work"/*.log "$work"/nginx/error.log >&2 2>/dev/null; exit 1
}

cores=$(nproc)
http_port=$(free_port); iperf_port=$(free_port)
ours_http=$(free_port); ours_iperf=$(free_port); ha_http=$(free_port); ha_iperf=$(free_port)

# --- backends -------------------------------------------------------------------------------
mkdir -p "$work/www" "$work/nginx"
head -c 600 /dev/zero | tr '\0' 'x' > "$work/www/small.txt"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 19000; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_header_timeout 120s;
  server { listen 127.0.0.1:$http_port backlog=4096; root $work/www; }
}
EOF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' & pids+=($!)
iperf3 -s -p "$iperf_port" -B 127.0.0.1 >/dev/null 2>&1 & pids+=($!)
wait_port "$http_port" nginx; wait_port "$iperf_port" iperf3

# --- the two proxies --------------------------------------------------------------------------
# The launcher execs java: the pid it starts with is the JVM's.
ours() { JAVA="$java_cmd" LEAK_AUDIT_PROXY_JAR="$jar" exec proxy/bin/leak-audit-proxy "$@"; }
ours --listen "$ours_http" --target "127.0.0.1:$http_port" >"$work/ours-http.log" 2>&1 & ours_http_pid=$!; pids+=($!)
ours --listen "$ours_iperf" --target "127.0.0.1:$iperf_port" >"$work/ours-iperf.log" 2>&1 & pids+=($!)
# HAProxy in TCP mode: frontends given as NAME:LISTEN_PORT:BACKEND_PORT.
haproxy_config() {
  printf 'global\n  maxconn 9950\n  nbthread %s\ndefaults\n  mode tcp\n  timeout connect 5s\n' "$cores"
  printf '  timeout client 10m\n  timeout server 10m\n'
  local spec name listen backend
  for spec in "$@"; do
    IFS=: read -r name listen backend <<<"$spec"
    printf 'frontend %s_in\n  bind 127.0.0.1:%s\n  default_backend %s_out\n' "$name" "$listen" "$name"
    printf 'backend %s_out\n  server s1 127.0.0.1:%s\n' "$name" "$backend"
  done
}
haproxy_config "http:$ha_http:$http_port" "iperf:$ha_iperf:$iperf_port" > "$work/haproxy.cfg"
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 & ha_pid=$!; pids+=($!)
wait_port "$ours_http" "our proxy"; wait_port "$ours_iperf" "our proxy"; wait_port "$ha_http" haproxy; wait_port "$ha_iperf" haproxy

declare -A port_http=([ours]=$ours_http [haproxy]=$ha_http)
declare -A port_iperf=([ours]=$ours_iperf [haproxy]=$ha_iperf)
declare -A pid_of=([ours]=$ours_http_pid [haproxy]=$ha_pid)
url() { echo "http://127.0.0.1:${port_http[$1]}/small.txt"; }

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }

cat > "$work/close.lua" <<'EOF'
wrk.headers["Connection"] = "close"
EOF
cat > "$work/paced.lua" <<'EOF'
-- each connection waits 10 ms between requests: 20 connections give about 2,000 requests/s
function delay() return 10 end
EOF

[ "$rounds" -gt 0 ] && echo "warm-up: ${warmup}s of wrk through each proxy"
for p in ours haproxy; do
  [ "$rounds" -gt 0 ] || break
  wrk -t2 -c50 -d"${warmup}s" "$(url $p)" >/dev/null
  wrk -t2 -c20 -d"$((warmup / 2 + 1))s" -s "$work/close.lua" "$(url $p)" >/dev/null
done

declare -A samples
add() { samples["$1|$2"]+="$3 "; }

wrk_rate() { awk '/^Requests\/sec/{print $2}'; }
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds"
  for p in ours haproxy; do
    for streams in 1 4; do
      gbit=$(iperf3 -c 127.0.0.1 -p "${port_iperf[$p]}" -t "$secs" -P "$streams" -J 2>/dev/null |
        python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9, 2))')
      add "throughput, $streams stream(s) (Gbit/s)" $p "$gbit"
    done

    before=$(cpu_ticks "${pid_of[$p]}")
    out=$(wrk -t2 -c50 -d"${secs}s" "$(url $p)")
    after=$(cpu_ticks "${pid_of[$p]}")
    rate=$(wrk_rate <<<"$out"); total=$(awk '/requests in/{print $1}' <<<"$out")
    add "kept-alive requests/s (wrk -c50)" $p "$rate"
    add "proxy CPU per kept-alive request (us)" $p "$(python3 -c "print(round(($after-$before)*1e6/$(getconf CLK_TCK)/$total, 2))")"

    out=$(wrk -t2 -c20 -d"${secs}s" -s "$work/close.lua" "$(url $p)")
    add "new connections/s (Connection: close)" $p "$(wrk_rate <<<"$out")"

    out=$(wrk -t2 -c20 -d"${secs}s" --latency -s "$work/paced.lua" "$(url $p)")
    add "paced ~2k req/s: p50 latency (ms)" $p "$(awk '$1=="50%"{v=$2; if (v ~ /us$/) v=v/1000; else if (v ~ /ms$/) v=v+0; else if (v ~ /s$/) v=v*1000; print v}' <<<"$out")"
    add "paced ~2k req/s: p99 latency (ms)" $p "$(awk '$1=="99%"{v=$2; if (v ~ /us$/) v=v/1000; else if (v ~ /ms$/) v=v+0; else if (v ~ /s$/) v=v*1000; print v}' <<<"$out")"
  done
done

# Idle connections: hold N connections through a proxy (nginx keeps them waiting for a request),
# and take the proxy's resident memory before and after, per connection. Each count gets a fresh
# instance of both proxies: after the load above a JVM's heap has already grown, and its resident
# memory would no longer move with the connections held.
cat > "$work/hold.py" <<'EOF'
import socket, sys, time
port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
held = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    held.append(s)
print("held", len(held), flush=True)
time.sleep(seconds)
EOF
backend_conns() { ss -Htn state established "( sport = :$http_port )" | wc -l; }
start_idle_proxies() {
  local ours_port ha_port
  ours_port=$(free_port); ha_port=$(free_port)
  ours --listen "$ours_port" --target "127.0.0.1:$http_port" >"$work/ours-idle.log" 2>&1 &
  idle_pid[ours]=$!; pids+=($!)
  haproxy_config "http:$ha_port:$http_port" > "$work/haproxy-idle.cfg"
  haproxy -f "$work/haproxy-idle.cfg" -db >"$work/haproxy-idle.log" 2>&1 &
  idle_pid[haproxy]=$!; pids+=($!)
  wait_port "$ours_port" "our proxy"; wait_port "$ha_port" haproxy
  idle_port[ours]=$ours_port; idle_port[haproxy]=$ha_port
  sleep 1
}
declare -A idle_pid idle_port
for n in $idle_counts; do
  start_idle_proxies
  for p in ours haproxy; do
    base=$(rss_kb "${idle_pid[$p]}")
    add "resident memory of a fresh instance (MB)" $p "$((base / 1024))"
    python3 "$work/hold.py" "${idle_port[$p]}" "$n" 30 >"$work/hold.out" 2>&1 & holder=$!
    for _ in $(seq 1 300); do [ "$(backend_conns)" -ge "$n" ] && break; sleep 0.1; done
    reached=$(backend_conns)
    sleep 1
    now=$(rss_kb "${idle_pid[$p]}")
    kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true
    # No connection through means nothing to divide by: "nan", not a flattering zero.
    add "memory per idle connection at $n (KB)" $p "$(python3 -c "print(round(($now-$base)/$reached, 2) if $reached else 'nan')")"
    add "idle connections reaching the backend, of $n" $p "$reached"
    for _ in $(seq 1 100); do [ "$(backend_conns)" -le 0 ] && break; sleep 0.1; done
  done
  kill "${idle_pid[ours]}" "${idle_pid[haproxy]}" 2>/dev/null || true
  wait "${idle_pid[ours]}" "${idle_pid[haproxy]}" 2>/dev/null || true
done
add "resident memory after the run (MB)" ours "$(( $(rss_kb "$ours_http_pid") / 1024 ))"
add "resident memory after the run (MB)" haproxy "$(( $(rss_kb "$ha_pid") / 1024 ))"

echo
echo "proxy-vs-haproxy: $rounds round(s) x ${secs}s, alternating, medians; $(haproxy -v | head -n 1 | cut -d' ' -f1-3); $("$java_cmd" -version 2>&1 | head -n 1); $cores cores"
echo "ours: proxy/bin/leak-audit-proxy, JVM options: $(sed -n 's/^exec .*java}" \(.*\) \${PROXY_JAVA_OPTS.*/\1/p' proxy/bin/leak-audit-proxy) ${PROXY_JAVA_OPTS:-}"
printf '%-48s %12s %12s %8s\n' measurement ours haproxy ratio
metrics=$(for k in "${!samples[@]}"; do echo "${k%|*}"; done | sort -u)
while IFS= read -r m; do
  python3 - "$m" "${samples[$m|ours]:-}" "${samples[$m|haproxy]:-}" <<'EOF'
import statistics, sys
m, a, b = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
ma, mb = statistics.median(a), statistics.median(b)
ratio = f"{ma / mb:.2f}x" if mb else "-"
print(f"{m:<48} {ma:>12g} {mb:>12g} {ratio:>8}")
EOF
done <<<"$metrics"
echo "(ratio = ours / HAProxy; higher is better for rates and throughput, lower for latency, CPU and memory)"
