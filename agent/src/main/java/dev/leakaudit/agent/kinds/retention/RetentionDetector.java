package dev.leakaudit.agent.kinds.retention;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.heap.LoadedClasses;
import dev.leakaudit.agent.heap.ReferencePaths;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.config.UserCodeOptions;
import dev.leakaudit.agent.kinds.sockets.ResourceLedger;
import dev.leakaudit.agent.kinds.sockets.ResourceRecord;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.LeakDetector;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.format.Severity;
import dev.leakaudit.agent.config.Diagnostics;

/**
 * LeakCanary's idea for connections: once a socket or channel is closed, it and the buffers only
 * it used should become garbage. At the point chosen by option {@code retention} (after each test,
 * after each class, or at the end of the run (default)) the closed resources of that scope that
 * are still reachable, and the buffers used by one closed connection only, are watched through
 * weak references while garbage collection is forced (bounded). What survives is reported:
 * {@code retained} for a socket or channel, {@code buffer} for a buffer that still holds data,
 * each with its reference path from a static field ({@link ReferencePaths}) when one is found.
 *
 * <p>Not reported: a test class's own fixtures, held by its static fields directly or through
 * plain fields (a server closed in {@code @AfterAll}; a connection it keeps in a collection is reported),
 * buffers later used by another connection (pooled) or cleared (position 0, limit at capacity:
 * returned to a pool), buffers back in a pool's free list or cache ({@link BufferPools}), buffers
 * of a connection that is itself reported as retained, and anything
 * when forced collections do not collect (e.g. {@code -XX:+DisableExplicitGC}). No collection is
 * forced when nothing closed in the scope is still reachable.
 */
public final class RetentionDetector implements LeakDetector {

    /** -Dleakaudit.retention.stats=true: also prints what each reference path search cost. */
    private static final boolean STATS = Diagnostics.RETENTION_STATS;

    private final UserCodeOptions.Retention mode;
    private final ResourceLedger ledger;
    private final BufferLedger buffers;
    private final TestScopes scopes;
    private final FindingContext findings;
    private final Set<ResourceRecord> checked = Collections.newSetFromMap(new WeakHashMap<>());
    private final AtomicBoolean warnedIneffective = new AtomicBoolean();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong checkNanos = new AtomicLong();
    private volatile boolean ranAtPlanEnd;
    private final List<TestScope> deferred = new ArrayList<>();

    public RetentionDetector(UserCodeOptions.Retention mode, ResourceLedger ledger, BufferLedger buffers,
                             TestScopes scopes, FindingContext findings) {
        this.mode = mode;
        this.ledger = ledger;
        this.buffers = buffers;
        this.scopes = scopes;
        this.findings = findings;
    }

    /**
     * With {@code retention=test} or {@code class}, a scope is checked at the next scope's end (or the
     * run's), not its own: until then the JUnit Platform still holds the test instance, whose own
     * fields (a server closed in {@code @AfterEach}) are the test's, not something retained.
     */
    @Override
    public List<Finding> scopeFinished(TestScope scope) {
        if (mode == UserCodeOptions.Retention.TEST
                || (mode == UserCodeOptions.Retention.CLASS && scope.level() == TestScope.Level.CLASS)) {
            List<Finding> found = checkDeferred();
            synchronized (deferred) {
                deferred.add(scope);
            }
            return found;
        }
        return List.of();
    }

    @Override
    public List<Finding> runFinished(boolean atExit) {
        if (mode != UserCodeOptions.Retention.RUN) {
            return atExit && ranAtPlanEnd ? List.of() : checkDeferred();
        }
        if (atExit && ranAtPlanEnd) {
            return List.of(); // at exit only for a program without a test plan: the JVM is on its way out
        }
        ranAtPlanEnd = !atExit;
        return check(null, null);
    }

    private List<Finding> checkDeferred() {
        List<TestScope> due;
        synchronized (deferred) {
            due = new ArrayList<>(deferred);
            deferred.clear();
        }
        List<Finding> found = new ArrayList<>();
        for (TestScope scope : due) {
            found.addAll(check(scope, scope.level() == TestScope.Level.CLASS ? scope : scope.enclosingClass()));
        }
        return found;
    }

    /** Cumulative cost, for the benchmark: checks run, forced collections, total milliseconds. */
    public String costSummary() {
        return "retention checks: " + checks.get() + ", forced collections: " + collections.get() + ", total "
                + checkNanos.get() / 1_000_000 + " ms";
    }

    /**
     * Checks what was closed within {@code scope} (everything scoped, when null); {@code testClass}
     * is the class whose static state counts as the test's own.
     */
    private List<Finding> check(TestScope scope, TestScope testClass) {
        long started = System.nanoTime();
        List<ResourceRecord> closed = new ArrayList<>();
        for (ResourceRecord record : ledger.closedStillReachable()) {
            TestScope owner = record.attribution().scope();
            if (owner != null && (scope == null || owner.isWithin(scope)) && markChecked(record)
                    && !findings.isExcluded(record.creation().frames())
                    && !findings.isJdkComponentsOwn(record.creation().frames())) {
                closed.add(record);
            }
        }
        List<BufferUse> soleUse = new ArrayList<>();
        for (BufferUse use : buffers.all()) {
            ResourceRecord channel = use.channel();
            TestScope owner = channel.attribution().scope();
            if (!use.isChecked() && !use.isShared() && channel.closeCalls() > 0 && owner != null
                    && (scope == null || owner.isWithin(scope))) {
                use.markChecked();
                if (!findings.isExcluded(channel.creation().frames())
                        && !findings.isJdkComponentsOwn(channel.creation().frames())) {
                    soleUse.add(use);
                }
            }
        }
        if (closed.isEmpty() && soleUse.isEmpty()) {
            return List.of(); // nothing to watch: no collection forced
        }
        checks.incrementAndGet();
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        List<WeakReference<Object>> watchedRecords = watch(closed, queue);
        List<WeakReference<Object>> watchedBuffers = watchBuffers(soleUse, queue);
        List<WeakReference<Object>> all = new ArrayList<>(watchedRecords);
        all.addAll(watchedBuffers);
        GarbageCollection.Outcome outcome = GarbageCollection.await(all, queue,
                Math.max(200, Math.min(2000, findings.lingerMillis())));
        collections.addAndGet(outcome.rounds);
        List<Finding> result = new ArrayList<>();
        if (!outcome.effective) {
            if (warnedIneffective.compareAndSet(false, true)) {
                System.err.println("[leak-audit] retention check skipped: System.gc() did not collect garbage "
                        + "(-XX:+DisableExplicitGC?); set retention=off to silence this.");
            }
        } else {
            judge(closed, watchedRecords, soleUse, watchedBuffers, testClassesOf(testClass), outcome, scope, result);
        }
        checkNanos.addAndGet(System.nanoTime() - started);
        return result;
    }

    private synchronized boolean markChecked(ResourceRecord record) {
        return checked.add(record);
    }

    /** Weak references to the resources, made in a frame of their own so that no strong reference lingers. */
    private static List<WeakReference<Object>> watch(List<ResourceRecord> records, ReferenceQueue<Object> queue) {
        List<WeakReference<Object>> references = new ArrayList<>(records.size());
        for (ResourceRecord record : records) {
            references.add(new WeakReference<>(record.resourceOrNull(), queue));
        }
        return references;
    }

    private static List<WeakReference<Object>> watchBuffers(List<BufferUse> uses, ReferenceQueue<Object> queue) {
        List<WeakReference<Object>> references = new ArrayList<>(uses.size());
        for (BufferUse use : uses) {
            references.add(new WeakReference<>(use.bufferOrNull(), queue));
        }
        return references;
    }

    private void judge(List<ResourceRecord> closed, List<WeakReference<Object>> watchedRecords,
                       List<BufferUse> soleUse, List<WeakReference<Object>> watchedBuffers,
                       List<Class<?>> testClasses, GarbageCollection.Outcome outcome, TestScope scope,
                       List<Finding> result) {
        Set<Object> survivors = Collections.newSetFromMap(new IdentityHashMap<>());
        for (WeakReference<Object> reference : watchedRecords) {
            addIfPresent(survivors, reference.get());
        }
        for (int i = 0; i < soleUse.size(); i++) {
            if (!soleUse.get(i).isShared() && holdsData(watchedBuffers.get(i).get())) {
                addIfPresent(survivors, watchedBuffers.get(i).get());
            }
        }
        if (survivors.isEmpty()) {
            return;
        }
        Set<Object> heldByTest = TestClassReachability.heldBy(testClasses, survivors);
        survivors.removeAll(heldByTest);
        heldByTest.clear();
        if (survivors.isEmpty()) {
            return;
        }
        List<Class<?>> roots = new ArrayList<>(TestClassReachability.roots(testClasses));
        int testRoots = roots.size();
        roots.addAll(LoadedClasses.initializedProgramClasses());
        long searching = System.nanoTime();
        Map<Object, List<String>> paths = ReferencePaths.find(roots, LoadedClasses.liveThreads(), survivors);
        if (STATS) {
            System.err.println("[leak-audit] retention: reference paths for " + survivors.size() + " objects ("
                    + paths.size() + " found) from " + roots.size() + " classes in "
                    + (System.nanoTime() - searching) / 1_000_000 + " ms");
        }
        survivors.removeIf(survivor -> isTestInstanceField(paths.get(survivor), roots.subList(0, testRoots)));
        Set<ResourceRecord> retained = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < closed.size(); i++) {
            Object resource = watchedRecords.get(i).get();
            if (resource != null && survivors.contains(resource)) {
                retained.add(closed.get(i));
                result.add(retainedFinding(closed.get(i), outcome, scope, paths.get(resource)));
            }
        }
        for (int i = 0; i < soleUse.size(); i++) {
            Object buffer = watchedBuffers.get(i).get();
            BufferUse use = soleUse.get(i);
            if (buffer != null && survivors.contains(buffer)
                    && !retained.contains(use.channel()) && !use.isShared() && !BufferPools.inFreeList(paths.get(buffer))) {
                result.add(bufferFinding(use, (ByteBuffer) buffer, outcome, scope, paths.get(buffer)));
            }
        }
        survivors.clear();
        paths.clear();
    }

    /**
     * True when the last step of a path is an instance field of a test class: the object is a test
     * instance's own fixture (a server closed in {@code @AfterEach}), kept only because something
     * still holds the instance (e.g. a thread the test left running, reported as such).
     */
    private static boolean isTestInstanceField(List<String> path, List<Class<?>> testRoots) {
        if (path == null || path.size() < 2) {
            return false;
        }
        String last = path.get(path.size() - 1);
        int dot = last.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        String holder = last.substring(0, dot);
        for (Class<?> root : testRoots) {
            if (ReferencePaths.name(root).equals(holder)) {
                return true;
            }
        }
        return false;
    }

    /** " Held by: A.FIELD -> ConcurrentHashMap -> Conn.socket." or why there is no path. */
    private static String heldBy(List<String> path) {
        if (path == null) {
            return " No reference path from a static field or a live thread was found: it is held from a "
                    + "thread's local variables, a thread-local or an object of the JDK.";
        }
        return " Held by: " + String.join(" -> ", path) + '.';
    }

    private static void addIfPresent(Set<Object> set, Object value) {
        if (value != null) {
            set.add(value);
        }
    }

    /**
     * A cleared buffer (position 0, limit at capacity) holds nothing pending: it was reset for reuse.
     * Nor does a flipped buffer read to its end (position at a limit below capacity), as a pool
     * that clears on take gets its buffers back.
     */
    private static boolean holdsData(Object buffer) {
        if (!(buffer instanceof ByteBuffer)) {
            return false;
        }
        ByteBuffer bytes = (ByteBuffer) buffer;
        boolean cleared = bytes.position() == 0 && bytes.limit() == bytes.capacity();
        boolean drained = bytes.position() == bytes.limit() && bytes.limit() != bytes.capacity();
        return !cleared && !drained;
    }

    private List<Class<?>> testClassesOf(TestScope testClass) {
        List<String> names = new ArrayList<>();
        if (testClass != null) {
            names.add(testClass.name());
        } else {
            for (TestScope seen : scopes.seen()) {
                if (seen.level() == TestScope.Level.CLASS) {
                    names.add(seen.name());
                }
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            Class<?> type = load(name);
            if (type != null) {
                classes.add(type);
            }
        }
        return classes;
    }

    private static Class<?> load(String name) {
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()};
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
                // not a class name (a display name), or not visible here
            }
        }
        return null;
    }

    private static String checkedAt(TestScope scope) {
        if (scope == null) {
            return "at the end of the run";
        }
        return scope.level() == TestScope.Level.CLASS ? "after the end of class " + scope.name()
                : "after the end of test " + scope.name();
    }

    private Finding retainedFinding(ResourceRecord record, GarbageCollection.Outcome outcome, TestScope scope,
                                    List<String> path) {
        List<String> frames = record.creation().frames();
        String site = StackFrames.site(frames);
        String message = Phrases.simpleName(record.className()) + " (" + record.kind().noun() + ") opened "
                + Phrases.scope(record.attribution()) + " was closed " + (record.firstClose() == null ? "" : "at ")
                + record.firstCloseDescription()
                + " but is still strongly reachable after " + outcome.rounds + " forced garbage collection"
                + (outcome.rounds == 1 ? "" : "s") + " (" + checkedAt(scope) + "): something still refers to it, "
                + "e.g. a connection record never removed from a map." + heldBy(path) + " Opened at " + site
                + " on thread " + Phrases.threadLabel(record.openingThread()) + '.'
                + Phrases.uncertainty(record.attribution(), record.openingThread())
                + " Drop every reference to a connection in its close path (remove it from maps, lists and "
                + "listeners).";
        return Finding.builder()
                .kind("retained")
                .severity(Severity.LEAK)
                .resourceClass(record.className())
                .resourceId(record.id())
                .attribution(record.attribution())
                .thread(record.openingThread().name(), record.openingThread().id(), record.openingThread().isVirtual())
                .openedAtMillis(record.openedAtMillis())
                .site(site)
                .stack(findings.reportFrames(frames))
                .referencePath(path)
                .message(message)
                .build();
    }

    private Finding bufferFinding(BufferUse use, ByteBuffer buffer, GarbageCollection.Outcome outcome,
                                  TestScope scope, List<String> path) {
        ResourceRecord channel = use.channel();
        List<String> frames = StackFrames.allFrames(use.firstUse());
        String site = StackFrames.site(frames);
        boolean small = BufferPools.isSmallHeap(buffer);
        String state = "capacity " + buffer.capacity() + ", position " + buffer.position() + ", limit "
                + buffer.limit();
        String message = Phrases.simpleName(use.bufferClass()) + " (" + state + "), used only by "
                + Phrases.simpleName(channel.className()) + " #" + channel.id() + " ("
                + channel.kind().noun() + " opened " + Phrases.scope(channel.attribution()) + " at "
                + StackFrames.site(channel.creation().frames()) + ", closed "
                + (channel.firstClose() == null ? "" : "at ") + channel.firstCloseDescription() + "), still holds data and is "
                + "strongly reachable after " + outcome.rounds + " forced garbage collection"
                + (outcome.rounds == 1 ? "" : "s") + " (" + checkedAt(scope) + "): pending data kept after its "
                + "connection closed." + heldBy(path) + " First used at " + site + " on thread "
                + Phrases.threadLabel(use.thread()) + ". Release a connection's buffers when it closes (clear pending queues), or return them to a pool."
                + (small ? " A note, not a leak: a heap buffer of " + buffer.capacity()
                        + " bytes keeps little and the collector takes it with its holder." : "");
        return Finding.builder()
                .kind("buffer")
                .severity(small ? Severity.NOTE : Severity.LEAK)
                .bytes(buffer.capacity())
                .resourceClass(use.bufferClass())
                .resourceId(use.id())
                .attribution(channel.attribution())
                .thread(use.thread().name(), use.thread().id(), use.thread().isVirtual())
                .openedAtMillis(use.firstUseMillis())
                .site(site)
                .stack(findings.reportFrames(frames))
                .referencePath(path)
                .message(message)
                .build();
    }
}
