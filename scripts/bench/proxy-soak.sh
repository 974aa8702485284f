#!/usr/bin/env bash
# Soak: SECONDS of mixed traffic at a low steady rate (four long streams renewed every minute,
# 10 short request/response connections a second, 3 faulty peers a second: resets, clients that
# vanish, hostile ClientHellos), sampling open descriptors, threads and heap after GC every 10 s.
# Fails if any of them trends upward (last third of the samples against the first third) or if
# anything is left in the proxy afterwards.
# usage: scripts/bench/proxy-soak.sh [SECONDS=600]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$repo/proxy/target/leak-audit-proxy.jar"
tests="$repo/proxy/target/test-classes"
[ -f "$jar" ] && [ -d "$tests" ] || { echo "proxy-soak: build the proxy first (mvn -B -pl proxy -am package)" >&2; exit 2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
javac -d "$work" -cp "$jar:$tests" "$here/ProxyStress.java"
exec java -Xmx256m -Djava.util.logging.config.file=/dev/null -cp "$work:$jar:$tests" ProxyStress soak "${1:-600}"
