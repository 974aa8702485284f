package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of {@code ThreadPoolExecutor.shutdown()} and {@code shutdownNow()}. */
public final class PoolShutdownAdvice {

    private PoolShutdownAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object executor) {
        LeakAuditBridge.executorShuttingDown(executor);
    }
}
