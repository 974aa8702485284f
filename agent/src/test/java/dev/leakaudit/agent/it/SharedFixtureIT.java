package dev.leakaudit.agent.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.SharedFixtureScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server and a pool kept in static holders for the whole run are shared fixtures, listed in the
 * report and not blamed on the test that started them; a client a test leaves open against the
 * shared server, and a server a test class keeps in its own static field, stay findings.
 */
class SharedFixtureIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.SharedFixtureScenarios#";

    @Test
    void sharedFixturesAreRecognisedWithoutConfiguration() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=300ms,jfr=false", List.of("-Dleakaudit.timing=true"),
                SharedFixtureScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        JsonNode report = run.report();
        // The run's end waits for what may still end in time, never for a shared fixture: those are
        // settled at once (and listed once: the counts below are the same).
        java.util.regex.Matcher runEnd = java.util.regex.Pattern
                .compile("run end: waited \\d+ ms for \\d+ things \\((\\d+) more settled as shared fixtures without waiting\\)")
                .matcher(run.stderr);
        assertTrue(runEnd.find(), run.stderr);
        assertTrue(Integer.parseInt(runEnd.group(1)) >= 1, runEnd.group());
        assertEquals(List.of(), run.findingsOf(FIXTURE + "startsTheSharedServer"), "the control: started, used, "
                + "closed; the server it started is the run's");
        assertEquals(List.of(), run.findingsOf(FIXTURE + "usesTheSharedPool"), "the pool's workers are the run's");
        assertEquals(List.of(), run.findingsOf(FIXTURE + "startsTheSharedEvictor"), "the holder's own periodic timer, "
                + "and the scheduler's worker, are the run's");
        assertEquals(List.of("timer"), kinds(run.findingsOf(FIXTURE + "leavesAPeriodicTimerOnTheSharedScheduler")),
                "a test's timer left on a shared scheduler is the test's leak");

        List<JsonNode> leakedClient = run.findingsOf(FIXTURE + "leavesAClientOfTheSharedServerOpen");
        assertEquals(List.of("socket"), kinds(leakedClient), "only the client: the server's side of it and its "
                + "connection thread are the shared server's: " + leakedClient);
        assertTrue(leakedClient.get(0).get("site").asText().contains("leavesAClientOfTheSharedServerOpen"),
                leakedClient.toString());

        assertEquals(List.of("thread"), kinds(run.findingsOf(FIXTURE + "leavesAThreadHoldingTheSharedServer")),
                "a later test's thread that holds the shared server is that test's leak, not an accept loop");
        List<JsonNode> ownServer = run.findingsOf(FIXTURE + "startsItsOwnServerAndNeverStopsIt");
        assertEquals(List.of("server-socket"), kinds(ownServer), "a test class's own static server is its leak");
        assertEquals(4, report.get("findings").size(), report.get("findings").toString());

        List<String> shared = new ArrayList<>();
        for (JsonNode fixture : report.get("sharedFixtures")) {
            shared.add(fixture.get("kind").asText() + " " + fixture.get("count").asInt());
        }
        assertTrue(shared.contains("server-socket 1"), shared.toString());
        assertTrue(find(report.get("sharedFixtures"), "timer").get("why").asText()
                .startsWith("held by SharedPools.evictor"), shared.toString());
        assertTrue(shared.contains("socket 2") || shared.contains("socket 1"), "accepted connections: " + shared);
        JsonNode listener = find(report.get("sharedFixtures"), "server-socket");
        assertEquals(FIXTURE + "startsTheSharedServer", listener.get("startedBy").asText(), listener.toString());
        assertTrue(listener.get("why").asText().startsWith("held by SharedEchoServer.instance -> "
                + "SharedEchoServer.listener"), listener.toString());
        int kept = report.get("summary").get("sharedFixtures").asInt();
        assertTrue(kept >= 5, report.get("summary").toString());
        String console = run.stdout + run.stderr;
        assertTrue(console.contains("[leak-audit] 4 leaks, 0 warnings (server-socket 1, socket 1, thread 1, timer 1) in 4 of "
                + "7 tests; " + kept
                + " things kept by shared fixtures (listed in the report); report: "), console);
    }

    @Test
    void fixturesDeclaredByTestAndExcludesByKind() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=300ms,jfr=false,fixtures=" + FIXTURE + "startsItsOwnServer,"
                + "excludes=socket@" + FIXTURE.replace("#", ".") + "leavesAClient:timer@" + FIXTURE.replace("#", ".")
                + "leavesAPeriodicTimer:thread@" + FIXTURE.replace("#", ".") + "leavesAThreadHolding", List.of(),
                SharedFixtureScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        JsonNode report = run.report();
        assertEquals(0, report.get("findings").size(), report.get("findings").toString());
        JsonNode declared = find(report.get("sharedFixtures"), "server-socket", FIXTURE + "startsItsOwnServerAndNeverStopsIt");
        assertEquals("declared with fixtures=", declared.get("why").asText(), declared.toString());
    }

    @Test
    void anExcludeNamingNoKindIsOneClearLine() throws Exception {
        AgentRun run = AgentRun.fixtures("excludes=sockets@com.acme.", List.of(), SharedFixtureScenarios.class);
        assertTrue(run.stderr.contains("[leak-audit] option 'excludes': 'sockets@com.acme.' names no kind of finding"),
                run.stderr);
        assertTrue(run.stderr.contains("runs without leak auditing"), run.stderr);
    }

    private static List<String> kinds(List<JsonNode> findings) {
        List<String> kinds = new ArrayList<>();
        findings.forEach(finding -> kinds.add(finding.get("kind").asText()));
        return kinds;
    }

    private static JsonNode find(JsonNode fixtures, String kind) {
        return find(fixtures, kind, null);
    }

    private static JsonNode find(JsonNode fixtures, String kind, String startedBy) {
        for (JsonNode fixture : fixtures) {
            if (fixture.get("kind").asText().equals(kind)
                    && (startedBy == null || startedBy.equals(fixture.get("startedBy").asText()))) {
                return fixture;
            }
        }
        throw new AssertionError("no shared " + kind + " in " + fixtures);
    }
}
