package dev.leakaudit.agent.instrument;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * The agent's way of building retransforming Byte Buddy agents, and what each installation
 * transformed or failed to, for the start-up diagnostics. Advice only and no class-format changes,
 * so classes already loaded (java.base above all) can be retransformed.
 */
public final class InstallLog extends AgentBuilder.Listener.Adapter {

    static {
        // Advice needs no loaded-type initializers; without this, building an AgentBuilder reaches for
        // sun.misc.Unsafe, which JDK 24+ warns about on every start. The property is our shaded copy's.
        System.setProperty(AgentBuilder.class.getPackageName().replace(".agent.builder", "") + ".nexus.disabled",
                "true");
    }

    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final List<String> diagnostics = new CopyOnWriteArrayList<>();

    /** A builder that retransforms with advice only, reports to this log, and ignores no type. */
    public AgentBuilder newAgentBuilder() {
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(this)
                .ignore(net.bytebuddy.matcher.ElementMatchers.none());
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        transformed.add(type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
        diagnostics.add(typeName + ": " + throwable);
    }

    /** Adds a problem found outside Byte Buddy (e.g. an unreadable field). */
    public void problem(String text) {
        diagnostics.add(text);
    }

    public Set<String> transformedTypes() {
        return Set.copyOf(transformed);
    }

    public List<String> diagnostics() {
        return List.copyOf(diagnostics);
    }
}
