package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.KeepAliveConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.tls.RouteTls;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;

/**
 * Chooses a connection's route and admits it: at once on ports whose routes need no SNI; on SNI
 * ports after the ClientHello, parsed incrementally as it arrives (no buffer before the first
 * byte, each byte looked at once), with time bounded by {@code initialDataTimeout} and bytes by
 * the parser's limits. Then hands the connection to the {@link BackendConnector}.
 */
final class SniRouter {

    /** A ClientHello is decided within fewer bytes (ClientHelloParser limits); a defensive bound. */
    static final int MAX_INITIAL_BYTES = 64 * 1024;

    private final ConnectionManager m;

    SniRouter(ConnectionManager manager) {
        this.m = manager;
    }

    /** First work on the connection's loop: socket options, registration, lifetime, routing. */
    void start(ConnectionRecord record) {
        if (record.cleanupStarted || record.state().isTerminal()) {
            return; // beginClose is queued behind us and closes the channel
        }
        Endpoint in = record.incoming;
        try {
            in.channel.configureBlocking(false);
            in.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            in.channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            record.keepAlive(true); // set just above (a setOption that fails throws): no need to read it back
            in.key = record.loop().register(in.channel, 0, in);
        } catch (IOException e) {
            m.errors.onIoError(in, e);
            return;
        }
        KeepAliveConfig ka = m.config.keepAlive();
        if (!ka.isImmortal(record.keepAlive())) {
            // Immortal keep-alive connections get no lifetime timer at all.
            record.lifetimeTimer = m.timers.schedule(record, m.config.timeouts().maxConnectionLifetime(),
                    () -> m.initiateCleanupOnce(record, TerminationReason.MAX_LIFETIME));
        }
        if (m.proxyHeaders.awaitsHeader(record)) {
            return; // admitted and routed once the header names the client
        }
        route(record);
    }

    /**
     * Admits and routes a connection whose client is known: at once on ports that need no SNI, else
     * once the ClientHello has arrived.
     */
    private void route(ConnectionRecord record) {
        if (m.policy.portNeedsSni(record.localPort())) {
            // Global, per-IP and rate limits apply at once; the route is entered after the ClientHello.
            if (!admit(record, null)) {
                return;
            }
            if (record.state() != ConnectionState.AWAITING_INITIAL_DATA
                    && !record.transition(ConnectionState.ACCEPTED, ConnectionState.AWAITING_INITIAL_DATA)) {
                return;
            }
            // No buffer yet: the parser and the bytes it keeps grow with what arrives.
            record.helloParser = m.policy.newHelloParser();
            if (record.initialDataTimer == null) {
                record.initialDataTimer = m.timers.schedule(record, m.config.timeouts().initialDataTimeout(), () -> {
                    if (record.state() == ConnectionState.AWAITING_INITIAL_DATA) {
                        m.initiateCleanupOnce(record, TerminationReason.INITIAL_TIMEOUT);
                    }
                });
            }
            m.relay.updateInterest(record);
        } else {
            ConnectionTimers.cancel(record.initialDataTimer);
            record.initialDataTimer = null;
            RouteConfig route = m.policy.match(record.localPort(), null, record.client().getAddress());
            if (route == null) {
                m.cleanup.reject(record, TerminationReason.NO_ROUTE);
                return;
            }
            record.route = route;
            if (admit(record, route)) {
                routed(record, route, null);
            }
        }
    }

    private boolean admit(ConnectionRecord record, RouteConfig routeOrNull) {
        RoutingPolicy.Admission admission = m.policy.admit(record.client(), routeOrNull);
        if (!admission.isAdmitted()) {
            m.cleanup.reject(record, TerminationReason.of(admission.rejection()));
            return false;
        }
        // Kept on the record whatever happens next: the finaliser releases it exactly once.
        record.admission = admission;
        return true;
    }

    /** Reads the first bytes on an SNI port and routes once the ClientHello is complete. */
    void readInitial(ConnectionRecord record) {
        Endpoint in = record.incoming;
        ByteBuffer b = record.loop().scratch();
        int n;
        try {
            n = in.channel.read(b);
        } catch (IOException ex) {
            m.errors.onIoError(in, ex);
            return;
        }
        if (n < 0) {
            in.inputEnded = true;
            if (record.proxyHeaderParser != null && record.proxyHeaderParser.started()) {
                record.detailIfOpen("ended inside its PROXY header");
                m.initiateCleanupOnce(record, TerminationReason.PROXY_PROTOCOL_MALFORMED);
                return;
            }
            m.initiateCleanupOnce(record,
                    record.initialLength == 0 ? TerminationReason.NORMAL : TerminationReason.TLS_MALFORMED);
            return;
        }
        if (n == 0) {
            return;
        }
        in.bytesRead += n;
        m.observer.fromClient(n);
        record.touch();
        b.flip();
        if (record.proxyHeaderParser != null) {
            if (m.proxyHeaders.offer(record, b) == null || record.state().isTerminal()) {
                return;
            }
            if (!m.policy.portNeedsSni(record.localPort())) {
                // What followed the header is the client's: it goes first, once routed.
                if (b.hasRemaining()) {
                    record.keepInitial(b);
                }
                route(record);
                return;
            }
            route(record);
            if (record.helloParser == null || !b.hasRemaining()) {
                return;
            }
        } else if (m.proxyHeaders.refusesUntrusted(record, b)) {
            return;
        }
        RoutingPolicy.SniResult r = record.helloParser.offer(b);
        record.keepInitial(b);
        switch (r.kind()) {
            case NEED_MORE_DATA -> {
                if (record.initialLength > MAX_INITIAL_BYTES) {
                    m.initiateCleanupOnce(record, TerminationReason.TLS_MALFORMED);
                }
            }
            case MALFORMED -> {
                ConnectionObserver.LOG.log(Level.DEBUG, () -> "[" + record.id() + "] malformed ClientHello: " + r.problem());
                m.initiateCleanupOnce(record, TerminationReason.TLS_MALFORMED);
            }
            case NOT_TLS -> routeBySni(record, null);
            case FOUND -> routeBySni(record, r.sni());
        }
    }

    /** The ClientHello arrived (or the bytes are not TLS): choose the route by SNI. */
    private void routeBySni(ConnectionRecord record, String sni) {
        record.helloParser = null;
        ConnectionTimers.cancel(record.initialDataTimer);
        record.initialDataTimer = null;
        record.sni = sni;
        RouteConfig route = m.policy.match(record.localPort(), sni, record.client().getAddress());
        if (route == null) {
            m.cleanup.reject(record, TerminationReason.NO_ROUTE);
            return;
        }
        record.route = route;
        String refused = m.policy.enterRoute(record.admission, route);
        if (refused != null) {
            m.cleanup.reject(record, TerminationReason.of(refused));
            return;
        }
        routed(record, route, sni);
    }

    private void routed(ConnectionRecord record, RouteConfig route, String sni) {
        ConnectionState from = record.state();
        RouteTls tls = m.policy.tls(route);
        ConnectionState next = tls != null ? ConnectionState.TLS_HANDSHAKE : ConnectionState.CONNECTING;
        if (from.isTerminal() || !record.transition(from, next)) {
            return;
        }
        HostPort target = HttpProxyBridge.targetOf(route.action());
        m.observer.routed(record, sni, target.toString());
        if (tls != null) {
            // The proxy is the TLS server: the backend is connected once the handshake is done.
            m.tls.startServer(record, tls);
            return;
        }
        if (sni != null) {
            m.sniGuard.install(record, sni);
        }
        m.connector.connectBackend(record, route.action(), target);
    }

    /** The client's TLS handshake with the proxy is done: now the backend. */
    void clientTlsEstablished(ConnectionRecord record) {
        if (!record.transition(ConnectionState.TLS_HANDSHAKE, ConnectionState.CONNECTING)) {
            return;
        }
        RouteConfig route = record.route;
        m.connector.connectBackend(record, route.action(), HttpProxyBridge.targetOf(route.action()));
    }
}
