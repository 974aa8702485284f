#!/usr/bin/env bash
# Benchmark and comparison: the same file cases (13 files left open, one dropped unclosed and
# reclaimed by the collector, 8 clean controls: scripts/bench/file-cases/FileCases.java, each case its
# own file name) run under leak-audit's agent and, when PEER_AGENT names one, a peer's agent (e.g.
# lib-file-leak-detector's jar-with-dependencies with PEER_OPTIONS=dumpatshutdown) in one sitting;
# prints which cases each reported and anything else it reported.
# usage: scripts/bench/file-cases.sh [WORK]   (needs agent/target/leak-audit-agent.jar and python3)
#   AGENT_JAR     agent under test (default agent/target/leak-audit-agent.jar)
#   PEER_AGENT    optional peer agent jar; PEER_OPTIONS its options (default dumpatshutdown)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${1:-$repo/target/file-cases}"
agent="${AGENT_JAR:-$repo/agent/target/leak-audit-agent.jar}"
peer="${PEER_AGENT:-}"
[ -f "$agent" ] || { echo "file-cases: build the agent first (mvn -B -pl agent -am package -DskipTests)" >&2; exit 2; }
[ -z "$peer" ] || [ -f "$peer" ] || { echo "file-cases: PEER_AGENT $peer is not a file" >&2; exit 2; }
command -v python3 > /dev/null || { echo "file-cases: needs python3 to read the report" >&2; exit 2; }
rm -rf "$work"; mkdir -p "$work/classes"
javac -d "$work/classes" "$here/file-cases/FileCases.java"
cp "$here/file-cases/C08-classpath-resource.txt" "$work/classes/"

java -javaagent:"$agent=destdir=$work/leak-audit,linger=0ms,jfr=false" -cp "$work/classes" FileCases "$work/files" \
  > "$work/leak-audit.out" 2> "$work/leak-audit.err"
echo "leak-audit: the file findings (case, class, collected):"
python3 - "$work/leak-audit" <<'PY'
import glob, json, os, sys
for path in glob.glob(sys.argv[1] + "/leak-report-*.json"):
    report = json.load(open(path))
    for f in report["findings"]:
        name = os.path.basename(f.get("path") or "?")
        print("  %-32s %-32s %s" % (name, f["resource"], "collected" if f.get("collected") else ""))
    print("  %d findings in all, %d notes" % (len(report["findings"]), sum(g["count"] for g in report.get("notes", []))))
PY
if [ -n "$peer" ]; then
  java -javaagent:"$peer=${PEER_OPTIONS:-dumpatshutdown}" -cp "$work/classes" FileCases "$work/files-peer" \
    > "$work/peer.out" 2> "$work/peer.err" || true
  echo "peer: the open files it listed at exit:"
  grep -E '^#[0-9]+ |descriptors are open' "$work/peer.err" | sed -E 's/ by thread:.*//; s|/.*/([^/]+)$|\1|; s/^/  /' | sort || true
fi
