package dev.leakaudit.agent.bootstrap;

/**
 * Receives the calls that instrumented thread and timer code makes. Lives on the bootstrap class
 * path beside {@link TaskBridge}, so its signatures use java.base types only.
 */
public interface TaskSink {

    /** {@code Thread.start} (platform or virtual) returned normally for {@code thread}. */
    void threadStarted(Thread thread);

    /** The current thread is exiting (platform: {@code Thread.exit}; virtual: its end of run). */
    void threadEnded(Thread thread);

    /**
     * A {@code ScheduledThreadPoolExecutor.schedule*} call returned {@code future}. {@code periodNanos}
     * is 0 for a one-shot; {@code method} is the scheduling method's name.
     */
    void scheduled(Object executor, Object future, Object task, long delayNanos, long periodNanos, String method);

    /**
     * {@code java.util.Timer} accepted {@code task} (its private {@code sched}). {@code periodMillis}
     * is 0 for a one-shot, positive for fixed rate, negative for fixed delay, as the Timer keeps it.
     */
    void timerTaskScheduled(Object task, Thread timerThread, long delayMillis, long periodMillis);
}
