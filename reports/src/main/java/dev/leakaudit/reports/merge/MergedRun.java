package dev.leakaudit.reports.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.leakaudit.reports.model.Finding;
import dev.leakaudit.reports.model.Fingerprint;
import dev.leakaudit.reports.model.NoteGroup;
import dev.leakaudit.reports.model.Session;
import dev.leakaudit.reports.model.TestRecord;

/**
 * Many JVMs' reports as one run (schema {@code leak-audit-merged/1}): every session is kept, with
 * its own report, so nothing a single JVM said is lost; the views below are computed.
 */
public record MergedRun(String schema, List<Session> sessions) {

    public static final String SCHEMA = "leak-audit-merged/1";

    public MergedRun {
        sessions = List.copyOf(sessions);
    }

    public static MergedRun of(List<Session> sessions) {
        return new MergedRun(SCHEMA, sessions);
    }

    /** A finding and the JVM (index into {@link #sessions()}) that reported it. */
    public record Occurrence(int session, Finding finding) {
    }

    @JsonIgnore
    public List<Occurrence> occurrences() {
        List<Occurrence> all = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Session session = sessions.get(i);
            if (session.report() != null) {
                for (Finding finding : session.report().findings()) {
                    all.add(new Occurrence(i, finding));
                }
            }
        }
        return all;
    }

    /**
     * Findings de-duplicated by fingerprint, leaks first, then warnings (then any note an older
     * reader kept), each in fingerprint order; each with every occurrence.
     */
    @JsonIgnore
    public Map<Fingerprint, List<Occurrence>> distinct() {
        Map<Fingerprint, List<Occurrence>> byFingerprint = new TreeMap<>();
        for (Occurrence occurrence : occurrences()) {
            byFingerprint.computeIfAbsent(occurrence.finding().fingerprint(), f -> new ArrayList<>()).add(occurrence);
        }
        List<Map.Entry<Fingerprint, List<Occurrence>>> entries = new ArrayList<>(byFingerprint.entrySet());
        entries.sort(java.util.Comparator.comparingInt(
                (Map.Entry<Fingerprint, List<Occurrence>> e) -> e.getValue().get(0).finding().severityRank()));
        Map<Fingerprint, List<Occurrence>> ordered = new LinkedHashMap<>();
        entries.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** Every test seen in any JVM, once; counts added up when a test ran in several. */
    @JsonIgnore
    public List<TestRecord> tests() {
        Map<String, TestRecord> byName = new LinkedHashMap<>();
        for (Session session : sessions) {
            if (session.report() == null) {
                continue;
            }
            for (TestRecord test : session.report().tests()) {
                byName.merge(test.uniqueId() != null ? test.uniqueId() : test.test(), test,
                        (a, b) -> new TestRecord(a.test(), a.level(), a.displayName(), a.uniqueId(),
                                "successful".equals(a.status()) ? b.status() : a.status(), a.findings() + b.findings(),
                                a.notes() == null && b.notes() == null ? null
                                        : (a.notes() == null ? 0 : a.notes()) + (b.notes() == null ? 0 : b.notes())));
            }
        }
        return List.copyOf(byName.values());
    }

    /** Every JVM's notes, groups of the same kind, site and resource made one, largest first. */
    @JsonIgnore
    public List<NoteGroup> noteGroups() {
        List<NoteGroup> all = new ArrayList<>();
        for (Session session : sessions) {
            if (session.report() != null) {
                all.addAll(session.report().notes());
            }
        }
        return NoteGroup.merged(all);
    }

    /** How many notes in all (every occurrence). */
    @JsonIgnore
    public int noteCount() {
        int count = 0;
        for (NoteGroup group : noteGroups()) {
            count += group.count();
        }
        return count;
    }

    @JsonIgnore
    public List<Session> crashedSessions() {
        return sessions.stream().filter(Session::crashed).toList();
    }

    @JsonIgnore
    public List<Session> failedSelfTests() {
        return sessions.stream().filter(Session::selfTestFailed).toList();
    }

    /** Counts of findings (every occurrence; leaks and warnings, not notes) by kind, kinds in name order. */
    @JsonIgnore
    public Map<String, Integer> countsByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Occurrence occurrence : occurrences()) {
            if (!occurrence.finding().isNote()) {
                counts.merge(occurrence.finding().kind(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
