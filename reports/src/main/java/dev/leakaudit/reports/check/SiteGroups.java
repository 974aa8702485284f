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

/** Findings grouped by creation site, worst (most findings, then most tests) first. */
public final class SiteGroups {

    /** "12 sockets opened at Foo.connect(Foo.java:42), in 5 tests". */
    public record Group(String site, Map<String, Integer> byKind, Set<String> tests, int findings) {
        public String describe() {
            List<String> parts = new ArrayList<>();
            byKind.forEach((kind, count) -> parts.add(count + " " + kind));
            return String.join(", ", parts) + " at " + site + ", in " + tests.size()
                    + (tests.size() == 1 ? " test" : " tests");
        }
    }

    private SiteGroups() {
    }

    public static List<Group> of(MergedRun run) {
        Map<String, List<Finding>> bySite = new LinkedHashMap<>();
        for (MergedRun.Occurrence occurrence : run.occurrences()) {
            Finding finding = occurrence.finding();
            bySite.computeIfAbsent(finding.site() == null ? "(unknown site)" : finding.site(), s -> new ArrayList<>())
                    .add(finding);
        }
        List<Group> groups = new ArrayList<>();
        bySite.forEach((site, findings) -> {
            Map<String, Integer> byKind = new TreeMap<>();
            Set<String> tests = new TreeSet<>();
            for (Finding finding : findings) {
                byKind.merge(finding.kind(), 1, Integer::sum);
                tests.add(finding.test() == null ? "(outside any test)" : finding.test());
            }
            groups.add(new Group(site, byKind, tests, findings.size()));
        });
        groups.sort(Comparator.comparingInt(Group::findings).reversed()
                .thenComparing(Comparator.comparingInt((Group g) -> g.tests().size()).reversed())
                .thenComparing(Group::site));
        return groups;
    }
}
