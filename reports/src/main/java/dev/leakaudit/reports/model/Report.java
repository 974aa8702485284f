package dev.leakaudit.reports.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One JVM's report, schema {@code leak-audit/1}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(
        String schema,
        Agent agent,
        Jvm jvm,
        String startedAt,
        String endedAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) String jfr,
        Summary summary,
        List<Finding> findings,
        List<TestRecord> tests,
        List<SharedFixture> sharedFixtures) {

    public static final String SCHEMA = "leak-audit/1";

    public Report {
        findings = findings == null ? List.of() : List.copyOf(findings);
        tests = tests == null ? List.of() : List.copyOf(tests);
        sharedFixtures = sharedFixtures == null ? List.of() : List.copyOf(sharedFixtures);
    }

    /** What the run kept open on purpose (not findings): one entry per kind, creation site and reason. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharedFixture(String kind, String resource, String site, int count, String startedBy, String why) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Agent(String version, String selfTest, Map<String, String> options) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Jvm(String version, String vendor, String vm, Long pid, String command) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(int findings, int leaks, int warnings, int testsSeen, int testsAffected,
                          Map<String, Integer> byKind) {
    }

    /** {@code passed}, or {@code failed: why}; a report without one is treated as passed. */
    @JsonIgnore
    public boolean selfTestPassed() {
        return agent == null || agent.selfTest() == null || agent.selfTest().equals("passed");
    }
}
