package dev.leakaudit.proxy.security;

import dev.leakaudit.proxy.net.IpAddresses;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits how many new connections one client address may open per minute, with a token bucket per
 * address: the bucket holds up to {@code perMinute} tokens and refills continuously at
 * {@code perMinute} per minute; each connection takes one.
 *
 * <p>Memory is one small bucket per address that used up some tokens recently. A rejected attempt
 * changes a number in an existing bucket, it never adds anything (the seed kept a timestamp per
 * attempt, so a flood of rejected attempts grew the list it was checking). A bucket that has
 * refilled completely carries no information and is pruned; pruning runs as a side effect of
 * {@link #tryAcquire} at most once per {@link #PRUNE_INTERVAL_NANOS}, and {@link #prune} can be
 * called directly.
 *
 * <p>Thread-safe; times are {@link System#nanoTime()} values passed in by the caller so tests need no
 * sleeping.
 */
public final class ConnectionRateLimiter {

    public static final long PRUNE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final double NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int perMinute;
    private final double tokensPerNano;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastPrune;

    /** Mutable state of one address, only touched inside ConcurrentHashMap.compute for its key. */
    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    /** @param perMinute connections per minute per address; 0 means unlimited */
    public ConnectionRateLimiter(int perMinute, long nowNanos) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("perMinute must be 0 (unlimited) or more, not " + perMinute);
        }
        this.perMinute = perMinute;
        this.tokensPerNano = perMinute / NANOS_PER_MINUTE;
        this.lastPrune = new AtomicLong(nowNanos);
    }

    public ConnectionRateLimiter(int perMinute) {
        this(perMinute, System.nanoTime());
    }

    /** Takes one token for this address if it has one; false means the address is over its rate. */
    public boolean tryAcquire(InetAddress client, long nowNanos) {
        if (perMinute == 0) {
            return true;
        }
        pruneIfDue(nowNanos);
        boolean[] granted = new boolean[1];
        buckets.compute(IpAddresses.normalise(client), (key, bucket) -> {
            Bucket b = bucket == null ? new Bucket(perMinute, nowNanos) : refill(bucket, nowNanos);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                granted[0] = true;
            }
            return b;
        });
        return granted[0];
    }

    /** What {@link #tryAcquire} would answer now, without taking a token or storing anything. */
    public boolean wouldAllow(InetAddress client, long nowNanos) {
        if (perMinute == 0) {
            return true;
        }
        Bucket b = buckets.get(IpAddresses.normalise(client));
        return b == null || tokensAt(b, nowNanos) >= 1;
    }

    /** Drops every bucket that has refilled completely: such an address is as if never seen. */
    public void prune(long nowNanos) {
        lastPrune.set(nowNanos);
        for (InetAddress key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, b) -> tokensAt(b, nowNanos) >= perMinute ? null : b);
        }
    }

    /** Addresses currently holding state; for statistics and tests. */
    public int trackedAddresses() {
        return buckets.size();
    }

    public int perMinute() {
        return perMinute;
    }

    private void pruneIfDue(long nowNanos) {
        long last = lastPrune.get();
        if (nowNanos - last >= PRUNE_INTERVAL_NANOS && lastPrune.compareAndSet(last, nowNanos)) {
            prune(nowNanos);
        }
    }

    private Bucket refill(Bucket b, long nowNanos) {
        b.tokens = tokensAt(b, nowNanos);
        if (nowNanos - b.updatedAt > 0) {
            b.updatedAt = nowNanos;
        }
        return b;
    }

    private double tokensAt(Bucket b, long nowNanos) {
        long elapsed = nowNanos - b.updatedAt; // may be negative when another thread stored a later time
        if (elapsed <= 0) {
            return b.tokens;
        }
        return Math.min(perMinute, b.tokens + elapsed * tokensPerNano);
    }
}
