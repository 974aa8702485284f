package dev.leakaudit.agent.kinds.processes;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code ProcessBuilder.start()} (also what {@code Runtime.exec} calls): a child process started. */
public final class ProcessStartedAdvice {

    private ProcessStartedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object builder, @Advice.Return Object process) {
        LeakAuditBridge.kindEvent("process", "started", process, builder);
    }
}
