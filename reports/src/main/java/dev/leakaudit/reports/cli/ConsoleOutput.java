package dev.leakaudit.reports.cli;

import java.io.PrintWriter;
import java.util.List;

import dev.leakaudit.reports.check.CheckOutput;

/** A check as the command line prints it: every line, then PASS or FAIL with the reasons. */
final class ConsoleOutput implements CheckOutput {

    private final PrintWriter out;

    ConsoleOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void line(String text) {
        out.println(text);
    }

    @Override
    public void verdict(List<String> reasons, List<String> failingFindings) {
        // The new findings were listed above, with the comparison.
        if (reasons.isEmpty()) {
            out.println("leak-audit: PASS");
        } else {
            out.println("leak-audit: FAIL: " + String.join("; ", reasons));
        }
    }
}
