package dev.leakaudit.proxy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.LimitsConfig;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backend failures, each mapped to exactly one reason and counted once per side. */
class FailureReasonsTest extends ProxyTestSupport {

    @Test
    void backendRefused() throws Exception {
        int closedPort = freePort();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, closedPort))));
        Socket client = connect(proxy);
        client.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
        // The client is ended (FIN, or a reset when the proxy closes with unread bytes).
        assertEquals(-1, readEndOrReset(client.getInputStream()));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("connection_refused", 1L), Map.of("connection_refused", 1L));
    }

    @Test
    void backendNamedByHostNameIsLookedUpOffTheLoop() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(route("r", p,
                new ForwardAction(new HostPort("localhost", backend.getLocalPort()), false)))));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        client.getOutputStream().write("via a name".getBytes(StandardCharsets.US_ASCII));
        assertEquals("via a name", new String(server.getInputStream().readNBytes(10), StandardCharsets.US_ASCII));
        client.close();
        server.close();
        awaitClosed(proxy, 1);
    }

    @Test
    void unknownBackendHostIsHostUnreachable() throws Exception {
        ProxyServer proxy = startProxy(p -> config(List.of(route("r", p,
                new ForwardAction(new HostPort("no-such-backend.invalid", 9), false)))));
        Socket client = connect(proxy);
        assertEquals(-1, readEndOrReset(client.getInputStream()));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("host_unreachable", 1L), Map.of("host_unreachable", 1L));
    }

    @Test
    void backendResetMidStream() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Socket client = connect(proxy);
        Socket server = accept(backend);
        server.getOutputStream().write("partial".getBytes(StandardCharsets.US_ASCII));
        server.getOutputStream().flush();
        InputStream in = client.getInputStream();
        assertEquals("partial", new String(in.readNBytes(7), StandardCharsets.US_ASCII));
        server.setSoLinger(true, 0);
        server.close(); // RST

        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("econnreset", 1L), Map.of("econnreset", 1L));
        // The client gets a graceful end after what had been delivered.
        assertEquals(-1, in.read());
    }

    @Test
    void backendConnectTimesOut() throws Exception {
        ServerSocket backend = backend(1);
        fillBacklog(backend);
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort())))
                .withTimeouts(fastTimeouts().withSocketTimeout(Duration.ofMillis(200))));
        Socket client = connect(proxy);
        assertEquals(-1, readEndOrReset(client.getInputStream()));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("etimedout", 1L), Map.of("etimedout", 1L));
    }

    @Test
    void queuedDataWhileConnectingArrivesInOrder() throws Exception {
        ServerSocket backend = backend(1);
        fillBacklog(backend);
        ProxyServer proxy = startProxy(p -> config(List.of(forwardRoute("r", p, backend.getLocalPort()))));
        Socket client = connect(proxy);
        client.getOutputStream().write("first,".getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().write("second".getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> proxy.stats().bytesFromClients() == 12);
        // Drain the two queued filler connections: the proxy's retransmitted SYN then gets through.
        accept(backend).close();
        accept(backend).close();
        Socket server = accept(backend);
        assertEquals("first,second", new String(readAll(server.getInputStream()), StandardCharsets.US_ASCII));
        server.close();
        assertTrue(seesEndOfStreamOrReset(client));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
    }

    private static int readEndOrReset(InputStream in) {
        try {
            return in.read();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static boolean seesEndOfStreamOrReset(Socket s) {
        return readEndOrReset(getIn(s)) == -1;
    }

    private static InputStream getIn(Socket s) {
        try {
            return s.getInputStream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void errorMessagesMapToOneReasonEach() {
        assertEquals(TerminationReason.ECONNRESET, dev.leakaudit.proxy.engine.lifecycle.ErrorReasons.map(
                new java.net.SocketException("Connection reset")));
        assertEquals(TerminationReason.ECONNRESET, dev.leakaudit.proxy.engine.lifecycle.ErrorReasons.map(
                new java.io.IOException("Connection reset by peer")));
        assertEquals(TerminationReason.CONNECTION_REFUSED, dev.leakaudit.proxy.engine.lifecycle.ErrorReasons.map(
                new java.net.ConnectException("Connection refused")));
        assertEquals(TerminationReason.ETIMEDOUT, dev.leakaudit.proxy.engine.lifecycle.ErrorReasons.map(
                new java.net.ConnectException("Connection timed out")));
        assertEquals(TerminationReason.HOST_UNREACHABLE, dev.leakaudit.proxy.engine.lifecycle.ErrorReasons.map(
                new java.net.NoRouteToHostException("No route to host")));
        assertEquals(TerminationReason.NETWORK_UNREACHABLE, dev.leakaudit.proxy.engine.lifecycle.ErrorReasons.map(
                new java.net.SocketException("Network is unreachable")));
        assertEquals(TerminationReason.ERROR, dev.leakaudit.proxy.engine.lifecycle.ErrorReasons.map(
                new java.io.IOException("something else")));
    }
}
