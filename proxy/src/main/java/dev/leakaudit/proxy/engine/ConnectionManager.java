package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.engine.events.HandlerRegistry;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.engine.stats.ProxyStats;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Owns every connection of a server and joins the units that serve them, one job each (see
 * ENGINE.md for the map from seed pattern to class): {@link ConnectionRegistry},
 * {@link SniRouter}, {@link BackendConnector}, {@link Relay}, {@link TlsRelay}, {@link IoErrorHandler},
 * {@link ConnectionCleanup}, {@link SniChangeGuard}, {@link InactivityCheck}, {@link ShutdownDrain},
 * {@link ConnectionObserver} and {@link ConnectionTimers}.
 *
 * <p>Threads: a record's I/O fields are touched only on its event loop. Other threads (timers,
 * {@code stop()}) either hop onto that loop or call {@link #initiateCleanupOnce}, whose
 * compare-and-set picks exactly one winner and then hands the actual cleanup to the loop. Anything
 * thrown while serving one connection, an Error included, ends that connection only.
 */
public final class ConnectionManager {

    private static final long CONTAINED_TRACE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The configuration and policy in force: replaced by a reload, read afresh for every new decision. */
    volatile ProxyConfig config;
    volatile RoutingPolicy policy;
    final ConnectionRegistry registry = new ConnectionRegistry();
    final ConnectionObserver observer;
    final ConnectionTimers timers;
    final ConnectionCleanup cleanup;
    final IoErrorHandler errors;
    final Relay relay;
    final TlsRelay tls;
    final ProxyHeaderReceiver proxyHeaders;
    final BackendConnector connector;
    final SniRouter router;
    final SniChangeGuard sniGuard;
    final InactivityCheck inactivity;
    final ShutdownDrain shutdown;
    private volatile long lastContainedTrace;

    ConnectionManager(ProxyConfig config, RoutingPolicy policy, Executor resolver, ProxyStats stats, HandlerRegistry<ProxyListener> listeners) {
        this.config = config;
        this.policy = policy;
        this.observer = new ConnectionObserver(stats, listeners);
        this.timers = new ConnectionTimers(this);
        this.cleanup = new ConnectionCleanup(this);
        this.errors = new IoErrorHandler(this);
        this.relay = new Relay(this);
        this.tls = new TlsRelay(this);
        this.proxyHeaders = new ProxyHeaderReceiver(this);
        this.connector = new BackendConnector(this, resolver);
        this.router = new SniRouter(this);
        this.sniGuard = new SniChangeGuard(this);
        this.inactivity = new InactivityCheck(this);
        this.shutdown = new ShutdownDrain(this);
    }

    ProxyConfig config() {
        return config;
    }

    public int activeConnections() {
        return registry.size();
    }

    public Iterable<ConnectionRecord> connections() {
        return registry.all();
    }

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
        ConnectionRecord record = new ConnectionRecord(registry.nextId(), this, loop, channel, client, localPort);
        registry.add(record);
        observer.opened(record);
        loop.execute(guarded(record, () -> router.start(record)));
    }

    /**
     * The single, idempotent entry into cleanup (seed pattern 1), from every path: every unit
     * calls it here, so the build's leak audit ({@code cleanup=} option in proxy/pom.xml) sees
     * them all. Exactly one call per record wins and fixes the reason; every later call returns
     * false and does nothing. See {@link ConnectionCleanup}.
     */
    public boolean initiateCleanupOnce(ConnectionRecord record, TerminationReason reason) {
        return cleanup.initiateCleanupOnce(record, reason);
    }

    void onReady(Endpoint e, SelectionKey key) {
        relay.onReady(e, key);
    }

    /** Called by {@link Endpoint#write} for every successful write. */
    void written(Endpoint e, int n) {
        if (e.role == Endpoint.Role.INCOMING) {
            observer.toClient(n);
        }
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
        if (lastContainedTrace == 0 || now - lastContainedTrace > CONTAINED_TRACE_INTERVAL_NANOS) {
            // The stack trace once per interval; a failure that repeats per connection is one line each.
            lastContainedTrace = now;
            ConnectionObserver.LOG.log(Level.WARNING, line, t);
        } else {
            ConnectionObserver.LOG.log(Level.WARNING, line);
        }
        record.incoming.failed = true;
        if (record.outgoing != null) {
            record.outgoing.failed = true;
        }
        cleanup.forceClose(record, TerminationReason.ERROR);
    }

    // ------------------------------------------------------------------ called by ProxyServer

    /**
     * A reload: connections accepted from now on get this configuration and policy; established
     * connections keep the route, timers and TLS they were set up with.
     */
    void apply(ProxyConfig newConfig, RoutingPolicy newPolicy) {
        newPolicy.activate();
        policy = newPolicy;
        config = newConfig;
    }

    /**
     * The end of a removed listener's drain: connections accepted on {@code ports} before
     * {@code removedAtNanos} and still open are forced closed ({@code shutdown}), as at stop.
     */
    int forceAcceptedOn(java.util.Set<Integer> ports, long removedAtNanos) {
        int forced = 0;
        for (ConnectionRecord record : registry.all()) {
            if (ports.contains(record.localPort()) && record.startNanos() - removedAtNanos < 0) {
                record.loop().execute(guarded(record, () -> cleanup.forceClose(record)));
                forced++;
            }
        }
        return forced;
    }

    /** Connections accepted on one of {@code ports} that are still open. */
    int connectionsOn(java.util.Set<Integer> ports) {
        int n = 0;
        for (ConnectionRecord record : registry.all()) {
            if (ports.contains(record.localPort())) {
                n++;
            }
        }
        return n;
    }

    /** Runs on the timer thread every inactivityCheckInterval. */
    void checkInactivity() {
        inactivity.run();
    }

    /** Writes the queued connection lines (housekeeping thread, and once more at stop). */
    void flushAccessLog() {
        observer.accessLog().flush();
    }

    void markStopping() {
        shutdown.markStopping();
    }

    void shutdownAll() {
        shutdown.begin();
    }

    void forceAll() {
        shutdown.forceAll();
    }

    CompletableFuture<Void> drained() {
        return shutdown.drained();
    }

    /** Called after each connection is finalised (the server resumes paused accepts). */
    void onConnectionClosed(Runnable hook) {
        shutdown.onConnectionClosed(hook);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
