package dev.leakaudit.proxy.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector and one thread. Every channel of a connection is registered with the loop that
 * accepted it, so a connection's I/O state is touched by that thread only; other threads
 * (timers, {@code stop()}) hand work over with {@link #execute}.
 */
public final class EventLoop implements Runnable {

    /** What a selection key is attached to. */
    public interface IoHandler {
        void ready(SelectionKey key);

        /**
         * {@link #ready} threw: contain it to what this handler serves (one connection, one
         * listener). If this throws too, the loop cannot go on and dies (see {@code onDeath}).
         */
        void failed(Throwable t);
    }

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    private final String name;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Connections this loop serves (read by other loops' acceptors to spread long connections). */
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final BufferPool buffers;
    private final Thread thread;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ByteBuffer scratch;
    private final Consumer<Throwable> onDeath;
    private final LoopTimers timers = new LoopTimers();
    private final Consumer<SelectionKey> dispatch = this::dispatch;
    /** Channels whose keys were cancelled, closed once the next select has deregistered them. */
    private final java.util.ArrayList<Runnable> closeAfterSelect = new java.util.ArrayList<>();
    private final java.util.ArrayList<Runnable> closing = new java.util.ArrayList<>();
    private volatile boolean stopRequested;

    /**
     * @param onDeath called once, on the loop thread, if the loop itself fails (not a handler or a
     *                task, which are contained): its connections can no longer be served
     */
    public EventLoop(String name, int bufferSize, int maxRetainedBuffers, Consumer<Throwable> onDeath)
            throws IOException {
        this.name = name;
        this.onDeath = onDeath;
        this.scratch = ByteBuffer.allocateDirect(bufferSize);
        this.selector = Selector.open();
        this.buffers = new BufferPool(bufferSize, maxRetainedBuffers);
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public String name() {
        return name;
    }

    public BufferPool buffers() {
        return buffers;
    }

    /**
     * The loop's one read buffer (loop thread only): reads land here and are copied only as far as
     * they must wait, so an idle or slow connection holds no buffer of its own.
     */
    ByteBuffer scratch() {
        return scratch.clear();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    public Thread thread() {
        return thread;
    }

    /** Runs {@code task} on the loop thread (queued, even when called from it). */
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} now when on the loop thread, otherwise queues it. */
    public void run(Runnable task) {
        if (inLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    /**
     * Runs {@code task} on this loop after {@code delayNanos}; loop thread only. The returned timer
     * is cancelled on the loop thread too.
     */
    LoopTimers.Timeout schedule(long delayNanos, Runnable task) {
        if (!inLoop()) {
            throw new IllegalStateException(name + ": timers are scheduled on the loop thread");
        }
        return timers.schedule(delayNanos, System.nanoTime(), task);
    }

    /** Timers waiting on this loop (read on any thread: approximate). */
    int pendingTimers() {
        return timers.size();
    }

    /**
     * Loop thread only: runs {@code close} right after the next select, which deregisters the keys
     * cancelled before it. A channel closed while still registered makes the JDK ask the socket
     * for SO_LINGER and shut its output down (a shutdown that fails when the peer is gone already)
     * and leaves the real close to the selector; closed once deregistered, it is one close(2).
     * That select does not block while closes are waiting.
     */
    void closeAfterDeregistration(Runnable close) {
        closeAfterSelect.add(close);
    }

    /** Registers on the loop thread only. */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler)
            throws ClosedChannelException {
        assert inLoop();
        return channel.register(selector, ops, handler);
    }

    /**
     * Asks the loop to finish: it runs the tasks still queued, flushes cancelled keys so that the
     * channels closed on it release their descriptors, closes its selector and ends its thread.
     */
    public void requestStop() {
        stopRequested = true;
        selector.wakeup();
    }

    /** Completes when the loop thread has ended (joined). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public void join() throws InterruptedException {
        thread.join();
    }

    @Override
    public void run() {
        Throwable died = null;
        try {
            while (!stopRequested) {
                runTasks();
                if (stopRequested) {
                    break;
                }
                // The closes queued so far run after this select; those queued while it dispatches
                // (their keys cancelled after it deregistered) wait for the next one.
                takeQueuedCloses();
                long wait = closing.isEmpty() ? timers.nanosToNext(System.nanoTime()) : 0;
                // Ready keys go straight to their handlers: no selected-key set to fill and empty.
                if (wait < 0) {
                    selector.select(dispatch);
                } else if (wait == 0) {
                    selector.selectNow(dispatch);
                } else {
                    selector.select(dispatch, Math.max(1, (wait + 999_999) / 1_000_000));
                }
                runCloses();
                runDueTimers();
            }
            runTasks();
        } catch (Throwable t) {
            died = t;
        } finally {
            if (died != null) {
                LOG.log(Level.ERROR, name + ": event loop died, its connections can no longer be served: " + died, died);
                try {
                    onDeath.accept(died);
                } catch (Throwable ignored) {
                    // the line above is the record of it
                }
            }
            takeQueuedCloses();
            try {
                // Channels closed while registered are really closed when their keys are flushed.
                selector.selectNow();
            } catch (IOException | RuntimeException ignored) {
                // closing anyway
            }
            runCloses();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, name + ": selector close failed", e);
            }
            buffers.clear();
            timers.clear();
            terminated.complete(null);
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.ready(key);
        } catch (Throwable t) {
            // Anything, an Error included, ends what this handler serves, not the loop; if failed()
            // throws too, the loop dies and says so.
            handler.failed(t);
        }
    }

    private void takeQueuedCloses() {
        if (!closeAfterSelect.isEmpty()) {
            closing.addAll(closeAfterSelect);
            closeAfterSelect.clear();
        }
    }

    /** After a select: closes the channels whose keys it deregistered. */
    private void runCloses() {
        if (closing.isEmpty()) {
            return;
        }
        for (Runnable close : closing) {
            try {
                close.run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(Level.ERROR, name + ": close failed", e);
            }
        }
        closing.clear();
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        Runnable task;
        while ((task = timers.pollDue(now)) != null) {
            try {
                task.run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(Level.ERROR, name + ": timer failed", e);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // Connection tasks contain their own failures; this is a task of nobody's.
                LOG.log(Level.ERROR, name + ": task failed", e);
            }
        }
    }

    void connectionAdded() {
        connections.incrementAndGet();
    }

    void connectionRemoved() {
        connections.decrementAndGet();
    }

    /** Connections this loop serves now. */
    int connectionCount() {
        return connections.get();
    }
}
