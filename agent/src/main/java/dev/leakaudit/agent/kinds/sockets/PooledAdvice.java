package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code sun.net.www.http.HttpClient.putInKeepAliveCache()}: the connection's
 * socket ({@code NetworkClient.serverSocket}) now belongs to the JDK's keep-alive cache.
 */
public final class PooledAdvice {

    private PooledAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object client, @Advice.FieldValue("serverSocket") Object socket,
                     @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            LeakAuditBridge.pooled(client, socket);
        }
    }
}
