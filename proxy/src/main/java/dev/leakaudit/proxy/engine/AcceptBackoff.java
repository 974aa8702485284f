package dev.leakaudit.proxy.engine;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * What the listeners do when {@code accept} fails, typically for lack of descriptors
 * ("Too many open files"): the pending connection stays in the kernel's queue, so retrying at once
 * would fail again and spin a core. Instead accepting pauses for {@link #PAUSE_MILLIS}, or until a
 * connection closes and frees a descriptor, and the failures are logged once per
 * {@link #LOG_INTERVAL_NANOS} with a count. Used on the accepting loop's thread only.
 */
final class AcceptBackoff {

    static final long PAUSE_MILLIS = 100;
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final System.Logger LOG = System.getLogger(AcceptBackoff.class.getName());

    private final String proxyName;
    private long failuresSinceLog;
    private long failuresSincePause;
    private long lastLogNanos;
    private boolean logged;
    private boolean warnedSinceRecovery;
    private boolean paused;
    private long totalFailures;

    AcceptBackoff(String proxyName) {
        this.proxyName = proxyName;
    }

    /**
     * An accept failed: count it, log at most once per interval, and answer true (the caller pauses
     * every listener) unless accepting is paused already.
     */
    boolean failed(int port, Exception e) {
        totalFailures++;
        failuresSinceLog++;
        failuresSincePause++;
        long now = System.nanoTime();
        if (!logged || now - lastLogNanos >= LOG_INTERVAL_NANOS) {
            long count = failuresSinceLog;
            String first = logged ? "" : " (first failure)";
            LOG.log(Level.WARNING, () -> proxyName + ": accept on port " + port + " failed " + count
                    + " time(s) in the last " + TimeUnit.NANOSECONDS.toSeconds(LOG_INTERVAL_NANOS) + " s" + first
                    + ": " + e.getMessage() + "; pausing accepts for " + PAUSE_MILLIS
                    + " ms or until a connection closes");
            logged = true;
            warnedSinceRecovery = true;
            lastLogNanos = now;
            failuresSinceLog = 0;
        }
        if (paused) {
            return false;
        }
        paused = true;
        return true;
    }

    /** Accepting resumes; true if it was paused. */
    boolean resume() {
        if (!paused) {
            return false;
        }
        paused = false;
        return true;
    }

    /** A connection was accepted: report that accepting works again, once per warning logged. */
    void succeeded(int port) {
        if (failuresSincePause == 0) {
            return;
        }
        long n = failuresSincePause;
        failuresSincePause = 0;
        if (!warnedSinceRecovery) {
            return;
        }
        warnedSinceRecovery = false;
        LOG.log(Level.INFO, () -> proxyName + ": accepting again on port " + port + " after " + n + " failed accept(s)");
    }

    boolean paused() {
        return paused;
    }

    /** Failed accepts since start (for tests and the statistics). */
    long totalFailures() {
        return totalFailures;
    }
}
