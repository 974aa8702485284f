package dev.leakaudit.proxy.engine;

import java.time.Duration;

/**
 * Per-connection timers, kept by the connection's own loop ({@link LoopTimers}) and run there,
 * guarded like any of its work. Scheduled and cancelled on that loop only.
 */
final class ConnectionTimers {

    private final ConnectionManager manager;

    ConnectionTimers(ConnectionManager manager) {
        this.manager = manager;
    }

    /** On the record's loop: runs {@code onLoop} there after {@code delay}. */
    LoopTimers.Timeout schedule(ConnectionRecord record, Duration delay, Runnable onLoop) {
        return record.loop().schedule(delay.toNanos(), manager.guarded(record, onLoop));
    }

    /** On the loop that scheduled it; null is ignored. */
    static void cancel(LoopTimers.Timeout t) {
        if (t != null) {
            t.cancel();
        }
    }
}
