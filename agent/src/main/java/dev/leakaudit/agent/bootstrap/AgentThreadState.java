package dev.leakaudit.agent.bootstrap;

/**
 * Everything the agent keeps per thread, in one object behind one thread-local, so an event costs
 * one lookup (BlockHound keeps its per-thread state the same way). Loaded by the bootstrap class
 * loader like {@link LeakAuditBridge}, so advice in java.base and every part of the agent share it.
 * Only its own thread touches an instance: no locks, no volatile fields.
 */
public final class AgentThreadState {

    private static final ThreadLocal<AgentThreadState> STATE = new ThreadLocal<>();

    private boolean inside;

    /** The id of the thread this thread started last (a start that delegates to another start counts once). */
    public long lastStartedThreadId = -1;

    /** This thread's name, id and kind as the agent last recorded them (a {@code ThreadInfo}), or null. */
    public Object threadInfo;

    /** The test or class this thread runs, as the test runner reported it on this thread (a {@code TestScope}), or null. */
    public Object testScope;

    /** Closes of a resource's stream, socket adaptor or SSL layer running on this thread (they close what they wrap). */
    public int wrapperCloses;

    /** The declared cleanup calls running on this thread (owned by the cleanup check), or null. */
    public Object cleanupCalls;

    private AgentThreadState() {
    }

    /** This thread's state; created on first use (no lambda: it is first used inside advice). */
    public static AgentThreadState current() {
        AgentThreadState state = STATE.get();
        if (state == null) {
            state = new AgentThreadState();
            STATE.set(state);
        }
        return state;
    }

    /** Marks the thread as inside the agent; false if it already was (the agent must not audit itself). */
    public boolean enter() {
        if (inside) {
            return false;
        }
        inside = true;
        return true;
    }

    public void exit() {
        inside = false;
    }

    public boolean isInside() {
        return inside;
    }
}
