package dev.leakaudit.proxy.engine.events;

/**
 * Observes connections of a {@code ProxyServer}. Called on event-loop threads: return quickly and
 * never block. Register with {@code ProxyServer.addListener}, unregister with {@code removeListener}.
 */
public interface ProxyListener {

    default void connectionOpened(ConnectionEvent event) {
    }

    default void connectionRouted(ConnectionEvent event) {
    }

    default void connectionRejected(ConnectionEvent event) {
    }

    /** Every socket of the connection is closed and the record has left every map. */
    default void connectionClosed(ConnectionEvent event) {
    }
}
