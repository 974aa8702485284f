package dev.leakaudit.agent.kinds.retention;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.leakaudit.agent.heap.ReferencePaths;

/**
 * The test class's own fixtures: objects a test class (or its superclasses and enclosing classes)
 * holds in a static field, directly ({@code static ServerSocket server} closed in {@code @AfterAll})
 * or through plain fields of the program's own objects ({@code static EchoServer shared} whose
 * {@code ServerSocket} field it closed). A closed connection the test class keeps in a collection,
 * a map or an array is not a fixture: it is retained like anywhere else.
 */
final class TestClassReachability {

    static final int NODE_BUDGET = 10_000;

    private TestClassReachability() {
    }

    /** The subset of {@code targets} held by {@code testClasses}' static fields through plain fields only. */
    static Set<Object> heldBy(List<Class<?>> testClasses, Set<Object> targets) {
        Set<Object> held = Collections.newSetFromMap(new IdentityHashMap<>());
        if (targets.isEmpty()) {
            return held;
        }
        IdentityHashMap<Object, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object> queue = new ArrayDeque<>();
        for (Class<?> root : roots(testClasses)) {
            for (Field field : ReferencePaths.staticReferenceFields(root)) {
                enqueue(queue, visited, ReferencePaths.read(field, null));
            }
        }
        int budget = NODE_BUDGET;
        while (!queue.isEmpty() && budget-- > 0 && held.size() < targets.size()) {
            Object next = queue.poll();
            if (targets.contains(next)) {
                held.add(next);
            }
            Class<?> type = next.getClass();
            if (type.isArray() || ReferencePaths.isJdk(type)) {
                continue; // collections, maps, arrays and other JDK objects: not a fixture's own fields
            }
            for (Field field : ReferencePaths.instanceFields(type)) {
                enqueue(queue, visited, ReferencePaths.read(field, next));
            }
        }
        return held;
    }

    private static void enqueue(ArrayDeque<Object> queue, IdentityHashMap<Object, Boolean> visited, Object value) {
        if (value != null && !(value instanceof Class) && !(value instanceof ClassLoader)
                && visited.put(value, Boolean.TRUE) == null) {
            queue.add(value);
        }
    }

    /** The test classes with their superclasses and enclosing classes. */
    static List<Class<?>> roots(List<Class<?>> testClasses) {
        List<Class<?>> roots = new ArrayList<>();
        for (Class<?> testClass : testClasses) {
            for (Class<?> outer = testClass; outer != null; outer = outer.getEnclosingClass()) {
                for (Class<?> type = outer; type != null && !ReferencePaths.isJdk(type); type = type.getSuperclass()) {
                    if (!roots.contains(type)) {
                        roots.add(type);
                    }
                }
            }
        }
        return roots;
    }
}
