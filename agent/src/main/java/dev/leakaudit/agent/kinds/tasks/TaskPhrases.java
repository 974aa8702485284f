package dev.leakaudit.agent.kinds.tasks;

import java.util.List;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.ledger.ThreadInfo;

/** Pieces of the thread and timer findings' messages, in the socket findings' wording. */
public final class TaskPhrases {

    private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private TaskPhrases() {
    }


    /** "still alive 2000 ms after the test ended, and the class's teardown did not stop it". */
    public static String after(String state, Attribution attribution, boolean atExit, long lingerMillis,
                               String teardownVerb) {
        TestScope scope = attribution.scope();
        if (scope == null || atExit) {
            return state + " when the run ended";
        }
        if (scope.level() == TestScope.Level.CLASS) {
            return state + " " + lingerMillis + " ms after the class finished";
        }
        if (scope.enclosingClass() == null) {
            return state + " " + lingerMillis + " ms after the test ended";
        }
        return state + " " + lingerMillis + " ms after the test ended, and the class's teardown did not "
                + teardownVerb + " it";
    }

    /** Where to clean up, by owner. */
    public static String where(Attribution attribution) {
        TestScope scope = attribution.scope();
        if (scope != null && scope.level() == TestScope.Level.CLASS) {
            return "in @AfterAll";
        }
        return "in the test or in @AfterEach";
    }





    /** "250 ms", "60 s", "1500 ms". */
    public static String duration(long nanos) {
        long millis = Math.abs(nanos) / 1_000_000;
        if (millis < 10_000 || millis % 1_000 != 0) {
            return millis + " ms";
        }
        return millis / 1_000 + " s";
    }

    public static boolean isJdkFrame(String frame) {
        for (String prefix : JDK_PACKAGES) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first frame that is not in one of {@code plumbing}: the code that asked for the thread or
     * timer. When that frame is the JDK's own, the JDK started it for itself.
     */
    public static String caller(List<String> frames, String... plumbing) {
        for (String frame : frames) {
            boolean skip = false;
            for (String prefix : plumbing) {
                if (frame.startsWith(prefix)) {
                    skip = true;
                    break;
                }
            }
            if (!skip) {
                return frame;
            }
        }
        return null;
    }

    /**
     * Where a live thread is, for a message: the first frame of the program's own code with the
     * top of the stack ("ThreadScenarios.parkForever(...) (at Unsafe.park(...))"), or the top frames
     * when the thread runs JDK code only (an idle pool worker).
     */
    public static String whereNow(List<String> frames) {
        if (frames.isEmpty()) {
            return "(no stack available)";
        }
        for (String frame : frames) {
            if (!isJdkFrame(frame) && !frame.startsWith("dev.leakaudit.agent.")) {
                return frame.equals(frames.get(0)) ? frame : frame + " (at " + frames.get(0) + ")";
            }
        }
        int shown = Math.min(3, frames.size());
        return String.join(" < ", frames.subList(0, shown)) + (frames.size() > shown ? " < ..." : "");
    }
}
