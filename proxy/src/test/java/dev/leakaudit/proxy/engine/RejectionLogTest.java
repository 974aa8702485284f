package dev.leakaudit.proxy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One line per address per interval, carrying what was refused since. */
class RejectionLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RejectionLog log = new RejectionLog(10, now::get);

    @Test
    void firstRejectionIsLoggedThenCountedUntilTheIntervalEnds() {
        assertEquals(0, log.rejected("192.0.2.1"));
        for (int i = 0; i < 500; i++) {
            assertEquals(-1, log.rejected("192.0.2.1"));
        }
        now.addAndGet(10);
        assertEquals(500, log.rejected("192.0.2.1"));
        assertEquals(-1, log.rejected("192.0.2.1"));
    }

    @Test
    void addressesAreCountedApart() {
        assertEquals(0, log.rejected("192.0.2.1"));
        assertEquals(0, log.rejected("192.0.2.2"));
        assertEquals(-1, log.rejected("192.0.2.1"));
        assertEquals(-1, log.rejected("192.0.2.2"));
    }

    @Test
    void windowsThatRanOutArePrunedSoTheTableStaysBounded() {
        for (int i = 0; i < 5000; i++) {
            log.rejected("10.0." + (i / 256) + "." + (i % 256));
        }
        now.addAndGet(10);
        log.rejected("192.0.2.9");
        assertTrue(log.trackedAddresses() <= 1, "tracked " + log.trackedAddresses());
    }
}
