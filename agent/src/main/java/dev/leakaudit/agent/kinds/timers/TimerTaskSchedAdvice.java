package dev.leakaudit.agent.kinds.timers;

import dev.leakaudit.agent.bootstrap.TaskBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code java.util.Timer.sched(TimerTask, long, long)}, the private method
 * every public {@code schedule*} of JDK 17 to 25 calls. Reads the Timer's own {@code thread} field:
 * when that thread has ended (cancelled Timer, or a task threw), the Timer's tasks are discarded.
 */
public final class TimerTaskSchedAdvice {

    private TimerTaskSchedAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object task, @Advice.Argument(1) long executionTime,
                     @Advice.Argument(2) long period, @Advice.FieldValue("thread") Thread timerThread,
                     @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            TaskBridge.timerTaskScheduled(task, timerThread, executionTime - System.currentTimeMillis(), period);
        }
    }
}
