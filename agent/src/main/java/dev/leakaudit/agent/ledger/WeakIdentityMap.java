package dev.leakaudit.agent.ledger;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map from objects, compared by identity and held weakly, to values. Entries of
 * collected keys are dropped on the next update. Values must not refer to their key strongly, or
 * the key would never be collected. Never calls the key's {@code hashCode} or {@code equals}.
 */
public final class WeakIdentityMap<V> {

    private final Map<Object, V> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    public V get(Object key) {
        if (key == null) {
            return null;
        }
        return entries.get(new IdentityKey.Lookup(key));
    }

    /** The value for {@code key}, created by {@code create} (which must not keep the key) when absent. */
    public V computeIfAbsent(Object key, Function<Object, V> create) {
        V existing = get(key);
        if (existing != null) {
            return existing;
        }
        expunge();
        V created = create.apply(key);
        V raced = entries.putIfAbsent(new IdentityKey.Weak(key, collected), created);
        return raced != null ? raced : created;
    }

    /** Sets the value for {@code key} (which the value must not keep strongly); returns the one it replaced, or null. */
    public V put(Object key, V value) {
        expunge();
        V previous = entries.remove(new IdentityKey.Lookup(key));
        entries.put(new IdentityKey.Weak(key, collected), value);
        return previous;
    }

    public V remove(Object key) {
        if (key == null) {
            return null;
        }
        expunge();
        return entries.remove(new IdentityKey.Lookup(key));
    }

    /** A snapshot of the values whose keys have not been collected yet (or not yet noticed as collected). */
    public List<V> values() {
        expunge();
        return new ArrayList<>(entries.values());
    }

    public int size() {
        expunge();
        return entries.size();
    }

    private void expunge() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            entries.remove(gone);
        }
    }
}
