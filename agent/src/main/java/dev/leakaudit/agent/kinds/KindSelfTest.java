package dev.leakaudit.agent.kinds;

import java.util.List;
import java.util.Set;

/**
 * What a kind's self-test may ask of the start-up: which classes the instrumentation transformed, and
 * whether those classes are the very ones an earlier JVM probed with success (all read from the
 * advice cache, same plan), so that a costly probe (loopback sockets) may be left to that JVM.
 */
public final class KindSelfTest {

    /** What a check that passed says. */
    public static final String OK = "ok";

    private final Set<String> transformed;
    private final boolean provenBefore;

    public KindSelfTest(Set<String> transformed, boolean provenBefore) {
        this.transformed = Set.copyOf(transformed);
        this.provenBefore = provenBefore;
    }

    /** True when every class was read from the cache and a JVM of the same plan passed the self-test with them. */
    public boolean provenBefore() {
        return provenBefore;
    }

    /** {@code ok} when every class named was transformed, else which were not. */
    public String transformed(Iterable<String> classNames) {
        StringBuilder missed = new StringBuilder();
        for (String name : classNames) {
            if (!transformed.contains(name)) {
                missed.append(missed.length() == 0 ? "" : ", ").append(name);
            }
        }
        return missed.length() == 0 ? "ok" : "instrumentation did not reach " + missed;
    }

    /** As {@link #transformed(Iterable)}. */
    public String transformed(String... classNames) {
        return transformed(List.of(classNames));
    }
}
