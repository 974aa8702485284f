package dev.leakaudit.reports.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.leakaudit.reports.baseline.Baseline;
import dev.leakaudit.reports.baseline.Comparison;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Finding;
import dev.leakaudit.reports.model.Fingerprint;
import dev.leakaudit.reports.model.NoteGroup;
import dev.leakaudit.reports.model.Session;
import dev.leakaudit.reports.model.TestRecord;

/**
 * What a check says, line by line, to a {@link CheckOutput}: a summary, the worst sites, the run
 * against its baseline, and the gate's verdict with each new finding that fails it. The command
 * line prints it; the Maven goals log it and fail with it.
 */
public final class CheckPrinter {

    private static final int LISTED = 25;

    private final CheckOutput out;

    public CheckPrinter(CheckOutput out) {
        this.out = out;
    }

    public void summary(MergedRun run) {
        List<MergedRun.Occurrence> all = run.occurrences().stream().filter(o -> !o.finding().isNote()).toList();
        long leaks = all.stream().filter(o -> o.finding().isLeak()).count();
        long fromFailed = all.stream().filter(o -> o.finding().fromFailedTest()).count();
        List<NoteGroup> notes = run.noteGroups();
        int noteCount = run.noteCount();
        List<TestRecord> tests = run.tests().stream().filter(t -> "test".equals(t.level())).toList();
        long affected = tests.stream().filter(t -> t.findings() > 0).count(); // leaks and warnings; notes apart
        out.line("leak-audit: " + plural(leaks, "leak") + ", " + plural(all.size() - leaks, "warning") + " in "
                + affected + " of " + plural(tests.size(), "test")
                + (fromFailed > 0 ? " (" + fromFailed + " from failed tests)" : "")
                + (noteCount > 0 ? "; " + plural(noteCount, "note") : "")
                + ", " + plural(run.sessions().size(), "JVM") + " merged");
        if (!all.isEmpty()) {
            List<String> kinds = new ArrayList<>();
            run.countsByKind().forEach((kind, count) -> kinds.add(kind + " " + count));
            out.line("  by kind: " + String.join(", ", kinds));
            List<SiteGroups.Group> groups = SiteGroups.of(run);
            out.line("  worst sites (" + groups.size() + " in all):");
            for (SiteGroups.Group group : groups.subList(0, Math.min(5, groups.size()))) {
                out.line("    " + group.describe());
            }
        }
        if (!notes.isEmpty()) {
            out.line("  notes (never failing; " + plural(notes.size(), "site") + "):");
            for (NoteGroup group : notes.subList(0, Math.min(3, notes.size()))) {
                out.line("    " + group.count() + " " + group.kind() + " at " + group.site() + ", in "
                        + plural(group.tests().size(), "test"));
            }
        }
        for (Session session : run.crashedSessions()) {
            out.line("  JVM " + (session.pid() == null ? "?" : session.pid()) + " crashed, not audited: "
                    + session.reason() + " (" + session.file() + ")");
        }
        for (Session session : run.failedSelfTests()) {
            out.line("  self-test " + session.selfTest() + " (" + session.file() + ")");
        }
    }

    private void comparison(Comparison comparison, Baseline baseline, String baselineName) {
        if (baseline == null) {
            return;
        }
        out.line("  against " + baselineName + ": " + comparison.added().size() + " new, "
                + comparison.unchanged().size() + " unchanged, " + comparison.fixed().size() + " fixed");
        list("NEW      ", comparison.added());
        for (Baseline.Entry entry : comparison.fixed().subList(0, Math.min(LISTED, comparison.fixed().size()))) {
            out.line("    FIXED     " + entry.kind() + " at " + entry.site() + " in " + entry.test());
        }
        more(comparison.fixed().size());
        list("unchanged", comparison.unchanged());
    }

    /** Without a baseline every finding is new: listed once per fingerprint. */
    private void findings(Comparison comparison) {
        list("NEW      ", comparison.added());
    }

    private void list(String label, Map<Fingerprint, List<MergedRun.Occurrence>> findings) {
        int shown = 0;
        for (Map.Entry<Fingerprint, List<MergedRun.Occurrence>> entry : findings.entrySet()) {
            if (shown++ == LISTED) {
                break;
            }
            out.line("    " + label + " " + describe(entry.getValue().get(0).finding(), entry.getValue().size()));
        }
        more(findings.size());
    }

    private void more(int size) {
        if (size > LISTED) {
            out.line("    ... and " + (size - LISTED) + " more (see the page or the SARIF file)");
        }
    }

    /**
     * The summary, the run against its baseline (or, when asked, every finding once), and the
     * gate's verdict; returns {@link Gate#PASS} or {@link Gate#FAIL}.
     */
    public int judge(MergedRun run, Comparison comparison, Baseline baseline, String baselineName, Gate gate,
                     boolean listWithoutBaseline) {
        summary(run);
        if (baseline != null) {
            comparison(comparison, baseline, baselineName);
        } else if (listWithoutBaseline) {
            findings(comparison);
        }
        List<String> reasons = gate.reasons(run, comparison, baseline != null);
        out.verdict(reasons, failing(comparison, gate));
        return reasons.isEmpty() ? Gate.PASS : Gate.FAIL;
    }

    /** Each new finding that fails the gate: "leak socket at Site in Test (x3)". */
    private static List<String> failing(Comparison comparison, Gate gate) {
        List<String> lines = new ArrayList<>();
        for (List<MergedRun.Occurrence> occurrences : comparison.added().values()) {
            Finding finding = occurrences.get(0).finding();
            if (gate.fails(finding)) {
                lines.add(describe(finding, occurrences.size()));
            }
        }
        return lines;
    }

    private static String describe(Finding finding, int occurrences) {
        return finding.severity() + " " + finding.kind() + " at " + finding.site() + " in "
                + (finding.test() == null ? "(no test)" : finding.test()) + (occurrences > 1 ? " (x" + occurrences + ")" : "");
    }

    public static String plural(long count, String word) {
        return count + " " + word + (count == 1 ? "" : "s");
    }
}
