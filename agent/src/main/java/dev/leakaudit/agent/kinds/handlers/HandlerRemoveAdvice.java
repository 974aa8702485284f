package dev.leakaudit.agent.kinds.handlers;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined at the end of a handler remove method: a normal return unregisters the handler. */
public final class HandlerRemoveAdvice {

    private HandlerRemoveAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object source,
                     @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] arguments,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Origin("#t.#m") String registration,
                     @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            LeakAuditBridge.handlerRemoved(source, arguments, returned, registration);
        }
    }
}
