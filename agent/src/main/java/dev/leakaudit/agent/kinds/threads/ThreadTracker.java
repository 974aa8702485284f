package dev.leakaudit.agent.kinds.threads;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.AgentThreadState;
import dev.leakaudit.agent.heap.LoadedClasses;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.bootstrap.TaskBridge;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.TrackedSink;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.kinds.tasks.TaskPhrases;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Finds platform and virtual threads started in a test (or class-level setup) and still alive at
 * its end, after the linger period: finding kind {@code thread}. Threads are kept by id and weak
 * reference only. A thread's end is observed as it happens (advice at thread exit), so the judge
 * decides by when it ended, not by whether it is alive when it looks. The JDK's own threads, test-runner threads and the user's {@code threads}
 * name prefixes are never reported; a pool's worker is named as such, as is a Timer's thread.
 */
public final class ThreadTracker {

    public static final String KIND = "thread";

    /** Names of threads the JDK, the test runners and the agent own. */
    static final List<String> OWNED_NAME_PREFIXES = List.of(
            "ForkJoinPool.commonPool-", "CompletableFutureDelayScheduler", "Common-Cleaner", "Cleaner-", "JFR ", "JFR:", "process reaper",
            "Attach Listener", "Reference Handler", "Finalizer", "Signal Dispatcher", "Notification Thread",
            "VirtualThread-", "Read-Poller", "Write-Poller", "leak-audit", "junit-", "surefire-", "awaitility");

    /** Classes of threads the JDK and the test runners own. */
    static final List<String> OWNED_CLASS_PREFIXES = List.of(
            "jdk.", "sun.", "java.lang.ref.", "org.junit.", "org.apache.maven.surefire.", "org.gradle.",
            "worker.org.gradle.", "com.intellij.rt.", "org.eclipse.jdt.internal.junit", "org.testng.");

    /** Frames between user code and the actual start: the first frame past these asked for the thread. */
    static final String[] START_PLUMBING = {
        "java.lang.Thread.", "java.lang.VirtualThread.", "java.lang.ThreadBuilders", "java.lang.System$",
        "java.util.concurrent.", "java.util.Timer.", "jdk.internal.misc.ThreadFlock", "jdk.internal.vm.",
        "jdk.internal.reflect.", "java.lang.reflect.", "java.lang.invoke."};

    /** Test infrastructure that starts threads for the tests it runs (beyond {@link Exclusions}' list). */
    static final List<String> INFRASTRUCTURE_CALLERS = List.of("org.junit.", "org.awaitility.", "org.testng.",
            "org.apache.maven.surefire.");

    private final TestScopes scopes;
    private final TrackedSink judge;
    private final CallSites sites;
    private final Exclusions exclusions;
    private final List<String> userPrefixes;
    /** Records of tracked threads still running, by thread id, for their exit. */
    private final Map<Long, ThreadRecord> running = new ConcurrentHashMap<>();
    private final PoolCreations pools;

    public ThreadTracker(TestScopes scopes, TrackedSink judge, CallSites sites, Exclusions exclusions,
                         List<String> userPrefixes, PoolCreations pools) {
        this.scopes = scopes;
        this.judge = judge;
        this.sites = sites;
        this.exclusions = exclusions;
        this.userPrefixes = List.copyOf(userPrefixes);
        this.pools = pools;
    }

    /** Where the pool {@code thread} works for was made, or null (not a pool's worker, or made before the agent). */
    List<String> poolCreationOf(Thread thread) {
        CallStack made = thread == null ? null : pools.creationOf(LoadedClasses.poolOf(thread));
        return made == null ? null : made.frames();
    }

    /**
     * A pool worker leaves its loop because its executor was shut down by a finalizer or cleaner,
     * i.e. only because the executor became garbage: its record is marked so, and stays a finding.
     */
    @SuppressWarnings("deprecation") // Thread.threadId() arrived in 19; this runs on 17 too
    public void endedByCollector(Thread thread) {
        ThreadRecord record = running.get(thread.getId());
        if (record != null && record.threadOrNull() == thread) {
            record.markEndedByCollector(thread);
        }
    }

    /** Called by instrumented {@code Thread.start}, on the starting thread. */
    @SuppressWarnings("deprecation") // Thread.threadId() arrived in 19; this runs on 17 too
    public void threadStarted(Thread thread) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            long id = thread.getId();
            if (state.lastStartedThreadId == id) {
                return; // a start that delegated to another instrumented start
            }
            state.lastStartedThreadId = id;
            Attribution attribution = scopes.attributeCurrentThread(state); // outside every test: judged per run
            ThreadRecord record = new ThreadRecord(thread, id, sites.beginningOf(codeOf(thread)), System.currentTimeMillis(),
                    ThreadInfo.current(state), attribution, this);
            running.put(id, record);
            judge.began(record);
            if (!thread.isAlive() && running.remove(id, record)) {
                threadGone(record); // it ran and ended before it was recorded; its exit found nothing
            }
        } finally {
            state.exit();
        }
    }

    /** What identifies where a thread's code is: its task's class, or its own class when it has none. */
    private static Class<?> codeOf(Thread thread) {
        Object task = thread.getClass() == Thread.class ? TaskBridge.threadTask(thread) : null;
        return task != null ? task.getClass() : thread.getClass();
    }

    /** Called at the exit of a platform thread or the end of a virtual thread, on that thread. */
    @SuppressWarnings("deprecation") // Thread.threadId() arrived in 19; this runs on 17 too
    public void threadEnded(Thread thread) {
        ThreadRecord record = running.remove(thread.getId());
        if (record != null && record.threadOrNull() == thread) {
            threadGone(record);
        }
    }

    private void threadGone(ThreadRecord record) {
        if (record.end(System.currentTimeMillis(), "terminated", null)) {
            judge.ended(record);
        }
    }

    /** The JDK's own threads, test infrastructure's, and the {@code threads} option's: never reported. */
    boolean isIgnored(ThreadRecord record) {
        if (record.attribution().scope() == null && scopes.anyScopeSeen()) {
            return true; // started outside every test of a per-test run: the runner's or the program's own
        }
        Thread thread = record.threadOrNull();
        if (thread == null) {
            return true;
        }
        String name = thread.getName();
        for (String prefix : OWNED_NAME_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        for (String prefix : userPrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        String className = thread.getClass().getName();
        for (String prefix : OWNED_CLASS_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        List<String> frames = record.frames();
        String caller = TaskPhrases.caller(frames, START_PLUMBING);
        if (caller == null || TaskPhrases.isJdkFrame(caller)) {
            return true; // the JDK started it for itself (channel groups, HTTP client internals, carriers)
        }
        for (String prefix : INFRASTRUCTURE_CALLERS) {
            if (caller.startsWith(prefix)) {
                return true;
            }
        }
        return exclusions.excludes(frames, StackFrames.site(frames));
    }
}
