package dev.leakaudit.agent.handlers;

import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * What the handler, cleanup and retention detectors share to build findings: bounded report
 * stacks, the exclusions (test infrastructure and the user's {@code excludes}) and message parts.
 */
public final class UsageFindings {

    private final StackFrames stacks;
    private final Exclusions exclusions;
    private final long lingerMillis;

    public UsageFindings(StackFrames stacks, Exclusions exclusions, long lingerMillis) {
        this.stacks = stacks;
        this.exclusions = exclusions;
        this.lingerMillis = lingerMillis;
    }

    public List<String> reportFrames(List<String> allFrames) {
        return stacks.reportFrames(allFrames);
    }

    public boolean isExcluded(List<String> allFrames) {
        return exclusions.excludes(allFrames, StackFrames.site(allFrames));
    }

    public long lingerMillis() {
        return lingerMillis;
    }





    /** True when {@code scope} is {@code owner} or lies inside it (a test of the class, a nested class). */
    public static boolean isWithin(TestScope scope, TestScope owner) {
        for (TestScope current = scope; current != null; current = current.enclosingClass()) {
            if (current == owner) {
                return true;
            }
        }
        return false;
    }
}
