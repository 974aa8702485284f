#!/usr/bin/env bash
# Benchmark: time per loopback socket cycle (connect, accept, write one byte, close both) with and
# without the agent, alternating JVMs in the same run; prints each figure and the ratio of medians.
# usage: scripts/bench/socket-cycle.sh [PAIRS] [CYCLES]   (needs agent/target/leak-audit-agent.jar)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
agent="${AGENT_JAR:-$repo/agent/target/leak-audit-agent.jar}"
pairs="${1:-5}"
cycles="${2:-5000}"
[ -f "$agent" ] || { echo "socket-cycle: build the agent first (mvn -B -pl agent package -DskipTests)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -d "$work" "$here/SocketCycleBench.java"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=(); with=(); nojfr=()
for i in $(seq 1 "$pairs"); do
  b=$(java -cp "$work" SocketCycleBench "$cycles" "$cycles" 5 | awk '/ns-per-cycle/ {print $2}')
  w=$(java "-javaagent:$agent=destdir=$work/reports,linger=0" -cp "$work" SocketCycleBench "$cycles" "$cycles" 5 2>/dev/null \
      | awk '/ns-per-cycle/ {print $2}')
  n=$(java "-javaagent:$agent=destdir=$work/reports,linger=0,jfr=false" -cp "$work" SocketCycleBench "$cycles" "$cycles" 5 2>/dev/null \
      | awk '/ns-per-cycle/ {print $2}')
  echo "pair $i: without agent ${b} ns/cycle, with agent ${w} ns/cycle, with agent and jfr=false ${n} ns/cycle"
  base+=("$b"); with+=("$w"); nojfr+=("$n")
done
mb=$(printf '%s\n' "${base[@]}" | median)
mw=$(printf '%s\n' "${with[@]}" | median)
mn=$(printf '%s\n' "${nojfr[@]}" | median)
echo "median without agent: ${mb} ns/cycle; with agent: ${mw} ns/cycle; with agent, jfr=false: ${mn} ns/cycle"
awk -v b="$mb" -v w="$mw" -v n="$mn" 'BEGIN {printf "ratio with/without agent: %.3fx (jfr=false: %.3fx)\n", w/b, n/b}'
