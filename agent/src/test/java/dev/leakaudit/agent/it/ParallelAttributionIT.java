package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ParallelScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests running at the same time: a leak on a test's own thread is certain, on another thread uncertain. */
class ParallelAttributionIT {

    @Test
    void eachParallelTestOwnsWhatItsThreadOpened() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms", List.of(
                "-Djunit.jupiter.execution.parallel.enabled=true",
                "-Djunit.jupiter.execution.parallel.config.strategy=fixed",
                "-Djunit.jupiter.execution.parallel.config.fixed.parallelism=2"), ParallelScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        List<JsonNode> first = run.findingsOf("dev.leakaudit.fixtures.ParallelScenarios#firstLeaks");
        assertEquals(1, first.size(), run.report().toString());
        assertEquals("test", first.get(0).get("attribution").asText());
        assertEquals("server-socket", first.get(0).get("kind").asText());

        List<JsonNode> second = run.findingsOf("dev.leakaudit.fixtures.ParallelScenarios#secondLeaks");
        List<JsonNode> sockets = second.stream().filter(f -> f.get("kind").asText().equals("server-socket")).toList();
        assertEquals(1, sockets.size(), run.report().toString());
        JsonNode uncertain = sockets.get(0);
        assertEquals("uncertain", uncertain.get("attribution").asText());
        assertEquals("fixture-parallel-helper", uncertain.get("thread").asText());
        assertTrue(uncertain.get("candidates").toString().contains("ParallelScenarios#firstLeaks"), uncertain.toString());
        assertTrue(uncertain.get("candidates").toString().contains("ParallelScenarios#secondLeaks"), uncertain.toString());
        assertTrue(uncertain.get("message").asText().contains("Attribution is uncertain"), uncertain.toString());
    }
}
