package dev.leakaudit.proxy.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The listening sockets one event loop accepts on (one per configured port), and when it stops
 * accepting. Where the OS has {@code SO_REUSEPORT} every loop has a group of its own, on sockets
 * bound to the same ports, and the kernel spreads new connections over them: a connection is
 * served by the loop that accepted it, with no hand-over and no wake-up. Otherwise loop 0 has the
 * only group and hands connections to the loops in turn.
 *
 * <p>Accepting pauses, leaving new connections in the kernel's queue, while the proxy holds
 * {@code maxConnections} (they are accepted once one closes, rather than accepted and reset), and
 * for {@link AcceptBackoff#PAUSE_MILLIS} after a failed accept (out of descriptors), or until a
 * connection closes. Everything but {@link #connectionClosed} runs on the group's loop.
 */
final class ListenerGroup {

    private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());

    /** Where an accepted connection goes. */
    interface Sink {
        void accepted(SocketChannel channel, int port, EventLoop loop);
    }

    private final EventLoop loop;
    private final Supplier<EventLoop> target;
    private final BooleanSupplier full;
    private final Sink sink;
    private final AcceptBackoff backoff;
    private final List<Listener> listeners = new ArrayList<>();
    // Made up front: out of descriptors, even loading a class (for a lambda) can fail.
    private final Runnable resume = this::resume;
    private volatile boolean waitingForRoom;
    private volatile boolean backoffPaused;
    private boolean closed;

    /**
     * @param target the loop that serves a connection accepted here
     * @param full   whether the proxy holds as many connections as it may
     */
    ListenerGroup(EventLoop loop, Supplier<EventLoop> target, BooleanSupplier full, Sink sink, String name) {
        this.loop = loop;
        this.target = target;
        this.full = full;
        this.sink = sink;
        this.backoff = new AcceptBackoff(name);
    }

    EventLoop loop() {
        return loop;
    }

    /** Before the loop starts: a bound, non-blocking listening socket for {@code port}. */
    void add(ServerSocketChannel channel, int port) {
        listeners.add(new Listener(channel, port));
    }

    /** On the loop: selects for accepts. */
    void register() throws IOException {
        for (Listener l : listeners) {
            l.key = loop.register(l.channel, SelectionKey.OP_ACCEPT, l);
        }
    }

    /** On the loop, after start (a reload): listens on one more port. */
    void addAndRegister(ServerSocketChannel channel, int port) throws IOException {
        Listener l = new Listener(channel, port);
        listeners.add(l);
        if (closed) {
            l.channel.close();
            return;
        }
        l.key = loop.register(l.channel, waitingForRoom || backoffPaused ? 0 : SelectionKey.OP_ACCEPT, l);
    }

    /**
     * On the loop (a reload): stops listening on {@code port}; its connections go on. The socket is
     * closed once the loop's next select has deregistered it (closed while registered, the kernel
     * would go on queueing connections for it until then); the future completes after that close.
     */
    java.util.concurrent.CompletableFuture<Void> removePort(int port) {
        List<Listener> gone = new ArrayList<>();
        listeners.removeIf(l -> l.port == port && gone.add(l));
        java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
        for (Listener l : gone) {
            if (l.key != null) {
                l.key.cancel();
            }
        }
        loop.closeAfterDeregistration(() -> {
            for (Listener l : gone) {
                try {
                    l.channel.close();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "closing listener on port " + port + " failed", e);
                }
            }
            closed.complete(null);
        });
        return closed;
    }

    /** Failed accepts since start. */
    long failedAccepts() {
        return backoff.totalFailures();
    }

    /** Accepting is paused because the connection limit is reached (read on any thread). */
    boolean waitingForRoom() {
        return waitingForRoom;
    }

    /** Any thread: a connection's sockets are closed, so there is room and a descriptor again. */
    void connectionClosed() {
        if (waitingForRoom || backoffPaused) {
            loop.execute(resume);
        }
    }

    /** On the loop, or before it started / after it ended: closes every listening socket. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Listener l : listeners) {
            try {
                l.channel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing listener on port " + l.port + " failed", e);
            }
        }
    }

    /** Accepts what is queued (at most 64 at a time, so other work on this loop is not starved). */
    private void acceptPending(Listener l) {
        for (int i = 0; i < 64 && !closed && !backoffPaused && !waitingForRoom; i++) {
            if (full.getAsBoolean()) {
                waitForRoom();
                return;
            }
            SocketChannel ch;
            try {
                ch = l.channel.accept();
            } catch (IOException e) {
                if (backoff.failed(l.port, e)) {
                    pauseAfterFailure();
                }
                return;
            }
            if (ch == null) {
                return;
            }
            backoff.succeeded(l.port);
            sink.accepted(ch, l.port, target.get());
        }
    }

    private void waitForRoom() {
        waitingForRoom = true;
        interest(0);
        // A connection that closed between the check and the flag found no flag set: look again.
        if (!full.getAsBoolean()) {
            loop.execute(resume);
        }
    }

    private void pauseAfterFailure() {
        try {
            loop.schedule(AcceptBackoff.PAUSE_MILLIS * 1_000_000L, resume);
        } catch (RuntimeException stopping) {
            backoff.resume(); // the listeners are being closed anyway
            return;
        }
        backoffPaused = true;
        interest(0);
    }

    private void resume() {
        if (closed || (!waitingForRoom && !backoffPaused)) {
            return;
        }
        backoff.resume();
        backoffPaused = false;
        waitingForRoom = false;
        interest(SelectionKey.OP_ACCEPT);
        // Try at once rather than wait for the selector: connections may be queued already.
        for (Listener l : listeners) {
            acceptPending(l);
        }
    }

    private void interest(int ops) {
        for (Listener l : listeners) {
            if (!closed && l.key != null && l.key.isValid()) {
                l.key.interestOps(ops);
            }
        }
    }

    private final class Listener implements EventLoop.IoHandler {
        final ServerSocketChannel channel;
        final int port;
        SelectionKey key;

        Listener(ServerSocketChannel channel, int port) {
            this.channel = channel;
            this.port = port;
        }

        @Override
        public void ready(SelectionKey k) {
            acceptPending(this);
        }

        @Override
        public void failed(Throwable t) {
            LOG.log(Level.ERROR, "listener on port " + port + " failed: " + t, t);
            if (backoff.failed(port, t instanceof Exception ex ? ex : new Exception(t))) {
                pauseAfterFailure();
            }
        }
    }
}
