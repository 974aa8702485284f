package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ClassSetupScenarios;
import dev.leakaudit.fixtures.CollectedScenarios;
import dev.leakaudit.fixtures.LeakScenarios;
import dev.leakaudit.fixtures.ThreadAndErrorScenarios;
import dev.leakaudit.fixtures.VintageScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fixture suites with one leak of each kind, run in a real JVM under the packaged agent. */
class PerTestVerdictIT {

    private static final String LEAKS = "dev.leakaudit.fixtures.LeakScenarios#";
    private static AgentRun run;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=500ms", List.of(), LeakScenarios.class, ThreadAndErrorScenarios.class,
                ClassSetupScenarios.class, CollectedScenarios.class, VintageScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    private static JsonNode onlyFinding(String test) throws Exception {
        List<JsonNode> findings = run.findingsOf(test);
        assertEquals(1, findings.size(), () -> test + " should have exactly one finding: " + findings);
        JsonNode finding = findings.get(0);
        assertEquals("leak", finding.get("severity").asText());
        assertEquals("test", finding.get("attribution").asText());
        return finding;
    }

    private static void assertLeak(String method, String kind, String resourceClassPart, String siteMethod)
            throws Exception {
        JsonNode finding = onlyFinding(LEAKS + method);
        assertEquals(kind, finding.get("kind").asText());
        assertTrue(finding.get("resource").asText().contains(resourceClassPart), finding.toString());
        assertTrue(finding.get("site").asText().startsWith("dev.leakaudit.fixtures."), finding.get("site").asText());
        assertTrue(finding.get("stack").toString().contains("LeakScenarios." + siteMethod + "("), finding.toString());
        assertTrue(finding.get("message").asText().contains("opened in test " + LEAKS + method), finding.toString());
        assertTrue(finding.get("message").asText().contains("was still open"), finding.toString());
        assertTrue(finding.get("stack").size() > 1);
        assertEquals(1, run.testEntry(LEAKS + method).get("findings").asInt());
    }

    @Test
    void clientSocketLeak() throws Exception {
        assertLeak("leaksSocket", "socket", "java.net.Socket", "leaksSocket");
        JsonNode finding = onlyFinding(LEAKS + "leaksSocket");
        assertTrue(finding.get("remoteAddress").asText().contains("127.0.0.1"), finding.toString());
        assertEquals("main", finding.get("thread").asText());
    }

    @Test
    void serverSocketLeak() throws Exception {
        assertLeak("leaksServerSocket", "server-socket", "ServerSocket", "leaksServerSocket");
    }

    @Test
    void socketChannelLeak() throws Exception {
        assertLeak("leaksSocketChannel", "channel", "SocketChannelImpl", "leaksSocketChannel");
    }

    @Test
    void serverSocketChannelLeak() throws Exception {
        assertLeak("leaksServerSocketChannel", "server-channel", "ServerSocketChannelImpl", "leaksServerSocketChannel");
    }

    @Test
    void asynchronousChannelLeaks() throws Exception {
        assertLeak("leaksAsynchronousSocketChannel", "async-channel", "AsynchronousSocketChannel",
                "leaksAsynchronousSocketChannel");
        assertLeak("leaksAsynchronousServerSocketChannel", "async-server-channel", "AsynchronousServerSocketChannel",
                "leaksAsynchronousServerSocketChannel");
    }

    @Test
    void acceptedSocketLeak() throws Exception {
        assertLeak("leaksAcceptedSocket", "socket", "java.net.Socket", "leaksAcceptedSocket");
        JsonNode finding = onlyFinding(LEAKS + "leaksAcceptedSocket");
        assertTrue(finding.get("stack").toString().contains("ServerSocket.accept"), finding.toString());
    }

    @Test
    void cleanControlInTheSameClassHasNoFinding() throws Exception {
        assertEquals(List.of(), run.findingsOf(LEAKS + "closesEverythingWithTryWithResources"));
        assertEquals(0, run.testEntry(LEAKS + "closesEverythingWithTryWithResources").get("findings").asInt());
        assertEquals("successful", run.testEntry(LEAKS + "closesEverythingWithTryWithResources").get("status").asText());
    }

    @Test
    void classServerClosedInAfterAllIsNotAFinding() throws Exception {
        assertEquals(List.of(), run.findingsOf("dev.leakaudit.fixtures.LeakScenarios"));
    }

    @Test
    void leakOnBackgroundThreadBelongsToTheTest() throws Exception {
        JsonNode finding = onlyFinding("dev.leakaudit.fixtures.ThreadAndErrorScenarios#leaksOnBackgroundThread");
        assertEquals("fixture-background-opener", finding.get("thread").asText());
        assertEquals("socket", finding.get("kind").asText());
    }

    @Test
    void leakOnExceptionPath() throws Exception {
        JsonNode finding = onlyFinding("dev.leakaudit.fixtures.ThreadAndErrorScenarios#leaksOnExceptionPath");
        assertTrue(finding.get("site").asText().contains("connectThenFail"), finding.toString());
    }

    @Test
    void classLevelSetupLeakBelongsToTheClass() throws Exception {
        List<JsonNode> classFindings = run.findingsOf("dev.leakaudit.fixtures.ClassSetupScenarios");
        assertEquals(1, classFindings.size(), classFindings.toString());
        JsonNode finding = classFindings.get(0);
        assertEquals("class", finding.get("attribution").asText());
        assertEquals("server-socket", finding.get("kind").asText());
        assertTrue(finding.get("message").asText().contains("class-level setup"), finding.toString());
        assertEquals(List.of(), run.findingsOf("dev.leakaudit.fixtures.ClassSetupScenarios#usesTheServer"));
    }

    @Test
    void socketCollectedWithoutCloseIsStillALeak() throws Exception {
        JsonNode finding = onlyFinding("dev.leakaudit.fixtures.CollectedScenarios#dropsSocketWithoutClose");
        assertTrue(finding.get("collected").asBoolean(), finding.toString());
        assertTrue(finding.get("message").asText().contains("garbage collector reclaimed it"), finding.toString());
    }

    @Test
    void junit4TestsThroughVintage() throws Exception {
        JsonNode finding = onlyFinding("dev.leakaudit.fixtures.VintageScenarios#leaksServerSocketInJUnit4");
        assertEquals("server-socket", finding.get("kind").asText());
        assertEquals(List.of(), run.findingsOf("dev.leakaudit.fixtures.VintageScenarios#cleanInJUnit4"));
    }

    @Test
    void reportFollowsTheContract() throws Exception {
        JsonNode report = run.report();
        assertEquals("leak-audit/1", report.get("schema").asText());
        assertEquals("passed", report.get("agent").get("selfTest").asText());
        assertEquals(System.getProperty("java.version"), report.get("jvm").get("version").asText());
        assertTrue(report.get("jvm").get("pid").asLong() > 0);
        assertFalse(report.get("startedAt").asText().isEmpty());
        assertEquals("500ms", report.get("agent").get("options").get("linger").asText());
        int findings = report.get("findings").size();
        assertEquals(findings, report.get("summary").get("findings").asInt());
        for (JsonNode finding : report.get("findings")) {
            for (String field : List.of("kind", "severity", "resource", "test", "displayName", "thread", "openedAt",
                    "site", "stack", "message")) {
                assertTrue(finding.has(field), () -> "finding lacks " + field + ": " + finding);
            }
        }
        assertTrue(run.stdout.contains("[leak-audit] " + findings + " leaks"), run.describe());
        assertTrue(run.stdout.contains("report: " + run.files(".json").get(0)), run.describe());
    }
}
