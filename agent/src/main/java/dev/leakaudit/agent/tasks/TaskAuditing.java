package dev.leakaudit.agent.tasks;

import java.lang.instrument.Instrumentation;
import java.util.List;

import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.TaskSink;
import dev.leakaudit.agent.config.AgentOptions;
import dev.leakaudit.agent.instrument.TaskInstrumentation;
import dev.leakaudit.agent.threads.ThreadTracker;
import dev.leakaudit.agent.timers.TimerTracker;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.FindingFactory;
import dev.leakaudit.agent.verdict.LeakJudge;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Thread and timer auditing: the two detectors, the sink instrumented code calls, and their
 * instrumentation. {@link #start} registers the detectors with the judge and installs the advice.
 */
public final class TaskAuditing implements TaskSink {

    private final ThreadTracker threads;
    private final TimerTracker timers;

    private TaskAuditing(ThreadTracker threads, TimerTracker timers) {
        this.threads = threads;
        this.timers = timers;
    }

    /** Returns the instrumentation's problems, empty when every target could be instrumented. */
    public static List<String> start(AgentOptions options, TestScopes scopes, LeakJudge judge,
                                     Instrumentation instrumentation, FindingFactory findings) {
        StackFrames stacks = findings.stacks();
        Exclusions exclusions = findings.exclusions();
        TimerTracker timers = new TimerTracker(scopes, stacks, exclusions, options.lingerMillis());
        ThreadTracker threads = new ThreadTracker(scopes, stacks, exclusions, options.list(AgentOptions.THREADS),
                options.lingerMillis());
        judge.addDetector(timers);
        judge.addDetector(threads);
        TaskInstrumentation instrumentationOfTasks = new TaskInstrumentation();
        instrumentationOfTasks.install(instrumentation, new TaskAuditing(threads, timers));
        return instrumentationOfTasks.diagnostics();
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
