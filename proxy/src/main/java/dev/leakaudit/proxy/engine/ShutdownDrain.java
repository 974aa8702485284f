package dev.leakaudit.proxy.engine;

import java.util.concurrent.CompletableFuture;

/**
 * Seed pattern 6, the connections' side of {@code ProxyServer.stop()}. Phase 1 ends nothing: once
 * the listeners are closed every connection finishes on its own, each direction half-closed only
 * when its own peer ends, and {@link #drained()} completes when the last one is closed. Phase 2,
 * after {@code gracefulShutdownTimeout} (the only deadline), forces what is left.
 */
final class ShutdownDrain {

    private final ConnectionManager m;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile Runnable onConnectionClosed = () -> { };

    ShutdownDrain(ConnectionManager manager) {
        this.m = manager;
    }

    void markStopping() {
        stopping = true;
    }

    /** Phase 1; called on the accepting loop after the listeners are closed. */
    void begin() {
        stopping = true;
        if (m.registry.isEmpty()) {
            drained.complete(null);
        }
    }

    /** Phase 2: force whatever is left. */
    void forceAll() {
        for (ConnectionRecord record : m.registry.all()) {
            record.loop().execute(m.guarded(record, () -> m.cleanup.forceClose(record)));
        }
    }

    CompletableFuture<Void> drained() {
        return drained;
    }

    void onConnectionClosed(Runnable hook) {
        onConnectionClosed = hook;
    }

    /** Called by the finaliser after each connection. */
    void connectionClosed() {
        onConnectionClosed.run();
        if (stopping && m.registry.isEmpty()) {
            drained.complete(null);
        }
    }
}
