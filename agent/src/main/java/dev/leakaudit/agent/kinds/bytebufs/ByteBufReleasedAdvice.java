package dev.leakaudit.agent.kinds.bytebufs;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code AbstractReferenceCountedByteBuf.release()} and {@code release(int)}:
 * {@code true} means the count reached zero and the buffer was deallocated (derived buffers release
 * their parent the same way, so a retained slice ends with it).
 */
public final class ByteBufReleasedAdvice {

    private ByteBufReleasedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object buffer, @Advice.Return boolean deallocated) {
        LeakAuditBridge.kindEvent("bytebuf", deallocated ? "freed" : "released", buffer, null);
    }
}
