package dev.leakaudit.agent.kinds.sockets;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.agent.ledger.Tracked;
import dev.leakaudit.agent.ledger.ThreadInfo;

/**
 * What the agent knows about one socket or channel. Holds the resource only weakly (through its
 * ledger key), so a record never keeps a user's socket alive. Its creation site is shared with
 * every other resource opened at the same call site ({@code stacks=site}).
 */
public final class ResourceRecord extends Tracked {

    private final long id;
    private final ResourceKind kind;
    private final String className;
    private final WeakReference<Object> resource;
    private final AtomicInteger closeCalls = new AtomicInteger();
    private volatile CallStack firstClose;
    private volatile boolean firstCloseThroughWrapper;
    private volatile boolean pooled;

    ResourceRecord(long id, ResourceKind kind, String className, WeakReference<Object> resource, CallStack creation,
                   long openedAtMillis, ThreadInfo openingThread, Attribution attribution) {
        super(attribution, openedAtMillis, openingThread, creation);
        this.id = id;
        this.kind = kind;
        this.className = className;
        this.resource = resource;
    }

    /**
     * Counts a close call; true for the first one, which is recorded as the end. {@code where} is
     * null for an ordinary close in {@code stacks=site} mode; {@code throughWrapper} says the close
     * came from a stream, adaptor or SSL layer of the resource.
     */
    boolean recordClose(CallStack where, boolean throughWrapper, long atMillis, ThreadInfo thread) {
        if (closeCalls.incrementAndGet() == 1) {
            firstClose = where;
            firstCloseThroughWrapper = throughWrapper;
            end(atMillis, "closed", thread);
            return true;
        }
        return false;
    }

    /**
     * A JDK pool took the resource back from its user: clean from now on, whoever closes it later
     * and whenever (the pool closes idle connections itself). True the first time.
     */
    boolean returnToPool(long atMillis, ThreadInfo thread) {
        pooled = true;
        return end(atMillis, "returned to a JDK pool", thread);
    }

    /** Handed back to a JDK pool by its user (a later check-out gets a record of its own). */
    public boolean isPooled() {
        return pooled;
    }

    /** True once {@code close()} was called, or the resource reports itself closed, or it was collected. */
    public boolean isClosedOrGone() {
        return !isStillOpen();
    }

    /** Never closed, and reclaimed by the garbage collector. */
    public boolean wasCollectedOpen() {
        return closeCalls.get() == 0 && resource.get() == null;
    }

    /** Still reachable and open. */
    public boolean isStillOpen() {
        Object target = resource.get();
        return closeCalls.get() == 0 && target != null && kind.isOpen(target);
    }

    @Override
    public boolean isPending() {
        return isStillOpen();
    }

    @Override
    public boolean lostUnended() {
        return !pooled && wasCollectedOpen();
    }

    @Override
    public Finding finding(FindingContext findings, boolean atExit) {
        return SocketFindings.leftOpen(findings, this, atExit);
    }

    @Override
    public void notReported(FindingContext findings) {
        findings.countIfLeftOutAsJdkOwned(id, creation().frames());
    }

    @Override
    public String kindId() {
        return kind.reportName();
    }

    @Override
    public String resourceClassName() {
        return className;
    }

    @Override
    public Object subjectOrNull() {
        return resource.get();
    }

    @Override
    public boolean canBeProcessWide() {
        return false;
    }

    /** The resource, if it is still reachable; callers must not hold on to it. */
    public Object resourceOrNull() {
        return resource.get();
    }

    public long id() {
        return id;
    }

    public ResourceKind kind() {
        return kind;
    }

    public String className() {
        return className;
    }

    public CallStack creation() {
        return beganAt();
    }

    public long openedAtMillis() {
        return beganAtMillis();
    }

    public ThreadInfo openingThread() {
        return beganOn();
    }

    /** Where the first close was called, or null: only kept with {@code stacks=full}, or for a second close. */
    public CallStack firstClose() {
        return firstClose;
    }

    /** The first close came through the resource's own stream, socket adaptor or SSL layer. */
    public boolean firstCloseThroughWrapper() {
        return firstCloseThroughWrapper;
    }

    /** The first close for a message: its call site when its stack was kept, else its thread and how. */
    public String firstCloseDescription() {
        CallStack where = firstClose;
        if (where != null) {
            return StackFrames.site(where.frames());
        }
        ThreadInfo on = endedOn();
        return (firstCloseThroughWrapper ? "through its stream or layered socket, " : "")
                + (on == null ? "on another thread" : "on thread " + on.name())
                + " (stacks=full records where)";
    }

    public long closedAtMillis() {
        return endedAtMillis();
    }

    public int closeCalls() {
        return closeCalls.get();
    }
}
