package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report is written at the end of the test plan and again at exit only if anything happened in
 * between: nothing is written twice for nothing, and nothing that happened after the plan is lost.
 */
class ReportAtExitIT {

    private static final String PROGRAM = "dev.leakaudit.fixtures.AfterThePlanProgram";
    private static final String NOT_AGAIN = "nothing changed since the plan's end, not written again";

    private static AgentRun run(String afterThePlan) throws Exception {
        AgentRun run = AgentRun.java("jfr=false,linger=0ms", List.of("-Dleakaudit.timing=true"),
                List.of(PROGRAM, afterThePlan));
        assertEquals(0, run.exitCode, run.describe());
        return run;
    }

    private static int openAtEnd(JsonNode report, String kind) {
        JsonNode timeline = report.get("timeline");
        JsonNode kinds = timeline.get("kinds");
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).asText().equals(kind)) {
                return timeline.get("openAtEnd").get(i).asInt();
            }
        }
        throw new AssertionError("no " + kind + " in " + timeline);
    }

    @Test
    void nothingAfterThePlanKeepsTheReportWrittenAtItsEnd() throws Exception {
        AgentRun run = run("keep");
        assertTrue(run.stdout.contains("after the plan: still open"), run.describe());
        assertTrue(run.stderr.contains(NOT_AGAIN), run.describe());
        JsonNode report = run.report();
        assertFalse(report.path("endedAt").isNull(), report.toString());
        assertEquals(1, openAtEnd(report, "server-socket"), report.get("timeline").toString());
        boolean reported = false;
        for (JsonNode finding : report.get("findings")) {
            reported |= finding.get("kind").asText().equals("server-socket");
        }
        assertTrue(reported, "the server socket left open is still a leak: " + report);
    }

    @Test
    void aCloseAfterThePlanIsInTheReportWrittenAtExit() throws Exception {
        AgentRun run = run("close");
        assertTrue(run.stdout.contains("after the plan: closed"), run.describe());
        assertFalse(run.stderr.contains(NOT_AGAIN), "the close after the plan changed the run: " + run.describe());
        assertTrue(run.stderr.contains("timing: report at exit"), run.describe());
        assertEquals(0, openAtEnd(run.report(), "server-socket"), run.report().get("timeline").toString());
    }
}
