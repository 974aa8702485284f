package dev.leakaudit.proxy.engine.lifecycle;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Why a connection ended: a short stable code as it appears in statistics, logs, JFR events and JMX.
 * A value type (not an enum) because the security gate names its own {@code rejected_*} reasons.
 */
public final class TerminationReason {

    private static final ConcurrentMap<String, TerminationReason> KNOWN = new ConcurrentHashMap<>();

    /** Both directions reached end of stream and everything was delivered. */
    public static final TerminationReason NORMAL = of("normal");
    public static final TerminationReason ECONNRESET = of("econnreset");
    public static final TerminationReason CONNECTION_REFUSED = of("connection_refused");
    public static final TerminationReason ETIMEDOUT = of("etimedout");
    public static final TerminationReason HOST_UNREACHABLE = of("host_unreachable");
    public static final TerminationReason NETWORK_UNREACHABLE = of("network_unreachable");
    /** Any other I/O failure. */
    public static final TerminationReason ERROR = of("error");
    public static final TerminationReason INITIAL_TIMEOUT = of("initial_timeout");
    public static final TerminationReason INACTIVITY = of("inactivity");
    public static final TerminationReason MAX_LIFETIME = of("max_lifetime");
    public static final TerminationReason SNI_MISMATCH = of("sni_mismatch");
    /** No route matches the port, SNI and client address. */
    public static final TerminationReason NO_ROUTE = of("no_route");
    /** A port that needs SNI received bytes that are not a valid TLS ClientHello. */
    public static final TerminationReason TLS_MALFORMED = of("tls_malformed");
    public static final TerminationReason SHUTDOWN = of("shutdown");
    /** A PROXY protocol header from a client that is not a trusted upstream. */
    public static final TerminationReason PROXY_PROTOCOL_UNTRUSTED = of("proxy_protocol_untrusted");
    /** A trusted upstream's PROXY protocol header was broken (or missing). */
    public static final TerminationReason PROXY_PROTOCOL_MALFORMED = of("proxy_protocol_malformed");
    /** A TLS handshake the proxy takes part in did not finish within {@code handshakeTimeout}. */
    public static final TerminationReason TLS_HANDSHAKE_TIMEOUT = of("tls_handshake_timeout");
    /** A TLS handshake the proxy takes part in failed; the connection's detail names the alert. */
    public static final TerminationReason TLS_HANDSHAKE_FAILED = of("tls_handshake_failed");
    /** A TLS failure after the handshake (a record that does not decrypt, an unexpected message). */
    public static final TerminationReason TLS_ERROR = of("tls_error");

    private final String code;

    private TerminationReason(String code) {
        this.code = code;
    }

    /** The reason with this code (interned: equal codes give the same object). */
    public static TerminationReason of(String code) {
        Objects.requireNonNull(code, "code");
        return KNOWN.computeIfAbsent(code, TerminationReason::new);
    }

    public String code() {
        return code;
    }

    public boolean isRejection() {
        return code.startsWith("rejected");
    }

    @Override
    public String toString() {
        return code;
    }
}
