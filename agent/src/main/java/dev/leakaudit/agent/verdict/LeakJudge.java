package dev.leakaudit.agent.verdict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.ledger.TrackedSink;
import dev.leakaudit.agent.config.Diagnostics;

/**
 * The one place where a verdict is made, for every kind (sockets, channels, timers, threads,
 * handlers). Everything tracked records when it ended, so nothing waits at the end of a test:
 *
 * <ul>
 *   <li>A thing's deadline is {@code linger} after its owner's end: the test's class for a test's
 *   things (so the class's teardown may still end them), the class for a class's own, the test for
 *   a test outside any class, the run's end for the run's.</li>
 *   <li>Ended by its deadline: clean (ended within linger of its test, or withdrawn by the class's
 *   teardown). Still open at its deadline, or ended after it: a finding of its owner. Collected
 *   without ever ending (a socket): a finding at once.</li>
 *   <li>Verdicts are made when a class ends, for whatever has reached its deadline; the rest is
 *   carried forward. Only the end of the run may wait, once, at most {@code linger}, for things
 *   still open and younger than that.</li>
 * </ul>
 * What a shared fixture holds (a server kept in a static holder for the whole run, and what its
 * threads accept and start) is the run's: recognised at the verdict, listed, never reported
 * ({@link SharedFixtures}).
 * Things whose end no instrumentation observes (a timer that fired, a socket closed by a path not
 * instrumented) are stamped as ended when a sweep at a test's end or class's end first sees them over.
 */
public final class LeakJudge implements TrackedSink {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int FIRST_SWEEP = 4096;
    /** -Dleakaudit.timing=true prints what each class end cost (for scripts/bench/real-suite.sh). */
    private static final boolean TIMING = Diagnostics.TIMING;

    private final FindingContext findings;
    private final FindingLog log;
    private final long lingerMillis;
    /**
     * Appended to as things begin (the cheapest concurrent add); things that ended in time leave it
     * at the next sweep or verdict, not as they end, so an open and its close cost no map updates.
     */
    private final Queue<Tracked> undecided = new ConcurrentLinkedQueue<>();
    private volatile int undecidedCount; // as of the last sweep, plus what began since (racy: only paces sweeps)
    private final List<LeakDetector> detectors = new CopyOnWriteArrayList<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile int sweepAt = FIRST_SWEEP;
    private int beganSinceCheck; // racy on purpose: only paces the size check
    private volatile SharedFixtures fixtures;
    private long fixtureNanos; // time spent recognising shared fixtures (for -Dleakaudit.timing); under the lock

    public LeakJudge(FindingContext findings, FindingLog log, long lingerMillis) {
        this.findings = findings;
        this.log = log;
        this.lingerMillis = lingerMillis;
    }

    /** What is kept for the whole run on purpose is recognised by {@code fixtures}, not reported. */
    public void recogniseFixturesWith(SharedFixtures fixtures) {
        this.fixtures = fixtures;
    }

    /** The shared fixtures recognised so far, for the report. */
    public List<SharedFixtures.Group> sharedFixtures() {
        SharedFixtures recogniser = fixtures;
        return recogniser == null ? List.of() : recogniser.groups();
    }

    /** Sockets and channels left out as the JDK's own ({@code jdkOwned=omit}), for the report's summary. */
    public int jdkOwnedLeftOut() {
        return findings.jdkOwnedLeftOut();
    }

    /** Adds a detector of a kind that is not a tracked thing (retention, idempotent cleanup). */
    public void addDetector(LeakDetector detector) {
        detectors.add(detector);
    }

    // ---- what instrumentation reports (no locks, no waiting) ----

    @Override
    public void began(Tracked tracked) {
        undecided.add(tracked);
        if ((++beganSinceCheck & 255) == 0 && (undecidedCount += 256) >= sweepAt) {
            sweep(System.currentTimeMillis()); // things that ended unobserved, e.g. timers cancelled in a loop
        }
    }

    @Override
    public void ended(Tracked tracked) {
        // Its end time is on the record: the next sweep or verdict lets it go, clean.
    }

    // ---- the test runner's events ----

    /** End of a test: no verdict yet, and no waiting; notes what ended unobserved. */
    public void testFinished(TestScope test) {
        sweep(test.endedAtMillis());
        runDetectors(test);
    }

    /** End of a class: decides everything whose deadline has passed, carries the rest forward. */
    public void classFinished(TestScope testClass) {
        long started = System.nanoTime();
        decideDue(System.currentTimeMillis());
        long decided = System.nanoTime();
        runDetectors(testClass);
        if (TIMING) {
            System.err.println("[leak-audit] timing: class " + testClass.name() + " verdicts "
                    + (decided - started) / 1_000_000 + " ms (shared fixtures " + fixtureNanos / 1_000_000
                    + " ms so far in the run), other detectors " + (System.nanoTime() - decided) / 1_000_000
                    + " ms, undecided " + undecidedCount);
        }
    }

    /**
     * End of the run: waits once, at most linger, for things still open and younger than that (a
     * test's things within linger of its class's end, the run's own opened in the last linger);
     * then everything is decided. At JVM exit ({@code atExit}) nothing waits.
     */
    public void runFinished(boolean atExit) {
        long runEnd = System.currentTimeMillis();
        int[] watchedAndSettled = {0, 0};
        if (!atExit) {
            watchedAndSettled = awaitRunDeadlines(runEnd);
        }
        long waited = System.currentTimeMillis();
        decideAtRunEnd(runEnd, atExit);
        long decided = System.currentTimeMillis();
        for (LeakDetector detector : detectors) {
            try {
                for (Finding finding : detector.runFinished(atExit)) {
                    confirm(finding);
                }
            } catch (RuntimeException | LinkageError e) {
                // a broken detector must not cost the report
            }
        }
        if (TIMING) {
            System.err.println("[leak-audit] timing: run end" + (atExit ? " (exit)" : "") + ": waited "
                    + (waited - runEnd) + " ms for " + watchedAndSettled[0] + " things (" + watchedAndSettled[1]
                    + " more settled as shared fixtures without waiting), verdicts " + (decided - waited) + " ms, other detectors "
                    + (System.currentTimeMillis() - decided) + " ms");
        }
    }

    // ---- verdicts ----

    /**
     * When {@code tracked} must have ended: linger after its owner's end (the enclosing class's, for
     * a test in a class), or {@code Long.MAX_VALUE} while that end has not come.
     */
    long deadline(Tracked tracked) {
        TestScope owner = tracked.attribution().scope();
        if (owner == null) {
            return Long.MAX_VALUE;
        }
        TestScope decisive = owner.level() == TestScope.Level.TEST && owner.enclosingClass() != null
                ? owner.enclosingClass() : owner;
        long ended = decisive.endedAtMillis();
        return ended == 0 ? Long.MAX_VALUE : ended + lingerMillis;
    }

    /** Stamps things seen over without an observed end, and lets the ones that ended in time go. */
    private void sweep(long nowMillis) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            int remaining = 0;
            for (Iterator<Tracked> it = undecided.iterator(); it.hasNext(); ) {
                Tracked tracked = it.next();
                if (tracked.endedAtMillis() == 0 && !tracked.lostUnended() && !isPending(tracked)) {
                    tracked.end(nowMillis, "seen ended", null);
                }
                if (tracked.isClaimed() || tracked.endedAtMillis() != 0 && !tracked.lostUnended()
                        && tracked.endedAtMillis() <= deadline(tracked)) {
                    it.remove();
                } else {
                    remaining++;
                }
            }
            undecidedCount = remaining;
            sweepAt = Math.max(FIRST_SWEEP, remaining * 2);
        } finally {
            sweeping.set(false);
        }
    }

    /** Decides every thing whose deadline has passed; the rest is carried forward. */
    private synchronized void decideDue(long nowMillis) {
        findings.startBatch();
        try {
            Set<Tracked> shared = sharedFixtures(this::deadline, nowMillis);
            for (Iterator<Tracked> it = undecided.iterator(); it.hasNext(); ) {
                Tracked tracked = it.next();
                if (shared.contains(tracked) ? settleAsFixture(tracked) : decide(tracked, deadline(tracked), nowMillis, false)) {
                    it.remove();
                }
            }
        } finally {
            findings.endBatch();
        }
    }

    /** Decides {@code tracked} if it can be now; true when it is settled (clean or reported). */
    private boolean decide(Tracked tracked, long deadline, long nowMillis, boolean atExit) {
        if (tracked.isClaimed()) {
            return true;
        }
        if (tracked.lostUnended()) {
            report(tracked, false);
            return true;
        }
        if (tracked.endedAtMillis() == 0 && !isPending(tracked)) {
            tracked.end(nowMillis, "seen ended", null);
        }
        long ended = tracked.endedAtMillis();
        if (ended != 0) {
            if (ended > deadline) {
                report(tracked, false); // still open at its deadline, ended only later
            }
            return true;
        }
        if (deadline <= nowMillis) {
            report(tracked, atExit);
            return true;
        }
        return false;
    }

    private synchronized void decideAtRunEnd(long runEnd, boolean atExit) {
        long now = System.currentTimeMillis();
        findings.startBatch();
        try {
            ToLongFunction<Tracked> deadlineOf = tracked -> atExit ? now : runDeadline(tracked, runEnd);
            Set<Tracked> shared = sharedFixtures(deadlineOf, now);
            for (Iterator<Tracked> it = undecided.iterator(); it.hasNext(); ) {
                Tracked tracked = it.next();
                if (shared.contains(tracked) ? settleAsFixture(tracked)
                        : decide(tracked, deadlineOf.applyAsLong(tracked), now, atExit)) {
                    it.remove();
                }
            }
        } finally {
            findings.endBatch();
        }
    }

    /**
     * Of the things a verdict now would report (still open at their deadline, or ended after it),
     * those that belong to a shared fixture: one look for the whole batch.
     */
    private Set<Tracked> sharedFixtures(ToLongFunction<Tracked> deadlineOf, long nowMillis) {
        SharedFixtures recogniser = fixtures;
        if (recogniser == null) {
            return Set.of();
        }
        List<Tracked> candidates = new ArrayList<>();
        for (Tracked tracked : undecided) {
            if (tracked.isClaimed() || tracked.lostUnended()) {
                continue;
            }
            long deadline = deadlineOf.applyAsLong(tracked);
            long ended = tracked.endedAtMillis();
            boolean dueOpen = ended == 0 && deadline <= nowMillis && isPending(tracked);
            if ((dueOpen || ended > deadline) && isReported(tracked)) {
                candidates.add(tracked);
            }
        }
        return recogniseFixtures(candidates);
    }

    /** Of {@code candidates}, those the shared-fixture recogniser says belong to the run; under the lock. */
    private Set<Tracked> recogniseFixtures(List<Tracked> candidates) {
        SharedFixtures recogniser = fixtures;
        if (recogniser == null || candidates.isEmpty()) {
            return Set.of();
        }
        long started = System.nanoTime();
        try {
            return recogniser.recognise(candidates);
        } catch (RuntimeException | LinkageError e) {
            return Set.of(); // not recognised: reported as before, never lost
        } finally {
            fixtureNanos += System.nanoTime() - started;
        }
    }

    /** A shared fixture: the run's, listed in the report, never a finding. */
    private static boolean settleAsFixture(Tracked tracked) {
        if (tracked.claim()) {
            tracked.judged();
        }
        return true;
    }

    /** At the run's end: the owner's deadline, else linger after the thing began (at most linger from now). */
    private long runDeadline(Tracked tracked, long runEnd) {
        long deadline = deadline(tracked);
        if (deadline != Long.MAX_VALUE) {
            return deadline;
        }
        return Math.min(runEnd + lingerMillis, Math.max(runEnd, tracked.beganAtMillis() + lingerMillis));
    }

    /** Claims a thing (so a concurrent decision cannot report it twice) and confirms its finding. */
    private void report(Tracked tracked, boolean atExit) {
        if (!tracked.claim()) {
            return;
        }
        Finding finding;
        long started = TIMING ? System.nanoTime() : 0;
        try {
            finding = tracked.finding(findings, atExit);
        } catch (RuntimeException | LinkageError e) {
            return; // a thing that cannot be described is dropped, never reported wrongly
        } finally {
            tracked.judged();
        }
        if (TIMING) {
            long micros = (System.nanoTime() - started) / 1000;
            if (micros > 20_000) {
                System.err.println("[leak-audit] timing: describing a " + tracked.getClass().getSimpleName() + " took "
                        + micros / 1000 + " ms");
            }
        }
        if (finding != null) {
            confirm(finding);
        } else {
            tracked.notReported(findings);
        }
    }

    /**
     * Polls until every reportable thing still open has ended or reached its run-end deadline. What
     * is recognised as a shared fixture is never a finding, ended or not: it is settled at once,
     * not waited for. Returns how many things were waited for and how many were settled so.
     */
    private int[] awaitRunDeadlines(long runEnd) {
        List<Tracked> watched = new ArrayList<>();
        int settled = 0;
        synchronized (this) {
            findings.startBatch();
            try {
                for (Tracked tracked : undecided) {
                    if (!tracked.isClaimed() && tracked.endedAtMillis() == 0 && !tracked.lostUnended() && isPending(tracked)
                            && runDeadline(tracked, runEnd) > runEnd && isReported(tracked)) {
                        watched.add(tracked);
                    }
                }
                Set<Tracked> shared = recogniseFixtures(watched);
                for (Tracked fixture : shared) {
                    settleAsFixture(fixture);
                }
                settled = shared.size();
                watched.removeAll(shared);
            } finally {
                findings.endBatch();
            }
        }
        int waitedFor = watched.size();
        while (!watched.isEmpty()) {
            long now = System.currentTimeMillis();
            watched.removeIf(tracked -> tracked.endedAtMillis() != 0 || !isPending(tracked)
                    || runDeadline(tracked, runEnd) <= now);
            if (!watched.isEmpty()) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        return new int[] {waitedFor, settled};
    }

    /** False for test infrastructure and excluded things, which are never worth waiting for. */
    private boolean isReported(Tracked tracked) {
        try {
            return tracked.finding(findings, false) != null;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean isPending(Tracked tracked) {
        try {
            return tracked.isPending();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void runDetectors(TestScope scope) {
        for (LeakDetector detector : detectors) {
            List<Finding> found;
            try {
                found = detector.scopeFinished(scope);
            } catch (RuntimeException | LinkageError e) {
                continue; // a broken detector must not break the run
            }
            for (Finding finding : found) {
                confirm(finding);
            }
        }
    }

    private void confirm(Finding finding) {
        if (log.confirm(finding) && finding.scope() != null) {
            finding.scope().countFinding();
        }
    }

    /** Things not yet decided (for tests of the judge and diagnostics). */
    public List<Tracked> undecided() {
        List<Tracked> open = new ArrayList<>();
        for (Tracked tracked : undecided) {
            if (!tracked.isClaimed() && (tracked.endedAtMillis() == 0 || tracked.endedAtMillis() > deadline(tracked))) {
                open.add(tracked);
            }
        }
        return open;
    }
}
