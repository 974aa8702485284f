package it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SkippedTest {

    @Test
    void noAgentButTheRestOfTheArgLine() {
        assertEquals("yes", System.getProperty("it.skip"));
        assertEquals(0, JvmArguments.agents("leak-audit-agent"), "arguments: " + JvmArguments.all());
    }
}
