package dev.leakaudit.agent.kinds.sockets;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.AgentThreadState;
import dev.leakaudit.agent.bootstrap.ResourceSink;
import dev.leakaudit.agent.kinds.cleanup.CleanupTracker;
import dev.leakaudit.agent.stacks.CallSites;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.ledger.WeakIdentityMap;
import dev.leakaudit.agent.ledger.TrackedSink;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.ledger.IdentityKey;

/**
 * The live state of every tracked resource: a weak identity map from resource to record. Opens and
 * closes go to the judge ({@link TrackedSink}). Instrumented code calls in through
 * {@link ResourceSink}; nothing here blocks, and a thread already inside the agent is ignored.
 */
public final class ResourceLedger implements ResourceSink {

    private final Map<Object, ResourceRecord> records = new ConcurrentHashMap<>();
    /** Connections in a JDK pool (by the pool's connection object) and their socket's record. */
    private final WeakIdentityMap<ResourceRecord> inPool = new WeakIdentityMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final TestScopes scopes;
    private final LedgerListener listener;
    private final TrackedSink judge;
    private final CallSites sites;
    private volatile ProbeCounter probing;

    public ResourceLedger(TestScopes scopes, LedgerListener listener, TrackedSink judge, CallSites sites) {
        this.scopes = scopes;
        this.listener = listener;
        this.judge = judge;
        this.sites = sites;
    }

    @Override
    public void opened(Object resource) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            ResourceKind kind = ResourceKind.of(resource);
            if (kind == null) {
                return;
            }
            ProbeCounter probe = probing;
            if (probe != null && probe.isProbing()) {
                probe.countOpened();
                return;
            }
            expungeCollected();
            IdentityKey.Weak key = new IdentityKey.Weak(resource, collected);
            ResourceRecord record = new ResourceRecord(nextId.getAndIncrement(), kind, resource.getClass().getName(),
                    key, sites.beginning(), System.currentTimeMillis(), ThreadInfo.current(state),
                    scopes.attributeCurrentThread(state));
            if (records.putIfAbsent(key, record) == null) { // else: delegating constructors, connect after bind
                judge.began(record);
                listener.opened(record);
            }
        } finally {
            state.exit();
        }
    }

    @Override
    public void closing(Object resource) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            ProbeCounter probe = probing;
            if (probe != null && probe.isProbing()) {
                if (ResourceKind.of(resource) != null) {
                    probe.countClosed();
                }
                return;
            }
            ResourceRecord record = records.get(new IdentityKey.Lookup(resource));
            if (record == null) {
                return;
            }
            if (state.cleanupCalls != null && CleanupTracker.insideCleanup()) { // no text on ordinary closes
                CleanupTracker.effect(record.kind().noun() + " close");
            }
            if (record.closeCalls() == 0) {
                // an ordinary close: its time, thread and whether a wrapper closed it; no stack unless stacks=full
                if (record.recordClose(sites.closeSite(), state.wrapperCloses > 0, System.currentTimeMillis(),
                        ThreadInfo.current(state))) {
                    judge.ended(record);
                    listener.closed(record);
                    return;
                }
            }
            CallStack here = CallStack.here(); // a second close: its own full stack
            if (record.recordClose(here, state.wrapperCloses > 0, System.currentTimeMillis(), ThreadInfo.current(state))) {
                judge.ended(record);
                listener.closed(record);
            } else {
                listener.closedAgain(record, here, state.wrapperCloses > 0, ThreadInfo.current(state));
            }
        } finally {
            state.exit();
        }
    }

    @Override
    public void pooled(Object owner, Object resource) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            Object pooledResource = resource != null ? resource : HttpConnectionChannels.channelOf(owner);
            if (pooledResource == null) {
                return;
            }
            ResourceRecord record = records.get(new IdentityKey.Lookup(pooledResource));
            if (record == null || (probing != null && probing.isProbing())) {
                return;
            }
            inPool.put(owner, record);
            if (record.returnToPool(System.currentTimeMillis(), ThreadInfo.current(state))) {
                judge.ended(record);
            }
        } finally {
            state.exit();
        }
    }

    /**
     * A pooled connection handed out again: from now on its socket belongs to the test that checked
     * it out, with a record of its own (the previous user's record stays ended and clean).
     */
    @Override
    public void checkedOut(Object owner) {
        AgentThreadState state = AgentThreadState.current();
        if (!state.enter()) {
            return;
        }
        try {
            ResourceRecord pooled = inPool.remove(owner);
            Object resource = pooled == null ? null : pooled.resourceOrNull();
            if (resource == null || pooled.closeCalls() > 0 || !pooled.kind().isOpen(resource)) {
                return;
            }
            ResourceRecord reused = new ResourceRecord(nextId.getAndIncrement(), pooled.kind(), pooled.className(),
                    new java.lang.ref.WeakReference<>(resource), sites.beginning(), System.currentTimeMillis(),
                    ThreadInfo.current(state), scopes.attributeCurrentThread(state));
            if (records.replace(new IdentityKey.Lookup(resource), pooled, reused)) {
                judge.began(reused);
            }
        } finally {
            state.exit();
        }
    }

    /** Drops map entries of resources that are gone; the judge keeps their records if never closed. */
    private void expungeCollected() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            records.remove(gone);
        }
    }

    /** The record of a tracked resource, or null. */
    public ResourceRecord recordOf(Object resource) {
        return resource == null ? null : records.get(new IdentityKey.Lookup(resource));
    }

    /** Records of resources that were closed but are still reachable (for the retention check). */
    public List<ResourceRecord> closedStillReachable() {
        List<ResourceRecord> result = new ArrayList<>();
        for (ResourceRecord record : records.values()) {
            if (record.closeCalls() > 0 && record.resourceOrNull() != null) {
                result.add(record);
            }
        }
        return result;
    }

    /** Runs {@code probe} with this thread's resource events counted into {@code counter} instead of recorded. */
    public void probe(ProbeCounter counter, Runnable probe) {
        counter.startOn(Thread.currentThread());
        probing = counter;
        try {
            probe.run();
        } finally {
            probing = null;
        }
    }

    public Attribution attributeCurrentThread() {
        return scopes.attributeCurrentThread();
    }
}
