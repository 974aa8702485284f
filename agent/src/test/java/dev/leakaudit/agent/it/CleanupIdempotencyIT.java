package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.CleanupScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A declared cleanup that does its work again on a second call is a warning; a guarded one is clean. */
class CleanupIdempotencyIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.CleanupScenarios#";
    private static final String MANAGER = "dev.leakaudit.fixtures.CleanupScenarios$Manager";
    private static final String TIMER_MANAGER = "dev.leakaudit.fixtures.CleanupScenarios$TimerManager";
    private static AgentRun run;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=500ms,cleanup=" + MANAGER + "#cleanup:" + MANAGER + "#guardedCleanup"
                + ":dev.leakaudit.fixtures.CleanupScenarios$Session#shutdown"
                + ":" + TIMER_MANAGER + "#rearmingCleanup:" + TIMER_MANAGER + "#guardedRearmingCleanup",
                List.of(), CleanupScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    private static JsonNode findingOfKind(String test, String kind) throws Exception {
        List<JsonNode> findings = run.findingsOf(FIXTURE + test);
        List<JsonNode> ofKind = findings.stream().filter(f -> kind.equals(f.get("kind").asText())).toList();
        assertEquals(1, ofKind.size(), () -> test + " should have one " + kind + " finding: " + findings);
        return ofKind.get(0);
    }

    @Test
    void secondEffectfulCallIsAWarningWithBothStacks() throws Exception {
        JsonNode finding = findingOfKind("cleanupCalledTwiceClosesTwice", "cleanup-not-idempotent");
        assertEquals("warning", finding.get("severity").asText());
        assertEquals("test", finding.get("attribution").asText());
        assertTrue(finding.get("resource").asText().endsWith("CleanupScenarios$Connection"), finding.toString());
        assertTrue(finding.get("firstClose").toString().contains("firstCleanupPath"), finding.toString());
        assertTrue(finding.get("secondClose").toString().contains("secondCleanupPath"), finding.toString());
        assertTrue(finding.get("site").asText().startsWith(MANAGER + ".cleanup("), finding.toString());
        String message = finding.get("message").asText();
        assertTrue(message.contains("CleanupScenarios$Manager.cleanup ran twice"), message);
        assertTrue(message.contains("socket channel close"), message);
    }

    @Test
    void theRepeatedCloseIsAlsoADoubleClose() throws Exception {
        List<JsonNode> notes = run.notesOf(FIXTURE + "cleanupCalledTwiceClosesTwice");
        assertEquals(1, notes.size(), notes.toString());
        assertEquals("double-close", notes.get(0).get("kind").asText());
        assertEquals(1, run.findingsOf(FIXTURE + "cleanupCalledTwiceClosesTwice").size(), "the warning; the note apart");
    }

    @Test
    void cleanupWithoutArgumentsIsKeyedByItsReceiver() throws Exception {
        JsonNode finding = findingOfKind("sessionShutDownTwice", "cleanup-not-idempotent");
        assertTrue(finding.get("resource").asText().endsWith("CleanupScenarios$Session"), finding.toString());
    }

    @Test
    void aTimerCancelledAgainIsAnEffect() throws Exception {
        JsonNode finding = findingOfKind("rearmingCleanupCalledTwiceCancelsATimerAgain", "cleanup-not-idempotent");
        assertTrue(finding.get("message").asText().contains("timer cancel"), finding.toString());
        assertEquals(1, run.findingsOf(FIXTURE + "rearmingCleanupCalledTwiceCancelsATimerAgain").size(),
                "no timer is left pending, no double close: only the cleanup warning");
        assertEquals(List.of(), run.findingsOf(FIXTURE + "guardedRearmingCleanupCalledTwice"));
    }

    @Test
    void guardedCleanupAndDistinctKeysAreClean() throws Exception {
        assertEquals(List.of(), run.findingsOf(FIXTURE + "guardedCleanupCalledTwice"));
        assertEquals(List.of(), run.findingsOf(FIXTURE + "cleanupOfTwoConnectionsOnceEach"));
    }

    @Test
    void warningsOnly() throws Exception {
        JsonNode summary = run.report().get("summary");
        assertEquals(0, summary.get("leaks").asInt(), summary.toString());
        assertEquals(3, summary.get("byKind").get("cleanup-not-idempotent").asInt(), summary.toString());
        assertTrue(run.stdout.contains("cleanup-not-idempotent 3"), run.describe());
    }
}
