package dev.leakaudit.agent.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.events.AuditEvents;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.format.JsonWriter;
import dev.leakaudit.format.Kinds;

/**
 * How many resources of each kind were open over the run, kept by the agent itself as they open
 * and close (so the page's chart needs no flight recording): per slice of {@link #SLICE_MILLIS},
 * the most open at once. Written with the report, at most {@link #POINTS} points. Cheap on the hot
 * path: one counter and one slice's maximum per event; a close seen before its open cannot make a
 * count negative in what is written.
 */
public final class OpenTimeline implements AuditEvents {

    static final long SLICE_MILLIS = 100;
    static final int POINTS = 240;

    private final long startedAtMillis;
    private final List<String> kinds = Kinds.ids();
    private final AtomicIntegerArray open = new AtomicIntegerArray(kinds.size());
    private final ConcurrentHashMap<Long, AtomicIntegerArray> peaks = new ConcurrentHashMap<>();
    private volatile long currentSlice = -1;
    private volatile AtomicIntegerArray currentPeaks;
    private final AtomicLong events = new AtomicLong();

    public OpenTimeline(long startedAtMillis) {
        this.startedAtMillis = startedAtMillis;
    }

    @Override
    public void opened(String kind, String resourceClass, long resourceId, String test) {
        change(kind, 1);
    }

    @Override
    public void closed(String kind, String resourceClass, long resourceId, String test, long openMillis) {
        change(kind, -1);
    }

    @Override
    public void closedAgain(String kind, String resourceClass, long resourceId, String test, String firstCloseStack) {
        events.incrementAndGet();
    }

    @Override
    public void finding(Finding finding) {
        events.incrementAndGet();
    }

    /** How many opens, closes and findings were seen: unchanged means nothing happened in between. */
    public long events() {
        return events.get();
    }

    private void change(String kind, int delta) {
        events.incrementAndGet();
        int column = kinds.indexOf(kind);
        if (column < 0) {
            return;
        }
        int now = open.addAndGet(column, delta);
        AtomicIntegerArray slice = slice(System.currentTimeMillis());
        slice.accumulateAndGet(column, now, Math::max);
        slice.set(kinds.size() + column, now); // the count as the slice ends, carried into quiet slices
    }

    private AtomicIntegerArray slice(long nowMillis) {
        long slice = Math.max(0, nowMillis - startedAtMillis) / SLICE_MILLIS;
        AtomicIntegerArray cached = currentPeaks;
        if (slice == currentSlice && cached != null) {
            return cached;
        }
        AtomicIntegerArray created = peaks.computeIfAbsent(slice, ignored -> new AtomicIntegerArray(2 * kinds.size()));
        currentPeaks = created;
        currentSlice = slice;
        return created;
    }

    /** True once anything opened. */
    public boolean isEmpty() {
        return peaks.isEmpty();
    }

    /**
     * {@code {"sliceMillis": ..., "kinds": [...], "points": [[millisSinceStart, count per kind...], ...]}}:
     * the kinds that opened anything, each point the most open at once within its slice of time.
     */
    public void write(JsonWriter json, long endedAtMillis) throws IOException {
        List<Integer> columns = new ArrayList<>();
        for (int column = 0; column < kinds.size(); column++) {
            for (AtomicIntegerArray slice : peaks.values()) {
                if (slice.get(column) > 0) {
                    columns.add(column);
                    break;
                }
            }
        }
        long last = Math.max(0, endedAtMillis - startedAtMillis) / SLICE_MILLIS;
        long per = Math.max(1, (last + POINTS) / POINTS); // slices folded into one point
        json.beginObject().member("sliceMillis", SLICE_MILLIS * per);
        json.name("kinds").beginArray();
        for (int column : columns) {
            json.value(kinds.get(column));
        }
        json.endArray();
        json.name("points").beginArray();
        int[] current = new int[kinds.size()]; // open as the previous slice ended
        for (long first = 0; first <= last; first += per) {
            int[] most = current.clone();
            for (long slice = first; slice < first + per && slice <= last; slice++) {
                AtomicIntegerArray counts = peaks.get(slice);
                if (counts != null) {
                    for (int column : columns) {
                        most[column] = Math.max(most[column], counts.get(column));
                        current[column] = counts.get(kinds.size() + column);
                    }
                }
            }
            json.beginArray().value(first * SLICE_MILLIS);
            for (int column : columns) {
                json.value(Math.max(0, most[column]));
            }
            json.endArray();
        }
        json.endArray();
        json.name("openAtEnd").beginArray();
        for (int column : columns) {
            json.value(Math.max(0, open.get(column)));
        }
        json.endArray();
        json.endObject();
    }
}
