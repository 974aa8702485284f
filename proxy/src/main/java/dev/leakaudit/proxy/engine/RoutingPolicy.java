package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.RouteConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What the engine asks of routing, security and TLS parsing. {@link ComponentsRoutingPolicy}
 * connects it to the route table, the security gate and the ClientHello parser; tests may use
 * their own.
 */
public interface RoutingPolicy {

    /** Whether connections on this local port must wait for a ClientHello before routing. */
    boolean portNeedsSni(int localPort);

    /** The route for a connection, or null when none matches. */
    RouteConfig match(int localPort, String sni, InetAddress clientIp);

    /**
     * Admits a new connection at accept time: {@code routeOrNull} is its route on ports that need
     * no SNI, null on SNI ports (the route is entered later with {@link #enterRoute}).
     */
    Admission admit(InetSocketAddress client, RouteConfig routeOrNull);

    /** Counts an admitted connection against the route chosen after the ClientHello; null or a rejection code. */
    String enterRoute(Admission admission, RouteConfig route);

    /** Parses the start of a TLS stream; {@code data} is in read mode and is not consumed. */
    SniResult parseClientHello(ByteBuffer data);

    /** A parser for one connection's first bytes, fed every read in turn (see {@link HelloParser}). */
    HelloParser newHelloParser();

    /**
     * Parses a ClientHello incrementally: each call offers only the bytes that just arrived (read
     * mode, not consumed), and the answer stays final once it is not NEED_MORE_DATA.
     */
    interface HelloParser {
        SniResult offer(ByteBuffer newBytes);
    }

    /**
     * Live admitted connections per client address, counted where the limits are enforced (entries
     * leave when the sockets are closed and the admission is released).
     */
    Map<InetAddress, Integer> connectionsByIp();

    /** Live connections per route name, counted where the route limits are enforced. */
    Map<String, Integer> connectionsByRoute();

    /** The route's TLS when the proxy terminates it; null when TLS, if any, passes through. */
    default dev.leakaudit.proxy.tls.RouteTls tls(RouteConfig route) {
        return null;
    }

    /**
     * Reads again the certificates whose files changed since they were read; one line per route
     * that changed, for the log (installed, or kept the current ones and why).
     */
    default java.util.List<dev.leakaudit.proxy.tls.CertificateReload> reloadChangedCertificates() {
        return java.util.List.of();
    }

    /**
     * The policy for a reloaded configuration, for new connections (established ones keep their
     * routes); counts of live connections carry over. Throws without changing anything when a
     * certificate of the new configuration cannot be used.
     */
    default RoutingPolicy reload(dev.leakaudit.proxy.config.ProxyConfig config) throws dev.leakaudit.proxy.tls.TlsFileException {
        throw new UnsupportedOperationException("this routing policy cannot be reloaded");
    }

    /** This policy is now the one in force (after a reload): shared state takes its settings. */
    default void activate() {
    }

    /** Releases everything a policy holds (rate-limit windows etc.); called by stop(). */
    default void close() {
    }

    /**
     * Either admitted, with a {@code release} to run once when the sockets are really closed, or
     * refused with a reason code such as {@code rejected_blocked}. {@code handle} is the policy's own.
     */
    record Admission(Runnable release, String rejection, Object handle) {
        public static Admission admitted(Runnable release, Object handle) {
            return new Admission(release, null, handle);
        }

        public static Admission rejected(String reason) {
            return new Admission(null, reason, null);
        }

        public boolean isAdmitted() {
            return rejection == null;
        }
    }

    /** The outcome of looking for a ClientHello. */
    record SniResult(Kind kind, String sni, String problem) {
        public enum Kind { NEED_MORE_DATA, NOT_TLS, MALFORMED, FOUND }

        public static final SniResult NEED_MORE_DATA = new SniResult(Kind.NEED_MORE_DATA, null, null);
        public static final SniResult NOT_TLS = new SniResult(Kind.NOT_TLS, null, null);

        public static SniResult found(String sni) {
            return new SniResult(Kind.FOUND, sni, null);
        }

        public static SniResult malformed(String problem) {
            return new SniResult(Kind.MALFORMED, null, problem);
        }
    }
}
