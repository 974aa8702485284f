package dev.leakaudit.agent.junit;

import java.util.Locale;

import dev.leakaudit.agent.bootstrap.TestEventBridge;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Gives the agent per-test attribution with no change to the user's tests. The agent registers it
 * with every JUnit Platform launcher as the launcher is constructed (see {@link ListenerRegistration}),
 * defining this class in the launcher's own class loader when that loader is not the agent's. So it
 * may refer only to JUnit, java.base and the bootstrap bridge, and must stay one class (no lambdas,
 * no nested classes). Nothing it does may fail a test.
 */
public final class LeakAuditTestListener implements TestExecutionListener {

    private volatile TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        TestEventBridge.testPlanFinished();
    }

    @Override
    public void executionStarted(TestIdentifier identifier) {
        try {
            if (identifier.isTest()) {
                TestEventBridge.testStarted(identifier.getUniqueId(), testName(identifier), identifier.getDisplayName());
            } else {
                String className = classNameOf(identifier.getSource().orElse(null));
                if (className != null) {
                    TestEventBridge.classStarted(identifier.getUniqueId(), className, identifier.getDisplayName());
                }
            }
        } catch (Throwable ignored) {
            // attribution falls back to the run
        }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        try {
            TestEventBridge.scopeFinished(identifier.getUniqueId(), result.getStatus().name().toLowerCase(Locale.ROOT));
        } catch (Throwable ignored) {
            // never fail a test because of the auditor
        }
    }

    /** {@code fully.qualified.Class#method}, from the test's own source or, for dynamic tests, its parents'. */
    private String testName(TestIdentifier identifier) {
        TestIdentifier current = identifier;
        while (current != null) {
            TestSource source = current.getSource().orElse(null);
            if (source instanceof MethodSource) {
                MethodSource method = (MethodSource) source;
                return method.getClassName() + "#" + method.getMethodName();
            }
            if (source instanceof ClassSource) {
                return ((ClassSource) source).getClassName() + "#" + identifier.getLegacyReportingName();
            }
            current = parentOf(current);
        }
        return identifier.getLegacyReportingName();
    }

    private TestIdentifier parentOf(TestIdentifier identifier) {
        TestPlan testPlan = plan;
        if (testPlan == null) {
            return null;
        }
        return testPlan.getParent(identifier).orElse(null);
    }

    private static String classNameOf(TestSource source) {
        return source instanceof ClassSource ? ((ClassSource) source).getClassName() : null;
    }
}
