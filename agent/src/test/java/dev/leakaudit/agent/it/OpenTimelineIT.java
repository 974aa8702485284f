package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's own timeline, counted by the agent as resources open and close: no flight
 * recording is needed to draw the run's chart.
 */
class OpenTimelineIT {

    private static final String PROGRAM = "dev.leakaudit.fixtures.CountedProgram";

    private static JsonNode timelineOf(String open, String keep) throws Exception {
        AgentRun run = AgentRun.java("jfr=false", List.of(), List.of(PROGRAM, open, keep));
        assertEquals(0, run.exitCode, run.describe());
        JsonNode timeline = run.report().get("timeline");
        assertTrue(timeline != null && timeline.isObject(), run.report().toString());
        return timeline;
    }

    private static int column(JsonNode timeline, String kind) {
        JsonNode kinds = timeline.get("kinds");
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).asText().equals(kind)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " in " + timeline);
    }

    private static int peak(JsonNode timeline, int column) {
        int peak = 0;
        for (JsonNode point : timeline.get("points")) {
            peak = Math.max(peak, point.get(column + 1).asInt());
        }
        return peak;
    }

    @Test
    void showsEverythingOpenAtOnceAndWhatWasKeptAtTheEnd() throws Exception {
        JsonNode timeline = timelineOf("5", "2");
        int servers = column(timeline, "server-socket");
        assertEquals(5, peak(timeline, servers), timeline.toString());
        assertEquals(2, timeline.get("openAtEnd").get(servers).asInt(), timeline.toString());
        assertTrue(timeline.get("sliceMillis").asLong() >= 100, timeline.toString());
        long previous = -1;
        for (JsonNode point : timeline.get("points")) {
            assertEquals(timeline.get("kinds").size() + 1, point.size(), point.toString());
            assertTrue(point.get(0).asLong() > previous, "points in time order: " + timeline);
            previous = point.get(0).asLong();
        }
    }

    @Test
    void aProgramThatClosesEverythingEndsWithNothingOpen() throws Exception {
        JsonNode timeline = timelineOf("3", "0");
        int servers = column(timeline, "server-socket");
        assertEquals(3, peak(timeline, servers), timeline.toString());
        assertEquals(0, timeline.get("openAtEnd").get(servers).asInt(), timeline.toString());
    }
}
