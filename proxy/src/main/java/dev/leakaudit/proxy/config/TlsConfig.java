package dev.leakaudit.proxy.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A route's TLS: passed through (the default), or terminated with the route's certificates, with
 * TLS 1.2 and 1.3 unless {@code protocols} says otherwise, and the application protocols (ALPN)
 * the route accepts in the order it prefers them; {@code reencrypt} adds TLS towards the backend.
 */
public record TlsConfig(TlsMode mode, List<CertificateFiles> certificates, List<String> protocols,
                        List<String> alpn, BackendTlsConfig backend) {

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Set<String> SUPPORTED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    private static final TlsConfig PASSTHROUGH = new TlsConfig(TlsMode.PASSTHROUGH, List.of(), DEFAULT_PROTOCOLS,
            List.of(), null);

    public TlsConfig {
        Objects.requireNonNull(mode, "mode");
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        protocols = protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(protocols);
        alpn = alpn == null ? List.of() : List.copyOf(alpn);
        for (String p : protocols) {
            if (!SUPPORTED_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("\"" + p + "\" is not a supported protocol (use \"TLSv1.2\" and/or \"TLSv1.3\")");
            }
        }
        for (String a : alpn) {
            if (a.isEmpty() || a.length() > 255) {
                throw new IllegalArgumentException("\"" + a + "\" is not an application protocol name");
            }
        }
        if (mode == TlsMode.PASSTHROUGH && !certificates.isEmpty()) {
            throw new IllegalArgumentException("certificates are only used by \"terminate\" and \"reencrypt\"");
        }
        if (mode.terminates() && certificates.isEmpty()) {
            throw new IllegalArgumentException("\"" + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + "\" needs at least one certificate");
        }
        if (mode == TlsMode.REENCRYPT && backend == null) {
            throw new IllegalArgumentException("\"reencrypt\" needs backend.verify: true with backend.ca, or false");
        }
        if (mode != TlsMode.REENCRYPT && backend != null) {
            throw new IllegalArgumentException("backend is only used by \"reencrypt\"");
        }
    }

    public static TlsConfig passthrough() {
        return PASSTHROUGH;
    }

    public static TlsConfig terminate(List<CertificateFiles> certificates) {
        return new TlsConfig(TlsMode.TERMINATE, certificates, DEFAULT_PROTOCOLS, List.of(), null);
    }

    public static TlsConfig reencrypt(List<CertificateFiles> certificates, BackendTlsConfig backend) {
        return new TlsConfig(TlsMode.REENCRYPT, certificates, DEFAULT_PROTOCOLS, List.of(), backend);
    }

    public TlsConfig withAlpn(List<String> newAlpn) {
        return new TlsConfig(mode, certificates, protocols, newAlpn, backend);
    }

    public TlsConfig withProtocols(List<String> newProtocols) {
        return new TlsConfig(mode, certificates, newProtocols, alpn, backend);
    }
}
