package dev.leakaudit.agent.kinds.files;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of the constructors that open a file by path: the stream, file or zip is open. */
public final class FileOpenedAdvice {

    private FileOpenedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object file, @Advice.Argument(0) Object path) {
        LeakAuditBridge.kindEvent("file", "opened", file, path);
    }
}
