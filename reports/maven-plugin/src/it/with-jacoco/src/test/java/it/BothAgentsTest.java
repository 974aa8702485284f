package it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BothAgentsTest {

    @Test
    void bothAgentsAttached() {
        assertEquals("hello you", new Greeter().greet("you"));
        assertEquals(1, JvmArguments.agents("org.jacoco.agent"), "arguments: " + JvmArguments.all());
        JvmArguments.assertOneLeakAuditAgent();
    }
}
