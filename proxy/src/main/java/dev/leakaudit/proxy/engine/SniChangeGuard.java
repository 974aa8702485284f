package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.lang.System.Logger.Level;

/**
 * Seed pattern 7, safe handler removal. After routing by SNI, a data handler checks every client
 * chunk that starts a TLS handshake record and ends the connection with {@code sni_mismatch} if a
 * ClientHello names another server. The seed removed every 'data' listener to get rid of its own
 * (and so dropped unrelated ones); here the guard removes exactly the handler it installed, by
 * identity, and nothing else.
 */
final class SniChangeGuard {

    private final ConnectionManager m;

    SniChangeGuard(ConnectionManager manager) {
        this.m = manager;
    }

    void install(ConnectionRecord record, String sni) {
        IncomingDataHandler handler = (rec, chunk) -> {
            if (!chunk.hasRemaining() || chunk.get(chunk.position()) != 0x16) {
                return; // not a TLS handshake record
            }
            RoutingPolicy.SniResult r = m.policy.parseClientHello(chunk);
            if (r.kind() == RoutingPolicy.SniResult.Kind.FOUND && r.sni() != null
                    && !r.sni().equalsIgnoreCase(sni)) {
                ConnectionObserver.LOG.log(Level.INFO, () -> "[" + rec.id() + "] SNI changed from " + sni + " to " + r.sni());
                m.initiateCleanupOnce(rec, TerminationReason.SNI_MISMATCH);
            }
        };
        record.sniChangeHandler = handler;
        record.dataHandlers.add(handler);
    }

    /** At cleanup: removes the handler this guard installed, if any; once. */
    void remove(ConnectionRecord record) {
        IncomingDataHandler handler = record.sniChangeHandler;
        if (handler != null) {
            record.sniChangeHandler = null;
            record.dataHandlers.remove(handler);
        }
    }
}
