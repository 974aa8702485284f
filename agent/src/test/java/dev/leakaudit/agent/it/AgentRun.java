package dev.leakaudit.agent.it;

import java.io.File;
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

/**
 * Runs a real child JVM with the packaged agent jar attached, and reads back what it wrote.
 * The child uses the same JDK as the test, so the JDK 25 pass proves JDK 25.
 */
final class AgentRun {

    static final Path AGENT_JAR = Paths.get(required("leakaudit.agent.jar"));
    static final String FIXTURE_CLASSPATH = required("leakaudit.fixture.classpath");
    private static final Path WORK = Paths.get(required("leakaudit.work.dir"));
    private static final ObjectMapper JSON = new ObjectMapper();

    final int exitCode;
    final String stdout;
    final String stderr;
    final Path destdir;

    private AgentRun(int exitCode, String stdout, String stderr, Path destdir) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.destdir = destdir;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the tests with Maven");
        }
        return value;
    }

    /** Runs fixture test classes under the agent with {@code options} (destdir is added). */
    static AgentRun fixtures(String options, List<String> jvmArgs, Class<?>... fixtureClasses) throws Exception {
        List<String> args = new ArrayList<>();
        args.add("dev.leakaudit.fixtures.FixtureRunner");
        for (Class<?> fixture : fixtureClasses) {
            args.add(fixture.getName());
        }
        return java(options, jvmArgs, args);
    }

    /** Runs any main class from the fixture class path under the agent. */
    static AgentRun java(String options, List<String> jvmArgs, List<String> mainAndArgs) throws Exception {
        Files.createDirectories(WORK);
        Path destdir = Files.createTempDirectory(WORK, "run-");
        String agentArg = "-javaagent:" + AGENT_JAR + "=destdir=" + destdir + (options.isEmpty() ? "" : "," + options);
        return launch(agentArg, jvmArgs, mainAndArgs, destdir);
    }

    /** Runs {@code mainAndArgs} with {@code classpath} as the system class path instead of the fixtures'. */
    static AgentRun javaWithClasspath(String options, String classpath, List<String> mainAndArgs) throws Exception {
        Files.createDirectories(WORK);
        Path destdir = Files.createTempDirectory(WORK, "run-");
        String agentArg = "-javaagent:" + AGENT_JAR + "=destdir=" + destdir + (options.isEmpty() ? "" : "," + options);
        return launch(agentArg, List.of(), classpath, mainAndArgs, destdir);
    }

    /** Runs with an exact -javaagent argument (for option error tests). */
    static AgentRun withAgentArgument(String agentArgument, List<String> mainAndArgs) throws Exception {
        Files.createDirectories(WORK);
        Path destdir = Files.createTempDirectory(WORK, "run-");
        return launch(agentArgument, List.of(), mainAndArgs, destdir);
    }

    private static AgentRun launch(String agentArg, List<String> jvmArgs, List<String> mainAndArgs, Path destdir)
            throws Exception {
        return launch(agentArg, jvmArgs, FIXTURE_CLASSPATH, mainAndArgs, destdir);
    }

    private static AgentRun launch(String agentArg, List<String> jvmArgs, String classpath, List<String> mainAndArgs,
                                   Path destdir) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add(agentArg);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        Path out = destdir.resolve("stdout.txt");
        Path err = destdir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command)
                .directory(destdir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 120 s: " + command);
        }
        return new AgentRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), destdir);
    }

    List<Path> files(String suffix) throws IOException {
        try (Stream<Path> listing = Files.list(destdir)) {
            return listing.filter(p -> p.getFileName().toString().startsWith("leak-report-")
                    && p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** The single JSON report this run wrote. */
    JsonNode report() throws IOException {
        List<Path> reports = files(".json");
        if (reports.size() != 1) {
            throw new AssertionError("expected one report in " + destdir + ", found " + reports + "\nstderr:\n" + stderr);
        }
        return JSON.readTree(reports.get(0).toFile());
    }

    Path jfrFile() throws IOException {
        List<Path> recordings = files(".jfr");
        if (recordings.size() != 1) {
            throw new AssertionError("expected one recording in " + destdir + ", found " + recordings);
        }
        return recordings.get(0);
    }

    /** Findings of one test (by {@code Class#method} or class name). */
    List<JsonNode> findingsOf(String test) throws IOException {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode finding : report().get("findings")) {
            if (test.equals(finding.path("test").asText(null))) {
                result.add(finding);
            }
        }
        return result;
    }

    /** Note groups (a plain double close) with an occurrence in one test. */
    List<JsonNode> notesOf(String test) throws IOException {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode group : report().get("notes")) {
            for (JsonNode entry : group.get("tests")) {
                if (test.equals(entry.path("test").asText(null))) {
                    result.add(group);
                }
            }
        }
        return result;
    }

    JsonNode testEntry(String test) throws IOException {
        for (JsonNode entry : report().get("tests")) {
            if (test.equals(entry.get("test").asText())) {
                return entry;
            }
        }
        throw new AssertionError("test " + test + " not in report");
    }

    String describe() {
        return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }

    static String classpathOf(Path... entries) {
        StringBuilder text = new StringBuilder();
        for (Path entry : entries) {
            if (text.length() > 0) {
                text.append(File.pathSeparatorChar);
            }
            text.append(entry);
        }
        return text.toString();
    }
}
