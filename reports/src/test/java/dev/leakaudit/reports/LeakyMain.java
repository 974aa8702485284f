package dev.leakaudit.reports;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A program (not a test) that exits with a server socket and a client socket still open. */
public final class LeakyMain {

    private LeakyMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        System.out.println("left open: " + server.getLocalPort() + " " + client.isConnected());
    }
}
