package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.BridgeAction;
import dev.leakaudit.proxy.config.DomainPattern;
import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SniAndBridgeTest extends ProxyTestSupport {

    private static RouteConfig sniRoute(String name, int port, String domain, int targetPort) {
        return new RouteConfig(name, 0, new RouteMatch(PortSet.of(port), List.of(DomainPattern.parse(domain)), List.of()),
                new ForwardAction(new HostPort("127.0.0.1", targetPort), false), RouteSecurity.open());
    }

    @Test
    void routesBySniToTwoBackends() throws Exception {
        ServerSocket alpha = backend();
        ServerSocket beta = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(
                sniRoute("alpha", p, "alpha.example.com", alpha.getLocalPort()),
                sniRoute("beta", p, "*.beta.example.com", beta.getLocalPort()))));
        byte[] helloA = TlsHello.forServerName("alpha.example.com");
        byte[] helloB = TlsHello.forServerName("www.beta.example.com");

        Socket clientB = connect(proxy);
        clientB.getOutputStream().write(helloB);
        Socket serverB = accept(beta);
        assertArrayEquals(helloB, serverB.getInputStream().readNBytes(helloB.length));

        Socket clientA = connect(proxy);
        // Split the hello: the proxy waits for the rest before routing.
        clientA.getOutputStream().write(helloA, 0, 10);
        clientA.getOutputStream().flush();
        clientA.getOutputStream().write(helloA, 10, helloA.length - 10);
        Socket serverA = accept(alpha);
        assertArrayEquals(helloA, serverA.getInputStream().readNBytes(helloA.length));

        // Bytes flow both ways after routing.
        serverA.getOutputStream().write("server hello A".getBytes(StandardCharsets.US_ASCII));
        assertEquals("server hello A", new String(clientA.getInputStream().readNBytes(14), StandardCharsets.US_ASCII));
        assertEquals(Map.of("alpha", 1, "beta", 1), proxy.connectionsByRoute());

        clientA.close();
        clientB.close();
        serverA.close();
        serverB.close();
        awaitClosed(proxy, 2);
        assertEquals(2, proxy.stats().routedCount());
        assertTerminations(proxy, Map.of("normal", 2L), Map.of("normal", 2L));
    }

    @Test
    void unknownSniIsRefusedWithNoRoute() throws Exception {
        ServerSocket alpha = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(sniRoute("alpha", p, "alpha.example.com", alpha.getLocalPort()))));
        Socket client = connect(proxy);
        client.getOutputStream().write(TlsHello.forServerName("other.example.org"));
        assertTrue(endOrReset(client));
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("no_route", 1L), Map.of());
        assertEquals(1, proxy.stats().rejectedCount());
    }

    @Test
    void plainTextOnAnSniPortHasNoRouteAndBrokenTlsIsMalformed() throws Exception {
        ServerSocket alpha = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(sniRoute("alpha", p, "alpha.example.com", alpha.getLocalPort()))));
        Socket plain = connect(proxy);
        plain.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(endOrReset(plain));
        awaitClosed(proxy, 1);
        // A handshake record that carries a ServerHello (type 2) instead of a ClientHello.
        Socket broken = connect(proxy);
        broken.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00});
        assertTrue(endOrReset(broken));
        awaitClosed(proxy, 2);
        assertTerminations(proxy, Map.of("no_route", 1L, "tls_malformed", 1L), Map.of());
    }

    @Test
    void initialDataTimeoutOnSniPort() throws Exception {
        ServerSocket alpha = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(sniRoute("alpha", p, "alpha.example.com", alpha.getLocalPort())))
                .withTimeouts(fastTimeouts().withInitialDataTimeout(Duration.ofMillis(200))));
        Socket client = connect(proxy);
        long start = System.nanoTime();
        assertTrue(endOrReset(client));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(150).toNanos(), "closed too early");
        client.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("initial_timeout", 1L), Map.of());
    }

    @Test
    void aDifferentSniLaterOnTheSameConnectionEndsIt() throws Exception {
        ServerSocket alpha = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(sniRoute("alpha", p, "alpha.example.com", alpha.getLocalPort()))));
        byte[] helloA = TlsHello.forServerName("alpha.example.com");
        Socket client = connect(proxy);
        client.getOutputStream().write(helloA);
        Socket server = accept(alpha);
        assertArrayEquals(helloA, server.getInputStream().readNBytes(helloA.length));
        ConnectionRecord record = proxy.connectionManager().connections().iterator().next();
        assertEquals(1, record.dataHandlers.size(), "SNI-change handler registered");

        // The same name again is fine; another name is not.
        client.getOutputStream().write(helloA);
        assertArrayEquals(helloA, server.getInputStream().readNBytes(helloA.length));
        client.getOutputStream().write(TlsHello.forServerName("evil.example.com"));

        assertEquals(-1, server.getInputStream().read(), "backend is ended");
        assertTrue(endOrReset(client));
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("sni_mismatch", 1L), Map.of("sni_mismatch", 1L));
        assertTrue(record.dataHandlers.isEmpty(), "handler removed at cleanup");
        assertNull(record.sniChangeHandler);
    }

    @Test
    void bridgeToALocalHttpProxyKeepsHalfCloseAndLosesNothing() throws Exception {
        ServerSocket httpProxy = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(route("bridge", p, new BridgeAction(httpProxy.getLocalPort())))));
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        Future<String> served = executor().submit(() -> {
            Socket s = accept(httpProxy);
            InputStream in = s.getInputStream();
            // The request, then the client's end of stream (half-close passed through the bridge).
            String request = new String(readAll(in), StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            s.close();
            return request;
        });
        Socket client = connect(proxy);
        String request = "GET http://example.test/ HTTP/1.1\r\nHost: example.test\r\n\r\n";
        client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput();
        byte[] response = readAll(client.getInputStream());
        assertEquals(request, served.get(10, TimeUnit.SECONDS));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        expected.write(body);
        assertArrayEquals(expected.toByteArray(), response);
        client.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    static boolean endOrReset(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (java.io.IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }
}
