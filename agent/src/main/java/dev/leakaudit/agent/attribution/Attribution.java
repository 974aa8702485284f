package dev.leakaudit.agent.attribution;

import java.util.List;

/**
 * Who a resource belongs to. {@code scope} is null for resources opened outside any test or test
 * class. When tests run in parallel and the opening thread cannot be tied to one of them, the
 * attribution is marked uncertain and names every test that was running.
 */
public final class Attribution {

    public static final Attribution RUN = new Attribution(null, false, List.of());

    private final TestScope scope;
    private final boolean uncertain;
    private final List<String> candidates;

    public Attribution(TestScope scope, boolean uncertain, List<String> candidates) {
        this.scope = scope;
        this.uncertain = uncertain;
        this.candidates = List.copyOf(candidates);
    }

    public static Attribution certain(TestScope scope) {
        return new Attribution(scope, false, List.of());
    }

    public TestScope scope() {
        return scope;
    }

    public boolean uncertain() {
        return uncertain;
    }

    public List<String> candidates() {
        return candidates;
    }

    /** {@code test}, {@code class}, {@code run} or {@code uncertain}, as the report's {@code attribution}. */
    public String label() {
        if (uncertain) {
            return "uncertain";
        }
        if (scope == null) {
            return "run";
        }
        return scope.level() == TestScope.Level.TEST ? "test" : "class";
    }
}
