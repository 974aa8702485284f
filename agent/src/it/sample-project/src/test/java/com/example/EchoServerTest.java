package com.example;

import java.net.Socket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EchoServerTest {

    static EchoServer shared;

    @BeforeAll
    static void start() throws Exception {
        shared = new EchoServer();
    }

    @AfterAll
    static void stop() throws Exception {
        shared.close();
    }

    @Test
    void echoesAndCloses() throws Exception {
        try (Socket socket = shared.connect()) {
            socket.getOutputStream().write(5);
            assertEquals(5, socket.getInputStream().read());
        }
    }

    @Test
    void forgetsToCloseTheClient() throws Exception {
        Socket socket = shared.connect();
        socket.getOutputStream().write(6);
        assertEquals(6, socket.getInputStream().read());
    }

    @Test
    void startsASecondServerAndNeverStopsIt() throws Exception {
        EchoServer other = new EchoServer();
        try (Socket socket = other.connect()) {
            socket.getOutputStream().write(7);
            assertEquals(7, socket.getInputStream().read());
        }
    }
}
