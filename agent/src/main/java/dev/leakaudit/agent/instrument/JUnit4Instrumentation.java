package dev.leakaudit.agent.instrument;

import dev.leakaudit.agent.bootstrap.TestEventBridge;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;
import static dev.leakaudit.agent.instrument.MethodMatch.argument;


/**
 * JUnit 4 run by its own runners, without the JUnit Platform (Surefire's JUnit 4 provider,
 * {@code JUnitCore}, IDE runners): its notifier tells when each test starts and ends, and its
 * parent runners bracket each class, in whichever class loader holds JUnit. Under the JUnit
 * Platform (the vintage engine) the platform's own events are used and these are ignored.
 */
public final class JUnit4Instrumentation {

    static final String NOTIFIER = "org.junit.runner.notification.RunNotifier";
    static final String PARENT_RUNNER = "org.junit.runners.ParentRunner";

    public void addTo(AdvicePlan plan) {
        Module bridge = TestEventBridge.class.getModule();
        plan.type(NOTIFIER)
                .reading(bridge)
                .advice(named("fireTestStarted", "fireTestFinished", "fireTestFailure",
                        "fireTestAssumptionFailed").and(arguments(1)), "dev.leakaudit.agent.instrument.JUnit4NotifierAdvice");
        plan.type(PARENT_RUNNER)
                .reading(bridge)
                .advice(named("run").and(arguments(1)).and(argument(0, NOTIFIER)),
                        "dev.leakaudit.agent.instrument.JUnit4RunnerAdvice");
    }
}
