package it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeptArgumentsTest {

    @Test
    void theProjectsArgLineIsKeptBehindOneAgent() {
        assertEquals("yes", System.getProperty("it.kept"));
        assertTrue(JvmArguments.all().contains("-Xmx256m"), "arguments: " + JvmArguments.all());
        JvmArguments.assertOneLeakAuditAgent();
    }
}
