package dev.leakaudit.proxy.engine.stats;

import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Termination counts per reason, for the incoming (client) and outgoing (backend) side. */
public final class TerminationStats {

    public enum Side { INCOMING, OUTGOING }

    private final ConcurrentMap<String, LongAdder> incoming = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> outgoing = new ConcurrentHashMap<>();

    public void increment(Side side, TerminationReason reason) {
        (side == Side.INCOMING ? incoming : outgoing)
                .computeIfAbsent(reason.code(), k -> new LongAdder()).increment();
    }

    public long count(Side side, TerminationReason reason) {
        LongAdder a = (side == Side.INCOMING ? incoming : outgoing).get(reason.code());
        return a == null ? 0 : a.sum();
    }

    public long incoming(TerminationReason reason) {
        return count(Side.INCOMING, reason);
    }

    public long outgoing(TerminationReason reason) {
        return count(Side.OUTGOING, reason);
    }

    /** A sorted snapshot, reason code to count. */
    public Map<String, Long> snapshot(Side side) {
        Map<String, Long> out = new TreeMap<>();
        (side == Side.INCOMING ? incoming : outgoing).forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long total(Side side) {
        long sum = 0;
        for (LongAdder a : (side == Side.INCOMING ? incoming : outgoing).values()) {
            sum += a.sum();
        }
        return sum;
    }
}
