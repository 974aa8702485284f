package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.FileScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files left open are the tests' leaks, with their paths; closed ones, a stream's own channel and the JDK's class loading are clean. */
class FileKindIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.FileScenarios#";

    @Test
    void everyWayOfOpeningAFileIsAuditedPerTest() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=300ms,jfr=false", List.of(), FileScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals("ok", run.report().get("selfTest").get("kinds").get("file").asText(), run.report().get("selfTest").toString());
        for (String test : List.of("leavesAFileInputStreamOpen", "leavesAFileOutputStreamOpen", "leavesARandomAccessFileOpen",
                "leavesAFileChannelOpen", "leavesAFilesInputStreamOpen", "leavesABufferedReaderOpen", "leavesFilesLinesOpen",
                "leavesFilesListOpen", "leavesADirectoryStreamOpen", "leavesAZipFileOpen", "leavesAJarFileOpen")) {
            List<JsonNode> findings = run.findingsOf(FIXTURE + test);
            assertEquals(1, findings.size(), test + ": " + findings);
            JsonNode finding = findings.get(0);
            assertEquals("file", finding.get("kind").asText(), finding.toString());
            assertTrue(finding.get("site").asText().startsWith("dev.leakaudit.fixtures.FileScenarios." + test), finding.toString());
            assertTrue(finding.get("path").asText().contains("leak-audit-files"), finding.toString());
            assertTrue(finding.get("message").asText().contains("was still open"), finding.toString());
        }
        List<JsonNode> dropped = run.findingsOf(FIXTURE + "dropsAFileInputStreamUnclosed");
        assertEquals(1, dropped.size(), dropped.toString());
        assertTrue(dropped.get(0).get("collected").asBoolean(), dropped.toString());
        for (String clean : List.of("readsWithTryWithResources", "consumesFilesLinesInATry", "usesAStreamsOwnChannel",
                "readsAClassPathResource", "closesAFileTwice")) {
            assertEquals(List.of(), run.findingsOf(FIXTURE + clean), clean);
            assertEquals(List.of(), run.notesOf(FIXTURE + clean), clean + ": a file closed twice is no note");
        }
        assertEquals(12, run.report().get("findings").size(), run.report().get("findings").toString());
        for (JsonNode finding : run.report().get("findings")) {
            assertFalse(finding.path("test").asText("").isEmpty(), "nothing of the run or the JDK: " + finding);
        }
    }
}
