package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ParallelScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tests running at the same time each get their own leak, with certain attribution. */
class ParallelAttributionIT {

    @Test
    void eachParallelTestOwnsWhatItsThreadOpened() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms", List.of(
                "-Djunit.jupiter.execution.parallel.enabled=true",
                "-Djunit.jupiter.execution.parallel.config.strategy=fixed",
                "-Djunit.jupiter.execution.parallel.config.fixed.parallelism=2"), ParallelScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        for (String test : List.of("firstLeaks", "secondLeaks")) {
            List<JsonNode> findings = run.findingsOf("dev.leakaudit.fixtures.ParallelScenarios#" + test);
            assertEquals(1, findings.size(), run.report().toString());
            assertEquals("test", findings.get(0).get("attribution").asText());
            assertEquals("server-socket", findings.get(0).get("kind").asText());
        }
    }
}
