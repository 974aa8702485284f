package dev.leakaudit.agent.stacks;

import java.util.List;

import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Where something happened: a captured stack, formatted into frames at most once. With
 * {@code stacks=site} one instance is shared by every event at the same call site; with
 * {@code stacks=full} each event has its own.
 */
public final class CallStack {

    private final Throwable captured;
    private volatile List<String> frames;

    CallStack(Throwable captured) {
        this.captured = captured;
    }

    /** A stack captured here and now, outside the call-site cache (e.g. a double close's second close). */
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
