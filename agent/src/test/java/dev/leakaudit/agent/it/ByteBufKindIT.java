package dev.leakaudit.agent.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ByteBufScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Netty buffers a test never released are that test's {@code bytebuf} leaks, with the allocator,
 * the bytes and the last touches; released ones (in finally, by a handler, by a real channel, a
 * slice and a composite released, a pool's cached memory) are clean.
 */
class ByteBufKindIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.ByteBufScenarios#";

    @Test
    void buffersNeverReleasedArePerTestFindingsAndReleasedOnesAreClean() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=300ms", List.of(), ByteBufScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals("ok", run.report().get("selfTest").get("kinds").get("bytebuf").asText());

        JsonNode pooled = only(run, "keepsAPooledDirectBufferUnreleased");
        assertEquals(256, pooled.get("bytes").asInt(), pooled.toString());
        assertEquals("io.netty.buffer.PooledByteBufAllocator", pooled.get("allocator").asText());
        assertTrue(pooled.get("site").asText().startsWith(FIXTURE.replace('#', '.') + "keepsAPooledDirect"),
                pooled.toString());
        assertTrue(pooled.get("message").asText().contains("was still unreleased (reference count 1)"),
                pooled.toString());

        JsonNode dropped = only(run, "dropsAnUnpooledBuffer");
        assertEquals("io.netty.buffer.UnpooledByteBufAllocator", dropped.get("allocator").asText(), dropped.toString());
        assertEquals(64, dropped.get("bytes").asInt());

        JsonNode collected = only(run, "dropsADirectBufferTheCollectorReclaims");
        assertTrue(collected.get("collected").asBoolean(), collected.toString());
        assertTrue(collected.get("message").asText().contains("reclaimed it with its reference count above zero"),
                collected.toString());

        JsonNode slice = only(run, "neverReleasesARetainedSlice");
        assertTrue(hasTouch(slice, "retained (count 2) at " + FIXTURE.replace('#', '.') + "neverReleasesARetainedSlice"),
                slice.toString());
        assertTrue(hasTouch(slice, "released (count 1) at "), slice.toString());

        JsonNode swallowed = only(run, "aHandlerSwallowsAMessage");
        assertTrue(hasTouch(swallowed, "handed on (count 1): 'ByteBufScenarios$1#0' will handle the message"),
                swallowed.toString());

        List<JsonNode> composite = run.findingsOf(FIXTURE + "leavesACompositeUnreleased");
        assertEquals(2, composite.size(), composite.toString()); // the composite and the component it owns
        assertTrue(composite.stream().anyMatch(f -> f.get("resource").asText().endsWith("CompositeByteBuf")),
                composite.toString());

        for (String clean : List.of("releasesInFinally", "simpleChannelInboundHandlerReleases",
                "aRealChannelReleasesWhatItWritesAndReads", "releasesARetainedSlice", "releasesAComposite",
                "aPoolKeepsItsCachedMemory")) {
            assertEquals(List.of(), run.findingsOf(FIXTURE + clean), clean);
        }
        assertEquals(7, bytebufFindings(run).size(), bytebufFindings(run).toString());
    }

    private static boolean hasTouch(JsonNode finding, String text) {
        JsonNode touches = finding.get("touches");
        if (touches == null) {
            return false;
        }
        for (JsonNode touch : touches) {
            if (touch.asText().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> bytebufFindings(AgentRun run) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode finding : run.report().get("findings")) {
            if ("bytebuf".equals(finding.get("kind").asText())) {
                found.add(finding);
            }
        }
        return found;
    }

    private static JsonNode only(AgentRun run, String test) throws Exception {
        List<JsonNode> findings = run.findingsOf(FIXTURE + test);
        assertEquals(1, findings.size(), test + ": " + findings);
        assertEquals("bytebuf", findings.get(0).get("kind").asText());
        return findings.get(0);
    }
}
