package dev.leakaudit.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.tls.ClientHelloParser.Result;
import dev.leakaudit.proxy.tls.ClientHelloParser.Status;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded hostile ClientHellos through the parser: never an exception, always an answer, and the
 * same answer however the bytes are split (at every byte boundary for a share of them). The long
 * run (100,000 and more, also through a real proxy port) is scripts/bench/proxy-fuzz.sh.
 */
class ClientHelloFuzzTest {

    static final long SEED = 20261129L;

    @Test
    void hostileHellosGetAnAnswerThatDoesNotDependOnHowTheyAreSplit() {
        HostileHellos hellos = new HostileHellos(SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        Map<Status, Integer> seen = new EnumMap<>(Status.class);
        for (int i = 0; i < 2000; i++) {
            byte[] input = hellos.next();
            Result whole = ClientHelloParser.parse(ByteBuffer.wrap(input));
            assertNotNull(whole.status());
            if (whole.status() == Status.MALFORMED) {
                assertNotNull(whole.reason());
            }
            seen.merge(whole.status(), 1, Integer::sum);
            // Random splits for all, every single split point for every 100th.
            int splits = i % 100 == 0 ? input.length + 1 : 4;
            for (int s = 0; s < splits; s++) {
                int at = i % 100 == 0 ? s : random.nextInt(input.length + 1);
                ClientHelloParser.Incremental parser = new ClientHelloParser.Incremental();
                parser.offer(ByteBuffer.wrap(input, 0, at));
                Result split = parser.offer(ByteBuffer.wrap(input, at, input.length - at));
                assertEquals(whole, split, () -> "input " + hellos + " split at " + at);
            }
        }
        // The generator reaches every kind of answer.
        for (Status s : Status.values()) {
            assertTrue(seen.getOrDefault(s, 0) > 0, "no " + s + " in " + seen);
        }
    }
}
