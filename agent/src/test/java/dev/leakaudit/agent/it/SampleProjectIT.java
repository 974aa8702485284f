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
 * {@code mvn test -DargLine=-javaagent:...}, and the report blames the right tests.
 */
class SampleProjectIT {

    @Test
    void unrelatedMavenProjectGetsAPerTestReport() throws Exception {
        String maven = findMaven();
        assumeTrue(maven != null, "mvn is not on the PATH");
        Path work = Files.createDirectories(Paths.get(System.getProperty("leakaudit.work.dir")));
        Path project = Files.createTempDirectory(work, "sample-");
        copy(Paths.get("src/it/sample-project"), project);
        Path destdir = project.resolve("target/leak-audit");
        List<String> command = List.of(maven, "-B", "-q", "test",
                "-DargLine=-javaagent:" + AgentRun.AGENT_JAR + "=destdir=" + destdir + ",linger=500ms");
        Path log = project.resolve("mvn.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "mvn did not finish");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("[leak-audit] 3 leaks, 0 warnings"), output);
        assertTrue(!output.contains("Corrupted channel"), output);

        JsonNode report;
        try (Stream<Path> files = Files.list(destdir)) {
            List<Path> reports = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(1, reports.size(), reports.toString());
            report = new ObjectMapper().readTree(reports.get(0).toFile());
        }
        List<String> blamed = new ArrayList<>();
        for (JsonNode finding : report.get("findings")) {
            blamed.add(finding.get("kind").asText() + " " + finding.get("test").asText() + " " + finding.get("site").asText());
        }
        assertEquals(3, blamed.size(), blamed.toString());
        assertTrue(blamed.contains("thread com.example.EchoServerTest#startsASecondServerAndNeverStopsIt "
                + "com.example.EchoServer.<init>(EchoServer.java:21)"), blamed.toString());
        assertTrue(blamed.contains("socket com.example.EchoServerTest#forgetsToCloseTheClient "
                + "com.example.EchoServer.connect(EchoServer.java:44)"), blamed.toString());
        assertTrue(blamed.contains("server-socket com.example.EchoServerTest#startsASecondServerAndNeverStopsIt "
                + "com.example.EchoServer.<init>(EchoServer.java:18)"), blamed.toString());
        for (JsonNode test : report.get("tests")) {
            if (test.get("test").asText().endsWith("#echoesAndCloses")) {
                assertEquals(0, test.get("findings").asInt());
            }
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
