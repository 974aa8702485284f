package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.CertificateFiles;
import dev.leakaudit.proxy.config.ConfigException;
import dev.leakaudit.proxy.config.ConfigLoader;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.TlsConfig;
import dev.leakaudit.proxy.tls.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A reload while traffic flows: new routes for new connections, established ones untouched (no
 * reset, no byte lost), removed listeners drained, a configuration that cannot be used rejected
 * whole while the running one goes on.
 */
class ReloadTest extends TlsTestSupport {

    /** An echo server that first says which one it is (one byte), then echoes everything until the end. */
    private ServerSocket taggedEcho(char tag) throws IOException {
        ServerSocket server = backend();
        executor().submit(() -> {
            while (!server.isClosed()) {
                Socket s;
                try {
                    // Closed by its own thread once the proxy ends its side (at the latest when it stops).
                    s = server.accept();
                } catch (java.net.SocketTimeoutException idle) {
                    continue;
                } catch (IOException closed) {
                    return null;
                }
                executor().submit(() -> {
                    try (Socket c = s) {
                        OutputStream out = c.getOutputStream();
                        out.write(tag);
                        InputStream in = c.getInputStream();
                        byte[] buf = new byte[16384];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                        }
                        c.shutdownOutput();
                    }
                    return null;
                });
            }
            return null;
        });
        return server;
    }

    /** Which backend a new connection through {@code port} reaches (its tag); the connection ends at once. */
    private char reaches(int port) throws IOException {
        Socket s = connect(port);
        int tag = s.getInputStream().read();
        s.shutdownOutput();
        assertEquals(-1, s.getInputStream().read());
        s.close();
        return (char) tag;
    }

    /** A client that streams through the proxy and checks every byte that comes back, until told to stop. */
    private final class Stream {
        final AtomicLong verified = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Future<Character> done;

        Stream(int port, long seed) throws IOException {
            Socket s = connect(port);
            done = executor().submit(() -> {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                char tag = (char) in.read();
                Random random = new Random(seed);
                byte[] chunk = new byte[8192];
                while (!stop.get()) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                    byte[] back = in.readNBytes(chunk.length);
                    if (!java.util.Arrays.equals(chunk, back)) {
                        throw new AssertionError("bytes changed or lost after " + verified.get());
                    }
                    verified.addAndGet(chunk.length);
                }
                s.shutdownOutput();
                if (in.read() != -1) {
                    throw new AssertionError("bytes after the end");
                }
                s.close();
                return tag;
            });
        }

        void awaitProgress(long beyond) {
            await().atMost(WAIT).until(() -> verified.get() > beyond || done.isDone());
            assertFalse(done.isDone() && !stop.get(), "the stream ended early");
        }
    }

    private static ProxyConfig withRoutes(ProxyConfig base, RouteConfig... routes) {
        return base.withRoutes(List.of(routes));
    }

    @Test
    void trafficFlowsAcrossReloadsWithoutAResetOrALostByteAndNewConnectionsTakeTheNewRoutes() throws Exception {
        ServerSocket one = taggedEcho('1');
        ServerSocket two = taggedEcho('2');
        int extra = freePort();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("main", p, one.getLocalPort()))));
        ProxyConfig first = proxy.config();
        int port = listenPort(proxy);
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            streams.add(new Stream(port, i));
        }
        for (Stream s : streams) {
            s.awaitProgress(32 * 1024);
        }
        ProxyConfig second = withRoutes(first, forwardRoute("main", port, two.getLocalPort()),
                forwardRoute("extra", extra, two.getLocalPort()));
        for (int round = 0; round < 3; round++) {
            assertTrue(proxy.reload(second).applied());
            assertEquals('2', reaches(port), "a new connection takes the new route");
            assertEquals('2', reaches(extra), "and the new port listens");
            for (Stream s : streams) {
                s.awaitProgress(s.verified.get());
            }
            ProxyServer.ReloadOutcome back = proxy.reload(first);
            assertTrue(back.applied() && back.line().contains("stopped listening on [" + extra + "]"), back.line());
            assertEquals('1', reaches(port));
            for (Stream s : streams) {
                s.awaitProgress(s.verified.get());
            }
        }
        for (Stream s : streams) {
            s.stop.set(true);
        }
        for (Stream s : streams) {
            assertEquals('1', s.done.get(20, TimeUnit.SECONDS), "established connections kept their backend");
        }
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 0);
        Map<String, Long> reasons = proxy.stats().incomingTerminations();
        assertEquals(Map.of("normal", proxy.stats().closedCount()), reasons, "no reset, no error: " + reasons);
        long streamed = streams.stream().mapToLong(s -> s.verified.get()).sum();
        assertTrue(streamed > 6 * 4 * 8192, "traffic flowed across the reloads: " + streamed);
    }

    @Test
    void aRemovedListenerStopsAcceptingAndItsConnectionsDrainThenAreForced() throws Exception {
        ServerSocket one = taggedEcho('1');
        int extra = freePort();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("main", p, one.getLocalPort()),
                forwardRoute("extra", extra, one.getLocalPort())))
                .withTimeouts(fastTimeouts().withGracefulShutdownTimeout(Duration.ofMillis(800))));
        ProxyConfig before = proxy.config();
        Socket finishing = connect(extra);
        Socket idle = connect(extra);
        assertEquals('1', finishing.getInputStream().read());
        assertEquals('1', idle.getInputStream().read());

        ProxyServer.ReloadOutcome outcome = proxy.reload(withRoutes(before, before.routes().get(0)));
        assertTrue(outcome.line().contains("stopped listening on [" + extra + "], 2 connection(s) there left to finish"),
                outcome.line());
        assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, extra).close(), "no listener any more");
        // The established connection goes on and ends as usual.
        finishing.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
        assertEquals("still here", new String(finishing.getInputStream().readNBytes(10), StandardCharsets.US_ASCII));
        finishing.shutdownOutput();
        assertEquals(-1, finishing.getInputStream().read());
        // The idle one is forced once the graceful shutdown timeout has passed.
        awaitReason(proxy, dev.leakaudit.proxy.engine.lifecycle.TerminationReason.SHUTDOWN, 1);
        assertEquals(1, proxy.stats().terminations().incoming(dev.leakaudit.proxy.engine.lifecycle.TerminationReason.NORMAL));
        assertEquals('1', reaches(listenPort(proxy)), "the port that stayed still serves");
    }

    @Test
    void aConfigurationThatCannotBeUsedIsRejectedWholeAndTheRunningOneGoesOn() throws Exception {
        ServerSocket one = taggedEcho('1');
        ServerSocket two = taggedEcho('2');
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("main", p, one.getLocalPort()))));
        ProxyConfig running = proxy.config();
        int port = listenPort(proxy);
        Stream stream = new Stream(port, 99);
        stream.awaitProgress(16 * 1024);

        // A certificate whose key belongs to another: named, nothing applied (not even the new target).
        TestPki.Issued web = PKI.issue(List.of("web.example.com"), TestPki.KeyKind.EC);
        TestPki.Issued other = PKI.issue(List.of("other.example.com"), TestPki.KeyKind.EC);
        web.write(dir.resolve("web.pem"), dir.resolve("unused.key"));
        other.write(dir.resolve("other.pem"), dir.resolve("other.key"));
        int tlsPort = freePort();
        ProxyConfig badKey = withRoutes(running, forwardRoute("main", port, two.getLocalPort()),
                terminateRoute("web", tlsPort, List.of(), two.getLocalPort(),
                        TlsConfig.terminate(List.of(new CertificateFiles(dir.resolve("web.pem"), dir.resolve("other.key"))))));
        ProxyServer.ReloadOutcome refused = proxy.reload(badKey);
        assertFalse(refused.applied());
        assertTrue(refused.line().contains("reload rejected, the running configuration stays")
                && refused.line().contains("route \"web\"") && refused.line().contains("other.key"), refused.line());
        assertEquals(1, refused.line().lines().count(), "one line");

        // A port another program holds: nothing applied, not even the other new port.
        int freeOne = freePort();
        try (ServerSocket taken = new ServerSocket(0)) {
            ProxyConfig busy = withRoutes(running, forwardRoute("main", port, two.getLocalPort()),
                    forwardRoute("a", freeOne, two.getLocalPort()), forwardRoute("b", taken.getLocalPort(), two.getLocalPort()));
            ProxyServer.ReloadOutcome outcome = proxy.reload(busy);
            assertFalse(outcome.applied());
            assertTrue(outcome.line().contains("cannot listen on port"), outcome.line());
            assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, freeOne).close(), "nothing half-opened");
        }
        assertEquals(running, proxy.config());
        assertEquals('1', reaches(port), "the old routes still serve new connections");
        stream.awaitProgress(stream.verified.get());
        stream.stop.set(true);
        assertEquals('1', stream.done.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theJmxOperationReadsTheFileAgainAndSaysWhatHappened() throws Exception {
        ServerSocket one = taggedEcho('1');
        ServerSocket two = taggedEcho('2');
        Path file = dir.resolve("proxy.json");
        ProxyServer proxy = startProxy(p -> {
            try {
                Files.writeString(file, json(p, one.getLocalPort()));
                return ConfigLoader.load(file).withStatsInterval(Duration.ZERO).withEventLoops(2);
            } catch (IOException | ConfigException e) {
                throw new IllegalStateException(e);
            }
        });
        int port = listenPort(proxy);
        proxy.configSource(new ProxyServer.ConfigSource() {
            @Override
            public ProxyConfig load() throws ConfigException {
                return ConfigLoader.load(file).withStatsInterval(Duration.ZERO).withEventLoops(2);
            }

            @Override
            public String describe() {
                return file.getFileName().toString();
            }
        });
        Files.writeString(file, json(port, two.getLocalPort()));
        String line = (String) ManagementFactory.getPlatformMBeanServer().invoke(proxy.controlName(), "reload", null, null);
        assertTrue(line.contains("reloaded proxy.json: 1 route(s) on 1 port(s)"), line);
        assertEquals('2', reaches(port));

        Files.writeString(file, "{\"routes\": [}");
        line = (String) ManagementFactory.getPlatformMBeanServer().invoke(proxy.controlName(), "reload", null, null);
        assertTrue(line.contains("reload rejected") && line.contains("proxy.json: not valid JSON"), line);
        assertEquals('2', reaches(port), "the running configuration stays");
    }

    private static String json(int port, int target) {
        return "{\"routes\": [{\"name\": \"main\", \"match\": {\"ports\": " + port + "}, \"action\": {\"type\": \"forward\","
                + " \"target\": \"127.0.0.1:" + target + "\"}}], \"timeouts\": {\"forceCloseGrace\": \"200ms\"}}";
    }
}
