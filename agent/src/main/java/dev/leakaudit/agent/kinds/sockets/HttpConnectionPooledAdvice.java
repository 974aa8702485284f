package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code jdk.internal.net.http.ConnectionPool.putConnection}: a
 * {@code java.net.http.HttpClient} connection, its response done, is now the client's pool's.
 * Its channel is found from the connection by the agent ({@code null} resource).
 */
public final class HttpConnectionPooledAdvice {

    private HttpConnectionPooledAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object connection, @Advice.Thrown Throwable thrown) {
        if (thrown == null && connection != null) {
            LeakAuditBridge.pooledConnection(connection);
        }
    }
}
