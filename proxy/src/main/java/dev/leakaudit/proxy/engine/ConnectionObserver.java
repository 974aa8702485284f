package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.engine.events.ConnectionClosedEvent;
import dev.leakaudit.proxy.engine.events.ConnectionEvent;
import dev.leakaudit.proxy.engine.events.ConnectionOpenedEvent;
import dev.leakaudit.proxy.engine.events.ConnectionRejectedEvent;
import dev.leakaudit.proxy.engine.events.ConnectionRoutedEvent;
import dev.leakaudit.proxy.engine.events.HandlerRegistry;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.engine.stats.ProxyStats;
import java.lang.System.Logger.Level;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Everything that watches a connection's life, in one place: the statistics, the log line, the
 * JFR events and the listeners. One method per moment (opened, routed, rejected, closed).
 */
final class ConnectionObserver {

    static final System.Logger LOG = System.getLogger("dev.leakaudit.proxy.engine.connections");

    /** How often a client address that keeps being refused gets a log line. */
    static final long REJECTION_LOG_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final ProxyStats stats;
    private final HandlerRegistry<ProxyListener> listeners;
    private final RejectionLog rejections = new RejectionLog(REJECTION_LOG_INTERVAL_NANOS, System::nanoTime);
    private final AccessLog accessLog = new AccessLog(LOG);

    ConnectionObserver(ProxyStats stats, HandlerRegistry<ProxyListener> listeners) {
        this.stats = stats;
        this.listeners = listeners;
    }

    void opened(ConnectionRecord record) {
        stats.accepted();
        ConnectionOpenedEvent ev = new ConnectionOpenedEvent();
        if (ev.shouldCommit()) {
            ev.connectionId = record.id();
            ev.client = record.clientText();
            ev.localPort = record.localPort();
            ev.commit();
        }
        notifyListeners(record, null, ProxyListener::connectionOpened);
    }

    void routed(ConnectionRecord record, String sni, String target) {
        stats.routed();
        ConnectionRoutedEvent ev = new ConnectionRoutedEvent();
        if (ev.shouldCommit()) {
            ev.connectionId = record.id();
            ev.client = record.clientText();
            ev.route = record.routeName();
            ev.sni = sni;
            ev.target = target;
            ev.commit();
        }
        notifyListeners(record, null, ProxyListener::connectionRouted);
    }

    void rejected(ConnectionRecord record, TerminationReason reason) {
        stats.rejected();
        ConnectionRejectedEvent ev = new ConnectionRejectedEvent();
        if (ev.shouldCommit()) {
            ev.connectionId = record.id();
            ev.client = record.clientText();
            ev.route = record.routeName();
            ev.reason = reason.code();
            ev.commit();
        }
        notifyListeners(record, reason.code(), ProxyListener::connectionRejected);
    }

    /** Once per connection, after its sockets are closed; the statistics count it last. */
    void closed(ConnectionRecord record) {
        TerminationReason reason = record.reason();
        long duration = record.ageMillis();
        long in = record.bytesFromClient();
        long out = record.bytesToClient();
        long unlogged = reason.isRejection() ? rejections.rejected(record.client().getAddress().getHostAddress()) : 0;
        if (unlogged >= 0 && accessLog.enabled()) {
            String more = unlogged > 0 ? " (and " + unlogged + " more rejected from this address since its last line)"
                    : reason.isRejection() ? " (further rejections of this address: one line per "
                    + REJECTION_LOG_INTERVAL_NANOS / 1_000_000_000L + "s)" : "";
            accessLog.add(new AccessLog.Line(record.id(), record.client(), record.routeName(), reason.code(),
                    duration, in, out, tlsText(record), record.detail(),
                    record.peer() == record.client() ? null : record.peer(), more));
        }
        ConnectionClosedEvent ev = new ConnectionClosedEvent();
        if (ev.shouldCommit()) {
            ev.connectionId = record.id();
            ev.client = record.clientText();
            ev.route = record.routeName();
            ev.reason = reason.code();
            ev.connectionDuration = duration;
            ev.bytesFromClient = in;
            ev.bytesToClient = out;
            ev.tls = tlsText(record);
            ev.detail = record.detail();
            ev.commit();
        }
        notifyListeners(record, reason.code(), ProxyListener::connectionClosed);
        // Counted last, so whoever sees the count sees the log line queued, the event and the listeners done.
        stats.closed(reason, record.hasOutgoing());
    }

    /** {@code TLSv1.3} or {@code TLSv1.3/h2} when the proxy terminated the client's TLS, else null. */
    private static String tlsText(ConnectionRecord record) {
        String protocol = record.tlsProtocol();
        if (protocol == null) {
            return null;
        }
        String alpn = record.alpn();
        return alpn == null ? protocol : protocol + "/" + alpn;
    }

    /** The connection lines queued by {@link #closed}, written by the housekeeping thread. */
    AccessLog accessLog() {
        return accessLog;
    }

    void fromClient(int n) {
        stats.fromClient(n);
    }

    void toClient(int n) {
        stats.toClient(n);
    }

    private void notifyListeners(ConnectionRecord record, String reason, BiConsumer<ProxyListener, ConnectionEvent> call) {
        if (listeners.isEmpty()) {
            return;
        }
        ConnectionEvent event = new ConnectionEvent(record.id(), record.clientText(), record.localPort(),
                record.routeName(), record.sni(), reason, record.detail(), record.ageMillis(),
                record.bytesFromClient(), record.bytesToClient());
        listeners.forEach((Consumer<ProxyListener>) l -> {
            try {
                call.accept(l, event);
            } catch (RuntimeException | LinkageError | AssertionError ex) {
                LOG.log(Level.WARNING, "proxy listener failed", ex);
            }
        });
    }
}
