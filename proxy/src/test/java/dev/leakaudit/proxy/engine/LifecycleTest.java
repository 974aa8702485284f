package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.engine.events.HandlerRegistry;
import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent cleanup, two-phase shutdown, threads, JMX and JFR. */
class LifecycleTest extends ProxyTestSupport {

    @Test
    void cleanupRunsOnceWhateverCallsIt() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        await().atMost(WAIT).until(() -> proxy.connectionManager().connections().iterator().hasNext()
                && proxy.connectionManager().connections().iterator().next().state() == ConnectionState.ESTABLISHED);
        ConnectionRecord record = proxy.connectionManager().connections().iterator().next();

        assertTrue(proxy.connectionManager().initiateCleanupOnce(record, TerminationReason.INACTIVITY));
        assertFalse(proxy.connectionManager().initiateCleanupOnce(record, TerminationReason.ECONNRESET));
        assertFalse(proxy.connectionManager().initiateCleanupOnce(record, TerminationReason.SHUTDOWN));
        assertSame(TerminationReason.INACTIVITY, record.reason());
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        assertFalse(proxy.connectionManager().initiateCleanupOnce(record, TerminationReason.NORMAL));
        assertEquals(ConnectionState.CLOSED, record.state());
        assertTerminations(proxy, Map.of("inactivity", 1L), Map.of("inactivity", 1L));
        assertEquals(0, proxy.outstandingBuffers());
    }

    @Test
    void shutdownEndsLiveConnectionsGracefullyAndStopsEveryThread() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        String prefix = "leakaudit-proxy-" + proxyInstance(proxy) + "-";
        assertTrue(proxyThreads(prefix) >= 3, "two loops and a timer");
        Socket c1 = connect(proxy);
        Socket s1 = accept(backend);
        Socket c2 = connect(proxy);
        Socket s2 = accept(backend);
        c1.getOutputStream().write(1);
        assertEquals(1, s1.getInputStream().read());

        CompletableFuture<Void> stopped = proxy.stop();
        // Phase 1 cuts nothing: the connections go on, and end as their own peers end them.
        c2.getOutputStream().write(2);
        assertEquals(2, s2.getInputStream().read());
        for (Socket s : List.of(c1, s1, c2, s2)) {
            s.shutdownOutput();
        }
        for (Socket s : List.of(c1, s1, c2, s2)) {
            assertEquals(-1, s.getInputStream().read());
            s.close();
        }
        stopped.get(10, TimeUnit.SECONDS);
        assertSame(stopped, proxy.stop(), "stop is idempotent");
        assertTerminations(proxy, Map.of("normal", 2L), Map.of("normal", 2L));
        assertEquals(0, proxy.activeConnections());
        assertTrue(proxy.connectionsByIp().isEmpty());
        assertEquals(0, proxyThreads(prefix), "no proxy thread left once stop() completed");
        assertEquals(0, proxy.outstandingBuffers());
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(proxy.mbeanName()));
    }

    @Test
    void shutdownForcesWhatIsLeftAfterTheTimeout() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> {
            ProxyConfig c = config(List.of(forwardRoute("r", p, backend.getLocalPort())));
            return c.withTimeouts(c.timeouts().withForceCloseGrace(Duration.ofSeconds(30))
                    .withGracefulShutdownTimeout(Duration.ofMillis(300)));
        });
        Socket client = connect(proxy);
        Socket server = accept(backend);
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 1);
        long start = System.nanoTime();
        // The peers never close: phase 2 forces the sockets after 300 ms, not after the 30 s grace.
        proxy.stop().get(10, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= 250 && tookMillis < 5000, "stop took " + tookMillis + " ms");
        assertTerminations(proxy, Map.of("shutdown", 1L), Map.of("shutdown", 1L));
        assertTrue(SniAndBridgeTest.endOrReset(client));
        assertTrue(SniAndBridgeTest.endOrReset(server));
    }

    @Test
    void statisticsAreReadableOverJmx() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        assertTrue(mbs.isRegistered(proxy.mbeanName()));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        client.getOutputStream().write(new byte[10]);
        server.getInputStream().readNBytes(10);
        await().atMost(WAIT).until(() -> (Integer) mbs.getAttribute(proxy.mbeanName(), "ActiveConnections") == 1);
        assertEquals(10L, mbs.getAttribute(proxy.mbeanName(), "BytesFromClients"));
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        javax.management.openmbean.TabularData incoming =
                (javax.management.openmbean.TabularData) mbs.getAttribute(proxy.mbeanName(), "IncomingTerminations");
        assertEquals(1, incoming.size());
        assertEquals(1L, mbs.getAttribute(proxy.mbeanName(), "ClosedConnections"));
        proxy.stop().get(10, TimeUnit.SECONDS);
        assertFalse(mbs.isRegistered(proxy.mbeanName()));
    }

    @Test
    void jfrEventsAreRecorded(@TempDir Path dir) throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Path file = dir.resolve("proxy.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("leakaudit.proxy.ConnectionOpened");
            recording.enable("leakaudit.proxy.ConnectionRouted");
            recording.enable("leakaudit.proxy.ConnectionClosed");
            recording.start();
            Socket client = connect(proxy);
            Socket server = accept(backend);
            client.getOutputStream().write(new byte[5]);
            server.getInputStream().readNBytes(5);
            client.close();
            server.close();
            awaitClosed(proxy, 1);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(Files.size(file) > 0);
        RecordedEvent closed = events.stream()
                .filter(e -> e.getEventType().getName().equals("leakaudit.proxy.ConnectionClosed"))
                .findFirst().orElseThrow();
        assertEquals("normal", closed.getString("reason"));
        assertEquals(5L, closed.getLong("bytesFromClient"));
        assertTrue(closed.getDuration("connectionDuration").toNanos() >= 0);
        assertEquals(List.of("Leak Audit", "Proxy"), closed.getEventType().getCategoryNames());
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("leakaudit.proxy.ConnectionOpened")));
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("leakaudit.proxy.ConnectionRouted")));
    }

    @Test
    void aFailedStartClosesWhatItOpened() throws Exception {
        ServerSocket backend = backend();
        ProxyServer first = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        ProxyServer second = new ProxyServer(first.config());
        org.junit.jupiter.api.Assertions.assertThrows(java.net.BindException.class, second::start);
        second.stop().get(10, TimeUnit.SECONDS);
        assertFalse(second.isRunning());
        assertEquals(null, second.mbeanName(), "no MXBean registered by a failed start");
        // The first server is unaffected.
        Socket client = connect(first);
        accept(backend);
        client.getOutputStream().write(3);
        await().atMost(WAIT).until(() -> first.stats().bytesFromClients() == 1);
    }

    @Test
    void handlerRegistryWorksByIdentity() {
        HandlerRegistry<Runnable> registry = new HandlerRegistry<>();
        Runnable a = () -> { };
        Runnable b = () -> { };
        assertTrue(registry.add(a));
        assertFalse(registry.add(a));
        assertTrue(registry.add(b));
        assertEquals(List.of(a, b), registry.snapshot());
        assertTrue(registry.remove(a));
        assertFalse(registry.remove(a));
        assertEquals(1, registry.removeAll());
        assertTrue(registry.isEmpty());
    }

    private static String proxyInstance(ProxyServer proxy) {
        String name = proxy.mbeanName().getKeyProperty("name");
        return name.substring("proxy-".length());
    }

    private static long proxyThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}
