package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.LimitsConfig;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.engine.events.ConnectionEvent;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.net.Cidr;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Rejections by the security gate: closed at once, with a reason, counted. */
class SecurityTest extends ProxyTestSupport {

    @Test
    void perIpLimitRejectsAndIsReleasedOnlyWhenTheSocketsAreClosed() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                .withLimits(new LimitsConfig(0, 1, 0, 1 << 20)));
        List<ConnectionEvent> rejected = new CopyOnWriteArrayList<>();
        ProxyListener listener = new ProxyListener() {
            @Override
            public void connectionRejected(ConnectionEvent event) {
                rejected.add(event);
            }
        };
        proxy.addListener(listener);

        Socket first = connect(proxy);
        Socket firstServer = accept(backend);
        Socket second = connect(proxy);
        assertTrue(SniAndBridgeTest.endOrReset(second));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("rejected_ip_limit", 1L), Map.of());
        assertEquals(1, rejected.size());
        assertEquals("rejected_ip_limit", rejected.get(0).reason());
        assertEquals(1, proxy.stats().rejectedCount());

        // The first connection still counts while it lives; after it is closed a new one is admitted.
        first.close();
        firstServer.close();
        awaitClosed(proxy, 2);
        await().atMost(WAIT).until(() -> proxy.connectionsByIp().isEmpty());
        Socket third = connect(proxy);
        Socket thirdServer = accept(backend);
        third.getOutputStream().write(7);
        assertEquals(7, thirdServer.getInputStream().read());
        proxy.removeListener(listener);
    }

    @Test
    void defaultLimitsDoNotThrottleOneBusyClient() throws Exception {
        // More connections from one address, opened at once and held, than the old per-IP cap (100)
        // allowed: with the default limits every one of them reaches the backend.
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                .withLimits(LimitsConfig.defaults()));
        List<Socket> clients = new java.util.ArrayList<>();
        List<Socket> servers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                clients.add(connect(proxy));
                servers.add(accept(backend));
            }
            assertEquals(150, proxy.activeConnections());
            assertEquals(0, proxy.stats().rejectedCount());
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            for (Socket s : servers) {
                s.close();
            }
        }
        awaitClosed(proxy, 150);
    }

    @Test
    void aClientRefusedManyTimesGetsOneLogLine() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.leakaudit.proxy.engine.connections");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try {
            ServerSocket backend = backend();
            ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                    .withLimits(new LimitsConfig(0, 1, 0, 1 << 20)));
            Socket held = connect(proxy);
            Socket heldServer = accept(backend);
            for (int i = 0; i < 30; i++) {
                try (Socket refused = connect(proxy)) {
                    assertTrue(SniAndBridgeTest.endOrReset(refused));
                }
            }
            awaitClosed(proxy, 30);
            assertEquals(30, proxy.stats().rejectedCount());
            // Connection lines are written off the loops: the first rejection's line comes a moment later.
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("reason=rejected_ip_limit")));
            List<String> rejectedLines = lines.stream().filter(l -> l.contains("reason=rejected_ip_limit")).toList();
            assertEquals(1, rejectedLines.size(), rejectedLines.toString());
            assertTrue(rejectedLines.get(0).contains("one line per 10s"), rejectedLines.get(0));
            held.close();
            heldServer.close();
            awaitClosed(proxy, 31);
        } finally {
            jul.removeHandler(capture);
        }
    }

    @Test
    void rateLimitPerMinute() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                .withLimits(new LimitsConfig(0, 0, 2, 1 << 20)));
        Socket a = connect(proxy);
        accept(backend);
        Socket b = connect(proxy);
        accept(backend);
        Socket c = connect(proxy);
        assertTrue(SniAndBridgeTest.endOrReset(c));
        await().atMost(WAIT).until(() -> proxy.stats().closedCount() == 1);
        assertTerminations(proxy, Map.of("rejected_rate_limit", 1L), Map.of());
        assertEquals(2, proxy.activeConnections());
        assertTrue(a.isConnected() && b.isConnected());
    }

    @Test
    void blockedAddressIsRejected() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(new RouteConfig("r", 0, RouteMatch.ports(PortSet.of(p)),
                new ForwardAction(new HostPort("127.0.0.1", backend.getLocalPort()), false),
                new RouteSecurity(List.of(), List.of(Cidr.parse("127.0.0.0/8")), 0)))));
        Socket client = connect(proxy);
        assertTrue(SniAndBridgeTest.endOrReset(client));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("rejected_blocked", 1L), Map.of());
        assertEquals(0, proxy.stats().routedCount());
    }

    @Test
    void routeMaxConnections() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(new RouteConfig("r", 0, RouteMatch.ports(PortSet.of(p)),
                new ForwardAction(new HostPort("127.0.0.1", backend.getLocalPort()), false),
                new RouteSecurity(List.of(), List.of(), 1)))));
        connect(proxy);
        accept(backend);
        Socket second = connect(proxy);
        assertTrue(SniAndBridgeTest.endOrReset(second));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("rejected_route_max_connections", 1L), Map.of());
        assertEquals(Map.of("r", 1), proxy.connectionsByRoute());
    }

    /**
     * At maxConnections the proxy stops accepting, as HAProxy does, rather than accepting and
     * resetting: the next client waits in the kernel's queue, and is accepted and served as soon as
     * a connection closes.
     */
    @Test
    void atGlobalMaxConnectionsAcceptingPausesAndResumesWhenOneCloses() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                .withLimits(new LimitsConfig(1, 0, 0, 1 << 20)));
        Socket first = connect(proxy);
        Socket firstServer = accept(backend);
        Socket second = connect(proxy); // completed by the kernel's queue, not yet accepted
        second.getOutputStream().write(42);
        await().atMost(WAIT).until(proxy::acceptingPausedAtLimit);
        assertEquals(1, proxy.stats().acceptedCount(), "the second connection waits unaccepted");
        assertEquals(1, proxy.activeConnections());

        first.close();
        firstServer.close();
        Socket secondServer = accept(backend);
        assertEquals(42, secondServer.getInputStream().read(), "the waiting client is served once there is room");
        secondServer.getOutputStream().write(43);
        assertEquals(43, second.getInputStream().read());
        assertEquals(2, proxy.stats().acceptedCount());
        assertEquals(0, proxy.stats().rejectedCount(), "nobody was accepted and reset");
        second.close();
        secondServer.close();
        awaitClosed(proxy, 2);
        assertTerminations(proxy, Map.of("normal", 2L), Map.of("normal", 2L));
    }
}
