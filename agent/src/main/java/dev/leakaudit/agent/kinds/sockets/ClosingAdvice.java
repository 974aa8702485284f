package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of {@code close()}, so a second close is seen even where the JDK returns early. */
public final class ClosingAdvice {

    private ClosingAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object resource) {
        LeakAuditBridge.closing(resource);
    }
}
