package dev.leakaudit.reports;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CI gate against a baseline: new, fixed, unchanged, line shifts, limits, self-test, bad input. */
class CheckTest {

    @TempDir
    Path dir;

    Path baseline;

    @BeforeEach
    void acceptTheSampleRun() throws Exception {
        Path accepted = dir.resolve("accepted");
        Fixtures.sample(accepted);
        baseline = dir.resolve("leak-audit-baseline.json");
        Fixtures.Run run = Fixtures.cli("baseline", "--out", baseline.toString(), accepted.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("accepted 3 distinct findings"), run.toString());
        String text = Files.readString(baseline);
        assertTrue(text.contains("\"site\" : \"com.example.EchoServer.connect\""), text);
        assertFalse(text.contains("EchoServer.java:44"), "baselines hold no line numbers: " + text);
    }

    private Fixtures.Run check(Path report, String... more) {
        String[] args = new String[more.length + 4];
        args[0] = "check";
        args[1] = "--baseline";
        args[2] = baseline.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        args[args.length - 1] = report.toString();
        return Fixtures.cli(args);
    }

    @Test
    void unchangedRunPasses() throws Exception {
        Fixtures.Run run = check(Fixtures.sample(dir.resolve("now")));
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("0 new, 3 unchanged, 0 fixed"), run.toString());
        assertTrue(run.out().contains("leak-audit: PASS"), run.toString());
    }

    @Test
    void aNewLeakFails() throws Exception {
        Path report = Fixtures.variant(dir.resolve("now"), "leak-report-1-a.json", tree -> {
            ObjectNode copy = ((ObjectNode) tree.get("findings").get(0)).deepCopy();
            copy.put("test", "com.example.EchoServerTest#aNewTest");
            ((ArrayNode) tree.get("findings")).add(copy);
            return tree;
        });
        Fixtures.Run run = check(report);
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("1 new, 3 unchanged, 0 fixed"), run.toString());
        assertTrue(run.out().contains("NEW       leak socket at com.example.EchoServer.connect(EchoServer.java:44) in "
                + "com.example.EchoServerTest#aNewTest"), run.toString());
        assertTrue(run.out().contains("FAIL: 1 finding not in the baseline"), run.toString());
    }

    @Test
    void theSiteKeepingTheMostBytesIsTheWorstAmongLeaks() throws Exception {
        Path report = Fixtures.variant(dir.resolve("now"), "leak-report-1-a.json", tree -> {
            ObjectNode buffer = ((ObjectNode) tree.get("findings").get(0)).deepCopy();
            buffer.put("kind", "bytebuf").put("resource", "io.netty.buffer.PooledUnsafeDirectByteBuf")
                    .put("site", "com.example.Codec.encode(Codec.java:12)").put("bytes", 65536)
                    .put("allocator", "io.netty.buffer.PooledByteBufAllocator");
            ((ArrayNode) tree.get("findings")).add(buffer);
            return tree;
        });
        Fixtures.Run run = check(report, "--fail-on", "never");
        String out = run.out();
        int sites = out.indexOf("worst sites");
        assertTrue(sites >= 0, run.toString());
        String first = out.substring(sites).split("\n")[1].trim();
        assertEquals("1 bytebuf at com.example.Codec.encode(Codec.java:12), in 1 test, keeping 65536 bytes", first,
                run.toString());
    }

    @Test
    void aFixedLeakPassesAndIsNamed() throws Exception {
        Path report = Fixtures.variant(dir.resolve("now"), "leak-report-1-a.json", tree -> {
            ((ArrayNode) tree.get("findings")).remove(0);
            return tree;
        });
        Fixtures.Run run = check(report);
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("0 new, 2 unchanged, 1 fixed"), run.toString());
        assertTrue(run.out().contains("FIXED     socket at com.example.EchoServer.connect in "
                + "com.example.EchoServerTest#forgetsToCloseTheClient"), run.toString());
    }

    @Test
    void aLineShiftElsewhereKeepsTheBaseline() throws Exception {
        // Ten lines added above connect(): every line number moves, the findings do not.
        Path report = Fixtures.variant(dir.resolve("now"), "leak-report-1-a.json", tree -> {
            for (var finding : tree.get("findings")) {
                ObjectNode node = (ObjectNode) finding;
                node.put("site", node.get("site").asText().replace(":44)", ":54)").replace(":18)", ":28)"));
                ArrayNode stack = (ArrayNode) node.get("stack");
                for (int i = 0; i < stack.size(); i++) {
                    stack.set(i, new TextNode(stack.get(i).asText().replace("EchoServerTest.java:", "EchoServerTest.java:1")));
                }
            }
            return tree;
        });
        Fixtures.Run run = check(report);
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("0 new, 3 unchanged, 0 fixed"), run.toString());
        assertTrue(run.out().contains("EchoServer.java:54"), run.toString());
    }

    @Test
    void perKindLimitsAndFailedSelfTestsFail() throws Exception {
        Path now = Fixtures.sample(dir.resolve("now"));
        Fixtures.Run limited = check(now, "--max", "thread=0");
        assertEquals(1, limited.exit(), limited.toString());
        assertTrue(limited.out().contains("thread: 1 findings, over the limit of 0"), limited.toString());
        assertEquals(0, check(now, "--max", "thread=1,socket=5").exit());

        Path broken = Fixtures.variant(dir.resolve("selftest"), "leak-report-1-a.json", tree -> {
            ((ObjectNode) tree.get("agent")).put("selfTest", "failed: Socket was not instrumented");
            return tree;
        });
        Fixtures.Run run = check(broken);
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("self-test failed: Socket was not instrumented"), run.toString());
    }

    /** A plain double close is a note: shown and counted, never failing even --fail-on warning. */
    @Test
    void notesNeverFailTheCheck() throws Exception {
        Path notes = Fixtures.variant(dir.resolve("notes"), "leak-report-1-a.json", tree -> {
            ArrayNode findings = (ArrayNode) tree.get("findings");
            ObjectNode note = findings.get(0).deepCopy();
            note.put("kind", "double-close").put("severity", "note");
            findings.removeAll();
            findings.add(note); // as an older agent wrote notes: among the findings, counted as the test's
            for (com.fasterxml.jackson.databind.JsonNode test : tree.get("tests")) {
                ((ObjectNode) test).put("findings", test.get("test").asText().equals(note.get("test").asText()) ? 1 : 0);
            }
            return tree;
        });
        ModelRoundTripTest.validateAgainstSchema(Files.readString(notes));
        Fixtures.Run run = Fixtures.cli("check", "--fail-on", "warning", notes.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("0 leaks, 0 warnings in 0 of 3 tests; 1 note, 1 JVM merged"), run.toString());
        assertTrue(run.out().contains("notes (never failing; 1 site):"), run.toString());

        Path warning = Fixtures.variant(dir.resolve("warning"), "leak-report-1-a.json", tree -> {
            ArrayNode findings = (ArrayNode) tree.get("findings");
            ObjectNode kept = findings.get(0).deepCopy();
            kept.put("kind", "cleanup-not-idempotent").put("severity", "warning");
            findings.removeAll();
            findings.add(kept);
            return tree;
        });
        assertEquals(1, Fixtures.cli("check", "--fail-on", "warning", warning.toString()).exit());
    }

    @Test
    void withoutBaselineEveryLeakIsNewAndFailOnDecides() throws Exception {
        Path now = Fixtures.sample(dir.resolve("now"));
        var first = Fixtures.cli("check", now.toString());
        assertEquals(1, first.exit());
        assertTrue(first.out().contains("(no baseline yet: `leak-audit baseline`, or the plugin's baseline goal, accepts the current ones)"), first.toString());
        assertFalse(first.out().contains("not in the baseline"), first.toString());
        assertEquals(0, Fixtures.cli("check", "--fail-on", "never", now.toString()).exit());
        // The form the build's own leak check uses: no subcommand.
        assertEquals(1, Fixtures.cli("--fail-on", "warning", now.getParent().toString()).exit());
    }

    @Test
    void badInputIsOneClearLineAndExitTwo() throws Exception {
        Files.writeString(dir.resolve("not-json.json"), "{ nope");
        Files.writeString(dir.resolve("other.json"), "{\"schema\":\"other/2\"}");
        Files.createDirectories(dir.resolve("empty"));
        String[][] cases = {
            {"check", dir.resolve("missing").toString()},
            {"check", dir.resolve("not-json.json").toString()},
            {"check", dir.resolve("other.json").toString()},
            {"check", dir.resolve("empty").toString()},
            {"check", "--baseline", dir.resolve("other.json").toString(), baseline.toString()},
            {"check", "--max", "socket=lots", baseline.toString()},
            {"check", "--fail-on", "sometimes", baseline.toString()},
            {"report", "--bogus"},
            {"sarif", dir.resolve("empty").toString()},
        };
        for (String[] args : cases) {
            Fixtures.Run run = Fixtures.cli(args);
            assertEquals(2, run.exit(), String.join(" ", args) + "\n" + run);
            String err = run.err().strip();
            assertFalse(err.isEmpty(), run.toString());
            assertEquals(1, err.lines().count(), "one line: " + run);
            assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + run);
        }
        assertTrue(Fixtures.cli("check", dir.resolve("empty").toString()).err()
                .contains("no leak-report-*.json in"));
        assertTrue(Fixtures.cli("check", dir.resolve("other.json").toString()).err()
                .contains("is not a leak-audit/1 report (schema: 'other/2')"));
    }
}
