package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.FailingTestScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each finding says how its test ended, and the summary says how many came from tests that did not pass. */
class FailedTestFindingsIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.FailingTestScenarios#";

    @Test
    void findingsSayWhetherTheirTestPassed() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=300ms,jfr=false", List.of(), FailingTestScenarios.class);
        assertEquals(1, run.exitCode, "one fixture test fails on purpose: " + run.describe());
        assertEquals("failed", onlyFinding(run, "failsAndLeavesItsServerOpen").get("testStatus").asText());
        assertEquals("aborted", onlyFinding(run, "isAbortedAndLeavesItsServerOpen").get("testStatus").asText());
        assertEquals("successful", onlyFinding(run, "passesAndLeavesItsServerOpen").get("testStatus").asText());
        JsonNode summary = run.report().get("summary");
        assertEquals(3, summary.get("leaks").asInt(), summary.toString());
        assertEquals(2, summary.get("fromFailedTests").asInt(), summary.toString());
        assertTrue((run.stdout + run.stderr).contains("[leak-audit] 3 leaks, 0 warnings (server-socket 3) in 3 of 3 tests "
                + "(2 from failed tests); report: "), run.describe());
    }

    private static JsonNode onlyFinding(AgentRun run, String test) throws Exception {
        List<JsonNode> findings = run.findingsOf(FIXTURE + test);
        assertEquals(1, findings.size(), findings.toString());
        return findings.get(0);
    }
}
