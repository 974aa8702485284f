package dev.leakaudit.maven;

import java.util.ArrayList;
import java.util.List;

import org.apache.maven.plugin.logging.Log;

import dev.leakaudit.reports.check.CheckOutput;

/** A check in the build log: its lines as information, and the verdict kept for the goal to fail with. */
final class BuildLogOutput implements CheckOutput {

    private static final int LISTED = 25;

    private final Log log;
    private final List<String> reasons = new ArrayList<>();
    private final List<String> failingFindings = new ArrayList<>();

    BuildLogOutput(Log log) {
        this.log = log;
    }

    @Override
    public void line(String text) {
        log.info(text);
    }

    @Override
    public void verdict(List<String> reasons, List<String> failingFindings) {
        this.reasons.addAll(reasons);
        this.failingFindings.addAll(failingFindings);
        if (reasons.isEmpty()) {
            log.info("leak-audit: PASS");
        }
    }

    boolean failed() {
        return !reasons.isEmpty();
    }

    /** "leak-audit: FAIL: reasons", then each new finding that fails: kind, site and test. */
    String failureMessage() {
        StringBuilder message = new StringBuilder("leak-audit: FAIL: ").append(String.join("; ", reasons));
        for (String finding : failingFindings.subList(0, Math.min(LISTED, failingFindings.size()))) {
            message.append(System.lineSeparator()).append("    NEW ").append(finding);
        }
        if (failingFindings.size() > LISTED) {
            message.append(System.lineSeparator()).append("    ... and ").append(failingFindings.size() - LISTED)
                    .append(" more");
        }
        return message.toString();
    }
}
