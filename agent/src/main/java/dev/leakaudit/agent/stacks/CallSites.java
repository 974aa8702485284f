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

    /** Where an ordinary close is called: kept for a possible double-close warning, formatted only then. */
    public CallStack closeSite() {
        return CallStack.here();
    }
}
