package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code ThreadPoolExecutor}'s constructors: where the pool was made. A
 * delegating constructor reaches this twice; the first record wins.
 */
public final class PoolCreatedAdvice {

    private PoolCreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object executor) {
        LeakAuditBridge.executorCreated(executor);
    }
}
