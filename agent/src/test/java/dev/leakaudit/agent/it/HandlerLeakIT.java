package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.HandlerScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Handler registrations left in place: declared add/remove pairs and shutdown hooks, with clean controls. */
class HandlerLeakIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.HandlerScenarios#";
    static final String HANDLERS = "handlers=dev.leakaudit.fixtures.HandlerScenarios$EventSource"
            + "#addListener/removeListener/removeAllListeners"
            + ":dev.leakaudit.fixtures.HandlerScenarios$Registry#add/remove/removeAll";
    private static AgentRun run;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=500ms," + HANDLERS, List.of(), HandlerScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    private static JsonNode onlyHandlerFinding(String test) throws Exception {
        List<JsonNode> findings = run.findingsOf(FIXTURE + test);
        assertEquals(1, findings.size(), () -> test + " should have exactly one finding: " + findings);
        JsonNode finding = findings.get(0);
        assertEquals("handler", finding.get("kind").asText());
        assertEquals("leak", finding.get("severity").asText());
        assertEquals("test", finding.get("attribution").asText());
        assertTrue(finding.get("site").asText().startsWith("dev.leakaudit.fixtures.HandlerScenarios." + test + "("),
                finding.toString());
        assertTrue(finding.get("message").asText().contains("in test " + FIXTURE + test), finding.toString());
        assertEquals(1, run.testEntry(FIXTURE + test).get("findings").asInt());
        return finding;
    }

    @Test
    void listenerAddedAndNotRemoved() throws Exception {
        JsonNode finding = onlyHandlerFinding("listenerAddedAndNotRemoved");
        assertTrue(finding.get("resource").asText().endsWith("HandlerScenarios$NamedListener"), finding.toString());
        String message = finding.get("message").asText();
        assertTrue(message.contains("HandlerScenarios$EventSource.addListener"), message);
        assertTrue(message.contains("still registered 500 ms after the test ended"), message);
        assertTrue(message.contains("EventSource.removeListener"), message);
        assertTrue(message.contains("EventSource.removeAllListeners"), message);
    }

    @Test
    void registryHandlerNeverRemoved() throws Exception {
        JsonNode finding = onlyHandlerFinding("registryHandlerNeverRemoved");
        assertTrue(finding.get("message").asText().contains("HandlerScenarios$Registry.add"), finding.toString());
    }

    @Test
    void shutdownHookAddedAndNotRemoved() throws Exception {
        JsonNode finding = onlyHandlerFinding("shutdownHookAddedAndNotRemoved");
        assertEquals("java.lang.Thread", finding.get("resource").asText());
        assertTrue(finding.get("message").asText().startsWith("Shutdown hook Thread"), finding.toString());
        assertTrue(finding.get("message").asText().contains("Runtime.removeShutdownHook"), finding.toString());
        assertTrue(finding.get("stack").toString().contains("java.lang.Runtime.addShutdownHook"), finding.toString());
    }

    @Test
    void cleanControls() throws Exception {
        for (String test : List.of("listenerAddedAndRemoved", "allListenersRemoved",
                "listenerRemovedShortlyAfterTheTestEnds", "registryOwnerRemovesAllAtCleanup",
                "shutdownHookAddedAndRemoved")) {
            assertEquals(List.of(), run.findingsOf(FIXTURE + test), test);
            assertEquals(0, run.testEntry(FIXTURE + test).get("findings").asInt(), test);
        }
        assertEquals(List.of(), run.findingsOf("dev.leakaudit.fixtures.HandlerScenarios"));
    }

    @Test
    void reportAndConsoleCountHandlers() throws Exception {
        JsonNode summary = run.report().get("summary");
        assertEquals(3, summary.get("byKind").get("handler").asInt(), summary.toString());
        assertTrue(run.stdout.contains("handler 3"), run.describe());
    }
}
