package dev.leakaudit.reports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.timeline.Timeline;
import dev.leakaudit.reports.timeline.TimelineReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open resources over the run, counted from real JFR recordings: the agent's recording of the
 * sample project, and recordings of the agent's event names made here, with events committed as
 * racing threads commit them (a close committed before its own open).
 */
class TimelineTest {

    /** The agent's open event, as the recording names it (the reader knows events by name and fields). */
    @Name("leakaudit.ResourceOpened")
    static final class Opened extends Event {
        String kind;
        long resourceId;
    }

    @Name("leakaudit.ResourceClosed")
    static final class Closed extends Event {
        String kind;
        long resourceId;
    }

    private static void opened(long id) {
        Opened event = new Opened();
        event.kind = "socket";
        event.resourceId = id;
        event.commit();
    }

    private static void closed(long id) {
        Closed event = new Closed();
        event.kind = "socket";
        event.resourceId = id;
        event.commit();
    }

    @Test
    void aCloseCommittedBeforeItsOpenEndsTheResource() throws Exception {
        Path file = dir.resolve("raced.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(Opened.class);
            recording.enable(Closed.class);
            recording.start();
            opened(1);
            closed(2); // resource 2 was opened on another thread, whose event came second
            opened(2);
            opened(3); // left open
            closed(1);
            recording.stop();
            recording.dump(file);
        }
        Timeline timeline = new TimelineReader().read(List.of(file));
        long[] last = timeline.points().get(timeline.points().size() - 1);
        assertEquals(1, last[1], "only resource 3 is still open: " + Arrays.toString(last));
        long peak = timeline.points().stream().mapToLong(p -> p[1]).max().orElseThrow();
        assertTrue(peak <= 2, "at most resources 1 and 3 were open at once, never 2 as well: " + peak);
    }

    @Test
    void manyThreadsOpeningAndClosingAtOnceEndWithNothingOpen() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        AtomicLong ids = new AtomicLong();
        Path file = dir.resolve("busy.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(Opened.class);
            recording.enable(Closed.class);
            recording.start();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean closeFirst = t % 2 == 0; // half of them commit the close before the open, as a race would
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        long id = ids.incrementAndGet();
                        if (closeFirst) {
                            closed(id);
                            opened(id);
                        } else {
                            opened(id);
                            closed(id);
                        }
                    }
                });
                workers.add(worker);
                worker.start();
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            opened(ids.incrementAndGet()); // the one opened without a close
            recording.stop();
            recording.dump(file);
        }
        Timeline timeline = new TimelineReader().read(List.of(file));
        long[] last = timeline.points().get(timeline.points().size() - 1);
        assertEquals(1, last[1], "open at end is the one opened without a close: " + Arrays.toString(last));
        long peak = timeline.points().stream().mapToLong(p -> p[1]).max().orElseThrow();
        assertTrue(peak <= threads + 1, "each thread holds at most one resource at a time: peak " + peak);
    }

    @TempDir
    Path dir;

    @Test
    void countsWhatWasOpenAtEachMoment() throws Exception {
        Fixtures.sample(dir);
        Timeline timeline = new TimelineReader().read(List.of(dir.resolve(Fixtures.RECORDING)));
        assertEquals(List.of("server-socket", "socket"), timeline.kinds());
        assertEquals(1, timeline.jvms());
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
