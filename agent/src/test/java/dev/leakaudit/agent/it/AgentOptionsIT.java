package dev.leakaudit.agent.it;

import java.nio.file.Files;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options, bad options, and programs outside any test framework. */
class AgentOptionsIT {

    private static final List<String> PLAIN = List.of("dev.leakaudit.fixtures.PlainProgram");

    @Test
    void plainProgramGetsAPerRunReport() throws Exception {
        AgentRun run = AgentRun.java("", List.of(), PLAIN);
        assertEquals(0, run.exitCode, run.describe());
        JsonNode findings = run.report().get("findings");
        assertEquals(1, findings.size(), findings.toString());
        JsonNode finding = findings.get(0);
        assertTrue(finding.get("test").isNull());
        assertEquals("run", finding.get("attribution").asText());
        assertEquals("dev.leakaudit.fixtures.Loopback.server(Loopback.java:23)", finding.get("site").asText());
        assertTrue(finding.get("stack").toString().contains("PlainProgram.main("), finding.toString());
        assertTrue(finding.get("message").asText().contains("when the run ended"), finding.toString());
        assertEquals(List.of(), run.files(".jfr"), "no recording unless jfr=true");
        String[] lines = run.stdout.strip().split("\n");
        assertEquals("plain program done", lines[0]);
        assertEquals(2, lines.length, "stdout holds the program's output and one summary line: " + run.stdout);
        assertTrue(lines[1].startsWith("[leak-audit] 1 leak, 0 warnings (server-socket 1); report: "), lines[1]);
    }

    @Test
    void unknownOptionIsOneClearLineAndTheProgramStillRuns() throws Exception {
        AgentRun run = AgentRun.withAgentArgument("-javaagent:" + AgentRun.AGENT_JAR + "=lingr=2s", PLAIN);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("plain program done"));
        assertTrue(run.stderr.contains("[leak-audit] unknown option 'lingr'"), run.stderr);
        assertTrue(run.stderr.contains("runs without leak auditing"), run.stderr);
        assertFalse(run.stderr.contains("\tat "), "no stack trace: " + run.stderr);
        assertFalse(run.stdout.contains("[leak-audit]"));
    }

    @Test
    void malformedValueNamesTheOption() throws Exception {
        AgentRun run = AgentRun.withAgentArgument("-javaagent:" + AgentRun.AGENT_JAR + "=linger=soon", PLAIN);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stderr.contains("option 'linger': 'soon' is not a duration"), run.stderr);
    }

    @Test
    void excludesDropResourcesByCreationStackPrefix() throws Exception {
        AgentRun run = AgentRun.java("jfr=false,excludes=dev.leakaudit.fixtures.PlainProgram", List.of(), PLAIN);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(0, run.report().get("findings").size());
    }

    @Test
    void forkedJvmsWriteSeparateReports() throws Exception {
        AgentRun first = AgentRun.java("jfr=false", List.of(), PLAIN);
        AgentRun second = AgentRun.java("jfr=false,destdir=" + first.destdir, List.of(), PLAIN);
        assertEquals(0, second.exitCode, second.describe());
        assertEquals(2, first.files(".json").size());
        assertTrue(Files.size(first.files(".json").get(0)) > 0);
    }
}
