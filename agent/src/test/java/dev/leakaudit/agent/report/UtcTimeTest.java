package dev.leakaudit.agent.report;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The report's instants read exactly as {@code Instant.toString()} would write them. */
class UtcTimeTest {

    @Test
    void writesWhatInstantWrites() {
        long[] edges = {0L, 1L, 999L, 1000L, -1L, 951_782_400_000L /* 2000-02-29 */, 1_709_164_800_123L /* 2024-02-29 */,
            4_107_542_400_000L /* 2100-03-01 */, -62_135_596_800_000L, 253_402_300_799_999L, 253_402_300_800_000L,
            -62_135_596_800_001L, 1_796_261_515_120L, 1_796_261_515_100L};
        for (long millis : edges) {
            assertEquals(Instant.ofEpochMilli(millis).toString(), UtcTime.iso(millis), "at " + millis);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong(-62_135_596_800_000L, 253_402_300_800_000L);
            if (i % 4 == 0) {
                millis -= Math.floorMod(millis, 1000); // whole seconds: no fraction written
            }
            assertEquals(Instant.ofEpochMilli(millis).toString(), UtcTime.iso(millis), "at " + millis);
        }
    }
}
