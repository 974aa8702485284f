package dev.leakaudit.agent.kinds.timers;

import java.util.concurrent.TimeUnit;

import dev.leakaudit.agent.bootstrap.TaskBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code ScheduledThreadPoolExecutor.scheduleAtFixedRate/scheduleWithFixedDelay}. */
public final class TimerPeriodicAdvice {

    private TimerPeriodicAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object executor, @Advice.Argument(0) Object task,
                     @Advice.Argument(1) long initialDelay, @Advice.Argument(2) long period,
                     @Advice.Argument(3) TimeUnit unit, @Advice.Return Object future, @Advice.Thrown Throwable thrown,
                     @Advice.Origin("#m") String method) {
        if (thrown == null) {
            TaskBridge.scheduled(executor, future, task, unit.toNanos(initialDelay), unit.toNanos(period), method);
        }
    }
}
