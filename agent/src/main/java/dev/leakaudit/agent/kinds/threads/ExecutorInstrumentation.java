package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.instrument.AdvicePlan;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import dev.leakaudit.agent.instrument.JdkClasses;

/**
 * {@code ThreadPoolExecutor}'s constructions, shutdowns and its workers' exits (JDK 17 to 25): a
 * worker belongs to the code that made its pool, and workers of an executor shut down only by its
 * finalizer or cleaner are still known as leaked.
 */
public final class ExecutorInstrumentation {

    public void addTo(AdvicePlan plan) {
        JdkClasses.preload(java.util.List.of("java.util.concurrent.ThreadPoolExecutor"));
        plan.type("java.util.concurrent.ThreadPoolExecutor")
                .advice(() -> isConstructor(), PoolCreatedAdvice.class.getName())
                .advice(() -> named("shutdown").and(takesArguments(0))
                        .or(named("shutdownNow").and(takesArguments(0))), PoolShutdownAdvice.class.getName())
                .advice(() -> named("runWorker").and(takesArguments(1)), PoolWorkerExitAdvice.class.getName());
    }
}
