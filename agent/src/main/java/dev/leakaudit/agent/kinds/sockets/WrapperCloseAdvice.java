package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around {@code close()} of the JDK classes that close the socket or channel they wrap (a
 * socket's streams, a channel's socket adaptor and its streams, an {@code SSLSocket} layered with
 * {@code autoClose}, whose {@code closeSocket} is advised too): a close of the resource inside one
 * is the same close as the wrapper's, which the agent can then tell without capturing a stack.
 */
public final class WrapperCloseAdvice {

    private WrapperCloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        LeakAuditBridge.wrapperCloseEntered();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit() {
        LeakAuditBridge.wrapperCloseExited();
    }
}
