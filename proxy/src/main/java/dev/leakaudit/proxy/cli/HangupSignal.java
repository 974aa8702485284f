package dev.leakaudit.proxy.cli;

/**
 * SIGHUP, the operators' "read your configuration again", through the JDK's {@code sun.misc.Signal}
 * (module jdk.unsupported, present from JDK 17 to 25). Handling it also keeps the JVM from treating
 * it as a request to shut down.
 */
final class HangupSignal {

    private HangupSignal() {
    }

    /**
     * Runs {@code action} on the JVM's signal thread at every SIGHUP. Returns null when it will, or
     * why it cannot: {@code -Xrs}, Windows, or SIGHUP ignored since the process started (as
     * {@code nohup} leaves it), which the JVM keeps ignored whatever handler is asked for.
     */
    static String onHangup(Runnable action) {
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                return "SIGHUP was ignored when the process started (nohup?), and the JVM keeps it so";
            }
            return null;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return "this JVM does not let a program handle SIGHUP (-Xrs, or not a POSIX system)";
        }
    }
}
