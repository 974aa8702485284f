package dev.leakaudit.agent.junit;

import dev.leakaudit.agent.AgentRuntime;
import dev.leakaudit.agent.bootstrap.TestEventSink;

/** Forwards what the launcher advice and the listener report, through the bootstrap bridge, to the agent. */
public final class RuntimeTestEvents implements TestEventSink {

    private final AgentRuntime runtime;
    private final ListenerRegistration registration;

    public RuntimeTestEvents(AgentRuntime runtime, ListenerRegistration registration) {
        this.runtime = runtime;
        this.registration = registration;
    }

    @Override
    public void launcherCreated(Object launcher) {
        registration.register(launcher);
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
