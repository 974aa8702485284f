package dev.leakaudit.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

import dev.leakaudit.agent.config.Diagnostics;
import dev.leakaudit.agent.kinds.LeakKind;

/**
 * Installs every advice of the agent (the test runners' hooks, then each kind's) as one plan with
 * one transformer, and retransforms the plan's classes that are already loaded in one pass.
 */
public final class Instrumentations {

    private Instrumentations() {
    }

    /** Returns the log of what was transformed and what failed. */
    public static InstallLog install(Instrumentation instrumentation, List<LeakKind> kinds, AdviceCache cache) {
        long started = System.nanoTime();
        InstallLog log = new InstallLog();
        AdvicePlan plan = new AdvicePlan();
        new JUnitLauncherInstrumentation().addTo(plan);
        new JUnit4Instrumentation().addTo(plan);
        StringBuilder timing = new StringBuilder("runners " + (System.nanoTime() - started) / 1_000_000);
        for (LeakKind kind : kinds) {
            long kindStarted = System.nanoTime();
            try {
                kind.instrument(plan, instrumentation, log);
            } catch (RuntimeException | LinkageError e) {
                log.problem(kind.id() + " advice could not be prepared: " + e);
            }
            timing.append(", ").append(kind.id()).append(' ').append((System.nanoTime() - kindStarted) / 1_000_000);
        }
        long installing = System.nanoTime();
        log.planned(plan.recipe());
        instrumentation.addTransformer(new AdviceTransformer(plan, cache, log, instrumentation), true);
        retransformLoaded(instrumentation, plan, log);
        if (Diagnostics.TIMING) {
            System.err.println("[leak-audit] timing: advice planned in ms: " + timing + "; installed in "
                    + (System.nanoTime() - installing) / 1_000_000 + " ms (" + log.transformedTypes().size()
                    + " classes transformed, " + cache.summary() + ")");
        }
        return log;
    }

    /** The plan's classes loaded before the transformer was added, all in one retransformation (one by one if that fails). */
    private static void retransformLoaded(Instrumentation instrumentation, AdvicePlan plan, InstallLog log) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (!type.isArray() && plan.covers(type.getName()) && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        try {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (Exception | LinkageError e) {
            for (Class<?> type : loaded) {
                try {
                    instrumentation.retransformClasses(type);
                } catch (Exception | LinkageError again) {
                    log.problem(type.getName() + " could not be retransformed: " + again);
                }
            }
        }
    }
}
