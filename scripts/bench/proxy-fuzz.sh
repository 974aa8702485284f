#!/usr/bin/env bash
# Fuzz: seeded hostile ClientHellos (random bytes, truncated/oversized records, huge/malformed SNI,
# thousands of extensions, tiny records, bit flips) through the parser, each parsed whole and split
# (at every byte for every 1000th), then through a real SNI port of a running proxy; then the same
# for hostile PROXY protocol v1/v2 headers (lying lengths, undefined versions/families, overrunning
# TLVs, wrong checksums, overlong lines) through their parser and a port whose client is a trusted
# upstream. Fails on any exception, split mismatch, hang, connection without a reason, or anything
# left in the proxy.
# usage: scripts/bench/proxy-fuzz.sh [PARSED=100000] [THROUGH_PORT=2000] [SEED=20261129]
# needs: mvn -B -pl proxy -am package -DskipTests=false (proxy/target/leak-audit-proxy.jar, test-classes)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$repo/proxy/target/leak-audit-proxy.jar"
tests="$repo/proxy/target/test-classes"
[ -f "$jar" ] && [ -d "$tests" ] || { echo "proxy-fuzz: build the proxy first (mvn -B -pl proxy -am package)" >&2; exit 2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
javac -d "$work" -cp "$jar:$tests" "$here/ProxyStress.java"
exec java -Xmx512m -Djava.util.logging.config.file=/dev/null -cp "$work:$jar:$tests" ProxyStress fuzz "${1:-100000}" "${2:-2000}" "${3:-20261129}"
