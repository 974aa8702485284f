package dev.leakaudit.reports.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real JVM with the freshly built agent jar attached, running fixture tests; returns the report it wrote. */
public final class AgentJvm {

    static final Path AGENT = Path.of(System.getProperty("leakaudit.repo.dir", ".."))
            .resolve("agent/target/leak-audit-agent.jar").toAbsolutePath().normalize();

    private AgentJvm() {
    }

    /** Runs {@code fixtureClass} under the agent with {@code options}; its one report file. */
    public static Path run(Path dir, String name, String fixtureClass, String options, String... jvmArgs) throws Exception {
        assumeTrue(Files.isRegularFile(AGENT), "the agent jar is not built (mvn -pl agent package)");
        Path destdir = Files.createDirectories(dir.resolve(name));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.add("-javaagent:" + AGENT + "=destdir=" + destdir + "," + options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ContractLauncher.class.getName(), fixtureClass));
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the JVM did not exit: " + command);
        try (Stream<Path> files = Files.list(destdir)) {
            List<Path> reports = files.filter(f -> f.getFileName().toString().matches("leak-report-.*\\.json")).toList();
            assertEquals(1, reports.size(), Files.readString(log));
            return reports.get(0);
        }
    }
}
