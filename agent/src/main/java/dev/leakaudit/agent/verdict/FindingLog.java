package dev.leakaudit.agent.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.leakaudit.agent.events.AuditEvents;

/**
 * Findings of the run, as the judge confirms them; each goes to JFR at once. The last gate of every
 * kind: a {@code kind@prefix} exclude drops a finding of that kind here.
 */
public final class FindingLog {

    private final Queue<Finding> confirmed = new ConcurrentLinkedQueue<>();
    private final AuditEvents events;
    private final Exclusions exclusions;

    public FindingLog(AuditEvents events) {
        this(events, new Exclusions(List.of()));
    }

    public FindingLog(AuditEvents events, Exclusions exclusions) {
        this.events = events;
        this.exclusions = exclusions;
    }

    /** Records {@code finding}; false when a {@code kind@prefix} exclude drops it (then nothing counts it). */
    public boolean confirm(Finding finding) {
        if (exclusions.excludesKind(finding.kind(), finding.stack())) {
            return false;
        }
        confirmed.add(finding);
        events.finding(finding);
        return true;
    }

    public List<Finding> confirmed() {
        return new ArrayList<>(confirmed);
    }
}
