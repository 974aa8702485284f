package dev.leakaudit.agent.heap;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The program's classes whose static fields can hold a retained object: every loaded class outside
 * the JDK, the agent, Byte Buddy and the test runners that is already initialised. A class not
 * initialised yet is skipped, never initialised by us (reading a static field would run its
 * static initialiser), and its statics could hold nothing anyway.
 */
public final class LoadedClasses {

    private static final String[] NOT_THE_PROGRAM = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.leakaudit.agent.", "net.bytebuddy.",
        "org.junit.", "junit.", "org.opentest4j.", "org.apiguardian.", "org.apache.maven.surefire.",
        "org.apache.maven.plugin.surefire.", "org.gradle.", "worker.org.gradle.", "com.intellij.rt.",
        "org.eclipse.jdt.internal.junit"};

    private static volatile Instrumentation pending; // given at start-up, looked up at first need
    private static volatile Instrumentation instrumentation;
    private static volatile Object unsafe;
    private static volatile Method shouldBeInitialized;
    private static volatile Method getReference;
    /** Offsets of what a platform thread runs: Thread.target (JDK 17), or Thread.holder and FieldHolder.task (21+). */
    private static volatile long targetOffset = -1;
    private static volatile long holderOffset = -1;
    private static volatile long taskOffset = -1;
    /** Offset of ThreadPoolExecutor$Worker.this$0: the executor a pool worker works for. */
    private static volatile long workerExecutorOffset = -1;

    private LoadedClasses() {
    }

    /**
     * Called once at start-up; without it (or without the JDK's initialisation check) only test
     * classes are roots. The JDK's internals are looked up at first need, not in every JVM's start
     * (reflective calls cost about 9 ms there on JDK 25).
     */
    public static void use(Instrumentation newInstrumentation) {
        pending = newInstrumentation;
    }

    private static void ready() {
        if (pending == null) {
            return;
        }
        synchronized (LoadedClasses.class) {
            Instrumentation newInstrumentation = pending;
            if (newInstrumentation != null) {
                lookUp(newInstrumentation);
                pending = null;
            }
        }
    }

    private static void lookUp(Instrumentation newInstrumentation) {
        try {
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            Object theUnsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            Method check = unsafeClass.getMethod("shouldBeInitialized", Class.class);
            check.invoke(theUnsafe, LoadedClasses.class); // fails here when jdk.internal.misc is not open to us
            unsafe = theUnsafe;
            shouldBeInitialized = check;
            instrumentation = newInstrumentation;
            findThreadTaskOffsets(unsafeClass, theUnsafe);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            instrumentation = null;
        }
    }

    /** Where a thread keeps its Runnable, read through the JDK's Unsafe, so java.lang need not be opened. */
    private static void findThreadTaskOffsets(Class<?> unsafeClass, Object theUnsafe) {
        try {
            Method offset = unsafeClass.getMethod("objectFieldOffset", Class.class, String.class);
            getReference = unsafeClass.getMethod("getReference", Object.class, long.class);
            try {
                targetOffset = (Long) offset.invoke(theUnsafe, Thread.class, "target");
            } catch (ReflectiveOperationException | RuntimeException e) {
                holderOffset = (Long) offset.invoke(theUnsafe, Thread.class, "holder");
                taskOffset = (Long) offset.invoke(theUnsafe, Class.forName("java.lang.Thread$FieldHolder"), "task");
            }
            try {
                workerExecutorOffset = (Long) offset.invoke(theUnsafe,
                        Class.forName("java.util.concurrent.ThreadPoolExecutor$Worker"), "this$0");
            } catch (ReflectiveOperationException | RuntimeException e) {
                workerExecutorOffset = -1; // pool workers are then told by their own reachability only
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            targetOffset = -1;
            holderOffset = -1;
        }
    }

    /** The Runnable a platform thread was started with, or null. */
    public static Object taskOf(Thread thread) {
        ready();
        try {
            if (targetOffset >= 0) {
                return getReference.invoke(unsafe, thread, targetOffset);
            }
            if (holderOffset >= 0 && taskOffset >= 0) {
                Object holder = getReference.invoke(unsafe, thread, holderOffset);
                return holder == null ? null : getReference.invoke(unsafe, holder, taskOffset);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not readable on this JDK: the thread is a root without its task
        }
        return null;
    }

    /**
     * The pool a worker thread works for: a ThreadPoolExecutor's (through its Worker, the thread's
     * task) or a ForkJoinPool's; null for any other thread.
     */
    public static Object poolOf(Thread thread) {
        ready();
        if (thread instanceof java.util.concurrent.ForkJoinWorkerThread) {
            return ((java.util.concurrent.ForkJoinWorkerThread) thread).getPool();
        }
        Object task = taskOf(thread);
        if (task == null || workerExecutorOffset < 0
                || !task.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
            return null;
        }
        try {
            return getReference.invoke(unsafe, task, workerExecutorOffset);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The live platform threads (a thread's task and fields hold what it works on). */
    public static List<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root != null && root.getParent() != null) {
            root = root.getParent();
        }
        if (root == null) {
            return List.of();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        List<Thread> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(threads[i]);
        }
        return result;
    }

    /** Initialised classes of the program, in no particular order; empty when that cannot be told. */
    public static List<Class<?>> initializedProgramClasses() {
        ready();
        Instrumentation current = instrumentation;
        List<Class<?>> result = new ArrayList<>();
        if (current == null) {
            return result;
        }
        for (Class<?> type : current.getAllLoadedClasses()) {
            try {
                if (type.isArray() || type.isPrimitive() || type.isHidden() || !isProgram(type.getName())
                        || (Boolean) shouldBeInitialized.invoke(unsafe, type)) {
                    continue;
                }
                result.add(type);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // a class that cannot be asked is not a root
            }
        }
        return result;
    }

    public static boolean isProgram(String className) {
        for (String prefix : NOT_THE_PROGRAM) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
