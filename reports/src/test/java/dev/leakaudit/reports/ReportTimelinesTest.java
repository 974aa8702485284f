package dev.leakaudit.reports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.merge.RunReader;
import dev.leakaudit.reports.model.ReportReader;
import dev.leakaudit.reports.timeline.ReportTimelines;
import dev.leakaudit.reports.timeline.Timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run's chart from the counts each JVM's agent wrote into its report: JVMs laid on one clock
 * and added together, with no recording beside them.
 */
class ReportTimelinesTest {

    @TempDir
    Path dir;

    /** A sample report started at {@code startedAt} whose agent counted {@code timeline}. */
    private Path report(String name, String startedAt, String timeline) throws Exception {
        return Fixtures.variant(dir, name, tree -> {
            tree.put("startedAt", startedAt);
            tree.remove("jfr");
            tree.putNull("jfr");
            try {
                tree.set("timeline", ReportReader.JSON.readTree(timeline));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return tree;
        });
    }

    private MergedRun read(Path... reports) throws Exception {
        return new RunReader().read(List.of(reports));
    }

    @Test
    void twoJvmsOverlappingInTimeAreAddedTogether() throws Exception {
        Path first = report("leak-report-1-a.json", "2026-11-29T17:00:00.000Z",
                "{\"sliceMillis\":100,\"kinds\":[\"socket\"],\"points\":[[0,1],[100,3],[200,2]],\"openAtEnd\":[1]}");
        Path second = report("leak-report-2-b.json", "2026-11-29T17:00:00.150Z",
                "{\"sliceMillis\":100,\"kinds\":[\"server-socket\",\"socket\"],\"points\":[[0,1,2],[100,0,1]],"
                        + "\"openAtEnd\":[0,0]}");
        Timeline timeline = ReportTimelines.of(read(first, second).sessions());

        assertEquals(List.of("server-socket", "socket"), timeline.kinds());
        assertEquals(2, timeline.jvms());
        assertEquals(Timeline.FROM_REPORTS, timeline.source());
        assertEquals(350, timeline.endEpochMillis() - timeline.startEpochMillis());
        long peakSockets = timeline.points().stream().mapToLong(p -> p[2]).max().orElseThrow();
        assertEquals(5, peakSockets, "3 in the first JVM and 2 in the second, at once");
        long peakServers = timeline.points().stream().mapToLong(p -> p[1]).max().orElseThrow();
        assertEquals(1, peakServers);
        assertArrayEquals(new long[] {350, 0, 1}, timeline.points().get(timeline.points().size() - 1),
                "what the first JVM left open stays counted after it ends");
        long previous = -1;
        for (long[] point : timeline.points()) {
            assertTrue(point[0] >= previous, "in time order");
            previous = point[0];
        }
    }

    @Test
    void reportsWithoutCountsGiveNoTimeline() throws Exception {
        Path old = Fixtures.variant(dir, "leak-report-3-c.json", tree -> tree);
        assertNull(ReportTimelines.of(read(old).sessions()));
    }

    @Test
    void thePageOfReportsWithoutRecordingsDrawsTheirCounts() throws Exception {
        report("leak-report-1-a.json", "2026-11-29T17:00:00.000Z",
                "{\"sliceMillis\":100,\"kinds\":[\"socket\"],\"points\":[[0,1],[100,3]],\"openAtEnd\":[1]}");
        Fixtures.Run run = Fixtures.cli("report", "--out", dir.resolve("page").toString(), "--fail-on", "never",
                dir.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(!run.err().contains("no timeline"), run.toString());
        String page = Files.readString(dir.resolve("page/index.html"), StandardCharsets.UTF_8);
        assertTrue(page.replaceAll("\\s", "").contains("\"source\":\"reports\""), "the page's timeline is the reports' own");
    }
}
