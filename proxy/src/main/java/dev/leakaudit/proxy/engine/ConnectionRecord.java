package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.engine.events.HandlerRegistry;
import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the proxy knows about one client connection (seed pattern 8). The state moves only
 * by compare-and-set; the reason is written once, by the caller that wins the move to
 * {@link ConnectionState#CLOSING}. The I/O fields belong to the event-loop thread of {@link #loop()}.
 */
public final class ConnectionRecord {

    private final long id;
    private final ConnectionManager manager;
    private final EventLoop loop;
    /** The client: the socket's peer, or the address a trusted upstream's PROXY header names. */
    private volatile InetSocketAddress client;
    /** The socket's own peer (a trusted upstream proxy, when a PROXY header named the client). */
    private final InetSocketAddress peer;
    private final int localPort;
    private final long startNanos = System.nanoTime();
    private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.ACCEPTED);
    private volatile TerminationReason reason;
    private volatile long lastActivityNanos = startNanos;
    private volatile long warnedAtNanos;
    private volatile boolean warned;
    private volatile boolean keepAlive;

    final Endpoint incoming;
    /** The backend socket; null until a connect was started. */
    Endpoint outgoing;
    volatile RouteConfig route;
    volatile String sni;
    /**
     * Bytes read while waiting for the ClientHello, on the heap and only as many as arrived (an
     * idle connection holds none); forwarded first once routed.
     */
    byte[] initialBytes;
    int initialLength;
    /** Where the client connected to, as a trusted upstream's PROXY header says; null otherwise. */
    volatile InetSocketAddress proxiedDestination;
    /** The PROXY header parser while a trusted upstream's header is awaited. */
    dev.leakaudit.proxy.proxyprotocol.ProxyHeaderParser proxyHeaderParser;
    /** Looks for a PROXY header from a client that may not send one, until its first bytes decide. */
    dev.leakaudit.proxy.proxyprotocol.ProxyHeaderSniffer untrustedHeaderSniffer;
    /** The connection's ClientHello parser while routing waits for it. */
    RoutingPolicy.HelloParser helloParser;
    /** The security gate's admission; released once, when the sockets are really closed. */
    RoutingPolicy.Admission admission;
    /** The route's TLS when the proxy terminates it (kept for the connection's life, across reloads). */
    dev.leakaudit.proxy.tls.RouteTls routeTls;
    /** What the client's TLS handshake settled, once it is done; null otherwise. */
    volatile String tlsProtocol;
    volatile String tlsCipher;
    volatile String alpn;
    /** More about the termination reason (a TLS alert), or null; set by whoever ends the connection. */
    volatile String detail;

    /** beginClose has run (loop thread only). */
    boolean cleanupStarted;

    /** Timers on the record's loop (loop thread only); null when none is pending. */
    LoopTimers.Timeout initialDataTimer;
    LoopTimers.Timeout connectTimer;
    LoopTimers.Timeout lifetimeTimer;
    LoopTimers.Timeout forceCloseTimer;

    /** Per-connection data handlers (the SNI-change check); emptied at cleanup. */
    final HandlerRegistry<IncomingDataHandler> dataHandlers = new HandlerRegistry<>();
    IncomingDataHandler sniChangeHandler;

    ConnectionRecord(long id, ConnectionManager manager, EventLoop loop,
                     java.nio.channels.SocketChannel channel, InetSocketAddress client, int localPort) {
        this.id = id;
        this.manager = manager;
        this.loop = loop;
        this.client = client;
        this.peer = client;
        this.localPort = localPort;
        this.incoming = new Endpoint(this, Endpoint.Role.INCOMING, channel);
        this.incoming.connected = true;
    }

    /** Keeps a copy of {@code src}'s remaining bytes (consumed), growing with what arrived. */
    void keepInitial(ByteBuffer src) {
        int n = src.remaining();
        if (initialBytes == null) {
            initialBytes = new byte[Math.max(n, 512)];
        } else if (initialLength + n > initialBytes.length) {
            initialBytes = java.util.Arrays.copyOf(initialBytes, Math.max(initialLength + n, initialBytes.length * 2));
        }
        src.get(initialBytes, initialLength, n);
        initialLength += n;
    }

    public long id() {
        return id;
    }

    public ConnectionState state() {
        return state.get();
    }

    /** Moves from {@code expected} to {@code next}; false if another thread got there first. */
    boolean transition(ConnectionState expected, ConnectionState next) {
        return state.compareAndSet(expected, next);
    }

    /**
     * The one way into {@link ConnectionState#CLOSING}: true for exactly one caller over the
     * record's whole life, which also sets the reason.
     */
    boolean beginClosing(TerminationReason why) {
        while (true) {
            ConnectionState s = state.get();
            if (s.isTerminal()) {
                return false;
            }
            if (state.compareAndSet(s, ConnectionState.CLOSING)) {
                reason = why;
                return true;
            }
        }
    }

    /** The termination reason, or null while the connection is open. */
    public TerminationReason reason() {
        return reason;
    }

    public InetSocketAddress client() {
        return client;
    }

    /** The socket's own peer: the client, or the trusted upstream proxy that spoke for it. */
    public InetSocketAddress peer() {
        return peer;
    }

    /** A trusted upstream's PROXY header named the client (and where it connected to, if it said). */
    void clientFromProxyHeader(InetSocketAddress realClient, InetSocketAddress destination) {
        client = realClient;
        proxiedDestination = destination;
    }

    public String clientText() {
        return client.getAddress().getHostAddress() + ":" + client.getPort();
    }

    public int localPort() {
        return localPort;
    }

    public String routeName() {
        RouteConfig r = route;
        return r == null ? null : r.name();
    }

    public String sni() {
        return sni;
    }

    public EventLoop loop() {
        return loop;
    }

    ConnectionManager manager() {
        return manager;
    }

    public long startNanos() {
        return startNanos;
    }

    public long ageMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Records traffic now. Only ever set to the present, never into the future. */
    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    long warnedAtNanos() {
        return warnedAtNanos;
    }

    boolean warned() {
        return warned;
    }

    /** The single inactivity warning of seed pattern 5 (issued again only after new traffic). */
    void warn(long nanos) {
        warnedAtNanos = nanos;
        warned = true;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    void keepAlive(boolean on) {
        keepAlive = on;
    }

    public long bytesFromClient() {
        return incoming.bytesRead;
    }

    public long bytesToClient() {
        return incoming.bytesWritten;
    }

    /** The TLS alert or failure behind the termination reason, or null. */
    public String detail() {
        return detail;
    }

    /** Sets the detail unless the connection is already ending for another reason. */
    void detailIfOpen(String text) {
        if (!state().isTerminal()) {
            detail = text;
        }
    }

    /** The protocol of the client's TLS when the proxy terminated it ({@code TLSv1.3}), else null. */
    public String tlsProtocol() {
        return tlsProtocol;
    }

    /** The application protocol (ALPN) agreed with the client, or null. */
    public String alpn() {
        return alpn;
    }

    public boolean hasOutgoing() {
        return outgoing != null;
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + clientText() + " [" + state.get() + "]";
    }
}
