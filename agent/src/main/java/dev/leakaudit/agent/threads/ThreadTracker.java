package dev.leakaudit.agent.threads;

import java.util.List;
import java.util.concurrent.ForkJoinWorkerThread;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.ReentrancyGuard;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.tasks.ScopedTracker;
import dev.leakaudit.agent.tasks.TaskPhrases;
import dev.leakaudit.agent.verdict.Exclusions;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Finds platform and virtual threads started in a test (or class-level setup) and still alive at
 * its end, after the linger period: finding kind {@code thread}. Threads are kept by id and weak
 * reference only. The JDK's own threads, test-runner threads and the user's {@code threads}
 * name prefixes are never reported; a pool's worker is named as such, as is a Timer's thread.
 */
public final class ThreadTracker extends ScopedTracker<ThreadRecord> {

    public static final String KIND = "thread";

    /** Names of threads the JDK, the test runners and the agent own. */
    static final List<String> OWNED_NAME_PREFIXES = List.of(
            "ForkJoinPool.commonPool-", "CompletableFutureDelayScheduler", "Common-Cleaner", "Cleaner-", "JFR ", "JFR:", "process reaper",
            "Attach Listener", "Reference Handler", "Finalizer", "Signal Dispatcher", "Notification Thread",
            "VirtualThread-", "Read-Poller", "Write-Poller", "leak-audit", "junit-", "surefire-", "awaitility");

    /** Classes of threads the JDK and the test runners own. */
    static final List<String> OWNED_CLASS_PREFIXES = List.of(
            "jdk.", "sun.", "java.lang.ref.", "org.junit.", "org.apache.maven.surefire.", "org.gradle.",
            "worker.org.gradle.", "com.intellij.rt.", "org.eclipse.jdt.internal.junit");

    /** Frames between user code and the actual start: the first frame past these asked for the thread. */
    static final String[] START_PLUMBING = {
        "java.lang.Thread.", "java.lang.VirtualThread.", "java.lang.ThreadBuilders", "java.lang.System$",
        "java.util.concurrent.", "java.util.Timer.", "jdk.internal.misc.ThreadFlock", "jdk.internal.vm.",
        "jdk.internal.reflect.", "java.lang.reflect.", "java.lang.invoke."};

    /** Test infrastructure that starts threads for the tests it runs (beyond {@link Exclusions}' list). */
    static final List<String> INFRASTRUCTURE_CALLERS = List.of("org.junit.", "org.awaitility.");

    private static final ThreadLocal<long[]> LAST_STARTED = new LastStarted();

    private final TestScopes scopes;
    private final StackFrames stacks;
    private final Exclusions exclusions;
    private final List<String> userPrefixes;

    public ThreadTracker(TestScopes scopes, StackFrames stacks, Exclusions exclusions, List<String> userPrefixes,
                         long lingerMillis) {
        super(lingerMillis);
        this.scopes = scopes;
        this.stacks = stacks;
        this.exclusions = exclusions;
        this.userPrefixes = List.copyOf(userPrefixes);
    }

    /** The id of the thread this thread started last; no lambda, as it is first used inside advice. */
    private static final class LastStarted extends ThreadLocal<long[]> {
        @Override
        protected long[] initialValue() {
            return new long[] {-1};
        }
    }

    /** Called by instrumented {@code Thread.start}, on the starting thread. */
    @SuppressWarnings("deprecation") // Thread.threadId() arrived in 19; this runs on 17 too
    public void threadStarted(Thread thread) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            long id = thread.getId();
            long[] last = LAST_STARTED.get();
            if (last[0] == id) {
                return; // a start that delegated to another instrumented start
            }
            last[0] = id;
            Attribution attribution = scopes.attributeCurrentThread();
            if (attribution.scope() == null) {
                return;
            }
            track(new ThreadRecord(thread, id, new Throwable("started here"), System.currentTimeMillis(),
                    ThreadInfo.current(), attribution));
        } finally {
            ReentrancyGuard.exit();
        }
    }

    @Override
    protected boolean isIgnored(ThreadRecord record) {
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

    @Override
    protected Finding finding(ThreadRecord record, boolean atExit) {
        Thread thread = record.threadOrNull();
        if (thread == null || isIgnored(record)) {
            return null;
        }
        String name = thread.getName();
        boolean virtual = ThreadInfo.isVirtual(thread);
        String className = thread.getClass().getName();
        Throwable now = new Throwable();
        now.setStackTrace(thread.getStackTrace());
        List<String> current = StackFrames.allFrames(now);
        Role role = Role.of(thread, record.frames(), current);
        thread = null; // no strong reference beyond this point

        List<String> frames = record.frames();
        String site = StackFrames.site(frames);
        Attribution attribution = record.attribution();
        String message = (virtual ? "Virtual thread " : "Thread ") + Phrases.threadLabel(name, record.threadId(), false)
                + role.phrase + ' ' + Phrases.owner("started", attribution) + " was "
                + TaskPhrases.after("still alive", attribution, atExit, lingerMillis, "stop")
                + ". start() was called at " + site + " on thread " + Phrases.threadLabel(record.starter())
                + "; it is now in " + TaskPhrases.whereNow(current) + '.'
                + Phrases.uncertainty(attribution, record.starter())
                + ' ' + role.advice + ' ' + TaskPhrases.where(attribution) + '.';
        return Finding.builder()
                .kind(KIND)
                .severity(Finding.Severity.LEAK)
                .resourceClass(className)
                .resourceId(record.threadId())
                .attribution(attribution)
                .thread(name, record.threadId(), virtual)
                .openedAtMillis(record.startedAtMillis())
                .site(site)
                .stack(stacks.reportFrames(frames))
                .currentStack(stacks.reportFrames(current))
                .message(message)
                .build();
    }

    /** What a thread is to the program, from its class and its stacks. */
    enum Role {
        POOL_WORKER(", the worker of a ThreadPoolExecutor never shut down,",
                "Shut the executor down and await its termination (shutdown() and awaitTermination())"),
        SCHEDULED_WORKER(", the worker of a ScheduledThreadPoolExecutor never shut down,",
                "Shut the scheduled executor down and await its termination (shutdown() and awaitTermination())"),
        FORK_JOIN_WORKER(", a worker of a ForkJoinPool never shut down,",
                "Shut the pool down and await its termination (shutdown() and awaitTermination())"),
        PER_TASK(", a thread of a thread-per-task executor that was never closed,",
                "Close the executor (close(), or shutdown() and awaitTermination()), which waits for its tasks,"),
        TIMER(", the thread of a java.util.Timer never cancelled,", "Cancel the Timer (Timer.cancel())"),
        PLAIN("", "Make it finish and join it (Thread.join())");

        final String phrase;
        final String advice;

        Role(String phrase, String advice) {
            this.phrase = phrase;
            this.advice = advice;
        }

        static Role of(Thread thread, List<String> startFrames, List<String> currentFrames) {
            if (thread.getClass().getName().equals("java.util.TimerThread")) {
                return TIMER;
            }
            if (thread instanceof ForkJoinWorkerThread) {
                return FORK_JOIN_WORKER;
            }
            boolean poolWorker = false;
            boolean scheduled = false;
            boolean perTask = false;
            for (String frame : startFrames) {
                poolWorker |= frame.startsWith("java.util.concurrent.ThreadPoolExecutor.addWorker(");
                scheduled |= frame.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor.");
                perTask |= frame.startsWith("java.util.concurrent.ThreadPerTaskExecutor.");
            }
            for (String frame : currentFrames) {
                poolWorker |= frame.startsWith("java.util.concurrent.ThreadPoolExecutor.runWorker(");
                scheduled |= frame.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.");
            }
            if (poolWorker) {
                return scheduled ? SCHEDULED_WORKER : POOL_WORKER;
            }
            return perTask ? PER_TASK : PLAIN;
        }
    }


}
