#!/usr/bin/env bash
# Two builds of the proxy side by side, alternating, on the plain-TCP path: new connections per second
# (wrk, Connection: close, -c20) and kept-alive requests per second (-c50) through each, in front of
# the same nginx. On a shared machine the spread between runs is wider than a small change; taking
# both builds in turns, in one run, is what says whether a change made the path slower.
#
#   scripts/bench/proxy-ab.sh OLD_JAR NEW_JAR [PAIRS=5] [SECONDS=5]
#
# Build the old jar from a commit elsewhere, e.g.
#   git archive BASE | tar -x -C /tmp/base && (cd /tmp/base && mvn -B -q -pl proxy -am package -DskipTests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
old=${1:?usage: $0 OLD_JAR NEW_JAR [PAIRS] [SECONDS]}; new=${2:?usage: $0 OLD_JAR NEW_JAR [PAIRS] [SECONDS]}
pairs=${3:-5}; secs=${4:-5}
for tool in wrk nginx python3; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || { echo "proxy-ab: $tool is missing" >&2; exit 2; }
done
export PATH="$PATH:/usr/sbin"
ulimit -n 20000
work=$(mktemp -d /tmp/proxy-ab.XXXXXX); chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 400); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "proxy-ab: port $1 never opened" >&2; exit 1; }

http=$(free_port); declare -A port=([old]=$(free_port) [new]=$(free_port)) jar=([old]=$old [new]=$new)
mkdir -p "$work/www" "$work/nginx"
head -c 600 /dev/zero | tr '\0' 'x' > "$work/www/small.txt"
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 19000; }
http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:$http backlog=4096; root $work/www; } }
NGINX
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' & pids+=($!)
for b in old new; do
  LEAK_AUDIT_PROXY_JAR="${jar[$b]}" proxy/bin/leak-audit-proxy --listen "${port[$b]}" --target "127.0.0.1:$http" >"$work/$b.log" 2>&1 & pids+=($!)
done
wait_port "$http"; wait_port "${port[old]}"; wait_port "${port[new]}"
echo 'wrk.headers["Connection"] = "close"' > "$work/close.lua"
rate() { # wrk output -> Requests/sec, refusing error pages
  local out; out=$(cat)
  if grep -q "Non-2xx" <<<"$out"; then echo "proxy-ab: error responses: $(grep Non-2xx <<<"$out")" >&2; exit 1; fi
  awk '/^Requests\/sec/{print $2}' <<<"$out"
}
for b in old new; do # the same warm-up for both JVMs
  wrk -t2 -c50 -d8s "http://127.0.0.1:${port[$b]}/small.txt" | rate >/dev/null
  wrk -t2 -c20 -d6s -s "$work/close.lua" "http://127.0.0.1:${port[$b]}/small.txt" | rate >/dev/null
done
declare -A close keep
for i in $(seq 1 "$pairs"); do
  for b in old new; do
    close[$b]+="$(wrk -t2 -c20 -d"${secs}s" -s "$work/close.lua" "http://127.0.0.1:${port[$b]}/small.txt" | rate) "
    keep[$b]+="$(wrk -t2 -c50 -d"${secs}s" "http://127.0.0.1:${port[$b]}/small.txt" | rate) "
  done
done
python3 - "${close[old]}" "${close[new]}" "${keep[old]}" "${keep[new]}" "$pairs" "$secs" <<'PY'
import statistics, sys
co, cn, ko, kn = ([float(x) for x in a.split()] for a in sys.argv[1:5])
print(f"proxy-ab: {sys.argv[5]} alternating pairs of {sys.argv[6]} s, medians (all samples in brackets)")
for name, o, n in (("new connections/s (Connection: close)", co, cn), ("kept-alive requests/s", ko, kn)):
    mo, mn = statistics.median(o), statistics.median(n)
    print(f"{name:<40} old {mo:>10.0f}  new {mn:>10.0f}  new/old {mn / mo:.2f}x   [{' '.join(f'{x:.0f}' for x in o)}] [{' '.join(f'{x:.0f}' for x in n)}]")
PY
