package dev.leakaudit.reports;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(String... args) {
        return ReportCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void report(String name, String findings) throws Exception {
        Files.writeString(dir.resolve(name), "{\"schema\":\"leak-audit/1\",\"findings\":[" + findings + "]}");
    }

    private static String finding(String severity) {
        return "{\"kind\":\"socket\",\"severity\":\"" + severity + "\",\"test\":\"a.B#c\",\"message\":\"left open\"}";
    }

    @Test
    void cleanReportsPass() throws Exception {
        report("leak-report-1-a.json", "");
        report("leak-report-2-b.json", "");
        assertEquals(0, check(dir.toString()));
        assertTrue(out.toString().contains("0 leaks, 0 warnings in 2 reports"), out.toString());
    }

    @Test
    void leaksFailAndArePrinted() throws Exception {
        report("leak-report-1-a.json", finding("leak"));
        assertEquals(1, check(dir.toString()));
        assertTrue(out.toString().contains("LEAK    socket in a.B#c: left open"), out.toString());
    }

    @Test
    void warningsFailOnlyWhenAskedTo() throws Exception {
        report("leak-report-1-a.json", finding("warning"));
        assertEquals(0, check(dir.toString()));
        assertEquals(1, check("--fail-on", "warning", dir.toString()));
    }

    @Test
    void badInputIsOneClearLine() throws Exception {
        assertEquals(2, check(dir.resolve("missing").toString()));
        assertTrue(err.toString().contains("cannot read"), err.toString());
        Files.writeString(dir.resolve("leak-report-9-z.json"), "{not json");
        assertEquals(2, check(dir.toString()));
        assertTrue(err.toString().contains("is not valid JSON"), err.toString());
        assertEquals(2, check("--fail-on", "sometimes", dir.toString()));
    }

    @Test
    void emptyFolderSaysTheAgentMayBeMissing() {
        assertEquals(2, check(dir.toString()));
        assertTrue(err.toString().contains("was the agent attached"), err.toString());
    }
}
