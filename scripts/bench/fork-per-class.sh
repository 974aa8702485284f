#!/usr/bin/env bash
# Benchmark: a Maven project's tests with one JVM per test class (-DforkCount=1 -DreuseForks=false),
# with and without the agent, alternating runs in one go; prints each run's wall time, the medians,
# their ratio and the agent's cost per forked JVM. The project must already build offline (its
# dependencies fetched, its tests compiled); nothing is written into it but Surefire's reports.
#
# usage: scripts/bench/fork-per-class.sh PROJECT [PAIRS] [-- MAVEN_ARGS...]
#   PROJECT        a Maven project's folder (for example a checkout of jsoup)
#   PAIRS          runs of each kind, alternating (default 2)
#   MAVEN_ARGS     the project's own test arguments (default: -o test)
#   AGENT_JAR      agent under test (default agent/target/leak-audit-agent.jar)
#   AGENT_OPTIONS  agent options (default none: the agent's defaults)
#
# Both sides fork through the same small launcher script (Surefire's -Djvm), one adding the agent in
# front of the project's own argLine, so the launcher's cost is on both sides.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ $# -ge 1 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
project="$(cd "$1" && pwd)"; shift
pairs=2
if [ $# -ge 1 ] && [ "$1" != "--" ]; then pairs="$1"; shift; fi
[ $# -eq 0 ] || { [ "$1" = "--" ] && shift; }
maven_args=("$@"); [ ${#maven_args[@]} -gt 0 ] || maven_args=(-o test)
agent="${AGENT_JAR:-$repo/agent/target/leak-audit-agent.jar}"
options="${AGENT_OPTIONS:-}"
case "$pairs" in ''|*[!0-9]*) echo "fork-per-class: PAIRS must be a number, got '$pairs'" >&2; exit 2 ;; esac
[ -f "$agent" ] || { echo "fork-per-class: build the agent first (mvn -B -pl reports/format,agent package -DskipTests)" >&2; exit 2; }
[ -f "$project/pom.xml" ] || { echo "fork-per-class: $project has no pom.xml" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java_bin="$(command -v java)"; [ -z "${JAVA_HOME:-}" ] || java_bin="$JAVA_HOME/bin/java"
java_home="$(cd "$(dirname "$(readlink -f "$java_bin")")/.." && pwd)"
launcher() {  # launcher FOLDER [AGENT_ARGUMENT]
  mkdir -p "$1/bin"; [ ! -f "$java_home/release" ] || ln -sf "$java_home/release" "$1/release"
  { echo '#!/bin/sh'; printf 'exec %q %s "$@"\n' "$java_home/bin/java" "${2:+$(printf '%q' "$2")}"; } > "$1/bin/java"
  chmod +x "$1/bin/java"
}
launcher "$work/plain"
launcher "$work/agent" "-javaagent:$agent=destdir=$work/reports${options:+,$options}"

run() {  # run LABEL LAUNCHER: prints the wall seconds; the log is kept for the counts
  local start end
  rm -rf "$work/reports"
  start=$(date +%s%N)
  (cd "$project" && mvn -B "-Djvm=$2/bin/java" -DforkCount=1 -DreuseForks=false "${maven_args[@]}" > "$work/$1.log" 2>&1) || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$work/plain.ms"; : > "$work/agent.ms"
for i in $(seq 1 "$pairs"); do
  p=$(run plain "$work/plain"); a=$(run agent "$work/agent")
  echo "$p" >> "$work/plain.ms"; echo "$a" >> "$work/agent.ms"
  jvms=$(ls "$work/reports"/leak-report-*.json 2>/dev/null | wc -l)
  echo "pair $i: without agent $p ms, with agent $a ms ($jvms JVMs audited); $(grep -E 'Tests run: [0-9]+, Fail' "$work/agent.log" | tail -1 | sed 's/^\[[A-Z]*\] //')"
done
mp=$(median < "$work/plain.ms"); ma=$(median < "$work/agent.ms")
jvms=$(ls "$work/reports"/leak-report-*.json 2>/dev/null | wc -l)
awk -v p="$mp" -v a="$ma" -v j="$jvms" -v n="$pairs" -v o="${options:-defaults}" 'BEGIN {
  printf "fork per class, median of %d (agent options: %s): without agent %.1f s, with agent %.1f s (%.2fx), %d JVMs, %.2f s more per JVM\n",
    n, o, p / 1000, a / 1000, a / p, j, (j > 0 ? (a - p) / 1000 / j : 0) }'
