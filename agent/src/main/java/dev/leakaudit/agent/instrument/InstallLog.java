package dev.leakaudit.agent.instrument;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the agent's transformer instrumented and what failed, for the self-test and the start-up diagnostics. */
public final class InstallLog {

    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final List<String> diagnostics = new CopyOnWriteArrayList<>();
    private volatile String planRecipe = "";

    void transformed(String className) {
        transformed.add(className);
    }

    /** Adds a problem (a class that could not be instrumented, an unreadable field). */
    public void problem(String text) {
        diagnostics.add(text);
    }

    void planned(String recipe) {
        planRecipe = recipe;
    }

    /** The text of the whole plan (every class and its advice), the key of {@link AdviceCache#provenBefore}. */
    public String planRecipe() {
        return planRecipe;
    }

    public Set<String> transformedTypes() {
        return Set.copyOf(transformed);
    }

    public List<String> diagnostics() {
        return List.copyOf(diagnostics);
    }
}
