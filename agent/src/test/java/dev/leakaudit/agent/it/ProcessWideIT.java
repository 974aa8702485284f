package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ProcessWideScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A library's process-wide shutdown hook is the library's, not the test's that first used it. */
class ProcessWideIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.ProcessWideScenarios#";

    private static void assertOwnHookIsAFinding(AgentRun run) throws Exception {
        List<JsonNode> own = run.findingsOf(FIXTURE + "testsOwnShutdownHookNeverRemoved");
        assertEquals(1, own.size(), own.toString());
        assertEquals("handler", own.get(0).get("kind").asText());
        assertTrue(own.get(0).get("site").asText().startsWith("dev.leakaudit.fixtures.ProcessWideScenarios."),
                own.toString());
    }

    @Test
    void log4jsHookIsBuiltInAndAToolkitsIsDeclaredBySite() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms,jfr=false,processWide=dev.leakaudit.fixtures.toolkit.",
                List.of(), ProcessWideScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatLogsWithLog4j"));
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatUsesAToolkit"));
        assertOwnHookIsAFinding(run);
        assertEquals(1, run.report().get("findings").size(), run.report().get("findings").toString());
    }

    @Test
    void withoutTheOptionTheToolkitsHookIsBlamedOnTheTest() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms,jfr=false", List.of(), ProcessWideScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatLogsWithLog4j"));
        List<JsonNode> toolkit = run.findingsOf(FIXTURE + "firstTestThatUsesAToolkit");
        assertEquals(1, toolkit.size(), toolkit.toString());
        assertTrue(toolkit.get(0).get("message").asText().contains("Shutdown hook"), toolkit.toString());
        assertOwnHookIsAFinding(run);
    }
}
