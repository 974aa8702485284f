package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.HttpClientPoolScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code java.net.http.HttpClient} connection handed back to the client's pool is clean from then
 * on, though the pool keeps it open after the test (found on jsoup's suite: 96 channel findings and
 * 12 double-close notes, all the JDK client's own).
 */
class HttpClientPoolIT {

    @Test
    void connectionsHandedBackToTheClientsPoolAreNotTheTestsLeaks() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=300ms", List.of(), HttpClientPoolScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertEquals(2, run.report().get("summary").get("testsSeen").asInt(), run.describe());
        // Only the shared server, which the fixture never stops, is left: no client channel, no double close.
        JsonNode findings = run.report().get("findings");
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("server-channel", findings.get(0).get("kind").asText(), findings.toString());
        assertEquals("class", findings.get(0).get("attribution").asText(), findings.toString());
        assertTrue(findings.get(0).get("site").asText().startsWith("dev.leakaudit.fixtures.LocalHttp.start("),
                findings.toString());
    }
}
