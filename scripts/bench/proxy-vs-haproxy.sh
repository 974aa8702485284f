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
# TLS (TLS=1, the default; TLS=0 leaves it out, TLS=only measures nothing else): both proxies
# terminate TLS with the same certificates (ECDSA P-256 and RSA 2048, made here with openssl) in front
# of the same nginx, HAProxy with "ssl crt ... no-tls-tickets", ours with a "terminate" route per
# certificate and -Djdk.tls.server.enableSessionTicketExtension=false. Measured, alternating as above:
# full TLS 1.3 handshakes per second on new connections (one "openssl s_time -new -tls1_3" client per
# core, no session reuse) and the proxy's CPU per handshake; bulk throughput through a terminated
# connection (wrk fetching a 64 MiB file over kept-alive TLS, 1 and 4 connections); and, on fresh
# instances, memory per idle TLS connection (handshake done, nothing sent).
#
# Installs haproxy, wrk, iperf3 and nginx-light from Debian's packages where missing.
# Environment: PROXY_JAR (default proxy/target/leak-audit-proxy.jar), JAVA (default java),
# PROXY_JAVA_OPTS (more JVM options for our proxy, passed on by the launcher),
# IDLE_COUNTS (default "1000 9000": a proxied connection takes two descriptors, so 9,000 is near
# the most that fit in the 20,000-descriptor limit every process here runs under), WARMUP (default 10),
# TLS (default 1), IDLE_TLS_COUNTS (default "1000 4000").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

rounds=${1:-3}
secs=${2:-8}
warmup=${WARMUP:-10}
idle_counts=${IDLE_COUNTS:-"1000 9000"}
tls=${TLS:-1}
idle_tls_counts=${IDLE_TLS_COUNTS:-"1000 4000"}
case "$tls" in 0|1|only) ;; *) echo "proxy-vs-haproxy: TLS must be 0, 1 or only" >&2; exit 2;; esac
jar=${PROXY_JAR:-proxy/target/leak-audit-proxy.jar}
java_cmd=${JAVA:-java}
case "$rounds$secs" in *[!0-9]*) echo "usage: $0 [ROUNDS] [SECONDS]" >&2; exit 2;; esac
[ -f "$jar" ] || { echo "proxy-vs-haproxy: $jar not found: build it first (mvn -B -pl proxy -am package -DskipTests)" >&2; exit 2; }

need=()
for tool in haproxy:haproxy wrk:wrk iperf3:iperf3 nginx:nginx-light python3:python3 openssl:openssl; do
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
# nginx's workers run as nobody: they must be able to read the files (mktemp makes the folder 0700,
# and every request then got a 403 page instead of the file).
chmod 755 "$work"
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
head -c 64M /dev/zero > "$work/www/big.bin"
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
# wrk, refusing figures made of error pages: every response must be the file asked for.
wrk() {
  local out
  out=$(command wrk "$@")
  if grep -q "Non-2xx" <<<"$out"; then
    echo "proxy-vs-haproxy: wrk $* got error responses: $(grep Non-2xx <<<"$out")" >&2
    exit 1
  fi
  printf '%s\n' "$out"
}
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }

cat > "$work/close.lua" <<'EOF'
wrk.headers["Connection"] = "close"
EOF
cat > "$work/paced.lua" <<'EOF'
-- each connection waits 10 ms between requests: 20 connections give about 2,000 requests/s
function delay() return 10 end
EOF

plain_rounds=$rounds; plain_idle_counts=$idle_counts
if [ "$tls" = only ]; then plain_rounds=0; plain_idle_counts=""; fi
[ "$plain_rounds" -gt 0 ] && echo "warm-up: ${warmup}s of wrk through each proxy"
for p in ours haproxy; do
  [ "$plain_rounds" -gt 0 ] || break
  wrk -t2 -c50 -d"${warmup}s" "$(url $p)" >/dev/null
  wrk -t2 -c20 -d"$((warmup / 2 + 1))s" -s "$work/close.lua" "$(url $p)" >/dev/null
done

declare -A samples
add() { samples["$1|$2"]+="$3 "; }

wrk_rate() { awk '/^Requests\/sec/{print $2}'; }
for round in $(seq 1 "$plain_rounds"); do
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
for n in $plain_idle_counts; do
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
if [ "$tls" != only ]; then
  add "resident memory after the run (MB)" ours "$(( $(rss_kb "$ours_http_pid") / 1024 ))"
  add "resident memory after the run (MB)" haproxy "$(( $(rss_kb "$ha_pid") / 1024 ))"
fi

# --- TLS termination ----------------------------------------------------------------------------
if [ "$tls" != 0 ]; then
  mkdir -p "$work/tls"
  for kind in ec rsa; do
    case $kind in ec) newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256);; rsa) newkey=(-newkey rsa:2048);; esac
    openssl req -x509 "${newkey[@]}" -nodes -keyout "$work/tls/$kind.key" -out "$work/tls/$kind.crt" -days 7 \
      -subj /CN=bench.example.com -addext subjectAltName=DNS:bench.example.com 2>/dev/null
    cat "$work/tls/$kind.crt" "$work/tls/$kind.key" > "$work/tls/$kind.pem" # HAProxy's form; ours reads it too
  done
  # Ours: a terminating route per certificate; HAProxy: a frontend per certificate, the same backend.
  tls_config() { # FILE KIND:PORT...
    local file=$1; shift
    local routes="" spec
    for spec in "$@"; do
      routes+="${routes:+,}{\"name\":\"${spec%%:*}\",\"match\":{\"ports\":${spec#*:}},\"action\":{\"type\":\"forward\",\"target\":\"127.0.0.1:$http_port\"},"
      routes+="\"tls\":{\"mode\":\"terminate\",\"certificates\":[{\"cert\":\"$work/tls/${spec%%:*}.pem\"}],\"alpn\":[\"http/1.1\"]}}"
    done
    printf '{"routes":[%s]}\n' "$routes" > "$file"
  }
  haproxy_tls_config() { # KIND:PORT...
    printf 'global\n  maxconn 9950\n  nbthread %s\ndefaults\n  mode tcp\n  timeout connect 5s\n' "$cores"
    printf '  timeout client 10m\n  timeout server 10m\n'
    local spec
    for spec in "$@"; do
      printf 'frontend %s_in\n  bind 127.0.0.1:%s ssl crt %s alpn http/1.1 no-tls-tickets\n  default_backend web\n' \
        "${spec%%:*}" "${spec#*:}" "$work/tls/${spec%%:*}.pem"
    done
    printf 'backend web\n  server s1 127.0.0.1:%s\n' "$http_port"
  }
  # Run in the background, so in a subshell: the export stays there.
  ours_tls() { export PROXY_JAVA_OPTS="-Djdk.tls.server.enableSessionTicketExtension=false ${PROXY_JAVA_OPTS:-}"; ours "$@"; }
  declare -A tls_port tls_pid
  tls_port[ours:ec]=$(free_port); tls_port[ours:rsa]=$(free_port); tls_port[haproxy:ec]=$(free_port); tls_port[haproxy:rsa]=$(free_port)
  tls_config "$work/tls/ours.json" "ec:${tls_port[ours:ec]}" "rsa:${tls_port[ours:rsa]}"
  ours_tls --config "$work/tls/ours.json" >"$work/ours-tls.log" 2>&1 & tls_pid[ours]=$!; pids+=($!)
  haproxy_tls_config "ec:${tls_port[haproxy:ec]}" "rsa:${tls_port[haproxy:rsa]}" > "$work/haproxy-tls.cfg"
  haproxy -f "$work/haproxy-tls.cfg" -db >"$work/haproxy-tls.log" 2>&1 & tls_pid[haproxy]=$!; pids+=($!)
  for key in "${!tls_port[@]}"; do wait_port "${tls_port[$key]}" "$key TLS"; done

  # One sequential s_time client per core, each connection new and a full handshake.
  handshakes() { # PORT SECONDS -> handshakes per second, summed over the clients
    local port=$1 t=$2 start end clients=()
    start=$(date +%s.%N)
    for i in $(seq 1 "$cores"); do
      openssl s_time -connect "127.0.0.1:$port" -new -tls1_3 -time "$t" >"$work/s_time.$i" 2>/dev/null & clients+=($!)
    done
    wait "${clients[@]}" 2>/dev/null || true
    end=$(date +%s.%N)
    cat "$work"/s_time.* | awk -v s="$start" -v e="$end" '/real seconds/{n+=$1} END{printf "%.1f\n", n/(e-s)}'
  }
  gbits() { # wrk output -> its Transfer/sec in Gbit/s
    awk '/^Transfer\/sec/{v=$2; u=substr(v,length(v)-1); n=v+0; m=(u=="GB")?1073741824:(u=="MB")?1048576:(u=="KB")?1024:1; printf "%.2f\n", n*m*8/1e9}'
  }
  big() { echo "https://127.0.0.1:${tls_port[$1:ec]}/big.bin"; }

  [ "$rounds" -gt 0 ] && echo "TLS warm-up: handshakes and bulk through each proxy, ${warmup}s each"
  for p in ours haproxy; do
    [ "$rounds" -gt 0 ] || break
    for kind in ec rsa; do handshakes "${tls_port[$p:$kind]}" "$warmup" >/dev/null; done
    wrk -t1 -c2 -d"${warmup}s" "$(big $p)" >/dev/null
  done
  for round in $(seq 1 "$rounds"); do
    echo "TLS round $round of $rounds"
    for p in ours haproxy; do
      for kind in ec rsa; do
        before=$(cpu_ticks "${tls_pid[$p]}")
        start=$(date +%s.%N)
        rate=$(handshakes "${tls_port[$p:$kind]}" "$secs")
        end=$(date +%s.%N)
        after=$(cpu_ticks "${tls_pid[$p]}")
        name=$([ "$kind" = ec ] && echo "ECDSA P-256" || echo "RSA 2048")
        add "TLS 1.3 full handshakes/s, $name" $p "$rate"
        add "proxy CPU per handshake, $name (us)" $p \
          "$(python3 -c "print(round(($after-$before)*1e6/$(getconf CLK_TCK)/max(1.0, $rate*($end-$start)), 1))")"
      done
      out=$(wrk -t1 -c1 -d"${secs}s" "$(big $p)")
      add "TLS bulk, 1 connection (Gbit/s)" $p "$(gbits <<<"$out")"
      out=$(wrk -t2 -c4 -d"${secs}s" "$(big $p)")
      add "TLS bulk, 4 connections (Gbit/s)" $p "$(gbits <<<"$out")"
    done
  done

  # Idle TLS connections (handshake done, nothing sent), on fresh instances as for plain connections.
  cat > "$work/hold_tls.py" <<'EOF'
import socket, ssl, sys, time
port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
held = []
for _ in range(count):
    held.append(ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="bench.example.com"))
print("held", len(held), flush=True)
time.sleep(seconds)
EOF
  declare -A idle_tls_port idle_tls_pid
  for n in $idle_tls_counts; do
    idle_tls_port[ours]=$(free_port); idle_tls_port[haproxy]=$(free_port)
    tls_config "$work/tls/ours-idle.json" "ec:${idle_tls_port[ours]}"
    ours_tls --config "$work/tls/ours-idle.json" >"$work/ours-idle-tls.log" 2>&1 & idle_tls_pid[ours]=$!; pids+=($!)
    haproxy_tls_config "ec:${idle_tls_port[haproxy]}" > "$work/haproxy-idle-tls.cfg"
    haproxy -f "$work/haproxy-idle-tls.cfg" -db >"$work/haproxy-idle-tls.log" 2>&1 & idle_tls_pid[haproxy]=$!; pids+=($!)
    wait_port "${idle_tls_port[ours]}" "our proxy (TLS)"; wait_port "${idle_tls_port[haproxy]}" "haproxy (TLS)"
    sleep 1
    for p in ours haproxy; do
      base=$(rss_kb "${idle_tls_pid[$p]}")
      add "resident memory of a fresh TLS instance (MB)" $p "$((base / 1024))"
      python3 "$work/hold_tls.py" "${idle_tls_port[$p]}" "$n" 60 >"$work/hold.out" 2>&1 & holder=$!
      for _ in $(seq 1 900); do [ "$(backend_conns)" -ge "$n" ] && break; sleep 0.1; done
      reached=$(backend_conns)
      sleep 1
      now=$(rss_kb "${idle_tls_pid[$p]}")
      kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true
      add "memory per idle TLS connection at $n (KB)" $p "$(python3 -c "print(round(($now-$base)/$reached, 2) if $reached else 'nan')")"
      add "idle TLS connections reaching the backend, of $n" $p "$reached"
      for _ in $(seq 1 100); do [ "$(backend_conns)" -le 0 ] && break; sleep 0.1; done
    done
    kill "${idle_tls_pid[ours]}" "${idle_tls_pid[haproxy]}" 2>/dev/null || true
    wait "${idle_tls_pid[ours]}" "${idle_tls_pid[haproxy]}" 2>/dev/null || true
  done
  add "resident memory after the TLS run (MB)" ours "$(( $(rss_kb "${tls_pid[ours]}") / 1024 ))"
  add "resident memory after the TLS run (MB)" haproxy "$(( $(rss_kb "${tls_pid[haproxy]}") / 1024 ))"
fi

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
