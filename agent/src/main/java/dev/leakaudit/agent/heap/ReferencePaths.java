package dev.leakaudit.agent.heap;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * LeakCanary's reference path for objects retained after close: the chain of references from a
 * static field to the object, e.g. {@code EchoTest.CONNECTIONS -> ConcurrentHashMap -> Conn.socket}.
 * Breadth first, so the path is a shortest one, from the static fields of the given classes (test
 * classes first, then every initialised class of the program) and from the live platform threads
 * (the Runnable each runs, and the fields of the program's own Thread subclasses).
 *
 * <p>Bounded (a node budget), reflective and read-only: fields of the program's classes are read
 * where {@code trySetAccessible} allows, JDK collections, maps, arrays, {@code AtomicReference} and
 * {@code Optional} are only iterated, other JDK objects are not looked into, no user method is
 * called and no class is initialised. What is held only from a thread's stack (a local variable), a
 * thread-local or a JDK object gets no path.
 */
public final class ReferencePaths {

    static final int NODE_BUDGET = 200_000;

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private ReferencePaths() {
    }

    /** How an object was reached: from which object (null for a static field) and by which step. */
    private static final class Step {
        final Object from;
        final String label;
        /** For a step from a static field: the class that declares it; otherwise null. */
        public final Class<?> holder;

        Step(Object from, String label, Class<?> holder) {
            this.from = from;
            this.label = label;
            this.holder = holder;
        }
    }

    /**
     * A path to an object; when it starts at a static field, the class declaring that field; and the
     * program's classes of the objects it passes through (the holder's collaborators, e.g. a client
     * and its connection pool).
     */
    public static final class Held {
        public final List<String> path;
        public final Class<?> holder;
        public final List<Class<?>> through;

        Held(List<String> path, Class<?> holder, List<Class<?>> through) {
            this.path = path;
            this.holder = holder;
            this.through = through;
        }
    }

    /**
     * A path for each of {@code targets} reachable from the roots' static fields or from a live
     * thread (what it runs, and its own fields when it is the program's subclass of Thread); the
     * others are absent.
     */
    public static Map<Object, List<String>> find(List<Class<?>> roots, List<Thread> threads, Set<Object> targets) {
        return find(roots, threads, targets, NODE_BUDGET, Long.MAX_VALUE);
    }

    /**
     * As {@link #find(List, List, Set)}, within {@code budget} objects and about {@code maxNanos};
     * a thread among the targets is found too.
     */
    public static Map<Object, List<String>> find(List<Class<?>> roots, List<Thread> threads, Set<Object> targets, int budget,
                                          long maxNanos) {
        Map<Object, List<String>> paths = new IdentityHashMap<>();
        findHeld(roots, threads, targets, budget, maxNanos).forEach((target, held) -> paths.put(target, held.path));
        return paths;
    }

    /** As {@link #find(List, List, Set, int, long)}, each path with the class whose static field it starts at. */
    public static Map<Object, Held> findHeld(List<Class<?>> roots, List<Thread> threads, Set<Object> targets, int budget,
                                      long maxNanos) {
        long started = System.nanoTime();
        Map<Object, Held> paths = new IdentityHashMap<>();
        if (targets.isEmpty()) {
            return paths;
        }
        IdentityHashMap<Object, Step> reached = new IdentityHashMap<>();
        ArrayDeque<Object> queue = new ArrayDeque<>();
        Set<Class<?>> seenRoots = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Class<?> root : roots) {
            if (seenRoots.add(root)) {
                for (Field field : staticReferenceFields(root)) {
                    enqueue(queue, reached, read(field, null), null, name(root) + '.' + field.getName(), root);
                }
            }
        }
        for (Thread thread : threads) {
            String label = "thread \"" + thread.getName() + '"';
            enqueue(queue, reached, LoadedClasses.taskOf(thread), null, label + " -> Thread.target");
            if (!isJdk(thread.getClass())) {
                for (Field field : instanceFields(thread.getClass())) {
                    enqueue(queue, reached, read(field, thread), null,
                            label + " -> " + name(field.getDeclaringClass()) + '.' + field.getName());
                }
            }
        }
        while (!queue.isEmpty() && budget-- > 0 && paths.size() < targets.size()) {
            if ((budget & 4095) == 0 && System.nanoTime() - started > maxNanos) {
                break;
            }
            Object next = queue.poll();
            if (targets.contains(next)) {
                paths.put(next, new Held(pathTo(next, reached), holderOf(next, reached), through(next, reached)));
            }
            if (!(next instanceof Thread)) { // a thread is only ever a target: what it holds is its own
                children(next, queue, reached);
            }
        }
        return paths;
    }

    /** The first object {@code wanted} accepts among those {@code start} reaches within {@code budget}, or null. */
    public static Object firstReached(Object start, Predicate<Object> wanted, int budget) {
        IdentityHashMap<Object, Step> reached = new IdentityHashMap<>();
        ArrayDeque<Object> queue = new ArrayDeque<>();
        enqueue(queue, reached, start, null, "");
        while (!queue.isEmpty() && budget-- > 0) {
            Object next = queue.poll();
            if (wanted.test(next)) {
                return next;
            }
            if (!(next instanceof Thread)) {
                children(next, queue, reached);
            }
        }
        return null;
    }

    /** The class whose static field the path to {@code target} starts at, or null (a thread's). */
    private static Class<?> holderOf(Object target, IdentityHashMap<Object, Step> reached) {
        Step step = reached.get(target);
        while (step != null && step.from != null) {
            step = reached.get(step.from);
        }
        return step == null ? null : step.holder;
    }

    /** The program's classes of the objects between the static field and {@code target}. */
    private static List<Class<?>> through(Object target, IdentityHashMap<Object, Step> reached) {
        List<Class<?>> classes = new ArrayList<>();
        for (Step step = reached.get(target); step != null && step.from != null; step = reached.get(step.from)) {
            Class<?> type = step.from.getClass();
            if (!isJdk(type) && !type.isArray() && !classes.contains(type)) {
                classes.add(type);
            }
        }
        return classes;
    }

    private static List<String> pathTo(Object target, IdentityHashMap<Object, Step> reached) {
        List<String> reversed = new ArrayList<>();
        for (Step step = reached.get(target); step != null; step = step.from == null ? null : reached.get(step.from)) {
            reversed.add(step.label);
        }
        List<String> path = new ArrayList<>(reversed.size() + 1);
        for (int i = reversed.size() - 1; i >= 0; i--) {
            for (String part : reversed.get(i).split(" -> ")) { // a thread root is two steps
                path.add(part);
            }
        }
        return path;
    }

    private static void children(Object object, ArrayDeque<Object> queue, IdentityHashMap<Object, Step> reached) {
        Class<?> type = object.getClass();
        try {
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    String label = name(type.getComponentType()) + "[]";
                    for (Object element : (Object[]) object) {
                        enqueue(queue, reached, element, object, label);
                    }
                }
            } else if (isJdk(type)) {
                String label = type.getSimpleName().isEmpty() ? name(type) : type.getSimpleName();
                if (object instanceof WeakHashMap) {
                    return; // iterating it expunges stale entries: a write to the program's map, without its lock
                }
                if (object instanceof Map) {
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) object).entrySet()) {
                        enqueue(queue, reached, entry.getKey(), object, label);
                        enqueue(queue, reached, entry.getValue(), object, label);
                    }
                } else if (object instanceof Collection) {
                    for (Object element : (Collection<?>) object) {
                        enqueue(queue, reached, element, object, label);
                    }
                } else if (object instanceof AtomicReference) {
                    enqueue(queue, reached, ((AtomicReference<?>) object).get(), object, label);
                } else if (object instanceof Optional) {
                    enqueue(queue, reached, ((Optional<?>) object).orElse(null), object, label);
                }
                // other JDK objects (threads, sockets, strings) are not looked into
            } else {
                for (Field field : instanceFields(type)) {
                    enqueue(queue, reached, read(field, object), object,
                            name(field.getDeclaringClass()) + '.' + field.getName());
                }
            }
        } catch (RuntimeException | LinkageError concurrentlyModifiedOrInaccessible) {
            // a collection changed under the walk, or a field cannot be read: walk on
        }
    }

    private static void enqueue(ArrayDeque<Object> queue, IdentityHashMap<Object, Step> reached, Object value,
                                Object from, String label) {
        enqueue(queue, reached, value, from, label, null);
    }

    private static void enqueue(ArrayDeque<Object> queue, IdentityHashMap<Object, Step> reached, Object value,
                                Object from, String label, Class<?> holder) {
        if (value != null && !(value instanceof Class) && !(value instanceof ClassLoader)
                && !reached.containsKey(value)) {
            reached.put(value, new Step(from, label, holder));
            queue.add(value);
        }
    }

    /** A class's static fields that can hold an object; none when its fields cannot be listed. */
    public static List<Field> staticReferenceFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        try {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                    fields.add(field);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // a class whose field types cannot be resolved holds nothing we can read
        }
        return fields;
    }

    public static List<Field> instanceFields(Class<?> type) {
        List<Field> cached = FIELDS.get(type);
        if (cached != null) {
            return cached;
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> current = type; current != null && !isJdk(current); current = current.getSuperclass()) {
            for (Field field : current.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()
                        && field.trySetAccessible()) {
                    fields.add(field);
                }
            }
        }
        FIELDS.putIfAbsent(type, fields);
        return fields;
    }

    public static Object read(Field field, Object target) {
        try {
            if (!field.trySetAccessible()) {
                return null;
            }
            return field.get(target);
        } catch (IllegalAccessException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The class name without its package ({@code EchoTest}, {@code RetentionScenarios$Conn}). */
    public static String name(Class<?> type) {
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    public static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }
}
