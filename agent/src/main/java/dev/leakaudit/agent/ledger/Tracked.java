package dev.leakaudit.agent.ledger;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingFactory;

/**
 * One tracked thing of any kind (socket, channel, timer, thread, handler registration): where and
 * when it began, who owns it, and when, how and on which thread it ended. The instrumentation of
 * each kind only fills this in; the judge decides from it after the fact.
 */
public abstract class Tracked {

    private static final AtomicLongFieldUpdater<Tracked> ENDED =
            AtomicLongFieldUpdater.newUpdater(Tracked.class, "endedAtMillis");

    private static final AtomicIntegerFieldUpdater<Tracked> CLAIMED =
            AtomicIntegerFieldUpdater.newUpdater(Tracked.class, "claimed");

    private final Attribution attribution;
    private final long beganAtMillis;
    private final ThreadInfo beganOn;
    private final CallStack beganAt;
    private volatile long endedAtMillis;
    private volatile String endedHow;
    private volatile ThreadInfo endedOn;
    private volatile int claimed;
    private volatile boolean endedByCollector;
    /** What a finding about it needs that would otherwise be gone (a pool worker's Thread), until it is judged. */
    private volatile Object keptUntilJudged;

    protected Tracked(Attribution attribution, long beganAtMillis, ThreadInfo beganOn, CallStack beganAt) {
        this.attribution = attribution;
        this.beganAtMillis = beganAtMillis;
        this.beganOn = beganOn;
        this.beganAt = beganAt;
    }

    /**
     * Records the end (the first one wins). {@code how}: closed, cancelled, fired, terminated,
     * removed, or "seen ended" when only a later look found it over; {@code on} may be null.
     */
    public final boolean end(long atMillis, String how, ThreadInfo on) {
        if (ENDED.compareAndSet(this, 0, Math.max(1, atMillis))) {
            endedHow = how;
            endedOn = on;
            return true;
        }
        return false;
    }

    /** Takes the verdict on this thing; true once only, so no finding is reported twice. */
    public final boolean claim() {
        return CLAIMED.compareAndSet(this, 0, 1);
    }

    public final boolean isClaimed() {
        return claimed != 0;
    }

    /** When it ended, or 0 while no end was seen. */
    public final long endedAtMillis() {
        return endedAtMillis;
    }

    public final String endedHow() {
        return endedHow;
    }

    public final ThreadInfo endedOn() {
        return endedOn;
    }

    public final Attribution attribution() {
        return attribution;
    }

    public final long beganAtMillis() {
        return beganAtMillis;
    }

    public final ThreadInfo beganOn() {
        return beganOn;
    }

    public final CallStack beganAt() {
        return beganAt;
    }

    /** Still open, scheduled, alive or registered, as a cheap look at it tells; never throws. */
    public abstract boolean isPending();

    /** Gone (collected) without ever ending: a leak whenever it is judged. */
    public boolean lostUnended() {
        return endedByCollector;
    }

    /**
     * It ended only because the garbage collector reclaimed what should have ended it (the workers
     * of an executor never shut down, stopped by its finalizer or cleaner): still a leak, marked
     * as collected. {@code keep} stays reachable until the verdict, so the finding can name it.
     */
    public final void markEndedByCollector(Object keep) {
        keptUntilJudged = keep;
        endedByCollector = true;
    }

    public final boolean endedByCollector() {
        return endedByCollector;
    }

    /** The verdict is made: nothing is kept for it any more. */
    public final void judged() {
        keptUntilJudged = null;
    }

    /** The finding for this thing left behind, built by {@code findings}; null when it is not reported. */
    public abstract Finding finding(FindingFactory findings, boolean atExit);
}
