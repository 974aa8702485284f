package dev.leakaudit.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * As a new user would: an unrelated Maven project (src/it/sample-project) runs its tests with
 * {@code mvn test -DargLine=-javaagent:...}, and the report blames the right tests; also with
 * Surefire's isolated class loader and with no fork at all, where JUnit lives in a child loader.
 */
class SampleProjectIT {

    @Test
    void unrelatedMavenProjectGetsAPerTestReport() throws Exception {
        SampleRun run = runSample(List.of(), false);
        assertTrue(run.output.contains("[leak-audit] 3 leaks, 0 warnings"), run.output);
        assertEquals(3, run.testFindings().size(), run.testFindings().toString());
        assertPerTestVerdicts(run);
    }

    /** Surefire's isolated class loader: JUnit is not on the fork's system class path. */
    @Test
    void isolatedClassLoaderGetsAPerTestReport() throws Exception {
        SampleRun run = runSample(List.of("-Dsurefire.useSystemClassLoader=false"), false);
        assertTrue(run.output.contains("[leak-audit] 3 leaks, 0 warnings"), run.output);
        assertPerTestVerdicts(run);
    }

    /** No fork: the tests run in Maven's own JVM, in a class realm, with the agent from MAVEN_OPTS. */
    @Test
    void testsInMavensOwnJvmGetAPerTestReport() throws Exception {
        SampleRun run = runSample(List.of("-DforkCount=0"), true);
        assertTrue(run.output.contains("[leak-audit] "), run.output);
        assertPerTestVerdicts(run);
    }

    private static void assertPerTestVerdicts(SampleRun run) {
        List<String> blamed = run.testFindings();
        assertTrue(blamed.contains("thread com.example.EchoServerTest#startsASecondServerAndNeverStopsIt "
                + "com.example.EchoServer.<init>(EchoServer.java:21)"), blamed.toString());
        assertTrue(blamed.contains("socket com.example.EchoServerTest#forgetsToCloseTheClient "
                + "com.example.EchoServer.connect(EchoServer.java:44)"), blamed.toString());
        assertTrue(blamed.contains("server-socket com.example.EchoServerTest#startsASecondServerAndNeverStopsIt "
                + "com.example.EchoServer.<init>(EchoServer.java:18)"), blamed.toString());
        boolean cleanSeen = false;
        for (JsonNode test : run.report.get("tests")) {
            if (test.get("test").asText().endsWith("#echoesAndCloses")) {
                assertEquals(0, test.get("findings").asInt());
                cleanSeen = true;
            }
        }
        assertTrue(cleanSeen, run.report.get("tests").toString());
        assertTrue(!run.output.contains("could not register the JUnit listener"), run.output);
        assertTrue(!run.output.contains("NoClassDefFoundError"), run.output);
    }

    private record SampleRun(String output, JsonNode report) {
        /** "kind test site" of every finding that belongs to a test (Maven's own JVM has run-level ones too). */
        List<String> testFindings() {
            List<String> blamed = new ArrayList<>();
            for (JsonNode finding : report.get("findings")) {
                if (!finding.get("test").isNull()) {
                    blamed.add(finding.get("kind").asText() + " " + finding.get("test").asText() + " "
                            + finding.get("site").asText());
                }
            }
            return blamed;
        }
    }

    /** {@code mvn test} on a copy of the sample project, the agent in argLine or (in Maven's JVM) in MAVEN_OPTS. */
    private static SampleRun runSample(List<String> mavenArgs, boolean agentInMavenOpts) throws Exception {
        String maven = findMaven();
        assumeTrue(maven != null, "mvn is not on the PATH");
        Path work = Files.createDirectories(Paths.get(System.getProperty("leakaudit.work.dir")));
        Path project = Files.createTempDirectory(work, "sample-");
        copy(Paths.get("src/it/sample-project"), project);
        Path destdir = project.resolve("target/leak-audit");
        String agent = "-javaagent:" + AgentRun.AGENT_JAR + "=destdir=" + destdir + ",linger=500ms";
        List<String> command = new ArrayList<>(List.of(maven, "-B", "-q", "test"));
        command.addAll(mavenArgs);
        if (!agentInMavenOpts) {
            command.add("-DargLine=" + agent);
        }
        Path log = project.resolve("mvn.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (agentInMavenOpts) {
            builder.environment().merge("MAVEN_OPTS", agent, (old, added) -> old + " " + added);
        }
        Process process = builder.start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "mvn did not finish");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(!output.contains("Corrupted channel"), output);
        try (Stream<Path> files = Files.list(destdir)) {
            List<Path> reports = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(1, reports.size(), reports.toString());
            return new SampleRun(output, new ObjectMapper().readTree(reports.get(0).toFile()));
        }
    }

    private static String findMaven() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Paths.get(dir, "mvn");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
