package dev.leakaudit.reports.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Finding;

/**
 * Findings grouped by creation site, worst first: a site with a leak before one with only warnings,
 * then the most bytes its buffers keep, then most findings, then most tests. (Notes are grouped
 * apart, in the report itself.)
 */
public final class SiteGroups {

    /** "12 sockets opened at Foo.connect(Foo.java:42), in 5 tests". */
    public record Group(String site, Map<String, Integer> byKind, Set<String> tests, int findings, int severityRank,
                        long bytes) {
        public String describe() {
            List<String> parts = new ArrayList<>();
            byKind.forEach((kind, count) -> parts.add(count + " " + kind));
            return String.join(", ", parts) + " at " + site + ", in " + tests.size()
                    + (tests.size() == 1 ? " test" : " tests") + (bytes > 0 ? ", keeping " + bytes + " bytes" : "");
        }
    }

    private SiteGroups() {
    }

    public static List<Group> of(MergedRun run) {
        Map<String, List<Finding>> bySite = new LinkedHashMap<>();
        for (MergedRun.Occurrence occurrence : run.occurrences()) {
            Finding finding = occurrence.finding();
            if (finding.isNote()) {
                continue;
            }
            bySite.computeIfAbsent(finding.site() == null ? "(unknown site)" : finding.site(), s -> new ArrayList<>())
                    .add(finding);
        }
        List<Group> groups = new ArrayList<>();
        bySite.forEach((site, findings) -> {
            Map<String, Integer> byKind = new TreeMap<>();
            Set<String> tests = new TreeSet<>();
            int rank = Integer.MAX_VALUE;
            long bytes = 0;
            for (Finding finding : findings) {
                bytes += finding.bytes() == null ? 0 : finding.bytes();
                rank = Math.min(rank, finding.severityRank());
                byKind.merge(finding.kind(), 1, Integer::sum);
                tests.add(finding.test() == null ? "(outside any test)" : finding.test());
            }
            groups.add(new Group(site, byKind, tests, findings.size(), rank, bytes));
        });
        groups.sort(Comparator.comparingInt(Group::severityRank)
                .thenComparing(Comparator.comparingLong(Group::bytes).reversed())
                .thenComparing(Comparator.comparingInt(Group::findings).reversed())
                .thenComparing(Comparator.comparingInt((Group g) -> g.tests().size()).reversed())
                .thenComparing(Group::site));
        return groups;
    }
}
