package dev.leakaudit.agent.stacks;

/**
 * Captures where things begin (an open, a schedule, a start, a registration) and where resources
 * are closed. Each capture is a {@link Throwable} filled by the JVM's native stack walk and never
 * formatted unless a finding or a double-close warning needs it; then once, and report stacks are
 * shared between findings ({@code StackFrames.reportFrames}).
 *
 * <p>Why not a {@code StackWalker} walk to the call site with a per-site cache: measured in the
 * socket benchmark (JDK 17 and 25, loopback connect/accept/close), walking down to the first frame
 * outside the JDK and two callers cost about 3 µs per event against about 0.5 to 1 µs for the
 * native fill, so the per-site cache could never pay for its key. Option {@code stacks}: with
 * {@code site} (default) the agent's JFR open events carry no stack trace; {@code full} adds it.
 */
public final class CallSites {

    public enum Mode { SITE, FULL }

    private final Mode mode;
    private final KeyedSites keyed = new KeyedSites();

    public CallSites(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /** Where something begins. */
    public CallStack beginning() {
        return CallStack.here();
    }

    /**
     * Where something begins whose code identifies its site: a timer's or thread's task class. In
     * {@code site} mode the stack is shared per class once its site is known ({@link KeyedSites});
     * {@code full} captures every one.
     */
    public CallStack beginningOf(Class<?> code) {
        return mode == Mode.FULL || code == null ? CallStack.here() : keyed.beginningOf(code);
    }

    /**
     * Where an ordinary close is called: with {@code full}, its stack (for a possible double-close
     * note); with {@code site}, nothing (null): its time and thread are recorded, and a second close
     * keeps its own full stack.
     */
    public CallStack closeSite() {
        return mode == Mode.FULL ? CallStack.here() : null;
    }
}
