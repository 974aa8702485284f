package dev.leakaudit.agent.verdict;

import java.util.List;

/**
 * Says when something belongs to the JDK rather than to the program: a creation stack with no frame
 * outside the JDK, the test runners and the agent (a socket an {@code HttpServer} accepted on its
 * dispatcher thread, a channel {@code HttpClient} opened on its selector thread). Such a thing's
 * creation site would be a JDK frame, which a user cannot act on, so it is named by its JDK
 * component instead and left out unless option {@code jdkOwned=report} asks for it.
 */
public final class JdkOwnership {

    /** JDK components by the package of their frames, most specific first. */
    private static final String[][] COMPONENTS = {
        {"sun.net.httpserver.", "JDK HttpServer"},
        {"com.sun.net.httpserver.", "JDK HttpServer"},
        {"jdk.internal.net.http.", "JDK HttpClient"},
        {"sun.net.www.", "JDK HttpURLConnection"},
        {"sun.rmi.", "JDK RMI"},
        {"java.rmi.", "JDK RMI"},
        {"jdk.jfr.", "JDK Flight Recorder"},
        {"jdk.management.", "JDK management"},
        {"sun.management.", "JDK management"},
        {"javax.management.", "JDK JMX"},
        {"com.sun.jmx.", "JDK JMX"},
        {"sun.security.", "JDK TLS"},
        {"java.util.logging.", "JDK logging"},
        {"jdk.internal.", "JDK internals"},
    };

    /** Frames of the test runners: present on every stack of a test, never the program's own code. */
    private static final List<String> RUNNER_PREFIXES = List.of(
            "org.junit.", "junit.", "org.apache.maven.surefire.", "org.apache.maven.plugin.surefire.",
            "org.gradle.", "worker.org.gradle.", "com.intellij.rt.", "org.eclipse.jdt.internal.junit",
            "org.testng.");

    private final boolean report;

    public JdkOwnership(boolean report) {
        this.report = report;
    }

    /** Whether findings owned by the JDK are reported ({@code jdkOwned=report}) or left out (default). */
    public boolean reportsJdkOwned() {
        return report;
    }

    /**
     * The JDK component that owns something created with these frames, or null when a frame of the
     * program (anything outside the JDK, the runners and the agent) is on the stack.
     */
    public static String ownerOf(List<String> frames) {
        if (frames == null || frames.isEmpty()) {
            return null;
        }
        for (String frame : frames) {
            if (!StackFrames.isJdkOrAgent(frame) && !isRunner(frame)) {
                return null;
            }
        }
        return componentOf(frames, frames.size());
    }

    /**
     * The JDK component through which the program created something ({@code HttpServer.create}
     * opening its listening channel, {@code HttpURLConnection} its socket), or null when the program
     * called a plain JDK API ({@code SocketChannel.open}) or nothing of the JDK's.
     */
    public static String componentBeforeSite(List<String> frames) {
        if (frames == null) {
            return null;
        }
        int site = 0;
        while (site < frames.size() && StackFrames.isJdkOrAgent(frames.get(site))) {
            site++;
        }
        if (site == frames.size()) {
            return null;
        }
        String component = componentOf(frames, site);
        return component == null || component.equals("JDK TLS") || component.equals("JDK internals") ? null : component;
    }

    private static String componentOf(List<String> frames, int end) {
        for (String[] component : COMPONENTS) {
            for (int i = 0; i < end; i++) {
                if (frames.get(i).startsWith(component[0])) {
                    return component[1];
                }
            }
        }
        if (end == frames.size() && end > 0) {
            String outermost = frames.get(end - 1);
            int paren = outermost.indexOf('(');
            return "the JDK (" + (paren < 0 ? outermost : outermost.substring(0, paren)) + ")";
        }
        return null;
    }

    static boolean isRunner(String frame) {
        for (String prefix : RUNNER_PREFIXES) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
