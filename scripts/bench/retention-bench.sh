#!/usr/bin/env bash
# Benchmark: what the retention check (option retention) costs per test class. Runs ten test
# classes of five tests (each a loopback channel exchange: closed channels and buffers to check at
# every class end) in fresh JVMs under the agent with retention=off, class and test, alternating,
# with 0 MB and BALLAST_MB of live heap (a forced collection costs more with more live data).
# Prints, per setting, the median wall time of the JVM and the check's own time per class, from
# the agent's stats line (-Dleakaudit.retention.stats=true).
# usage: scripts/bench/retention-bench.sh [RUNS] [BALLAST_MB]
#        AGENT_JAR=.../leak-audit-agent.jar (test-classes beside it are the fixtures)
#        FIXTURE_CP=... to skip asking Maven for the test class path
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
agent="${AGENT_JAR:-$repo/agent/target/leak-audit-agent.jar}"
runs="${1:-5}"
ballast="${2:-256}"
[ -f "$agent" ] || { echo "retention-bench: build the agent first (mvn -B -pl agent -am verify)" >&2; exit 2; }
classes="$(dirname "$agent")/test-classes"
[ -d "$classes/dev/leakaudit/fixtures" ] || { echo "retention-bench: no fixtures in $classes" >&2; exit 2; }
if [ -z "${FIXTURE_CP:-}" ]; then
  deps="$(mvn -B -q -f "$repo/agent/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
          -Dmdep.outputFile=/dev/stdout 2>/dev/null)"
  FIXTURE_CP="$classes:$deps"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
suite=()
for i in 01 02 03 04 05 06 07 08 09 10; do suite+=("dev.leakaudit.fixtures.RetentionBenchScenarios\$Class$i"); done

one() { # mode ballast -> "wall_ms check_ms checks collections"
  local start end stats
  start=$(date +%s%N)
  java -Xmx2g -Dbench.ballastMb="$2" -Dleakaudit.retention.stats=true \
       "-javaagent:$agent=destdir=$work/reports,linger=200ms,retention=$1" \
       -cp "$FIXTURE_CP" dev.leakaudit.fixtures.FixtureRunner "${suite[@]}" > /dev/null 2> "$work/err"
  end=$(date +%s%N)
  stats=$(grep -o 'retention checks: [0-9]*, forced collections: [0-9]*, total [0-9]* ms' "$work/err" || true)
  echo "$(( (end - start) / 1000000 )) $(echo "$stats" | awk '{print $8, $3, $6}' | tr -d ',')"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }

echo "java: $(java -version 2>&1 | head -1); $runs runs per setting; 10 classes x 5 tests"
for mb in 0 "$ballast"; do
  : > "$work/off"; : > "$work/class"; : > "$work/test"
  for r in $(seq 1 "$runs"); do
    for mode in off class test; do one "$mode" "$mb" >> "$work/$mode"; done
  done
  off=$(awk '{print $1}' "$work/off" | median)
  for mode in off class test; do
    wall=$(awk '{print $1}' "$work/$mode" | median)
    check=$(awk '{print ($2 == "" ? 0 : $2)}' "$work/$mode" | median)
    checks=$(awk '{print ($3 == "" ? 0 : $3)}' "$work/$mode" | median)
    gcs=$(awk '{print ($4 == "" ? 0 : $4)}' "$work/$mode" | median)
    awk -v m="$mode" -v mb="$mb" -v w="$wall" -v o="$off" -v c="$check" -v k="$checks" -v g="$gcs" 'BEGIN {
      printf "ballast %4d MB  retention=%-5s  JVM wall %6d ms (%+5d ms vs off, %+6.1f ms/class)  check %5d ms in %3d checks, %3d GCs: %5.1f ms/class\n",
        mb, m, w, w - o, (w - o) / 10, c, k, g, c / 10 }'
  done
done
