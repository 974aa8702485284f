package dev.leakaudit.proxy.proxyprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded hostile PROXY headers through the parser, as the ClientHello parser is fuzzed: never an
 * exception, always an answer, and the same answer, with the same bytes taken, however the input
 * is split (at every byte for a share of them). The long run (100,000 and more, also through a real
 * port) is scripts/bench/proxy-fuzz.sh.
 */
class ProxyHeaderFuzzTest {

    static final long SEED = 20261202L;

    @Test
    void hostileHeadersGetAnAnswerThatDoesNotDependOnHowTheyAreSplit() {
        HostileProxyHeaders headers = new HostileProxyHeaders(SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        Map<ProxyHeaderParser.Status, Integer> seen = new EnumMap<>(ProxyHeaderParser.Status.class);
        int v2Done = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] input = headers.next();
            ByteBuffer wholeBuffer = ByteBuffer.wrap(input);
            ProxyHeaderParser.Result whole = ProxyHeaderParser.parse(wholeBuffer);
            assertNotNull(whole.status());
            if (whole.status() == ProxyHeaderParser.Status.MALFORMED) {
                assertNotNull(whole.problem());
            }
            if (whole.status() == ProxyHeaderParser.Status.DONE) {
                assertEquals(whole.header().length(), wholeBuffer.position(), "exactly the header's bytes taken");
                v2Done += whole.header().version() == 2 ? 1 : 0;
            }
            seen.merge(whole.status(), 1, Integer::sum);
            int splits = i % 100 == 0 ? input.length + 1 : 4;
            for (int s = 0; s < splits; s++) {
                int at = i % 100 == 0 ? s : random.nextInt(input.length + 1);
                ProxyHeaderParser parser = new ProxyHeaderParser();
                ByteBuffer first = ByteBuffer.wrap(input, 0, at);
                ByteBuffer second = ByteBuffer.wrap(input, at, input.length - at);
                parser.offer(first);
                ProxyHeaderParser.Result split = parser.offer(second);
                assertEquals(whole, split, () -> "input " + headers + " split at " + at);
                if (split.status() == ProxyHeaderParser.Status.DONE) {
                    assertEquals(wholeBuffer.position(), first.position() + second.position() - at,
                            () -> "the same bytes taken, " + headers + " split at " + at);
                }
            }
        }
        for (ProxyHeaderParser.Status s : ProxyHeaderParser.Status.values()) {
            assertTrue(seen.getOrDefault(s, 0) > 0, "no " + s + " in " + seen);
        }
        assertTrue(v2Done > 100, "the generator reaches valid v2 headers: " + v2Done);
    }
}
