package dev.leakaudit.agent.verdict;

import java.util.List;

import dev.leakaudit.agent.attribution.TestScope;

/**
 * A check that is not about a tracked thing ending (retention after close, idempotent cleanup).
 * The judge calls every detector at the end of each test, class and run, after its own verdicts,
 * and confirms what they return. Detectors must not throw, and must not wait for the program:
 * the retention check's bounded forced collections are the only pause, and with the default
 * {@code retention=run} it happens once.
 */
public interface LeakDetector {

    /** Findings for what {@code scope} (a test or a class) left behind. */
    List<Finding> scopeFinished(TestScope scope);

    /** Findings still open when the run ends ({@code atExit}: the JVM is exiting, do not wait). */
    List<Finding> runFinished(boolean atExit);
}
