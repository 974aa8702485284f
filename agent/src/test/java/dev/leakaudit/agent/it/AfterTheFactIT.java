package dev.leakaudit.agent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.AfterTheFactScenarios;
import dev.leakaudit.fixtures.SuiteSizeScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verdicts after the fact: no test waits for its leftovers, and what ends while later tests run is
 * judged by when it ended. Real JVMs with the packaged agent.
 */
class AfterTheFactIT {

    private static final String FACT = "dev.leakaudit.fixtures.AfterTheFactScenarios$";
    private static final String LEAKY = "dev.leakaudit.fixtures.SuiteSizeScenarios$Leaky#";
    private static final Pattern PLAN_TIME = Pattern.compile("fixture plan took (\\d+) ms");

    @Test
    void thingsEndingWhileLaterTestsRunAreJudgedByWhenTheyEnded() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=" + AfterTheFactScenarios.LINGER_MILLIS + "ms",
                List.of("-Djunit.jupiter.testclass.order.default=org.junit.jupiter.api.ClassOrderer$OrderAnnotation"),
                AfterTheFactScenarios.EndsDuringNextTest.class, AfterTheFactScenarios.LeavesThingsOpen.class,
                AfterTheFactScenarios.EndsThemTooLate.class);
        assertEquals(0, run.exitCode, run.describe());

        // closed 300 ms after its test, and a thread ending then, while the next test ran: clean
        assertEquals(List.of(), run.findingsOf(FACT + "EndsDuringNextTest#handsItsSocketToACloser"));
        assertEquals(List.of(), run.findingsOf(FACT + "EndsDuringNextTest#runsWhileTheyEnd"));
        assertEquals(0, run.testEntry(FACT + "EndsDuringNextTest#handsItsSocketToACloser").get("findings").asInt());

        // still open at the linger after its class ended, ended only during a later class: findings,
        // although by the time that class ended the socket was closed and the thread was gone
        List<JsonNode> late = run.findingsOf(FACT + "LeavesThingsOpen#opensASocketAndAThreadThatEndLate");
        assertEquals(List.of("socket", "thread"), kinds(late), late.toString());
        for (JsonNode finding : late) {
            assertEquals("test", finding.get("attribution").asText());
            assertTrue(finding.get("message").asText().contains("only later"), finding.toString());
        }
        assertEquals(List.of(), run.findingsOf(FACT + "EndsThemTooLate#endsThemAfterTheLinger"));
        assertEquals(2, run.report().get("summary").get("leaks").asInt(), run.report().toString());
    }

    @Test
    void aSuiteThatLeaksInEveryTestFinishesWithinOneLingerOfACleanOne() throws Exception {
        long lingerMillis = 1500;
        String options = "linger=" + lingerMillis + "ms";
        AgentRun clean = AgentRun.fixtures(options, List.of(), SuiteSizeScenarios.Clean.class);
        AgentRun leaky = AgentRun.fixtures(options, List.of(), SuiteSizeScenarios.Leaky.class);
        assertEquals(0, clean.exitCode, clean.describe());
        assertEquals(0, leaky.exitCode, leaky.describe());

        // every leaking test gets its socket and its timer, and nothing else
        for (int i = 1; i <= 8; i++) {
            List<JsonNode> findings = leaky.findingsOf(LEAKY + "leaks" + i);
            assertEquals(List.of("socket", "timer"), kinds(findings), findings.toString());
            for (JsonNode finding : findings) {
                assertTrue(finding.get("message").asText().contains("in test " + LEAKY + "leaks" + i), finding.toString());
                assertTrue(finding.get("stack").toString().contains("SuiteSizeScenarios.leakOne("), finding.toString());
            }
            assertEquals(2, leaky.testEntry(LEAKY + "leaks" + i).get("findings").asInt());
        }
        assertEquals(0, clean.report().get("summary").get("findings").asInt(), clean.report().toString());

        // A judge that waited at each test's end would add 8 lingers (12 s); after the fact, only the
        // run's end waits, once. The bound is generous for a loaded machine: one linger, plus as much
        // again as the clean suite took, plus 2 s.
        long cleanMillis = planMillis(clean);
        long leakyMillis = planMillis(leaky);
        long bound = cleanMillis + lingerMillis + Math.max(cleanMillis, 0) + 2000;
        assertTrue(leakyMillis <= bound, "leaky suite took " + leakyMillis + " ms, clean " + cleanMillis
                + " ms: more than one linger (" + lingerMillis + " ms) apart beyond the margin (bound " + bound + " ms)");
    }

    private static long planMillis(AgentRun run) {
        Matcher matcher = PLAN_TIME.matcher(run.stderr);
        assertTrue(matcher.find(), run.describe());
        return Long.parseLong(matcher.group(1));
    }

    private static List<String> kinds(List<JsonNode> findings) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode finding : findings) {
            kinds.add(finding.get("kind").asText());
        }
        kinds.sort(null);
        return kinds;
    }
}
