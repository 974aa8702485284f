package dev.leakaudit.agent.threads;

import java.lang.ref.WeakReference;
import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.tasks.Tracked;
import dev.leakaudit.agent.verdict.StackFrames;

/** A thread started in a test or class: held weakly, with where and by whom {@code start()} was called. */
final class ThreadRecord implements Tracked {

    private final WeakReference<Thread> thread;
    private final long threadId;
    private final Throwable started;
    private final long startedAtMillis;
    private final ThreadInfo starter;
    private final Attribution attribution;
    private volatile List<String> frames;

    ThreadRecord(Thread thread, long threadId, Throwable started, long startedAtMillis, ThreadInfo starter,
                 Attribution attribution) {
        this.thread = new WeakReference<>(thread);
        this.threadId = threadId;
        this.started = started;
        this.startedAtMillis = startedAtMillis;
        this.starter = starter;
        this.attribution = attribution;
    }

    @Override
    public Attribution attribution() {
        return attribution;
    }

    /** A live thread is always reachable, so a collected one has ended. */
    @Override
    public boolean isPending() {
        Thread target = thread.get();
        return target != null && target.isAlive();
    }

    /** The thread, if still reachable; callers must not hold on to it. */
    Thread threadOrNull() {
        return thread.get();
    }

    long threadId() {
        return threadId;
    }

    long startedAtMillis() {
        return startedAtMillis;
    }

    ThreadInfo starter() {
        return starter;
    }

    /** The frames where {@code start()} was called, computed once. */
    List<String> frames() {
        List<String> computed = frames;
        if (computed == null) {
            computed = StackFrames.allFrames(started);
            frames = computed;
        }
        return computed;
    }
}
