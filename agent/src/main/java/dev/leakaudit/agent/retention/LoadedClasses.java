package dev.leakaudit.agent.retention;

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

    private static volatile Instrumentation instrumentation;
    private static volatile Object unsafe;
    private static volatile Method shouldBeInitialized;

    private LoadedClasses() {
    }

    /** Called once at start-up; without it (or without the JDK's initialisation check) only test classes are roots. */
    public static void use(Instrumentation newInstrumentation) {
        try {
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            Object theUnsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            Method check = unsafeClass.getMethod("shouldBeInitialized", Class.class);
            check.invoke(theUnsafe, LoadedClasses.class); // fails here when jdk.internal.misc is not open to us
            unsafe = theUnsafe;
            shouldBeInitialized = check;
            instrumentation = newInstrumentation;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            instrumentation = null;
        }
    }

    /** Initialised classes of the program, in no particular order; empty when that cannot be told. */
    static List<Class<?>> initializedProgramClasses() {
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

    static boolean isProgram(String className) {
        for (String prefix : NOT_THE_PROGRAM) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
