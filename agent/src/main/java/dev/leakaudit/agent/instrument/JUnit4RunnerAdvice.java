package dev.leakaudit.agent.instrument;

import dev.leakaudit.agent.bootstrap.TestEventBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around JUnit 4's {@code ParentRunner.run(RunNotifier)}: a test class's scope, with its
 * {@code @BeforeClass} and {@code @AfterClass} inside. Refers only to the bootstrap bridge.
 */
public final class JUnit4RunnerAdvice {

    private JUnit4RunnerAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object runner) {
        TestEventBridge.junit4("runnerStarted", runner);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object runner) {
        TestEventBridge.junit4("runnerFinished", runner);
    }
}
