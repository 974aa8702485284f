package dev.leakaudit.agent.it;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests run without the JUnit Platform (here JUnit 4's own {@code JUnitCore}; TestNG is the same
 * to the agent): no test is reported, so threads and timers, like sockets, are judged per run.
 */
class PerRunVerdictIT {

    private static List<JsonNode> findings(AgentRun run) throws Exception {
        return StreamSupport.stream(run.report().get("findings").spliterator(), false).collect(Collectors.toList());
    }

    @Test
    void aThreadAndATimerLeftByJUnit4WithoutThePlatformAreRunFindings() throws Exception {
        AgentRun run = AgentRun.java("linger=200ms,jfr=false", List.of(),
                List.of("org.junit.runner.JUnitCore", "dev.leakaudit.fixtures.PerRunScenarios$Leaky"));
        assertEquals(0, run.exitCode, run.describe());
        List<JsonNode> found = findings(run);
        List<JsonNode> timers = found.stream().filter(f -> f.get("kind").asText().equals("timer")).collect(Collectors.toList());
        assertEquals(1, timers.size(), found.toString());
        assertTrue(timers.get(0).get("site").asText().startsWith("dev.leakaudit.fixtures.PerRunScenarios$Leaky.leavesATimerPending("),
                timers.get(0).toString());
        assertEquals("run", timers.get(0).get("attribution").asText(), timers.get(0).toString());
        assertTrue(found.stream().anyMatch(f -> f.get("kind").asText().equals("thread")
                && f.get("message").asText().contains("fixture-per-run-thread")
                && f.get("site").asText().startsWith("dev.leakaudit.fixtures.PerRunScenarios$Leaky.leavesAThreadRunning(")),
                found.toString());
        assertTrue(found.stream().allMatch(f -> f.get("site").asText().startsWith("dev.leakaudit.fixtures.")), found.toString());
    }

    @Test
    void aJUnit4RunThatCleansUpHasNoFinding() throws Exception {
        AgentRun run = AgentRun.java("linger=200ms,jfr=false", List.of(),
                List.of("org.junit.runner.JUnitCore", "dev.leakaudit.fixtures.PerRunScenarios$Clean"));
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(List.of(), findings(run), run.describe());
    }
}
