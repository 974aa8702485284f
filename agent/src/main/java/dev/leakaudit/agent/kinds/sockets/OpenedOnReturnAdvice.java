package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code connect}/{@code bind}: the resource is open once the call returned normally. */
public final class OpenedOnReturnAdvice {

    private OpenedOnReturnAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object resource, @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            LeakAuditBridge.opened(resource);
        }
    }
}
