package dev.leakaudit.agent.ledger;

/**
 * Per-thread flag that keeps the agent from auditing itself: stack walking, class loading, JFR
 * commits and report writing can all reach instrumented code again.
 */
public final class ReentrancyGuard {

    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(ReentrancyGuard::newFlag);

    private ReentrancyGuard() {
    }

    private static boolean[] newFlag() {
        return new boolean[1];
    }

    /** Marks the thread as inside the agent; returns false if it already was. */
    public static boolean enter() {
        boolean[] flag = INSIDE.get();
        if (flag[0]) {
            return false;
        }
        flag[0] = true;
        return true;
    }

    public static void exit() {
        INSIDE.get()[0] = false;
    }

    public static boolean isInside() {
        return INSIDE.get()[0];
    }
}
