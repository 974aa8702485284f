package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.CertificateFiles;
import dev.leakaudit.proxy.config.TlsConfig;
import dev.leakaudit.proxy.engine.events.ConnectionEvent;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.tls.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The proxy as the TLS server of a route: real JDK TLS clients on real sockets, plain backends. */
class TlsTerminationTest extends TlsTestSupport {

    private final List<ConnectionEvent> closed = new CopyOnWriteArrayList<>();

    private ProxyServer listened(ProxyServer proxy) {
        proxy.addListener(new ProxyListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                closed.add(event);
            }
        });
        return proxy;
    }

    @Test
    void choosesTheCertificateBySniWithAFirstOneAsDefaultAndSendsPlainBytes() throws Exception {
        ServerSocket backend = backend();
        CertificateFiles alpha = certificate("alpha", List.of("alpha.example.com"), TestPki.KeyKind.EC);
        CertificateFiles beta = certificate("beta", List.of("beta.example.com", "*.beta.example.com"), TestPki.KeyKind.RSA);
        ProxyServer proxy = listened(startProxy(p -> config(List.of(terminateRoute("tls", p, List.of(),
                backend.getLocalPort(), TlsConfig.terminate(List.of(alpha, beta)))))));
        int port = listenPort(proxy);

        SSLSocket toBeta = tlsClient(port, "www.beta.example.com");
        assertEquals("CN=beta.example.com", servedName(toBeta));
        toBeta.getOutputStream().write("hello beta".getBytes(StandardCharsets.US_ASCII));
        Socket server = accept(backend);
        assertEquals("hello beta", new String(server.getInputStream().readNBytes(10), StandardCharsets.US_ASCII),
                "the backend gets the plaintext");
        server.getOutputStream().write("answer".getBytes(StandardCharsets.US_ASCII));
        assertEquals("answer", new String(toBeta.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));

        SSLSocket toAlpha = tlsClient(port, "alpha.example.com");
        assertEquals("CN=alpha.example.com", servedName(toAlpha));
        SSLSocket noSni = tlsClient(port, null, PKI.clientContext(), null, null);
        assertEquals("CN=alpha.example.com", servedName(noSni), "the first certificate is the default");
        SSLSocket unknown = tlsClient(port, "gamma.example.org", insecureClient(), null, null);
        assertEquals("CN=alpha.example.com", servedName(unknown), "a name no certificate has gets the default");

        toBeta.close();
        server.close();
        toAlpha.close();
        noSni.close();
        unknown.close();
        for (int i = 0; i < 3; i++) {
            accept(backend).close();
        }
        awaitClosed(proxy, 4);
        assertEquals(Map.of("normal", 4L), proxy.stats().incomingTerminations());
        assertEquals(10, proxy.stats().bytesFromClients(), "plaintext counted");
        assertEquals(6, proxy.stats().bytesToClients());
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void speaksTls12AndTls13AndAgreesAlpnInTheRoutesOrder() throws Exception {
        ServerSocket backend = backend();
        CertificateFiles cert = certificate("web", List.of("web.example.com"), TestPki.KeyKind.EC);
        TlsConfig tls = TlsConfig.terminate(List.of(cert)).withAlpn(List.of("h2", "http/1.1"));
        ProxyServer proxy = listened(startProxy(p -> config(List.of(terminateRoute("web", p, List.of("web.example.com"),
                backend.getLocalPort(), tls)))));
        int port = listenPort(proxy);
        SSLContext client = PKI.clientContext();

        // One connection at a time: the backend accepts them in the order their handshakes end.
        SSLSocket v12 = tlsClient(port, "web.example.com", client, new String[] {"TLSv1.2"}, new String[] {"http/1.1", "h2"});
        assertEquals("TLSv1.2", v12.getSession().getProtocol());
        assertEquals("h2", v12.getApplicationProtocol(), "the route's preference wins");
        roundTrip(v12, backend);
        SSLSocket v13 = tlsClient(port, "web.example.com", client, new String[] {"TLSv1.3"}, new String[] {"http/1.1"});
        assertEquals("TLSv1.3", v13.getSession().getProtocol());
        assertEquals("http/1.1", v13.getApplicationProtocol());
        roundTrip(v13, backend);
        SSLSocket none = tlsClient(port, "web.example.com", client, null, new String[] {"spdy/3"});
        assertTrue(none.getApplicationProtocol() == null || none.getApplicationProtocol().isEmpty(),
                "no common protocol: no ALPN, and the connection goes on");
        roundTrip(none, backend);
        awaitClosed(proxy, 3);
        List<String> seen = closed.stream().map(ConnectionEvent::sni).toList();
        assertEquals(List.of("web.example.com", "web.example.com", "web.example.com"), seen);
        assertEquals(Map.of("normal", 3L), proxy.stats().incomingTerminations());
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void bulkBothWaysAndHalfCloseThroughTls13LoseNothing() throws Exception {
        ServerSocket backend = backend();
        CertificateFiles cert = certificate("bulk", List.of("bulk.example.com"), TestPki.KeyKind.EC);
        ProxyServer proxy = startProxy(p -> config(List.of(terminateRoute("bulk", p, List.of(),
                backend.getLocalPort(), TlsConfig.terminate(List.of(cert))))));
        byte[] up = new byte[3 * 1024 * 1024 + 17];
        byte[] down = new byte[2 * 1024 * 1024 + 5];
        new Random(7).nextBytes(up);
        new Random(8).nextBytes(down);
        Future<byte[]> backendSide = executor().submit(() -> {
            Socket s = accept(backend);
            Future<?> sending = executor().submit(() -> {
                s.getOutputStream().write(down);
                return null;
            });
            byte[] got = readAll(s.getInputStream()); // ends with the client's close_notify, passed on as a FIN
            sending.get(20, TimeUnit.SECONDS);
            s.shutdownOutput();
            return got;
        });
        SSLSocket client = tlsClient(listenPort(proxy), "bulk.example.com");
        Future<byte[]> received = executor().submit(() -> readAll(client.getInputStream()));
        OutputStream out = client.getOutputStream();
        for (int at = 0; at < up.length; at += 65536) {
            out.write(up, at, Math.min(65536, up.length - at));
        }
        client.shutdownOutput(); // TLS 1.3 half-close: close_notify, and the other direction goes on
        assertArrayEquals(digest(up), digest(backendSide.get(30, TimeUnit.SECONDS)));
        assertArrayEquals(digest(down), digest(received.get(30, TimeUnit.SECONDS)),
                "the whole response, then the proxy's close_notify (no truncation)");
        client.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        assertEquals(up.length, proxy.stats().bytesFromClients());
        assertEquals(down.length, proxy.stats().bytesToClients());
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void aKeyUpdateInTheMiddleOfTheStreamIsAnsweredAndTheBytesGoOn() throws Exception {
        ServerSocket backend = backend();
        CertificateFiles cert = certificate("keys", List.of("keys.example.com"), TestPki.KeyKind.EC);
        ProxyServer proxy = startProxy(p -> config(List.of(terminateRoute("keys", p, List.of(),
                backend.getLocalPort(), TlsConfig.terminate(List.of(cert))))));
        SSLSocket client = tlsClient(listenPort(proxy), "keys.example.com", PKI.clientContext(), new String[] {"TLSv1.3"}, null);
        Future<?> echo = executor().submit(() -> {
            Socket s = accept(backend);
            s.getInputStream().transferTo(s.getOutputStream());
            s.shutdownOutput();
            return null;
        });
        byte[] first = "before the key update|".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "after it".getBytes(StandardCharsets.US_ASCII);
        client.getOutputStream().write(first);
        assertArrayEquals(first, client.getInputStream().readNBytes(first.length));
        // On a TLS 1.3 connection the JDK sends a KeyUpdate that asks the proxy for one back.
        client.startHandshake();
        client.getOutputStream().write(second);
        assertArrayEquals(second, client.getInputStream().readNBytes(second.length));
        client.shutdownOutput();
        assertEquals(-1, client.getInputStream().read());
        echo.get(10, TimeUnit.SECONDS);
        client.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
    }

    @Test
    void aStalledHandshakeHoldsNoBufferAndEndsAtTheHandshakeTimeout() throws Exception {
        ServerSocket backend = backend();
        CertificateFiles cert = certificate("slow", List.of("slow.example.com"), TestPki.KeyKind.EC);
        ProxyServer proxy = listened(startProxy(p -> config(List.of(terminateRoute("slow", p, List.of("slow.example.com"),
                backend.getLocalPort(), TlsConfig.terminate(List.of(cert)))))
                .withTimeouts(fastTimeouts().withHandshakeTimeout(Duration.ofMillis(800)))));
        // A real ClientHello, then nothing: the proxy answers with its flight and waits.
        Socket silent = connect(proxy);
        silent.getOutputStream().write(TlsHello.forServerName("slow.example.com"));
        InputStream in = silent.getInputStream();
        assertEquals(0x16, in.read(), "the proxy's handshake flight arrives");
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 1
                && proxy.connectionManager().connections().iterator().next().state()
                == dev.leakaudit.proxy.engine.lifecycle.ConnectionState.TLS_HANDSHAKE);
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);

        awaitReason(proxy, dev.leakaudit.proxy.engine.lifecycle.TerminationReason.TLS_HANDSHAKE_TIMEOUT, 1);
        assertTrue(endsAfterWhatWasSent(in));
        assertEquals(0, proxy.stats().outgoingTerminations().size(), "no backend was ever opened");
        assertTrue(closed.get(0).detail().contains("no handshake within 800 ms"), closed.get(0).detail());
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void aFailedHandshakeEndsWithTheAlertEitherSideSent() throws Exception {
        ServerSocket backend = backend();
        CertificateFiles cert = certificate("strict", List.of("strict.example.com"), TestPki.KeyKind.EC);
        TlsConfig onlyTls13 = TlsConfig.terminate(List.of(cert)).withProtocols(List.of("TLSv1.3"));
        ProxyServer proxy = listened(startProxy(p -> config(List.of(terminateRoute("strict", p, List.of(),
                backend.getLocalPort(), onlyTls13)))));
        int port = listenPort(proxy);

        // A client that does not trust the proxy's CA refuses its certificate and says so.
        assertThrows(SSLHandshakeException.class, () -> tlsClient(port, "strict.example.com",
                SSLContext.getDefault(), null, null));
        awaitClosed(proxy, 1);
        // A client that offers only TLS 1.2 to a TLS 1.3 route: the proxy refuses with its alert.
        assertThrows(SSLHandshakeException.class, () -> tlsClient(port, "strict.example.com", PKI.clientContext(),
                new String[] {"TLSv1.2"}, null));
        awaitClosed(proxy, 2);

        assertEquals(Map.of("tls_handshake_failed", 2L), proxy.stats().incomingTerminations());
        assertEquals("received alert certificate_unknown", closed.get(0).detail());
        assertTrue(closed.get(1).detail().startsWith("sent alert protocol_version"), closed.get(1).detail());
        assertEquals(Map.of(), proxy.stats().outgoingTerminations(), "no backend was opened");
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void hostileBytesOnATerminatingPortEndInTheHandshakeWithAReasonAndLeaveNothing() throws Exception {
        ServerSocket backend = backend();
        CertificateFiles cert = certificate("fuzz", List.of("fuzz.example.com"), TestPki.KeyKind.EC);
        // No domains: the port needs no ClientHello to route, so every byte reaches the engine.
        ProxyServer proxy = startProxy(p -> config(List.of(terminateRoute("fuzz", p, List.of(), backend.getLocalPort(),
                TlsConfig.terminate(List.of(cert)))))
                .withTimeouts(fastTimeouts().withHandshakeTimeout(Duration.ofSeconds(2))));
        dev.leakaudit.proxy.tls.HostileHellos hellos = new dev.leakaudit.proxy.tls.HostileHellos(20261202L);
        int count = 60;
        for (int i = 0; i < count; i++) {
            byte[] hostile = i == 0 ? "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII) : hellos.next();
            try (Socket client = connect(proxy)) {
                try {
                    client.getOutputStream().write(hostile);
                    client.shutdownOutput();
                    client.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (java.io.IOException resetByTheProxy) {
                    // an alert, then a reset, is a fine answer too
                }
            }
        }
        awaitClosed(proxy, count);
        Map<String, Long> reasons = proxy.stats().incomingTerminations();
        assertEquals(count, reasons.values().stream().mapToLong(Long::longValue).sum(), reasons.toString());
        assertTrue(reasons.keySet().stream().allMatch(r -> r.startsWith("tls_handshake")), reasons.toString());
        assertEquals(Map.of(), proxy.stats().outgoingTerminations(), "no backend for a failed handshake");
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void aRouteWithoutTerminationStillPassesTlsThrough() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(terminateRoute("pass", p, List.of("pass.example.com"),
                backend.getLocalPort(), TlsConfig.passthrough()))));
        byte[] hello = TlsHello.forServerName("pass.example.com");
        Socket client = connect(proxy);
        client.getOutputStream().write(hello);
        Socket server = accept(backend);
        assertArrayEquals(hello, server.getInputStream().readNBytes(hello.length), "the ClientHello, untouched");
        ConnectionRecord record = proxy.connectionManager().connections().iterator().next();
        assertNull(record.tlsProtocol());
        client.close();
        server.close();
        awaitClosed(proxy, 1);
    }

    /** One byte to the backend, whose end then reaches the client as the proxy's close_notify. */
    private void roundTrip(SSLSocket client, ServerSocket backend) throws Exception {
        client.getOutputStream().write('x');
        Socket server = accept(backend);
        assertEquals('x', server.getInputStream().read());
        server.close();
        assertEquals(-1, client.getInputStream().read(), "the backend's end arrives as close_notify");
        client.close();
    }

    /** Reads what the peer still sends until its end (or a reset); false if it never ends. */
    private static boolean endsAfterWhatWasSent(InputStream in) {
        try {
            while (in.read() != -1) {
                // the rest of the proxy's handshake flight
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** A client that accepts any certificate (to see which one a name no certificate has gets). */
    private static SSLContext insecureClient() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return c;
    }

    static byte[] digest(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
