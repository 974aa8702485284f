package dev.leakaudit.reports.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.leakaudit.reports.baseline.Comparison;
import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.BadInputException;
import dev.leakaudit.reports.model.Finding;
import dev.leakaudit.reports.model.Fingerprint;
import dev.leakaudit.reports.model.Session;

/**
 * The CI gate: a run fails on findings beyond the baseline (at or above {@code failOn}), on a kind
 * over its limit, on a failed self-test, and on a JVM that was not audited.
 */
public record Gate(String failOn, Map<String, Integer> limits) {

    public static final int PASS = 0;
    public static final int FAIL = 1;
    public static final int BAD_INPUT = 2;

    public Gate {
        limits = Map.copyOf(limits);
    }

    public static Gate of(String failOn, String limits) throws BadInputException {
        String severity = failOn == null ? Finding.LEAK : failOn.toLowerCase(Locale.ROOT);
        if (!List.of("leak", "warning", "never").contains(severity)) {
            throw new BadInputException("--fail-on must be leak, warning or never, not '" + failOn + "'");
        }
        return new Gate(severity, parseLimits(limits));
    }

    /** {@code socket=0,thread=3}: at most that many distinct findings of the kind. */
    static Map<String, Integer> parseLimits(String text) throws BadInputException {
        Map<String, Integer> limits = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return limits;
        }
        for (String part : text.split(",")) {
            String[] pair = part.trim().split("=", 2);
            try {
                if (pair.length != 2 || pair[0].isBlank()) {
                    throw new NumberFormatException();
                }
                int limit = Integer.parseInt(pair[1].trim());
                if (limit < 0) {
                    throw new NumberFormatException();
                }
                limits.put(pair[0].trim(), limit);
            } catch (NumberFormatException e) {
                throw new BadInputException("--max takes KIND=N pairs separated by commas (e.g. socket=0,thread=3), "
                        + "not '" + part.trim() + "'");
            }
        }
        return limits;
    }

    /** Why the run fails, one line each; empty when it passes. */
    public List<String> reasons(MergedRun run, Comparison comparison) {
        return reasons(run, comparison, true);
    }

    /** As {@link #reasons(MergedRun, Comparison)}; {@code hasBaseline} false: every finding is new, and said so. */
    public List<String> reasons(MergedRun run, Comparison comparison, boolean hasBaseline) {
        List<String> reasons = new ArrayList<>();
        long blocking = comparison.added().values().stream()
                .filter(occurrences -> fails(occurrences.get(0).finding())).count();
        if (blocking > 0) {
            reasons.add(blocking + (blocking == 1 ? " finding" : " findings")
                    + (hasBaseline ? " not in the baseline" : " (no baseline yet: `leak-audit baseline`, or the plugin's baseline goal, accepts the current ones)"));
        }
        Map<String, Integer> distinctByKind = new TreeMap<>();
        for (Fingerprint fingerprint : run.distinct().keySet()) {
            distinctByKind.merge(fingerprint.kind(), 1, Integer::sum);
        }
        limits.forEach((kind, limit) -> {
            int count = distinctByKind.getOrDefault(kind, 0);
            if (count > limit) {
                reasons.add(kind + ": " + count + " findings, over the limit of " + limit);
            }
        });
        for (Session session : run.failedSelfTests()) {
            reasons.add("self-test " + session.selfTest() + " in " + session.file());
        }
        for (Session session : run.crashedSessions()) {
            reasons.add("JVM " + (session.pid() == null ? "" : session.pid() + " ") + "crashed, not audited ("
                    + session.file() + ": " + session.reason() + ")");
        }
        return reasons;
    }

    /** Whether a new finding like this one fails the run: at or above {@code failOn}, never a note. */
    public boolean fails(Finding finding) {
        return switch (failOn) {
            case "never" -> false;
            case "warning" -> !finding.isNote(); // a note never fails a build
            default -> finding.isLeak();
        };
    }
}
