package dev.leakaudit.agent.junit;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.leakaudit.agent.config.AgentJar;

/**
 * Registers {@link LeakAuditTestListener} with a JUnit Platform launcher as it is constructed. When
 * the agent's own loader (the system class loader) sees the same JUnit, the listener is loaded
 * there; otherwise (JUnit in a child loader: Surefire with {@code forkCount=0} or
 * {@code useSystemClassLoader=false}, IDE and Gradle runners) its class is defined in the
 * launcher's loader, once per JUnit copy. A failure prints one line and the tests run on, with
 * findings attributed to the run.
 */
public final class ListenerRegistration {

    static final String LISTENER = "dev.leakaudit.agent.junit.LeakAuditTestListener";
    private static final String LISTENER_TYPE = "org.junit.platform.launcher.TestExecutionListener";
    private static final String LAUNCHER_TYPE = "org.junit.platform.launcher.Launcher";
    private static final String LAUNCHER_FACTORY = "org.junit.platform.launcher.core.LauncherFactory";

    private final Instrumentation instrumentation;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicBoolean registeredOnce = new AtomicBoolean();
    /** Keyed by JUnit's listener interface, so the cache lives and dies with that copy of JUnit. */
    private final ClassValue<Class<?>> listenerClasses = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> listenerType) {
            return listenerClassFor(listenerType);
        }
    };

    public ListenerRegistration(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    public void register(Object launcher) {
        ClassLoader loader = launcher.getClass().getClassLoader();
        try {
            Class<?> listenerType = Class.forName(LISTENER_TYPE, false, loader);
            Class<?> launcherType = Class.forName(LAUNCHER_TYPE, false, loader);
            Object listener = listenerClasses.get(listenerType).getConstructor().newInstance();
            Object listeners = Array.newInstance(listenerType, 1);
            Array.set(listeners, 0, listener);
            launcherType.getMethod("registerTestExecutionListeners", listeners.getClass()).invoke(launcher, listeners);
            registeredOnce.set(true);
        } catch (Throwable e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            if (warned.compareAndSet(false, true)) {
                System.err.println("[leak-audit] could not register the JUnit listener with the launcher in "
                        + loader + " (" + cause + "); the tests run on, and what they leave is reported per run,"
                        + " not per test.");
            }
        }
    }

    /**
     * At exit: one line when the JUnit Platform's launcher was loaded in this JVM but no launcher ever
     * got the listener (a launcher this agent does not know how to hook), so per-test attribution was
     * off; null otherwise. Never silently off.
     */
    public String unregisteredLauncher(Instrumentation instrumentation) {
        if (registeredOnce.get() || warned.get() || instrumentation == null) {
            return null; // registered, or the failure was already reported
        }
        try {
            for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
                if (LAUNCHER_FACTORY.equals(loaded.getName())) {
                    return "[leak-audit] the JUnit Platform was loaded (" + loaded.getClassLoader() + ") but no "
                            + "launcher got the agent's listener, so findings are per run, not per test.";
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        return null;
    }

    /** True once a launcher got the listener. */
    public boolean registeredOnce() {
        return registeredOnce.get();
    }

    private Class<?> listenerClassFor(Class<?> listenerType) {
        ClassLoader own = ListenerRegistration.class.getClassLoader();
        try {
            if (Class.forName(LISTENER_TYPE, false, own) == listenerType) {
                return Class.forName(LISTENER, true, own);
            }
        } catch (ClassNotFoundException | LinkageError notVisibleToTheAgent) {
            // JUnit lives only in a child loader: define the listener there
        }
        ClassLoader target = listenerType.getClassLoader();
        try {
            return define(target, bytesOfListener());
        } catch (LinkageError alreadyDefined) { // a concurrent first launcher in the same loader won
            try {
                return Class.forName(LISTENER, true, target);
            } catch (ClassNotFoundException e) {
                throw alreadyDefined;
            }
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot define the listener in " + target + ": " + e, e);
        }
    }

    /** jdk.internal.misc.Unsafe.defineClass, as for the bootstrap classes: no warning on any JDK. */
    private Class<?> define(ClassLoader target, byte[] bytes) throws ReflectiveOperationException {
        Module javaBase = Object.class.getModule();
        Module agent = ListenerRegistration.class.getModule();
        if (!javaBase.isExported("jdk.internal.misc", agent)) {
            instrumentation.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(agent)), Map.of(),
                    Set.of(), Map.of());
        }
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, java.security.ProtectionDomain.class);
        try {
            return (Class<?>) define.invoke(unsafe, LISTENER, bytes, 0, bytes.length, target,
                    ListenerRegistration.class.getProtectionDomain());
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof LinkageError) {
                throw (LinkageError) e.getCause();
            }
            throw e;
        }
    }

    private static byte[] bytesOfListener() throws IOException {
        return AgentJar.read(LISTENER.replace('.', '/') + ".class");
    }
}
