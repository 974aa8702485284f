#!/usr/bin/env bash
# Benchmark: time per loopback socket cycle (connect, accept, write one byte, close both) with and
# without the agent, alternating JVMs in the same run; prints each figure and the ratios of medians.
# Wall time is what a test suite feels; CPU time of the working thread is steadier on a busy machine.
# usage: scripts/bench/socket-cycle.sh [PAIRS] [CYCLES]   (needs agent/target/leak-audit-agent.jar)
#   PEER_AGENT  optional: a peer's -javaagent jar (e.g. lib-file-leak-detector's jar-with-dependencies),
#               run in the same alternation with its default options, for a ratio measured alike
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
agent="${AGENT_JAR:-$repo/agent/target/leak-audit-agent.jar}"
peer="${PEER_AGENT:-}"
[ -z "$peer" ] || [ -f "$peer" ] || { echo "socket-cycle: PEER_AGENT $peer is not a file" >&2; exit 2; }
pairs="${1:-5}"
cycles="${2:-5000}"
[ -f "$agent" ] || { echo "socket-cycle: build the agent first (mvn -B -pl agent -am package -DskipTests)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -d "$work" "$here/SocketCycleBench.java"

run() { java "$@" -cp "$work" SocketCycleBench "$cycles" "$cycles" 5 2>/dev/null | awk '/ns-per-cycle/ {print $2, $4}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$work/base"; : > "$work/agent"; : > "$work/withjfr"; : > "$work/peer"
for i in $(seq 1 "$pairs"); do
  b=$(run); w=$(run "-javaagent:$agent=destdir=$work/reports,linger=0")
  n=$(run "-javaagent:$agent=destdir=$work/reports,linger=0,jfr=true")
  echo "$b" >> "$work/base"; echo "$w" >> "$work/agent"; echo "$n" >> "$work/withjfr"
  line="pair $i (wall ns, cpu ns per cycle): without agent $b | with agent $w | with agent, jfr=true $n"
  if [ -n "$peer" ]; then
    p=$(run "-javaagent:$peer"); echo "$p" >> "$work/peer"; line="$line | peer $p"
  fi
  echo "$line"
done
for col in 1 2; do
  name=$([ "$col" = 1 ] && echo wall || echo cpu)
  mb=$(awk -v c="$col" '{print $c}' "$work/base" | median)
  mw=$(awk -v c="$col" '{print $c}' "$work/agent" | median)
  mn=$(awk -v c="$col" '{print $c}' "$work/withjfr" | median)
  awk -v n="$name" -v b="$mb" -v w="$mw" -v j="$mn" 'BEGIN {
    printf "%s: median without agent %d ns/cycle, with agent %d (%.3fx), with agent and jfr=true %d (%.3fx)\n", n, b, w, w/b, j, j/b }'
  if [ -n "$peer" ]; then
    mp=$(awk -v c="$col" '{print $c}' "$work/peer" | median)
    awk -v n="$name" -v b="$mb" -v p="$mp" 'BEGIN { printf "%s: peer agent %d ns/cycle (%.3fx)\n", n, p, p/b }'
  fi
done
