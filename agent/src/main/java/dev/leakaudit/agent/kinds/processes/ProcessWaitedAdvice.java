package dev.leakaudit.agent.kinds.processes;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the normal end of {@code waitFor()}, {@code exitValue()} and {@code onExit()}: the
 * program waited for the process (a timed {@code waitFor} counts only when it returned true).
 */
public final class ProcessWaitedAdvice {

    private ProcessWaitedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object process,
                     @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object returned) {
        if (!Boolean.FALSE.equals(returned)) {
            LeakAuditBridge.kindEvent("process", "waited", process, null);
        }
    }
}
