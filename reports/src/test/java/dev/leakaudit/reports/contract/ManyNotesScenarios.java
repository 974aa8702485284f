package dev.leakaudit.reports.contract;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A library-like helper that closes every channel twice, used by 134 tests, 21 times each (2,814
 * notes, as a real suite's connection layer made); one passing test and one failing test that
 * leak a server each.
 */
public class ManyNotesScenarios {

    static ServerSocket passingTestsServer;
    static ServerSocket failingTestsServer;

    /** Closes through two cleanup paths: a note each time, never a failure. */
    static void openAndCloseTwice() throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.close();
        channel.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58,
        59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86,
        87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
        112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134})
    void usesTheConnectionLayer(int request) throws IOException {
        for (int i = 0; i < 21; i++) {
            openAndCloseTwice();
        }
    }

    @Test
    void passesAndLeavesItsServerOpen() throws IOException {
        passingTestsServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @Test
    void failsAndLeavesItsServerOpen() throws IOException {
        failingTestsServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        fail("fails on purpose");
    }
}
