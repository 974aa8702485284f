package dev.leakaudit.agent.kinds.usage;

import java.lang.instrument.Instrumentation;
import java.nio.ByteBuffer;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.config.UserCodeOptions;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import dev.leakaudit.agent.kinds.handlers.HandlerRemoveAllAdvice;
import dev.leakaudit.agent.kinds.handlers.HandlerRemoveAdvice;
import dev.leakaudit.agent.kinds.handlers.HandlerAddAdvice;
import dev.leakaudit.agent.instrument.JdkClasses;

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

    /** Adds handler, cleanup and buffer advice to {@code builder}; installed with the rest in one pass. */
    public AgentBuilder addTo(AgentBuilder builder, Instrumentation instrumentation, UserCodeOptions options) {
        JdkClasses.preload(List.of(RUNTIME, CHANNEL_TARGETS.get(0), CHANNEL_TARGETS.get(1)));
        Module bridgeModule = LeakAuditBridge.class.getModule();
        Module javaBase = Object.class.getModule();
        if (!javaBase.canRead(bridgeModule)) {
            instrumentation.redefineModule(javaBase, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
        ClassLoader adviceLoader = UserCodeInstrumentation.class.getClassLoader();
        String add = HandlerAddAdvice.class.getName();
        String remove = HandlerRemoveAdvice.class.getName();
        String removeAll = HandlerRemoveAllAdvice.class.getName();
        String cleanup = CleanupCallAdvice.class.getName();
        String io = ChannelIoAdvice.class.getName();

        AgentBuilder.Identified.Extendable extendable = builder
                .type(named(RUNTIME))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(adviceLoader)
                        .advice(named("addShutdownHook").and(takesArguments(Thread.class)), add)
                        .advice(named("removeShutdownHook").and(takesArguments(Thread.class)), remove));

        if (options.retention() != UserCodeOptions.Retention.OFF) {
            ElementMatcher.Junction<MethodDescription> bufferIo = named("read").or(named("write"))
                    .and(takesArgument(0, ByteBuffer.class).or(takesArgument(0, ByteBuffer[].class)))
                    .and(not(isAbstract())).and(not(isStatic()));
            extendable = extendable
                    .type(named(CHANNEL_TARGETS.get(0)).or(named(CHANNEL_TARGETS.get(1))))
                    .transform(new AgentBuilder.Transformer.ForAdvice()
                            .include(adviceLoader)
                            .advice(bufferIo, io));
        }

        Map<String, AgentBuilder.Transformer.ForAdvice> byClass = new LinkedHashMap<>();
        for (UserCodeOptions.HandlerSpec spec : options.handlers()) {
            AgentBuilder.Transformer.ForAdvice advice = byClass.getOrDefault(spec.className(),
                    new AgentBuilder.Transformer.ForAdvice().include(adviceLoader));
            advice = advice
                    .advice(userMethod(spec.add()).and(not(takesArguments(0))), add)
                    .advice(userMethod(spec.remove()).and(not(takesArguments(0))), remove);
            if (spec.removeAll() != null) {
                advice = advice.advice(userMethod(spec.removeAll()), removeAll);
            }
            byClass.put(spec.className(), advice);
        }
        for (UserCodeOptions.CleanupSpec spec : options.cleanups()) {
            AgentBuilder.Transformer.ForAdvice advice = byClass.getOrDefault(spec.className(),
                    new AgentBuilder.Transformer.ForAdvice().include(adviceLoader));
            byClass.put(spec.className(), advice.advice(named(spec.method()).and(not(isAbstract()))
                    .and(not(isNative())).and(not(isConstructor())), cleanup));
        }
        AgentBuilder.Transformer readsBridge = new dev.leakaudit.agent.instrument.ReadsBridge(instrumentation, bridgeModule);
        for (Map.Entry<String, AgentBuilder.Transformer.ForAdvice> entry : byClass.entrySet()) {
            extendable = extendable.type(named(entry.getKey()))
                    .transform(readsBridge)
                    .transform(entry.getValue());
        }
        return extendable;
    }

    private static ElementMatcher.Junction<MethodDescription> userMethod(String name) {
        return named(name).and(not(isStatic())).and(not(isAbstract())).and(not(isNative()));
    }
}
