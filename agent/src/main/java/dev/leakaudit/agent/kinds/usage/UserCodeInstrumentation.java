package dev.leakaudit.agent.kinds.usage;

import java.lang.instrument.Instrumentation;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.config.UserCodeOptions;

import dev.leakaudit.agent.kinds.handlers.HandlerRemoveAllAdvice;
import dev.leakaudit.agent.kinds.handlers.HandlerRemoveAdvice;
import dev.leakaudit.agent.kinds.handlers.HandlerAddAdvice;
import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.MethodMatch;
import dev.leakaudit.agent.instrument.JdkClasses;
import dev.leakaudit.agent.instrument.TypeAdvice;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.constructor;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;
import static dev.leakaudit.agent.instrument.MethodMatch.argument;
import static dev.leakaudit.agent.instrument.MethodMatch.isStatic;
import static dev.leakaudit.agent.instrument.MethodMatch.isAbstract;
import static dev.leakaudit.agent.instrument.MethodMatch.isNative;
import static dev.leakaudit.agent.instrument.MethodMatch.not;

/**
 * Wires the advice for handler registrations, declared cleanup methods and channel buffer use:
 * {@code Runtime.addShutdownHook/removeShutdownHook} always; the classes named by the options
 * {@code handlers} and {@code cleanup} when the application class loader loads them; socket
 * channel reads and writes unless {@code retention=off}. All advice calls the bootstrap bridge,
 * which every class loader can see. Advice only, no class-format changes.
 */
public final class UserCodeInstrumentation {

    /** JDK classes this installer transforms, by name. */
    public static final String RUNTIME = "java.lang.Runtime";
    public static final List<String> CHANNEL_TARGETS = List.of(
            "sun.nio.ch.SocketChannelImpl", "sun.nio.ch.AsynchronousSocketChannelImpl");

    /** Adds handler, cleanup and buffer advice to {@code plan}; installed with the rest in one pass. */
    public void addTo(AdvicePlan plan, Instrumentation instrumentation, UserCodeOptions options) {
        JdkClasses.preload(List.of(RUNTIME, CHANNEL_TARGETS.get(0), CHANNEL_TARGETS.get(1)));
        Module bridgeModule = LeakAuditBridge.class.getModule();
        Module javaBase = Object.class.getModule();
        if (!javaBase.canRead(bridgeModule)) {
            instrumentation.redefineModule(javaBase, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
        String add = "dev.leakaudit.agent.kinds.handlers.HandlerAddAdvice";
        String remove = "dev.leakaudit.agent.kinds.handlers.HandlerRemoveAdvice";
        String removeAll = "dev.leakaudit.agent.kinds.handlers.HandlerRemoveAllAdvice";

        plan.type(RUNTIME)
                .advice(named("addShutdownHook").and(arguments(Thread.class)), add)
                .advice(named("removeShutdownHook").and(arguments(Thread.class)), remove);
        if (options.retention() != UserCodeOptions.Retention.OFF) {
            plan.type(CHANNEL_TARGETS.toArray(new String[0]))
                    .advice(named("read").or(named("write"))
                            .and(argument(0, ByteBuffer.class).or(argument(0, ByteBuffer[].class)))
                            .and(not(isAbstract())).and(not(isStatic())), "dev.leakaudit.agent.kinds.usage.ChannelIoAdvice");
        }
        // the classes and methods the options name
        for (UserCodeOptions.HandlerSpec spec : options.handlers()) {
            TypeAdvice handler = plan.type(spec.className()).reading(bridgeModule)
                    .advice(userMethod(spec.add()).and(not(arguments(0))), add)
                    .advice(userMethod(spec.remove()).and(not(arguments(0))), remove);
            if (spec.removeAll() != null) {
                handler.advice(userMethod(spec.removeAll()), removeAll);
            }
        }
        for (UserCodeOptions.CleanupSpec spec : options.cleanups()) {
            plan.type(spec.className()).reading(bridgeModule)
                    .advice(named(spec.method()).and(not(isAbstract())).and(not(isNative()))
                            .and(not(constructor())), "dev.leakaudit.agent.kinds.usage.CleanupCallAdvice");
        }
    }

    private static MethodMatch userMethod(String name) {
        return named(name).and(not(isStatic())).and(not(isAbstract())).and(not(isNative()));
    }
}
