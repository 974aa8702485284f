package dev.leakaudit.agent.kinds.sockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.leakaudit.agent.bootstrap.LeakAuditBridge;
import dev.leakaudit.agent.instrument.AdvicePlan;
import dev.leakaudit.agent.instrument.InstallLog;
import dev.leakaudit.agent.kinds.KindContext;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;

/**
 * Sockets and channels ({@code socket}, {@code server-socket}, {@code channel}, {@code server-channel},
 * {@code async-channel}, {@code async-server-channel}, and their {@code double-close} notes): the
 * resource ledger, the advice on the JDK's socket and channel classes and its pools, and the probes
 * of the self-test. Their hot path (an open and a close per connection) has a bridge entry of its own.
 */
public final class SocketKinds implements LeakKind {

    static final int SOCKET_EVENTS = 3;   // server socket, client socket, accepted socket
    static final int CHANNEL_EVENTS = 1;

    private ResourceLedger ledger;

    @Override
    public String id() {
        return "sockets";
    }

    @Override
    public void start(KindContext context) {
        ledger = new ResourceLedger(context.scopes(),
                new LifecycleEvents(context.events(), context.findings(), context.log(), context.scopes()),
                context.judge(), context.sites());
        LeakAuditBridge.install(ledger);
    }

    /** The ledger, for the detectors that look at closed connections (retention, buffers). */
    public ResourceLedger ledger() {
        return ledger;
    }

    @Override
    public void instrument(AdvicePlan plan, Instrumentation instrumentation, InstallLog log) {
        new JdkInstrumentation().addTo(plan, instrumentation);
        new JdkPoolInstrumentation().addTo(plan, instrumentation);
    }

    /** Opens and closes probe sockets and a channel on loopback, counted, never reported. */
    @Override
    public Map<String, String> selfTest(KindSelfTest check, Set<String> forced) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        if (check.provenBefore() && forced.isEmpty()) {
            // the classes probed in an earlier JVM, read back from the cache: that they were applied
            // here is what is left to check, and it spares every later fork the loopback probes (~30 ms)
            String applied = check.transformed(JdkInstrumentation.TARGETS);
            outcomes.put("socket", applied);
            outcomes.put("channel", applied);
            return outcomes;
        }
        outcomes.put("socket", probe(new SocketProbe(), SOCKET_EVENTS, forced.contains("socket")));
        outcomes.put("channel", probe(new ChannelProbe(), CHANNEL_EVENTS, forced.contains("channel")));
        return outcomes;
    }

    private String probe(Runnable probe, int expected, boolean forced) {
        ProbeCounter counter = new ProbeCounter();
        try {
            ledger.probe(counter, probe);
        } catch (UncheckedIOException e) {
            return "the probe could not be opened on loopback (" + e.getCause() + ")";
        }
        int opened = forced ? 0 : counter.opened();
        int closed = forced ? 0 : counter.closed();
        if (opened >= expected && closed >= expected) {
            return KindSelfTest.OK;
        }
        return "instrumentation saw " + opened + " of " + expected + " opens and " + closed + " of " + expected
                + " closes";
    }

    private static final class SocketProbe implements Runnable {
        @Override
        public void run() {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (ServerSocket server = new ServerSocket(0, 1, loopback);
                 Socket client = new Socket(loopback, server.getLocalPort());
                 Socket accepted = server.accept()) {
                if (!client.isConnected() || !accepted.isConnected()) {
                    throw new IOException("probe sockets did not connect");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class ChannelProbe implements Runnable {
        @Override
        public void run() {
            try (SocketChannel channel = SocketChannel.open()) {
                if (!channel.isOpen()) {
                    throw new IOException("probe channel did not open");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
