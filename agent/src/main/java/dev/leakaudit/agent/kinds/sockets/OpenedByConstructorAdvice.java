package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of channel constructors, which acquire their descriptor at once. Delegating
 * constructors run this twice for one object; the ledger counts an object once.
 */
public final class OpenedByConstructorAdvice {

    private OpenedByConstructorAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object resource) {
        LeakAuditBridge.opened(resource);
    }
}
