package dev.leakaudit.agent.it;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JUnit 4 run by {@code JUnitCore} itself, without the JUnit Platform (as Surefire's JUnit 4
 * provider and IDE runners do): the agent follows JUnit 4's notifier and runners, so threads and
 * timers get per-test verdicts. A program with no test runner at all is judged per run.
 */
class PerRunVerdictIT {

    private static final String SCENARIOS = "dev.leakaudit.fixtures.PerRunScenarios$";

    private static List<JsonNode> findings(AgentRun run) throws Exception {
        return StreamSupport.stream(run.report().get("findings").spliterator(), false).collect(Collectors.toList());
    }

    @Test
    void junit4WithoutThePlatformGetsPerTestVerdicts() throws Exception {
        AgentRun run = AgentRun.java("linger=200ms,jfr=false", List.of(), List.of("org.junit.runner.JUnitCore",
                SCENARIOS + "Leaky", SCENARIOS + "Clean", SCENARIOS + "Failing"));
        assertEquals(1, run.exitCode, "JUnitCore exits 1 for the failing test: " + run.describe());
        List<JsonNode> timers = run.findingsOf(SCENARIOS + "Leaky#leavesATimerPending").stream()
                .filter(f -> f.get("kind").asText().equals("timer")).collect(Collectors.toList());
        assertEquals(1, timers.size(), findings(run).toString());
        assertEquals("test", timers.get(0).get("attribution").asText(), timers.get(0).toString());
        assertTrue(timers.get(0).get("site").asText().startsWith(SCENARIOS + "Leaky.leavesATimerPending("),
                timers.get(0).toString());
        assertTrue(run.findingsOf(SCENARIOS + "Leaky#leavesAThreadRunning").stream()
                .anyMatch(f -> f.get("kind").asText().equals("thread")
                        && f.get("message").asText().contains("fixture-per-run-thread")), findings(run).toString());
        assertEquals(List.of(), run.findingsOf(SCENARIOS + "Clean#joinsItsThread"));
        assertEquals(List.of(), run.findingsOf(SCENARIOS + "Clean#cancelsItsTimerAndShutsDown"));
        assertTrue(findings(run).stream().allMatch(f -> f.get("test").asText().startsWith(SCENARIOS + "Leaky#")),
                findings(run).toString());
        assertEquals("failed", run.testEntry(SCENARIOS + "Failing#fails").get("status").asText());
        assertEquals("successful", run.testEntry(SCENARIOS + "Clean#joinsItsThread").get("status").asText());
        assertEquals("class", run.testEntry(SCENARIOS + "Leaky").get("level").asText());
        assertEquals(5, run.report().get("summary").get("testsSeen").asInt(), run.report().get("summary").toString());
    }

    @Test
    void aJUnit4RunThatCleansUpHasNoFinding() throws Exception {
        AgentRun run = AgentRun.java("linger=200ms,jfr=false", List.of(),
                List.of("org.junit.runner.JUnitCore", SCENARIOS + "Clean"));
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(List.of(), findings(run), run.describe());
    }

    @Test
    void aProgramWithoutATestRunnerIsJudgedPerRun() throws Exception {
        AgentRun run = AgentRun.java("linger=200ms,jfr=false", List.of(), List.of(SCENARIOS + "WithoutRunner"));
        assertEquals(0, run.exitCode, run.describe());
        List<JsonNode> found = findings(run);
        List<JsonNode> timers = found.stream().filter(f -> f.get("kind").asText().equals("timer")).collect(Collectors.toList());
        assertEquals(1, timers.size(), found.toString());
        assertEquals("run", timers.get(0).get("attribution").asText(), timers.get(0).toString());
        assertTrue(found.stream().anyMatch(f -> f.get("kind").asText().equals("thread")
                && f.get("message").asText().contains("fixture-per-run-thread")), found.toString());
        assertTrue(found.stream().allMatch(f -> f.get("site").asText().startsWith("dev.leakaudit.fixtures.")), found.toString());
    }
}
