package dev.leakaudit.proxy.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides which rejections get a log line: the first from an address, then at most one per
 * interval carrying how many were refused since. A client that is refused thousands of times a
 * second (the usual shape of a rate-limit or per-address rejection) costs one line per interval,
 * not one per connection. The statistics and JFR events still count every rejection.
 */
final class RejectionLog {

    /** Beyond this many addresses, windows that have run out are pruned before a new one is added. */
    private static final int PRUNE_ABOVE = 4096;

    private final long intervalNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RejectionLog(long intervalNanos, LongSupplier clock) {
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /**
     * Records one rejection from {@code address}.
     *
     * @return -1 when no line is due; otherwise how many rejections of this address went unlogged
     *         before this one (0 for the first)
     */
    long rejected(String address) {
        long now = clock.getAsLong();
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> w.expired(now, intervalNanos));
        }
        Window window = windows.computeIfAbsent(address, a -> new Window(now - intervalNanos));
        return window.rejected(now, intervalNanos);
    }

    int trackedAddresses() {
        return windows.size();
    }

    private static final class Window {
        private long loggedAt;
        private long suppressed;

        Window(long loggedAt) {
            this.loggedAt = loggedAt;
        }

        synchronized long rejected(long now, long interval) {
            if (now - loggedAt < interval) {
                suppressed++;
                return -1;
            }
            long unlogged = suppressed;
            suppressed = 0;
            loggedAt = now;
            return unlogged;
        }

        synchronized boolean expired(long now, long interval) {
            return now - loggedAt >= interval; // its unlogged count, if any, is in the statistics
        }
    }
}
