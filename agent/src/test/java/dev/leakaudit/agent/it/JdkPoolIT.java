package dev.leakaudit.agent.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.HttpsKeepAliveScenarios;
import dev.leakaudit.fixtures.JdkHttpScenarios;
import dev.leakaudit.fixtures.KeepAliveScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's own pools and internals: a connection handed back to the keep-alive cache is clean, a
 * later test that checks it out and never returns it leaks it, and what the JDK's HttpServer and
 * HttpClient open and close for themselves is not the program's finding (unless {@code jdkOwned=report}).
 */
class JdkPoolIT {

    private static final String KEEP_ALIVE = "dev.leakaudit.fixtures.KeepAliveScenarios";
    private static final String JDK_HTTP = "dev.leakaudit.fixtures.JdkHttpScenarios";
    private static final String[] JDK_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    private static AgentRun run;

    @BeforeAll
    static void runFixtures() throws Exception {
        run = AgentRun.fixtures("linger=500ms", List.of(), KeepAliveScenarios.class, JdkHttpScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
    }

    @Test
    void responseReadAndClosedHandsTheSocketBackToTheCache() throws Exception {
        assertEquals(List.of(), run.findingsOf(KEEP_ALIVE + "#responseReadAndClosed"));
        assertEquals(0, run.testEntry(KEEP_ALIVE + "#responseReadAndClosed").get("findings").asInt());
    }

    @Test
    void aLaterTestThatChecksTheConnectionOutAndNeverReturnsItLeaksIt() throws Exception {
        List<JsonNode> findings = run.findingsOf(KEEP_ALIVE + "#pooledConnectionReusedAndNeverReturned");
        assertEquals(1, findings.size(), findings.toString());
        JsonNode finding = findings.get(0);
        assertEquals("socket", finding.get("kind").asText());
        assertEquals("leak", finding.get("severity").asText());
        assertEquals("test", finding.get("attribution").asText());
        assertTrue(finding.get("site").asText()
                .startsWith(KEEP_ALIVE + ".pooledConnectionReusedAndNeverReturned("), finding.toString());
    }

    @Test
    void overHttpsTheSocketUnderTheSslLayerIsFollowedThroughTheCache() throws Exception {
        String https = "dev.leakaudit.fixtures.HttpsKeepAliveScenarios";
        AgentRun tls = AgentRun.fixtures("linger=500ms,jfr=false", List.of(), HttpsKeepAliveScenarios.class);
        assertEquals(0, tls.exitCode, tls.describe());
        assertEquals(List.of(), tls.findingsOf(https + "#responseReadAndClosed"));
        List<JsonNode> findings = tls.findingsOf(https + "#pooledConnectionReusedAndNeverReturned");
        assertEquals(1, findings.size(), tls.report().get("findings").toString());
        assertEquals("socket", findings.get(0).get("kind").asText());
        assertTrue(findings.get(0).get("site").asText()
                .startsWith(https + ".pooledConnectionReusedAndNeverReturned("), findings.get(0).toString());
        assertEquals(1, tls.report().get("findings").size(), tls.report().get("findings").toString());
    }

    @Test
    void httpServerAndHttpClientInOneTestAreClean() throws Exception {
        assertEquals(List.of(), run.findingsOf(JDK_HTTP + "#httpServerStartedAndStoppedInOneTest"));
        assertEquals(List.of(), run.findingsOf(JDK_HTTP + "#javaNetHttpClientRequest"));
        assertEquals(List.of(), run.findingsOf(KEEP_ALIVE), "the class's HttpServer, stopped in @AfterAll");
        assertEquals(1, run.report().get("findings").size(), run.report().get("findings").toString());
    }

    @Test
    void noSiteIsEverAJdkFrame() throws Exception {
        AgentRun all = AgentRun.fixtures("linger=500ms,jfr=false,jdkOwned=report", List.of(),
                KeepAliveScenarios.class, JdkHttpScenarios.class);
        assertEquals(0, all.exitCode, all.describe());
        assertEquals("report", all.report().get("agent").get("options").get("jdkowned").asText());
        List<JsonNode> owned = new ArrayList<>();
        List<JsonNode> findingsAndNotes = new ArrayList<>();
        all.report().get("findings").forEach(findingsAndNotes::add);
        all.report().get("notes").forEach(findingsAndNotes::add);
        for (JsonNode finding : findingsAndNotes) {
            String site = finding.path("site").asText(null);
            if (site != null) {
                for (String prefix : JDK_PREFIXES) {
                    assertFalse(site.startsWith(prefix), finding.toString());
                }
            } else {
                owned.add(finding);
            }
        }
        assertFalse(owned.isEmpty(), "the HttpServer's own double closes come back with jdkOwned=report: "
                + all.report().get("notes"));
        for (JsonNode finding : owned) {
            assertEquals("JDK HttpServer", finding.get("owner").asText(), finding.toString());
            assertTrue(finding.get("message").asText().contains("by JDK HttpServer internals"), finding.toString());
            assertNotNull(finding.get("stack"));
        }
        for (JsonNode finding : run.report().get("findings")) {
            assertFalse(finding.has("owner"), "left out by default: " + finding);
        }
        assertTrue(run.report().get("summary").get("jdkOwnedLeftOut").asInt() >= 1, "what was left out is counted: "
                + run.report().get("summary"));
        assertEquals(0, all.report().get("summary").get("jdkOwnedLeftOut").asInt(), "nothing left out with "
                + "jdkOwned=report: " + all.report().get("summary"));
    }
}
