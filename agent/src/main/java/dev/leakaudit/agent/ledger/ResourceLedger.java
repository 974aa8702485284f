package dev.leakaudit.agent.ledger;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.bootstrap.ResourceSink;
import dev.leakaudit.agent.cleanup.CleanupTracker;

/**
 * The live state of every tracked resource: a weak identity map from resource to record, and the
 * set of records not yet closed. Instrumented code calls in through {@link ResourceSink}; nothing
 * here blocks, and a thread already inside the agent is ignored.
 */
public final class ResourceLedger implements ResourceSink {

    private final Map<Object, ResourceRecord> records = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final Set<ResourceRecord> unclosed = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(1);
    private final TestScopes scopes;
    private final LedgerListener listener;
    private final ThreadLocal<ProbeCounter> probing = new ThreadLocal<>();

    public ResourceLedger(TestScopes scopes, LedgerListener listener) {
        this.scopes = scopes;
        this.listener = listener;
    }

    @Override
    public void opened(Object resource) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            ResourceKind kind = ResourceKind.of(resource);
            if (kind == null) {
                return;
            }
            ProbeCounter probe = probing.get();
            if (probe != null) {
                probe.countOpened();
                return;
            }
            expungeCollected();
            if (records.containsKey(new IdentityKey.Lookup(resource))) {
                return; // delegating constructors, or connect after bind
            }
            IdentityKey.Weak key = new IdentityKey.Weak(resource, collected);
            ResourceRecord record = new ResourceRecord(nextId.getAndIncrement(), kind, resource.getClass().getName(),
                    key, new Throwable("opened here"), System.currentTimeMillis(), ThreadInfo.current(),
                    scopes.attributeCurrentThread());
            if (records.putIfAbsent(key, record) == null) {
                unclosed.add(record);
                listener.opened(record);
            }
        } finally {
            ReentrancyGuard.exit();
        }
    }

    @Override
    public void closing(Object resource) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            ProbeCounter probe = probing.get();
            if (probe != null) {
                if (ResourceKind.of(resource) != null) {
                    probe.countClosed();
                }
                return;
            }
            ResourceRecord record = records.get(new IdentityKey.Lookup(resource));
            if (record == null) {
                return;
            }
            if (CleanupTracker.insideCleanup()) { // skip building the text on every ordinary close
                CleanupTracker.effect(record.kind().noun() + " close");
            }
            Throwable here = new Throwable("closed here");
            if (record.recordClose(here, System.currentTimeMillis())) {
                unclosed.remove(record);
                listener.closed(record);
            } else {
                listener.closedAgain(record, here, ThreadInfo.current());
            }
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** Drops map entries of resources that are gone; their records stay in {@code unclosed} if never closed. */
    private void expungeCollected() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            records.remove(gone);
        }
    }

    /** Records not yet closed (open, or collected without close) that belong to {@code scope}. */
    public List<ResourceRecord> unclosedOwnedBy(TestScope scope) {
        List<ResourceRecord> result = new ArrayList<>();
        for (ResourceRecord record : unclosed) {
            if (record.attribution().scope() == scope && !record.isJudged()) {
                result.add(record);
            }
        }
        return result;
    }

    /** Every record not yet closed and not yet judged, whoever owns it. */
    public List<ResourceRecord> unclosedUnjudged() {
        List<ResourceRecord> result = new ArrayList<>();
        for (ResourceRecord record : unclosed) {
            if (!record.isJudged()) {
                result.add(record);
            }
        }
        return result;
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

    /** Forgets a record that turned out closed by a path instrumentation did not see, or is excluded. */
    public void forget(ResourceRecord record) {
        unclosed.remove(record);
    }

    /** Runs {@code probe} with this thread's resource events counted into {@code counter} instead of recorded. */
    public void probe(ProbeCounter counter, Runnable probe) {
        probing.set(counter);
        try {
            probe.run();
        } finally {
            probing.remove();
        }
    }

    public Attribution attributeCurrentThread() {
        return scopes.attributeCurrentThread();
    }
}
