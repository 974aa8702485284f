package dev.leakaudit.agent.events;

import dev.leakaudit.agent.verdict.Finding;

/**
 * Where the agent reports events as they happen: a resource opened or closed (its kind, class and
 * id, the test that owns it), closed again, and every finding.
 */
public interface AuditEvents {

    void opened(String kind, String resourceClass, long resourceId, String test);

    void closed(String kind, String resourceClass, long resourceId, String test, long openMillis);

    void closedAgain(String kind, String resourceClass, long resourceId, String test, String firstCloseStack);

    void finding(Finding finding);

    /** For JVMs without the jdk.jfr module. */
    AuditEvents NONE = new AuditEvents() {
        @Override
        public void opened(String kind, String resourceClass, long resourceId, String test) {
        }

        @Override
        public void closed(String kind, String resourceClass, long resourceId, String test, long openMillis) {
        }

        @Override
        public void closedAgain(String kind, String resourceClass, long resourceId, String test, String firstCloseStack) {
        }

        @Override
        public void finding(Finding finding) {
        }
    };
}
