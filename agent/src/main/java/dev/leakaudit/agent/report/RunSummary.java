package dev.leakaudit.agent.report;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.verdict.Finding;

/** Counts over a run's findings, for the report's summary and the console line. */
public final class RunSummary {

    private final int leaks;
    private final int warnings;
    private final int notes;
    private final int testsAffected;
    private final int testsSeen;
    private final Map<String, Integer> byKind = new TreeMap<>();

    public RunSummary(List<Finding> findings, List<TestScope> scopes) {
        int leakCount = 0;
        int noteCount = 0;
        Set<TestScope> affected = new HashSet<>();
        for (Finding finding : findings) {
            if (finding.severity() == Finding.Severity.LEAK) {
                leakCount++;
            } else if (finding.severity() == Finding.Severity.NOTE) {
                noteCount++;
            }
            byKind.merge(finding.kind(), 1, Integer::sum);
            if (finding.scope() != null) {
                affected.add(finding.scope());
            }
        }
        int seen = 0;
        for (TestScope scope : scopes) {
            if (scope.level() == TestScope.Level.TEST) {
                seen++;
            }
        }
        this.leaks = leakCount;
        this.notes = noteCount;
        this.warnings = findings.size() - leakCount - noteCount;
        this.testsAffected = affected.size();
        this.testsSeen = seen;
    }

    public int findings() {
        return leaks + warnings + notes;
    }

    public int leaks() {
        return leaks;
    }

    public int warnings() {
        return warnings;
    }

    /** Low-severity findings (a plain double close): reported, never failing a build. */
    public int notes() {
        return notes;
    }

    public int testsAffected() {
        return testsAffected;
    }

    public int testsSeen() {
        return testsSeen;
    }

    public Map<String, Integer> byKind() {
        return byKind;
    }

    /** The one line printed when the JVM exits; it says how many things shared fixtures kept (not findings). */
    public String consoleLine(String reportPath, int keptBySharedFixtures) {
        StringBuilder line = new StringBuilder("[leak-audit] ");
        if (findings() == 0) {
            line.append("no leaks");
        } else {
            line.append(leaks).append(leaks == 1 ? " leak" : " leaks");
            line.append(", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
            if (notes > 0) {
                line.append(", ").append(notes).append(notes == 1 ? " note" : " notes");
            }
            line.append(" (");
            boolean first = true;
            for (Map.Entry<String, Integer> kind : byKind.entrySet()) {
                line.append(first ? "" : ", ").append(kind.getKey()).append(' ').append(kind.getValue());
                first = false;
            }
            line.append(')');
        }
        if (testsSeen > 0 && findings() == 0) {
            line.append(" in ").append(testsSeen).append(testsSeen == 1 ? " test" : " tests");
        } else if (testsSeen > 0) {
            line.append(" in ").append(testsAffected).append(" of ").append(testsSeen)
                    .append(testsSeen == 1 ? " test" : " tests");
        }
        if (keptBySharedFixtures > 0) {
            line.append("; ").append(keptBySharedFixtures).append(keptBySharedFixtures == 1 ? " thing" : " things")
                    .append(" kept by shared fixtures (listed in the report)");
        }
        return line.append("; report: ").append(reportPath).toString();
    }
}
