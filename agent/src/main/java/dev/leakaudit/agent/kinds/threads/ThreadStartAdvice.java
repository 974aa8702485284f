package dev.leakaudit.agent.kinds.threads;

import dev.leakaudit.agent.bootstrap.TaskBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code Thread.start()} and, on JDK 21+, {@code Thread.start(ThreadContainer)}
 * and {@code VirtualThread.start(ThreadContainer)} (where every virtual thread start ends up, also
 * from thread-per-task executors and structured concurrency). The thread runs once this returned.
 */
public final class ThreadStartAdvice {

    private ThreadStartAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Thread thread, @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            TaskBridge.threadStarted(thread);
        }
    }
}
