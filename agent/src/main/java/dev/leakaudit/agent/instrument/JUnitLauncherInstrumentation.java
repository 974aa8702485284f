package dev.leakaudit.agent.instrument;

import dev.leakaudit.agent.bootstrap.TestEventBridge;

import static dev.leakaudit.agent.instrument.MethodMatch.constructor;


/**
 * Hooks the construction of every JUnit Platform launcher, in any class loader: Surefire's isolated
 * loader, Maven's own JVM with {@code forkCount=0}, IDE and Gradle runners. A service file would
 * make the system class loader define the listener, which fails wherever JUnit lives in a child
 * loader; this way the listener is registered where the launcher is.
 */
public final class JUnitLauncherInstrumentation {

    /** The launcher implementation of JUnit Platform 1.x and 6.x (every launcher factory builds one). */
    public static final String DEFAULT_LAUNCHER = "org.junit.platform.launcher.core.DefaultLauncher";

    public void addTo(AdvicePlan plan) {
        plan.type(DEFAULT_LAUNCHER)
                .reading(TestEventBridge.class.getModule())
                .advice(constructor(), "dev.leakaudit.agent.instrument.LauncherCreatedAdvice");
    }
}
