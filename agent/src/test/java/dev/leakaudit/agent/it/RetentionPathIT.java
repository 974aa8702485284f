package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.RetentionPathScenarios;
import dev.leakaudit.fixtures.ThreadHeldRetentionScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A closed connection kept in the test class's own map is retained and names its reference path;
 * the test's fixtures (a static server closed in @AfterAll, an instance's closed in @AfterEach) are
 * clean, whichever point the check runs at.
 */
class RetentionPathIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.RetentionPathScenarios";
    private static final String PATH = "RetentionPathScenarios.CONNECTIONS -> ConcurrentHashMap -> "
            + "RetentionPathScenarios$Conn.socket";

    private static void assertRetainedWithPathAndFixturesClean(String retention) throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms,jfr=false,retention=" + retention, List.of(),
                RetentionPathScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        List<JsonNode> findings = run.findingsOf(FIXTURE + "#closedConnectionKeptInTheTestClassMap");
        assertEquals(1, findings.size(), retention + ": " + run.report().get("findings"));
        JsonNode finding = findings.get(0);
        assertEquals("retained", finding.get("kind").asText());
        assertEquals("java.net.Socket", finding.get("resource").asText());
        assertEquals(List.of(PATH.split(" -> ")), JsonList.of(finding.get("referencePath")), finding.toString());
        assertTrue(finding.get("message").asText().contains("Held by: " + PATH + "."), finding.toString());
        assertEquals(List.of(), run.findingsOf(FIXTURE + "#fixturesOnly"), retention);
        assertEquals(List.of(), run.findingsOf(FIXTURE), retention + ": the class's static server");
        assertEquals(1, run.report().get("findings").size(), run.report().get("findings").toString());
    }

    @Test
    void atTheEndOfTheRun() throws Exception {
        assertRetainedWithPathAndFixturesClean("run");
    }

    @Test
    void afterEachTest() throws Exception {
        assertRetainedWithPathAndFixturesClean("test");
    }

    @Test
    void afterEachClass() throws Exception {
        assertRetainedWithPathAndFixturesClean("class");
    }

    @Test
    void heldByARunningThreadNamesTheThreadAndATestInstancesFieldIsNotRetained() throws Exception {
        String fixture = "dev.leakaudit.fixtures.ThreadHeldRetentionScenarios#";
        AgentRun run = AgentRun.fixtures("linger=500ms,jfr=false", List.of(), ThreadHeldRetentionScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        List<JsonNode> kept = run.findingsOf(fixture + "closedConnectionKeptByARunningThread");
        List<String> kinds = new java.util.ArrayList<>();
        kept.forEach(finding -> kinds.add(finding.get("kind").asText()));
        assertEquals(List.of("retained", "thread"), kinds.stream().sorted().toList(), kept.toString());
        JsonNode retained = kept.stream().filter(f -> f.get("kind").asText().equals("retained")).findFirst().get();
        assertEquals(List.of("thread \"connection-keeper\"", "Thread.target",
                "ThreadHeldRetentionScenarios$Keeper.closed", "CopyOnWriteArrayList"),
                JsonList.of(retained.get("referencePath")), retained.toString());
        List<JsonNode> captured = run.findingsOf(fixture + "instanceCapturedByARunningThread");
        assertEquals(1, captured.size(), captured.toString());
        assertEquals("thread", captured.get(0).get("kind").asText(), "the running thread is the leak, not the "
                + "instance's closed server it keeps: " + captured);
    }

    /** Strings of a JSON array. */
    static final class JsonList {
        static List<String> of(JsonNode array) {
            List<String> items = new java.util.ArrayList<>();
            if (array != null) {
                array.forEach(item -> items.add(item.asText()));
            }
            return items;
        }
    }
}
