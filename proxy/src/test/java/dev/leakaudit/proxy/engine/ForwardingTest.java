package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ForwardingTest extends ProxyTestSupport {

    @Test
    void longConnectionsAreSpreadOverTheLoops() throws Exception {
        // Each loop accepts on its own SO_REUSEPORT socket and the kernel picks one by a hash, so a
        // few long connections could all land on one loop; the accepting loop hands a connection to
        // a loop that serves fewer.
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        List<Socket> kept = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            kept.add(connect(proxy));
            kept.add(accept(backend));
        }
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 6);
        int[] perLoop = proxy.connectionsPerLoop();
        assertEquals(2, perLoop.length);
        assertEquals(6, perLoop[0] + perLoop[1]);
        assertTrue(Math.abs(perLoop[0] - perLoop[1]) <= 1, java.util.Arrays.toString(perLoop));
        for (Socket s : kept) {
            s.close();
        }
        awaitClosed(proxy, 6);
        assertEquals(0, proxy.connectionsPerLoop()[0] + proxy.connectionsPerLoop()[1]);
    }

    @Test
    void clientHalfCloseStillGetsTheWholeResponse() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));

        Socket client = connect(proxy);
        client.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput();

        Socket server = accept(backend);
        // The backend sees the request and then the client's end of stream.
        assertEquals("request", new String(readAll(server.getInputStream()), StandardCharsets.US_ASCII));
        byte[] response = new byte[200_000];
        new Random(1).nextBytes(response);
        server.getOutputStream().write(response);
        server.shutdownOutput();

        assertArrayEquals(response, readAll(client.getInputStream()));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        assertEquals(7, proxy.stats().bytesFromClients());
        assertEquals(200_000, proxy.stats().bytesToClients());
    }

    @Test
    void backendHalfCloseFirstThenClientKeepsSending() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));

        Socket client = connect(proxy);
        Socket server = accept(backend);
        server.getOutputStream().write("banner".getBytes(StandardCharsets.US_ASCII));
        server.shutdownOutput();
        assertEquals("banner", new String(readAll(client.getInputStream()), StandardCharsets.US_ASCII));

        // The other direction is still open after the backend's FIN.
        client.getOutputStream().write("late data".getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput();
        assertEquals("late data", new String(readAll(server.getInputStream()), StandardCharsets.US_ASCII));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
    }

    @Test
    void backendClosesFirst() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));

        Socket client = connect(proxy);
        Socket server = accept(backend);
        server.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
        server.close();

        InputStream in = client.getInputStream();
        assertEquals("bye", new String(readAll(in), StandardCharsets.US_ASCII));
        client.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
    }

    /**
     * A socket is closed only after the loop's select has deregistered its key: closed while still
     * registered, the JDK reads SO_LINGER and shuts the output down first (two system calls more per
     * socket, the shutdown failing once the peer is gone).
     */
    @Test
    void socketsAreClosedOnlyOnceTheirKeysAreDeregistered() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        for (int i = 0; i < 20; i++) {
            try (Socket client = connect(proxy); Socket server = accept(backend)) {
                client.getOutputStream().write(i);
                assertEquals(i, server.getInputStream().read());
                server.getOutputStream().write(i);
                server.shutdownOutput();
                assertEquals(i, client.getInputStream().read());
                assertEquals(-1, client.getInputStream().read());
            }
        }
        awaitClosed(proxy, 20);
        ConnectionCleanup cleanup = proxy.connectionManager().cleanup;
        assertTrue(cleanup.deferredCloses.sum() >= 20, "closes deferred: " + cleanup.deferredCloses.sum());
        assertEquals(0, cleanup.closedWhileRegistered.sum(), "sockets closed while still registered");
    }

    @Test
    void clientClosesFirst() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));

        Socket client = connect(proxy);
        Socket server = accept(backend);
        client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        client.close();

        assertEquals("hello", new String(readAll(server.getInputStream()), StandardCharsets.US_ASCII));
        server.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        assertEquals(0, proxy.activeConnections());
    }

    @Test
    void largePayloadsBothWaysArriveIntactUnderBackPressure() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                .withLimits(new dev.leakaudit.proxy.config.LimitsConfig(0, 0, 0, 64 * 1024)));
        int size = 8 * 1024 * 1024;
        byte[] up = new byte[size];
        byte[] down = new byte[size];
        new Random(2).nextBytes(up);
        new Random(3).nextBytes(down);

        Socket client = connect(proxy);
        Socket server = accept(backend);
        ExecutorService pool = executor();
        Future<?> clientWrites = pool.submit(() -> writeAndHalfClose(client, up));
        Future<?> serverWrites = pool.submit(() -> writeAndHalfClose(server, down));
        Future<byte[]> serverReads = pool.submit(() -> digest(server.getInputStream()));
        Future<byte[]> clientReads = pool.submit(() -> digest(client.getInputStream()));

        assertArrayEquals(sha256(up), serverReads.get(30, TimeUnit.SECONDS), "client to backend");
        assertArrayEquals(sha256(down), clientReads.get(30, TimeUnit.SECONDS), "backend to client");
        clientWrites.get(30, TimeUnit.SECONDS);
        serverWrites.get(30, TimeUnit.SECONDS);
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        assertEquals(size, proxy.stats().bytesFromClients());
        assertEquals(size, proxy.stats().bytesToClients());
    }

    @Test
    void backPressureStopsReadingWhileTheOtherSideIsFull() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                .withLimits(new dev.leakaudit.proxy.config.LimitsConfig(0, 0, 0, 64 * 1024)));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        server.setReceiveBufferSize(64 * 1024);
        ExecutorService pool = executor();
        byte[] chunk = new byte[64 * 1024];
        new Random(4).nextBytes(chunk);
        // The backend reads nothing: the client must eventually block, the proxy must not buffer it all.
        Future<Long> written = pool.submit(() -> {
            long total = 0;
            OutputStream out = client.getOutputStream();
            try {
                for (int i = 0; i < 1024; i++) { // 64 MiB at most
                    out.write(chunk);
                    total += chunk.length;
                }
            } catch (java.io.IOException e) {
                return -total;
            }
            return total;
        });
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> proxy.stats().bytesFromClients() > 0);
        // The writer stalls well below 64 MiB: reading from the client stopped.
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> !written.isDone());
        assertTrue(proxy.outstandingBuffers() <= 64, "buffers held: " + proxy.outstandingBuffers());
        client.close();
        server.close();
        written.get(10, TimeUnit.SECONDS);
        awaitClosed(proxy, 1);
    }

    @Test
    void proxyProtocolV1HeaderComesFirst() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(route("pp", p,
                new ForwardAction(new HostPort("127.0.0.1", backend.getLocalPort()), true)))));
        Socket client = connect(proxy);
        client.getOutputStream().write("payload".getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput();
        Socket server = accept(backend);
        String received = new String(readAll(server.getInputStream()), StandardCharsets.US_ASCII);
        String expected = "PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " " + listenPort(proxy)
                + "\r\npayload";
        assertEquals(expected, received);
        server.close();
        awaitClosed(proxy, 1);
    }

    private static Void writeAndHalfClose(Socket s, byte[] data) throws Exception {
        OutputStream out = s.getOutputStream();
        for (int off = 0; off < data.length; off += 100_000) {
            out.write(data, off, Math.min(100_000, data.length - off));
        }
        s.shutdownOutput();
        return null;
    }

    private static byte[] digest(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return md.digest();
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
