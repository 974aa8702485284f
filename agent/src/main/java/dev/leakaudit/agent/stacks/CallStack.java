package dev.leakaudit.agent.stacks;

import java.util.List;

import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Where something happened: a stack the JVM filled natively, formatted into frames only when a
 * finding or warning asks, and then once.
 */
public final class CallStack {

    private final Throwable captured;
    private volatile List<String> frames;

    CallStack(Throwable captured) {
        this.captured = captured;
    }

    /** A stack already formatted (shared by the things begun at one site). */
    static CallStack formatted(List<String> frames) {
        CallStack stack = new CallStack(null);
        stack.frames = List.copyOf(frames);
        return stack;
    }

    /** The current thread's stack, here and now. */
    public static CallStack here() {
        return new CallStack(new Throwable("here"));
    }

    /** Every frame below the agent's own, formatted on first use and kept. */
    public List<String> frames() {
        List<String> computed = frames;
        if (computed == null) {
            computed = List.copyOf(StackFrames.allFrames(captured));
            frames = computed;
        }
        return computed;
    }
}
