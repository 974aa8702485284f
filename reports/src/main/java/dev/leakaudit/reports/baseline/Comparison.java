package dev.leakaudit.reports.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Fingerprint;

/** A run against a baseline: what is new, what is still there, and what was fixed since. */
public record Comparison(Map<Fingerprint, List<MergedRun.Occurrence>> added,
                         Map<Fingerprint, List<MergedRun.Occurrence>> unchanged,
                         List<Baseline.Entry> fixed) {

    public static Comparison of(MergedRun run, Baseline baseline) {
        Set<Fingerprint> known = baseline == null ? Set.of() : baseline.fingerprints();
        Map<Fingerprint, List<MergedRun.Occurrence>> added = new LinkedHashMap<>();
        Map<Fingerprint, List<MergedRun.Occurrence>> unchanged = new LinkedHashMap<>();
        Map<Fingerprint, List<MergedRun.Occurrence>> current = run.distinct();
        current.forEach((fingerprint, occurrences) ->
                (known.contains(fingerprint) ? unchanged : added).put(fingerprint, occurrences));
        List<Baseline.Entry> fixed = new ArrayList<>();
        if (baseline != null) {
            for (Baseline.Entry entry : baseline.findings()) {
                if (!current.containsKey(entry.fingerprint())) {
                    fixed.add(entry);
                }
            }
        }
        return new Comparison(added, unchanged, fixed);
    }

    public boolean isNew(Fingerprint fingerprint) {
        return added.containsKey(fingerprint);
    }
}
