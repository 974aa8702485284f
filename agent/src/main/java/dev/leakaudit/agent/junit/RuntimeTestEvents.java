package dev.leakaudit.agent.junit;

import dev.leakaudit.agent.bootstrap.TestEventSink;

/** Forwards what the launcher advice and the listener report, through the bootstrap bridge, to the agent. */
public final class RuntimeTestEvents implements TestEventSink {

    private final TestRun runtime;
    private final ListenerRegistration registration;
    private final JUnit4Events junit4;
    /** A JUnit Platform launcher exists: its events are the test scopes, JUnit 4's own (the vintage engine's) are not. */
    private volatile boolean platform;

    public RuntimeTestEvents(TestRun runtime, ListenerRegistration registration) {
        this.runtime = runtime;
        this.registration = registration;
        this.junit4 = new JUnit4Events(runtime);
    }

    @Override
    public void launcherCreated(Object launcher) {
        platform = true;
        registration.register(launcher);
    }

    @Override
    public void junit4(String event, Object subject) {
        if (platform) {
            return;
        }
        try {
            junit4.on(event, subject);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a JUnit 4 object that cannot be read: that test's things are judged per run
        }
    }

    @Override
    public void classStarted(String uniqueId, String className, String displayName) {
        runtime.classStarted(uniqueId, className, displayName);
    }

    @Override
    public void testStarted(String uniqueId, String testName, String displayName) {
        runtime.testStarted(uniqueId, testName, displayName);
    }

    @Override
    public void scopeFinished(String uniqueId, String status) {
        runtime.scopeFinished(uniqueId, status);
    }

    @Override
    public void testPlanFinished() {
        runtime.testPlanFinished();
    }
}
