package dev.leakaudit.agent.timers;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.ReentrancyGuard;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.tasks.ScopedTracker;
import dev.leakaudit.agent.tasks.TaskPhrases;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Finds timers scheduled in a test (or class-level setup) and still pending at its end, after the
 * linger period: finding kind {@code timer}. A one-shot that has not run, or a periodic timer never
 * cancelled, on a {@code ScheduledThreadPoolExecutor} (also behind {@code Executors}) or a
 * {@code java.util.Timer}. Fired, cancelled, or discarded by its executor's shutdown or its
 * Timer's cancel: clean. Timers the JDK schedules for itself are never reported.
 */
public final class TimerTracker extends ScopedTracker<TimerRecord> {

    public static final String KIND = "timer";

    /** Frames between the user's call and the record: the first frame past these scheduled the timer. */
    static final String[] SCHEDULE_PLUMBING = {
        "java.util.concurrent.ScheduledThreadPoolExecutor.", "java.util.concurrent.Executors$", "java.util.Timer.",
        "jdk.internal.reflect.", "java.lang.reflect.", "java.lang.invoke."};

    /** Test infrastructure that schedules timers of its own (JUnit's timeouts, Awaitility). */
    static final List<String> INFRASTRUCTURE_CALLERS = List.of("org.junit.", "org.awaitility.");

    private final AtomicLong nextId = new AtomicLong(1);
    private final TestScopes scopes;
    private final StackFrames stacks;
    private final Exclusions exclusions;

    public TimerTracker(TestScopes scopes, StackFrames stacks, Exclusions exclusions, long lingerMillis) {
        super(lingerMillis);
        this.scopes = scopes;
        this.stacks = stacks;
        this.exclusions = exclusions;
    }

    /** Called by instrumented {@code ScheduledThreadPoolExecutor.schedule*}. */
    public void scheduled(Object executor, Object future, Object task, long delayNanos, long periodNanos,
                          String method) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            Attribution attribution = scopes.attributeCurrentThread();
            if (attribution.scope() == null) {
                return;
            }
            track(new TimerRecord(nextId.getAndIncrement(), TimerRecord.Source.EXECUTOR, future, executor,
                    task == null ? null : task.getClass().getName(), method, delayNanos, periodNanos,
                    new Throwable("scheduled here"), System.currentTimeMillis(), ThreadInfo.current(), attribution));
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** Called by instrumented {@code java.util.Timer.sched}. */
    public void timerTaskScheduled(Object task, Thread timerThread, long delayMillis, long periodMillis) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            Attribution attribution = scopes.attributeCurrentThread();
            if (attribution.scope() == null) {
                return;
            }
            track(new TimerRecord(nextId.getAndIncrement(), TimerRecord.Source.TIMER, task, timerThread,
                    task.getClass().getName(), "schedule", Math.max(0, delayMillis) * 1_000_000L,
                    periodMillis * 1_000_000L, new Throwable("scheduled here"), System.currentTimeMillis(),
                    ThreadInfo.current(), attribution));
        } finally {
            ReentrancyGuard.exit();
        }
    }

    @Override
    protected boolean isIgnored(TimerRecord record) {
        List<String> frames = record.frames();
        String caller = TaskPhrases.caller(frames, SCHEDULE_PLUMBING);
        if (caller == null || TaskPhrases.isJdkFrame(caller)) {
            return true; // the JDK's own timers: virtual thread unparking, CompletableFuture timeouts
        }
        for (String prefix : INFRASTRUCTURE_CALLERS) {
            if (caller.startsWith(prefix)) {
                return true;
            }
        }
        return exclusions.excludes(frames, StackFrames.site(frames));
    }

    @Override
    protected Finding finding(TimerRecord record, boolean atExit) {
        if (isIgnored(record)) {
            return null;
        }
        List<String> frames = record.frames();
        String site = StackFrames.site(frames);
        Attribution attribution = record.attribution();
        boolean periodic = record.periodNanos() != 0;
        String message = describe(record) + ' ' + Phrases.owner("scheduled", attribution) + ' '
                + (periodic ? "was never cancelled: it was " + TaskPhrases.after("still scheduled", attribution,
                                atExit, lingerMillis, "cancel")
                        : "had not run and was never cancelled: it was " + TaskPhrases.after("still pending",
                                attribution, atExit, lingerMillis, "cancel"))
                + ". Scheduled at " + site + " on thread " + Phrases.threadLabel(record.scheduler()) + '.'
                + Phrases.uncertainty(attribution, record.scheduler()) + ' ' + advice(record) + ' '
                + TaskPhrases.where(attribution) + '.';
        ThreadInfo thread = record.scheduler();
        return Finding.builder()
                .kind(KIND)
                .severity(Finding.Severity.LEAK)
                .resourceClass(record.resourceClass())
                .resourceId(record.id())
                .attribution(attribution)
                .thread(thread.name(), thread.id(), thread.isVirtual())
                .openedAtMillis(record.scheduledAtMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .message(message)
                .build();
    }

    /** "Periodic timer (ScheduledThreadPoolExecutor.scheduleAtFixedRate, every 100 ms, task Foo lambda)". */
    private static String describe(TimerRecord record) {
        long period = record.periodNanos();
        String shape = period == 0 ? "One-shot timer" : "Periodic timer";
        StringBuilder text = new StringBuilder(shape).append(" (");
        if (record.source() == TimerRecord.Source.EXECUTOR) {
            String executor = record.ownerClass() == null ? "ScheduledThreadPoolExecutor"
                    : Phrases.simpleName(record.ownerClass());
            text.append(executor).append('.').append(record.method());
        } else {
            text.append("java.util.Timer.").append(period > 0 ? "scheduleAtFixedRate" : "schedule");
        }
        if (period != 0) {
            text.append(", every ").append(TaskPhrases.duration(period));
            if (record.delayNanos() > 0) {
                text.append(" after ").append(TaskPhrases.duration(record.delayNanos()));
            }
        } else {
            text.append(", delay ").append(TaskPhrases.duration(record.delayNanos()));
        }
        if (record.taskClass() != null) {
            text.append(", task ").append(Phrases.simpleName(record.taskClass()));
        }
        return text.append(')').toString();
    }

    private static String advice(TimerRecord record) {
        if (record.source() == TimerRecord.Source.TIMER) {
            return "Cancel the task (TimerTask.cancel()) or the Timer (Timer.cancel())";
        }
        return "Cancel it (ScheduledFuture.cancel()) or shut its executor down (shutdownNow(), or shutdown() "
                + "and awaitTermination())";
    }
}
