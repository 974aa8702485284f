package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.CleanScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clean controls: try-with-resources, a close 300 ms after the test, @AfterAll teardown, half-close, SSL layering. */
class CleanControlsIT {

    private static AgentRun run;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=2s", List.of(), CleanScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    @Test
    void noFindingAtAll() throws Exception {
        JsonNode report = run.report();
        assertEquals(0, report.get("findings").size(), report.get("findings").toString());
        assertTrue(run.stdout.contains("[leak-audit] no leaks"), run.describe());
    }

    @Test
    void everyTestIsListedAsClean() throws Exception {
        for (String test : List.of("tryWithResources", "socketClosedByTimerAfterTheTestEnds",
                "serverOpenedInTestClosedInAfterAll", "halfCloseThenClose", "sslSocketLayeredOverPlainSocketCountsOnce")) {
            JsonNode entry = run.testEntry("dev.leakaudit.fixtures.CleanScenarios#" + test);
            assertEquals(0, entry.get("findings").asInt(), entry.toString());
            assertEquals("successful", entry.get("status").asText(), entry.toString());
        }
    }
}
