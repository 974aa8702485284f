package dev.leakaudit.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakaudit.reports.cli.LeakAuditCli;
import dev.leakaudit.reports.model.ReportReader;

/**
 * Reports written by the real agent on agent/src/it/sample-project (3 tests: one clean, one leaking
 * a socket, one a server socket and its accept thread), with the JFR recording beside them.
 */
final class Fixtures {

    static final String REPORT = "leak-report-10533-mx24h94g.json";
    static final String RECORDING = "leak-report-10533-mx24h94g.jfr";

    private Fixtures() {
    }

    /** The sample report (and its recording) copied into {@code dir}. */
    static Path sample(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {REPORT, RECORDING}) {
            try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/sample/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir.resolve(REPORT);
    }

    static ObjectNode sampleTree() throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/sample/" + REPORT)) {
            return (ObjectNode) ReportReader.JSON.readTree(in);
        }
    }

    /** The sample report changed by {@code edit}, written as {@code dir/name}. */
    static Path variant(Path dir, String name, UnaryOperator<ObjectNode> edit) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, ReportReader.write(edit.apply(sampleTree())), StandardCharsets.UTF_8);
        return file;
    }

    static Path repository() {
        return Paths.get(System.getProperty("leakaudit.repo.dir", "..")).toAbsolutePath().normalize();
    }

    static Path buildDir() {
        return Paths.get(System.getProperty("leakaudit.build.dir", "target")).toAbsolutePath().normalize();
    }

    /** Runs the command line as a user would, capturing what it prints. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LeakAuditCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
