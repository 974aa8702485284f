package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code sun.net.www.http.KeepAliveCache.get}: a cached connection is handed out again. */
public final class CheckedOutAdvice {

    private CheckedOutAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Return Object client) {
        if (client != null) {
            LeakAuditBridge.checkedOut(client);
        }
    }
}
