package dev.leakaudit.proxy.cli;

/**
 * SIGHUP, the operators' "read your configuration again", through the JDK's {@code sun.misc.Signal}
 * (module jdk.unsupported, present from JDK 17 to 25). Handling it also keeps the JVM from treating
 * it as a request to shut down.
 */
final class HangupSignal {

    private HangupSignal() {
    }

    /** Runs {@code action} on the JVM's signal thread at every SIGHUP; false if this JVM cannot (-Xrs, Windows). */
    static boolean onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }
}
