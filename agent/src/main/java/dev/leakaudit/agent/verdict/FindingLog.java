package dev.leakaudit.agent.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.leakaudit.agent.events.AuditEvents;

/** Findings of the run, as the judge confirms them; each goes to JFR at once. */
public final class FindingLog {

    private final Queue<Finding> confirmed = new ConcurrentLinkedQueue<>();
    private final AuditEvents events;

    public FindingLog(AuditEvents events) {
        this.events = events;
    }

    public void confirm(Finding finding) {
        confirmed.add(finding);
        events.finding(finding);
    }

    public List<Finding> confirmed() {
        return new ArrayList<>(confirmed);
    }
}
