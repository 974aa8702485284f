package dev.leakaudit.agent.bootstrap;

/**
 * Receives the construction and shutdown of thread pools and the exit of their workers: a worker
 * belongs to the code that made its pool (not to the test whose task happened to start it), and a
 * worker that ended only because its executor was garbage-collected (a finalizer or cleaner shut
 * it down) is still known as a leak. Lives on the bootstrap class path; java.base types only.
 */
public interface ExecutorSink {

    /** A {@code ThreadPoolExecutor} was constructed: where, so its workers belong to the code that made the pool. */
    void created(Object executor);

    /** {@code ThreadPoolExecutor.shutdown()} or {@code shutdownNow()} was called on {@code executor}. */
    void shuttingDown(Object executor);

    /** A worker of {@code executor} leaves its run loop, on its own thread. */
    void workerExiting(Object executor);
}
