package dev.leakaudit.agent.ledger;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leakaudit.agent.attribution.Attribution;

/**
 * What the agent knows about one resource. Holds the resource only weakly (through its ledger
 * key), so a record never keeps a user's socket alive. Stacks are kept as {@link Throwable}s: the
 * JVM fills their backtrace cheaply and the frames are only materialised for a finding.
 */
public final class ResourceRecord {

    private final long id;
    private final ResourceKind kind;
    private final String className;
    private final WeakReference<Object> resource;
    private final Throwable creation;
    private final long openedAtMillis;
    private final ThreadInfo openingThread;
    private final Attribution attribution;
    private final AtomicInteger closeCalls = new AtomicInteger();
    private volatile Throwable firstClose;
    private volatile long closedAtMillis;
    private volatile boolean judged;

    ResourceRecord(long id, ResourceKind kind, String className, WeakReference<Object> resource, Throwable creation,
                   long openedAtMillis, ThreadInfo openingThread, Attribution attribution) {
        this.id = id;
        this.kind = kind;
        this.className = className;
        this.resource = resource;
        this.creation = creation;
        this.openedAtMillis = openedAtMillis;
        this.openingThread = openingThread;
        this.attribution = attribution;
    }

    /** Counts a close call; true for the first one. */
    boolean recordClose(Throwable where, long atMillis) {
        if (closeCalls.incrementAndGet() == 1) {
            firstClose = where;
            closedAtMillis = atMillis;
            return true;
        }
        return false;
    }

    /** True once {@code close()} was called, or the resource reports itself closed, or it was collected. */
    public boolean isClosedOrGone() {
        if (closeCalls.get() > 0) {
            return true;
        }
        Object target = resource.get();
        return target == null || !kind.isOpen(target);
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

    public Throwable creation() {
        return creation;
    }

    public long openedAtMillis() {
        return openedAtMillis;
    }

    public ThreadInfo openingThread() {
        return openingThread;
    }

    public Attribution attribution() {
        return attribution;
    }

    public Throwable firstClose() {
        return firstClose;
    }

    public long closedAtMillis() {
        return closedAtMillis;
    }

    public int closeCalls() {
        return closeCalls.get();
    }

    public boolean isJudged() {
        return judged;
    }

    public void markJudged() {
        judged = true;
    }
}
