package dev.leakaudit.reports.timeline;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.leakaudit.reports.model.Report;
import dev.leakaudit.reports.model.Session;

/**
 * The run's timeline from the counts each JVM's agent wrote into its report, for runs without
 * flight recordings: the JVMs are laid on one clock (each report's {@code startedAt}) and added
 * together, each slice the sum of every JVM's most open in it. What a JVM left open stays counted
 * after it ends, as it does when the timeline is read from recordings.
 */
public final class ReportTimelines {

    private static final int SLICES = 240;

    private record Part(long startEpochMillis, Report.RunTimeline timeline) {
        long endEpochMillis() {
            List<long[]> points = timeline.points();
            return startEpochMillis + (points.isEmpty() ? 0 : points.get(points.size() - 1)[0]) + timeline.sliceMillis();
        }

        /** This JVM's most open of {@code kind} within [from, to): zero before it starts, what it left open after. */
        long most(String kind, long from, long to) {
            int column = timeline.kinds().indexOf(kind);
            if (column < 0 || to <= startEpochMillis) {
                return 0;
            }
            if (from >= endEpochMillis()) {
                return timeline.openAtEnd().get(column);
            }
            long most = 0;
            for (long[] point : timeline.points()) {
                long begins = startEpochMillis + point[0];
                if (begins < to && begins + timeline.sliceMillis() > from && column + 1 < point.length) {
                    most = Math.max(most, point[column + 1]);
                }
            }
            if (to > endEpochMillis()) {
                most = Math.max(most, timeline.openAtEnd().get(column));
            }
            return most;
        }
    }

    private ReportTimelines() {
    }

    /** Null when no completed JVM's report holds a timeline. */
    public static Timeline of(List<Session> sessions) {
        List<Part> parts = new ArrayList<>();
        for (Session session : sessions) {
            Report report = session.report();
            if (session.crashed() || report == null || report.timeline() == null || report.startedAt() == null
                    || report.timeline().points().isEmpty()
                    || report.timeline().openAtEnd().size() != report.timeline().kinds().size()) {
                continue;
            }
            try {
                parts.add(new Part(Instant.parse(report.startedAt()).toEpochMilli(), report.timeline()));
            } catch (DateTimeParseException unreadable) {
                // a report whose start cannot be placed on the clock is left out of the chart, not the run
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        TreeSet<String> kindSet = new TreeSet<>();
        parts.forEach(part -> kindSet.addAll(part.timeline().kinds()));
        List<String> kinds = List.copyOf(kindSet);
        long start = parts.stream().mapToLong(Part::startEpochMillis).min().orElseThrow();
        long end = parts.stream().mapToLong(Part::endEpochMillis).max().orElseThrow();
        long width = Math.max(1, (end - start + SLICES - 1) / SLICES);

        List<long[]> points = new ArrayList<>();
        for (long from = start; from < end; from += width) {
            long[] point = new long[kinds.size() + 1];
            point[0] = from - start;
            for (int k = 0; k < kinds.size(); k++) {
                for (Part part : parts) {
                    point[k + 1] += part.most(kinds.get(k), from, Math.min(end, from + width));
                }
            }
            points.add(point);
        }
        long[] last = new long[kinds.size() + 1];
        last[0] = end - start;
        for (int k = 0; k < kinds.size(); k++) {
            for (Part part : parts) {
                int column = part.timeline().kinds().indexOf(kinds.get(k));
                last[k + 1] += column < 0 ? 0 : part.timeline().openAtEnd().get(column);
            }
        }
        points.add(last);
        return new Timeline(start, end, kinds, points, parts.size(), Timeline.FROM_REPORTS);
    }
}
