package dev.leakaudit.agent.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.leakaudit.fixtures.DoubleCloseScenarios;
import dev.leakaudit.fixtures.LeakScenarios;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's JFR events, read back from its own recording and from a recording the user started. */
class FlightRecorderIT {

    private static AgentRun run;
    private static Path userRecording;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=300ms,stacks=full,jfr=true", List.of("-XX:StartFlightRecording=filename=user.jfr,settings=default"),
                LeakScenarios.class, DoubleCloseScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        userRecording = run.destdir.resolve("user.jfr");
    }

    private static List<RecordedEvent> events(Path file, String name) throws Exception {
        List<RecordedEvent> matching = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().equals(name)) {
                matching.add(event);
            }
        }
        return matching;
    }

    @Test
    void openedAndClosedEventsCarryKindTestAndWithStacksFullTheStack() throws Exception {
        List<RecordedEvent> opened = events(run.jfrFile(), "leakaudit.ResourceOpened");
        assertTrue(opened.size() >= 10, "opened events: " + opened.size());
        RecordedEvent socket = opened.stream()
                .filter(e -> "dev.leakaudit.fixtures.LeakScenarios#leaksSocket".equals(e.getString("test")))
                .findFirst().orElseThrow();
        assertEquals("socket", socket.getString("kind"));
        assertTrue(socket.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getName().equals("leaksSocket")));
        assertEquals("Leak Audit", socket.getEventType().getCategoryNames().get(0));
        List<RecordedEvent> closed = events(run.jfrFile(), "leakaudit.ResourceClosed");
        assertFalse(closed.isEmpty());
    }

    @Test
    void everyFindingIsAnEvent() throws Exception {
        List<RecordedEvent> findings = events(run.jfrFile(), "leakaudit.LeakFinding");
        int notes = 0;
        for (com.fasterxml.jackson.databind.JsonNode group : run.report().get("notes")) {
            notes += group.get("count").asInt();
        }
        assertEquals(run.report().get("findings").size() + notes, findings.size(), "every finding and every note");
        RecordedEvent serverLeak = findings.stream()
                .filter(e -> "dev.leakaudit.fixtures.LeakScenarios#leaksServerSocket".equals(e.getString("test")))
                .findFirst().orElseThrow();
        assertEquals("server-socket", serverLeak.getString("kind"));
        assertEquals("leak", serverLeak.getString("severity"));
        assertTrue(serverLeak.getString("creationStack").contains("leaksServerSocket"));
    }

    @Test
    void doubleCloseEventNamesTheFirstClose() throws Exception {
        List<RecordedEvent> doubles = events(run.jfrFile(), "leakaudit.DoubleClose");
        assertEquals(2, doubles.size());
        assertTrue(doubles.get(0).getString("firstClose").contains("firstCleanupPath"));
    }

    @Test
    void eventsAlsoReachARecordingTheUserStarted() throws Exception {
        assertFalse(events(userRecording, "leakaudit.ResourceOpened").isEmpty());
        assertFalse(events(userRecording, "leakaudit.LeakFinding").isEmpty());
    }

    /** By default the agent records nothing of its own, yet a recording the user starts still gets its events. */
    @Test
    void withDefaultOptionsTheUsersRecordingGetsTheEventsAndNoOtherFileIsWritten() throws Exception {
        AgentRun plain = AgentRun.fixtures("linger=300ms",
                List.of("-XX:StartFlightRecording=filename=user.jfr,settings=default"), LeakScenarios.class);
        assertEquals(0, plain.exitCode, plain.describe());
        Path users = plain.destdir.resolve("user.jfr");
        assertFalse(events(users, "leakaudit.ResourceOpened").isEmpty());
        assertFalse(events(users, "leakaudit.LeakFinding").isEmpty());
        assertEquals(List.of(), plain.files(".jfr"), "no leak-report-*.jfr without jfr=true");
    }
}
