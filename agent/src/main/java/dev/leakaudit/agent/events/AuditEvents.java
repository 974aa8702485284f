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

    /** Both sinks, {@code first} then {@code second}, as one. */
    static AuditEvents both(AuditEvents first, AuditEvents second) {
        return new AuditEvents() {
            @Override
            public void opened(String kind, String resourceClass, long resourceId, String test) {
                first.opened(kind, resourceClass, resourceId, test);
                second.opened(kind, resourceClass, resourceId, test);
            }

            @Override
            public void closed(String kind, String resourceClass, long resourceId, String test, long openMillis) {
                first.closed(kind, resourceClass, resourceId, test, openMillis);
                second.closed(kind, resourceClass, resourceId, test, openMillis);
            }

            @Override
            public void closedAgain(String kind, String resourceClass, long resourceId, String test,
                                    String firstCloseStack) {
                first.closedAgain(kind, resourceClass, resourceId, test, firstCloseStack);
                second.closedAgain(kind, resourceClass, resourceId, test, firstCloseStack);
            }

            @Override
            public void finding(Finding finding) {
                first.finding(finding);
                second.finding(finding);
            }
        };
    }

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
