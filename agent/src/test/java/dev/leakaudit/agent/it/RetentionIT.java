package dev.leakaudit.agent.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.RetentionScenarios;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closed connections and their buffers that stay reachable, checked with forced garbage collection. */
class RetentionIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.RetentionScenarios#";
    private static final List<String> CLEAN = List.of("connectionRemovedFromMapOnClose",
            "pooledBuffersReusedAcrossConnections", "buffersOfAClosedConnectionDropped", "drainedBufferKeptAfterClose", "bufferBackInAPoolsFreeList");
    private static AgentRun run;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=500ms,retention=class,jfr=true", List.of(), RetentionScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    private static JsonNode onlyFinding(AgentRun of, String test, String kind) throws Exception {
        List<JsonNode> findings = of.findingsOf(FIXTURE + test);
        assertEquals(1, findings.size(), () -> test + " should have exactly one finding: " + findings);
        JsonNode finding = findings.get(0);
        assertEquals(kind, finding.get("kind").asText(), finding.toString());
        assertEquals("leak", finding.get("severity").asText());
        assertEquals("test", finding.get("attribution").asText());
        assertEquals(1, of.testEntry(FIXTURE + test).get("findings").asInt());
        return finding;
    }

    @Test
    void closedChannelKeptInAMapIsRetained() throws Exception {
        JsonNode finding = onlyFinding(run, "closedChannelKeptInConnectionMap", "retained");
        assertTrue(finding.get("resource").asText().contains("SocketChannelImpl"), finding.toString());
        assertTrue(finding.get("site").asText().startsWith("dev.leakaudit.fixtures.RetentionScenarios.connect("),
                finding.toString());
        String message = finding.get("message").asText();
        assertTrue(message.contains("still strongly reachable after"), message);
        assertTrue(message.contains("after the end of class dev.leakaudit.fixtures.RetentionScenarios"), message);
        assertEquals("[\"RetentionScenarios$ConnectionTable.OPEN\",\"ConcurrentHashMap\"]",
                finding.get("referencePath").toString(), finding.toString());
        assertTrue(message.contains("Held by: RetentionScenarios$ConnectionTable.OPEN -> ConcurrentHashMap."), message);
        assertTrue(message.contains("was closed on thread main"), message); // an ordinary close records no stack
    }

    @Test
    void pendingBufferKeptAfterCloseIsABufferLeak() throws Exception {
        JsonNode finding = onlyFinding(run, "pendingBufferKeptAfterClose", "buffer");
        assertTrue(finding.get("resource").asText().contains("HeapByteBuffer"), finding.toString());
        assertTrue(finding.get("site").asText().startsWith("dev.leakaudit.fixtures.RetentionScenarios.exchange("),
                finding.toString());
        String message = finding.get("message").asText();
        assertTrue(message.contains("capacity 4096, position 7"), message);
        assertEquals(4096, finding.get("bytes").asInt(), finding.toString());
        assertTrue(message.contains("pending data kept after its connection closed"), message);
        assertEquals("[\"RetentionScenarios$ConnectionTable.PENDING\",\"CopyOnWriteArrayList\"]",
                finding.get("referencePath").toString(), finding.toString());
    }

    @Test
    void smallHeapBuffersAreNotesAndSmallDirectOnesAndPoolsInUseListsStayLeaks() throws Exception {
        assertEquals(List.of(), run.findingsOf(FIXTURE + "smallHeapBufferKeptAfterClose"));
        List<JsonNode> notes = run.notesOf(FIXTURE + "smallHeapBufferKeptAfterClose");
        assertEquals(1, notes.size(), notes.toString());
        assertEquals("buffer", notes.get(0).get("kind").asText());
        assertTrue(notes.get(0).get("message").asText().contains("A note, not a leak: a heap buffer of 16 bytes"),
                notes.toString());
        JsonNode direct = onlyFinding(run, "smallDirectBufferKeptAfterClose", "buffer");
        assertEquals(16, direct.get("bytes").asInt(), direct.toString());
        JsonNode lent = onlyFinding(run, "bufferLeftInAPoolsInUseList", "buffer");
        assertEquals("[\"RetentionScenarios$BufferPool.IN_USE\",\"CopyOnWriteArrayList\"]",
                lent.get("referencePath").toString(), lent.toString());
    }

    @Test
    void cleanControlsAndTheTestsOwnFixture() throws Exception {
        for (String test : CLEAN) {
            assertEquals(List.of(), run.findingsOf(FIXTURE + test), test);
        }
        assertEquals(List.of(), run.findingsOf("dev.leakaudit.fixtures.RetentionScenarios"),
                "the server kept in the test's static field is the test's own");
    }

    @Test
    void findingsReachTheConsoleAndFlightRecorder() throws Exception {
        assertTrue(run.stdout.contains("buffer 1") && run.stdout.contains("retained 1"), run.describe());
        List<String> kinds = new ArrayList<>();
        Path recording = run.jfrFile();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("leakaudit.LeakFinding")) {
                kinds.add(event.getString("kind"));
            }
        }
        assertTrue(kinds.contains("retained") && kinds.contains("buffer"), kinds.toString());
    }

    @Test
    void retentionPerTestAttributesTheSameWay() throws Exception {
        AgentRun perTest = AgentRun.fixtures("linger=500ms,retention=test", List.of(),
                RetentionScenarios.class);
        assertEquals(0, perTest.exitCode, perTest.describe());
        JsonNode finding = onlyFinding(perTest, "closedChannelKeptInConnectionMap", "retained");
        assertTrue(finding.get("message").asText().contains("after the end of test " + FIXTURE), finding.toString());
        onlyFinding(perTest, "pendingBufferKeptAfterClose", "buffer");
        for (String test : CLEAN) {
            assertEquals(List.of(), perTest.findingsOf(FIXTURE + test), test);
        }
    }

    @Test
    void retentionAtRunEndIsTheDefaultAndFindsTheSame() throws Exception {
        AgentRun atEnd = AgentRun.fixtures("linger=500ms", List.of(), RetentionScenarios.class);
        assertEquals(0, atEnd.exitCode, atEnd.describe());
        assertEquals("run", atEnd.report().get("agent").get("options").get("retention").asText());
        onlyFinding(atEnd, "closedChannelKeptInConnectionMap", "retained");
        onlyFinding(atEnd, "pendingBufferKeptAfterClose", "buffer");
        assertTrue(atEnd.report().get("findings").get(0).get("message").asText().contains("at the end of the run"));
        for (String test : CLEAN) {
            assertEquals(List.of(), atEnd.findingsOf(FIXTURE + test), test);
        }
        assertEquals(List.of(), atEnd.findingsOf("dev.leakaudit.fixtures.RetentionScenarios"),
                "the server kept in the test's static field is the test's own");
    }

    @Test
    void retentionOffChecksNothing() throws Exception {
        AgentRun off = AgentRun.fixtures("linger=500ms,jfr=false,retention=off", List.of(), RetentionScenarios.class);
        assertEquals(0, off.exitCode, off.describe());
        assertEquals(0, off.report().get("findings").size(), off.report().get("findings").toString());
    }

    @Test
    void withoutWorkingSystemGcNothingIsGuessed() throws Exception {
        AgentRun noGc = AgentRun.fixtures("linger=500ms,jfr=false", List.of("-XX:+DisableExplicitGC"),
                RetentionScenarios.class);
        assertEquals(0, noGc.exitCode, noGc.describe());
        assertEquals(0, noGc.report().get("findings").size(), noGc.report().get("findings").toString());
        assertTrue(noGc.stderr.contains("[leak-audit] retention check skipped"), noGc.stderr);
    }

    @Test
    void badOptionValuesAreOneClearLine() throws Exception {
        List<String> plain = List.of("dev.leakaudit.fixtures.PlainProgram");
        for (String[] bad : new String[][] {
                {"retention=sometimes", "option 'retention': 'sometimes' is not one of test, class, run, off"},
                {"handlers=com.example.Events#on", "option 'handlers': 'com.example.Events#on' is not CLASS#ADD/REMOVE"},
                {"cleanup=com.example.Connection", "option 'cleanup': 'com.example.Connection' is not CLASS#METHOD"}}) {
            AgentRun failed = AgentRun.withAgentArgument("-javaagent:" + AgentRun.AGENT_JAR + "=" + bad[0], plain);
            assertEquals(0, failed.exitCode, failed.describe());
            assertTrue(failed.stdout.contains("plain program done"), failed.describe());
            assertTrue(failed.stderr.contains("[leak-audit] " + bad[1]), failed.stderr);
            assertTrue(failed.stderr.contains("runs without leak auditing"), failed.stderr);
            assertEquals(1, failed.stderr.strip().lines().count(), failed.stderr);
            assertFalse(failed.stdout.contains("[leak-audit]"), failed.stdout);
        }
    }
}
