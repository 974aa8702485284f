package dev.leakaudit.agent.kinds.bytebufs;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code retain()} and {@code retain(int)}: one more owner (a retained slice or duplicate too). */
public final class ByteBufRetainedAdvice {

    private ByteBufRetainedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object buffer) {
        LeakAuditBridge.kindEvent("bytebuf", "retained", buffer, null);
    }
}
