package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ProcessScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Child processes left running, or ended and never waited for, are the tests' leaks; waited for, closed or destroyed, clean. */
class ProcessKindIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.ProcessScenarios#";

    @Test
    void processesLeftBehindArePerTestFindings() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=300ms,jfr=false", List.of(), ProcessScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals("ok", run.report().get("selfTest").get("kinds").get("process").asText());
        JsonNode running = only(run, "leavesAProcessRunning");
        assertEquals("sleep 5", running.get("command").asText(), running.toString());
        assertTrue(running.get("message").asText().contains("was still running"), running.toString());
        JsonNode unwaited = only(run, "leavesAnEndedProcessNeverWaitedFor");
        assertEquals("echo hello", unwaited.get("command").asText());
        assertTrue(unwaited.get("message").asText().contains("never waited for"), unwaited.toString());
        JsonNode exec = only(run, "leavesARuntimeExecProcessRunning");
        assertTrue(exec.get("site").asText().startsWith("dev.leakaudit.fixtures.ProcessScenarios.leavesARuntimeExec"),
                exec.toString());
        for (String clean : List.of("waitsForItsProcess", "closesThePipesOfAnEndedProcess", "redirectsAndWaits",
                "destroysAndWaits")) {
            assertEquals(List.of(), run.findingsOf(FIXTURE + clean), clean);
        }
        assertEquals(3, run.report().get("findings").size(), run.report().get("findings").toString());
    }

    private static JsonNode only(AgentRun run, String test) throws Exception {
        List<JsonNode> findings = run.findingsOf(FIXTURE + test);
        assertEquals(1, findings.size(), test + ": " + findings);
        assertEquals("process", findings.get(0).get("kind").asText());
        return findings.get(0);
    }
}
