package dev.leakaudit.agent.bootstrap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.TimerTask;

/**
 * What advice inlined into {@code Thread}, {@code VirtualThread}, {@code ScheduledThreadPoolExecutor}
 * and {@code java.util.Timer} calls. Loaded by the bootstrap class loader like {@link LeakAuditBridge};
 * nothing thrown here may reach the instrumented method, and no lambdas or locks are used.
 */
public final class TaskBridge {

    /** {@code TimerTask.state} when it cannot be read. */
    public static final int STATE_UNKNOWN = -1;
    /** {@code TimerTask.SCHEDULED} in JDK 17 to 25. */
    public static final int STATE_SCHEDULED = 1;

    private static volatile TaskSink sink;
    private static volatile VarHandle timerTaskState;
    private static volatile boolean timerTaskStateUnavailable;
    private static volatile VarHandle threadTarget;  // Thread.target (JDK 17 to 20) or FieldHolder.task
    private static volatile VarHandle threadHolder;  // Thread.holder (JDK 21+), or null
    private static volatile boolean threadTaskUnavailable;

    private TaskBridge() {
    }

    public static void install(TaskSink newSink) {
        sink = newSink;
    }

    public static void threadStarted(Thread thread) {
        TaskSink current = sink;
        if (current != null && thread != null) {
            try {
                current.threadStarted(thread);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void threadEnded(Thread thread) {
        TaskSink current = sink;
        if (current != null && thread != null) {
            try {
                current.threadEnded(thread);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void scheduled(Object executor, Object future, Object task, long delayNanos, long periodNanos,
                                 String method) {
        TaskSink current = sink;
        if (current != null && future != null) {
            try {
                current.scheduled(executor, future, task, delayNanos, periodNanos, method);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void timerTaskScheduled(Object task, Thread timerThread, long delayMillis, long periodMillis) {
        TaskSink current = sink;
        if (current != null && task != null) {
            try {
                current.timerTaskScheduled(task, timerThread, delayMillis, periodMillis);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    /**
     * The package-private {@code TimerTask.state} (0 virgin, 1 scheduled, 2 executed, 3 cancelled in
     * JDK 17 to 25), or {@link #STATE_UNKNOWN}. Needs {@code java.util} opened to this class's module,
     * which the agent does at start; the task has no public accessor for it.
     */
    public static int timerTaskState(Object task) {
        VarHandle handle = timerTaskState;
        if (handle == null) {
            if (timerTaskStateUnavailable) {
                return STATE_UNKNOWN;
            }
            try {
                handle = MethodHandles.privateLookupIn(TimerTask.class, MethodHandles.lookup())
                        .findVarHandle(TimerTask.class, "state", int.class);
                timerTaskState = handle;
            } catch (ReflectiveOperationException | RuntimeException e) {
                timerTaskStateUnavailable = true;
                return STATE_UNKNOWN;
            }
        }
        if (!(task instanceof TimerTask)) {
            return STATE_UNKNOWN;
        }
        try {
            return (int) handle.getVolatile((TimerTask) task);
        } catch (Throwable e) {
            return STATE_UNKNOWN;
        }
    }

    /**
     * The {@code Runnable} a platform thread was created with ({@code Thread.target} in JDK 17 to
     * 20, {@code Thread.holder.task} from 21), or null: its class says where the thread's code is.
     * Needs {@code java.lang} opened to this class's module, which the agent does at start.
     */
    public static Object threadTask(Thread thread) {
        if (threadTaskUnavailable) {
            return null;
        }
        try {
            VarHandle target = threadTarget;
            if (target == null) {
                findThreadTask();
                target = threadTarget;
            }
            VarHandle holder = threadHolder;
            if (holder == null) {
                return target.get(thread);
            }
            Object fields = holder.get(thread);
            return fields == null ? null : target.get(fields);
        } catch (Throwable e) {
            threadTaskUnavailable = true;
            return null;
        }
    }

    private static void findThreadTask() throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
        try {
            threadTarget = lookup.findVarHandle(Thread.class, "target", Runnable.class);
        } catch (NoSuchFieldException e) {
            Class<?> holderType = Class.forName("java.lang.Thread$FieldHolder");
            threadHolder = lookup.findVarHandle(Thread.class, "holder", holderType);
            threadTarget = lookup.findVarHandle(holderType, "task", Runnable.class);
        }
    }
}
