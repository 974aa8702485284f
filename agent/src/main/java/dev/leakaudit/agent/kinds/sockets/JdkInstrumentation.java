package dev.leakaudit.agent.kinds.sockets;

import java.lang.instrument.Instrumentation;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.JdkClasses;

import static dev.leakaudit.agent.instrument.MethodMatch.named;
import static dev.leakaudit.agent.instrument.MethodMatch.constructor;
import static dev.leakaudit.agent.instrument.MethodMatch.arguments;


/**
 * Wires advice into the JDK's socket and channel classes. Advice only and no class-format
 * changes, so already loaded classes can be retransformed. Every target is matched by name and
 * argument types; what was transformed and what failed is kept for the start-up diagnostics.
 */
public final class JdkInstrumentation {

    /** Classes whose instrumentation the agent depends on, by name. */
    public static final List<String> TARGETS = List.of(
            "java.net.Socket",
            "java.net.ServerSocket",
            "java.nio.channels.spi.AbstractInterruptibleChannel",
            "sun.nio.ch.SocketChannelImpl",
            "sun.nio.ch.ServerSocketChannelImpl",
            "sun.nio.ch.AsynchronousSocketChannelImpl",
            "sun.nio.ch.AsynchronousServerSocketChannelImpl");

    /**
     * JDK classes whose {@code close()} closes the socket or channel they wrap (JDK 17 to 25 names;
     * a name missing on one JDK simply matches nothing there).
     */
    static final List<String> WRAPPERS = List.of(
            "java.net.Socket$SocketInputStream", "java.net.Socket$SocketOutputStream",
            "sun.nio.ch.SocketAdaptor", "sun.nio.ch.SocketAdaptor$1", "sun.nio.ch.SocketAdaptor$2",
            "sun.nio.ch.ServerSocketAdaptor", "sun.nio.ch.ChannelInputStream", "sun.nio.ch.ChannelOutputStream",
            "sun.nio.ch.SocketInputStream", "sun.nio.ch.SocketOutputStream",
            "java.nio.channels.Channels$1", "java.nio.channels.Channels$2", "java.nio.channels.Channels$3",
            "sun.security.ssl.SSLSocketImpl", "sun.security.ssl.BaseSSLSocketImpl");

    /** Adds the socket and channel advice to {@code plan}; installed with the rest in one pass. */
    public void addTo(AdvicePlan plan, Instrumentation instrumentation) {
        JdkClasses.preload(TARGETS);
        openJavaBaseToBridge(instrumentation);
        String opened = "dev.leakaudit.agent.kinds.sockets.OpenedOnReturnAdvice";
        String constructed = "dev.leakaudit.agent.kinds.sockets.OpenedByConstructorAdvice";
        String accepted = "dev.leakaudit.agent.kinds.sockets.AcceptedAdvice";
        String closing = "dev.leakaudit.agent.kinds.sockets.ClosingAdvice";
        String wrapperClosing = "dev.leakaudit.agent.kinds.sockets.WrapperCloseAdvice";

        plan.type("java.net.Socket")
                .advice(named("connect").and(arguments(SocketAddress.class, int.class)), opened)
                .advice(named("bind").and(arguments(SocketAddress.class)), opened)
                .advice(named("close").and(arguments(0)), closing);
        plan.type("java.net.ServerSocket")
                .advice(named("bind").and(arguments(SocketAddress.class, int.class)), opened)
                .advice(named("implAccept").and(arguments(Socket.class)), accepted)
                .advice(named("close").and(arguments(0)), closing);
        plan.type("java.nio.channels.spi.AbstractInterruptibleChannel")
                .advice(named("close").and(arguments(0)), closing);
        plan.type("sun.nio.ch.SocketChannelImpl", "sun.nio.ch.ServerSocketChannelImpl")
                .advice(constructor(), constructed);
        plan.type("sun.nio.ch.AsynchronousSocketChannelImpl", "sun.nio.ch.AsynchronousServerSocketChannelImpl")
                .advice(constructor(), constructed)
                .advice(named("close").and(arguments(0)), closing);
        plan.type(WRAPPERS.toArray(new String[0]))
                // SSLSocketImpl closes the socket it is layered over in closeSocket, on every path
                .advice(named("close").and(arguments(0))
                        .or(named("closeSocket").and(arguments(boolean.class))), wrapperClosing);
    }

    /**
     * Advice inlined into java.base refers to the bridge, which lives in the bootstrap loader's
     * unnamed module; java.base must be allowed to read it.
     */
    private static void openJavaBaseToBridge(Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        Module bridgeModule = LeakAuditBridge.class.getModule();
        if (!javaBase.canRead(bridgeModule)) {
            instrumentation.redefineModule(javaBase, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

}
