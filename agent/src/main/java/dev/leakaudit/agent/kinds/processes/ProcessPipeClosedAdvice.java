package dev.leakaudit.agent.kinds.processes;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of a process pipe's {@code close()}. */
public final class ProcessPipeClosedAdvice {

    private ProcessPipeClosedAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object pipe) {
        LeakAuditBridge.kindEvent("process", "pipeClosed", pipe, null);
    }
}
