package dev.leakaudit.agent.ledger;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.StackFrames;

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

    /** Its kind as the report names it ({@code socket}, {@code thread}, ...). */
    public abstract String kindId();

    /** Its class as the report shows it. */
    public abstract String resourceClassName();

    /** The thing itself while it is reachable (a socket, a thread, a timer's future), or null; never keep it. */
    public Object subjectOrNull() {
        return null;
    }

    /** The stack that says who made it: where it began, unless its kind knows better (a pool's worker). */
    public java.util.List<String> madeAt() {
        return beganAt == null ? java.util.List.of() : beganAt.frames();
    }

    /** Where the program made it, as a listing shows it: the first frame outside the JDK and the agent, unless its kind knows better. */
    public String madeAtSite() {
        java.util.List<String> made = madeAt();
        return made.isEmpty() ? null : StackFrames.site(made);
    }

    /** What a holder keeps on its behalf instead of the thing itself (a worker thread's pool), or null. */
    public Object keptThroughOrNull() {
        return null;
    }

    /** For a thread: its id (what begins on it is its doing); -1 for every other kind. */
    public long ownThreadId() {
        return -1;
    }

    /** For a thread: the task it runs, or null. */
    public Object taskOrNull() {
        return null;
    }

    /** Registrations, threads and timers can be made once for the life of the process; connections cannot. */
    public boolean canBeProcessWide() {
        return true;
    }

    /** A registration with a source (a shutdown hook, a listener): libraries' process-wide prefixes apply. */
    public boolean isRegistration() {
        return false;
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

    /**
     * A verdict found no finding for it: a kind that counts what it leaves out (a socket of the JDK's
     * own internals) does so here. Called once, when the verdict is made.
     */
    public void notReported(FindingContext findings) {
    }

    /** The finding for this thing left behind, worded by its kind with {@code findings}; null when it is not reported. */
    public abstract Finding finding(FindingContext findings, boolean atExit);
}
