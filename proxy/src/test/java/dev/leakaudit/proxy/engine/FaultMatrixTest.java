package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.tls.HostileHellos;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Faulty peers on both sides, on plain and SNI ports, each ending with the right reason; where the
 * peers behaved, bytes in equal bytes out. (Refused, reset mid-stream, connect timeout and the
 * half-close cases are in FailureReasonsTest and ForwardingTest.) Plus a few hundred hostile
 * ClientHellos through a real port.
 */
class FaultMatrixTest extends ProxyTestSupport {

    private static final Duration SHORT = Duration.ofMillis(300);

    private ProxyServer plainProxy(ServerSocket backend) throws Exception {
        return startProxy(p -> {
            ProxyConfig c = config(List.of(forwardRoute("r", p, backend.getLocalPort())));
            return c.withTimeouts(c.timeouts().withInactivityTimeout(SHORT).withInitialDataTimeout(SHORT));
        });
    }

    @Test
    void backendThatAcceptsAndNeverAnswersEndsWithInactivity() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = plainProxy(backend);
        Socket client = connect(proxy);
        Socket server = accept(backend);
        client.getOutputStream().write("hello?".getBytes());
        assertEquals("hello?", new String(server.getInputStream().readNBytes(6)));
        assertTrue(SniAndBridgeTest.endOrReset(client));
        awaitReason(proxy, TerminationReason.INACTIVITY, 1);
        assertEquals(-1, server.getInputStream().read(), "the backend sees a graceful end");
    }

    @Test
    void backendThatAnswersVerySlowlyDeliversEveryByte() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        byte[] expected = new byte[20];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
            server.getOutputStream().write(i);
            server.getOutputStream().flush();
            int n = i + 1;
            // One byte at a time, each taken by the client before the next is sent.
            await().pollDelay(Duration.ofMillis(20)).atMost(WAIT).until(() -> proxy.stats().bytesToClients() == n);
        }
        server.close();
        assertArrayEquals(expected, readAll(client.getInputStream()));
        client.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
    }

    @Test
    void backendThatClosesAfterHalfAResponseGivesTheClientThatHalfAndAnEnd() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        client.getOutputStream().write("GET".getBytes());
        client.shutdownOutput();
        assertEquals("GET", new String(readAll(server.getInputStream())));
        byte[] half = new byte[50_000];
        server.getOutputStream().write(half);
        server.close();
        assertEquals(half.length, readAll(client.getInputStream()).length);
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        assertEquals(3, proxy.stats().bytesFromClients());
        assertEquals(half.length, proxy.stats().bytesToClients());
    }

    @Test
    void clientThatVanishesWithoutReadingTheResponse() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        client.close();
        // The backend keeps writing into a connection whose client is gone.
        Future<?> writer = executor().submit(() -> {
            try {
                for (int i = 0; i < 1000; i++) {
                    server.getOutputStream().write(new byte[8192]);
                }
            } catch (java.io.IOException expected) {
                // the proxy closed its side
            }
            return null;
        });
        awaitClosed(proxy, 1);
        writer.get(10, TimeUnit.SECONDS);
        Map<String, Long> in = proxy.stats().incomingTerminations();
        assertTrue(in.equals(Map.of("normal", 1L)) || in.equals(Map.of("econnreset", 1L)), in.toString());
        assertEquals(0, proxy.outstandingBuffers());
    }

    @Test
    void clientThatResetsEndsWithEconnreset() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        client.getOutputStream().write(1);
        assertEquals(1, server.getInputStream().read());
        client.setSoLinger(true, 0);
        client.close(); // RST
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("econnreset", 1L), Map.of("econnreset", 1L));
        assertTrue(SniAndBridgeTest.endOrReset(server));
    }

    @Test
    void slowlorisOnAnSniPortIsCutByTheInitialDataTimeout() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> {
            ProxyConfig c = config(List.of(RegressionTest.sniRoute("alpha", p, "alpha.example.com", backend.getLocalPort())));
            return c.withTimeouts(c.timeouts().withInitialDataTimeout(SHORT));
        });
        byte[] hello = TlsHello.forServerName("alpha.example.com");
        Socket client = connect(proxy);
        client.setTcpNoDelay(true);
        // One byte every 50 ms keeps the connection busy but never completes the hello in time.
        try {
            for (int i = 0; i < hello.length - 1 && proxy.stats().closedCount() == 0; i++) {
                client.getOutputStream().write(hello[i]);
                client.getOutputStream().flush();
                await().pollDelay(Duration.ofMillis(50)).atMost(WAIT).until(() -> true);
            }
        } catch (java.io.IOException closedByTheProxy) {
            // expected once the timeout fired
        }
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("initial_timeout", 1L), Map.of());
        assertEquals(0, proxy.outstandingBuffers());
    }

    @Test
    void slowlorisOnAPlainPortIsCutByInactivityWhenItStops() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = plainProxy(backend);
        Socket client = connect(proxy);
        Socket server = accept(backend);
        for (int i = 0; i < 5; i++) {
            client.getOutputStream().write('a' + i);
            client.getOutputStream().flush();
            await().pollDelay(Duration.ofMillis(100)).atMost(WAIT).until(() -> true);
        }
        assertEquals("abcde", new String(server.getInputStream().readNBytes(5)));
        awaitReason(proxy, TerminationReason.INACTIVITY, 1);
        assertEquals(5, proxy.stats().bytesFromClients());
    }

    @Test
    void hostileClientHellosThroughARealPortAllEndWithAReason() throws Exception {
        ServerSocket backend = backend();
        Future<?> sink = executor().submit(() -> {
            while (!backend.isClosed()) {
                try (Socket s = backend.accept()) {
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.net.SocketTimeoutException idle) {
                    // keep waiting
                } catch (java.io.IOException closed) {
                    return null;
                }
            }
            return null;
        });
        ProxyServer proxy = startProxy(p -> {
            ProxyConfig c = config(List.of(RegressionTest.sniRoute("any", p, "*.example.com", backend.getLocalPort())));
            return c.withTimeouts(c.timeouts().withInitialDataTimeout(Duration.ofSeconds(2)));
        });
        HostileHellos hellos = new HostileHellos(20261129L);
        int count = 200;
        for (int i = 0; i < count; i++) {
            byte[] hello = hellos.next();
            try (Socket client = connect(proxy)) {
                try {
                    client.getOutputStream().write(hello);
                    client.shutdownOutput();
                    InputStream in = client.getInputStream();
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException resetByTheProxy) {
                    // a refused hello may be answered with a reset
                }
            }
        }
        awaitClosed(proxy, count);
        long total = proxy.stats().incomingTerminations().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(count, total, "every connection ended with a reason: " + proxy.stats().incomingTerminations());
        assertEquals(0, proxy.activeConnections());
        assertEquals(0, proxy.outstandingBuffers());
        backend.close();
        sink.get(10, TimeUnit.SECONDS);
    }
}
