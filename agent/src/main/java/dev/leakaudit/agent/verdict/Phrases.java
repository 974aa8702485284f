package dev.leakaudit.agent.verdict;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.Tracked;

/** Message parts every detector words the same way: who owns a finding, which thread, which class. */
public final class Phrases {

    private Phrases() {
    }

    /** "in test X", "in class-level setup of X" or "outside any test". */
    public static String scope(Attribution attribution) {
        TestScope scope = attribution.scope();
        if (scope == null) {
            return "outside any test";
        }
        if (scope.level() == TestScope.Level.CLASS) {
            return "in class-level setup of " + scope.name();
        }
        return "in test " + scope.name();
    }

    /** "opened in test X" and the like, for {@code verb} = "opened". */
    public static String owner(String verb, Attribution attribution) {
        return verb + ' ' + scope(attribution);
    }

    /** Empty when the attribution is certain; otherwise a sentence naming the candidates. */
    public static String uncertainty(Attribution attribution, ThreadInfo thread) {
        if (!attribution.uncertain()) {
            return "";
        }
        return " Attribution is uncertain: " + String.join(", ", attribution.candidates())
                + " were running in parallel and thread " + threadLabel(thread) + " belongs to none of them.";
    }

    public static String threadLabel(ThreadInfo thread) {
        return threadLabel(thread.name(), thread.id(), thread.isVirtual());
    }

    /** {@code "name"}, or {@code "#id"} for an unnamed (virtual) thread, marked when virtual. */
    public static String threadLabel(String name, long id, boolean virtual) {
        String shown = name == null || name.isEmpty() ? "#" + id : name;
        return '"' + shown + '"' + (virtual ? " (virtual)" : "");
    }

    /**
     * Empty while {@code tracked} has not ended; otherwise when it did, after its deadline:
     * " It was closed only later, 2400 ms after it began, on thread "x"."
     */
    public static String endedLate(Tracked tracked) {
        long ended = tracked.endedAtMillis();
        if (ended == 0) {
            return "";
        }
        String how = tracked.endedHow() == null ? "ended" : tracked.endedHow();
        String verb = how.equals("seen ended") ? "was seen ended" : how.equals("terminated") ? "terminated"
                : "was " + how;
        return " It " + verb + " only later, " + Math.max(0, ended - tracked.beganAtMillis()) + " ms after it began"
                + (tracked.endedOn() == null ? "" : ", on thread " + threadLabel(tracked.endedOn())) + '.';
    }

    /** The class name without its package; a lambda's generated class as "Outer lambda". */
    public static String simpleName(String className) {
        int lambda = className.indexOf("$$Lambda");
        String name = lambda < 0 ? className : className.substring(0, lambda) + " lambda";
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
