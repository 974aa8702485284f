package dev.leakaudit.agent.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.CleanupScenarios;
import dev.leakaudit.fixtures.LeakScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advice cache: a JVM after the first reads every class it needs as woven and audits exactly as
 * the first did; an entry made for other advice (other options) is never used for this advice; a
 * torn entry is woven again, never loaded. The self-test's loopback probes are left to the first JVM
 * of a plan: later ones run the very classes it probed.
 */
class AdviceCacheIT {

    private static final String MANAGER = "dev.leakaudit.fixtures.CleanupScenarios$Manager";
    private static final String TWICE = "dev.leakaudit.fixtures.CleanupScenarios#cleanupCalledTwiceClosesTwice";
    private static final Pattern FROM_CACHE = Pattern.compile("(\\d+) of (\\d+) classes from the cache");

    private static final String PROBES_SKIPPED = "loopback probes skipped";

    private static AgentRun run(Path cache, String cleanup) throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms,cache=" + cache + ",cleanup=" + cleanup,
                List.of("-Dleakaudit.timing=true", "-Dleakaudit.selftest.stats=true"), LeakScenarios.class,
                CleanupScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stderr.contains("self-test") && !run.stderr.contains("self-test failed"), run.describe());
        return run;
    }

    /** {hits, looked up} from the timing line. */
    private static int[] fromCache(AgentRun run) {
        Matcher matcher = FROM_CACHE.matcher(run.stderr);
        assertTrue(matcher.find(), run.describe());
        return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))};
    }

    private static Set<String> findings(AgentRun run) throws IOException {
        Set<String> found = new TreeSet<>();
        for (JsonNode finding : run.report().get("findings")) {
            found.add(finding.get("kind").asText() + " " + finding.path("test").asText() + " " + finding.path("site").asText());
        }
        return found;
    }

    private static Path newCache() throws IOException {
        Path work = Paths.get(System.getProperty("leakaudit.work.dir"));
        Files.createDirectories(work);
        return Files.createTempDirectory(work, "cache-");
    }

    @Test
    void aLaterJvmReadsEveryClassAsWovenAndFindsTheSame() throws Exception {
        Path cache = newCache();
        AgentRun first = run(cache, MANAGER + "#cleanup");
        AgentRun second = run(cache, MANAGER + "#cleanup");

        int[] firstCounts = fromCache(first);
        int[] secondCounts = fromCache(second);
        assertEquals(0, firstCounts[0], first.stderr);
        assertTrue(secondCounts[1] >= 20, second.stderr);
        assertEquals(secondCounts[1], secondCounts[0], "every class from the cache: " + second.stderr);
        assertFalse(findings(first).isEmpty());
        assertEquals(findings(first), findings(second));
        assertTrue(findings(second).stream().anyMatch(f -> f.startsWith("cleanup-not-idempotent " + TWICE)),
                findings(second).toString());
    }

    @Test
    void aClassWovenForOtherOptionsIsNotReused() throws Exception {
        Path cache = newCache();
        run(cache, MANAGER + "#cleanup");
        // the look-alike: the same class, now with another method declared; the old weaving must not serve
        AgentRun other = run(cache, MANAGER + "#guardedCleanup");
        assertTrue(findings(other).stream().noneMatch(f -> f.startsWith("cleanup-not-idempotent " + TWICE)),
                "cleanup is no longer declared, yet its advice ran: " + findings(other));
        AgentRun again = run(cache, MANAGER + "#cleanup");
        assertTrue(findings(again).stream().anyMatch(f -> f.startsWith("cleanup-not-idempotent " + TWICE)),
                findings(again).toString());
    }

    @Test
    void aTornEntryIsWovenAgain() throws Exception {
        Path cache = newCache();
        AgentRun first = run(cache, MANAGER + "#cleanup");
        try (Stream<Path> entries = Files.walk(cache)) {
            for (Path entry : entries.filter(Files::isRegularFile).toList()) {
                try (RandomAccessFile file = new RandomAccessFile(entry.toFile(), "rw")) {
                    long middle = file.length() / 2;
                    file.seek(middle);
                    int value = file.read();
                    file.seek(middle);
                    file.write(value ^ 0x5a);
                }
            }
        }
        AgentRun torn = run(cache, MANAGER + "#cleanup");
        assertEquals(0, fromCache(torn)[0], "no torn entry may be used: " + torn.stderr);
        assertEquals(findings(first), findings(torn));
        assertEquals(fromCache(torn)[1], fromCache(run(cache, MANAGER + "#cleanup"))[0], "woven again and kept");
    }

    @Test
    void theLoopbackProbesAreLeftToTheFirstJvmOfThePlan() throws Exception {
        Path cache = newCache();
        AgentRun first = run(cache, MANAGER + "#cleanup");
        assertFalse(first.stderr.contains(PROBES_SKIPPED), "the JVM that wove the classes probes them: " + first.stderr);
        AgentRun second = run(cache, MANAGER + "#cleanup");
        assertTrue(second.stderr.contains(PROBES_SKIPPED), second.stderr);
        assertEquals("ok", second.report().path("selfTest").path("kinds").path("socket").asText());
        assertEquals(findings(first), findings(second), "the sockets are audited as in the JVM that probed");

        // the look-alike: other advice in the plan (another cleanup method) was never probed: probe again
        AgentRun otherPlan = run(cache, MANAGER + "#guardedCleanup");
        assertFalse(otherPlan.stderr.contains(PROBES_SKIPPED), otherPlan.stderr);

        // a self-test made to fail still fails with a proven cache: the probes are never skipped then
        AgentRun forced = AgentRun.fixtures("linger=500ms,cache=" + cache + ",cleanup=" + MANAGER + "#cleanup",
                List.of("-Dleakaudit.selftest.fail=socket"), LeakScenarios.class, CleanupScenarios.class);
        assertTrue(forced.stderr.contains("self-test failed"), forced.describe());
        assertFalse(forced.report().path("selfTest").path("ok").asBoolean(true), forced.describe());
    }
}
