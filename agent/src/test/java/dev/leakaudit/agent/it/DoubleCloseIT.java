package dev.leakaudit.agent.it;

import java.util.List;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.DoubleCloseScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plain second close is a note with the stacks of both closes; a close through a stream, an
 * adaptor or an SSL layer followed by the owner's close is no finding at all.
 */
class DoubleCloseIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.DoubleCloseScenarios#";
    private static AgentRun run;
    private static AgentRun fullStacks;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=500ms,jfr=true", List.of(), DoubleCloseScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    /**
     * By default an ordinary close records no stack (its time and thread only), so the note shows the
     * second close's stack and the first close's thread; {@code stacks=full} keeps both stacks.
     */
    private static void assertDoubleClose(String test, String kind) throws Exception {
        JsonNode finding = onlyDoubleClose(run, test, kind);
        assertEquals("[]", finding.get("firstClose").toString(), finding.toString());
        assertTrue(finding.get("message").asText().contains("first on thread main"), finding.toString());

        JsonNode withStacks = onlyDoubleClose(fullStacksRun(), test, kind);
        assertTrue(withStacks.get("firstClose").toString().contains("firstCleanupPath"), withStacks.toString());
        assertTrue(withStacks.get("message").asText().contains("first at dev.leakaudit.fixtures.DoubleCloseScenarios."),
                withStacks.toString());
    }

    private static synchronized AgentRun fullStacksRun() throws Exception {
        if (fullStacks == null) {
            fullStacks = AgentRun.fixtures("linger=500ms,stacks=full,jfr=true", List.of(), DoubleCloseScenarios.class);
            assertEquals(0, fullStacks.exitCode, fullStacks.describe());
        }
        return fullStacks;
    }

    private static JsonNode onlyDoubleClose(AgentRun run, String test, String kind) throws Exception {
        assertEquals(List.of(), run.findingsOf(FIXTURE + test), "a note is not a finding");
        List<JsonNode> notes = run.notesOf(FIXTURE + test);
        assertEquals(1, notes.size(), notes.toString());
        JsonNode finding = notes.get(0);
        assertEquals(1, finding.get("count").asInt(), finding.toString());
        assertEquals(0, run.testEntry(FIXTURE + test).get("findings").asInt(), "notes never make a test affected");
        assertEquals(1, run.testEntry(FIXTURE + test).get("notes").asInt());
        assertEquals("double-close", finding.get("kind").asText());
        assertEquals("note", finding.get("severity").asText());
        assertTrue(finding.get("secondClose").toString().contains("secondCleanupPath"), finding.toString());
        assertTrue(finding.get("message").asText().contains("closed twice"), finding.toString());
        assertTrue(finding.get("resource").asText().contains(kind), finding.toString());
        return finding;
    }

    @Test
    void socketClosedTwice() throws Exception {
        assertDoubleClose("closesSocketTwice", "Socket");
    }

    @Test
    void channelClosedTwice() throws Exception {
        assertDoubleClose("closesChannelTwice", "SocketChannel");
    }

    @Test
    void byDefaultOpenAndCloseEventsCarryNoStackButTheDoubleCloseDoes() throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(run.jfrFile());
        List<RecordedEvent> opened = ofType(events, "leakaudit.ResourceOpened");
        List<RecordedEvent> closed = ofType(events, "leakaudit.ResourceClosed");
        assertFalse(opened.isEmpty());
        assertFalse(closed.isEmpty());
        assertTrue(opened.stream().allMatch(e -> e.getStackTrace() == null), "open events are cheap by default");
        assertTrue(closed.stream().allMatch(e -> e.getStackTrace() == null), "close events are cheap by default");
        assertTrue(ofType(events, "leakaudit.DoubleClose").stream().allMatch(e -> e.getStackTrace() != null));
    }

    private static List<RecordedEvent> ofType(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    @Test
    void singleCloseIsClean() throws Exception {
        assertEquals(List.of(), run.findingsOf(FIXTURE + "closesOnce"));
    }

    @Test
    void closingThroughAWrapperAndThenTheOwnerIsOneClose() throws Exception {
        for (String test : List.of("closesThroughItsStreamsThenTheSocket", "closesChannelThroughItsAdaptorThenTheChannel",
                "closesSslSocketWithAutoCloseThenThePlainSocket")) {
            assertEquals(List.of(), run.findingsOf(FIXTURE + test), test);
            assertEquals("successful", run.testEntry(FIXTURE + test).get("status").asText(), test);
        }
    }

    @Test
    void notesAreCountedApartFromLeaksAndWarnings() throws Exception {
        JsonNode summary = run.report().get("summary");
        assertEquals(0, summary.get("leaks").asInt());
        assertEquals(0, summary.get("warnings").asInt());
        assertEquals(0, summary.get("findings").asInt());
        assertEquals(0, summary.get("testsAffected").asInt(), "a test with only a note is not affected");
        assertEquals(2, summary.get("notes").asInt());
        assertEquals(2, summary.get("notesByKind").get("double-close").asInt());
        assertEquals(0, run.report().get("findings").size());
        assertTrue(run.stdout.contains("[leak-audit] no leaks in "), run.describe());
        assertTrue(run.stdout.contains("; 2 notes (double-close 2)"), run.describe());
    }
}
