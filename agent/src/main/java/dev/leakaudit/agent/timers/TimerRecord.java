package dev.leakaudit.agent.timers;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.bootstrap.TaskBridge;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.tasks.Tracked;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * A timer scheduled in a test or class: the returned {@code ScheduledFuture} or the
 * {@code TimerTask}, with its executor or Timer thread, all held weakly.
 */
final class TimerRecord implements Tracked {

    enum Source { EXECUTOR, TIMER }

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
    private final Throwable scheduled;
    private final long scheduledAtMillis;
    private final ThreadInfo scheduler;
    private final Attribution attribution;
    private volatile List<String> frames;

    TimerRecord(long id, Source source, Object timer, Object owner, String taskClass, String method, long delayNanos,
                long periodNanos, Throwable scheduled, long scheduledAtMillis, ThreadInfo scheduler,
                Attribution attribution) {
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
        this.scheduled = scheduled;
        this.scheduledAtMillis = scheduledAtMillis;
        this.scheduler = scheduler;
        this.attribution = attribution;
    }

    @Override
    public Attribution attribution() {
        return attribution;
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

    long id() {
        return id;
    }

    Source source() {
        return source;
    }

    String resourceClass() {
        return resourceClass;
    }

    String taskClass() {
        return taskClass;
    }

    String ownerClass() {
        return ownerClass;
    }

    String method() {
        return method;
    }

    long delayNanos() {
        return delayNanos;
    }

    /** 0 for a one-shot; for a Timer's task, negative means fixed delay. */
    long periodNanos() {
        return periodNanos;
    }

    long scheduledAtMillis() {
        return scheduledAtMillis;
    }

    ThreadInfo scheduler() {
        return scheduler;
    }

    List<String> frames() {
        List<String> computed = frames;
        if (computed == null) {
            computed = StackFrames.allFrames(scheduled);
            frames = computed;
        }
        return computed;
    }
}
