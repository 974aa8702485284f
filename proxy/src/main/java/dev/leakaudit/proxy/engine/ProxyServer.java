package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.ConfigException;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.engine.events.HandlerRegistry;
import dev.leakaudit.proxy.engine.events.ProxyListener;
import dev.leakaudit.proxy.engine.stats.ProxyStats;
import dev.leakaudit.proxy.engine.stats.ProxyControlMXBean;
import dev.leakaudit.proxy.engine.stats.ProxyStatsMXBean;
import dev.leakaudit.proxy.tls.CertificateReload;
import dev.leakaudit.proxy.tls.TlsFileException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    /** The configuration in force; a reload replaces it (see {@link #reload()}). */
    private volatile ProxyConfig config;
    private final RoutingPolicy policy;
    private volatile ConfigSource configSource;
    private final int instance = INSTANCES.incrementAndGet();
    private final ProxyStats stats = new ProxyStats();
    private final HandlerRegistry<ProxyListener> listeners = new HandlerRegistry<>();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private final StopFuture stopped = new StopFuture();

    private final List<EventLoop> loops = new ArrayList<>();
    private final List<ListenerGroup> listenerGroups = new ArrayList<>();
    /** Every loop has listening sockets of its own (SO_REUSEPORT), or loop 0 has the only ones. */
    private boolean listenerPerLoop;
    private ScheduledThreadPoolExecutor timer;
    /** Looks up backend host names off the event loops; its one thread starts at the first lookup. */
    private ThreadPoolExecutor resolver;
    private ConnectionManager manager;
    private ScheduledFuture<?> inactivityTask;
    private volatile ScheduledFuture<?> statsTask;
    private ScheduledFuture<?> accessLogTask;
    private volatile ScheduledFuture<?> certificateTask;
    private ObjectName mbeanName;
    private ObjectName controlName;
    private final AtomicInteger nextLoop = new AtomicInteger();

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
        RoutingPolicy routing;
        try {
            routing = policy != null ? policy : ComponentsRoutingPolicy.create(config);
        } catch (TlsFileException e) {
            phase.set(Phase.STOPPED);
            stopped.complete(null);
            throw new IOException(e.getMessage(), e);
        }
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
            openListeners();
        } catch (IOException | RuntimeException e) {
            abortStart();
            throw e;
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
        List<CompletableFuture<Void>> registered = new ArrayList<>();
        for (ListenerGroup group : listenerGroups) {
            registered.add(onLoop(group.loop(), group::register));
        }
        try {
            CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
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
        if (!config.certificateCheckInterval().isZero()) {
            long every = config.certificateCheckInterval().toNanos();
            certificateTask = timer.scheduleWithFixedDelay(this::checkCertificates, every, every, TimeUnit.NANOSECONDS);
        }
        if (!config.statsInterval().isZero()) {
            long every = config.statsInterval().toNanos();
            statsTask = timer.scheduleWithFixedDelay(this::logStats, every, every, TimeUnit.NANOSECONDS);
        }
        registerMBean();
        LOG.log(Level.INFO, () -> "proxy " + instance + " listening on " + ports() + " with " + loops.size()
                + " event loop(s)");
    }

    private volatile RoutingPolicy activeRouting;

    private interface LoopAction {
        void run() throws IOException;
    }

    /** Runs {@code action} on {@code loop}; the future completes when it has. */
    private static CompletableFuture<Void> onLoop(EventLoop loop, LoopAction action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * The loop to serve a connection accepted on {@code own}: {@code own} unless another loop serves
     * fewer. {@code SO_REUSEPORT} spreads connections by a hash of their addresses, so a few long
     * connections (bulk streams) can land on one loop while another idles; handing such a
     * connection over costs one wake-up of the other loop.
     */
    /** How many connections each event loop serves now (for tests and diagnostics). */
    int[] connectionsPerLoop() {
        int[] counts = new int[loops.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = loops.get(i).connectionCount();
        }
        return counts;
    }

    private EventLoop leastLoaded(EventLoop own) {
        EventLoop best = own;
        int fewest = own.connectionCount();
        for (EventLoop other : loops) {
            int count = other.connectionCount();
            if (count < fewest) {
                best = other;
                fewest = count;
            }
        }
        return best;
    }

    /**
     * Binds every port: once per loop with SO_REUSEPORT where the OS has it (the kernel spreads
     * connections over the loops' sockets), else once, on loop 0, which hands connections out in turn.
     */
    private void openListeners() throws IOException {
        // Read at every accept: a reload may change the limit.
        java.util.function.BooleanSupplier full = () -> {
            int max = manager.config.limits().maxConnections();
            return max > 0 && manager.activeConnections() >= max;
        };
        listenerPerLoop = loops.size() > 1 && reusePortAvailable();
        if (listenerPerLoop) {
            for (int port : ports()) {
                requireFree(port);
            }
        }
        int groups = listenerPerLoop ? loops.size() : 1;
        for (int i = 0; i < groups; i++) {
            EventLoop loop = loops.get(i);
            java.util.function.Supplier<EventLoop> target = listenerPerLoop ? () -> leastLoaded(loop)
                    : () -> loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
            ListenerGroup group = new ListenerGroup(loop, target, full, manager::accepted,
                    "proxy " + instance + (listenerPerLoop ? " loop " + i : ""));
            listenerGroups.add(group);
            for (int port : ports()) {
                group.add(bindListener(port), port);
            }
        }
    }

    /** A bound, non-blocking listening socket for {@code port} (one of each loop's, with SO_REUSEPORT). */
    private ServerSocketChannel bindListener(int port) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.configureBlocking(false);
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (listenerPerLoop) {
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            server.bind(new InetSocketAddress(port), 1024);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Sockets with SO_REUSEPORT share a port with any other such socket of the same user: bound
     * first without it, the port must be free, so that a second proxy started on a port in use
     * fails with a BindException instead of silently taking half its connections.
     */
    private static void requireFree(int port) throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(port), 1);
        }
    }

    private static boolean reusePortAvailable() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private java.util.SortedSet<Integer> ports() {
        return config.ports();
    }

    private void abortStart() {
        for (ListenerGroup group : listenerGroups) {
            group.close();
        }
        listenerGroups.clear();
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

    /**
     * Reads again the certificates of terminating routes whose files changed (a renewal): new
     * handshakes get them; a set that fails its checks is logged and the current one kept.
     */
    public void checkCertificates() {
        try {
            for (CertificateReload r : activeRouting.reloadChangedCertificates()) {
                LOG.log(r.installed() ? Level.INFO : Level.WARNING, "proxy " + instance + ": " + r.line());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "checking the certificates failed", e);
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

    /** A connection's sockets are closed: there is room and a descriptor, so paused accepts may resume. */
    private void connectionClosed() {
        for (ListenerGroup group : listenerGroups) {
            group.connectionClosed();
        }
    }

    private void logStats() {
        LOG.log(Level.INFO, () -> "proxy " + instance + " stats: active=" + manager.activeConnections()
                + " accepted=" + stats.acceptedCount() + " routed=" + stats.routedCount()
                + " rejected=" + stats.rejectedCount() + " closed=" + stats.closedCount()
                + " bytesFromClients=" + stats.bytesFromClients() + " bytesToClients=" + stats.bytesToClients()
                + " incoming=" + stats.incomingTerminations() + " outgoing=" + stats.outgoingTerminations());
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
        long n = 0;
        for (ListenerGroup group : listenerGroups) {
            n += group.failedAccepts();
        }
        return n;
    }

    /** Whether accepting is paused because the proxy holds {@code maxConnections}. */
    public boolean acceptingPausedAtLimit() {
        for (ListenerGroup group : listenerGroups) {
            if (group.waitingForRoom()) {
                return true;
            }
        }
        return false;
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
            // Phase 1: close the listeners, each on its own loop so that no accept races with it;
            // every connection then finishes on its own (each direction half-closed only when its
            // own peer ends), and no timer of the proxy's cuts it short.
            List<CompletableFuture<Void>> closed = new ArrayList<>();
            for (ListenerGroup group : listenerGroups) {
                closed.add(onLoop(group.loop(), group::close));
            }
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            manager.shutdownAll();
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
            if (accessLogTask != null) {
                accessLogTask.cancel(false);
            }
            if (certificateTask != null) {
                certificateTask.cancel(false);
            }
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

    // ------------------------------------------------------------------ reload

    /** Where {@link #reload()} reads the configuration from (the command line's file). */
    public interface ConfigSource {
        /** The configuration as it is now; a {@link ConfigException} names what is wrong with it. */
        ProxyConfig load() throws ConfigException;

        /** How the log names it ({@code proxy.json}). */
        String describe();
    }

    /** What a reload did, in one line for the log, the command line and JMX. */
    public record ReloadOutcome(boolean applied, String line) {
    }

    /** Sets where {@link #reload()} reads the configuration from. */
    public void configSource(ConfigSource source) {
        this.configSource = Objects.requireNonNull(source, "source");
    }

    /**
     * Reads the configuration again from its source (SIGHUP, the JMX operation {@code reload}) and
     * applies it as {@link #reload(ProxyConfig)} does; a configuration that cannot be used is
     * rejected whole, with one line, and the running one stays.
     */
    public synchronized ReloadOutcome reload() {
        ConfigSource source = configSource;
        if (source == null) {
            return logged(new ReloadOutcome(false, "proxy " + instance + ": nothing to reload from (no configuration file)"));
        }
        ProxyConfig next;
        try {
            next = source.load();
        } catch (ConfigException e) {
            return rejected(oneLine(e.getMessage()));
        }
        return reload(next, source.describe());
    }

    /**
     * Puts {@code next} in force for new connections: new routes, limits, timeouts and certificates;
     * listeners opened for new ports, and closed for ports no route uses any more, whose connections
     * then drain as at stop (forced after {@code gracefulShutdownTimeout}). Established connections
     * keep their routes. Nothing changes if any of it cannot be done (a certificate that cannot be
     * used, a port that cannot be bound). {@code eventLoops} stays as it is until a restart.
     */
    public synchronized ReloadOutcome reload(ProxyConfig next) {
        return reload(next, "the new configuration");
    }

    private ReloadOutcome reload(ProxyConfig next, String what) {
        if (phase.get() != Phase.RUNNING) {
            return rejected("proxy " + instance + " is not running");
        }
        RoutingPolicy nextPolicy;
        try {
            nextPolicy = activeRouting.reload(next);
        } catch (TlsFileException e) {
            return rejected(what + ": " + oneLine(e.getMessage()));
        } catch (UnsupportedOperationException e) {
            return rejected(e.getMessage());
        }
        ProxyConfig current = config;
        TreeSet<Integer> added = new TreeSet<>(next.ports());
        added.removeAll(current.ports());
        TreeSet<Integer> removed = new TreeSet<>(current.ports());
        removed.removeAll(next.ports());
        // Every new listening socket first: a port that cannot be bound leaves everything as it was.
        List<List<ServerSocketChannel>> opened = new ArrayList<>();
        try {
            for (int port : added) {
                if (listenerPerLoop) {
                    requireFree(port);
                }
            }
            for (int g = 0; g < listenerGroups.size(); g++) {
                List<ServerSocketChannel> forGroup = new ArrayList<>();
                opened.add(forGroup);
                for (int port : added) {
                    forGroup.add(bindListener(port));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (List<ServerSocketChannel> group : opened) {
                for (ServerSocketChannel ch : group) {
                    closeQuietly(ch);
                }
            }
            return rejected(what + ": cannot listen on port " + firstUnbound(added, opened) + ": " + oneLine(String.valueOf(e.getMessage())));
        }
        // From here on the new configuration is in force.
        config = next;
        activeRouting = nextPolicy;
        manager.apply(next, nextPolicy);
        // Each loop registers its new listeners and closes its removed ones; this waits until the
        // removed sockets are really closed, so that a reload that returned refuses new clients there.
        List<CompletableFuture<Void>> changed = new ArrayList<>();
        for (int g = 0; g < listenerGroups.size(); g++) {
            ListenerGroup group = listenerGroups.get(g);
            List<ServerSocketChannel> channels = opened.get(g);
            CompletableFuture<Void> done = new CompletableFuture<>();
            changed.add(done);
            group.loop().execute(() -> {
                try {
                    int i = 0;
                    for (int port : added) {
                        group.addAndRegister(channels.get(i++), port);
                    }
                    List<CompletableFuture<Void>> closes = new ArrayList<>();
                    for (int port : removed) {
                        closes.add(group.removePort(port));
                    }
                    CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new))
                            .whenComplete((v, t) -> done.complete(null));
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        }
        try {
            CompletableFuture.allOf(changed.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "proxy " + instance + ": changing the listeners after a reload failed", e);
        }
        int draining = 0;
        if (!removed.isEmpty()) {
            long removedAt = System.nanoTime();
            Set<Integer> gone = Set.copyOf(removed);
            draining = manager.connectionsOn(gone);
            timer.schedule(() -> {
                int forced = manager.forceAcceptedOn(gone, removedAt);
                if (forced > 0) {
                    LOG.log(Level.INFO, () -> "proxy " + instance + ": forcing " + forced + " connection(s) of removed port(s) "
                            + gone + " closed after the graceful shutdown timeout");
                }
            }, next.timeouts().gracefulShutdownTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        rescheduleHousekeeping(current, next);
        StringBuilder line = new StringBuilder("proxy " + instance + ": reloaded " + what + ": " + next.routes().size()
                + " route(s) on " + next.ports().size() + " port(s)");
        if (!added.isEmpty()) {
            line.append("; listening now on ").append(added);
        }
        if (!removed.isEmpty()) {
            line.append("; stopped listening on ").append(removed).append(", ").append(draining)
                    .append(" connection(s) there left to finish");
        }
        if (next.eventLoops() != current.eventLoops()) {
            line.append("; eventLoops stays ").append(loops.size()).append(" until a restart");
        }
        return logged(new ReloadOutcome(true, line.toString()));
    }

    private static int firstUnbound(Set<Integer> added, List<List<ServerSocketChannel>> opened) {
        int bound = opened.isEmpty() ? 0 : opened.get(opened.size() - 1).size();
        int i = 0;
        for (int port : added) {
            if (i++ == bound) {
                return port;
            }
        }
        return added.isEmpty() ? 0 : added.iterator().next();
    }

    /** Statistics and certificate checks follow their intervals in the new configuration. */
    private void rescheduleHousekeeping(ProxyConfig current, ProxyConfig next) {
        if (!current.statsInterval().equals(next.statsInterval())) {
            if (statsTask != null) {
                statsTask.cancel(false);
                statsTask = null;
            }
            if (!next.statsInterval().isZero()) {
                long every = next.statsInterval().toNanos();
                statsTask = timer.scheduleWithFixedDelay(this::logStats, every, every, TimeUnit.NANOSECONDS);
            }
        }
        if (!current.certificateCheckInterval().equals(next.certificateCheckInterval())) {
            if (certificateTask != null) {
                certificateTask.cancel(false);
                certificateTask = null;
            }
            if (!next.certificateCheckInterval().isZero()) {
                long every = next.certificateCheckInterval().toNanos();
                certificateTask = timer.scheduleWithFixedDelay(this::checkCertificates, every, every, TimeUnit.NANOSECONDS);
            }
        }
    }

    private ReloadOutcome rejected(String why) {
        return logged(new ReloadOutcome(false, "proxy " + instance + ": reload rejected, the running configuration stays: " + why));
    }

    private static ReloadOutcome logged(ReloadOutcome outcome) {
        LOG.log(outcome.applied() ? Level.INFO : Level.WARNING, outcome.line());
        return outcome;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static void closeQuietly(ServerSocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // it was never used
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
            ObjectName control = new ObjectName("dev.leakaudit.proxy:type=ProxyControl,name=proxy-" + instance);
            mbs.registerMBean(new ControlMXBeanImpl(), control);
            controlName = control;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not register the statistics and control MXBeans", e);
        }
    }

    private void unregisterMBean() {
        for (ObjectName name : new ObjectName[] {mbeanName, controlName}) {
            if (name == null) {
                continue;
            }
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not unregister the MXBean " + name, e);
            }
        }
    }

    /** The JMX name of this server's control MXBean (its {@code reload} operation). */
    public ObjectName controlName() {
        return controlName;
    }

    private final class ControlMXBeanImpl implements ProxyControlMXBean {
        @Override
        public String reload() {
            return ProxyServer.this.reload().line();
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
            return ports().size();
        }
    }
}
