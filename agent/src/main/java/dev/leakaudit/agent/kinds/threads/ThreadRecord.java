package dev.leakaudit.agent.kinds.threads;

import java.lang.ref.WeakReference;
import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.heap.LoadedClasses;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;

/**
 * A thread started in a test or class: held weakly, with where and by whom {@code start()} was
 * called. Its end is the thread's own exit, observed as it happens (advice at thread exit).
 */
public final class ThreadRecord extends Tracked {

    private final WeakReference<Thread> thread;
    private final long threadId;
    private final ThreadTracker tracker;

    ThreadRecord(Thread thread, long threadId, CallStack started, long startedAtMillis, ThreadInfo starter,
                 Attribution attribution, ThreadTracker tracker) {
        super(attribution, startedAtMillis, starter, started);
        this.thread = new WeakReference<>(thread);
        this.threadId = threadId;
        this.tracker = tracker;
    }

    /** A live thread is always reachable, so a collected one has ended. */
    @Override
    public boolean isPending() {
        Thread target = thread.get();
        return target != null && target.isAlive();
    }

    @Override
    public Finding finding(FindingContext findings, boolean atExit) {
        return tracker.isIgnored(this) ? null : ThreadFindings.threadAlive(findings, this, atExit);
    }

    @Override
    public String kindId() {
        return ThreadTracker.KIND;
    }

    @Override
    public String resourceClassName() {
        Thread target = thread.get();
        return target == null ? Thread.class.getName() : target.getClass().getName();
    }

    @Override
    public Object subjectOrNull() {
        return thread.get();
    }

    /** A pool's worker was made where its pool was made (the test that submitted first only woke it). */
    @Override
    public List<String> madeAt() {
        List<String> pool = tracker.poolCreationOf(thread.get());
        return pool != null ? pool : frames();
    }

    @Override
    public Object keptThroughOrNull() {
        Thread target = thread.get();
        return target == null ? null : LoadedClasses.poolOf(target);
    }

    @Override
    public long ownThreadId() {
        return threadId;
    }

    @Override
    public Object taskOrNull() {
        Thread target = thread.get();
        return target == null ? null : LoadedClasses.taskOf(target);
    }

    /** The thread, if still reachable; callers must not hold on to it. */
    public Thread threadOrNull() {
        return thread.get();
    }

    public long threadId() {
        return threadId;
    }

    public long startedAtMillis() {
        return beganAtMillis();
    }

    public ThreadInfo starter() {
        return beganOn();
    }

    /** The frames where {@code start()} was called. */
    public List<String> frames() {
        return beganAt().frames();
    }
}
