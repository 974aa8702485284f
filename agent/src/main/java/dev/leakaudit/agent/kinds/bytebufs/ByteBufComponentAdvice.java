package dev.leakaudit.agent.kinds.bytebufs;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code CompositeByteBuf.newComponent}, which every way of adding a
 * component goes through: the composite now owns the buffer (releasing the composite releases it).
 */
public final class ByteBufComponentAdvice {

    private ByteBufComponentAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object composite, @Advice.Argument(0) Object component) {
        LeakAuditBridge.kindEvent("bytebuf", "owned", component, composite);
    }
}
