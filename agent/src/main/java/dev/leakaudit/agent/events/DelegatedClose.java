package dev.leakaudit.agent.events;

import java.util.List;

/**
 * Recognises two closes of one resource that are one close in the user's code: a socket closed
 * through its own input or output stream, a channel through its socket adaptor (or the adaptor's
 * streams), a plain socket by the {@code SSLSocket} layered over it with {@code autoClose}, and then
 * by its owner (or the other way round). Closing the wrapper is specified to close what it wraps,
 * so such a pair is not a double close at all.
 */
final class DelegatedClose {

    /** Frames of JDK code that closes the resource it wraps; matched as prefixes of "Class.method(". */
    private static final List<String> WRAPPER_FRAMES = List.of(
            "java.net.Socket$SocketInputStream.close(",
            "java.net.Socket$SocketOutputStream.close(",
            "sun.nio.ch.SocketAdaptor",
            "sun.nio.ch.ServerSocketAdaptor",
            "sun.nio.ch.ChannelInputStream.close(",
            "sun.nio.ch.ChannelOutputStream.close(",
            "sun.nio.ch.SocketInputStream.close(",
            "sun.nio.ch.SocketOutputStream.close(",
            "java.nio.channels.Channels$",
            "sun.security.ssl.SSLSocketImpl",
            "sun.security.ssl.BaseSSLSocketImpl");

    private DelegatedClose() {
    }

    /**
     * True when either close went through a wrapper of the resource: the first as the agent saw it
     * happen (or by its stack, with stacks=full), the second by its stack.
     */
    static boolean isOneClose(boolean firstThroughWrapper, List<String> firstClose, List<String> secondClose) {
        return firstThroughWrapper || throughWrapper(firstClose) || throughWrapper(secondClose);
    }

    private static boolean throughWrapper(List<String> frames) {
        if (frames == null) {
            return false;
        }
        for (String frame : frames) {
            for (String wrapper : WRAPPER_FRAMES) {
                if (frame.startsWith(wrapper)) {
                    return true;
                }
            }
        }
        return false;
    }
}
