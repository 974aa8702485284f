package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.BridgeAction;
import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.KeepAliveConfig;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteAction;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.TimeoutsConfig;
import dev.leakaudit.proxy.engine.events.ConnectionClosedEvent;
import dev.leakaudit.proxy.engine.events.ConnectionEvent;
import dev.leakaudit.proxy.engine.events.ConnectionOpenedEvent;
import dev.leakaudit.proxy.engine.events.ConnectionRejectedEvent;
import dev.leakaudit.proxy.engine.events.ConnectionRoutedEvent;
import dev.leakaudit.proxy.engine.events.HandlerRegistry;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.ErrorReasons;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.engine.stats.ProxyStats;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Owns every connection of a server: routing, the byte relay with back-pressure and half-close,
 * timers, and the one idempotent cleanup path (seed patterns 1, 2, 4, 5, 7, 8).
 *
 * <p>Threads: a record's I/O fields are touched only on its event loop. Other threads (timers,
 * {@code stop()}) either hop onto that loop or call {@link #initiateCleanupOnce}, whose
 * compare-and-set picks exactly one winner and then hands the actual cleanup to the loop.
 */
public final class ConnectionManager {

    private static final System.Logger LOG = System.getLogger("dev.leakaudit.proxy.engine.connections");

    private final ProxyConfig config;
    private final RoutingPolicy policy;
    private final ScheduledExecutorService timer;
    private final Executor resolver;
    private final ProxyStats stats;
    private final HandlerRegistry<ProxyListener> listeners;
    private final AtomicLong ids = new AtomicLong();

    private final ConcurrentMap<Long, ConnectionRecord> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<InetAddress, Integer> connectionsByIp = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> connectionsByRoute = new ConcurrentHashMap<>();

    /** A ClientHello is decided within fewer bytes (ClientHelloParser limits); a defensive bound. */
    static final int MAX_INITIAL_BYTES = 64 * 1024;
    /** start() is a queued task; a record still ACCEPTED after this is stuck and is closed. */
    static final long MAX_NANOS_IN_ACCEPTED = TimeUnit.SECONDS.toNanos(10);

    private static final long CONTAINED_TRACE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private volatile long lastContainedTrace;
    private volatile Runnable onConnectionClosed = () -> { };
    private volatile boolean stopping;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    ConnectionManager(ProxyConfig config, RoutingPolicy policy, ScheduledExecutorService timer,
                      Executor resolver, ProxyStats stats, HandlerRegistry<ProxyListener> listeners) {
        this.config = config;
        this.policy = policy;
        this.timer = timer;
        this.resolver = resolver;
        this.stats = stats;
        this.listeners = listeners;
        // Loaded now: failure paths run when descriptors may be exhausted, and loading a class from
        // a directory needs one.
        ErrorReasons.map(new java.net.SocketException("Too many open files"));
    }

    // ------------------------------------------------------------------ tracking

    public int activeConnections() {
        return connections.size();
    }

    /** Live connections per client address (entries leave when the sockets are closed). */
    public Map<InetAddress, Integer> connectionsByIp() {
        return Map.copyOf(connectionsByIp);
    }

    /** Live admitted connections per route name. */
    public Map<String, Integer> connectionsByRoute() {
        return Map.copyOf(connectionsByRoute);
    }

    public Iterable<ConnectionRecord> connections() {
        return connections.values();
    }

    // ------------------------------------------------------------------ accept

    /** Called on the accepting loop for a fresh, non-blocking client channel. */
    void accepted(SocketChannel channel, int localPort, EventLoop loop) {
        InetSocketAddress client;
        try {
            client = (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            // Already gone (reset before we looked): close the channel once and count nothing.
            closeQuietly(channel);
            return;
        }
        if (client == null) {
            closeQuietly(channel);
            return;
        }
        ConnectionRecord record = new ConnectionRecord(ids.incrementAndGet(), this, loop, channel, client, localPort);
        connections.put(record.id(), record);
        connectionsByIp.merge(client.getAddress(), 1, Integer::sum);
        stats.accepted();
        ConnectionOpenedEvent ev = new ConnectionOpenedEvent();
        if (ev.shouldCommit()) {
            ev.connectionId = record.id();
            ev.client = record.clientText();
            ev.localPort = localPort;
            ev.commit();
        }
        notifyListeners(record, null, ProxyListener::connectionOpened);
        loop.execute(guarded(record, () -> start(record)));
    }

    private void start(ConnectionRecord record) {
        if (record.cleanupStarted || record.state().isTerminal()) {
            return; // beginClose is queued behind us and closes the channel
        }
        Endpoint in = record.incoming;
        try {
            in.channel.configureBlocking(false);
            in.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            in.channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            record.keepAlive(Boolean.TRUE.equals(in.channel.getOption(StandardSocketOptions.SO_KEEPALIVE)));
            in.key = record.loop().register(in.channel, 0, in);
        } catch (IOException e) {
            onIoError(in, e);
            return;
        }
        KeepAliveConfig ka = config.keepAlive();
        if (!ka.isImmortal(record.keepAlive())) {
            // Immortal keep-alive connections get no lifetime timer at all.
            record.lifetimeTimer = schedule(record, config.timeouts().maxConnectionLifetime(),
                    () -> initiateCleanupOnce(record, TerminationReason.MAX_LIFETIME));
        }
        if (policy.portNeedsSni(record.localPort())) {
            // Global, per-IP and rate limits apply at once; the route is entered after the ClientHello.
            if (!admit(record, null)
                    || !record.transition(ConnectionState.ACCEPTED, ConnectionState.AWAITING_INITIAL_DATA)) {
                return;
            }
            // No buffer yet: the parser and the bytes it keeps grow with what arrives.
            record.helloParser = policy.newHelloParser();
            record.initialDataTimer = schedule(record, config.timeouts().initialDataTimeout(), () -> {
                if (record.state() == ConnectionState.AWAITING_INITIAL_DATA) {
                    initiateCleanupOnce(record, TerminationReason.INITIAL_TIMEOUT);
                }
            });
            updateInterest(record);
        } else {
            RouteConfig route = policy.match(record.localPort(), null, record.client().getAddress());
            if (route == null) {
                reject(record, TerminationReason.NO_ROUTE);
                return;
            }
            record.route = route;
            if (admit(record, route)) {
                routed(record, route, null);
            }
        }
    }

    // ------------------------------------------------------------------ routing

    private boolean admit(ConnectionRecord record, RouteConfig routeOrNull) {
        RoutingPolicy.Admission admission = policy.admit(record.client(), routeOrNull);
        if (!admission.isAdmitted()) {
            reject(record, TerminationReason.of(admission.rejection()));
            return false;
        }
        // Kept on the record whatever happens next: finalize releases it exactly once.
        record.admission = admission;
        return true;
    }

    /** The ClientHello arrived (or the bytes are not TLS): choose the route by SNI. */
    private void routeBySni(ConnectionRecord record, String sni) {
        record.sni = sni;
        RouteConfig route = policy.match(record.localPort(), sni, record.client().getAddress());
        if (route == null) {
            reject(record, TerminationReason.NO_ROUTE);
            return;
        }
        record.route = route;
        String refused = policy.enterRoute(record.admission, route);
        if (refused != null) {
            reject(record, TerminationReason.of(refused));
            return;
        }
        routed(record, route, sni);
    }

    private void routed(ConnectionRecord record, RouteConfig route, String sni) {
        connectionsByRoute.merge(route.name(), 1, Integer::sum);
        record.countedOnRoute = true;
        ConnectionState from = record.state();
        if (from.isTerminal() || !record.transition(from, ConnectionState.CONNECTING)) {
            return;
        }
        stats.routed();
        HostPort target = targetOf(route.action());
        ConnectionRoutedEvent ev = new ConnectionRoutedEvent();
        if (ev.shouldCommit()) {
            ev.connectionId = record.id();
            ev.client = record.clientText();
            ev.route = route.name();
            ev.sni = sni;
            ev.target = target.toString();
            ev.commit();
        }
        notifyListeners(record, null, ProxyListener::connectionRouted);
        if (sni != null) {
            installSniChangeHandler(record, sni);
        }
        connectBackend(record, route.action(), target);
    }

    private static HostPort targetOf(RouteAction action) {
        if (action instanceof ForwardAction f) {
            return f.target();
        }
        return ((BridgeAction) action).target();
    }

    /** Seed pattern 7: a later ClientHello naming another server ends the connection. */
    private void installSniChangeHandler(ConnectionRecord record, String sni) {
        IncomingDataHandler handler = (rec, chunk) -> {
            if (!chunk.hasRemaining() || chunk.get(chunk.position()) != 0x16) {
                return; // not a TLS handshake record
            }
            RoutingPolicy.SniResult r = policy.parseClientHello(chunk);
            if (r.kind() == RoutingPolicy.SniResult.Kind.FOUND && r.sni() != null
                    && !r.sni().equalsIgnoreCase(sni)) {
                LOG.log(Level.INFO, () -> "[" + rec.id() + "] SNI changed from " + sni + " to " + r.sni());
                initiateCleanupOnce(rec, TerminationReason.SNI_MISMATCH);
            }
        };
        record.sniChangeHandler = handler;
        record.dataHandlers.add(handler);
    }

    private void reject(ConnectionRecord record, TerminationReason reason) {
        if (!record.beginClosing(reason)) {
            return;
        }
        stats.rejected();
        ConnectionRejectedEvent ev = new ConnectionRejectedEvent();
        if (ev.shouldCommit()) {
            ev.connectionId = record.id();
            ev.client = record.clientText();
            ev.route = record.routeName();
            ev.reason = reason.code();
            ev.commit();
        }
        notifyListeners(record, reason.code(), ProxyListener::connectionRejected);
        beginClose(record);
    }

    private void connectBackend(ConnectionRecord record, RouteAction action, HostPort target) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open();
        } catch (IOException e) {
            initiateCleanupOnce(record, ErrorReasons.map(e));
            return;
        }
        Endpoint out = new Endpoint(record, Endpoint.Role.OUTGOING, ch);
        record.outgoing = out;
        BufferPool pool = record.loop().buffers();
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            // Order on the wire: PROXY header, initial chunk, data queued while connecting, stream.
            if (action instanceof ForwardAction f && f.proxyProtocolV1()) {
                out.append(ByteBuffer.wrap(proxyProtocolV1Header(record)), pool);
            }
            if (record.initialBytes != null) {
                out.append(ByteBuffer.wrap(record.initialBytes, 0, record.initialLength), pool);
                record.initialBytes = null;
                record.initialLength = 0;
            }
            out.key = record.loop().register(ch, 0, out);
            // socketTimeout bounds the name lookup and the connect together.
            record.connectTimer = schedule(record, config.timeouts().socketTimeout(), () -> {
                if (!out.connected && !record.cleanupStarted) {
                    out.failed = true;
                    initiateCleanupOnce(record, TerminationReason.ETIMEDOUT);
                }
            });
        } catch (IOException e) {
            onIoError(out, e);
            return;
        }
        if (isAddressLiteral(target.host())) {
            connectTo(out, new InetSocketAddress(target.host(), target.port()));
            return;
        }
        // A name lookup can block for seconds: never on the event loop. The client side keeps
        // being read (and queued, bounded) meanwhile; the connect itself hops back onto the loop.
        try {
            resolver.execute(() -> {
                InetSocketAddress resolved = new InetSocketAddress(target.host(), target.port());
                try {
                    record.loop().execute(() -> connectTo(out, resolved));
                } catch (RuntimeException loopGone) {
                    initiateCleanupOnce(record, TerminationReason.SHUTDOWN); // the proxy is stopping
                }
            });
        } catch (RejectedExecutionException stopping) {
            initiateCleanupOnce(record, TerminationReason.SHUTDOWN);
        }
    }

    /** Starts the backend connect on the connection's loop, unless the connection ended meanwhile. */
    private void connectTo(Endpoint out, InetSocketAddress address) {
        ConnectionRecord record = out.record;
        if (record.cleanupStarted || out.failed || !out.channel.isOpen()) {
            return;
        }
        try {
            if (address.isUnresolved()) {
                throw new UnknownHostException(address.getHostString());
            }
            if (out.channel.connect(address)) {
                onConnected(out);
            } else {
                updateInterest(record);
            }
        } catch (IOException e) {
            onIoError(out, e);
        }
    }

    /** An IPv4 or IPv6 literal, which needs no name lookup. */
    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    static byte[] proxyProtocolV1Header(ConnectionRecord record) {
        InetSocketAddress src = record.client();
        SocketAddress local;
        try {
            local = record.incoming.channel.getLocalAddress();
        } catch (IOException e) {
            local = null;
        }
        String line;
        if (local instanceof InetSocketAddress dst
                && src.getAddress() instanceof Inet4Address && dst.getAddress() instanceof Inet4Address) {
            line = "PROXY TCP4 " + src.getAddress().getHostAddress() + " " + dst.getAddress().getHostAddress()
                    + " " + src.getPort() + " " + dst.getPort() + "\r\n";
        } else if (local instanceof InetSocketAddress dst
                && src.getAddress() instanceof Inet6Address && dst.getAddress() instanceof Inet6Address) {
            line = "PROXY TCP6 " + stripScope(src.getAddress()) + " " + stripScope(dst.getAddress())
                    + " " + src.getPort() + " " + dst.getPort() + "\r\n";
        } else {
            line = "PROXY UNKNOWN\r\n";
        }
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    private static String stripScope(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        return pct < 0 ? s : s.substring(0, pct);
    }

    private void onConnected(Endpoint out) {
        ConnectionRecord record = out.record;
        out.connected = true;
        cancel(record.connectTimer);
        record.connectTimer = null;
        if (!record.transition(ConnectionState.CONNECTING, ConnectionState.ESTABLISHED)) {
            return; // closing; beginClose is queued or done
        }
        record.touch();
        if (record.incoming.inputEnded) {
            out.shutdownAfterFlush = true;
        }
        if (flushTo(out)) {
            updateInterest(record);
            checkNormalEnd(record);
        }
    }

    // ------------------------------------------------------------------ I/O

    void onReady(Endpoint e, SelectionKey key) {
        ConnectionRecord record = e.record;
        if (e.closed) {
            return;
        }
        if (key.isConnectable()) {
            try {
                if (!e.channel.finishConnect()) {
                    return;
                }
            } catch (IOException ex) {
                onIoError(e, ex);
                return;
            }
            if (record.cleanupStarted) {
                // Connected after cleanup began (e.g. shutdown): nothing to send any more.
                e.connected = true;
                closeEndpoint(e);
                return;
            }
            onConnected(e);
            return;
        }
        if (key.isValid() && key.isWritable()) {
            if (record.cleanupStarted) {
                closingFlush(e);
            } else if (flushTo(e)) {
                checkNormalEnd(record);
            }
            if (e.closed || record.state() == ConnectionState.CLOSED) {
                return;
            }
        }
        if (key.isValid() && key.isReadable() && !e.closed) {
            if (record.cleanupStarted) {
                drainWhileClosing(e);
            } else if (record.state() == ConnectionState.AWAITING_INITIAL_DATA) {
                readInitial(record);
            } else if (!record.state().isTerminal()) {
                relay(e);
            }
        }
        updateInterest(record);
    }

    /** Reads the first bytes on an SNI port and routes once the ClientHello is complete. */
    private void readInitial(ConnectionRecord record) {
        Endpoint in = record.incoming;
        ByteBuffer b = record.loop().scratch();
        int n;
        try {
            n = in.channel.read(b);
        } catch (IOException ex) {
            onIoError(in, ex);
            return;
        }
        if (n < 0) {
            in.inputEnded = true;
            initiateCleanupOnce(record, record.initialLength == 0 ? TerminationReason.NORMAL : TerminationReason.TLS_MALFORMED);
            return;
        }
        if (n == 0) {
            return;
        }
        in.bytesRead += n;
        stats.fromClient(n);
        record.touch();
        b.flip();
        // Each byte is parsed once, as it arrives; the time before a route is known is bounded by
        // initialDataTimeout, the bytes by the parser's own limits (and MAX_INITIAL_BYTES).
        RoutingPolicy.SniResult r = record.helloParser.offer(b);
        record.keepInitial(b);
        switch (r.kind()) {
            case NEED_MORE_DATA -> {
                if (record.initialLength > MAX_INITIAL_BYTES) {
                    initiateCleanupOnce(record, TerminationReason.TLS_MALFORMED);
                }
            }
            case MALFORMED -> {
                LOG.log(Level.DEBUG, () -> "[" + record.id() + "] malformed ClientHello: " + r.problem());
                initiateCleanupOnce(record, TerminationReason.TLS_MALFORMED);
            }
            case NOT_TLS -> {
                record.helloParser = null;
                cancel(record.initialDataTimer);
                record.initialDataTimer = null;
                routeBySni(record, null);
            }
            case FOUND -> {
                record.helloParser = null;
                cancel(record.initialDataTimer);
                record.initialDataTimer = null;
                routeBySni(record, r.sni());
            }
        }
    }

    /** Moves one chunk from {@code from} to its peer (CONNECTING or ESTABLISHED). */
    private void relay(Endpoint from) {
        ConnectionRecord record = from.record;
        Endpoint to = from.peer();
        if (to == null) {
            return;
        }
        BufferPool pool = record.loop().buffers();
        ByteBuffer buf = record.loop().scratch();
        int n;
        try {
            n = from.channel.read(buf);
        } catch (IOException ex) {
            onIoError(from, ex);
            return;
        }
        if (n <= 0) {
            if (n < 0) {
                // Half-close: pass the end of stream on once everything before it is delivered.
                from.inputEnded = true;
                to.shutdownAfterFlush = true;
                if (to.connected && flushTo(to)) {
                    checkNormalEnd(record);
                }
            }
            return;
        }
        buf.flip();
        from.bytesRead += n;
        if (from.role == Endpoint.Role.INCOMING) {
            stats.fromClient(n);
        }
        record.touch();
        if (from.role == Endpoint.Role.INCOMING && !record.dataHandlers.isEmpty()) {
            record.dataHandlers.forEach(h -> h.onData(record, buf.asReadOnlyBuffer()));
            if (record.state().isTerminal()) {
                return;
            }
        }
        if (to.connected && to.outbound.isEmpty()) {
            // Nothing waiting: write straight from the read buffer, queue only what is left.
            try {
                to.write(buf);
            } catch (IOException ex) {
                onIoError(to, ex);
                return;
            }
        }
        // Copied, packed into the queue's last buffer; while the backend connects this waits, and
        // setInterest stops reading once the queue holds maxPendingDataSize of buffer capacity.
        to.append(buf, pool);
    }

    /** Flushes queued bytes to {@code to}; false if that failed and cleanup was started. */
    private boolean flushTo(Endpoint to) {
        try {
            boolean empty = to.flush(to.record.loop().buffers());
            if (empty && to.shutdownAfterFlush && !to.outputShut) {
                to.outputShut = true;
                to.channel.shutdownOutput();
            }
            return true;
        } catch (IOException ex) {
            onIoError(to, ex);
            return false;
        }
    }

    private void checkNormalEnd(ConnectionRecord record) {
        Endpoint in = record.incoming;
        Endpoint out = record.outgoing;
        if (record.state() == ConnectionState.ESTABLISHED && out != null
                && in.inputEnded && out.inputEnded && in.outputShut && out.outputShut) {
            initiateCleanupOnce(record, TerminationReason.NORMAL);
        }
    }

    private int highWater() {
        return Math.max(config.limits().maxPendingDataSize(), 1);
    }

    /** Recomputes the interest set of both sockets (back-pressure lives here). */
    private void updateInterest(ConnectionRecord record) {
        setInterest(record.incoming);
        setInterest(record.outgoing);
    }

    private void setInterest(Endpoint e) {
        if (e == null || e.closed || e.key == null || !e.key.isValid()) {
            return;
        }
        ConnectionRecord record = e.record;
        int ops = 0;
        if (!e.connected) {
            if (!record.cleanupStarted) {
                ops |= SelectionKey.OP_CONNECT;
            }
        } else {
            boolean read;
            if (record.cleanupStarted) {
                read = !e.inputEnded;
            } else if (record.state() == ConnectionState.AWAITING_INITIAL_DATA) {
                read = e.role == Endpoint.Role.INCOMING;
            } else {
                Endpoint peer = e.peer();
                // Stop reading a side while the other cannot take more, connected or not: the
                // buffer capacity its queue holds counts, not just the payload.
                read = !e.inputEnded && peer != null && peer.queuedCapacity < highWater();
            }
            if (read) {
                ops |= SelectionKey.OP_READ;
            }
            if (!e.outbound.isEmpty()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        if (e.key.interestOps() != ops) {
            e.key.interestOps(ops);
        }
    }

    private void onIoError(Endpoint e, IOException ex) {
        ConnectionRecord record = e.record;
        if (record.cleanupStarted) {
            closeEndpoint(e);
            return;
        }
        e.failed = true;
        TerminationReason reason = ErrorReasons.map(ex);
        LOG.log(Level.DEBUG, () -> "[" + record.id() + "] " + e.role.name().toLowerCase() + " side: " + ex);
        // If another path already won, its beginClose (queued on this loop) sees e.failed.
        initiateCleanupOnce(record, reason);
    }

    // ------------------------------------------------------------------ cleanup

    /**
     * The single, idempotent entry into cleanup (seed pattern 1), from every path: end of stream,
     * I/O error, timeout, SNI change, shutdown. Exactly one call per record wins the
     * compare-and-set and fixes the reason; every later call returns false and does nothing.
     */
    public boolean initiateCleanupOnce(ConnectionRecord record, TerminationReason reason) {
        if (!record.beginClosing(reason)) {
            return false;
        }
        record.loop().run(() -> beginClose(record));
        return true;
    }

    /** Runs once per record, on its loop, after the move to CLOSING. */
    private void beginClose(ConnectionRecord record) {
        if (record.cleanupStarted) {
            return;
        }
        record.cleanupStarted = true;
        cancel(record.initialDataTimer);
        cancel(record.connectTimer);
        cancel(record.lifetimeTimer);
        record.initialDataTimer = null;
        record.connectTimer = null;
        record.lifetimeTimer = null;
        if (record.sniChangeHandler != null) {
            record.dataHandlers.remove(record.sniChangeHandler);
            record.sniChangeHandler = null;
        }
        record.dataHandlers.removeAll();
        record.initialBytes = null;
        record.helloParser = null;

        TerminationReason reason = record.reason();
        boolean immediate = reason.isRejection() || reason == TerminationReason.NO_ROUTE
                || config.timeouts().forceCloseGrace().isZero();
        for (Endpoint e : new Endpoint[] {record.incoming, record.outgoing}) {
            if (e == null || e.closed) {
                continue;
            }
            if (immediate || e.failed || !e.connected || e.key == null) {
                closeEndpoint(e);
            } else {
                // Graceful end first (seed pattern 2): deliver what is queued, then half-close.
                e.shutdownAfterFlush = true;
                closingFlush(e);
            }
        }
        if (record.state() != ConnectionState.CLOSED) {
            // Forced close after the configured grace; cancelled if the sockets close first.
            record.forceCloseTimer = schedule(record, config.timeouts().forceCloseGrace(), () -> forceClose(record));
            updateInterest(record);
        }
    }

    /** During CLOSING: flush what is queued, end the output, close once the peer has ended too. */
    private void closingFlush(Endpoint e) {
        if (e.closed) {
            return;
        }
        try {
            boolean empty = e.flush(e.record.loop().buffers());
            if (empty && !e.outputShut) {
                e.outputShut = true;
                e.channel.shutdownOutput();
            }
        } catch (IOException ex) {
            closeEndpoint(e);
            return;
        }
        if (e.outputShut && e.inputEnded) {
            closeEndpoint(e);
        }
    }

    /** During CLOSING: discard what the peer still sends, close when it ends its side. */
    private void drainWhileClosing(Endpoint e) {
        int n;
        try {
            n = e.channel.read(e.record.loop().scratch());
        } catch (IOException ex) {
            n = -2;
        }
        if (n == -2) {
            closeEndpoint(e);
        } else if (n < 0) {
            e.inputEnded = true;
            if (e.outputShut) {
                closeEndpoint(e);
            }
        }
    }

    /** Force timer or shutdown deadline: close whatever is still open. */
    void forceClose(ConnectionRecord record) {
        forceClose(record, TerminationReason.SHUTDOWN);
    }

    /** Closes every socket of the record now; {@code reason} applies if nothing else ended it first. */
    private void forceClose(ConnectionRecord record, TerminationReason reason) {
        if (!record.cleanupStarted) {
            if (record.beginClosing(reason) || record.state() == ConnectionState.CLOSING) {
                beginClose(record);
            }
        }
        record.forceCloseTimer = null;
        closeEndpoint(record.incoming);
        if (record.outgoing != null) {
            closeEndpoint(record.outgoing);
        }
    }

    /** Closes one socket exactly once (guarded by its flag) and finalises when both are closed. */
    private void closeEndpoint(Endpoint e) {
        if (e == null || e.closed) {
            return;
        }
        e.closed = true;
        e.releaseOutbound(e.record.loop().buffers());
        if (!e.channel.isOpen()) {
            // The JDK closes a SocketChannel itself when connect/finishConnect fails; closing it
            // again would be a second close of one resource.
            maybeFinalize(e.record);
            return;
        }
        try {
            e.channel.close();
        } catch (IOException ex) {
            LOG.log(Level.DEBUG, () -> "[" + e.record.id() + "] close failed: " + ex);
        }
        maybeFinalize(e.record);
    }

    private void maybeFinalize(ConnectionRecord record) {
        if (!record.incoming.closed || (record.outgoing != null && !record.outgoing.closed)) {
            return;
        }
        if (!record.transition(ConnectionState.CLOSING, ConnectionState.CLOSED)) {
            return;
        }
        // The sockets are really closed: only now does the record leave the maps.
        cancel(record.forceCloseTimer);
        record.forceCloseTimer = null;
        connections.remove(record.id());
        connectionsByIp.computeIfPresent(record.client().getAddress(), (k, v) -> v <= 1 ? null : v - 1);
        if (record.countedOnRoute) {
            record.countedOnRoute = false;
            connectionsByRoute.computeIfPresent(record.routeName(), (k, v) -> v <= 1 ? null : v - 1);
        }
        RoutingPolicy.Admission admission = record.admission;
        record.admission = null;
        if (admission != null && admission.release() != null) {
            try {
                admission.release().run();
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "[" + record.id() + "] security release failed", ex);
            }
        }
        TerminationReason reason = record.reason();
        long duration = record.ageMillis();
        long in = record.bytesFromClient();
        long out = record.bytesToClient();
        LOG.log(Level.INFO, () -> "connection " + record.id() + " closed: client=" + record.clientText()
                + " route=" + record.routeName() + " reason=" + reason.code() + " duration=" + duration
                + "ms bytesFromClient=" + in + " bytesToClient=" + out);
        ConnectionClosedEvent ev = new ConnectionClosedEvent();
        if (ev.shouldCommit()) {
            ev.connectionId = record.id();
            ev.client = record.clientText();
            ev.route = record.routeName();
            ev.reason = reason.code();
            ev.connectionDuration = duration;
            ev.bytesFromClient = in;
            ev.bytesToClient = out;
            ev.commit();
        }
        notifyListeners(record, reason.code(), ProxyListener::connectionClosed);
        // Counted last, so whoever sees the count sees the log line, the event and the listeners done.
        stats.closed(reason, record.hasOutgoing());
        onConnectionClosed.run();
        if (stopping && connections.isEmpty()) {
            drained.complete(null);
        }
    }

    // ------------------------------------------------------------------ inactivity (pattern 5)

    /** Runs on the timer thread every inactivityCheckInterval. */
    void checkInactivity() {
        TimeoutsConfig t = config.timeouts();
        KeepAliveConfig ka = config.keepAlive();
        long now = System.nanoTime();
        for (ConnectionRecord record : connections.values()) {
            if (record.state() == ConnectionState.ACCEPTED && now - record.startNanos() > MAX_NANOS_IN_ACCEPTED) {
                // start() never ran or never finished: no timer of its own will end this one.
                LOG.log(Level.WARNING, () -> "[" + record.id() + "] still not started after "
                        + (now - record.startNanos()) / 1_000_000 + " ms; closing it");
                initiateCleanupOnce(record, TerminationReason.ERROR);
                continue;
            }
            if (t.disableInactivityCheck() || record.state() != ConnectionState.ESTABLISHED) {
                continue;
            }
            Duration effective = ka.effectiveInactivityTimeout(t.inactivityTimeout(), record.keepAlive());
            if (effective == null) {
                continue; // immortal
            }
            long last = record.lastActivityNanos();
            if (now - last <= effective.toNanos()) {
                continue;
            }
            if (record.keepAlive()) {
                // One warning, then a grace computed from this connection's own timeout.
                // lastActivity stays the truth: it is never moved, let alone into the future.
                if (!record.warned() || record.warnedAtNanos() - last < 0) {
                    record.warn(now);
                    LOG.log(Level.INFO, () -> "[" + record.id() + "] keep-alive connection inactive for "
                            + (now - last) / 1_000_000 + " ms; closing after a grace of "
                            + ka.warningGraceFor(effective).toMillis() + " ms unless traffic resumes");
                    continue;
                }
                if (now - record.warnedAtNanos() < ka.warningGraceFor(effective).toNanos()) {
                    continue;
                }
            }
            initiateCleanupOnce(record, TerminationReason.INACTIVITY);
        }
    }

    // ------------------------------------------------------------------ shutdown (pattern 6)

    /**
     * Phase 1 of shutdown; called on the accepting loop after the listeners are closed. Nothing is
     * ended here: every connection finishes on its own, each direction half-closed only when its
     * own peer ends, until phase 2 forces what is left after gracefulShutdownTimeout.
     */
    void shutdownAll() {
        stopping = true;
        if (connections.isEmpty()) {
            drained.complete(null);
        }
    }

    /** Phase 2: force whatever is left. */
    void forceAll() {
        for (ConnectionRecord record : connections.values()) {
            record.loop().execute(() -> forceClose(record));
        }
    }

    void markStopping() {
        stopping = true;
    }

    CompletableFuture<Void> drained() {
        return drained;
    }

    // ------------------------------------------------------------------ helpers

    /** Called by {@link Endpoint#flush} for every successful write. */
    void written(Endpoint e, int n) {
        if (e.role == Endpoint.Role.INCOMING) {
            stats.toClient(n);
        }
    }

    private ScheduledFuture<?> schedule(ConnectionRecord record, Duration delay, Runnable onLoop) {
        try {
            return timer.schedule(() -> record.loop().execute(guarded(record, onLoop)), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private void notifyListeners(ConnectionRecord record, String reason,
                                 java.util.function.BiConsumer<ProxyListener, ConnectionEvent> call) {
        if (listeners.isEmpty()) {
            return;
        }
        ConnectionEvent event = new ConnectionEvent(record.id(), record.clientText(), record.localPort(),
                record.routeName(), record.sni(), reason, record.ageMillis(),
                record.bytesFromClient(), record.bytesToClient());
        listeners.forEach((Consumer<ProxyListener>) l -> {
            try {
                call.accept(l, event);
            } catch (RuntimeException | LinkageError | AssertionError ex) {
                LOG.log(Level.WARNING, "proxy listener failed", ex);
            }
        });
    }

    /** Runs {@code task} for {@code record}; anything it throws, an Error included, ends that connection only. */
    Runnable guarded(ConnectionRecord record, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                contain(record, t);
            }
        };
    }

    /**
     * A Throwable while serving one connection (a bug, a direct-memory OutOfMemoryError): that
     * connection is closed at once with {@code error}; the loop and every other connection go on.
     * If closing fails too, the Throwable reaches the loop, which then dies and says so.
     */
    void contain(ConnectionRecord record, Throwable t) {
        String line = "[" + record.id() + "] internal error, closing this connection only: " + t;
        long now = System.nanoTime();
        if (now - lastContainedTrace > CONTAINED_TRACE_INTERVAL_NANOS || lastContainedTrace == 0) {
            // The stack trace once per interval; a failure that repeats per connection is one line each.
            lastContainedTrace = now;
            LOG.log(Level.WARNING, line, t);
        } else {
            LOG.log(Level.WARNING, line);
        }
        record.incoming.failed = true;
        if (record.outgoing != null) {
            record.outgoing.failed = true;
        }
        forceClose(record, TerminationReason.ERROR);
    }

    /** Called after each connection is finalised (the server resumes paused accepts). */
    void onConnectionClosed(Runnable hook) {
        onConnectionClosed = hook;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
