package dev.leakaudit.agent.kinds.usage;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined around a declared cleanup method: marks the thread as inside that cleanup for the
 * length of the call, so that tracked effects (closes, cancels, removals) are counted for it.
 */
public final class CleanupCallAdvice {

    private CleanupCallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This(optional = true) Object receiver,
                        @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] arguments,
                        @Advice.Origin("#t.#m") String method) {
        return LeakAuditBridge.cleanupEntered(receiver, arguments, method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        LeakAuditBridge.cleanupExited(token);
    }
}
