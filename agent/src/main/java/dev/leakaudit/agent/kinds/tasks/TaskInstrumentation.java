package dev.leakaudit.agent.kinds.tasks;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.TaskBridge;
import dev.leakaudit.agent.bootstrap.TaskSink;

import dev.leakaudit.agent.kinds.timers.TimerTaskSchedAdvice;
import dev.leakaudit.agent.kinds.timers.TimerScheduleAdvice;
import dev.leakaudit.agent.kinds.timers.TimerPeriodicAdvice;
import dev.leakaudit.agent.kinds.timers.TimerCancelAdvice;
import dev.leakaudit.agent.kinds.timers.ScheduledCancelAdvice;
import dev.leakaudit.agent.kinds.threads.ThreadStartAdvice;
import dev.leakaudit.agent.kinds.threads.ThreadExitAdvice;
import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.InstallLog;
import dev.leakaudit.agent.instrument.JdkClasses;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;
import static dev.leakaudit.agent.instrument.MethodMatch.argument;
import static dev.leakaudit.agent.instrument.MethodMatch.returning;

/**
 * Wires advice into thread start and the JDK's timers: {@code Thread.start}, on JDK 21+ also
 * {@code Thread.start(ThreadContainer)} and {@code VirtualThread.start(ThreadContainer)};
 * {@code ScheduledThreadPoolExecutor.schedule*}; {@code java.util.Timer.sched}. Advice only, no
 * class-format changes, like {@link JdkInstrumentation}; what failed is kept for diagnostics.
 */
public final class TaskInstrumentation {

    /** Classes this instrumentation targets; {@code java.lang.VirtualThread} exists on JDK 21+ only. */
    public static final List<String> TARGETS = List.of(
            "java.lang.Thread",
            "java.lang.VirtualThread",
            "java.util.concurrent.ScheduledThreadPoolExecutor",
            "java.util.Timer");

    private static final String THREAD_CONTAINER = "jdk.internal.vm.ThreadContainer";

    /** Adds thread start and exit, and timer advice, to {@code plan}; problems go to {@code log}. */
    public void addTo(AdvicePlan plan, Instrumentation instrumentation, TaskSink sink, InstallLog log) {
        openJavaBase(instrumentation);
        TaskBridge.install(sink);
        if (TaskBridge.timerTaskState(new ProbeTask()) == TaskBridge.STATE_UNKNOWN) {
            log.problem("java.util.TimerTask.state is not readable: java.util.Timer tasks cannot be audited");
        }
        String started = "dev.leakaudit.agent.kinds.threads.ThreadStartAdvice";
        String exited = "dev.leakaudit.agent.kinds.threads.ThreadExitAdvice";
        JdkClasses.preload(List.of("java.util.concurrent.FutureTask", "java.util.TimerTask"));

        plan.type("java.lang.Thread")
                .advice(named("start").and(arguments(0))
                        .or(named("start").and(arguments(1)).and(argument(0, THREAD_CONTAINER))),
                        started)
                .advice(named("exit").and(arguments(0)), exited);
        plan.type("java.lang.VirtualThread")
                .advice(named("start").and(arguments(1)).and(argument(0, THREAD_CONTAINER)),
                        started)
                // JDK 24+: afterDone(boolean); JDK 21 to 23: afterTerminate(boolean, boolean)
                .advice(named("afterDone").and(arguments(1))
                        .or(named("afterTerminate").and(arguments(2))), exited);
        plan.type("java.util.concurrent.ScheduledThreadPoolExecutor")
                .advice(named("schedule").and(arguments(3)), "dev.leakaudit.agent.kinds.timers.TimerScheduleAdvice")
                .advice(named("scheduleAtFixedRate").or(named("scheduleWithFixedDelay"))
                        .and(arguments(4)), "dev.leakaudit.agent.kinds.timers.TimerPeriodicAdvice");
        plan.type("java.util.Timer")
                .advice(named("sched").and(arguments(3)), "dev.leakaudit.agent.kinds.timers.TimerTaskSchedAdvice");
        plan.type("java.util.TimerTask")
                .advice(named("cancel").and(arguments(0)).and(returning(boolean.class)),
                        "dev.leakaudit.agent.kinds.timers.TimerCancelAdvice");
        // ScheduledFutureTask.cancel calls this; advising the nested class itself broke the
        // executor's own transformation, so the superclass is advised and filters by type.
        plan.type("java.util.concurrent.FutureTask")
                .advice(named("cancel").and(arguments(boolean.class)), "dev.leakaudit.agent.kinds.timers.ScheduledCancelAdvice");
    }

    /**
     * Advice inlined into java.base refers to the bootstrap bridge, which java.base must read; and
     * the bridge reads {@code TimerTask.state} and a thread's task, which need {@code java.util} and
     * {@code java.lang} opened to the bridge's
     * module (the bootstrap loader's unnamed module, which holds nothing but the agent's bridge).
     */
    private static void openJavaBase(Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        Module bridgeModule = TaskBridge.class.getModule();
        Set<Module> reads = javaBase.canRead(bridgeModule) ? Set.of() : Set.of(bridgeModule);
        Map<String, Set<Module>> opens = new HashMap<>();
        for (String pkg : new String[] {"java.util", "java.lang"}) { // TimerTask.state; a thread's task
            if (!javaBase.isOpen(pkg, bridgeModule)) {
                opens.put(pkg, Set.of(bridgeModule));
            }
        }
        if (!reads.isEmpty() || !opens.isEmpty()) {
            instrumentation.redefineModule(javaBase, reads, Map.of(), opens, Set.of(), Map.of());
        }
    }

    /** Only read, never scheduled: proves at start that {@code TimerTask.state} is readable. */
    private static final class ProbeTask extends java.util.TimerTask {
        @Override
        public void run() {
        }
    }

}
