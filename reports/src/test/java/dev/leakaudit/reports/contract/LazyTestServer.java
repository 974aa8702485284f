package dev.leakaudit.reports.contract;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A server a static holder starts on first use and keeps for the run: a shared fixture. */
public final class LazyTestServer {

    private static LazyTestServer instance;

    private final ServerSocket listener;

    private LazyTestServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "lazy-test-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static synchronized int port() throws IOException {
        if (instance == null) {
            instance = new LazyTestServer();
        }
        return instance.listener.getLocalPort();
    }

    private void acceptLoop() {
        while (true) {
            try (Socket accepted = listener.accept()) {
                accepted.getInputStream().read();
            } catch (IOException e) {
                return;
            }
        }
    }
}
