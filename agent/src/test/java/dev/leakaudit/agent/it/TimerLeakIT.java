package dev.leakaudit.agent.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.TimerScenarios;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timer leaks (kind {@code timer}) and their clean controls, in a real JVM under the packaged agent. */
class TimerLeakIT {

    private static final String TIMERS = "dev.leakaudit.fixtures.TimerScenarios";
    private static AgentRun run;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=500ms,jfr=true", List.of(), TimerScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    private static JsonNode onlyTimerFinding(String method) throws Exception {
        List<JsonNode> findings = run.findingsOf(TIMERS + "#" + method);
        assertEquals(1, findings.size(), () -> method + " should have exactly one finding: " + findings);
        JsonNode finding = findings.get(0);
        assertEquals("timer", finding.get("kind").asText(), finding.toString());
        assertEquals("leak", finding.get("severity").asText());
        assertEquals("test", finding.get("attribution").asText());
        assertTrue(finding.get("site").asText().startsWith(TIMERS + "." + method + "("), finding.toString());
        assertTrue(finding.get("stack").toString().contains("TimerScenarios." + method + "("), finding.toString());
        assertTrue(finding.get("message").asText().contains("scheduled in test " + TIMERS + "#" + method),
                finding.toString());
        assertEquals("main", finding.get("thread").asText());
        assertEquals(1, run.testEntry(TIMERS + "#" + method).get("findings").asInt());
        return finding;
    }

    @Test
    void pendingOneShotTimer() throws Exception {
        JsonNode finding = onlyTimerFinding("leaksPendingOneShotTimer");
        String message = finding.get("message").asText();
        assertTrue(message.startsWith("One-shot timer (ScheduledThreadPoolExecutor.schedule, delay 600 s"), message);
        assertTrue(message.contains("had not run and was never cancelled"), message);
        assertTrue(message.contains("500 ms after the test ended"), message);
        assertTrue(finding.get("resource").asText().contains("ScheduledFutureTask"), finding.toString());
    }

    @Test
    void periodicTimerNeverCancelled() throws Exception {
        JsonNode finding = onlyTimerFinding("leaksPeriodicTimer");
        String message = finding.get("message").asText();
        assertTrue(message.startsWith("Periodic timer (ScheduledThreadPoolExecutor.scheduleAtFixedRate, every 20 ms"),
                message);
        assertTrue(message.contains("was never cancelled"), message);
    }

    @Test
    void javaUtilTimerTaskLeaked() throws Exception {
        JsonNode finding = onlyTimerFinding("leaksJavaUtilTimerTask");
        assertEquals("dev.leakaudit.fixtures.TimerScenarios$NeverCancelledTask", finding.get("resource").asText());
        String message = finding.get("message").asText();
        assertTrue(message.startsWith("One-shot timer (java.util.Timer.schedule, delay "), message);
        assertTrue(message.contains("task TimerScenarios$NeverCancelledTask"), message);
        assertTrue(message.contains("TimerTask.cancel()"), message);
    }

    @Test
    void schedulerAndTimerStartedInBeforeAllAndNeverStoppedBelongToTheClass() throws Exception {
        List<JsonNode> findings = run.findingsOf(TIMERS);
        assertEquals(2, findings.size(), findings.toString());
        List<String> messages = new ArrayList<>();
        for (JsonNode finding : findings) {
            assertEquals("thread", finding.get("kind").asText(), finding.toString());
            assertEquals("class", finding.get("attribution").asText(), finding.toString());
            messages.add(finding.get("message").asText());
        }
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Thread \"fixture-leaky-scheduler\", the worker of a "
                + "ScheduledThreadPoolExecutor never shut down, started in class-level setup of " + TIMERS)), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Thread \"fixture-leaky-timer\", the thread of a "
                + "java.util.Timer never cancelled, started in class-level setup of " + TIMERS)), messages.toString());
    }

    @Test
    void controlsAreClean() throws Exception {
        for (String test : List.of("cancelledTimerIsClean", "firedTimerIsClean", "cancelledPeriodicTimerIsClean",
                "executorShutDownNowAndAwaitedIsClean", "executorShutDownAndAwaitedIsClean", "timerCancelledIsClean",
                "timerTaskCancelledIsClean", "timerTaskFiredIsClean")) {
            assertEquals(List.of(), run.findingsOf(TIMERS + "#" + test), test);
            JsonNode entry = run.testEntry(TIMERS + "#" + test);
            assertEquals(0, entry.get("findings").asInt(), entry.toString());
            assertEquals("successful", entry.get("status").asText(), entry.toString());
        }
    }

    @Test
    void nothingElseWasFound() throws Exception {
        JsonNode report = run.report();
        assertEquals(5, report.get("findings").size(), report.get("findings").toString());
        assertEquals(3, report.get("summary").get("byKind").get("timer").asInt());
        assertEquals(2, report.get("summary").get("byKind").get("thread").asInt());
        assertTrue(run.stdout.contains("[leak-audit] 5 leaks, 0 warnings ("), run.describe());
        assertTrue(run.stdout.contains("timer 3"), run.describe());
    }

    @Test
    void everyFindingIsAFlightRecorderEvent() throws Exception {
        List<RecordedEvent> findings = new ArrayList<>();
        Path recording = run.jfrFile();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("leakaudit.LeakFinding")) {
                findings.add(event);
            }
        }
        assertEquals(5, findings.size(), findings.toString());
        RecordedEvent timer = findings.stream()
                .filter(e -> (TIMERS + "#leaksPendingOneShotTimer").equals(e.getString("test")))
                .findFirst().orElseThrow();
        assertEquals("timer", timer.getString("kind"));
        assertTrue(timer.getString("creationStack").contains("leaksPendingOneShotTimer"));
    }
}
