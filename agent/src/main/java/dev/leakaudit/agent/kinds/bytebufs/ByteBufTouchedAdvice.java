package dev.leakaudit.agent.kinds.bytebufs;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code touch(Object hint)}: where a pipeline hands the buffer to its next
 * handler (while Netty's leak detection is enabled, its default) or the program marks it.
 */
public final class ByteBufTouchedAdvice {

    private ByteBufTouchedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object buffer, @Advice.Argument(0) Object hint) {
        LeakAuditBridge.kindEvent("bytebuf", "touched", buffer, hint);
    }
}
