package dev.leakaudit.agent.kinds.timers;

import java.util.concurrent.RunnableScheduledFuture;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code FutureTask.cancel(boolean)}: cancelling a scheduled task that was
 * still pending is a timer cancel, an effect for the idempotent-cleanup check. Plain submitted
 * tasks do not count.
 */
public final class ScheduledCancelAdvice {

    private ScheduledCancelAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object task, @Advice.Return boolean cancelled) {
        if (cancelled && task instanceof RunnableScheduledFuture) {
            LeakAuditBridge.cleanupEffect("timer cancel");
        }
    }
}
