package dev.leakaudit.agent.kinds.threads;

import java.util.List;
import java.util.concurrent.ForkJoinWorkerThread;

/** What a thread is to the program, from its class and its stacks: named in its finding. */
public enum ThreadRole {
    POOL_WORKER(", the worker of a ThreadPoolExecutor never shut down,",
            "Shut the executor down and await its termination (shutdown() and awaitTermination())"),
    SCHEDULED_WORKER(", the worker of a ScheduledThreadPoolExecutor never shut down,",
            "Shut the scheduled executor down and await its termination (shutdown() and awaitTermination())"),
    FORK_JOIN_WORKER(", a worker of a ForkJoinPool never shut down,",
            "Shut the pool down and await its termination (shutdown() and awaitTermination())"),
    PER_TASK(", a thread of a thread-per-task executor that was never closed,",
            "Close the executor (close(), or shutdown() and awaitTermination()), which waits for its tasks,"),
    TIMER(", the thread of a java.util.Timer never cancelled,", "Cancel the Timer (Timer.cancel())"),
    PLAIN("", "Make it finish and join it (Thread.join())");

    private final String phrase;
    private final String advice;

    ThreadRole(String phrase, String advice) {
        this.phrase = phrase;
        this.advice = advice;
    }

    public static ThreadRole of(Thread thread, List<String> startFrames, List<String> currentFrames) {
        if (thread.getClass().getName().equals("java.util.TimerThread")) {
            return TIMER;
        }
        if (thread instanceof ForkJoinWorkerThread) {
            return FORK_JOIN_WORKER;
        }
        boolean poolWorker = false;
        boolean scheduled = false;
        boolean perTask = false;
        for (String frame : startFrames) {
            poolWorker |= frame.startsWith("java.util.concurrent.ThreadPoolExecutor.addWorker(");
            scheduled |= frame.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor.");
            perTask |= frame.startsWith("java.util.concurrent.ThreadPerTaskExecutor.");
        }
        for (String frame : currentFrames) {
            poolWorker |= frame.startsWith("java.util.concurrent.ThreadPoolExecutor.runWorker(");
            scheduled |= frame.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.");
        }
        if (poolWorker) {
            return scheduled ? SCHEDULED_WORKER : POOL_WORKER;
        }
        return perTask ? PER_TASK : PLAIN;
    }

    /** ", the worker of a ThreadPoolExecutor never shut down," or empty. */
    public String phrase() {
        return phrase;
    }

    public String advice() {
        return advice;
    }
}
