package dev.leakaudit.agent.kinds.bytebufs;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Reads a Netty buffer without the agent depending on Netty: its reference count, capacity,
 * whether it is direct and its allocator, through method handles found once per class on the
 * public {@code ByteBuf} it extends (so a shaded copy of Netty works the same). Every read returns
 * a neutral value (-1, false, null) rather than throw: the program's buffers must never fail
 * because the agent looked at them.
 */
final class NettyBuffers {

    /** The public API class every buffer extends, by the end of its name (shaded copies keep it). */
    static final String BYTE_BUF = "netty.buffer.ByteBuf";
    static final String RESOURCE_LEAK_HINT = "netty.util.ResourceLeakHint";

    private static final MethodType TO_INT = MethodType.methodType(int.class, Object.class);
    private static final MethodType TO_BOOLEAN = MethodType.methodType(boolean.class, Object.class);
    private static final MethodType TO_OBJECT = MethodType.methodType(Object.class, Object.class);
    private static final MethodType TO_STRING = MethodType.methodType(String.class, Object.class);

    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return Accessors.of(type);
        }
    };

    private static final ClassValue<MethodHandle> HINTS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            Class<?> hint = publicSupertype(type, RESOURCE_LEAK_HINT);
            return hint == null ? null : handle(hint, "toHintString", TO_STRING);
        }
    };

    private NettyBuffers() {
    }

    /** Its reference count, or -1 when it cannot be read. */
    static int refCnt(Object buffer) {
        MethodHandle handle = ACCESSORS.get(buffer.getClass()).refCnt;
        try {
            return handle == null ? -1 : (int) handle.invokeExact(buffer);
        } catch (Throwable e) {
            return -1;
        }
    }

    static int capacity(Object buffer) {
        MethodHandle handle = ACCESSORS.get(buffer.getClass()).capacity;
        try {
            return handle == null ? -1 : (int) handle.invokeExact(buffer);
        } catch (Throwable e) {
            return -1;
        }
    }

    static boolean isDirect(Object buffer) {
        MethodHandle handle = ACCESSORS.get(buffer.getClass()).isDirect;
        try {
            return handle != null && (boolean) handle.invokeExact(buffer);
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * The buffer itself: a wrapper of Netty's own leak detector (one buffer in 128 by default, every
     * one at {@code paranoid}) releases and retains the buffer it wraps, so that is the one tracked.
     */
    static Object unwrapLeakAware(Object buffer) {
        if (!buffer.getClass().getName().contains("LeakAware")) {
            return buffer;
        }
        MethodHandle handle = ACCESSORS.get(buffer.getClass()).unwrap;
        try {
            Object wrapped = handle == null ? null : (Object) handle.invokeExact(buffer);
            return wrapped == null ? buffer : wrapped;
        } catch (Throwable e) {
            return buffer;
        }
    }

    /** The shared empty buffer: its count is always one and release never frees it. */
    static boolean isEmptyBuffer(Object buffer) {
        return buffer.getClass().getName().endsWith("netty.buffer.EmptyByteBuf");
    }

    /** The class name of the allocator that made it, or null. */
    static String allocatorOf(Object buffer) {
        MethodHandle handle = ACCESSORS.get(buffer.getClass()).alloc;
        try {
            Object allocator = handle == null ? null : (Object) handle.invokeExact(buffer);
            return allocator == null ? null : allocator.getClass().getName();
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * What a hint passed to {@code touch(hint)} says: a pipeline's context says which handler takes
     * the message from there ({@code ResourceLeakHint}); a string is the program's own words.
     */
    static String hintText(Object hint) {
        if (hint == null) {
            return null;
        }
        if (hint instanceof CharSequence) {
            return hint.toString();
        }
        MethodHandle handle = HINTS.get(hint.getClass());
        try {
            return handle == null ? hint.getClass().getSimpleName() : (String) handle.invokeExact(hint);
        } catch (Throwable e) {
            return hint.getClass().getSimpleName();
        }
    }

    /** The handles of one buffer class, looked up on its public {@code ByteBuf}. */
    private static final class Accessors {
        final MethodHandle refCnt;
        final MethodHandle capacity;
        final MethodHandle isDirect;
        final MethodHandle alloc;
        final MethodHandle unwrap;

        private Accessors(Class<?> api) {
            refCnt = handle(api, "refCnt", TO_INT);
            capacity = handle(api, "capacity", TO_INT);
            isDirect = handle(api, "isDirect", TO_BOOLEAN);
            alloc = handle(api, "alloc", TO_OBJECT);
            unwrap = handle(api, "unwrap", TO_OBJECT);
        }

        static Accessors of(Class<?> type) {
            return new Accessors(publicSupertype(type, BYTE_BUF));
        }
    }

    /** The class or interface above {@code type} whose name ends with {@code suffix}, or null. */
    static Class<?> publicSupertype(Class<?> type, String suffix) {
        for (Class<?> at = type; at != null; at = at.getSuperclass()) {
            if (at.getName().endsWith(suffix)) {
                return at;
            }
            for (Class<?> implemented : at.getInterfaces()) {
                Class<?> found = publicSupertype(implemented, suffix);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static MethodHandle handle(Class<?> api, String name, MethodType type) {
        if (api == null) {
            return null;
        }
        try {
            Method method = api.getMethod(name);
            return MethodHandles.publicLookup().unreflect(method).asType(type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
