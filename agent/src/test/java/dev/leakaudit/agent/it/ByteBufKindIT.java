package dev.leakaudit.agent.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.stream.Stream;

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
        assertTheFindings(run);
    }

    /** The same on Netty 4.2: other reference counting inside, the adaptive allocator as Unpooled's default. */
    @Test
    void theSameOnNetty42() throws Exception {
        Path netty42 = Path.of(System.getProperty("leakaudit.netty42.dir"));
        List<String> classpath = new ArrayList<>();
        for (String entry : AgentRun.FIXTURE_CLASSPATH.split(File.pathSeparator)) {
            if (!entry.contains(File.separator + "io" + File.separator + "netty" + File.separator)) {
                classpath.add(entry);
            }
        }
        try (Stream<Path> jars = Files.list(netty42)) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).forEach(jar -> classpath.add(jar.toString()));
        }
        assertTrue(classpath.stream().anyMatch(entry -> entry.contains("netty-buffer-4.2")), classpath.toString());
        AgentRun run = AgentRun.javaWithClasspath("linger=300ms", String.join(File.pathSeparator, classpath),
                List.of("dev.leakaudit.fixtures.FixtureRunner", ByteBufScenarios.class.getName()));
        assertTheFindings(run);
    }

    private static void assertTheFindings(AgentRun run) throws Exception {
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
        assertTrue(hasTouch(slice, "released (count 1) on thread \"main\""), slice.toString());

        JsonNode swallowed = only(run, "aHandlerSwallowsAMessage");
        assertTrue(hasTouch(swallowed, "handed on (count 1): 'ByteBufScenarios$1#0' will handle the message"),
                swallowed.toString());

        JsonNode composite = only(run, "leavesACompositeUnreleased"); // its component is not reported apart
        assertTrue(composite.get("resource").asText().endsWith("CompositeByteBuf"), composite.toString());
        assertTrue(composite.get("message").asText().contains("The buffers it took as components (1) are not "
                + "reported apart"), composite.toString());
        JsonNode component = only(run, "releasesACompositeButKeepsAComponentItRetained");
        assertEquals(24, component.get("bytes").asInt(), component.toString());

        JsonNode adaptive = only(run, "leavesAnAdaptiveBufferUnreleased");
        assertEquals("io.netty.buffer.AdaptiveByteBufAllocator", adaptive.get("allocator").asText(), adaptive.toString());

        JsonNode parked = only(run, "parksABufferInAHelpersStaticList");
        assertEquals(64, parked.get("bytes").asInt(), parked.toString());
        boolean listedAsTheRuns = false;
        for (JsonNode group : run.report().get("sharedFixtures")) {
            listedAsTheRuns |= "bytebuf".equals(group.get("kind").asText())
                    && group.get("why").asText().contains("SharedBuffers.greeting")
                    // listed where the program asked, past Netty's allocation frames
                    && group.get("site").asText().startsWith("dev.leakaudit.fixtures.SharedBuffers.greeting(");
        }
        assertTrue(listedAsTheRuns, run.report().get("sharedFixtures").toString());

        for (String clean : List.of("usesABufferASupportClassKeepsForTheRun", "releasesAnAdaptiveBuffer", "releasesInFinally", "simpleChannelInboundHandlerReleases",
                "aRealChannelReleasesWhatItWritesAndReads", "releasesARetainedSlice", "releasesAComposite",
                "aPoolKeepsItsCachedMemory")) {
            assertEquals(List.of(), run.findingsOf(FIXTURE + clean), clean);
        }
        assertEquals(9, bytebufFindings(run).size(), bytebufFindings(run).toString());
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
