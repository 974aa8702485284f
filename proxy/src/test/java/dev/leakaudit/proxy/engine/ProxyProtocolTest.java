package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.CertificateFiles;
import dev.leakaudit.proxy.config.DomainPattern;
import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.ProxyProtocolConfig;
import dev.leakaudit.proxy.config.ProxyProtocolVersion;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.config.TlsConfig;
import dev.leakaudit.proxy.engine.events.ConnectionEvent;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.net.Cidr;
import dev.leakaudit.proxy.proxyprotocol.HostileProxyHeaders;
import dev.leakaudit.proxy.proxyprotocol.ProxyHeader;
import dev.leakaudit.proxy.proxyprotocol.ProxyHeaderParser;
import dev.leakaudit.proxy.proxyprotocol.ProxyHeaderWriter;
import dev.leakaudit.proxy.proxyprotocol.Tlv;
import dev.leakaudit.proxy.tls.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * PROXY protocol on real sockets: headers accepted from trusted upstreams only (this test's
 * client, 127.0.0.1, is one or is not), the client they name used by the security gate and the
 * logs, and v1 or v2 headers sent on to backends with the TLS and SNI fields.
 */
class ProxyProtocolTest extends TlsTestSupport {

    private static final ProxyProtocolConfig TRUST_LOOPBACK = new ProxyProtocolConfig(List.of(Cidr.parse("127.0.0.1")));
    private static final ProxyProtocolConfig TRUST_OTHERS = new ProxyProtocolConfig(List.of(Cidr.parse("10.0.0.0/8")));

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

    private static RouteConfig sending(String name, int port, int target, ProxyProtocolVersion version, RouteSecurity security) {
        return new RouteConfig(name, 0, RouteMatch.ports(PortSet.of(port)),
                new ForwardAction(new HostPort("127.0.0.1", target), version), security);
    }

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    /** Reads a PROXY header from a backend's socket, byte by byte (nothing after it is taken). */
    private static ProxyHeader readHeader(InputStream in) throws Exception {
        ProxyHeaderParser parser = new ProxyHeaderParser();
        while (true) {
            int b = in.read();
            assertTrue(b >= 0, "end of stream inside the PROXY header");
            ProxyHeaderParser.Result r = parser.offer(ByteBuffer.wrap(new byte[] {(byte) b}));
            if (r.status() == ProxyHeaderParser.Status.DONE) {
                return r.header();
            }
            assertEquals(ProxyHeaderParser.Status.NEED_MORE_DATA, r.status(), () -> String.valueOf(r.problem()));
        }
    }

    @Test
    void aTrustedUpstreamsV2HeaderNamesTheClientForTheGateTheLogsAndTheBackend() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = listened(startProxy(p -> config(List.of(
                sending("in", p, backend.getLocalPort(), ProxyProtocolVersion.V2, RouteSecurity.open())))
                .withProxyProtocol(TRUST_LOOPBACK)));
        Socket upstream = connect(proxy);
        OutputStream out = upstream.getOutputStream();
        // The header, split, then the client's bytes in the same write as its end.
        byte[] header = ProxyHeaderWriter.v2(at("203.0.113.7", 40001), at("198.51.100.10", 443), List.of());
        out.write(header, 0, 5);
        out.flush();
        byte[] rest = new byte[header.length - 5 + 5];
        System.arraycopy(header, 5, rest, 0, header.length - 5);
        System.arraycopy("hello".getBytes(StandardCharsets.US_ASCII), 0, rest, header.length - 5, 5);
        out.write(rest);
        Socket server = accept(backend);
        ProxyHeader sent = readHeader(server.getInputStream());
        assertEquals(at("203.0.113.7", 40001), sent.source(), "the real client goes on to the backend");
        assertEquals(at("198.51.100.10", 443), sent.destination());
        assertEquals("hello", new String(server.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
        assertEquals(Map.of(InetAddress.getByName("203.0.113.7"), 1), proxy.connectionsByIp(), "counted as the real client");

        upstream.close();
        server.close();
        awaitClosed(proxy, 1);
        assertEquals("203.0.113.7:40001", closed.get(0).client());
        assertEquals(5, proxy.stats().bytesFromClients(), "the header is not the client's bytes");
    }

    @Test
    void theSecurityGateJudgesTheNamedClientAndV1GoesOnAsV1() throws Exception {
        ServerSocket backend = backend();
        RouteSecurity blockDocNet = new RouteSecurity(List.of(), List.of(Cidr.parse("203.0.113.0/24")), 0);
        ProxyServer proxy = startProxy(p -> config(List.of(
                sending("guarded", p, backend.getLocalPort(), ProxyProtocolVersion.V1, blockDocNet)))
                .withProxyProtocol(TRUST_LOOPBACK));
        Socket blocked = connect(proxy);
        blocked.getOutputStream().write("PROXY TCP4 203.0.113.9 192.0.2.1 5000 80\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(SniAndBridgeTest.endOrReset(blocked));
        awaitReason(proxy, TerminationReason.of("rejected_blocked"), 1);

        Socket allowed = connect(proxy);
        allowed.getOutputStream().write("PROXY TCP6 2001:db8::5 2001:db8::1 5001 443\r\nx".getBytes(StandardCharsets.US_ASCII));
        Socket server = accept(backend);
        ProxyHeader sent = readHeader(server.getInputStream());
        assertEquals(1, sent.version());
        assertEquals(at("2001:db8::5", 5001), sent.source());
        assertEquals(at("2001:db8::1", 443), sent.destination());
        assertEquals('x', server.getInputStream().read());
        allowed.close();
        server.close();
        awaitClosed(proxy, 2);
    }

    @Test
    void trustedUpstreamsMustSendAWellFormedHeaderInTime() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = listened(startProxy(p -> config(List.of(
                sending("in", p, backend.getLocalPort(), ProxyProtocolVersion.NONE, RouteSecurity.open())))
                .withProxyProtocol(TRUST_LOOPBACK)
                .withTimeouts(fastTimeouts().withInitialDataTimeout(Duration.ofMillis(300)))));
        Socket plain = connect(proxy);
        plain.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(SniAndBridgeTest.endOrReset(plain));
        Socket silent = connect(proxy);
        assertTrue(SniAndBridgeTest.endOrReset(silent));
        awaitClosed(proxy, 2);
        assertEquals(Map.of("proxy_protocol_malformed", 1L, "initial_timeout", 1L), proxy.stats().incomingTerminations());
        assertEquals("not a PROXY protocol header", closed.get(0).detail());
        assertEquals(Map.of(), proxy.stats().outgoingTerminations(), "no backend for either");
    }

    @Test
    void aHeaderFromAClientThatIsNoTrustedUpstreamEndsItsConnection() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = listened(startProxy(p -> config(List.of(
                sending("plain", p, backend.getLocalPort(), ProxyProtocolVersion.NONE, RouteSecurity.open()),
                new RouteConfig("sni", 0, new RouteMatch(PortSet.of(p + 0), List.of(DomainPattern.parse("*.example.com")),
                        List.of()), new ForwardAction(new HostPort("127.0.0.1", backend.getLocalPort())), RouteSecurity.open())))
                .withProxyProtocol(TRUST_OTHERS)));
        // The port has an SNI route, so the first bytes are read before routing: the header is caught there.
        Socket forged = connect(proxy);
        forged.getOutputStream().write("PROXY TCP4 10.1.1.1 10.0.0.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(SniAndBridgeTest.endOrReset(forged));
        awaitReason(proxy, TerminationReason.PROXY_PROTOCOL_UNTRUSTED, 1);
        assertTrue(closed.get(0).detail().contains("127.0.0.1, which is not a trusted upstream"), closed.get(0).detail());

        // A client that speaks TLS as usual is routed as usual.
        byte[] hello = TlsHello.forServerName("www.example.com");
        Socket honest = connect(proxy);
        honest.getOutputStream().write(hello);
        Socket server = accept(backend);
        assertArrayEquals(hello, server.getInputStream().readNBytes(hello.length));
        honest.close();
        server.close();
        awaitClosed(proxy, 2);
    }

    @Test
    void onAPortRoutedAtAcceptTheFirstChunkIsLookedAtBeforeItIsPassedOn() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(
                sending("plain", p, backend.getLocalPort(), ProxyProtocolVersion.NONE, RouteSecurity.open())))
                .withProxyProtocol(TRUST_OTHERS));
        Socket forged = connect(proxy);
        Socket server = accept(backend); // routed and connected at accept
        forged.getOutputStream().write(ProxyHeaderWriter.v2(at("10.9.9.9", 1), at("10.0.0.1", 2), List.of()));
        assertEquals(-1, server.getInputStream().read(), "not a byte of the forged header reached the backend");
        awaitReason(proxy, TerminationReason.PROXY_PROTOCOL_UNTRUSTED, 1);
        server.close();
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 0);
    }

    @Test
    void v2ToTheBackendCarriesSniAlpnAndTlsOfATerminatedConnection() throws Exception {
        ServerSocket backend = backend();
        CertificateFiles cert = certificate("api", List.of("api.example.com"), TestPki.KeyKind.EC);
        TlsConfig tls = TlsConfig.terminate(List.of(cert)).withAlpn(List.of("h2"));
        ProxyServer proxy = startProxy(p -> config(List.of(new RouteConfig("api", 0,
                new RouteMatch(PortSet.of(p), List.of(DomainPattern.parse("api.example.com")), List.of()),
                new ForwardAction(new HostPort("127.0.0.1", backend.getLocalPort()), ProxyProtocolVersion.V2),
                RouteSecurity.open(), tls))).withProxyProtocol(TRUST_LOOPBACK));
        // A trusted upstream: its header first, then the client's TLS through it.
        Socket plain = connect(proxy);
        plain.getOutputStream().write(ProxyHeaderWriter.v2(at("192.0.2.44", 50000), at("192.0.2.1", 443), List.of()));
        SSLSocket client = (SSLSocket) PKI.clientContext().getSocketFactory().createSocket(plain, "localhost", 0, true);
        SSLParameters params = client.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName("api.example.com")));
        params.setApplicationProtocols(new String[] {"h2"});
        client.setSSLParameters(params);
        client.startHandshake();
        client.getOutputStream().write('q');
        Socket server = accept(backend);
        ProxyHeader sent = readHeader(server.getInputStream());
        assertEquals(at("192.0.2.44", 50000), sent.source());
        assertEquals("api.example.com", sent.tlv(Tlv.AUTHORITY).orElseThrow().text());
        assertEquals("h2", sent.tlv(Tlv.ALPN).orElseThrow().text());
        byte[] ssl = sent.tlv(Tlv.SSL).orElseThrow().value();
        assertEquals(Tlv.CLIENT_SSL, ssl[0]);
        assertTrue(new String(ssl, StandardCharsets.US_ASCII).contains(client.getSession().getProtocol()));
        assertEquals('q', server.getInputStream().read());
        client.close();
        server.close();
        awaitClosed(proxy, 1);
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void hostileHeadersFromATrustedUpstreamAllEndWithAReason() throws Exception {
        ServerSocket backend = backend();
        ProxyServer proxy = startProxy(p -> config(List.of(
                sending("in", p, backend.getLocalPort(), ProxyProtocolVersion.NONE, RouteSecurity.open())))
                .withProxyProtocol(TRUST_LOOPBACK)
                .withTimeouts(fastTimeouts().withInitialDataTimeout(Duration.ofSeconds(1))));
        executor().submit(() -> {
            while (!backend.isClosed()) {
                try (Socket s = backend.accept()) {
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (java.net.SocketTimeoutException idle) {
                    // keep waiting
                } catch (java.io.IOException gone) {
                    return null;
                }
            }
            return null;
        });
        HostileProxyHeaders headers = new HostileProxyHeaders(20261203L);
        int count = 150;
        for (int i = 0; i < count; i++) {
            try (Socket client = connect(proxy)) {
                try {
                    client.getOutputStream().write(headers.next());
                    client.shutdownOutput();
                    client.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (java.io.IOException resetByTheProxy) {
                    // a refusal may be a reset
                }
            }
        }
        awaitClosed(proxy, count);
        Map<String, Long> reasons = proxy.stats().incomingTerminations();
        assertEquals(count, reasons.values().stream().mapToLong(Long::longValue).sum(), reasons.toString());
        assertTrue(reasons.getOrDefault("proxy_protocol_malformed", 0L) > 0 && reasons.getOrDefault("normal", 0L) > 0,
                reasons.toString());
        assertEquals(0, proxy.activeConnections());
        assertTrue(proxy.connectionsByIp().isEmpty(), "no per-IP entry left for any named client");
        assertEquals(0, proxy.outstandingBuffers());
    }
}
