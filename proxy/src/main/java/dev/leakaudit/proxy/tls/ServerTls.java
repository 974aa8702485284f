package dev.leakaudit.proxy.tls;

import dev.leakaudit.proxy.config.CertificateFiles;
import dev.leakaudit.proxy.config.TlsConfig;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The server side of a terminating route: its certificates (chosen by SNI, see
 * {@link SniKeyManager}), protocols and application protocols, and one JDK {@code SSLContext} that
 * makes a non-blocking {@code SSLEngine} per connection. The certificates are read again when their
 * files change ({@link #reloadIfChanged}); new handshakes get the new ones.
 */
public final class ServerTls {

    private final String route;
    private final List<CertificateFiles> files;
    private final String[] protocols;
    private final List<String> alpn;
    private final SniKeyManager keys;
    private final SSLContext context;
    /** The files as they were when a reload last failed: one warning per change, not one per check. */
    private volatile List<FileStamp> lastFailed;

    private ServerTls(String route, TlsConfig config, List<ServerCertificate> certificates) {
        this.route = route;
        this.files = config.certificates();
        this.protocols = config.protocols().toArray(String[]::new);
        this.alpn = config.alpn();
        this.keys = new SniKeyManager(certificates);
        try {
            this.context = SSLContext.getInstance("TLS");
            this.context.init(new KeyManager[] {keys}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no usable TLS implementation", e);
        }
    }

    static ServerTls load(String route, TlsConfig config) throws TlsFileException {
        return new ServerTls(route, config, loadAll(config.certificates(), Instant.now()));
    }

    private static List<ServerCertificate> loadAll(List<CertificateFiles> files, Instant now) throws TlsFileException {
        List<ServerCertificate> loaded = new ArrayList<>();
        for (CertificateFiles f : files) {
            loaded.add(CertificateLoader.load(f, now));
        }
        return loaded;
    }

    /** A server-mode engine for one connection, with the route's protocols and ALPN choice. */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(protocols);
        if (!alpn.isEmpty()) {
            // The route's preference wins among what the client offers; no overlap: no ALPN at all
            // (as HAProxy does), so a client that can speak without it still can.
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> {
                for (String p : alpn) {
                    if (offered.contains(p)) {
                        return p;
                    }
                }
                return ""; // "" is no ALPN; null would make the JDK refuse with no_application_protocol
            });
        }
        return engine;
    }

    /**
     * Reads the certificates again if any of their files changed since they were read. Returns what
     * happened, for the log, or null when nothing changed. A set that fails its checks (a renewal
     * caught half-written, an expired certificate) is not installed: the current one keeps serving.
     */
    public CertificateReload reloadIfChanged() {
        List<ServerCertificate> current = keys.certificates();
        List<FileStamp> now = new ArrayList<>();
        boolean changed = false;
        for (ServerCertificate c : current) {
            FileStamp stamp = FileStamp.of(c.files().cert(), c.files().key());
            now.add(stamp);
            changed |= !stamp.equals(c.stamp());
        }
        if (!changed || now.equals(lastFailed)) {
            return null;
        }
        try {
            List<ServerCertificate> reloaded = loadAll(files, Instant.now());
            keys.install(reloaded);
            lastFailed = null;
            StringBuilder line = new StringBuilder("route \"" + route + "\": certificates reloaded:");
            for (ServerCertificate c : reloaded) {
                line.append(' ').append(c.files().cert()).append(" (valid until ")
                        .append(c.leaf().getNotAfter().toInstant()).append(')');
            }
            return new CertificateReload(true, line.toString());
        } catch (TlsFileException e) {
            lastFailed = now;
            return new CertificateReload(false, "route \"" + route
                    + "\": certificates not reloaded, the current ones stay in use: " + e.getMessage());
        }
    }
}
