package dev.leakaudit.agent.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.OwnershipScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thing belongs to the code that made it: what a test makes and parks in a helper's static list
 * is that test's leak, of every kind, with no shared-fixture entry; a server a static holder starts
 * lazily, and what it accepts, are the run's; a parked socket closed in the test is clean.
 */
class OwnershipIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.OwnershipScenarios#";

    @Test
    void whatATestMadeIsItsLeakWhereverItIsParked() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=300ms,jfr=false", List.of(), OwnershipScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        JsonNode report = run.report();

        assertParked(run, "parksASocket", "socket");
        assertParked(run, "parksAServerSocket", "server-socket");
        assertParked(run, "parksAServerSocketMadeByAHelper", "server-socket");
        assertParked(run, "parksASocketChannel", "channel");
        assertParked(run, "parksAServerChannel", "server-channel");
        assertParked(run, "parksAnAsynchronousChannel", "async-channel");
        assertParked(run, "parksAScheduledTimer", "timer");
        assertParked(run, "parksAnExecutor", "thread");
        assertParked(run, "parksAConnectionMadeByAHelper", "socket");
        assertEquals(List.of(), run.findingsOf(FIXTURE + "parksASocketAndClosesIt"), "the control: parked, then closed");
        assertEquals(List.of(), run.findingsOf(FIXTURE + "usesTheLazilyStartedSharedServer"),
                "the lazily started shared server and what it accepted are the run's");
        assertEquals(9, report.get("findings").size(), report.get("findings").toString());

        List<String> shared = new ArrayList<>();
        for (JsonNode fixture : report.get("sharedFixtures")) {
            assertTrue(!fixture.path("site").asText("").startsWith("dev.leakaudit.fixtures.OwnershipScenarios.")
                    && !fixture.path("site").asText("").startsWith("dev.leakaudit.fixtures.HelperConnection."),
                    "nothing a test made is listed as the run's: " + fixture);
            if (fixture.path("startedBy").asText("").equals(FIXTURE + "usesTheLazilyStartedSharedServer")) {
                shared.add(fixture.get("kind").asText());
            }
        }
        assertTrue(shared.contains("server-socket"), shared.toString());
        assertTrue(shared.contains("thread"), "its accept loop and connection thread: " + shared);
        assertTrue(report.get("sharedFixtures").toString().indexOf("KeepForLater") < 0,
                "the helper's list makes nothing shared: " + report.get("sharedFixtures"));
    }

    private static void assertParked(AgentRun run, String test, String kind) throws Exception {
        List<JsonNode> findings = run.findingsOf(FIXTURE + test);
        assertEquals(1, findings.size(), test + ": " + findings);
        JsonNode finding = findings.get(0);
        assertEquals(kind, finding.get("kind").asText(), finding.toString());
        assertEquals("leak", finding.get("severity").asText(), finding.toString());
        String site = finding.get("site").asText();
        assertTrue(site.startsWith("dev.leakaudit.fixtures.OwnershipScenarios.") || site.startsWith("dev.leakaudit.fixtures.Loopback.")
                || site.startsWith("dev.leakaudit.fixtures.HelperConnection."), finding.toString());
    }
}
