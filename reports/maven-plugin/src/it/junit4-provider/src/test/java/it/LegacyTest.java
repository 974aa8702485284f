package it;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** JUnit 4, run by Surefire's JUnit 4 provider (no JUnit Platform on the class path). */
public class LegacyTest {

    static final List<ServerSocket> KEPT = new ArrayList<>();

    @Test
    public void leaks() throws Exception {
        KEPT.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }

    @Test
    public void closes() throws Exception {
        new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).close();
    }
}
