package dev.leakaudit.agent.verdict;

import java.util.List;

import dev.leakaudit.agent.attribution.TestScope;

/**
 * A detector of one more kind of leftover (timers, threads, handlers, retained objects). The judge
 * calls every detector at the end of each test, class and run, after its own socket check, and
 * confirms what they return. A detector may wait up to the linger period, returning early when
 * everything it watches is released; it must never throw.
 */
public interface LeakDetector {

    /** Findings for what {@code scope} (a test or a class) left behind. */
    List<Finding> scopeFinished(TestScope scope);

    /** Findings still open when the run ends ({@code atExit}: the JVM is exiting, do not wait). */
    List<Finding> runFinished(boolean atExit);
}
