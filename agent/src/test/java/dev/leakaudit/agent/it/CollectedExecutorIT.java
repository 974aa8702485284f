package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.CollectedExecutorScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker that ended only because its executor was garbage-collected is a thread leak, marked as collected. */
class CollectedExecutorIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.CollectedExecutorScenarios#";

    @Test
    void workerStoppedByTheCollectorIsALeakAndTheShutDownExecutorIsClean() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms,jfr=false", List.of(), CollectedExecutorScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        List<JsonNode> findings = run.findingsOf(FIXTURE + "executorPerRequestNeverShutDown");
        assertEquals(1, findings.size(), run.report().get("findings").toString());
        JsonNode finding = findings.get(0);
        assertEquals("thread", finding.get("kind").asText());
        assertEquals("leak", finding.get("severity").asText());
        assertTrue(finding.path("collected").asBoolean(), finding.toString());
        assertEquals("per-request-worker-0", finding.get("thread").asText(), finding.toString());
        String message = finding.get("message").asText();
        assertTrue(message.contains("its executor was never shut down"), message);
        assertTrue(message.contains("the worker of a ThreadPoolExecutor never shut down"), message);
        assertTrue(finding.get("site").asText().startsWith("dev.leakaudit.fixtures.CollectedExecutorScenarios."),
                finding.toString());
        assertEquals(List.of(), run.findingsOf(FIXTURE + "executorShutDown"));
        assertEquals(1, run.report().get("findings").size(), run.report().get("findings").toString());
    }
}
