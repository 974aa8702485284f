package dev.leakaudit.agent.bootstrap;

/**
 * The only class that advice inlined into java.base refers to. It is loaded by the bootstrap class
 * loader (see {@code BootstrapJar}) and forwards to the agent's sink. Nothing thrown here may reach
 * the instrumented method: the advice suppresses throwables as well, this is the second fence.
 */
public final class LeakAuditBridge {

    private static volatile ResourceSink sink;

    private LeakAuditBridge() {
    }

    public static void install(ResourceSink newSink) {
        sink = newSink;
    }

    public static void opened(Object resource) {
        ResourceSink current = sink;
        if (current != null && resource != null) {
            try {
                current.opened(resource);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void closing(Object resource) {
        ResourceSink current = sink;
        if (current != null && resource != null) {
            try {
                current.closing(resource);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }
}
