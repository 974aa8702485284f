package dev.leakaudit.agent.kinds.bytebufs;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.InstallLog;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;
import static dev.leakaudit.agent.instrument.MethodMatch.returning;


/**
 * Netty's reference-counted buffers never released ({@code bytebuf}): each buffer an allocator makes
 * (pooled or unpooled, heap or direct, composite, adaptive) is tracked from the allocation until its
 * reference count reaches zero, with its last retains and hand-overs. One still above zero at its
 * test's deadline is that test's leak; one collected so, a leak marked collected. The advice goes
 * into Netty's classes as they load: a program without Netty pays nothing but a name check per
 * class, and the agent has no Netty dependency.
 */
public final class ByteBufKind implements LeakKind {

    public static final String KIND = "bytebuf";

    static final String ALLOCATOR = "io.netty.buffer.AbstractByteBufAllocator";
    static final String REFERENCE_COUNTED = "io.netty.buffer.AbstractReferenceCountedByteBuf";
    static final String COMPOSITE = "io.netty.buffer.CompositeByteBuf";

    private ByteBufTracker tracker;

    @Override
    public String id() {
        return KIND;
    }

    @Override
    public void start(KindContext context) {
        tracker = new ByteBufTracker(context);
        LeakAuditBridge.installKind(KIND, tracker);
    }

    @Override
    public void instrument(AdvicePlan plan, Instrumentation instrumentation, InstallLog log) {
        plan.type(ALLOCATOR)
                .advice(named("heapBuffer", "directBuffer").and(arguments(int.class, int.class))
                        .or(named("compositeHeapBuffer", "compositeDirectBuffer").and(arguments(int.class))),
                        "dev.leakaudit.agent.kinds.bytebufs.ByteBufAllocatedAdvice");
        plan.type(REFERENCE_COUNTED)
                .advice(named("release").and(returning(boolean.class)), "dev.leakaudit.agent.kinds.bytebufs.ByteBufReleasedAdvice")
                .advice(named("retain"), "dev.leakaudit.agent.kinds.bytebufs.ByteBufRetainedAdvice")
                .advice(named("touch").and(arguments(1)), "dev.leakaudit.agent.kinds.bytebufs.ByteBufTouchedAdvice");
        plan.type(COMPOSITE)
                .advice(named("newComponent").and(arguments(2)), "dev.leakaudit.agent.kinds.bytebufs.ByteBufComponentAdvice");
    }

    /**
     * Netty loads after the agent starts, if at all, so there is nothing to probe at start-up: the
     * advice takes effect as its classes load (a failure to transform is in the install log).
     */
    @Override
    public Map<String, String> selfTest(KindSelfTest check, Set<String> forced) {
        return Map.of(KIND, forced.contains(KIND) ? "forced to fail" : KindSelfTest.OK);
    }
}
