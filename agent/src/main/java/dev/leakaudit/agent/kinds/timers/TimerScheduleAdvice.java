package dev.leakaudit.agent.kinds.timers;

import java.util.concurrent.TimeUnit;

import dev.leakaudit.agent.bootstrap.TaskBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code ScheduledThreadPoolExecutor.schedule(Runnable|Callable, long, TimeUnit)}.
 * {@code execute} and {@code submit} funnel through here with no delay: those are not timers and
 * cost one comparison.
 */
public final class TimerScheduleAdvice {

    private TimerScheduleAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object executor, @Advice.Argument(0) Object task, @Advice.Argument(1) long delay,
                     @Advice.Argument(2) TimeUnit unit, @Advice.Return Object future, @Advice.Thrown Throwable thrown,
                     @Advice.Origin("#m") String method) {
        if (thrown == null && delay > 0) {
            TaskBridge.scheduled(executor, future, task, unit.toNanos(delay), 0L, method);
        }
    }
}
