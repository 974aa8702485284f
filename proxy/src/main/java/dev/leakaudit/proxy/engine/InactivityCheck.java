package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.KeepAliveConfig;
import dev.leakaudit.proxy.config.TimeoutsConfig;
import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Seed pattern 5, run on the timer thread every {@code inactivityCheckInterval}: closes idle
 * connections with {@code inactivity} (one warning first for keep-alive connections, a grace from
 * their own timeout, {@code lastActivity} never moved), and closes with {@code error} any
 * connection stuck before start-up, which no timer of its own would end.
 */
final class InactivityCheck {

    /** start() is a queued task; a record still ACCEPTED after this is stuck. */
    static final long MAX_NANOS_IN_ACCEPTED = TimeUnit.SECONDS.toNanos(10);

    private static final System.Logger LOG = ConnectionObserver.LOG;

    private final ConnectionManager m;

    InactivityCheck(ConnectionManager manager) {
        this.m = manager;
    }

    void run() {
        TimeoutsConfig t = m.config.timeouts();
        KeepAliveConfig ka = m.config.keepAlive();
        long now = System.nanoTime();
        for (ConnectionRecord record : m.registry.all()) {
            if (record.state() == ConnectionState.ACCEPTED && now - record.startNanos() > MAX_NANOS_IN_ACCEPTED) {
                LOG.log(Level.WARNING, () -> "[" + record.id() + "] still not started after "
                        + (now - record.startNanos()) / 1_000_000 + " ms; closing it");
                m.initiateCleanupOnce(record, TerminationReason.ERROR);
                continue;
            }
            if (t.disableInactivityCheck() || record.state() != ConnectionState.ESTABLISHED) {
                continue;
            }
            Duration effective = ka.effectiveInactivityTimeout(t.inactivityTimeout(), record.keepAlive());
            if (effective == null) {
                continue; // immortal
            }
            long last = record.lastActivityNanos();
            if (now - last <= effective.toNanos()) {
                continue;
            }
            if (record.keepAlive()) {
                // One warning, then a grace computed from this connection's own timeout.
                // lastActivity stays the truth: it is never moved, let alone into the future.
                if (!record.warned() || record.warnedAtNanos() - last < 0) {
                    record.warn(now);
                    LOG.log(Level.INFO, () -> "[" + record.id() + "] keep-alive connection inactive for "
                            + (now - last) / 1_000_000 + " ms; closing after a grace of "
                            + ka.warningGraceFor(effective).toMillis() + " ms unless traffic resumes");
                    continue;
                }
                if (now - record.warnedAtNanos() < ka.warningGraceFor(effective).toNanos()) {
                    continue;
                }
            }
            m.initiateCleanupOnce(record, TerminationReason.INACTIVITY);
        }
    }
}
