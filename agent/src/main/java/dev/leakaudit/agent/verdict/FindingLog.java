package dev.leakaudit.agent.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.events.AuditEvents;
import dev.leakaudit.agent.ledger.ResourceRecord;

/**
 * Findings of the run. A test's open resources are held as pending until its class finishes, since
 * the class's teardown may still close them; confirmed findings go to JFR at once.
 */
public final class FindingLog {

    /** A finding waiting for its class's teardown, with the record that can still withdraw it. */
    static final class Pending {
        final Finding finding;
        final ResourceRecord record;

        Pending(Finding finding, ResourceRecord record) {
            this.finding = finding;
            this.record = record;
        }
    }

    private static final TestScope NO_CLASS = new TestScope("", "", "", TestScope.Level.CLASS, null, 0);

    private final Queue<Finding> confirmed = new ConcurrentLinkedQueue<>();
    private final Map<TestScope, Queue<Pending>> pendingByClass = new ConcurrentHashMap<>();
    private final AuditEvents events;

    public FindingLog(AuditEvents events) {
        this.events = events;
    }

    public void confirm(Finding finding) {
        confirmed.add(finding);
        events.finding(finding);
    }

    void hold(TestScope enclosingClass, Finding finding, ResourceRecord record) {
        TestScope key = enclosingClass == null ? NO_CLASS : enclosingClass;
        pendingByClass.computeIfAbsent(key, ignored -> new ConcurrentLinkedQueue<>()).add(new Pending(finding, record));
    }

    List<Pending> takePending(TestScope enclosingClass) {
        Queue<Pending> queue = pendingByClass.remove(enclosingClass == null ? NO_CLASS : enclosingClass);
        return queue == null ? List.of() : new ArrayList<>(queue);
    }

    List<Pending> takeAllPending() {
        List<Pending> all = new ArrayList<>();
        for (TestScope key : new ArrayList<>(pendingByClass.keySet())) {
            all.addAll(takePending(key == NO_CLASS ? null : key));
        }
        return all;
    }

    public List<Finding> confirmed() {
        return new ArrayList<>(confirmed);
    }
}
