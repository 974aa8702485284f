package dev.leakaudit.agent.report;

/** How a test or class ended, in the words the test runner used: successful, failed or aborted. */
final class TestStatus {

    private TestStatus() {
    }

    /** A finding of a test that failed or was aborted is often a consequence of that, not its cause. */
    static boolean isFailed(String status) {
        return "failed".equals(status) || "aborted".equals(status);
    }
}
