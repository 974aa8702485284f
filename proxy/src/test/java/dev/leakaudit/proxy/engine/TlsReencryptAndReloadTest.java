package dev.leakaudit.proxy.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.config.BackendTlsConfig;
import dev.leakaudit.proxy.config.CertificateFiles;
import dev.leakaudit.proxy.config.TlsConfig;
import dev.leakaudit.proxy.engine.events.ConnectionEvent;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.tls.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** TLS again towards the backend ({@code reencrypt}), and certificates renewed on disk while the proxy runs. */
class TlsReencryptAndReloadTest extends TlsTestSupport {

    private static final TestPki OTHER_PKI = TestPki.create("Another CA");

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

    /** A TLS backend presenting {@code issued}, speaking h2 or http/1.1 when offered. */
    private SSLServerSocket tlsBackend(TestPki.Issued issued) throws IOException {
        SSLServerSocket s = (SSLServerSocket) issued.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SSLParameters params = s.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        s.setSSLParameters(params);
        s.setSoTimeout((int) WAIT.toMillis());
        adopt(s);
        return s;
    }

    /** Answers one connection: echoes what it reads after its TLS handshake, prefixed with the ALPN it got. */
    private Future<String> echoOnce(SSLServerSocket backend) {
        return executor().submit(() -> {
            try (SSLSocket s = (SSLSocket) backend.accept()) {
                s.setSoTimeout((int) WAIT.toMillis());
                s.startHandshake();
                byte[] got = s.getInputStream().readNBytes(4);
                s.getOutputStream().write((s.getApplicationProtocol() + ":" + new String(got, StandardCharsets.US_ASCII))
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                return new String(got, StandardCharsets.US_ASCII);
            }
        });
    }

    @Test
    void reencryptsToABackendVerifiedAgainstTheCaAndOffersTheClientsAlpn() throws Exception {
        Path ca = PKI.writeCa(dir.resolve("ca.pem"));
        SSLServerSocket backend = tlsBackend(PKI.issue(List.of("backend.internal"), TestPki.KeyKind.EC));
        CertificateFiles cert = certificate("front", List.of("front.example.com"), TestPki.KeyKind.EC);
        TlsConfig tls = TlsConfig.reencrypt(List.of(cert), new BackendTlsConfig(true, ca, "backend.internal"))
                .withAlpn(List.of("h2"));
        ProxyServer proxy = startProxy(p -> config(List.of(terminateRoute("re", p, List.of(), backend.getLocalPort(), tls))));
        Future<String> served = echoOnce(backend);
        SSLSocket client = tlsClient(listenPort(proxy), "front.example.com", PKI.clientContext(), null, new String[] {"h2"});
        client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ping", served.get(10, TimeUnit.SECONDS));
        assertEquals("h2:ping", new String(client.getInputStream().readNBytes(7), StandardCharsets.US_ASCII),
                "the backend was offered the protocol the client agreed with the proxy");
        assertEquals(-1, client.getInputStream().read(), "the backend's close_notify, passed on as the proxy's");
        client.close();
        awaitClosed(proxy, 1);
        assertTerminations(proxy, Map.of("normal", 1L), Map.of("normal", 1L));
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void aBackendWhoseCertificateDoesNotVerifyEndsTheConnectionUnlessTheRouteSaysNotToVerify() throws Exception {
        Path ca = PKI.writeCa(dir.resolve("ca.pem"));
        SSLServerSocket impostor = tlsBackend(OTHER_PKI.issue(List.of("backend.internal"), TestPki.KeyKind.EC));
        CertificateFiles cert = certificate("front", List.of("front.example.com"), TestPki.KeyKind.EC);
        TlsConfig verified = TlsConfig.reencrypt(List.of(cert), new BackendTlsConfig(true, ca, "backend.internal"));
        TlsConfig unverified = TlsConfig.reencrypt(List.of(cert), BackendTlsConfig.unverified());
        ProxyServer proxy = listened(startProxy(p -> config(List.of(
                terminateRoute("checked", p, List.of("checked.example.com"), impostor.getLocalPort(), verified),
                terminateRoute("unchecked", p, List.of("unchecked.example.com"), impostor.getLocalPort(), unverified)))));
        int port = listenPort(proxy);

        Future<Object> refused = executor().submit(() -> {
            try (SSLSocket s = (SSLSocket) impostor.accept()) {
                s.startHandshake();
                return "handshake completed";
            } catch (IOException expected) {
                return expected;
            }
        });
        SSLSocket client = tlsClient(port, "checked.example.com", PKI.clientContext(), null, null);
        client.getOutputStream().write("lost".getBytes(StandardCharsets.US_ASCII));
        assertTrue(refused.get(10, TimeUnit.SECONDS) instanceof IOException, "the proxy refused the backend");
        assertTrue(endsOrResets(client), "the client's connection ends");
        awaitClosed(proxy, 1);
        assertEquals(Map.of("tls_handshake_failed", 1L), proxy.stats().incomingTerminations());
        // The alert itself travels encrypted in TLS 1.3; JDKs that name it put it in their message.
        assertTrue(closed.get(0).detail().startsWith("backend: ")
                && closed.get(0).detail().contains("PKIX path building failed"), closed.get(0).detail());

        Future<String> served = echoOnce(impostor);
        SSLSocket trusting = tlsClient(port, "unchecked.example.com", PKI.clientContext(), null, null);
        trusting.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
        assertEquals("pong", served.get(10, TimeUnit.SECONDS));
        trusting.close();
        awaitClosed(proxy, 2);
        await().atMost(WAIT).until(() -> proxy.outstandingBuffers() == 0);
    }

    @Test
    void renewedCertificatesAreServedWithoutARestartAndABrokenRenewalKeepsTheCurrentOnes() throws Exception {
        ServerSocket backend = backend();
        Path certFile = dir.resolve("live.pem");
        Path keyFile = dir.resolve("live.key");
        renew(PKI.issue(List.of("live.example.com"), TestPki.KeyKind.EC), certFile, keyFile);
        ProxyServer proxy = startProxy(p -> config(List.of(terminateRoute("live", p, List.of(), backend.getLocalPort(),
                TlsConfig.terminate(List.of(new CertificateFiles(certFile, keyFile))))))
                .withCertificateCheckInterval(Duration.ofMillis(100)));
        int port = listenPort(proxy);
        BigInteger first = servedSerial(port);

        TestPki.Issued renewed = PKI.issue(List.of("live.example.com"), TestPki.KeyKind.EC);
        renew(renewed, certFile, keyFile);
        await().atMost(WAIT).until(() -> servedSerial(port).equals(renewed.certificate().getSerialNumber()));
        assertNotEquals(first, renewed.certificate().getSerialNumber());

        // Half a renewal: a new certificate whose key has not arrived. It is refused, the current one stays.
        TestPki.Issued half = PKI.issue(List.of("live.example.com"), TestPki.KeyKind.EC);
        Path staged = dir.resolve("staged.pem");
        Files.writeString(staged, half.certificatePem(), StandardCharsets.US_ASCII);
        Files.move(staged, certFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        proxy.checkCertificates();
        assertEquals(renewed.certificate().getSerialNumber(), servedSerial(port));
        // The key arrives: the pair is complete and is served.
        Path stagedKey = dir.resolve("staged.key");
        Files.writeString(stagedKey, half.keyPem(), StandardCharsets.US_ASCII);
        Files.move(stagedKey, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        proxy.checkCertificates();
        assertEquals(half.certificate().getSerialNumber(), servedSerial(port));
        await().atMost(WAIT).until(() -> proxy.activeConnections() == 0 && proxy.outstandingBuffers() == 0);
    }

    /** The serial number of the certificate a fresh handshake gets (the connection ends at once). */
    private BigInteger servedSerial(int port) throws IOException {
        try (SSLSocket s = tlsClient(port, "live.example.com")) {
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** Writes the pair as renewal tools do: each file replaced at once, certificate first. */
    private void renew(TestPki.Issued issued, Path certFile, Path keyFile) throws IOException {
        Path cert = dir.resolve("next.pem");
        Path key = dir.resolve("next.key");
        issued.write(cert, key);
        Files.move(cert, certFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(key, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean endsOrResets(SSLSocket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
