package dev.leakaudit.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.merge.RunReader;
import dev.leakaudit.reports.model.Session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Surefire forks, modules and shards: many JVMs' reports as one run, crashed JVMs included. */
class MergeTest {

    @TempDir
    Path dir;

    private static ObjectNode asOtherJvm(ObjectNode tree, long pid) {
        ((ObjectNode) tree.get("jvm")).put("pid", pid);
        tree.put("jfr", (String) null);
        return tree;
    }

    @Test
    void forksAndModulesMergeIntoSessions() throws Exception {
        Fixtures.sample(dir.resolve("module-a/target/leak-audit"));
        Fixtures.variant(dir.resolve("module-b/target/leak-audit"), "leak-report-777-abc.json", t -> asOtherJvm(t, 777));
        MergedRun run = new RunReader().read(List.of(dir));
        assertEquals(2, run.sessions().size());
        assertTrue(run.sessions().stream().noneMatch(Session::crashed));
        assertEquals(6, run.occurrences().size());
        // The same test leaking the same thing in two JVMs is one finding, seen twice.
        assertEquals(3, run.distinct().size());
        run.distinct().values().forEach(occurrences -> assertEquals(2, occurrences.size()));
        assertEquals(4, run.tests().size());
        assertEquals(List.of(10533L, 777L), run.sessions().stream().map(Session::pid).toList());
    }

    @Test
    void aJvmThatNeverCompletedIsCrashedNotClean() throws Exception {
        Fixtures.sample(dir);
        // A fork killed before it wrote its report leaves its begun file (or its recording) behind...
        Files.writeString(dir.resolve("leak-report-4242-zz.json.partial"), "{\"schema\":\"leak-audit/1\",");
        // ...and scripts/leak-audit's launcher says how it ended (one process: one session).
        Files.writeString(dir.resolve("leak-report-4242-launcher.crashed"),
                "exited with status 137 before it wrote its report\n");
        // ...and a report that was begun but never given its end.
        Fixtures.variant(dir, "leak-report-5151-yy.json", t -> {
            asOtherJvm(t, 5151).remove("endedAt");
            ((com.fasterxml.jackson.databind.node.ArrayNode) t.get("findings")).removeAll();
            return t;
        });
        MergedRun run = new RunReader().read(List.of(dir));
        assertEquals(3, run.sessions().size());
        assertEquals(List.of(4242L, 5151L), run.crashedSessions().stream().map(Session::pid).sorted().toList());

        Fixtures.Run check = Fixtures.cli("check", "--fail-on", "never", dir.toString());
        assertEquals(1, check.exit(), check.toString());
        assertTrue(check.out().contains("JVM 4242 crashed, not audited: the JVM exited with status 137"), check.toString());
        assertTrue(check.out().contains("JVM 5151 crashed, not audited"), check.toString());

        // merge writes one file that every other subcommand reads back as the same run.
        Path merged = dir.resolve("out/merged.json");
        Fixtures.Run merge = Fixtures.cli("merge", "--out", merged.toString(), dir.toString());
        assertEquals(0, merge.exit(), merge.toString());
        assertTrue(merge.out().contains("merged 3 JVMs (2 not audited), 3 findings"), merge.toString());
        MergedRun again = new RunReader().read(List.of(merged));
        assertEquals(run.sessions().size(), again.sessions().size());
        assertEquals(run.distinct().keySet(), again.distinct().keySet());
        assertEquals(2, again.crashedSessions().size());
    }
}
