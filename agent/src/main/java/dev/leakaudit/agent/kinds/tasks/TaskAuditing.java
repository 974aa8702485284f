package dev.leakaudit.agent.kinds.tasks;

import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.TaskSink;
import dev.leakaudit.agent.config.AgentOptions;
import dev.leakaudit.agent.ledger.TrackedSink;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.kinds.threads.PoolCreations;
import dev.leakaudit.agent.kinds.threads.ThreadTracker;
import dev.leakaudit.agent.kinds.timers.TimerTracker;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.FindingContext;

/**
 * Thread and timer auditing: the two trackers, and the sink instrumented code calls. Both report
 * to the judge; the advice is installed with the rest in one pass ({@code Instrumentations}).
 */
public final class TaskAuditing implements TaskSink {

    private final ThreadTracker threads;
    private final TimerTracker timers;

    private TaskAuditing(ThreadTracker threads, TimerTracker timers) {
        this.threads = threads;
        this.timers = timers;
    }

    /** Returns the instrumentation's problems, empty when every target could be instrumented. */
    public static TaskAuditing create(AgentOptions options, TestScopes scopes, TrackedSink judge, CallSites sites,
                                      FindingContext findings, PoolCreations pools) {
        Exclusions exclusions = findings.exclusions();
        TimerTracker timers = new TimerTracker(scopes, judge, sites, exclusions);
        ThreadTracker threads = new ThreadTracker(scopes, judge, sites, exclusions, options.list(AgentOptions.THREADS), pools);
        return new TaskAuditing(threads, timers);
    }

    /** A pool's worker that ended only because its executor was collected: still a leak. */
    public void threadEndedByCollector(Thread thread) {
        threads.endedByCollector(thread);
    }

    @Override
    public void threadEnded(Thread thread) {
        threads.threadEnded(thread);
    }

    @Override
    public void threadStarted(Thread thread) {
        threads.threadStarted(thread);
    }

    @Override
    public void scheduled(Object executor, Object future, Object task, long delayNanos, long periodNanos,
                          String method) {
        timers.scheduled(executor, future, task, delayNanos, periodNanos, method);
    }

    @Override
    public void timerTaskScheduled(Object task, Thread timerThread, long delayMillis, long periodMillis) {
        timers.timerTaskScheduled(task, timerThread, delayMillis, periodMillis);
    }
}
