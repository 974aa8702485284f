package dev.leakaudit.agent;

import java.util.List;
import java.util.Map;

import dev.leakaudit.agent.config.Diagnostics;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;

/**
 * Start-up check, in BlockHound's manner: every kind does its real thing once (or checks that its
 * advice took) and says what instrumentation saw. The probes never reach the report.
 * {@code -Dleakaudit.selftest.fail=KIND[,KIND]} makes the named checks fail as if instrumentation
 * had seen nothing, so that tests can prove a failed self-test is never silent.
 */
final class SelfTest {

    private SelfTest() {
    }

    static SelfTestResult run(List<LeakKind> kinds, KindSelfTest check) {
        SelfTestResult result = new SelfTestResult();
        StringBuilder took = new StringBuilder();
        long started = System.nanoTime();
        for (LeakKind kind : kinds) {
            long kindStarted = System.nanoTime();
            Map<String, String> outcomes;
            try {
                outcomes = kind.selfTest(check, Diagnostics.SELF_TEST_FAILS);
            } catch (RuntimeException | LinkageError e) {
                outcomes = Map.of(kind.id(), "its self-test failed: " + e);
            }
            outcomes.forEach(result::put);
            took.append(took.length() == 0 ? "" : ", ").append(kind.id()).append(' ')
                    .append((System.nanoTime() - kindStarted) / 1000);
        }
        if (Diagnostics.SELF_TEST_STATS) {
            System.err.println("[leak-audit] self-test took " + (System.nanoTime() - started) / 1000 + " us (" + took
                    + ")" + (check.provenBefore() ? "; classes proven by an earlier JVM, loopback probes skipped" : ""));
        }
        return result;
    }
}
