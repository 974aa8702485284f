package dev.leakaudit.reports;

import java.net.InetAddress;
import java.net.ServerSocket;

/** A program that dies mid-run, as a JVM killed or crashed would: no shutdown hook, no report written at exit. */
public final class HaltingMain {

    private HaltingMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        System.out.println("halting with " + server.getLocalPort() + " open");
        Runtime.getRuntime().halt(3);
    }
}
