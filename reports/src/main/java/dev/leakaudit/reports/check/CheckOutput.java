package dev.leakaudit.reports.check;

import java.util.List;

/**
 * Where a check's result goes: the one callback that the command line and the Maven goals
 * implement (the command line prints it, a goal logs it and fails the build with it).
 */
public interface CheckOutput {

    /** One line of the summary, or of the run against its baseline. */
    void line(String text);

    /**
     * The gate's verdict: why the run fails, one reason each (empty when it passes), and each new
     * finding that makes it fail as "leak socket at Site in Test".
     */
    void verdict(List<String> reasons, List<String> failingFindings);
}
