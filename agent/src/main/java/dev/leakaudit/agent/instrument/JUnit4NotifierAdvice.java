package dev.leakaudit.agent.instrument;

import dev.leakaudit.agent.bootstrap.TestEventBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of JUnit 4's {@code RunNotifier.fireTestStarted}, {@code fireTestFinished},
 * {@code fireTestFailure} and {@code fireTestAssumptionFailed}: tells the agent, by the method's
 * name, when each test starts, ends and how. Refers only to the bootstrap bridge.
 */
public final class JUnit4NotifierAdvice {

    private JUnit4NotifierAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Origin("#m") String method, @Advice.Argument(0) Object descriptionOrFailure) {
        TestEventBridge.junit4(method, descriptionOrFailure);
    }
}
