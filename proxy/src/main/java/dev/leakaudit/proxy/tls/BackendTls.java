package dev.leakaudit.proxy.tls;

import dev.leakaudit.proxy.config.BackendTlsConfig;
import dev.leakaudit.proxy.config.TlsConfig;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS towards the backend of a {@code reencrypt} route: a client-mode {@code SSLEngine} per
 * connection, verifying the backend's certificate chain against the configured CA and its name
 * against {@code serverName} (or the target's host), or, when the route says so, verifying nothing.
 */
public final class BackendTls {

    private final BackendTlsConfig config;
    private final String[] protocols;
    private final SSLContext context;

    private BackendTls(BackendTlsConfig config, String[] protocols, SSLContext context) {
        this.config = config;
        this.protocols = protocols;
        this.context = context;
    }

    static BackendTls load(TlsConfig tls) throws TlsFileException {
        BackendTlsConfig config = tls.backend();
        TrustManager[] trust = config.verify() ? trustedCas(config) : new TrustManager[] {new TrustEverything()};
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return new BackendTls(config, tls.protocols().toArray(String[]::new), context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no usable TLS implementation", e);
        }
    }

    private static TrustManager[] trustedCas(BackendTlsConfig config) throws TlsFileException {
        List<X509Certificate> cas = PemFiles.readCertificates(config.ca());
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsFileException(config.ca(), "cannot be used as CA certificates (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A client-mode engine for one backend connection.
     *
     * @param targetHost the backend's host as configured (name or address)
     * @param alpn       the protocol the client chose, offered to the backend; null for none
     */
    public SSLEngine newEngine(String targetHost, int port, String alpn) {
        String name = config.serverName() != null ? config.serverName() : targetHost;
        SSLEngine engine = context.createSSLEngine(name, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(protocols);
        if (!isAddressLiteral(name)) {
            params.setServerNames(List.of(new SNIHostName(name)));
        }
        if (config.verify()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (alpn != null) {
            params.setApplicationProtocols(new String[] {alpn});
        }
        engine.setSSLParameters(params);
        return engine;
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** {@code verify: false}: the route said the backend's certificate is not checked. */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
