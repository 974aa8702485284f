#!/usr/bin/env bash
# Benchmark: start-up added by the agent to a hello-world JVM, alternating runs with and without it
# in one go; prints the medians and the difference: default options (every JVM after the first reads the
# woven classes from the advice cache, as every fork of a build after its first does), cache=off (every JVM
# weaves them, as the first JVM of a build does), and jfr=true (the agent's own recording).
# usage: scripts/bench/startup.sh [PAIRS]   (needs agent/target/leak-audit-agent.jar or AGENT_JAR)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
agent="${AGENT_JAR:-$repo/agent/target/leak-audit-agent.jar}"
pairs="${1:-7}"
[ -f "$agent" ] || { echo "startup: build the agent first (mvn -B -pl agent -am package -DskipTests)" >&2; exit 2; }
case "$pairs" in ''|*[!0-9]*) echo "startup: PAIRS must be a number, got '$pairs'" >&2; exit 2 ;; esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/Hello.java"
javac -d "$work" "$work/Hello.java"

seconds() { local s e; s=$(date +%s%N); java "$@" -cp "$work" Hello > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
: > "$work/base"; : > "$work/agent"; : > "$work/nocache"; : > "$work/withjfr"
for i in $(seq 1 "$pairs"); do
  seconds >> "$work/base"
  seconds "-javaagent:$agent=destdir=$work/reports" >> "$work/agent"
  seconds "-javaagent:$agent=destdir=$work/reports,cache=off" >> "$work/nocache"
  seconds "-javaagent:$agent=destdir=$work/reports,jfr=true" >> "$work/withjfr"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
b=$(median < "$work/base"); a=$(median < "$work/agent"); c=$(median < "$work/nocache"); n=$(median < "$work/withjfr")
echo "hello world, median of $pairs on $(java -version 2>&1 | head -1): without agent $b ms, with agent $a ms (+$((a - b)) ms; cache=off, as a build's first JVM, $c ms, +$((c - b)) ms), with agent and jfr=true $n ms (+$((n - b)) ms)"
