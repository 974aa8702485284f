package dev.leakaudit.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ChildLoaderLauncher;
import dev.leakaudit.fixtures.ChildLoaderScenarios;
import dev.leakaudit.fixtures.LoadsJUnitWithoutLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JUnit loaded by a child class loader that the system class loader cannot see into: the agent's
 * listener still gives per-test verdicts, and the run is not broken. With the system loader as the
 * parent, the agent jar's service file used to make the system loader define the listener, and the
 * launcher died with NoClassDefFoundError; with the platform loader as the parent (Maven's class
 * realms), the listener was silently never registered.
 */
class ChildLoaderListenerIT {

    private static final String SCENARIOS = ChildLoaderScenarios.class.getName() + "#";

    @ParameterizedTest
    @ValueSource(strings = {"system", "platform"})
    void junitInAChildLoaderGetsPerTestVerdicts(String parent) throws Exception {
        Path launcherOnly = launcherClassFolder();
        AgentRun run = AgentRun.javaWithClasspath("linger=300ms", launcherOnly.toString(),
                List.of(ChildLoaderLauncher.class.getName(), parent, AgentRun.FIXTURE_CLASSPATH,
                        ChildLoaderScenarios.class.getName()));
        assertEquals(0, run.exitCode, run.describe());
        assertFalse(run.stderr.contains("NoClassDefFoundError"), run.describe());
        assertFalse(run.stderr.contains("could not register"), run.describe());
        assertFalse(run.stderr.contains("no launcher got the agent's listener"), run.describe());
        assertTrue(run.stderr.contains("fixture tests: 2 succeeded, 0 failed"), run.describe());

        List<JsonNode> leaks = run.findingsOf(SCENARIOS + "leaksServerSocket");
        assertEquals(1, leaks.size(), leaks.toString());
        assertEquals("server-socket", leaks.get(0).get("kind").asText());
        assertEquals("test", leaks.get(0).get("attribution").asText());
        assertEquals(0, run.testEntry(SCENARIOS + "closesEverything").get("findings").asInt());
        assertEquals(1, run.testEntry(SCENARIOS + "leaksServerSocket").get("findings").asInt());
    }

    /** A runner the agent cannot hook is never silent: one line at exit says attribution was per run. */
    @Test
    void junitLoadedWithoutAHookedLauncherIsNamedAtExit() throws Exception {
        AgentRun run = AgentRun.java("", List.of(), List.of(LoadsJUnitWithoutLauncher.class.getName()));
        assertEquals(0, run.exitCode, run.describe());
        List<String> lines = run.stderr.lines().filter(l -> l.contains("no launcher got the agent's listener")).toList();
        assertEquals(1, lines.size(), run.describe());
        assertTrue(lines.get(0).startsWith("[leak-audit] the JUnit Platform was loaded"), lines.get(0));
    }

    /** A folder holding ChildLoaderLauncher alone, so the system class path has no JUnit and no fixtures. */
    private static Path launcherClassFolder() throws Exception {
        String resource = ChildLoaderLauncher.class.getName().replace('.', '/') + ".class";
        Path work = Files.createDirectories(Paths.get(System.getProperty("leakaudit.work.dir")));
        Path folder = Files.createTempDirectory(work, "launcher-");
        Path target = folder.resolve(resource);
        Files.createDirectories(target.getParent());
        try (var in = ChildLoaderLauncher.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return folder;
    }
}
