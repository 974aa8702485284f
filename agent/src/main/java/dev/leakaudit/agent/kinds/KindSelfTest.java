package dev.leakaudit.agent.kinds;

import java.util.Set;

/** What a kind's self-test may ask of the start-up: which classes the instrumentation transformed. */
public final class KindSelfTest {

    /** What a check that passed says. */
    public static final String OK = "ok";

    private final Set<String> transformed;

    public KindSelfTest(Set<String> transformed) {
        this.transformed = Set.copyOf(transformed);
    }

    /** {@code ok} when every class named was transformed, else which were not. */
    public String transformed(String... classNames) {
        StringBuilder missed = new StringBuilder();
        for (String name : classNames) {
            if (!transformed.contains(name)) {
                missed.append(missed.length() == 0 ? "" : ", ").append(name);
            }
        }
        return missed.length() == 0 ? "ok" : "instrumentation did not reach " + missed;
    }
}
