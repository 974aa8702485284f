package it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LateTest {

    @Test
    void surefireReplacedTheAgentLate() {
        assertEquals("yes", System.getProperty("it.late"));
        JvmArguments.assertOneLeakAuditAgent();
    }
}
