package dev.leakaudit.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark main (not a test) for thread and timer auditing: a timer schedule+cancel loop and a
 * thread start+join loop (platform, and virtual on JDK 21+). Run with and without the agent by
 * {@code scripts/bench/tasks-bench.sh}. With the agent attached, the loops run inside a test scope
 * opened through the agent's runtime, so every timer and thread is really recorded, and at a stack
 * depth like a JUnit test's, since capturing the creation stack is the main cost.
 * Prints one line per workload: {@code <name> ns-per-op <wall median> cpu <cpu median>}.
 * usage: TaskBench [timerOps] [threadOps] [rounds] [stackDepth]; compiled alone, no dependencies.
 */
public final class TaskBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static volatile Object sink;

    private TaskBench() {
    }

    interface Workload {
        void run(int ops) throws Throwable;
    }

    interface Body {
        void run() throws Throwable;
    }

    public static void main(String[] args) throws Throwable {
        int timerOps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threadOps = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int depth = args.length > 3 ? Integer.parseInt(args[3]) : 60;

        Object agent = openTestScope();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        try {
            measure("timer-schedule-cancel", timerOps, rounds, depth, ops -> timers(executor, ops));
            measure("thread-start-join", threadOps, rounds, depth, TaskBench::platformThreads);
            MethodHandle startVirtual = startVirtualThread();
            if (startVirtual != null) {
                measure("virtual-thread-start-join", threadOps * 10, rounds, depth, ops -> virtualThreads(startVirtual, ops));
            }
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
            closeTestScope(agent);
        }
    }

    private static void timers(ScheduledThreadPoolExecutor executor, int ops) {
        Runnable noop = TaskBench::noop;
        for (int i = 0; i < ops; i++) {
            ScheduledFuture<?> future = executor.schedule(noop, 1, TimeUnit.HOURS);
            future.cancel(false);
            sink = future;
        }
    }

    private static void platformThreads(int ops) throws InterruptedException {
        Runnable noop = TaskBench::noop;
        for (int i = 0; i < ops; i++) {
            Thread thread = new Thread(noop);
            thread.start();
            thread.join();
        }
    }

    private static void virtualThreads(MethodHandle startVirtual, int ops) throws Throwable {
        Runnable noop = TaskBench::noop;
        for (int i = 0; i < ops; i++) {
            Thread thread = (Thread) startVirtual.invokeExact(noop);
            thread.join();
        }
    }

    private static void noop() {
    }

    private static void measure(String name, int ops, int rounds, int depth, Workload workload) throws Throwable {
        atDepth(depth, () -> workload.run(Math.max(1, ops / 5))); // warm-up
        long[] wall = new long[rounds];
        long[] cpu = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long cpuStart = CPU.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            atDepth(depth, () -> workload.run(ops));
            wall[round] = (System.nanoTime() - start) / ops;
            cpu[round] = (CPU.getCurrentThreadCpuTime() - cpuStart) / ops;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.println(name + " ns-per-op " + wall[rounds / 2] + " cpu " + cpu[rounds / 2]);
    }

    /** Runs {@code body} below {@code depth} extra frames, as a test method runs below JUnit's. */
    private static void atDepth(int depth, Body body) throws Throwable {
        if (depth <= 0) {
            body.run();
        } else {
            atDepth(depth - 1, body);
        }
    }

    private static MethodHandle startVirtualThread() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            return null; // JDK 17
        }
    }

    /** Opens a test scope when the agent is attached (reflection: the bench compiles without it). */
    private static Object openTestScope() {
        try {
            Class<?> runtime = Class.forName("dev.leakaudit.agent.AgentRuntime");
            Optional<?> current = (Optional<?>) runtime.getMethod("current").invoke(null);
            if (current.isEmpty()) {
                return null;
            }
            Object agent = current.get();
            Method started = runtime.getMethod("testStarted", String.class, String.class, String.class);
            started.invoke(agent, "[bench]", "dev.leakaudit.bench.TaskBench#loops", "loops()");
            return agent;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static void closeTestScope(Object agent) throws ReflectiveOperationException {
        if (agent != null) {
            agent.getClass().getMethod("scopeFinished", String.class, String.class)
                    .invoke(agent, "[bench]", "successful");
        }
    }
}
