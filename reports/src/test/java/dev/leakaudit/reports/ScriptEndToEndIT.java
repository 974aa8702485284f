package dev.leakaudit.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.leakaudit.reports.model.ReportReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code scripts/leak-audit PATH} as a new user runs it on a project they did not write (a copy of
 * agent/src/it/sample-project): the real agent, Maven's own progress, the merged page, SARIF, the
 * summary, the exit code; then {@code baseline} and a check that passes against it.
 */
class ScriptEndToEndIT {

    private static final Path SCRIPT = Fixtures.repository().resolve("scripts/leak-audit");
    private static final Path AGENT = Fixtures.repository().resolve("agent/target/leak-audit-agent.jar");
    private static final Path REPORTS = Fixtures.buildDir().resolve("leak-audit-reports.jar");

    private record Result(int exit, String output) {
    }

    private static Result script(Path log, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("LEAK_AUDIT_AGENT_JAR", AGENT.toString());
        builder.environment().put("LEAK_AUDIT_REPORTS_JAR", REPORTS.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "scripts/leak-audit did not finish");
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void auditsAnUneditedMavenProject() throws Exception {
        assumeTrue(Files.isRegularFile(AGENT), "the agent jar is not built (mvn -pl agent package)");
        Path work = Files.createDirectories(Fixtures.buildDir().resolve("it-work"));
        Path project = Files.createTempDirectory(work, "sample-");
        copy(Fixtures.repository().resolve("agent/src/it/sample-project"), project);
        // The project's own argLine, set the way that -DargLine cannot override, must still reach its tests.
        Path pom = project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<version>3.5.4</version>\n      </plugin>",
                "<version>3.5.4</version>\n        <configuration><argLine>-Dsample.flag=kept</argLine></configuration>"
                        + "\n      </plugin>"));
        Files.writeString(project.resolve("src/test/java/com/example/ArgLineTest.java"), String.join("\n",
                "package com.example;",
                "class ArgLineTest {",
                "    @org.junit.jupiter.api.Test",
                "    void seesTheProjectsOwnArgLine() {",
                "        org.junit.jupiter.api.Assertions.assertEquals(\"kept\", System.getProperty(\"sample.flag\"));",
                "    }",
                "}", ""));
        String pomBefore = Files.readString(pom);
        assertTrue(pomBefore.contains("-Dsample.flag=kept"), pomBefore);

        Result run = script(work.resolve(project.getFileName() + ".log"), project.toString(), "--", "-B", "test");
        String output = run.output();
        assertEquals(1, run.exit(), output);
        assertTrue(output.contains("Tests run: 4, Failures: 0"), "Maven's progress stays visible: " + output);
        assertTrue(output.contains("leak-audit: 3 leaks, 0 warnings in 2 of 4 tests, 1 JVM merged"), output);
        assertTrue(output.contains("by kind: server-socket 1, socket 1, thread 1"), output);
        assertTrue(output.contains("worst sites (3 in all):"), output);
        assertTrue(output.contains("1 socket at com.example.EchoServer.connect(EchoServer.java:44), in 1 test"), output);
        Path out = project.resolve("target/leak-audit");
        assertTrue(output.contains("page: " + out.resolve("index.html")), output);
        assertTrue(Files.size(out.resolve("index.html")) > 10_000);
        assertTrue(Files.readString(out.resolve("index.html")).contains("EchoServer.connect"));
        JsonNode sarif = ReportReader.JSON.readTree(out.resolve("leak-audit.sarif").toFile());
        assertEquals(3, sarif.path("runs").get(0).path("results").size());
        assertEquals(pomBefore, Files.readString(project.resolve("pom.xml")), "the project is not edited");

        // The agent's real output follows the published schema.
        try (Stream<Path> files = Files.list(out)) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().matches("leak-report-.*\\.json")).toList();
            assertEquals(1, reports.size());
            ModelRoundTripTest.validateAgainstSchema(Files.readString(reports.get(0)));
        }

        Result accepted = script(work.resolve(project.getFileName() + "-baseline.log"), "baseline", project.toString());
        assertEquals(0, accepted.exit(), accepted.output());
        assertTrue(Files.isRegularFile(project.resolve("leak-audit-baseline.json")));
        Result check = script(work.resolve(project.getFileName() + "-check.log"), "check", "--baseline",
                project.resolve("leak-audit-baseline.json").toString(), out.toString());
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("0 new, 3 unchanged, 0 fixed"), check.output());

        Result bad = script(work.resolve(project.getFileName() + "-bad.log"), work.resolve("no-such-project").toString());
        assertEquals(2, bad.exit(), bad.output());
        assertEquals(1, bad.output().strip().lines().count(), bad.output());
    }

    /** A fork that dies mid-run (here: Runtime.halt) wrote no report: it is named, never taken as clean. */
    @Test
    void aForkThatDiesIsShownAsNotAudited() throws Exception {
        assumeTrue(Files.isRegularFile(AGENT), "the agent jar is not built (mvn -pl agent package)");
        Path work = Files.createDirectories(Fixtures.buildDir().resolve("it-work"));
        Path project = Files.createTempDirectory(work, "crash-");
        copy(Fixtures.repository().resolve("agent/src/it/sample-project"), project);
        Path tests = project.resolve("src/test/java/com/example");
        Files.delete(tests.resolve("EchoServerTest.java"));
        Files.writeString(tests.resolve("HaltingTest.java"), String.join("\n",
                "package com.example;",
                "class HaltingTest {",
                "    @org.junit.jupiter.api.Test",
                "    void haltsTheJvm() throws Exception {",
                "        new EchoServer();",
                "        Runtime.getRuntime().halt(3);",
                "    }",
                "}", ""));

        Result run = script(work.resolve(project.getFileName() + ".log"), project.toString(), "--", "-B", "test");
        String output = run.output();
        assertEquals(1, run.exit(), output);
        assertTrue(output.matches("(?s).*JVM \\d+ crashed, not audited: the JVM exited with status 3 before it wrote "
                + "its report.*"), output);
        assertTrue(output.contains("leak-audit: FAIL: JVM "), output);
        assertTrue(output.contains("1 JVM merged"), "one process, one session: " + output);
        assertTrue(!output.contains("no timeline"), output);
        String page = Files.readString(project.resolve("target/leak-audit/index.html"));
        assertTrue(page.contains("\"status\" : \"crashed\""), "the page shows the crashed JVM");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
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
