package dev.leakaudit.agent.kinds.files;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code FileChannelImpl.open(...)}: a file channel, with the factory's
 * arguments (its path second, its owning stream last, null when it has none).
 */
public final class FileChannelOpenedAdvice {

    private FileChannelOpenedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Return Object channel, @Advice.AllArguments Object[] arguments) {
        LeakAuditBridge.kindEvent("file", "opened", channel, arguments);
    }
}
