package dev.leakaudit.agent.instrument;

import java.util.List;

/** The JDK classes a kind instruments, loaded before the one install so they are retransformed with the rest. */
public final class JdkClasses {

    private JdkClasses() {
    }

    /**
     * Loads the targets (and so their superclasses) before the transformer is installed, so they are
     * retransformed with the classes already loaded. A class first loaded while Byte Buddy
     * retransforms another (reflection on java.net.Socket loads SocketChannel and
     * AbstractInterruptibleChannel) is skipped by its circularity guard and never instrumented;
     * that happened whenever nothing (JFR, off with {@code jfr=false}) had loaded them earlier.
     */
    public static void preload(List<String> classNames) {
        for (String name : classNames) {
            try {
                Class.forName(name, false, null);
            } catch (ClassNotFoundException | LinkageError e) {
                // a target missing on this JDK shows up in the self-test
            }
        }
    }
}
