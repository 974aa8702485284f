package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.bootstrap.ExecutorSink;
import dev.leakaudit.agent.ledger.WeakIdentityMap;
import java.util.function.Consumer;

/**
 * Executors shut down by the garbage collector rather than by the program: {@code
 * Executors.newSingleThreadExecutor()} and the like shut their pool down from a finalizer (JDK 17)
 * or a cleaner (JDK 21 and later) once the executor is garbage. A worker that ends for that reason
 * was never stopped by the program, so its thread stays a {@code thread} leak, marked as collected,
 * like a socket closed by the garbage collector.
 */
public final class CollectedExecutors implements ExecutorSink {

    private final WeakIdentityMap<Boolean> shutDownByCollector = new WeakIdentityMap<>();
    private final Consumer<Thread> endedByCollector;
    private final PoolCreations creations;

    /** {@code endedByCollector}: told of a worker that leaves its loop only because its executor was collected. */
    public CollectedExecutors(Consumer<Thread> endedByCollector, PoolCreations creations) {
        this.endedByCollector = endedByCollector;
        this.creations = creations;
    }

    @Override
    public void created(Object executor) {
        creations.created(executor);
    }

    @Override
    public void shuttingDown(Object executor) {
        if (isCollectorThread(Thread.currentThread().getName())) {
            shutDownByCollector.computeIfAbsent(executor, ignored -> Boolean.TRUE);
        }
    }

    @Override
    public void workerExiting(Object executor) {
        if (shutDownByCollector.get(executor) != null) {
            endedByCollector.accept(Thread.currentThread());
        }
    }

    /** Finalizers and cleaners run only for objects that became unreachable. */
    static boolean isCollectorThread(String name) {
        return name.equals("Finalizer") || name.startsWith("Common-Cleaner") || name.startsWith("Cleaner-");
    }
}
