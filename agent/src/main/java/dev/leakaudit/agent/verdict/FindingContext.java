package dev.leakaudit.agent.verdict;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.stacks.CallStack;

/**
 * What every kind needs to word its findings, and knows no kind itself: the report's stack frames,
 * the excludes, the linger period, whether the JDK's own things are reported, the thread stacks of
 * a batch of verdicts, and the sentences every kind shares. Each kind builds its findings in its
 * own package from these.
 */
public final class FindingContext {

    private final StackFrames stacks;
    private final Exclusions exclusions;
    private final long lingerMillis;
    private final JdkOwnership jdk;
    /** Sockets and channels whose finding was left out as the JDK's own ({@code jdkOwned=omit}), by resource id. */
    private final Set<Long> jdkOwnedLeftOut = ConcurrentHashMap.newKeySet();
    /** Stacks of every platform thread, taken once per batch of verdicts (one safepoint, not one per thread). */
    private Map<Thread, StackTraceElement[]> threadStacks;

    public FindingContext(StackFrames stacks, Exclusions exclusions, long lingerMillis) {
        this(stacks, exclusions, lingerMillis, new JdkOwnership(false));
    }

    public FindingContext(StackFrames stacks, Exclusions exclusions, long lingerMillis, JdkOwnership jdk) {
        this.stacks = stacks;
        this.exclusions = exclusions;
        this.lingerMillis = lingerMillis;
        this.jdk = jdk;
    }

    /**
     * True when a creation stack has no frame of the program and JDK-owned findings are left out
     * (the default): the JDK's own internals are not the program's findings.
     */
    public boolean isLeftOutAsJdkOwned(List<String> frames) {
        return !jdk.reportsJdkOwned() && JdkOwnership.ownerOf(frames) != null;
    }

    /** Left out as the JDK's own: true, and counted once per resource (by id) for the report's summary. */
    public boolean leftOutAsJdkOwned(long id, List<String> frames) {
        if (!isLeftOutAsJdkOwned(frames)) {
            return false;
        }
        jdkOwnedLeftOut.add(id);
        return true;
    }

    /**
     * The verdict on a resource found no finding: counted when that is because the JDK's own
     * internals opened it (not excluded). Called once a verdict is made, never for a look ahead of it.
     */
    public void countIfLeftOutAsJdkOwned(long id, List<String> frames) {
        if (!exclusions.excludes(frames, StackFrames.site(frames))) {
            leftOutAsJdkOwned(id, frames);
        }
    }

    /** How many sockets and channels had a finding left out as the JDK's own ({@code jdkOwned=omit}). */
    public int jdkOwnedLeftOut() {
        return jdkOwnedLeftOut.size();
    }

    /**
     * True when a resource's lifetime is a JDK component's to manage, not the program's: it was
     * created by the JDK's own internals, or through a JDK component such as {@code HttpServer.create}
     * or {@code HttpURLConnection}, which keeps and closes it itself. Such resources are not checked
     * for retention (whatever {@code jdkOwned} says: what a JDK object keeps is the JDK's design).
     */
    public boolean isJdkComponentsOwn(List<String> frames) {
        return JdkOwnership.ownerOf(frames) != null || JdkOwnership.componentBeforeSite(frames) != null;
    }

    /** "at com.acme.Pool.open(Pool.java:20)", or, for the JDK's own, "by JDK HttpServer internals (...)". */
    public static String openedWhere(String site, String owner) {
        return owner == null ? "at " + site
                : "by " + owner + " internals (no frame of the program on its creation stack)";
    }

    /** A batch of verdicts starts: thread stacks are taken at most once for all of it. Judge's lock held. */
    public void startBatch() {
        threadStacks = null;
    }

    /** The batch ended: the stacks (and the threads they name) are let go. */
    public void endBatch() {
        threadStacks = null;
    }

    /** What {@code thread} is doing now; all platform threads' stacks are taken once per batch of verdicts. */
    public StackTraceElement[] currentStackOf(Thread thread) {
        if (!ThreadInfo.isVirtual(thread)) {
            Map<Thread, StackTraceElement[]> all = threadStacks;
            if (all == null) {
                all = Thread.getAllStackTraces();
                threadStacks = all;
            }
            StackTraceElement[] stack = all.get(thread);
            if (stack != null) {
                return stack;
            }
        }
        return thread.getStackTrace();
    }

    /** Report frames of a stack: bounded by {@code stackdepth}, shared with identical stacks of other findings. */
    public List<String> reportFrames(List<String> allFrames) {
        return stacks.reportFrames(allFrames);
    }

    /** True when a stack marks its object as test infrastructure or a user exclude. */
    public boolean isExcluded(List<String> allFrames) {
        return exclusions.excludes(allFrames, StackFrames.site(allFrames));
    }

    public long lingerMillis() {
        return lingerMillis;
    }

    public StackFrames stacks() {
        return stacks;
    }

    public Exclusions exclusions() {
        return exclusions;
    }

    /** The frames of a stack joined for a JFR string field. */
    public String stackText(CallStack captured) {
        return captured == null ? "" : String.join("\n", stacks.reportFrames(captured.frames()));
    }

    /** "was still open 2000 ms after the test ended, and the class's teardown did not close it" and the like. */
    public String stillOpenPhrase(Attribution attribution, boolean atExit) {
        TestScope scope = attribution.scope();
        if (scope == null || atExit) {
            return "was still open when the run ended";
        }
        if (scope.level() == TestScope.Level.CLASS) {
            return "was still open " + lingerMillis + " ms after the class finished";
        }
        return "was still open " + lingerMillis + " ms after the test ended, and the class's teardown did not close it";
    }

    /** " Close it in the test (try-with-resources) or in @AfterEach." and the like, by who owns it. */
    public static String closeAdvice(Attribution attribution) {
        TestScope scope = attribution.scope();
        if (scope == null) {
            return " Close it before the program exits.";
        }
        if (scope.level() == TestScope.Level.CLASS) {
            return " Close it in @AfterAll.";
        }
        return " Close it in the test (try-with-resources) or in @AfterEach.";
    }
}
