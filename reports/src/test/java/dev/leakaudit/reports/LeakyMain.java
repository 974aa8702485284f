package dev.leakaudit.reports;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A program (not a test) that exits with a server socket and a client socket still open, and a Netty buffer unreleased. */
public final class LeakyMain {

    static io.netty.buffer.ByteBuf kept;

    private LeakyMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        kept = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(512);
        kept.retain().release(); // two touches: a retain, and a release that leaves it referenced
        System.out.println("left open: " + server.getLocalPort() + " " + client.isConnected());
    }
}
