package dev.leakaudit.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.AgentThreadState;

/**
 * The agent's one transformer: a class the plan names gets its advice, from the cache when it holds
 * the class as woven from these very bytes, else woven now and kept. Every other class costs one
 * map lookup. Nothing it does may fail the class's loading: any problem leaves the class as it was
 * and goes to the install log (the self-test then says which check is off).
 */
final class AdviceTransformer implements ClassFileTransformer {

    private final AdvicePlan plan;
    private final AdviceCache cache;
    private final InstallLog log;
    private final Instrumentation instrumentation;
    private final ClassLoader agentLoader;
    private volatile AdviceWeaver weaver;
    private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();

    AdviceTransformer(AdvicePlan plan, AdviceCache cache, InstallLog log, Instrumentation instrumentation) {
        this.plan = plan;
        this.cache = cache;
        this.log = log;
        this.instrumentation = instrumentation;
        this.agentLoader = AdviceTransformer.class.getClassLoader();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        ClassAdvice advice = internalName == null ? null : plan.forInternalName(internalName);
        if (advice == null) {
            return null;
        }
        if (weaving.get() != null) {
            // loaded by the weaving of another class: weaving it now would re-enter Byte Buddy
            log.problem(advice.className() + " was loaded while another class was being instrumented; not instrumented");
            return null;
        }
        AgentThreadState state = AgentThreadState.current();
        boolean entered = state.enter(); // the cache's own file reads are not the program's
        try {
            grantReads(module, advice.reads());
            String recipe = advice.recipe();
            byte[] woven = cache.lookup(advice.className(), recipe, bytes);
            if (woven == null) {
                woven = weave(advice, bytes, loader);
                cache.store(advice.className(), recipe, bytes, woven);
            }
            log.transformed(advice.className());
            return woven;
        } catch (Throwable e) {
            log.problem(advice.className() + ": " + e);
            return null;
        } finally {
            if (entered) {
                state.exit();
            }
        }
    }

    private byte[] weave(ClassAdvice advice, byte[] bytes, ClassLoader loader) {
        weaving.set(Boolean.TRUE);
        try {
            AdviceWeaver current = weaver;
            if (current == null) {
                synchronized (this) {
                    current = weaver;
                    if (current == null) {
                        current = new AdviceWeaver(agentLoader);
                        weaver = current;
                    }
                }
            }
            return current.weave(advice, bytes, loader);
        } finally {
            weaving.remove();
        }
    }

    /** Advice in a named module calls the bridge in the bootstrap loader's unnamed module: the module must read it. */
    private void grantReads(Module module, Set<Module> reads) {
        if (module == null || !module.isNamed()) {
            return; // an unnamed module reads every module
        }
        for (Module read : reads) {
            if (!module.canRead(read) && instrumentation.isModifiableModule(module)) {
                instrumentation.redefineModule(module, Set.of(read), Map.of(), Map.of(), Set.of(), Map.of());
            }
        }
    }
}
