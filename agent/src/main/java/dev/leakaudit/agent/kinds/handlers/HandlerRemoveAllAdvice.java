package dev.leakaudit.agent.kinds.handlers;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined at the end of a declared remove-all method: a normal return unregisters every handler of the source. */
public final class HandlerRemoveAllAdvice {

    private HandlerRemoveAllAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object source,
                     @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] arguments,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Origin("#t.#m") String registration,
                     @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            LeakAuditBridge.handlersRemovedAll(source, arguments, returned, registration);
        }
    }
}
