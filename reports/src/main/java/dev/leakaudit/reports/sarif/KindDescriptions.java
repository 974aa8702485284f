package dev.leakaudit.reports.sarif;

import java.util.Map;

/** A short and a full description of every finding kind, as SARIF rules and the page show them. */
public final class KindDescriptions {

    public record Description(String name, String shortText, String fullText) {
    }

    private static final Map<String, Description> KINDS = Map.ofEntries(
            entry("socket", "SocketLeak", "Socket left open by a test",
                    "A java.net.Socket opened in a test was still open after the test ended (and its linger period). "
                            + "Close it with try-with-resources or in @AfterEach."),
            entry("server-socket", "ServerSocketLeak", "Server socket left open by a test",
                    "A java.net.ServerSocket bound in a test was still open after the test ended: its port stays taken."),
            entry("channel", "ChannelLeak", "Socket channel left open by a test",
                    "A SocketChannel opened in a test was still open after the test ended."),
            entry("server-channel", "ServerChannelLeak", "Server socket channel left open by a test",
                    "A ServerSocketChannel opened in a test was still open after the test ended."),
            entry("async-channel", "AsyncChannelLeak", "Asynchronous socket channel left open by a test",
                    "An AsynchronousSocketChannel opened in a test was still open after the test ended."),
            entry("async-server-channel", "AsyncServerChannelLeak", "Asynchronous server channel left open",
                    "An AsynchronousServerSocketChannel opened in a test was still open after the test ended."),
            entry("timer", "TimerLeak", "Timer task still pending after a test",
                    "A scheduled task (ScheduledThreadPoolExecutor or java.util.Timer) scheduled in a test was still "
                            + "pending at its end: a one-shot not yet run, or a periodic task never cancelled."),
            entry("thread", "ThreadLeak", "Thread still running after a test",
                    "A thread started in a test was still alive after the test ended; workers of an executor never "
                            + "shut down are named as such."),
            entry("handler", "HandlerLeak", "Handler registered and never removed",
                    "A shutdown hook or declared handler registration made in a test was not removed by its end."),
            entry("retained", "RetainedAfterClose", "Closed connection still strongly reachable",
                    "A socket or channel was closed but stays strongly reachable after forced garbage collections: "
                            + "something (a map, a list, a listener) still refers to it."),
            entry("buffer", "BufferRetained", "Buffer retained by a closed connection",
                    "A ByteBuffer that only a closed connection used is still reachable: pending data never cleared."),
            entry("double-close", "DoubleClose", "Resource closed twice",
                    "close() ran twice on one resource: harmless to the JDK, but two cleanup paths ran."),
            entry("cleanup-not-idempotent", "CleanupNotIdempotent", "Cleanup method not idempotent",
                    "A declared cleanup method, called twice for the same argument, performed tracked effects again."));

    private KindDescriptions() {
    }

    public static Description of(String kind) {
        Description known = KINDS.get(kind);
        return known != null ? known : new Description("Finding-" + kind, "leak-audit finding: " + kind,
                "A leak-audit finding of kind " + kind + ".");
    }

    private static Map.Entry<String, Description> entry(String kind, String name, String shortText, String fullText) {
        return Map.entry(kind, new Description(name, shortText, fullText));
    }
}
