package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.CertificateFiles;
import dev.leakaudit.proxy.config.DomainPattern;
import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.config.TlsConfig;
import dev.leakaudit.proxy.tls.TestPki;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;

/** Certificates made for each test class, and TLS clients on real sockets through the proxy. */
abstract class TlsTestSupport extends ProxyTestSupport {

    static final TestPki PKI = TestPki.create("Proxy Test CA");

    @TempDir
    Path dir;

    /** Writes a certificate for {@code names} and its key; returns the files for a route. */
    CertificateFiles certificate(String fileName, List<String> names, TestPki.KeyKind kind) throws IOException {
        TestPki.Issued issued = PKI.issue(names, kind);
        Path cert = dir.resolve(fileName + ".pem");
        Path key = dir.resolve(fileName + ".key");
        issued.write(cert, key);
        return new CertificateFiles(cert, key);
    }

    static RouteConfig terminateRoute(String name, int port, List<String> domains, int targetPort, TlsConfig tls) {
        List<DomainPattern> patterns = domains.stream().map(DomainPattern::parse).toList();
        return new RouteConfig(name, 0, new RouteMatch(PortSet.of(port), patterns, List.of()),
                new ForwardAction(new HostPort("127.0.0.1", targetPort), false), RouteSecurity.open(), tls);
    }

    /** A TLS client on a real socket to {@code port}, handshake done; the socket is closed after the test. */
    SSLSocket tlsClient(int port, String sni, SSLContext context, String[] protocols, String[] alpn) throws IOException {
        Socket plain = connect(port);
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (protocols != null) {
            params.setProtocols(protocols);
        }
        if (alpn != null) {
            params.setApplicationProtocols(alpn);
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout((int) WAIT.toMillis());
        ssl.startHandshake();
        return ssl;
    }

    SSLSocket tlsClient(int port, String sni) throws IOException {
        return tlsClient(port, sni, PKI.clientContext(), null, null);
    }

    static String servedName(SSLSocket ssl) throws IOException {
        X509Certificate leaf = (X509Certificate) ssl.getSession().getPeerCertificates()[0];
        return leaf.getSubjectX500Principal().getName();
    }
}
