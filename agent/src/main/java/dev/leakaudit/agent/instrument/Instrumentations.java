package dev.leakaudit.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.List;

import dev.leakaudit.agent.config.Diagnostics;
import dev.leakaudit.agent.kinds.LeakKind;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Installs every advice of the agent (the test runners' hooks, then each kind's) with one
 * {@code AgentBuilder}, so the JDK's classes are matched and retransformed in one pass rather than
 * one per kind.
 */
public final class Instrumentations {

    private Instrumentations() {
    }

    /** Returns the log of what was transformed and what failed. */
    public static InstallLog install(Instrumentation instrumentation, List<LeakKind> kinds) {
        long started = System.nanoTime();
        InstallLog log = new InstallLog();
        AgentBuilder builder = log.newAgentBuilder();
        builder = new JUnitLauncherInstrumentation().addTo(builder, instrumentation);
        builder = new JUnit4Instrumentation().addTo(builder, instrumentation);
        StringBuilder timing = new StringBuilder("runners " + (System.nanoTime() - started) / 1_000_000);
        for (LeakKind kind : kinds) {
            long kindStarted = System.nanoTime();
            try {
                builder = kind.instrument(builder, instrumentation, log);
            } catch (RuntimeException | LinkageError e) {
                log.problem(kind.id() + " advice could not be prepared: " + e);
            }
            timing.append(", ").append(kind.id()).append(' ').append((System.nanoTime() - kindStarted) / 1_000_000);
        }
        long installing = System.nanoTime();
        builder.installOn(instrumentation);
        if (Diagnostics.TIMING) {
            System.err.println("[leak-audit] timing: advice prepared in ms: " + timing + "; installed in "
                    + (System.nanoTime() - installing) / 1_000_000 + " ms (" + log.transformedTypes().size()
                    + " classes transformed)");
        }
        return log;
    }
}
