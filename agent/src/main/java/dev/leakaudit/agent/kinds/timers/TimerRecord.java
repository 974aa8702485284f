package dev.leakaudit.agent.kinds.timers;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.bootstrap.TaskBridge;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;

/**
 * A timer scheduled in a test or class: the returned {@code ScheduledFuture} or the
 * {@code TimerTask}, with its executor or Timer thread, all held weakly.
 */
public final class TimerRecord extends Tracked {

    public enum Source { EXECUTOR, TIMER }

    private final long id;
    private final Source source;
    private final WeakReference<Object> timer;
    private final WeakReference<Object> owner;
    private final String resourceClass;
    private final String taskClass;
    private final String ownerClass;
    private final String method;
    private final long delayNanos;
    private final long periodNanos;
    private final TimerTracker tracker;

    TimerRecord(long id, Source source, Object timer, Object owner, String taskClass, String method, long delayNanos,
                long periodNanos, CallStack scheduled, long scheduledAtMillis, ThreadInfo scheduler,
                Attribution attribution, TimerTracker tracker) {
        super(attribution, scheduledAtMillis, scheduler, scheduled);
        this.tracker = tracker;
        this.id = id;
        this.source = source;
        this.timer = new WeakReference<>(timer);
        this.owner = new WeakReference<>(owner);
        this.resourceClass = timer.getClass().getName();
        this.taskClass = taskClass;
        this.ownerClass = owner == null ? null : owner.getClass().getName();
        this.method = method;
        this.delayNanos = delayNanos;
        this.periodNanos = periodNanos;
    }

    /**
     * Due to run still. An executor's timer: its future is not done (fired one-shot, cancelled) and
     * its pool has not discarded it (shutdownNow drains the queue without cancelling; shutdown
     * cancels periodic timers by default). A Timer's task: state SCHEDULED while the Timer's thread
     * lives (a cancelled Timer's thread ends, as does one whose task threw, and their tasks with it).
     */
    @Override
    public boolean isPending() {
        Object target = timer.get();
        if (target == null) {
            return false; // a pending timer is reachable from its queue
        }
        if (source == Source.EXECUTOR) {
            if (!(target instanceof Future) || ((Future<?>) target).isDone()) {
                return false;
            }
            Object pool = owner.get();
            if (!(pool instanceof ThreadPoolExecutor)) {
                return false;
            }
            ThreadPoolExecutor executor = (ThreadPoolExecutor) pool;
            return !executor.isTerminated() && (!executor.isShutdown() || executor.getQueue().contains(target));
        }
        if (TaskBridge.timerTaskState(target) != TaskBridge.STATE_SCHEDULED) {
            return false;
        }
        Object thread = owner.get();
        return thread instanceof Thread && ((Thread) thread).isAlive();
    }

    @Override
    public Finding finding(FindingContext findings, boolean atExit) {
        return tracker.isIgnored(this) ? null : TimerFindings.timerPending(findings, this, atExit);
    }

    @Override
    public String kindId() {
        return TimerTracker.KIND;
    }

    @Override
    public String resourceClassName() {
        return resourceClass();
    }

    @Override
    public Object subjectOrNull() {
        return timerOrNull();
    }

    public long id() {
        return id;
    }

    /** The future or TimerTask, if still reachable; callers must not hold on to it. */
    public Object timerOrNull() {
        return timer.get();
    }


    public Source source() {
        return source;
    }

    public String resourceClass() {
        return resourceClass;
    }

    public String taskClass() {
        return taskClass;
    }

    public String ownerClass() {
        return ownerClass;
    }

    public String method() {
        return method;
    }

    public long delayNanos() {
        return delayNanos;
    }

    /** 0 for a one-shot; for a Timer's task, negative means fixed delay. */
    public long periodNanos() {
        return periodNanos;
    }

    public long scheduledAtMillis() {
        return beganAtMillis();
    }

    public ThreadInfo scheduler() {
        return beganOn();
    }

    public List<String> frames() {
        return beganAt().frames();
    }
}
