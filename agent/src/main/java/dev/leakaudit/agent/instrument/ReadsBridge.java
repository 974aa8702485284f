package dev.leakaudit.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Advice in a class of a named module calls the bridge, which lives in the bootstrap loader's
 * unnamed module; the class's module must read it (unnamed modules read every module).
 */
public final class ReadsBridge implements AgentBuilder.Transformer {
    private final Instrumentation instrumentation;
    private final Module bridgeModule;

public ReadsBridge(Instrumentation instrumentation, Module bridgeModule) {
        this.instrumentation = instrumentation;
        this.bridgeModule = bridgeModule;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                            ClassLoader loader, JavaModule module,
                                            ProtectionDomain protectionDomain) {
        if (module != null && module.isNamed()) {
            Module target = (Module) module.unwrap();
            if (!target.canRead(bridgeModule) && instrumentation.isModifiableModule(target)) {
                instrumentation.redefineModule(target, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(),
                        Map.of());
            }
        }
        return builder;
    }
}
