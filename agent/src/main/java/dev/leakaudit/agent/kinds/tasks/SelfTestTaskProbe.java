package dev.leakaudit.agent.kinds.tasks;

import java.util.concurrent.atomic.AtomicInteger;

import dev.leakaudit.agent.bootstrap.TaskSink;

/**
 * Stands in for the thread and timer sink while the self-test runs: events about the probe's own
 * threads, executor and timer task are counted and kept out of the audit; everything else (another
 * thread of the program starting meanwhile) goes on to the real sink.
 */
final class SelfTestTaskProbe implements TaskSink {

    /** Every thread the probes start carries this name prefix. */
    static final String THREAD_PREFIX = "leak-audit-self-test";

    private final TaskSink delegate;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger scheduled = new AtomicInteger();
    private volatile Thread probeThread;
    private volatile Object probeExecutor;
    private volatile Object probeTimerTask;

    SelfTestTaskProbe(TaskSink delegate) {
        this.delegate = delegate;
    }

    void watch(Thread thread, Object executor, Object timerTask) {
        probeThread = thread;
        probeExecutor = executor;
        probeTimerTask = timerTask;
    }

    int started() {
        return started.get();
    }

    int ended() {
        return ended.get();
    }

    int scheduled() {
        return scheduled.get();
    }

    private static boolean isProbeThread(Thread thread) {
        return thread.getName().startsWith(THREAD_PREFIX);
    }

    @Override
    public void threadStarted(Thread thread) {
        if (thread == probeThread) {
            started.incrementAndGet();
        } else if (!isProbeThread(thread) && delegate != null) {
            delegate.threadStarted(thread);
        }
    }

    @Override
    public void threadEnded(Thread thread) {
        if (thread == probeThread) {
            ended.incrementAndGet();
        } else if (!isProbeThread(thread) && delegate != null) {
            delegate.threadEnded(thread);
        }
    }

    @Override
    public void scheduled(Object executor, Object future, Object task, long delayNanos, long periodNanos,
                          String method) {
        if (executor != null && executor == probeExecutor) {
            scheduled.incrementAndGet();
        } else if (delegate != null) {
            delegate.scheduled(executor, future, task, delayNanos, periodNanos, method);
        }
    }

    @Override
    public void timerTaskScheduled(Object task, Thread timerThread, long delayMillis, long periodMillis) {
        if (task != null && task == probeTimerTask) {
            scheduled.incrementAndGet();
        } else if (delegate != null) {
            delegate.timerTaskScheduled(task, timerThread, delayMillis, periodMillis);
        }
    }
}
