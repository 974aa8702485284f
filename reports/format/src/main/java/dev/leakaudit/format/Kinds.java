package dev.leakaudit.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every kind of finding, listed once. The agent's kinds take their noun and severity from here, the
 * reports their SARIF rules and texts, the page its colours; the published schema's list of kinds is
 * tested against this one. A new kind is one entry here and one package in the agent.
 */
public final class Kinds {

    private static final Map<String, Kind> ALL = new LinkedHashMap<>();

    static {
        leak("socket", "socket", "SocketLeak", "Socket left open by a test",
                "A java.net.Socket opened in a test was still open after the test ended (and its linger period). "
                        + "Close it with try-with-resources or in @AfterEach.", "#1565c0");
        leak("server-socket", "server socket", "ServerSocketLeak", "Server socket left open by a test",
                "A java.net.ServerSocket bound in a test was still open after the test ended: its port stays taken.",
                "#6a1b9a");
        leak("channel", "socket channel", "ChannelLeak", "Socket channel left open by a test",
                "A SocketChannel opened in a test was still open after the test ended.", "#00838f");
        leak("server-channel", "server socket channel", "ServerChannelLeak", "Server socket channel left open by a test",
                "A ServerSocketChannel opened in a test was still open after the test ended.", "#2e7d32");
        leak("async-channel", "asynchronous socket channel", "AsyncChannelLeak",
                "Asynchronous socket channel left open by a test",
                "An AsynchronousSocketChannel opened in a test was still open after the test ended.", "#ef6c00");
        leak("async-server-channel", "asynchronous server socket channel", "AsyncServerChannelLeak",
                "Asynchronous server channel left open",
                "An AsynchronousServerSocketChannel opened in a test was still open after the test ended.", "#8d6e63");
        leak("timer", "timer", "TimerLeak", "Timer task still pending after a test",
                "A scheduled task (ScheduledThreadPoolExecutor or java.util.Timer) scheduled in a test was still "
                        + "pending at its end: a one-shot not yet run, or a periodic task never cancelled.", "#c2185b");
        leak("thread", "thread", "ThreadLeak", "Thread still running after a test",
                "A thread started in a test was still alive after the test ended; workers of an executor never "
                        + "shut down are named as such.", "#d32f2f");
        leak("handler", "handler registration", "HandlerLeak", "Handler registered and never removed",
                "A shutdown hook or declared handler registration made in a test was not removed by its end.",
                "#5d4037");
        leak("retained", "connection retained after close", "RetainedAfterClose",
                "Closed connection still strongly reachable",
                "A socket or channel was closed but stays strongly reachable after forced garbage collections: "
                        + "something (a map, a list, a listener) still refers to it.", "#455a64");
        leak("buffer", "buffer", "BufferRetained", "Buffer retained by a closed connection",
                "A ByteBuffer that only a closed connection used is still reachable: pending data never cleared.",
                "#9e9d24");
        leak("file", "file", "FileLeak", "File left open by a test",
                "A file opened in a test (a stream, reader, channel, directory stream or zip file) was still open "
                        + "after the test ended: its descriptor stays taken, and on some systems the file stays locked.",
                "#00695c");
        leak("process", "child process", "ProcessLeak", "Child process left behind by a test",
                "A process a test started was still running after the test ended, or ended without being waited for "
                        + "and with its streams left open.", "#ad1457");
        leak("bytebuf", "reference-counted buffer", "ByteBufLeak", "Netty buffer never released by a test",
                "A Netty ByteBuf allocated in a test still had a reference count above zero after the test ended (or "
                        + "was collected so): its pooled or direct memory is never returned. Release it when done "
                        + "(ReferenceCountUtil.release, or SimpleChannelInboundHandler in a pipeline).", "#bf360c");
        add("double-close", "double close", Severity.NOTE, "DoubleClose", "Resource closed twice",
                "close() ran twice on one resource: harmless to the JDK, but two cleanup paths ran.", "#f9a825");
        add("cleanup-not-idempotent", "cleanup that is not idempotent", Severity.WARNING, "CleanupNotIdempotent",
                "Cleanup method not idempotent",
                "A declared cleanup method, called twice for the same argument, performed tracked effects again.",
                "#7b1fa2");
    }

    private Kinds() {
    }

    private static void leak(String id, String noun, String ruleName, String shortText, String fullText, String colour) {
        add(id, noun, Severity.LEAK, ruleName, shortText, fullText, colour);
    }

    private static void add(String id, String noun, Severity severity, String ruleName, String shortText,
                            String fullText, String colour) {
        ALL.put(id, new Kind(id, noun, severity, ruleName, shortText, fullText, colour));
    }

    /** Every kind, in the order the report's documentation lists them. */
    public static List<Kind> all() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
    }

    /** Every kind's id. */
    public static List<String> ids() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.keySet()));
    }

    /** The kind with this id, or null for a kind this version does not know (a newer agent's). */
    public static Kind of(String id) {
        return ALL.get(id);
    }

    /** The kind with this id; a kind the catalog does not list is a programming error. */
    public static Kind named(String id) {
        Kind kind = ALL.get(id);
        if (kind == null) {
            throw new IllegalArgumentException("no kind of finding is named '" + id + "' (kinds: " + ids() + ")");
        }
        return kind;
    }
}
