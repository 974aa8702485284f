package it;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Opens a listening socket on loopback and never closes it. */
class LeakyTest {

    static final List<ServerSocket> KEPT = new ArrayList<>();

    @Test
    void leaks() throws Exception {
        KEPT.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }
}
