package it;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The test JVM's own arguments: what reached it through argLine. */
final class JvmArguments {

    private JvmArguments() {
    }

    static List<String> all() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    static long agents(String jarName) {
        return all().stream().filter(a -> a.startsWith("-javaagent:") && a.contains(jarName)).count();
    }

    static void assertOneLeakAuditAgent() {
        assertEquals(1, agents("leak-audit-agent"), "leak-audit agents among " + all());
    }
}
