package dev.leakaudit.agent.tasks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.LeakDetector;

/**
 * Per-scope bookkeeping and verdicts shared by the thread and timer detectors, with the socket
 * judge's rules: at the end of a test, what it started gets until the linger period (counted from
 * the test's end) to finish; what is still pending waits for the class's teardown, which may still
 * stop it; at the end of the class, what is still pending after the linger period is a finding of
 * the test (or of the class, for class-level setup). Nothing outside a test or class is tracked.
 * No locks: records sit in lock-free queues, one per scope, swept of finished entries as they grow.
 */
public abstract class ScopedTracker<R extends Tracked> implements LeakDetector {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int FIRST_SWEEP = 512;

    /** The records of one scope; swept of resolved records when it has doubled since the last sweep. */
    private static final class Bucket<R extends Tracked> {
        final Queue<R> records = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger();
        final AtomicBoolean sweeping = new AtomicBoolean();
        volatile int sweepAt = FIRST_SWEEP;

        void add(R record) {
            records.add(record);
            if (size.incrementAndGet() >= sweepAt && sweeping.compareAndSet(false, true)) {
                try {
                    int kept = 0;
                    for (Iterator<R> it = records.iterator(); it.hasNext(); ) {
                        if (it.next().isPending()) {
                            kept++;
                        } else {
                            it.remove();
                        }
                    }
                    size.set(kept);
                    sweepAt = Math.max(FIRST_SWEEP, kept * 2);
                } finally {
                    sweeping.set(false);
                }
            }
        }
    }

    private final Map<TestScope, Bucket<R>> live = new ConcurrentHashMap<>();
    private final Map<TestScope, Queue<R>> heldForClass = new ConcurrentHashMap<>();
    protected final long lingerMillis;

    protected ScopedTracker(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    /** Records what the current scope started; called from instrumented code (no lambdas, no locks). */
    protected final void track(R record) {
        TestScope scope = record.attribution().scope();
        if (scope == null) {
            return;
        }
        Bucket<R> bucket = live.get(scope);
        if (bucket == null) {
            Bucket<R> created = new Bucket<>();
            bucket = live.putIfAbsent(scope, created);
            if (bucket == null) {
                bucket = created;
            }
        }
        bucket.add(record);
    }

    /** True for records that are never reported: the JDK's own, test infrastructure, user excludes. */
    protected abstract boolean isIgnored(R record);

    /** The finding for a record still pending; null to drop it. */
    protected abstract Finding finding(R record, boolean atExit);

    @Override
    public final List<Finding> scopeFinished(TestScope scope) {
        long deadline = scope.endedAtMillis() + lingerMillis;
        if (scope.level() == TestScope.Level.TEST) {
            List<R> pending = takePending(scope);
            awaitResolved(pending, deadline);
            TestScope enclosingClass = scope.enclosingClass();
            if (pending.isEmpty()) {
                return List.of();
            }
            if (enclosingClass != null && !enclosingClass.hasEnded()) {
                hold(enclosingClass, pending); // the class's teardown may still stop it
                return List.of();
            }
            return findings(pending, false);
        }
        List<R> watched = new ArrayList<>();
        Queue<R> held = heldForClass.remove(scope);
        if (held != null) {
            watched.addAll(held);
        }
        watched.addAll(takePending(scope));
        for (TestScope owner : new ArrayList<>(live.keySet())) {
            if (owner.hasEnded() && owner.enclosingClass() == scope) {
                watched.addAll(takePending(owner)); // started by a test's leftovers after it ended
            }
        }
        awaitResolved(watched, deadline);
        return findings(watched, false);
    }

    @Override
    public final List<Finding> runFinished(boolean atExit) {
        List<R> watched = new ArrayList<>();
        for (TestScope key : new ArrayList<>(heldForClass.keySet())) {
            Queue<R> held = heldForClass.remove(key);
            if (held != null) {
                watched.addAll(held);
            }
        }
        for (TestScope key : new ArrayList<>(live.keySet())) {
            if (atExit || key.hasEnded()) {
                watched.addAll(takePending(key));
            }
        }
        awaitResolved(watched, System.currentTimeMillis() + (atExit ? 0 : lingerMillis));
        return findings(watched, atExit);
    }

    private void hold(TestScope enclosingClass, List<R> records) {
        Queue<R> queue = heldForClass.get(enclosingClass);
        if (queue == null) {
            Queue<R> created = new ConcurrentLinkedQueue<>();
            queue = heldForClass.putIfAbsent(enclosingClass, created);
            if (queue == null) {
                queue = created;
            }
        }
        queue.addAll(records);
    }

    /** Removes a scope's records; keeps those still pending and not ignored. */
    private List<R> takePending(TestScope scope) {
        Bucket<R> bucket = live.remove(scope);
        List<R> pending = new ArrayList<>();
        if (bucket == null) {
            return pending;
        }
        for (R record : bucket.records) {
            try {
                if (record.isPending() && !isIgnored(record)) {
                    pending.add(record);
                }
            } catch (RuntimeException | LinkageError e) {
                // a record that cannot be judged is dropped, never reported wrongly
            }
        }
        return pending;
    }

    /** Polls until nothing is pending or the deadline passed; leaves only the records still pending. */
    private static <R extends Tracked> void awaitResolved(List<R> records, long deadlineMillis) {
        while (true) {
            for (Iterator<R> it = records.iterator(); it.hasNext(); ) {
                if (resolved(it.next())) {
                    it.remove();
                }
            }
            if (records.isEmpty() || System.currentTimeMillis() >= deadlineMillis) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static boolean resolved(Tracked record) {
        try {
            return !record.isPending();
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    private List<Finding> findings(List<R> records, boolean atExit) {
        List<Finding> result = new ArrayList<>();
        for (R record : records) {
            try {
                Finding finding = finding(record, atExit);
                if (finding != null) {
                    result.add(finding);
                }
            } catch (RuntimeException | LinkageError e) {
                // never let one odd thread or timer cost the others their findings
            }
        }
        return result;
    }
}
