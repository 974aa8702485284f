package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code ServerSocket.implAccept(Socket)}: its argument is the accepted socket. */
public final class AcceptedAdvice {

    private AcceptedAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object socket, @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            LeakAuditBridge.opened(socket);
        }
    }
}
