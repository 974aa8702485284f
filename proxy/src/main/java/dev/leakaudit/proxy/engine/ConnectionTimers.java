package dev.leakaudit.proxy.engine;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Per-connection timers: each fires on the connection's own loop, guarded like any of its work. */
final class ConnectionTimers {

    private final ScheduledExecutorService timer;
    private final ConnectionManager manager;

    ConnectionTimers(ScheduledExecutorService timer, ConnectionManager manager) {
        this.timer = timer;
        this.manager = manager;
    }

    /** Null when the timer no longer takes tasks (the proxy is stopping). */
    ScheduledFuture<?> schedule(ConnectionRecord record, Duration delay, Runnable onLoop) {
        Runnable guarded = manager.guarded(record, onLoop);
        try {
            return timer.schedule(() -> record.loop().execute(guarded), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
