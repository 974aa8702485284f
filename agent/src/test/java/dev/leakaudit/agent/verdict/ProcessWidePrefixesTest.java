package dev.leakaudit.agent.verdict;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Process-wide registrations recognised on their stacks, built in and declared. */
class ProcessWidePrefixesTest {

    @Test
    void julsCleanerIsRecognisedBelowTheTestThatFirstLogged() {
        List<String> julHook = List.of(
                "java.lang.Runtime.addShutdownHook(Runtime.java:217)",
                "java.util.logging.LogManager$2.run(LogManager.java:265)",
                "java.util.logging.LogManager.<init>(LogManager.java:260)",
                "java.util.logging.Logger.getLogger(Logger.java:661)",
                "com.acme.ServerTest.logsOnce(ServerTest.java:40)");
        assertEquals("java.util.logging.LogManager", new ProcessWidePrefixes(List.of()).matching(julHook));
    }

    @Test
    void logbackIsBuiltInAndOthersAreDeclared() {
        List<String> logback = List.of("java.lang.Runtime.addShutdownHook(Runtime.java:217)",
                "ch.qos.logback.core.hook.ShutdownHookAction.begin(ShutdownHookAction.java:60)",
                "com.acme.ServerTest.logsOnce(ServerTest.java:40)");
        List<String> metrics = List.of("java.lang.Runtime.addShutdownHook(Runtime.java:217)",
                "com.acme.metrics.Registry.<clinit>(Registry.java:12)", "com.acme.ServerTest.counts(ServerTest.java:50)");
        ProcessWidePrefixes builtIn = new ProcessWidePrefixes(List.of());
        assertEquals("ch.qos.logback.", builtIn.matching(logback));
        assertNull(builtIn.matching(metrics));
        assertEquals("com.acme.metrics.", new ProcessWidePrefixes(List.of("com.acme.metrics.")).matching(metrics));
    }
}
