package dev.leakaudit.proxy.engine;

import java.nio.ByteBuffer;

/**
 * Looks at every chunk read from a client after routing, before it is forwarded (for example the
 * SNI-change check of seed pattern 7). Registered in the connection's
 * {@link dev.leakaudit.proxy.engine.events.HandlerRegistry} and removed at cleanup.
 */
@FunctionalInterface
public interface IncomingDataHandler {

    /** {@code chunk} is a read-only view; call {@code initiateCleanupOnce} to end the connection. */
    void onData(ConnectionRecord record, ByteBuffer chunk);
}
