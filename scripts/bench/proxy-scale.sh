#!/usr/bin/env bash
# Scale: IDLE connections held idle on an SNI port (one descriptor each in the proxy, no buffer)
# plus FORWARDED connections through a plain port (two each), all held, then closed; afterwards the
# proxy's connection map, per-IP and per-route tables and timer queue must be empty. The proxy and
# the clients run in two JVMs so that each stays under the descriptor limit.
# usage: scripts/bench/proxy-scale.sh [IDLE=10000] [FORWARDED=3000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$repo/proxy/target/leak-audit-proxy.jar"
tests="$repo/proxy/target/test-classes"
[ -f "$jar" ] && [ -d "$tests" ] || { echo "proxy-scale: build the proxy first (mvn -B -pl proxy -am package)" >&2; exit 2; }
idle="${1:-10000}"; forwarded="${2:-3000}"
ulimit -n "$(ulimit -Hn)"
need=$((idle + 2 * forwarded + 200))
[ "$(ulimit -n)" -ge "$need" ] || { echo "proxy-scale: needs ulimit -n >= $need (hard limit $(ulimit -Hn))" >&2; exit 2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"; [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null || true' EXIT
javac -d "$work" -cp "$jar:$tests" "$here/ProxyStress.java"
cp="$work:$jar:$tests"
mkfifo "$work/out"
java -Xmx512m -Djava.util.logging.config.file=/dev/null -cp "$cp" ProxyStress serve $((idle + forwarded)) > "$work/out" &
serve_pid=$!
exec 3< "$work/out"
read -r _ sni plain backend <&3
java -Xmx256m -cp "$cp" ProxyStress hold "$sni" "$plain" "$backend" "$idle" "$forwarded"
cat <&3
wait "$serve_pid"
