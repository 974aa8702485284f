package dev.leakaudit.agent.instrument;

import dev.leakaudit.agent.bootstrap.TestEventBridge;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

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
                .advice(() -> namedOneOf("fireTestStarted", "fireTestFinished", "fireTestFailure",
                        "fireTestAssumptionFailed").and(takesArguments(1)), JUnit4NotifierAdvice.class.getName());
        plan.type(PARENT_RUNNER)
                .reading(bridge)
                .advice(() -> named("run").and(takesArguments(1)).and(takesArgument(0, named(NOTIFIER))),
                        JUnit4RunnerAdvice.class.getName());
    }
}
