package dev.leakaudit.agent.kinds.files;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of a file's {@code close()} (a file channel's {@code implCloseChannel()}). */
public final class FileClosedAdvice {

    private FileClosedAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object file) {
        LeakAuditBridge.kindEvent("file", "closed", file, null);
    }
}
