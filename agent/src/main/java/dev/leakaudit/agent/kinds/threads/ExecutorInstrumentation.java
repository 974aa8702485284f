package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.instrument.AdvicePlan;

import dev.leakaudit.agent.instrument.JdkClasses;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.constructor;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;

/**
 * {@code ThreadPoolExecutor}'s constructions, shutdowns and its workers' exits (JDK 17 to 25): a
 * worker belongs to the code that made its pool, and workers of an executor shut down only by its
 * finalizer or cleaner are still known as leaked.
 */
public final class ExecutorInstrumentation {

    public void addTo(AdvicePlan plan) {
        JdkClasses.preload(java.util.List.of("java.util.concurrent.ThreadPoolExecutor"));
        plan.type("java.util.concurrent.ThreadPoolExecutor")
                .advice(constructor(), "dev.leakaudit.agent.kinds.threads.PoolCreatedAdvice")
                .advice(named("shutdown").and(arguments(0))
                        .or(named("shutdownNow").and(arguments(0))), "dev.leakaudit.agent.kinds.threads.PoolShutdownAdvice")
                .advice(named("runWorker").and(arguments(1)), "dev.leakaudit.agent.kinds.threads.PoolWorkerExitAdvice");
    }
}
