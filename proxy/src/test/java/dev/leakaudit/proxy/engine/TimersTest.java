package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.KeepAliveConfig;
import dev.leakaudit.proxy.config.KeepAliveTreatment;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.engine.events.ConnectionEvent;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Inactivity with the three keep-alive treatments, lifetime, and the force-close timer. */
class TimersTest extends ProxyTestSupport {

    private final List<ConnectionEvent> closed = new CopyOnWriteArrayList<>();
    private final ProxyListener recorder = new ProxyListener() {
        @Override
        public void connectionClosed(ConnectionEvent event) {
            closed.add(event);
        }
    };

    private ProxyServer start(ServerSocket backend, KeepAliveConfig keepAlive, Duration inactivity,
                              Duration lifetime) throws Exception {
        ProxyServer proxy = startProxy(p -> {
            ProxyConfig c = config(List.of(forwardRoute("r", p, backend.getLocalPort())));
            return c.withKeepAlive(keepAlive).withTimeouts(c.timeouts()
                    .withInactivityTimeout(inactivity)
                    .withInactivityCheckInterval(Duration.ofMillis(20))
                    .withMaxConnectionLifetime(lifetime)
                    .withForceCloseGrace(Duration.ofMillis(200)));
        });
        proxy.addListener(recorder);
        return proxy;
    }

    @Test
    void standardKeepAliveIsWarnedOnceThenClosedForInactivity() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = start(backend, new KeepAliveConfig(KeepAliveTreatment.STANDARD, 6, Duration.ofMillis(100)),
                Duration.ofMillis(200), Duration.ofMinutes(5));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        ConnectionRecord record = proxy.connectionManager().connections().iterator().next();
        await().atMost(WAIT).until(() -> record.state() == dev.leakaudit.proxy.engine.lifecycle.ConnectionState.ESTABLISHED);
        assertTrue(record.keepAlive(), "every proxied socket has SO_KEEPALIVE on");
        long idleSince = record.lastActivityNanos();

        await().atMost(WAIT).until(record::warned);
        assertEquals(idleSince, record.lastActivityNanos(), "the warning must not move lastActivity");
        assertTrue(SniAndBridgeTest.endOrReset(client));
        assertTrue(SniAndBridgeTest.endOrReset(server));
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("inactivity", 1L), Map.of("inactivity", 1L));
        // Timeout 200 ms plus grace 100 ms.
        assertTrue(closed.get(0).durationMillis() >= 300, "closed after " + closed.get(0).durationMillis() + " ms");
        proxy.removeListener(recorder);
    }

    @Test
    void extendedKeepAliveMultipliesTheTimeout() throws Exception {
        ServerSocket backend = backend();
        // 100 ms x 4 = 400 ms, plus a derived grace of 400/6 ms.
        ProxyServer proxy = start(backend, new KeepAliveConfig(KeepAliveTreatment.EXTENDED, 4, null),
                Duration.ofMillis(100), Duration.ofMinutes(5));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        assertTrue(SniAndBridgeTest.endOrReset(client));
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("inactivity", 1L), Map.of("inactivity", 1L));
        assertTrue(closed.get(0).durationMillis() >= 450, "closed after " + closed.get(0).durationMillis() + " ms");
        proxy.removeListener(recorder);
    }

    @Test
    void immortalKeepAliveIsNeverClosedAndHasNoLifetimeTimer() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = start(backend, new KeepAliveConfig(KeepAliveTreatment.IMMORTAL, 6, null),
                Duration.ofMillis(50), Duration.ofMillis(100));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 1);
        ConnectionRecord record = proxy.connectionManager().connections().iterator().next();
        assertNull(record.lifetimeTimer, "immortal connections get no lifetime timer at all");
        // Well past both the inactivity timeout and the lifetime, it is still open.
        await().during(Duration.ofMillis(400)).atMost(WAIT)
                .until(() -> proxy.activeConnections() == 1 && proxy.stats().closedCount() == 0);
        client.getOutputStream().write(42);
        assertEquals(42, server.getInputStream().read());
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        proxy.removeListener(recorder);
    }

    @Test
    void maxConnectionLifetime() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = start(backend, new KeepAliveConfig(KeepAliveTreatment.STANDARD, 6, null),
                Duration.ofSeconds(30), Duration.ofMillis(200));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 1);
        ConnectionRecord record = proxy.connectionManager().connections().iterator().next();
        assertNotNull(record.lifetimeTimer);
        assertTrue(SniAndBridgeTest.endOrReset(client));
        assertTrue(SniAndBridgeTest.endOrReset(server));
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("max_lifetime", 1L), Map.of("max_lifetime", 1L));
        assertTrue(record.lifetimeTimer == null && record.forceCloseTimer == null, "timers released");
        proxy.removeListener(recorder);
    }

    @Test
    void peersThatNeverCloseAreForcedAfterTheGrace() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = start(backend, new KeepAliveConfig(KeepAliveTreatment.STANDARD, 6, null),
                Duration.ofSeconds(30), Duration.ofMillis(100));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        // Both peers see the graceful end but keep their sockets open: the force timer closes ours.
        assertTrue(SniAndBridgeTest.endOrReset(client));
        assertTrue(SniAndBridgeTest.endOrReset(server));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("max_lifetime", 1L), Map.of("max_lifetime", 1L));
        assertTrue(closed.get(0).durationMillis() >= 300, "forced after lifetime + grace, not before");
        assertEquals(0, proxy.activeConnections());
        proxy.removeListener(recorder);
    }
}
