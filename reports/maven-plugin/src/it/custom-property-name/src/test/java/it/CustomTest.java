package it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CustomTest {

    @Test
    void theAgentCameThroughTheNamedProperty() {
        assertEquals("yes", System.getProperty("it.custom"));
        JvmArguments.assertOneLeakAuditAgent();
    }
}
