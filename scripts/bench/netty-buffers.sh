#!/usr/bin/env bash
# Benchmark: the cost of the bytebuf kind on Netty's buffer hot path (allocate a pooled direct
# buffer, hand a retained slice through a three-handler pipeline, release), beside Netty's own leak
# detector, alternating JVMs in the same run. Baseline: Netty's detector disabled. Prints each
# figure and the ratios of medians against the baseline.
# usage: scripts/bench/netty-buffers.sh [PAIRS] [MESSAGES_PER_ROUND]   (needs agent/target/leak-audit-agent.jar)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
agent="${AGENT_JAR:-$repo/agent/target/leak-audit-agent.jar}"
pairs="${1:-5}"
messages="${2:-200000}"
[ -f "$agent" ] || { echo "netty-buffers: build the agent first (mvn -B -pl agent -am package -DskipTests)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Netty as the agent's tests use it (version pinned in the parent pom).
(cd "$repo" && mvn -B -q -pl agent dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null) || { echo "netty-buffers: could not resolve Netty with Maven" >&2; exit 2; }
netty="$(tr ':' '\n' < "$work/cp.txt" | grep '/io/netty/' | paste -sd: -)"
[ -n "$netty" ] || { echo "netty-buffers: no Netty jars on the agent's test class path" >&2; exit 2; }
javac -d "$work" -cp "$netty" "$here/NettyBufferBench.java"

run() { java "$@" -cp "$netty:$work" NettyBufferBench "$messages" 5 5 2>/dev/null | awk '/ns-per-message/ {print $2, $4}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
names=(disabled simple paranoid agent)
for n in "${names[@]}"; do : > "$work/$n"; done
for i in $(seq 1 "$pairs"); do
  d=$(run -Dio.netty.leakDetection.level=disabled); echo "$d" >> "$work/disabled"
  s=$(run); echo "$s" >> "$work/simple"
  p=$(run -Dio.netty.leakDetection.level=paranoid); echo "$p" >> "$work/paranoid"
  a=$(run "-javaagent:$agent=destdir=$work/reports,linger=0"); echo "$a" >> "$work/agent"
  echo "round $i (wall ns, cpu ns per message): Netty detector disabled $d | Netty default (simple) $s | Netty paranoid $p | leak-audit (Netty default) $a"
done
for col in 1 2; do
  name=$([ "$col" = 1 ] && echo wall || echo cpu)
  md=$(awk -v c="$col" '{print $c}' "$work/disabled" | median)
  ms=$(awk -v c="$col" '{print $c}' "$work/simple" | median)
  mp=$(awk -v c="$col" '{print $c}' "$work/paranoid" | median)
  ma=$(awk -v c="$col" '{print $c}' "$work/agent" | median)
  awk -v n="$name" -v d="$md" -v s="$ms" -v p="$mp" -v a="$ma" 'BEGIN {
    printf "%s: median ns/message: detector disabled %d, Netty default %d (%.2fx), Netty paranoid %d (%.2fx), leak-audit %d (%.2fx)\n", n, d, s, s/d, p, p/d, a, a/d }'
done
