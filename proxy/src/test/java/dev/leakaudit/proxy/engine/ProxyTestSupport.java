package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.KeepAliveConfig;
import dev.leakaudit.proxy.config.KeepAliveTreatment;
import dev.leakaudit.proxy.config.LimitsConfig;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteAction;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.config.TimeoutsConfig;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * Real sockets on 127.0.0.1; everything a test opens is closed (once) in {@link #closeEverything()}.
 */
abstract class ProxyTestSupport {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<ProxyServer> servers = new ArrayList<>();
    private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ServerSocket> serverSockets = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        Exception failure = null;
        // Test sockets first: the proxy then sees its peers end and closes without waiting.
        for (Socket s : sockets) {
            if (!s.isClosed()) {
                s.close();
            }
        }
        for (ServerSocket s : serverSockets) {
            if (!s.isClosed()) {
                s.close();
            }
        }
        for (ProxyServer s : servers) {
            try {
                s.stop().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure = e;
            }
        }
        for (ExecutorService e : executors) {
            e.shutdownNow();
            if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
                failure = new IllegalStateException("test threads did not end");
            }
        }
        for (ProxyServer s : servers) {
            assertEquals(0, s.activeConnections(), "connections left after stop");
            assertTrue(s.connectionsByIp().isEmpty(), "per-IP entries left after stop");
            assertTrue(s.connectionsByRoute().isEmpty(), "per-route entries left after stop");
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ------------------------------------------------------------------ configuration

    static TimeoutsConfig fastTimeouts() {
        return new TimeoutsConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofMillis(200), Duration.ofSeconds(2), false);
    }

    static ProxyConfig config(List<RouteConfig> routes) {
        return ProxyConfig.defaults()
                .withRoutes(routes)
                .withTimeouts(fastTimeouts())
                .withKeepAlive(new KeepAliveConfig(KeepAliveTreatment.STANDARD, 6, null))
                .withLimits(LimitsConfig.unlimited())
                .withEventLoops(2)
                .withStatsInterval(Duration.ZERO);
    }

    static RouteConfig forwardRoute(String name, int listenPort, int targetPort) {
        return route(name, listenPort, new ForwardAction(new HostPort("127.0.0.1", targetPort), false));
    }

    static RouteConfig route(String name, int listenPort, RouteAction action) {
        return new RouteConfig(name, 0, RouteMatch.ports(PortSet.of(listenPort)), action, RouteSecurity.open());
    }

    /** A port that was free a moment ago (the proxy's routes cannot ask for port 0). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts a server for a config built around a fresh free port; retried when another process
     * took the port in between.
     */
    ProxyServer startProxy(java.util.function.IntFunction<ProxyConfig> configForPort) throws IOException {
        return startProxy(configForPort, (config, routing) -> routing);
    }

    /** As above, with the real routing policy wrapped (or replaced) by {@code policy}. */
    ProxyServer startProxy(java.util.function.IntFunction<ProxyConfig> configForPort,
                           java.util.function.BiFunction<ProxyConfig, RoutingPolicy, RoutingPolicy> policy)
            throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            ProxyConfig config = configForPort.apply(port);
            ComponentsRoutingPolicy routing;
            try {
                routing = ComponentsRoutingPolicy.create(config);
            } catch (dev.leakaudit.proxy.tls.TlsFileException e) {
                throw new IOException(e.getMessage(), e);
            }
            ProxyServer server = new ProxyServer(config, policy.apply(config, routing));
            try {
                server.start();
                servers.add(server);
                return server;
            } catch (BindException e) {
                last = e;
            }
        }
        throw last;
    }

    static int listenPort(ProxyServer server) {
        return server.config().routes().get(0).match().ports().ports().get(0);
    }

    // ------------------------------------------------------------------ sockets

    ServerSocket backend() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, LOOPBACK);
        s.setSoTimeout((int) WAIT.toMillis());
        serverSockets.add(s);
        return s;
    }

    ServerSocket backend(int backlog) throws IOException {
        ServerSocket s = new ServerSocket(0, backlog, LOOPBACK);
        s.setSoTimeout((int) WAIT.toMillis());
        serverSockets.add(s);
        return s;
    }

    /** A listening socket made elsewhere, closed after the test like the others. */
    <T extends ServerSocket> T adopt(T s) {
        serverSockets.add(s);
        return s;
    }

    Socket accept(ServerSocket backend) throws IOException {
        Socket s = backend.accept();
        s.setSoTimeout((int) WAIT.toMillis());
        sockets.add(s);
        return s;
    }

    Socket connect(int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress(LOOPBACK, port), (int) WAIT.toMillis());
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    Socket connect(ProxyServer server) throws IOException {
        return connect(listenPort(server));
    }

    /** Fills a backlog-1 listener's accept queue so that further SYNs are dropped (connect hangs). */
    void fillBacklog(ServerSocket backend) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            sockets.add(s);
            try {
                s.connect(backend.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException e) {
                return;
            }
        }
        throw new IllegalStateException("could not fill the accept queue");
    }

    ExecutorService executor() {
        ExecutorService e = Executors.newCachedThreadPool();
        executors.add(e);
        return e;
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static byte[] readExactly(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }

    /** True when the peer ended its output (read returns -1); times out after the socket timeout. */
    static boolean seesEndOfStream(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (IOException e) {
            // a reset is also an end, but not a graceful one
            return false;
        }
    }

    // ------------------------------------------------------------------ statistics

    static void awaitClosed(ProxyServer server, long count) {
        await().atMost(WAIT).until(() -> server.stats().closedCount() >= count);
        assertEquals(count, server.stats().closedCount(), "closed connections");
    }

    static void assertTerminations(ProxyServer server, Map<String, Long> incoming, Map<String, Long> outgoing) {
        assertEquals(incoming, server.stats().incomingTerminations(), "incoming terminations");
        assertEquals(outgoing, server.stats().outgoingTerminations(), "outgoing terminations");
    }

    static void awaitReason(ProxyServer server, TerminationReason reason, long count) {
        await().atMost(WAIT).until(() -> server.stats().terminations().incoming(reason) >= count);
        assertEquals(count, server.stats().terminations().incoming(reason), "incoming " + reason);
    }
}
