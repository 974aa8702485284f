package dev.leakaudit.agent.bootstrap;

/**
 * Receives the shutdown of thread pools and the exit of their workers, so that a worker that ended
 * only because its executor was garbage-collected (a finalizer or cleaner shut it down) is still
 * known as a leak. Lives on the bootstrap class path; java.base types only.
 */
public interface ExecutorSink {

    /** {@code ThreadPoolExecutor.shutdown()} or {@code shutdownNow()} was called on {@code executor}. */
    void shuttingDown(Object executor);

    /** A worker of {@code executor} leaves its run loop, on its own thread. */
    void workerExiting(Object executor);
}
