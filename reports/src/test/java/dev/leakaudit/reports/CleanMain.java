package dev.leakaudit.reports;

import java.net.InetAddress;
import java.net.ServerSocket;

/** A program that closes what it opens: its report is clean unless auditing was off. */
public final class CleanMain {

    private CleanMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("opened and closed " + server.getLocalPort());
        }
    }
}
