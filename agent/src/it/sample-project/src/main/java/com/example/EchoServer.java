package com.example;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A tiny echo server: one thread accepts, each connection echoes one byte and is closed. */
public final class EchoServer implements Closeable {

    private final ServerSocket server;
    private final Thread acceptor;

    public EchoServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "echo-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                int b = in.read();
                if (b >= 0) {
                    out.write(b);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), port());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
