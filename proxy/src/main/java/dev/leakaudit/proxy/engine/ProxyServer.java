package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.engine.events.HandlerRegistry;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.engine.stats.ProxyStats;
import dev.leakaudit.proxy.engine.stats.ProxyStatsMXBean;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The proxy: listeners on every configured port, a few NIO event loops, one timer thread.
 *
 * <pre>
 * ProxyServer server = new ProxyServer(config);
 * server.start();
 * ...
 * server.stop().get();   // completes when every socket is closed and every thread has ended
 * </pre>
 */
public final class ProxyServer {

    private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Size of each loop's read buffer and of the pooled queue buffers. */
    static final int BUFFER_SIZE = 32 * 1024;
    private static final int MAX_IDLE_BUFFERS_PER_LOOP = 256;

    private enum Phase { NEW, RUNNING, STOPPING, STOPPED }

    private final ProxyConfig config;
    private final RoutingPolicy policy;
    private final int instance = INSTANCES.incrementAndGet();
    private final ProxyStats stats = new ProxyStats();
    private final HandlerRegistry<ProxyListener> listeners = new HandlerRegistry<>();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private final StopFuture stopped = new StopFuture();

    private final List<EventLoop> loops = new ArrayList<>();
    private final List<Acceptor> acceptors = new ArrayList<>();
    private ScheduledThreadPoolExecutor timer;
    /** Looks up backend host names off the event loops; its one thread starts at the first lookup. */
    private ThreadPoolExecutor resolver;
    private ConnectionManager manager;
    private ScheduledFuture<?> inactivityTask;
    private ScheduledFuture<?> statsTask;
    private ScheduledFuture<?> accessLogTask;
    private ObjectName mbeanName;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final AcceptBackoff acceptBackoff = new AcceptBackoff("proxy " + instance);
    private volatile boolean acceptBackoffPaused;
    // Made up front: out of descriptors, even loading a class (for a lambda) can fail.
    private final Runnable resumeOnLoop = this::resumeAccepting;
    private final Runnable resumeFromTimer = () -> loops.get(0).execute(resumeOnLoop);

    public ProxyServer(ProxyConfig config) {
        this(config, null);
    }

    /** With a routing policy of the caller's (tests); null means routes, gate and parser from config. */
    public ProxyServer(ProxyConfig config, RoutingPolicy policy) {
        this.config = Objects.requireNonNull(config, "config");
        this.policy = policy;
    }

    // ------------------------------------------------------------------ start

    /**
     * Binds every configured port and starts the event loops and the timer. On failure everything
     * opened so far is closed again and the exception is thrown.
     */
    public synchronized void start() throws IOException {
        if (!phase.compareAndSet(Phase.NEW, Phase.RUNNING)) {
            throw new IllegalStateException("a ProxyServer starts once");
        }
        ClassPreloader.preloadOwnClasses();
        RoutingPolicy routing = policy != null ? policy : ComponentsRoutingPolicy.create(config);
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "leakaudit-proxy-" + instance + "-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        resolver = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "leakaudit-proxy-" + instance + "-resolver");
                    t.setDaemon(true);
                    return t;
                });
        manager = new ConnectionManager(config, routing, resolver, stats, listeners);
        manager.onConnectionClosed(this::connectionClosed);
        activeRouting = routing;
        try {
            for (int i = 0; i < config.eventLoops(); i++) {
                String loopName = "leakaudit-proxy-" + instance + "-loop-" + i;
                EventLoop loop = new EventLoop(loopName, BUFFER_SIZE, MAX_IDLE_BUFFERS_PER_LOOP,
                        t -> loopDied(loopName, t));
                loops.add(loop);
            }
            for (int port : ports()) {
                ServerSocketChannel server = ServerSocketChannel.open();
                Acceptor acceptor = new Acceptor(server, port);
                acceptors.add(acceptor);
                server.configureBlocking(false);
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(new InetSocketAddress(port), 1024);
            }
        } catch (IOException | RuntimeException e) {
            abortStart();
            throw e;
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
        EventLoop acceptLoop = loops.get(0);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        acceptLoop.execute(() -> {
            try {
                for (Acceptor a : acceptors) {
                    a.key = acceptLoop.register(a.channel, SelectionKey.OP_ACCEPT, a);
                }
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        try {
            registered.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            stop();
            throw new IOException("could not register the listeners", e);
        }
        // Always scheduled: besides inactivity it also ends connections stuck before start-up.
        long check = config.timeouts().inactivityCheckInterval().toNanos();
        inactivityTask = timer.scheduleWithFixedDelay(this::checkInactivity, check, check, TimeUnit.NANOSECONDS);
        accessLogTask = timer.scheduleWithFixedDelay(this::flushAccessLog, AccessLog.FLUSH_INTERVAL_MILLIS,
                AccessLog.FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        if (!config.statsInterval().isZero()) {
            long every = config.statsInterval().toNanos();
            statsTask = timer.scheduleWithFixedDelay(this::logStats, every, every, TimeUnit.NANOSECONDS);
        }
        registerMBean();
        LOG.log(Level.INFO, () -> "proxy " + instance + " listening on " + ports() + " with " + loops.size()
                + " event loop(s)");
    }

    private volatile RoutingPolicy activeRouting;

    private TreeSet<Integer> ports() {
        TreeSet<Integer> ports = new TreeSet<>();
        for (RouteConfig r : config.routes()) {
            ports.addAll(r.match().ports().ports());
        }
        return ports;
    }

    private void abortStart() {
        for (Acceptor a : acceptors) {
            a.close();
        }
        acceptors.clear();
        // Loops were never started: close their selectors by running them to the end inline.
        for (EventLoop loop : loops) {
            loop.requestStop();
            loop.run();
        }
        loops.clear();
        timer.shutdownNow();
        resolver.shutdownNow();
        awaitTimer();
        if (activeRouting != null) {
            activeRouting.close();
        }
        phase.set(Phase.STOPPED);
        stopped.complete(null);
    }

    private void flushAccessLog() {
        try {
            manager.flushAccessLog();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "writing the connection log failed", e);
        }
    }

    private void checkInactivity() {
        try {
            manager.checkInactivity();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "inactivity check failed", e);
        }
    }

    /**
     * What to do when an event loop dies (its connections can no longer be served). The command
     * line exits the process; the default logs one line and stops this server.
     */
    public void onFatal(java.util.function.Consumer<String> handler) {
        fatalHandler = Objects.requireNonNull(handler, "handler");
    }

    private volatile java.util.function.Consumer<String> fatalHandler = line -> {
        LOG.log(Level.ERROR, line);
        stop();
    };

    private void loopDied(String loopName, Throwable cause) {
        fatalHandler.accept("proxy " + instance + ": event loop " + loopName + " died (" + cause
                + "); the proxy cannot serve its connections and must be restarted");
    }

    /** A connection's sockets are closed: a descriptor is free, so paused accepts may resume. */
    private void connectionClosed() {
        if (acceptBackoffPaused) {
            loops.get(0).execute(resumeOnLoop);
        }
    }

    private void logStats() {
        LOG.log(Level.INFO, () -> "proxy " + instance + " stats: active=" + manager.activeConnections()
                + " accepted=" + stats.acceptedCount() + " routed=" + stats.routedCount()
                + " rejected=" + stats.rejectedCount() + " closed=" + stats.closedCount()
                + " bytesFromClients=" + stats.bytesFromClients() + " bytesToClients=" + stats.bytesToClients()
                + " incoming=" + stats.incomingTerminations() + " outgoing=" + stats.outgoingTerminations());
    }

    // ------------------------------------------------------------------ accept

    private final class Acceptor implements EventLoop.IoHandler {
        final ServerSocketChannel channel;
        final int port;
        SelectionKey key;
        boolean closed;

        Acceptor(ServerSocketChannel channel, int port) {
            this.channel = channel;
            this.port = port;
        }

        @Override
        public void ready(SelectionKey k) {
            acceptPending();
        }

        /** Accepts what is queued (at most 64 at a time, so other work on this loop is not starved). */
        void acceptPending() {
            for (int i = 0; i < 64 && !closed && !acceptBackoff.paused(); i++) {
                SocketChannel ch;
                try {
                    ch = channel.accept();
                } catch (IOException e) {
                    if (acceptBackoff.failed(port, e)) {
                        pauseAccepting();
                    }
                    return;
                }
                if (ch == null) {
                    return;
                }
                acceptBackoff.succeeded(port);
                EventLoop loop = loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
                manager.accepted(ch, port, loop);
            }
        }

        @Override
        public void failed(Throwable t) {
            LOG.log(Level.ERROR, "listener on port " + port + " failed: " + t, t);
            if (acceptBackoff.failed(port, t instanceof Exception ex ? ex : new Exception(t))) {
                pauseAccepting();
            }
        }

        void interest(int ops) {
            if (!closed && key != null && key.isValid()) {
                key.interestOps(ops);
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing listener on port " + port + " failed", e);
            }
        }
    }

    /** On the accepting loop: stop selecting for accepts until the pause ends or a connection closes. */
    private void pauseAccepting() {
        try {
            timer.schedule(resumeFromTimer, AcceptBackoff.PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException stopping) {
            acceptBackoff.resume(); // stopping: the listeners are being closed anyway
            return;
        }
        acceptBackoffPaused = true;
        for (Acceptor a : acceptors) {
            a.interest(0);
        }
    }

    private void resumeAccepting() {
        if (!acceptBackoff.resume()) {
            return;
        }
        acceptBackoffPaused = false;
        for (Acceptor a : acceptors) {
            a.interest(SelectionKey.OP_ACCEPT);
        }
        // Try at once rather than wait for the selector: connections may be queued already.
        for (Acceptor a : acceptors) {
            a.acceptPending();
        }
    }

    /**
     * Timers waiting: one per pending connection timer (kept by the loops), plus the periodic
     * inactivity check and statistics tasks. The connection log's flush is not counted: an idle
     * proxy shows 1 (2 with statistics).
     */
    public int scheduledTimers() {
        int n = (inactivityTask != null && !inactivityTask.isDone() ? 1 : 0)
                + (statsTask != null && !statsTask.isDone() ? 1 : 0);
        for (EventLoop loop : loops) {
            n += loop.pendingTimers();
        }
        return n;
    }

    /** Failed accepts since start (out of descriptors, for instance). */
    public long failedAccepts() {
        return acceptBackoff.totalFailures();
    }

    // ------------------------------------------------------------------ stop

    /**
     * Stops in two phases: stop accepting and let every connection finish, then force what is
     * left after gracefulShutdownTimeout (the only deadline; no shorter timer applies). The future completes when every socket is closed, no
     * connection is left in any map, the event loops and the timer have terminated and the MXBean
     * is unregistered. Calling it again returns the same future.
     */
    public synchronized CompletableFuture<Void> stop() {
        Phase p = phase.get();
        if (p == Phase.NEW) {
            if (phase.compareAndSet(Phase.NEW, Phase.STOPPED)) {
                stopped.complete(null);
            }
            return stopped;
        }
        if (p != Phase.RUNNING || !phase.compareAndSet(Phase.RUNNING, Phase.STOPPING)) {
            return stopped;
        }
        Thread stopper = new Thread(this::runStop, "leakaudit-proxy-" + instance + "-stop");
        stopped.stopper = stopper;
        stopper.setDaemon(true);
        stopper.start();
        return stopped;
    }

    private void runStop() {
        Throwable failure = null;
        try {
            manager.markStopping();
            EventLoop acceptLoop = loops.get(0);
            // Phase 1, on the accepting loop so that no accept races with it: close the listeners;
            // every connection then finishes on its own (each direction half-closed only when its
            // own peer ends), and no timer of the proxy's cuts it short.
            acceptLoop.execute(() -> {
                for (Acceptor a : acceptors) {
                    a.close();
                }
                manager.shutdownAll();
            });
            long graceNanos = config.timeouts().gracefulShutdownTimeout().toNanos();
            try {
                manager.drained().get(graceNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Phase 2: force what is left.
                LOG.log(Level.INFO, () -> "proxy " + instance + ": forcing " + manager.activeConnections()
                        + " connection(s) closed after the graceful shutdown timeout");
                manager.forceAll();
                manager.drained().get(30, TimeUnit.SECONDS);
            }
            if (inactivityTask != null) {
                inactivityTask.cancel(false);
            }
            if (statsTask != null) {
                statsTask.cancel(false);
            }
            for (EventLoop loop : loops) {
                loop.requestStop();
            }
            for (EventLoop loop : loops) {
                loop.join();
            }
            accessLogTask.cancel(false);
            timer.shutdownNow();
            resolver.shutdownNow();
            awaitTimer();
            activeRouting.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            failure = e;
        } finally {
            // The loops and the timer have ended (unless stopping failed): the last lines are written.
            flushAccessLog();
            unregisterMBean();
            // Listeners registered by users end with the server, like everything else it holds.
            listeners.removeAll();
            phase.set(Phase.STOPPED);
            if (failure == null) {
                LOG.log(Level.INFO, () -> "proxy " + instance + " stopped");
                stopped.complete(null);
            } else {
                LOG.log(Level.ERROR, "proxy " + instance + " did not stop cleanly", failure);
                stopped.completeExceptionally(failure);
            }
        }
    }

    /** Waits for the timer and resolver threads to end (a lookup under way is not interruptible). */
    private void awaitTimer() {
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "timer thread did not terminate");
            }
            if (!resolver.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "resolver thread did not terminate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Completed by the stop thread as its last act; waiting on it also joins that thread, so a
     * caller that waited has no proxy thread left at all.
     */
    private static final class StopFuture extends CompletableFuture<Void> {
        volatile Thread stopper;

        private void joinStopper() throws InterruptedException {
            Thread t = stopper;
            if (t != null && t != Thread.currentThread()) {
                t.join();
            }
        }

        @Override
        public Void get() throws InterruptedException, ExecutionException {
            Void v = super.get();
            joinStopper();
            return v;
        }

        @Override
        public Void get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            Void v = super.get(timeout, unit);
            Thread t = stopper;
            if (t != null && t != Thread.currentThread()) {
                long left = deadline - System.nanoTime();
                TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, left));
                if (t.isAlive()) {
                    throw new TimeoutException("stop thread still running");
                }
            }
            return v;
        }

        @Override
        public Void join() {
            Void v = super.join();
            try {
                joinStopper();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return v;
        }
    }

    // ------------------------------------------------------------------ listeners, stats, JMX

    public void addListener(ProxyListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ProxyListener listener) {
        listeners.remove(listener);
    }

    public ProxyStats stats() {
        return stats;
    }

    public ProxyConfig config() {
        return config;
    }

    /** Live connections (each leaves only when its sockets are closed). */
    public int activeConnections() {
        return manager == null ? 0 : manager.activeConnections();
    }

    public Map<java.net.InetAddress, Integer> connectionsByIp() {
        return activeRouting == null ? Map.of() : activeRouting.connectionsByIp();
    }

    public Map<String, Integer> connectionsByRoute() {
        return activeRouting == null ? Map.of() : activeRouting.connectionsByRoute();
    }

    /** The connection manager, for the cleanup entry point and inspection. */
    public ConnectionManager connectionManager() {
        return manager;
    }

    /** Buffers handed out by the loops' pools and not yet returned (read on any thread: approximate). */
    public int outstandingBuffers() {
        int n = 0;
        for (EventLoop loop : loops) {
            n += loop.buffers().outstanding();
        }
        return n;
    }

    public boolean isRunning() {
        return phase.get() == Phase.RUNNING;
    }

    /** The JMX name of this server's statistics MXBean. */
    public ObjectName mbeanName() {
        return mbeanName;
    }

    private void registerMBean() {
        try {
            ObjectName name = new ObjectName("dev.leakaudit.proxy:type=ProxyServer,name=proxy-" + instance);
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            mbs.registerMBean(new StatsMXBeanImpl(), name);
            mbeanName = name;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not register the statistics MXBean", e);
        }
    }

    private void unregisterMBean() {
        ObjectName name = mbeanName;
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not unregister the statistics MXBean", e);
        }
    }

    private final class StatsMXBeanImpl implements ProxyStatsMXBean {
        @Override
        public int getActiveConnections() {
            return activeConnections();
        }

        @Override
        public long getAcceptedConnections() {
            return stats.acceptedCount();
        }

        @Override
        public long getRoutedConnections() {
            return stats.routedCount();
        }

        @Override
        public long getRejectedConnections() {
            return stats.rejectedCount();
        }

        @Override
        public long getClosedConnections() {
            return stats.closedCount();
        }

        @Override
        public long getBytesFromClients() {
            return stats.bytesFromClients();
        }

        @Override
        public long getBytesToClients() {
            return stats.bytesToClients();
        }

        @Override
        public Map<String, Long> getIncomingTerminations() {
            return stats.incomingTerminations();
        }

        @Override
        public Map<String, Long> getOutgoingTerminations() {
            return stats.outgoingTerminations();
        }

        @Override
        public int getListeningPorts() {
            return acceptors.size();
        }
    }
}
