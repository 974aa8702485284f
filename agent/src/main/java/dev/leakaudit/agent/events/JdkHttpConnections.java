package dev.leakaudit.agent.events;

import java.util.List;

/**
 * Connections that the JDK's HTTP clients ({@code HttpURLConnection}, {@code java.net.http.HttpClient})
 * open and close for their users: how often the JDK closes them is the JDK's business, so a second
 * close of one is not reported (the connection itself is still audited, pooled or not).
 */
final class JdkHttpConnections {

    private static final List<String> CLIENT_FRAMES = List.of("sun.net.www.http.", "jdk.internal.net.http.");

    private JdkHttpConnections() {
    }

    static boolean isJdkHttpConnection(List<String> creationFrames) {
        for (String frame : creationFrames) {
            for (String prefix : CLIENT_FRAMES) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
