package dev.leakaudit.agent.kinds.timers;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code TimerTask.cancel()}:
 * a cancel that stopped a pending timer is an effect for the idempotent-cleanup check. A cancel
 * that found nothing to stop returns false and does not count.
 */
public final class TimerCancelAdvice {

    private TimerCancelAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Return boolean cancelled) {
        if (cancelled) {
            LeakAuditBridge.cleanupEffect("timer cancel");
        }
    }
}
