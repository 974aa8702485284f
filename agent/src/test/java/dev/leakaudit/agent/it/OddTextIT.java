package dev.leakaudit.agent.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakaudit.fixtures.OddTextScenarios;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Found on jsoup's suite: a lone surrogate in a test's display name made the whole report unwritable. */
class OddTextIT {

    private static final String FIXTURE = "dev.leakaudit.fixtures.OddTextScenarios#";

    @Test
    void aLoneSurrogateIsReplacedAndAPairIsKept() throws Exception {
        AgentRun run = AgentRun.fixtures("linger=200ms", List.of(), OddTextScenarios.class);
        assertEquals(0, run.exitCode, run.describe());
        assertFalse(run.stderr.contains("could not write the report"), run.describe());
        List<JsonNode> lone = run.findingsOf(FIXTURE + "leaksWithALoneSurrogateInItsName");
        assertEquals(1, lone.size(), run.describe());
        assertEquals("lone \uFFFD surrogate", lone.get(0).get("displayName").asText());
        assertEquals("main \uFFFD renamed", lone.get(0).get("thread").asText());
        List<JsonNode> pair = run.findingsOf(FIXTURE + "leaksWithAnEmojiInItsName");
        assertEquals(1, pair.size(), run.describe());
        assertEquals("pair \uD83D\uDE00 kept", pair.get(0).get("displayName").asText());
    }
}
