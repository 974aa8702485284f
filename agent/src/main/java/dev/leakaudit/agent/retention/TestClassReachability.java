package dev.leakaudit.agent.retention;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The test class's own fixtures: objects that are the value of a static field of a test class (or
 * of its superclasses and enclosing classes), such as {@code static ServerSocket server} closed in
 * {@code @AfterAll}. Only the field's value itself counts: a closed connection the test class keeps
 * in a collection or a record is retained like anywhere else.
 */
final class TestClassReachability {

    private TestClassReachability() {
    }

    /** The subset of {@code targets} that are the value of a static field of {@code testClasses}. */
    static Set<Object> heldBy(List<Class<?>> testClasses, Set<Object> targets) {
        Set<Object> held = Collections.newSetFromMap(new IdentityHashMap<>());
        if (targets.isEmpty()) {
            return held;
        }
        for (Class<?> root : roots(testClasses)) {
            Field[] fields;
            try {
                fields = root.getDeclaredFields();
            } catch (RuntimeException | LinkageError e) {
                continue;
            }
            for (Field field : fields) {
                if (Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                    Object value = ReferencePaths.read(field, null);
                    if (value != null && targets.contains(value)) {
                        held.add(value);
                    }
                }
            }
        }
        return held;
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
