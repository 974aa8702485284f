package dev.leakaudit.agent.kinds.timers;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.AgentThreadState;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.TrackedSink;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.kinds.tasks.TaskPhrases;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Finds timers scheduled in a test (or class-level setup) and still pending at its end, after the
 * linger period: finding kind {@code timer}. A one-shot that has not run, or a periodic timer never
 * cancelled, on a {@code ScheduledThreadPoolExecutor} (also behind {@code Executors}) or a
 * {@code java.util.Timer}. Fired, cancelled, or discarded by its executor's shutdown or its
 * Timer's cancel: clean. Timers the JDK schedules for itself are never reported.
 */
public final class TimerTracker {

    public static final String KIND = "timer";

    /** Frames between the user's call and the record: the first frame past these scheduled the timer. */
    static final String[] SCHEDULE_PLUMBING = {
        "java.util.concurrent.ScheduledThreadPoolExecutor.", "java.util.concurrent.Executors$", "java.util.Timer.",
        "jdk.internal.reflect.", "java.lang.reflect.", "java.lang.invoke."};

    /** Test infrastructure that schedules timers of its own (JUnit's timeouts, Awaitility). */
    static final List<String> INFRASTRUCTURE_CALLERS = List.of("org.junit.", "org.awaitility.", "org.testng.",
            "org.apache.maven.surefire.");

    private final AtomicLong nextId = new AtomicLong(1);
    private final TestScopes scopes;
    private final TrackedSink judge;
    private final CallSites sites;
    private final Exclusions exclusions;

    public TimerTracker(TestScopes scopes, TrackedSink judge, CallSites sites, Exclusions exclusions) {
        this.scopes = scopes;
        this.judge = judge;
        this.sites = sites;
        this.exclusions = exclusions;
    }

    /** Called by instrumented {@code ScheduledThreadPoolExecutor.schedule*}. */
    public void scheduled(Object executor, Object future, Object task, long delayNanos, long periodNanos,
                          String method) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            Attribution attribution = scopes.attributeCurrentThread(state); // outside every test: judged per run
            judge.began(new TimerRecord(nextId.getAndIncrement(), TimerRecord.Source.EXECUTOR, future, executor,
                    task == null ? null : task.getClass().getName(), method, delayNanos, periodNanos,
                    sites.beginningOf(task == null ? null : task.getClass()), System.currentTimeMillis(),
                    ThreadInfo.current(state), attribution, this));
        } finally {
            state.exit();
        }
    }

    /** Called by instrumented {@code java.util.Timer.sched}. */
    public void timerTaskScheduled(Object task, Thread timerThread, long delayMillis, long periodMillis) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            Attribution attribution = scopes.attributeCurrentThread(state); // outside every test: judged per run
            judge.began(new TimerRecord(nextId.getAndIncrement(), TimerRecord.Source.TIMER, task, timerThread,
                    task.getClass().getName(), "schedule", Math.max(0, delayMillis) * 1_000_000L,
                    periodMillis * 1_000_000L, sites.beginningOf(task.getClass()), System.currentTimeMillis(),
                    ThreadInfo.current(state), attribution, this));
        } finally {
            state.exit();
        }
    }

    /** The JDK's own timers, test infrastructure's and excluded ones: never reported. */
    boolean isIgnored(TimerRecord record) {
        if (record.attribution().scope() == null && scopes.anyScopeSeen()) {
            return true; // begun outside every test of a per-test run: the runner's or the program's own
        }
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
}
