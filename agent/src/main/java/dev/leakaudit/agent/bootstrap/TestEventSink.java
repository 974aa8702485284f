package dev.leakaudit.agent.bootstrap;

/**
 * What the JUnit Platform listener and the launcher advice tell the agent. Lives on the bootstrap
 * class path beside {@link TestEventBridge}, so every class loader sees the same interface and its
 * signatures use java.base types only: the listener may be defined in whichever loader holds JUnit.
 */
public interface TestEventSink {

    /** A JUnit Platform launcher was constructed; the agent registers its listener with it. */
    void launcherCreated(Object launcher);

    void classStarted(String uniqueId, String className, String displayName);

    void testStarted(String uniqueId, String testName, String displayName);

    /** End of a test or class; {@code status} is {@code successful}, {@code failed} or {@code aborted}. */
    void scopeFinished(String uniqueId, String status);

    void testPlanFinished();

    /** JUnit 4 without the platform: a notifier event (the method's name) or a runner's start or end. */
    void junit4(String event, Object subject);
}
