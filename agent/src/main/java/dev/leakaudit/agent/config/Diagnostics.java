package dev.leakaudit.agent.config;

import java.util.Set;

/**
 * The diagnostic switches, read once from system properties (they are for the benchmarks and the
 * agent's own tests, not options a user sets): {@code -Dleakaudit.timing=true} prints what
 * verdicts and start-up cost, {@code -Dleakaudit.retention.stats=true} and
 * {@code -Dleakaudit.selftest.stats=true} what the retention check and the self-test cost, and
 * {@code -Dleakaudit.selftest.fail=KIND[,KIND]} makes those kinds' self-tests fail.
 */
public final class Diagnostics {

    public static final boolean TIMING = Boolean.getBoolean("leakaudit.timing");
    public static final boolean RETENTION_STATS = Boolean.getBoolean("leakaudit.retention.stats");
    public static final boolean SELF_TEST_STATS = Boolean.getBoolean("leakaudit.selftest.stats");
    public static final String SELF_TEST_FAIL_PROPERTY = "leakaudit.selftest.fail";
    /** Kinds whose self-test is to fail as if instrumentation had seen nothing. */
    public static final Set<String> SELF_TEST_FAILS = kinds(System.getProperty(SELF_TEST_FAIL_PROPERTY, ""));

    private Diagnostics() {
    }

    private static Set<String> kinds(String value) {
        String text = value.trim();
        return text.isEmpty() ? Set.of() : Set.of(text.split("\\s*[,:]\\s*"));
    }
}
