#!/usr/bin/env bash
# Benchmark: thread and timer auditing. A timer schedule+cancel loop and a thread start+join loop
# (platform; virtual too on JDK 21+), with and without the agent, alternating JVMs in the same run;
# prints each figure and the ratios of medians (target: at most 1.10x). With the agent, the loops run
# inside a test scope (opened through the agent's runtime), so every timer and thread is recorded,
# at a JUnit-like stack depth. Wall time is what a suite feels; CPU time of the loop thread is steadier.
# usage: scripts/bench/tasks-bench.sh [PAIRS] [TIMER_OPS] [THREAD_OPS] [DEPTH]
#        (needs the packaged agent: AGENT_JAR=... or agent/target/leak-audit-agent.jar)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
agent="${AGENT_JAR:-$repo/agent/target/leak-audit-agent.jar}"
pairs="${1:-5}"
timer_ops="${2:-100000}"
thread_ops="${3:-2000}"
depth="${4:-60}"
[ -f "$agent" ] || { echo "tasks-bench: build the agent first (mvn -B -pl agent -am package -DskipTests)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -d "$work" "$repo/agent/src/test/java/dev/leakaudit/bench/TaskBench.java"

run() { java "$@" -cp "$work" dev.leakaudit.bench.TaskBench "$timer_ops" "$thread_ops" 5 "$depth" 2>/dev/null \
          | awk '/ns-per-op/ {print $1, $3, $5}'; }
: > "$work/base"; : > "$work/agent"
echo "java: $(java -version 2>&1 | head -1); pairs $pairs, $timer_ops timer ops, $thread_ops thread ops, depth $depth"
for i in $(seq 1 "$pairs"); do
  run >> "$work/base"
  run "-javaagent:$agent=destdir=$work/reports,linger=0,jfr=false" >> "$work/agent"
  echo "pair $i done"
done
for name in $(awk '{print $1}' "$work/base" | sort -u); do
  for col in 2 3; do
    kind=$([ "$col" = 2 ] && echo wall || echo cpu)
    mb=$(awk -v n="$name" -v c="$col" '$1 == n {print $c}' "$work/base" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    mw=$(awk -v n="$name" -v c="$col" '$1 == n {print $c}' "$work/agent" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    awk -v n="$name" -v k="$kind" -v b="$mb" -v w="$mw" 'BEGIN {
      printf "%-26s %s: median without agent %7d ns/op, with agent %7d ns/op: %.3fx\n", n, k, b, w, (b > 0 ? w / b : 0) }'
  done
done
