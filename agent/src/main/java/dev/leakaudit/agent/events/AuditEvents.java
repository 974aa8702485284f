package dev.leakaudit.agent.events;

import dev.leakaudit.agent.ledger.ResourceRecord;
import dev.leakaudit.agent.verdict.Finding;

/** Where the agent reports events as they happen. */
public interface AuditEvents {

    void opened(ResourceRecord record, String test);

    void closed(ResourceRecord record, String test);

    void closedAgain(ResourceRecord record, String test, String firstCloseStack);

    void finding(Finding finding);

    /** For JVMs without the jdk.jfr module. */
    AuditEvents NONE = new AuditEvents() {
        @Override
        public void opened(ResourceRecord record, String test) {
        }

        @Override
        public void closed(ResourceRecord record, String test) {
        }

        @Override
        public void closedAgain(ResourceRecord record, String test, String firstCloseStack) {
        }

        @Override
        public void finding(Finding finding) {
        }
    };
}
