package dev.leakaudit.agent.kinds.tasks;

import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.bootstrap.TaskBridge;
import dev.leakaudit.agent.kinds.threads.CollectedExecutors;
import dev.leakaudit.agent.kinds.threads.PoolCreations;
import dev.leakaudit.agent.kinds.threads.ExecutorInstrumentation;
import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.InstallLog;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;

/**
 * Timers and threads ({@code timer}, {@code thread}): their trackers, the advice on thread start and
 * exit, the JDK's timers and thread pools, and the probes of the self-test. Their hot path (a start
 * or a schedule) has a bridge entry of its own.
 */
public final class TaskKinds implements LeakKind {

    static final int SCHEDULES = 2;       // ScheduledThreadPoolExecutor and java.util.Timer
    private static final long THREAD_END_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private TaskAuditing tasks;
    private PoolCreations pools;

    @Override
    public String id() {
        return "tasks";
    }

    @Override
    public void start(KindContext context) {
        pools = new PoolCreations();
        tasks = TaskAuditing.create(context.options(), context.scopes(), context.judge(), context.sites(),
                context.findings(), pools);
        LeakAuditBridge.installExecutors(new CollectedExecutors(tasks::threadEndedByCollector, pools));
    }

    @Override
    public void instrument(AdvicePlan plan, Instrumentation instrumentation, InstallLog log) {
        new ExecutorInstrumentation().addTo(plan);
        new TaskInstrumentation().addTo(plan, instrumentation, tasks, log);
    }

    /** Schedules two timers and starts a thread, watched by a probe sink, never reported. */
    @Override
    public Map<String, String> selfTest(KindSelfTest check, Set<String> forced) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        SelfTestTaskProbe probe = new SelfTestTaskProbe(tasks);
        TaskBridge.install(probe);
        try {
            outcomes.put("timer", timers(probe, forced.contains("timer")));
            outcomes.put("thread", threads(probe, forced.contains("thread")));
        } finally {
            TaskBridge.install(tasks);
        }
        return outcomes;
    }

    private static String timers(SelfTestTaskProbe probe, boolean forced) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, new ProbeThreads());
        Timer timer = new Timer(SelfTestTaskProbe.THREAD_PREFIX + "-timer", true);
        TimerTask task = new NoOpTimerTask();
        probe.watch(null, executor, task);
        try {
            executor.schedule(new NoOp(), 1, TimeUnit.HOURS);
            timer.schedule(task, TimeUnit.HOURS.toMillis(1));
        } finally {
            executor.shutdownNow();
            timer.cancel();
        }
        int seen = forced ? 0 : probe.scheduled();
        return seen >= SCHEDULES ? KindSelfTest.OK : "instrumentation saw " + seen + " of " + SCHEDULES + " schedules";
    }

    private static String threads(SelfTestTaskProbe probe, boolean forced) {
        Thread thread = new Thread(new NoOp(), SelfTestTaskProbe.THREAD_PREFIX + "-thread");
        thread.setDaemon(true);
        probe.watch(thread, null, null);
        thread.start();
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(THREAD_END_WAIT_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + THREAD_END_WAIT_NANOS; // the exit event may trail join() by a moment
        while (probe.ended() == 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
        int started = forced ? 0 : probe.started();
        int ended = forced ? 0 : probe.ended();
        return started >= 1 && ended >= 1 ? KindSelfTest.OK
                : "instrumentation saw " + started + " of 1 starts and " + ended + " of 1 ends";
    }

    private static final class NoOp implements Runnable {
        @Override
        public void run() {
        }
    }

    private static final class NoOpTimerTask extends TimerTask {
        @Override
        public void run() {
        }
    }

    private static final class ProbeThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, SelfTestTaskProbe.THREAD_PREFIX + "-pool");
            thread.setDaemon(true);
            return thread;
        }
    }
}
