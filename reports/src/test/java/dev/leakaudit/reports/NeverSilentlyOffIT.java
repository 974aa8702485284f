package dev.leakaudit.reports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.model.ReportReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A JVM whose auditing was off, or that died before it wrote its report, is never counted as clean:
 * the real agent jar in a real JVM, then the packaged {@code leak-audit-reports.jar check}.
 */
class NeverSilentlyOffIT {

    private static final Path AGENT = Fixtures.repository().resolve("agent/target/leak-audit-agent.jar");
    private static final Path REPORTS = Fixtures.buildDir().resolve("leak-audit-reports.jar");

    @TempDir
    Path dir;

    private record Result(int exit, String output) {
    }

    private Result java(Path log, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the JVM did not exit: " + command);
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private Result underAgent(Path destdir, String mainClass, String... jvmArgs) throws Exception {
        assumeTrue(Files.isRegularFile(AGENT), "the agent jar is not built (mvn -pl agent package)");
        List<String> args = new ArrayList<>(List.of(jvmArgs));
        args.addAll(List.of("-javaagent:" + AGENT + "=destdir=" + destdir + ",jfr=false",
                "-cp", System.getProperty("java.class.path"), mainClass));
        return java(dir.resolve("jvm.log"), args);
    }

    private Result check(Path destdir) throws Exception {
        assertTrue(Files.isRegularFile(REPORTS), "the reports jar is not built");
        return java(dir.resolve("check.log"), List.of("-jar", REPORTS.toString(), "check", destdir.toString()));
    }

    private static JsonNode onlyReport(Path destdir) throws Exception {
        try (Stream<Path> files = Files.list(destdir)) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
            assertEquals(1, reports.size(), reports.toString());
            return ReportReader.readTree(reports.get(0));
        }
    }

    @Test
    void everyKindPassesTheSelfTestAndTheReportSaysSo() throws Exception {
        Path destdir = dir.resolve("passed");
        Result jvm = underAgent(destdir, CleanMain.class.getName());
        assertEquals(0, jvm.exit(), jvm.output());
        assertFalse(jvm.output().contains("self-test failed"), jvm.output());
        JsonNode report = onlyReport(destdir);
        assertEquals("passed", report.path("agent").path("selfTest").asText());
        assertTrue(report.path("selfTest").path("ok").asBoolean(false), report.path("selfTest").toString());
        for (String kind : List.of("socket", "channel", "timer", "thread")) {
            assertEquals("ok", report.path("selfTest").path("kinds").path(kind).asText(), kind);
        }
        ModelRoundTripTest.validateAgainstSchema(ReportReader.write(report));

        Result check = check(destdir); // the clean control of the two tests below
        assertEquals(0, check.exit(), check.output());
    }

    @Test
    void aFailedSelfTestFailsTheCheckSayingAuditingWasOff() throws Exception {
        Path destdir = dir.resolve("selftest");
        Result jvm = underAgent(destdir, CleanMain.class.getName(), "-Dleakaudit.selftest.fail=timer");
        assertEquals(0, jvm.exit(), jvm.output());
        assertTrue(jvm.output().contains("[leak-audit] self-test failed"), jvm.output());
        assertTrue(jvm.output().contains("auditing is off for timer"), jvm.output());
        JsonNode report = onlyReport(destdir);
        assertFalse(report.path("selfTest").path("ok").asBoolean(true), report.toString());
        assertEquals("ok", report.path("selfTest").path("kinds").path("socket").asText());
        assertTrue(report.path("selfTest").path("kinds").path("timer").asText().contains("saw 0 of 2 schedules"),
                report.path("selfTest").toString());
        ModelRoundTripTest.validateAgainstSchema(ReportReader.write(report));

        Result check = check(destdir);
        assertEquals(1, check.exit(), check.output());
        assertTrue(check.output().contains("FAIL: self-test failed: auditing was off for timer"), check.output());
    }

    @Test
    void aJvmThatDiesBeforeItsReportIsNotAudited() throws Exception {
        Path destdir = dir.resolve("halted");
        Result jvm = underAgent(destdir, HaltingMain.class.getName());
        assertEquals(3, jvm.exit(), jvm.output());
        JsonNode marker = onlyReport(destdir);
        assertTrue(marker.path("endedAt").isNull(), marker.toString());
        assertEquals("passed", marker.path("agent").path("selfTest").asText());
        ModelRoundTripTest.validateAgainstSchema(ReportReader.write(marker));

        Result check = check(destdir);
        assertEquals(1, check.exit(), check.output());
        assertTrue(check.output().contains("crashed, not audited"), check.output());
    }
}
