package dev.leakaudit.agent.kinds.handlers;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined at the end of a handler add method (a declared {@code handlers} ADD, or
 * {@code Runtime.addShutdownHook}): a normal return registers the handler with its source.
 */
public final class HandlerAddAdvice {

    private HandlerAddAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object source,
                     @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] arguments,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Origin("#t.#m") String registration,
                     @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            LeakAuditBridge.handlerAdded(source, arguments, returned, registration);
        }
    }
}
