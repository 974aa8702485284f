package dev.leakaudit.reports.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One JVM's report, schema {@code leak-audit/1}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(
        String schema,
        Agent agent,
        SelfTest selfTest,
        Jvm jvm,
        String startedAt,
        String endedAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) String jfr,
        Summary summary,
        List<Finding> findings,
        List<NoteGroup> notes,
        List<SharedFixture> sharedFixtures,
        RunTimeline timeline,
        List<TestRecord> tests) {

    public static final String SCHEMA = dev.leakaudit.format.ReportFormat.SCHEMA;

    public Report {
        findings = findings == null ? List.of() : List.copyOf(findings);
        notes = notes == null ? List.of() : List.copyOf(notes);
        tests = tests == null ? List.of() : List.copyOf(tests);
        sharedFixtures = sharedFixtures == null ? List.of() : List.copyOf(sharedFixtures);
    }

    /** What the run kept open on purpose (not findings): one entry per kind, creation site and reason. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharedFixture(String kind, String resource, String site, int count, String startedBy, String why) {
    }

    /**
     * How many resources of each kind the agent counted open over the run: each point is
     * {@code [millisSinceStart, most open at once per kind...]} for one slice of {@code sliceMillis}.
     */
    public record RunTimeline(long sliceMillis, List<String> kinds, List<long[]> points, List<Integer> openAtEnd) {
        public RunTimeline {
            kinds = kinds == null ? List.of() : List.copyOf(kinds);
            points = points == null ? List.of() : List.copyOf(points);
            openAtEnd = openAtEnd == null ? List.of() : List.copyOf(openAtEnd);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Agent(String version, String selfTest, Map<String, String> options) {
    }

    /** The start-up self-test: {@code ok}, and per instrumented kind {@code ok} or what it missed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SelfTest(boolean ok, Map<String, String> kinds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Jvm(String version, String vendor, String vm, Long pid, String command) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(int findings, int leaks, int warnings, Integer notes, int testsSeen, int testsAffected,
                          Integer fromFailedTests, Integer sharedFixtures, Integer jdkOwnedLeftOut,
                          Map<String, Integer> byKind, Map<String, Integer> notesByKind) {
    }

    /** {@code passed}, or {@code failed: why}; a report without one is treated as passed. */
    @JsonIgnore
    public boolean selfTestPassed() {
        return agent == null || agent.selfTest() == null || agent.selfTest().equals("passed");
    }
}
