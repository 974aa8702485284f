package dev.leakaudit.agent.ledger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import dev.leakaudit.agent.bootstrap.AgentThreadState;

/** Name, id and kind of the thread that did something; ids, not Thread objects, are kept. */
public final class ThreadInfo {

    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private final String name;
    private final long id;
    private final boolean virtual;

    private ThreadInfo(String name, long id, boolean virtual) {
        this.name = name;
        this.id = id;
        this.virtual = virtual;
    }

    /** The current thread's; reused from its {@link AgentThreadState} while the thread keeps its name. */
    public static ThreadInfo current() {
        return current(AgentThreadState.current());
    }

    /** The current thread's, {@code state} being its {@link AgentThreadState}. */
    @SuppressWarnings("deprecation") // Thread.threadId() arrived in 19; this runs on 17 too
    public static ThreadInfo current(AgentThreadState state) {
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        Object cached = state.threadInfo;
        if (cached instanceof ThreadInfo && ((ThreadInfo) cached).name == name) {
            return (ThreadInfo) cached;
        }
        ThreadInfo info = new ThreadInfo(name, thread.getId(), isVirtual(thread));
        state.threadInfo = info;
        return info;
    }

    /** Whether {@code thread} is a virtual thread (always false before JDK 21). */
    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null; // before JDK 21
        }
    }

    public String name() {
        return name;
    }

    public long id() {
        return id;
    }

    public boolean isVirtual() {
        return virtual;
    }
}
