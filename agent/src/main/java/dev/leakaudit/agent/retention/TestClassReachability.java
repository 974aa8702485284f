package dev.leakaudit.agent.retention;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds which of some objects a test class itself still holds: through its static fields (and
 * those of its superclasses and enclosing classes), directly or through the objects, arrays and
 * JDK collections they refer to. Such objects are the test's own fixtures (a server kept in a
 * static field and closed in {@code @AfterAll}), not something the code under test forgot.
 *
 * <p>Bounded (a node budget), reflective and read-only: fields of user classes are read where
 * {@code trySetAccessible} allows, JDK collections are only iterated, no user method is called,
 * and no module is opened.
 */
final class TestClassReachability {

    static final int NODE_BUDGET = 100_000;

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private TestClassReachability() {
    }

    /** The subset of {@code targets} reachable from the static state of {@code testClasses}. */
    static Set<Object> heldBy(List<Class<?>> testClasses, Set<Object> targets) {
        Set<Object> held = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        if (targets.isEmpty() || testClasses.isEmpty()) {
            return held;
        }
        IdentityHashMap<Object, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object> queue = new ArrayDeque<>();
        for (Class<?> root : roots(testClasses)) {
            for (Field field : root.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                    enqueue(queue, visited, read(field, null));
                }
            }
        }
        int budget = NODE_BUDGET;
        while (!queue.isEmpty() && budget-- > 0 && held.size() < targets.size()) {
            Object next = queue.poll();
            if (targets.contains(next)) {
                held.add(next);
            }
            children(next, queue, visited);
        }
        return held;
    }

    private static List<Class<?>> roots(List<Class<?>> testClasses) {
        List<Class<?>> roots = new ArrayList<>();
        for (Class<?> testClass : testClasses) {
            for (Class<?> outer = testClass; outer != null; outer = outer.getEnclosingClass()) {
                for (Class<?> type = outer; type != null && !isJdk(type); type = type.getSuperclass()) {
                    if (!roots.contains(type)) {
                        roots.add(type);
                    }
                }
            }
        }
        return roots;
    }

    private static void children(Object object, ArrayDeque<Object> queue, IdentityHashMap<Object, Boolean> visited) {
        Class<?> type = object.getClass();
        try {
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (Object element : (Object[]) object) {
                        enqueue(queue, visited, element);
                    }
                }
            } else if (isJdk(type)) {
                if (object instanceof Map) {
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) object).entrySet()) {
                        enqueue(queue, visited, entry.getKey());
                        enqueue(queue, visited, entry.getValue());
                    }
                } else if (object instanceof Collection) {
                    for (Object element : (Collection<?>) object) {
                        enqueue(queue, visited, element);
                    }
                } else if (object instanceof AtomicReference) {
                    enqueue(queue, visited, ((AtomicReference<?>) object).get());
                } else if (object instanceof Optional) {
                    enqueue(queue, visited, ((Optional<?>) object).orElse(null));
                }
                // other JDK objects (threads, sockets, strings) are not looked into
            } else {
                for (Field field : instanceFields(type)) {
                    enqueue(queue, visited, read(field, object));
                }
            }
        } catch (RuntimeException | LinkageError concurrentlyModifiedOrInaccessible) {
            // a collection changed under the walk, or a field cannot be read: walk on
        }
    }

    private static void enqueue(ArrayDeque<Object> queue, IdentityHashMap<Object, Boolean> visited, Object value) {
        if (value != null && !(value instanceof Class) && !(value instanceof ClassLoader)
                && visited.put(value, Boolean.TRUE) == null) {
            queue.add(value);
        }
    }

    private static List<Field> instanceFields(Class<?> type) {
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

    private static Object read(Field field, Object target) {
        try {
            if (!field.trySetAccessible()) {
                return null;
            }
            return field.get(target);
        } catch (IllegalAccessException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }
}
