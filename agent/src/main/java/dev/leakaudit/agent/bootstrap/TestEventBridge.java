package dev.leakaudit.agent.bootstrap;

/**
 * The one class that the launcher advice and the JUnit listener call, whatever class loader defined
 * them. Loaded by the bootstrap class loader like {@link LeakAuditBridge}; forwards to the agent's
 * sink and never lets anything thrown reach the test runner.
 */
public final class TestEventBridge {

    private static volatile TestEventSink sink;

    private TestEventBridge() {
    }

    public static void install(TestEventSink newSink) {
        sink = newSink;
    }

    public static void launcherCreated(Object launcher) {
        TestEventSink current = sink;
        if (current != null && launcher != null) {
            try {
                current.launcherCreated(launcher);
            } catch (Throwable ignored) {
                // never break the test runner
            }
        }
    }

    public static void classStarted(String uniqueId, String className, String displayName) {
        TestEventSink current = sink;
        if (current != null) {
            try {
                current.classStarted(uniqueId, className, displayName);
            } catch (Throwable ignored) {
                // attribution falls back to the run
            }
        }
    }

    public static void testStarted(String uniqueId, String testName, String displayName) {
        TestEventSink current = sink;
        if (current != null) {
            try {
                current.testStarted(uniqueId, testName, displayName);
            } catch (Throwable ignored) {
                // attribution falls back to the run
            }
        }
    }

    public static void scopeFinished(String uniqueId, String status) {
        TestEventSink current = sink;
        if (current != null) {
            try {
                current.scopeFinished(uniqueId, status);
            } catch (Throwable ignored) {
                // never fail a test because of the auditor
            }
        }
    }

    /**
     * JUnit 4 run by its own runners, without the JUnit Platform (Surefire's JUnit 4 provider,
     * {@code JUnitCore}, IDE runners): {@code event} is the advised notifier method's name, or
     * {@code runnerStarted} / {@code runnerFinished}; {@code subject} its argument or the runner.
     */
    public static void junit4(String event, Object subject) {
        TestEventSink current = sink;
        if (current != null && subject != null) {
            try {
                current.junit4(event, subject);
            } catch (Throwable ignored) {
                // attribution falls back to the run
            }
        }
    }

    public static void testPlanFinished() {
        TestEventSink current = sink;
        if (current != null) {
            try {
                current.testPlanFinished();
            } catch (Throwable ignored) {
                // the report is written again at exit
            }
        }
    }
}
