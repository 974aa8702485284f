package dev.leakaudit.agent.junit;

/**
 * What the test runners' events become: tests and classes starting and finishing, and the plan's
 * end. The agent's runtime implements it; the runners' adapters only translate into it.
 */
public interface TestRun {

    void classStarted(String uniqueId, String className, String displayName);

    void testStarted(String uniqueId, String testName, String displayName);

    /** End of a test or class; {@code status} is {@code successful}, {@code failed} or {@code aborted}. */
    void scopeFinished(String uniqueId, String status);

    void testPlanFinished();
}
