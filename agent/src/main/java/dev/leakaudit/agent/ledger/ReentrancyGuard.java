package dev.leakaudit.agent.ledger;

import dev.leakaudit.agent.bootstrap.AgentThreadState;

/**
 * Per-thread flag that keeps the agent from auditing itself: stack walking, class loading, JFR
 * commits and report writing can all reach instrumented code again. Kept in the thread's
 * {@link AgentThreadState}.
 */
public final class ReentrancyGuard {

    private ReentrancyGuard() {
    }

    /** Marks the thread as inside the agent; returns false if it already was. */
    public static boolean enter() {
        return AgentThreadState.current().enter();
    }

    public static void exit() {
        AgentThreadState.current().exit();
    }

    public static boolean isInside() {
        return AgentThreadState.current().isInside();
    }
}
