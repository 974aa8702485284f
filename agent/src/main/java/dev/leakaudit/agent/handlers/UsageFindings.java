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

    /** "in test X", "in class-level setup of X" or "outside any test". */
    public static String ownerPhrase(Attribution attribution) {
        TestScope scope = attribution.scope();
        if (scope == null) {
            return "outside any test";
        }
        if (scope.level() == TestScope.Level.CLASS) {
            return "in class-level setup of " + scope.name();
        }
        return "in test " + scope.name();
    }

    public static String uncertainty(Attribution attribution, ThreadInfo thread) {
        if (!attribution.uncertain()) {
            return "";
        }
        return " Attribution is uncertain: " + String.join(", ", attribution.candidates())
                + " were running in parallel and thread " + threadLabel(thread) + " belongs to none of them.";
    }

    public static String threadLabel(ThreadInfo thread) {
        String name = thread.name() == null || thread.name().isEmpty() ? "#" + thread.id() : thread.name();
        return '"' + name + '"' + (thread.isVirtual() ? " (virtual)" : "");
    }

    public static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
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
