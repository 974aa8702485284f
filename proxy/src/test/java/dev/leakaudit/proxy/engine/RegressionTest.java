package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.DomainPattern;
import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.LimitsConfig;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One test (or more) per defect found under faults: each failed before its fix. */
class RegressionTest extends ProxyTestSupport {

    // ------------------------------------------------------------------ 1. shutdown loses responses

    @Test
    void aResponseThatArrivesAfterStopIsDeliveredInFull() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> {
            ProxyConfig c = config(List.of(forwardRoute("r", p, backend.getLocalPort())));
            // The force-close grace is far shorter than the shutdown grace: it must not cap it.
            return c.withTimeouts(c.timeouts().withForceCloseGrace(Duration.ofMillis(100))
                    .withGracefulShutdownTimeout(Duration.ofSeconds(20)));
        });
        Socket client = connect(proxy);
        Socket server = accept(backend);
        client.getOutputStream().write("request".getBytes());
        assertEquals("request", new String(server.getInputStream().readNBytes(7)));

        CompletableFuture<Void> stopped = proxy.stop();
        await().atMost(WAIT).until(() -> !proxy.isRunning());
        // Well past the force-close grace, the connection still works both ways.
        await().pollDelay(Duration.ofMillis(400)).atMost(WAIT).until(() -> true);
        client.getOutputStream().write("more".getBytes());
        assertEquals("more", new String(server.getInputStream().readNBytes(4)));
        client.shutdownOutput();
        assertEquals(-1, server.getInputStream().read(), "the client's end is passed on");
        byte[] response = new byte[5000];
        Arrays.fill(response, (byte) 'r');
        server.getOutputStream().write(response);
        server.close();

        assertArrayEquals(response, readAll(client.getInputStream()), "every byte, then a clean end");
        stopped.get(10, TimeUnit.SECONDS);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
    }

    @Test
    void noNewConnectionIsAcceptedOnceStopBegins() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        CompletableFuture<Void> stopped = proxy.stop();
        await().atMost(WAIT).until(() -> !proxy.isRunning());
        await().atMost(WAIT).until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, listenPort(proxy)), 1000);
                return false;
            } catch (java.io.IOException refused) {
                return true;
            }
        });
        client.close();
        server.close();
        stopped.get(10, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ 3. one slow client, direct memory

    @Test
    void aClientTricklingWhileTheBackendConnectsHoldsOneBufferNotOnePerRead() throws Exception {
        ServerSocket backend = backend(1);
        fillBacklog(backend);
        int limit = 1024 * 1024;
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                .withLimits(new LimitsConfig(0, 0, 0, limit)));
        Socket client = connect(proxy);
        client.setTcpNoDelay(true);
        OutputStream out = client.getOutputStream();
        int small = 500;
        for (int i = 0; i < small; i++) {
            out.write('a' + i % 26);
            out.flush();
            long expected = i + 1;
            // One read per byte: the proxy has taken this byte before the next is sent.
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(WAIT)
                    .until(() -> proxy.stats().bytesFromClients() == expected);
        }
        assertEquals(1, proxy.outstandingBuffers(), "500 one-byte reads share one queued buffer");

        // Past maxPendingDataSize (counted in buffer capacity) the client is no longer read, but
        // the connection is not killed.
        int bulkSize = 4 * limit;
        Future<?> bulk = executor().submit(() -> {
            out.write(new byte[bulkSize]);
            return null;
        });
        await().atMost(WAIT).until(() -> proxy.stats().bytesFromClients() >= limit - 32 * 1024);
        int held = proxy.outstandingBuffers();
        assertTrue(held * (long) ProxyServer.BUFFER_SIZE <= limit + ProxyServer.BUFFER_SIZE, "buffers held: " + held);
        assertEquals(1, proxy.activeConnections(), "paused, not killed");

        // The backend's queue drains: the proxy's SYN gets through and every byte arrives in order.
        accept(backend).close();
        accept(backend).close();
        Socket server = accept(backend);
        byte[] first = server.getInputStream().readNBytes(small);
        for (int i = 0; i < small; i++) {
            assertEquals('a' + i % 26, first[i]);
        }
        assertEquals(bulkSize, server.getInputStream().readNBytes(bulkSize).length);
        bulk.get(10, TimeUnit.SECONDS);
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        assertEquals(0, proxy.outstandingBuffers());
    }

    @Test
    void anErrorWhileServingOneConnectionEndsOnlyThatConnection() throws Exception {
        ServerSocket good = backend();
        int badPort = freePort();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("good", p, good.getLocalPort()),
                forwardRoute("bad", badPort, good.getLocalPort()))).withEventLoops(1),
                (config, routing) -> new FailingPolicy(routing, badPort, new OutOfMemoryError("Direct buffer memory")));
        Socket victim = connect(badPort);
        assertTrue(SniAndBridgeTest.endOrReset(victim));
        awaitReason(proxy, dev.leakaudit.proxy.engine.lifecycle.TerminationReason.ERROR, 1);

        // The same (only) event loop still serves a new connection on the other route.
        Socket client = connect(proxy);
        Socket server = accept(good);
        client.getOutputStream().write(42);
        assertEquals(42, server.getInputStream().read());
        client.close();
        server.close();
        awaitClosed(proxy, 2);
    }

    @Test
    void aDeadEventLoopIsReportedOnceWithAClearLine() throws Exception {
        CompletableFuture<Throwable> death = new CompletableFuture<>();
        EventLoop loop = new EventLoop("test-loop", 1024, 1, death::complete);
        Pipe pipe = Pipe.open();
        try {
            pipe.source().configureBlocking(false);
            loop.start();
            CompletableFuture<SelectionKey> registered = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    registered.complete(loop.register(pipe.source(), SelectionKey.OP_READ, new EventLoop.IoHandler() {
                        @Override
                        public void ready(SelectionKey key) {
                            throw new StackOverflowError("while serving");
                        }

                        @Override
                        public void failed(Throwable t) {
                            throw new OutOfMemoryError("while containing " + t.getMessage());
                        }
                    }));
                } catch (java.io.IOException e) {
                    registered.completeExceptionally(e);
                }
            });
            registered.get(10, TimeUnit.SECONDS);
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            Throwable cause = death.get(10, TimeUnit.SECONDS);
            assertTrue(cause instanceof OutOfMemoryError, String.valueOf(cause));
            loop.join();
            assertTrue(loop.terminated().isDone());
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    // ------------------------------------------------------------------ 4. no connection stuck in ACCEPTED

    @Test
    void aFailureWhileStartingAConnectionClosesIt() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))),
                (config, routing) -> new FailingPolicy(routing, listenPort(config), new ArithmeticException("long overflow")));
        Socket client = connect(proxy);
        assertTrue(SniAndBridgeTest.endOrReset(client));
        awaitReason(proxy, dev.leakaudit.proxy.engine.lifecycle.TerminationReason.ERROR, 1);
        assertEquals(0, proxy.activeConnections());
        assertTrue(proxy.connectionsByIp().isEmpty());
    }

    // ------------------------------------------------------------------ 5. ClientHellos: idle and trickled

    @Test
    void idleClientsOnAnSniPortHoldNoBuffer() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(sniRoute("alpha", p, "alpha.example.com", backend.getLocalPort()))));
        for (int i = 0; i < 50; i++) {
            connect(proxy);
        }
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 50);
        assertEquals(0, proxy.outstandingBuffers(), "no buffer before a byte arrives");
    }

    @Test
    void aClientHelloTrickledOneByteAtATimeIsRouted() throws Exception {
        ServerSocket alpha = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(sniRoute("alpha", p, "alpha.example.com", alpha.getLocalPort()))));
        byte[] hello = TlsHello.forServerName("alpha.example.com");
        Socket client = connect(proxy);
        client.setTcpNoDelay(true);
        for (byte b : hello) {
            client.getOutputStream().write(b);
            client.getOutputStream().flush();
        }
        Socket server = accept(alpha);
        assertArrayEquals(hello, server.getInputStream().readNBytes(hello.length));
        assertTrue(proxy.outstandingBuffers() <= 1, "held buffers: " + proxy.outstandingBuffers());
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
    }

    static RouteConfig sniRoute(String name, int port, String domain, int targetPort) {
        return new RouteConfig(name, 0, new RouteMatch(PortSet.of(port), List.of(DomainPattern.parse(domain)), List.of()),
                new ForwardAction(new HostPort("127.0.0.1", targetPort), false), RouteSecurity.open());
    }

    static int listenPort(ProxyConfig config) {
        return config.routes().get(0).match().ports().ports().get(0);
    }

    /** The real policy, except that matching a connection on one port throws {@code failure}. */
    static final class FailingPolicy implements RoutingPolicy {
        private final RoutingPolicy real;
        private final int port;
        private final Throwable failure;

        FailingPolicy(RoutingPolicy real, int port, Throwable failure) {
            this.real = real;
            this.port = port;
            this.failure = failure;
        }

        private static RuntimeException sneaky(Throwable t) {
            return RegressionTest.<RuntimeException>sneakyThrow(t);
        }

        @Override
        public boolean portNeedsSni(int localPort) {
            if (localPort == port) {
                throw sneaky(failure);
            }
            return real.portNeedsSni(localPort);
        }

        @Override
        public RouteConfig match(int localPort, String sni, InetAddress clientIp) {
            return real.match(localPort, sni, clientIp);
        }

        @Override
        public Admission admit(InetSocketAddress client, RouteConfig routeOrNull) {
            return real.admit(client, routeOrNull);
        }

        @Override
        public String enterRoute(Admission admission, RouteConfig route) {
            return real.enterRoute(admission, route);
        }

        @Override
        public SniResult parseClientHello(ByteBuffer data) {
            return real.parseClientHello(data);
        }

        @Override
        public HelloParser newHelloParser() {
            return real.newHelloParser();
        }

        @Override
        public Map<InetAddress, Integer> connectionsByIp() {
            return real.connectionsByIp();
        }

        @Override
        public Map<String, Integer> connectionsByRoute() {
            return real.connectionsByRoute();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
