package dev.leakaudit.proxy.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live connections, by id: a record enters at accept and leaves only when its sockets are
 * really closed. Per-client and per-route counts are the security gate's, kept in one place there.
 */
final class ConnectionRegistry {

    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentMap<Long, ConnectionRecord> connections = new ConcurrentHashMap<>();

    long nextId() {
        return ids.incrementAndGet();
    }

    void add(ConnectionRecord record) {
        connections.put(record.id(), record);
        record.loop().connectionAdded();
    }

    void remove(ConnectionRecord record) {
        if (connections.remove(record.id()) != null) {
            record.loop().connectionRemoved();
        }
    }

    int size() {
        return connections.size();
    }

    boolean isEmpty() {
        return connections.isEmpty();
    }

    Iterable<ConnectionRecord> all() {
        return connections.values();
    }
}
