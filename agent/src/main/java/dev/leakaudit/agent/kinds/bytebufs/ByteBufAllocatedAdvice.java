package dev.leakaudit.agent.kinds.bytebufs;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code AbstractByteBufAllocator}'s {@code heapBuffer(int, int)},
 * {@code directBuffer(int, int)}, {@code compositeHeapBuffer(int)} and
 * {@code compositeDirectBuffer(int)}, which every other allocation method of every allocator calls
 * (pooled, unpooled, adaptive): a buffer born with a reference count of one, possibly in a wrapper
 * of Netty's own detector. Unpooled heap buffers never reach Netty's detector; they come here too.
 */
public final class ByteBufAllocatedAdvice {

    private ByteBufAllocatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Return Object buffer) {
        LeakAuditBridge.kindEvent("bytebuf", "allocated", buffer, null);
    }
}
