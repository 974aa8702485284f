package dev.leakaudit.reports;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.timeline.Timeline;
import dev.leakaudit.reports.timeline.TimelineReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Open resources over the run, counted from the agent's real JFR recording of the sample project. */
class TimelineTest {

    @TempDir
    Path dir;

    @Test
    void countsWhatWasOpenAtEachMoment() throws Exception {
        Fixtures.sample(dir);
        Timeline timeline = new TimelineReader().read(List.of(dir.resolve(Fixtures.RECORDING)));
        assertEquals(List.of("server-socket", "socket"), timeline.kinds());
        assertEquals(1, timeline.recordings());
        long[] last = timeline.points().get(timeline.points().size() - 1);
        // What the run left open: the second server and the client socket the test forgot.
        assertEquals(1, last[1], Arrays.toString(last));
        assertEquals(1, last[2], Arrays.toString(last));
        long peakServers = timeline.points().stream().mapToLong(p -> p[1]).max().orElseThrow();
        long peakSockets = timeline.points().stream().mapToLong(p -> p[2]).max().orElseThrow();
        assertEquals(2, peakServers);
        assertEquals(3, peakSockets);
        assertTrue(timeline.endEpochMillis() > timeline.startEpochMillis());
        // Two JVMs' recordings add up.
        Timeline twice = new TimelineReader().read(List.of(dir.resolve(Fixtures.RECORDING), dir.resolve(Fixtures.RECORDING)));
        assertEquals(2, twice.points().get(twice.points().size() - 1)[2]);
    }
}
