package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.HostPort;
import java.net.InetSocketAddress;
import java.security.Security;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Backend names resolved lately, so that a connection to a name looked up a moment ago connects
 * from its loop at once instead of through the resolver thread and back (two thread hops). Kept as
 * long as the JDK keeps a successful lookup ({@code networkaddress.cache.ttl}, 30 s by default; 0
 * keeps nothing); failed lookups are not kept. Targets come from the configuration, so there are at
 * most as many entries as targets.
 */
final class ResolvedNames {

    private static final long DEFAULT_TTL_SECONDS = 30;

    private record Entry(InetSocketAddress address, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<HostPort, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier clock;

    ResolvedNames(long ttlNanos, LongSupplier clock) {
        this.ttlNanos = ttlNanos;
        this.clock = clock;
    }

    /** With the JDK's own time-to-live for successful lookups. */
    static ResolvedNames withJdkTtl() {
        return new ResolvedNames(jdkTtlNanos(), System::nanoTime);
    }

    private static long jdkTtlNanos() {
        try {
            String ttl = Security.getProperty("networkaddress.cache.ttl");
            long seconds = ttl == null ? DEFAULT_TTL_SECONDS : Long.parseLong(ttl.trim());
            // -1 is "forever" to the JDK; a day is forever enough here and keeps arithmetic safe.
            return TimeUnit.SECONDS.toNanos(seconds < 0 ? TimeUnit.DAYS.toSeconds(1) : seconds);
        } catch (RuntimeException e) {
            return TimeUnit.SECONDS.toNanos(DEFAULT_TTL_SECONDS);
        }
    }

    /** The address resolved for {@code target} if still fresh, else null. */
    InetSocketAddress get(HostPort target) {
        Entry e = entries.get(target);
        if (e == null) {
            return null;
        }
        if (clock.getAsLong() - e.expiresAtNanos >= 0) {
            entries.remove(target, e);
            return null;
        }
        return e.address;
    }

    /** Keeps a successful lookup (an unresolved address is not kept). */
    void put(HostPort target, InetSocketAddress resolved) {
        if (ttlNanos > 0 && !resolved.isUnresolved()) {
            entries.put(target, new Entry(resolved, clock.getAsLong() + ttlNanos));
        }
    }
}
