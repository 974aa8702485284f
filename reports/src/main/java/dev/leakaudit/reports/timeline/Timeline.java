package dev.leakaudit.reports.timeline;

import java.util.List;

/**
 * Open resources over the run, by kind: {@code points} are {@code [millisSinceStart, count per kind...]},
 * each count the highest reached within its slice of time, so short spikes still show.
 */
public record Timeline(long startEpochMillis, long endEpochMillis, List<String> kinds, List<long[]> points,
                       int recordings) {
}
