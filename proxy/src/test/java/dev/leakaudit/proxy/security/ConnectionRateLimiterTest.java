package dev.leakaudit.proxy.security;

import dev.leakaudit.proxy.net.IpAddresses;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionRateLimiterTest {

    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final InetAddress A = ip("192.0.2.1");
    private static final InetAddress B = ip("192.0.2.2");

    private static InetAddress ip(String s) {
        return IpAddresses.parseLiteral(s).orElseThrow();
    }

    @Test
    void allowsTheRateThenRefuses() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(3, T0);
        assertTrue(limiter.tryAcquire(A, T0));
        assertTrue(limiter.tryAcquire(A, T0));
        assertTrue(limiter.tryAcquire(A, T0));
        assertFalse(limiter.tryAcquire(A, T0));
        assertTrue(limiter.tryAcquire(B, T0), "addresses are limited separately");
    }

    @Test
    void tokensComeBackContinuously() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(60, T0); // one per second
        for (int i = 0; i < 60; i++) {
            assertTrue(limiter.tryAcquire(A, T0));
        }
        assertFalse(limiter.tryAcquire(A, T0 + SECOND / 2));
        assertTrue(limiter.tryAcquire(A, T0 + SECOND));
        assertFalse(limiter.tryAcquire(A, T0 + SECOND));
        assertTrue(limiter.tryAcquire(A, T0 + 3 * SECOND));
        assertTrue(limiter.tryAcquire(A, T0 + 3 * SECOND));
        assertFalse(limiter.tryAcquire(A, T0 + 3 * SECOND));
    }

    @Test
    void rejectedAttemptsDoNotGrowMemoryNorExtendTheBan() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(10, T0);
        int granted = 0;
        for (int i = 0; i < 100_000; i++) {
            if (limiter.tryAcquire(A, T0 + i)) {
                granted++;
            }
        }
        assertEquals(10, granted);
        assertEquals(1, limiter.trackedAddresses());
        // A minute after the flood started the bucket is full again, however many attempts were refused.
        assertTrue(limiter.tryAcquire(A, T0 + TimeUnit.MINUTES.toNanos(1)));
    }

    @Test
    void idleAddressesArePruned() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(60, T0);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire(ip("10.0." + (i / 256) + "." + (i % 256)), T0);
        }
        assertEquals(1000, limiter.trackedAddresses());
        limiter.prune(T0 + SECOND / 2);
        assertEquals(1000, limiter.trackedAddresses(), "not refilled yet");
        limiter.prune(T0 + SECOND);
        assertEquals(0, limiter.trackedAddresses());
    }

    @Test
    void pruningHappensOnItsOwnDuringUse() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(60, T0);
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire(ip("10.1.0." + i), T0);
        }
        long later = T0 + ConnectionRateLimiter.PRUNE_INTERVAL_NANOS;
        limiter.tryAcquire(A, later);
        assertEquals(1, limiter.trackedAddresses(), "only the address just seen is left");
    }

    @Test
    void activeAddressIsNotPruned() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(2, T0);
        limiter.tryAcquire(A, T0);
        limiter.tryAcquire(A, T0);
        limiter.prune(T0 + SECOND);
        assertEquals(1, limiter.trackedAddresses());
        assertFalse(limiter.tryAcquire(A, T0 + SECOND), "pruning must not reset a limited address");
    }

    @Test
    void mappedIpv6AndIpv4AreOneClient() throws Exception {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(1, T0);
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(A.getAddress(), 0, mapped, 12, 4);
        assertTrue(limiter.tryAcquire(Inet6Address.getByAddress(null, mapped, -1), T0));
        assertFalse(limiter.tryAcquire(A, T0));
        assertEquals(1, limiter.trackedAddresses());
    }

    @Test
    void wouldAllowTakesNothingAndStoresNothing() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(1, T0);
        assertTrue(limiter.wouldAllow(A, T0));
        assertEquals(0, limiter.trackedAddresses());
        assertTrue(limiter.tryAcquire(A, T0));
        assertFalse(limiter.wouldAllow(A, T0));
    }

    @Test
    void unlimitedKeepsNoState() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(0, T0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(limiter.tryAcquire(A, T0));
        }
        assertEquals(0, limiter.trackedAddresses());
    }

    @Test
    void clockReadFromAnotherThreadMayBeOlder() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(60, T0);
        assertTrue(limiter.tryAcquire(A, T0 + SECOND));
        assertTrue(limiter.tryAcquire(A, T0)); // earlier timestamp: no refill, no failure
    }

    @Test
    void negativeRateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionRateLimiter(-1, T0));
    }

    @Test
    void concurrentCallersGetExactlyTheRate() throws Exception {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(500, T0);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int granted = 0;
                    for (int i = 0; i < 1000; i++) {
                        if (limiter.tryAcquire(A, T0)) {
                            granted++;
                        }
                    }
                    return granted;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(500, total);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
