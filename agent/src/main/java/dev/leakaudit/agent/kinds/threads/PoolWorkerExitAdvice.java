package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code ThreadPoolExecutor.runWorker}: a worker leaves its loop, on its own thread. */
public final class PoolWorkerExitAdvice {

    private PoolWorkerExitAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object executor) {
        LeakAuditBridge.poolWorkerExiting(executor);
    }
}
