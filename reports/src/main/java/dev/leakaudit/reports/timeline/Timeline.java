package dev.leakaudit.reports.timeline;

import java.util.List;

/**
 * Open resources over the run, by kind: {@code points} are {@code [millisSinceStart, count per kind...]},
 * each count the highest reached within its slice of time, so short spikes still show. {@code jvms}
 * says how many JVMs were added together and {@code source} where the counts came from.
 */
public record Timeline(long startEpochMillis, long endEpochMillis, List<String> kinds, List<long[]> points,
                       int jvms, String source) {

    /** Drawn from the agent's open and close events in each JVM's flight recording. */
    public static final String FROM_RECORDINGS = "flight recordings";
    /** Drawn from the counts each JVM's agent kept itself and wrote into its report. */
    public static final String FROM_REPORTS = "reports";
}
