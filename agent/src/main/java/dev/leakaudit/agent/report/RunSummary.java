package dev.leakaudit.agent.report;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.format.Severity;

/**
 * Counts over a run's findings, for the report's summary and the console line. Leaks and warnings
 * are the findings; notes (a plain double close) are counted on their own and never make a test
 * "affected".
 */
public final class RunSummary {

    private final int leaks;
    private final int warnings;
    private final int notes;
    private final int testsAffected;
    private final int testsSeen;
    private final int fromFailedTests;
    private final Map<String, Integer> byKind = new TreeMap<>();
    private final Map<String, Integer> notesByKind = new TreeMap<>();

    public RunSummary(List<Finding> findings, List<TestScope> scopes) {
        int leakCount = 0;
        int warningCount = 0;
        int failedCount = 0;
        Set<TestScope> affected = new HashSet<>();
        for (Finding finding : findings) {
            if (finding.severity() == Severity.NOTE) {
                notesByKind.merge(finding.kind(), 1, Integer::sum);
                continue;
            }
            if (finding.severity() == Severity.LEAK) {
                leakCount++;
            } else {
                warningCount++;
            }
            byKind.merge(finding.kind(), 1, Integer::sum);
            TestScope scope = finding.scope();
            if (scope != null && scope.level() == TestScope.Level.TEST) {
                affected.add(scope);
            }
            if (scope != null && TestStatus.isFailed(scope.status())) {
                failedCount++;
            }
        }
        int seen = 0;
        for (TestScope scope : scopes) {
            if (scope.level() == TestScope.Level.TEST) {
                seen++;
            }
        }
        int noteCount = 0;
        for (int count : notesByKind.values()) {
            noteCount += count;
        }
        this.leaks = leakCount;
        this.warnings = warningCount;
        this.notes = noteCount;
        this.fromFailedTests = failedCount;
        this.testsAffected = affected.size();
        this.testsSeen = seen;
    }

    /** Leaks and warnings (notes are not findings that count against a test). */
    public int findings() {
        return leaks + warnings;
    }

    public int leaks() {
        return leaks;
    }

    public int warnings() {
        return warnings;
    }

    /** Low-severity observations (a plain double close): reported, never failing a build. */
    public int notes() {
        return notes;
    }

    /** Tests with a leak or a warning. */
    public int testsAffected() {
        return testsAffected;
    }

    public int testsSeen() {
        return testsSeen;
    }

    /** Leaks and warnings of tests (or classes) that failed or were aborted: often a consequence, not a cause. */
    public int fromFailedTests() {
        return fromFailedTests;
    }

    /** Leaks and warnings by kind. */
    public Map<String, Integer> byKind() {
        return byKind;
    }

    public Map<String, Integer> notesByKind() {
        return notesByKind;
    }

    /** The one line printed when the JVM exits; it says how many things shared fixtures kept (not findings). */
    public String consoleLine(String reportPath, int keptBySharedFixtures) {
        StringBuilder line = new StringBuilder("[leak-audit] ");
        if (findings() == 0) {
            line.append("no leaks");
        } else {
            line.append(leaks).append(leaks == 1 ? " leak" : " leaks");
            line.append(", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
            line.append(' ').append(counts(byKind));
        }
        if (testsSeen > 0 && findings() == 0) {
            line.append(" in ").append(testsSeen).append(testsSeen == 1 ? " test" : " tests");
        } else if (testsSeen > 0) {
            line.append(" in ").append(testsAffected).append(" of ").append(testsSeen)
                    .append(testsSeen == 1 ? " test" : " tests");
        }
        if (fromFailedTests > 0) {
            line.append(" (").append(fromFailedTests).append(" from failed tests)");
        }
        if (notes > 0) {
            line.append("; ").append(notes).append(notes == 1 ? " note " : " notes ").append(counts(notesByKind));
        }
        if (keptBySharedFixtures > 0) {
            line.append("; ").append(keptBySharedFixtures).append(keptBySharedFixtures == 1 ? " thing" : " things")
                    .append(" kept by shared fixtures (listed in the report)");
        }
        return line.append("; report: ").append(reportPath).toString();
    }

    private static String counts(Map<String, Integer> byKind) {
        StringBuilder text = new StringBuilder("(");
        boolean first = true;
        for (Map.Entry<String, Integer> kind : byKind.entrySet()) {
            text.append(first ? "" : ", ").append(kind.getKey()).append(' ').append(kind.getValue());
            first = false;
        }
        return text.append(')').toString();
    }
}
