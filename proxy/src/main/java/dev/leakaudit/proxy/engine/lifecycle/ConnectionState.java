package dev.leakaudit.proxy.engine.lifecycle;

/**
 * Where a connection is in its life. Moves only forward, always by compare-and-set on
 * {@code ConnectionRecord.state}; {@link #CLOSING} is taken by exactly one caller of
 * {@code initiateCleanupOnce}, {@link #CLOSED} by exactly one finaliser.
 */
public enum ConnectionState {
    /** Accepted, not yet routed. */
    ACCEPTED,
    /** Waiting for the first bytes (TLS ClientHello) to route by SNI. */
    AWAITING_INITIAL_DATA,
    /** Routed to a route that terminates TLS: the proxy's handshake with the client is under way. */
    TLS_HANDSHAKE,
    /** Routed and admitted; the backend connect is under way, client data is queued. */
    CONNECTING,
    /** Both sides open; bytes flow. */
    ESTABLISHED,
    /** Cleanup started: outputs are being ended gracefully, sockets closed as they finish. */
    CLOSING,
    /** Every socket closed, timers cancelled, buffers returned, record out of every map. */
    CLOSED;

    public boolean isTerminal() {
        return this == CLOSING || this == CLOSED;
    }
}
