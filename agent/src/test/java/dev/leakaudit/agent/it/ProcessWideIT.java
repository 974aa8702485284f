package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.ProcessWideScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a library sets up for the life of the process (a known library's shutdown hook, whatever a
 * static initializer outside the tests registers or starts) is the library's, listed in the report,
 * never the finding of the test that first used it; the look-alikes made by ordinary methods stay
 * findings.
 */
class ProcessWideIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.ProcessWideScenarios#";

    private static void assertOwnHookIsAFinding(AgentRun run) throws Exception {
        List<JsonNode> own = run.findingsOf(FIXTURE + "testsOwnShutdownHookNeverRemoved");
        assertEquals(1, own.size(), own.toString());
        assertEquals("handler", own.get(0).get("kind").asText());
        assertTrue(own.get(0).get("site").asText().startsWith("dev.leakaudit.fixtures.ProcessWideScenarios."),
                own.toString());
    }

    @Test
    void log4jsHookAndStaticInitializersAreTheLibrarysAndALazyToolkitIsDeclaredBySite() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms,jfr=false,processWide=dev.leakaudit.fixtures.toolkit.LazyMetrics.start",
                List.of(), ProcessWideScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatLogsWithLog4j"));
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatRecordsWithJfr"));
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatUsesAToolkit"));
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatUsesASingletonWithBackgroundJobs"));
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatStartsALazyToolkit"));
        assertOwnHookIsAFinding(run);
        assertReporterThreadIsAFinding(run);
        assertEquals(2, run.report().get("findings").size(), run.report().get("findings").toString());

        JsonNode listed = run.report().get("sharedFixtures");
        assertListed(listed, "handler", FIXTURE + "firstTestThatLogsWithLog4j",
                "made once for the life of the process: registered through org.apache.logging.log4j.");
        assertListed(listed, "handler", FIXTURE + "firstTestThatRecordsWithJfr",
                "made once for the life of the process: registered through jdk.jfr.internal.PlatformRecorder.");
        assertListed(listed, "handler", FIXTURE + "firstTestThatUsesAToolkit",
                "made once for the life of the process: in the static initializer of dev.leakaudit.fixtures.toolkit.ProcessMetrics");
        assertListed(listed, "thread", FIXTURE + "firstTestThatUsesASingletonWithBackgroundJobs",
                "made once for the life of the process: in the static initializer of dev.leakaudit.fixtures.toolkit.BackgroundJobs");
        assertListed(listed, "timer", FIXTURE + "firstTestThatUsesASingletonWithBackgroundJobs",
                "made once for the life of the process: in the static initializer of dev.leakaudit.fixtures.toolkit.BackgroundJobs");
        assertListed(listed, "handler", FIXTURE + "firstTestThatStartsALazyToolkit",
                "made once for the life of the process: registered through dev.leakaudit.fixtures.toolkit.LazyMetrics.start");
    }

    @Test
    void withoutTheOptionALazyToolkitsHookIsBlamedOnTheTest() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=500ms,jfr=false", List.of(), ProcessWideScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatLogsWithLog4j"));
        assertEquals(List.of(), run.findingsOf(FIXTURE + "firstTestThatUsesAToolkit"),
                "a hook made in a static initializer needs no option");
        List<JsonNode> toolkit = run.findingsOf(FIXTURE + "firstTestThatStartsALazyToolkit");
        assertEquals(1, toolkit.size(), toolkit.toString());
        assertTrue(toolkit.get(0).get("message").asText().contains("Shutdown hook"), toolkit.toString());
        assertOwnHookIsAFinding(run);
        assertReporterThreadIsAFinding(run);
    }

    private static void assertReporterThreadIsAFinding(AgentRun run) throws Exception {
        List<JsonNode> reporter = run.findingsOf(FIXTURE + "startsALazyToolkitsReporterThread");
        assertEquals(1, reporter.size(), reporter.toString());
        assertEquals("thread", reporter.get(0).get("kind").asText(), reporter.toString());
    }

    private static void assertListed(JsonNode listed, String kind, String startedBy, String why) {
        for (JsonNode entry : listed) {
            if (entry.get("kind").asText().equals(kind) && startedBy.equals(entry.path("startedBy").asText())
                    && why.equals(entry.get("why").asText())) {
                return;
            }
        }
        throw new AssertionError("no " + kind + " listed for " + startedBy + " as '" + why + "' in " + listed);
    }
}
