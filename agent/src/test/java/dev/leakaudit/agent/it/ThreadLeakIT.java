package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ThreadScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thread leaks (kind {@code thread}), platform and virtual, and their clean controls. */
class ThreadLeakIT {

    private static final String THREADS = "dev.leakaudit.fixtures.ThreadScenarios";
    private static final boolean VIRTUAL_THREADS = Runtime.version().feature() >= 21;
    private static AgentRun run;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=500ms", List.of(), ThreadScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    private static JsonNode onlyThreadFinding(String method) throws Exception {
        List<JsonNode> findings = run.findingsOf(THREADS + "#" + method);
        assertEquals(1, findings.size(), () -> method + " should have exactly one finding: " + findings);
        JsonNode finding = findings.get(0);
        assertEquals("thread", finding.get("kind").asText(), finding.toString());
        assertEquals("leak", finding.get("severity").asText());
        assertEquals("test", finding.get("attribution").asText());
        assertTrue(finding.get("site").asText().startsWith(THREADS + "." + method + "("), finding.toString());
        assertTrue(finding.get("message").asText().contains("started in test " + THREADS + "#" + method),
                finding.toString());
        assertTrue(finding.get("message").asText().contains("still alive 500 ms after the test ended"),
                finding.toString());
        assertTrue(finding.get("message").asText().contains("on thread \"main\""), finding.toString());
        assertEquals(1, run.testEntry(THREADS + "#" + method).get("findings").asInt());
        return finding;
    }

    @Test
    void parkedPlatformThread() throws Exception {
        JsonNode finding = onlyThreadFinding("leaksParkedThread");
        assertEquals("fixture-parked-thread", finding.get("thread").asText());
        assertFalse(finding.get("virtualThread").asBoolean());
        assertEquals("java.lang.Thread", finding.get("resource").asText());
        String message = finding.get("message").asText();
        assertTrue(message.startsWith("Thread \"fixture-parked-thread\" started in test"), message);
        assertTrue(message.contains("it is now in dev.leakaudit.fixtures.ThreadScenarios.parkForever("), message);
        assertTrue(finding.get("currentStack").toString().contains("ThreadScenarios.parkForever("), finding.toString());
        assertTrue(finding.get("stack").toString().contains("java.lang.Thread.start"), finding.toString());
    }

    @Test
    void parkedVirtualThread() throws Exception {
        if (!VIRTUAL_THREADS) {
            assertEquals(List.of(), run.findingsOf(THREADS + "#leaksVirtualThread"));
            assertEquals("aborted", run.testEntry(THREADS + "#leaksVirtualThread").get("status").asText());
            return;
        }
        JsonNode finding = onlyThreadFinding("leaksVirtualThread");
        assertTrue(finding.get("virtualThread").asBoolean(), finding.toString());
        assertEquals("fixture-parked-virtual", finding.get("thread").asText());
        String message = finding.get("message").asText();
        assertTrue(message.startsWith("Virtual thread \"fixture-parked-virtual\" started in test"), message);
        assertTrue(message.contains("it is now in dev.leakaudit.fixtures.ThreadScenarios.parkForever("), message);
    }

    @Test
    void executorNeverShutDownShowsItsWorker() throws Exception {
        JsonNode finding = onlyThreadFinding("leaksExecutorNeverShutDown");
        assertEquals("fixture-pool-never-shut-down", finding.get("thread").asText());
        String message = finding.get("message").asText();
        assertTrue(message.startsWith("Thread \"fixture-pool-never-shut-down\", the worker of a ThreadPoolExecutor "
                + "never shut down, started in test"), message);
        assertTrue(message.contains("Shut the executor down"), message);
        assertTrue(finding.get("stack").toString().contains("ThreadPoolExecutor.addWorker"), finding.toString());
    }

    @Test
    void controlsAreClean() throws Exception {
        for (String test : List.of("joinedThreadIsClean", "joinedVirtualThreadIsClean",
                "executorShutDownAndAwaitedIsClean", "threadEndingShortlyAfterTheTestIsClean",
                "classPoolStoppedInAfterAllIsClean")) {
            assertEquals(List.of(), run.findingsOf(THREADS + "#" + test), test);
            JsonNode entry = run.testEntry(THREADS + "#" + test);
            assertEquals(0, entry.get("findings").asInt(), entry.toString());
        }
        assertEquals(List.of(), run.findingsOf(THREADS), "the class pool was stopped in @AfterAll");
    }

    @Test
    void nothingElseWasFound() throws Exception {
        JsonNode report = run.report();
        int expected = VIRTUAL_THREADS ? 3 : 2;
        assertEquals(expected, report.get("findings").size(), report.get("findings").toString());
        assertEquals(expected, report.get("summary").get("byKind").get("thread").asInt());
        assertTrue(run.stdout.contains("[leak-audit] " + expected + " leaks"), run.describe());
    }

    @Test
    void userThreadPrefixesAreNeverReported() throws Exception {
        AgentRun filtered = AgentRun.fixtures("linger=300ms,threads=fixture-parked:fixture-pool", List.of(),
                ThreadScenarios.class);
        assertEquals(0, filtered.exitCode, filtered.describe());
        assertEquals(0, filtered.report().get("findings").size(), filtered.report().get("findings").toString());
    }
}
