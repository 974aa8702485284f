package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.bootstrap.TaskBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code Thread.exit()}, which the JVM calls on a platform thread as it
 * ends, and of {@code VirtualThread.afterDone}/{@code afterTerminate}, where a virtual thread ends:
 * a thread's end is an observed event with its time, not something found later by polling.
 */
public final class ThreadExitAdvice {

    private ThreadExitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Thread thread) {
        TaskBridge.threadEnded(thread);
    }
}
