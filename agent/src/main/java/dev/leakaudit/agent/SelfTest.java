package dev.leakaudit.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import dev.leakaudit.agent.ledger.ProbeCounter;
import dev.leakaudit.agent.ledger.ResourceLedger;

/**
 * Start-up check, in BlockHound's manner: open and close probe sockets on loopback and make sure
 * instrumentation saw every open and every close. The probes never reach the report.
 */
final class SelfTest {

    static final int EXPECTED_OPENS = 4;   // server socket, client socket, accepted socket, channel
    static final int EXPECTED_CLOSES = 4;

    private SelfTest() {
    }

    /** Null when the self-test passed, otherwise what went wrong. */
    static String run(ResourceLedger ledger) {
        ProbeCounter counter = new ProbeCounter();
        try {
            ledger.probe(counter, SelfTest::probe);
        } catch (UncheckedIOException e) {
            return "the probe sockets could not be opened on loopback (" + e.getCause() + ")";
        }
        if (counter.opened() >= EXPECTED_OPENS && counter.closed() >= EXPECTED_CLOSES) {
            return null;
        }
        return "probe sockets were opened and closed, but instrumentation saw " + counter.opened() + " of "
                + EXPECTED_OPENS + " opens and " + counter.closed() + " of " + EXPECTED_CLOSES + " closes";
    }

    private static void probe() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, server.getLocalPort());
             Socket accepted = server.accept();
             SocketChannel channel = SocketChannel.open()) {
            if (!client.isConnected() || !accepted.isConnected() || !channel.isOpen()) {
                throw new IOException("probe sockets did not connect");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
