package dev.leakaudit.agent.kinds.usage;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of a socket channel's {@code read}/{@code write} taking a buffer or an
 * array of buffers: notes, weakly, which buffers the channel used (for the retention check).
 */
public final class ChannelIoAdvice {

    private ChannelIoAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object channel, @Advice.Argument(0) Object bufferOrBuffers) {
        LeakAuditBridge.buffersUsed(channel, bufferOrBuffers);
    }
}
