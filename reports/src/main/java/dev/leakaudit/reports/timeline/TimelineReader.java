package dev.leakaudit.reports.timeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the agent's {@code leakaudit.ResourceOpened} / {@code ResourceClosed} events from each
 * JVM's {@code .jfr} file and counts what was open at every moment, all JVMs added together.
 *
 * <p>Events are ordered by their own time (nanoseconds), an open before a close of the same
 * resource at the same instant. A resource opened on one thread and closed at once on another can
 * still have its close event committed before its open event: a close seen before its open ends
 * that resource, and the open that follows is not counted, so nothing stays "open" for ever.
 */
public final class TimelineReader {

    static final String OPENED = "leakaudit.ResourceOpened";
    static final String CLOSED = "leakaudit.ResourceClosed";
    private static final int SLICES = 240;

    private record Change(Instant at, String kind, int session, long resourceId, boolean opened) {
        long epochMillis() {
            return at.toEpochMilli();
        }
    }

    /** Time first; at the same instant an open before a close, so a resource never ends before it begins. */
    private static final Comparator<Change> IN_ORDER = Comparator.comparing(Change::at)
            .thenComparing(change -> !change.opened());

    /** Null when no recording holds any of the agent's events. */
    public Timeline read(List<Path> recordings) throws IOException {
        List<Change> changes = new ArrayList<>();
        int read = 0;
        for (int session = 0; session < recordings.size(); session++) {
            try (RecordingFile file = new RecordingFile(recordings.get(session))) {
                read++;
                while (file.hasMoreEvents()) {
                    RecordedEvent event = file.readEvent();
                    String name = event.getEventType().getName();
                    boolean opened = name.equals(OPENED);
                    if (opened || name.equals(CLOSED)) {
                        changes.add(new Change(event.getStartTime(), event.getString("kind"), session,
                                event.getLong("resourceId"), opened));
                    }
                }
            }
        }
        if (changes.isEmpty()) {
            return null;
        }
        changes.sort(IN_ORDER);
        Map<String, Integer> columns = new TreeMap<>();
        changes.forEach(c -> columns.putIfAbsent(c.kind() == null ? "unknown" : c.kind(), 0));
        List<String> kinds = new ArrayList<>(columns.keySet());
        for (int i = 0; i < kinds.size(); i++) {
            columns.put(kinds.get(i), i);
        }
        long start = changes.get(0).epochMillis();
        long end = changes.get(changes.size() - 1).epochMillis();
        double slice = Math.max(1.0, (end - start) / (double) SLICES);

        List<long[]> points = new ArrayList<>();
        long[] open = new long[kinds.size()];
        long[] peak = new long[kinds.size()];
        Set<String> live = new HashSet<>();
        Set<String> closedBeforeOpen = new HashSet<>();
        points.add(withTime(0, open));
        int currentSlice = 0;
        for (Change change : changes) {
            int sliceOf = (int) Math.min(SLICES, (change.epochMillis() - start) / slice);
            if (sliceOf != currentSlice) {
                points.add(withTime(Math.round(currentSlice * slice + slice), peak));
                peak = open.clone();
                currentSlice = sliceOf;
            }
            int column = columns.get(change.kind() == null ? "unknown" : change.kind());
            String id = change.session() + ":" + change.resourceId();
            if (change.opened()) {
                if (!closedBeforeOpen.remove(id) && live.add(id)) {
                    open[column]++;
                }
            } else if (live.remove(id)) {
                open[column]--;
            } else {
                closedBeforeOpen.add(id); // its open event was committed after its close: it is over
            }
            peak[column] = Math.max(peak[column], open[column]);
        }
        points.add(withTime(end - start, peak));
        points.add(withTime(end - start, open));
        return new Timeline(start, end, kinds, points, read, Timeline.FROM_RECORDINGS);
    }

    private static long[] withTime(long millis, long[] counts) {
        long[] point = new long[counts.length + 1];
        point[0] = millis;
        System.arraycopy(counts, 0, point, 1, counts.length);
        return point;
    }
}
