package dev.leakaudit.reports.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tests that, run under the agent, make it write every field of its report: leaks with addresses,
 * a thread with its current stack, a socket reclaimed by the collector, a retained connection with
 * its reference path, a cleanup that is not idempotent, notes, a class-level finding, a failed
 * test's finding, an uncertain attribution with its candidates, a shared fixture, and, with
 * {@code jdkOwned=report}, a JDK component's own connection with its owner.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.SAME_THREAD)
public class EveryFieldScenarios {

    static ServerSocket classServer;
    static Socket client;
    static HttpServer httpServer;
    static final java.util.List<Object> kept = new java.util.ArrayList<>();
    private static final CountDownLatch BOTH_RUNNING = new CountDownLatch(2);

    public static final class Connection {
        final SocketChannel channel;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** Its {@code cleanup} is declared a cleanup that must be idempotent; it is not. */
    public static final class Manager {
        public static void cleanup(Connection connection) throws IOException {
            connection.channel.close();
        }
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    @BeforeAll
    static void startClassServer() throws IOException {
        classServer = new ServerSocket(0, 50, loopback()); // never closed: the class's leak
    }

    @Test
    @Order(1)
    void leaksAConnectedSocket() throws IOException {
        client = new Socket(loopback(), classServer.getLocalPort());
    }

    @Test
    @Order(2)
    void leavesAThreadRunning() {
        Thread sleeper = new Thread(() -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "every-field-sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
    }

    @Test
    @Order(3)
    void dropsASocketWithoutClose() throws IOException {
        WeakReference<Socket> dropped = new WeakReference<>(new Socket(loopback(), classServer.getLocalPort()));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return dropped.get() == null;
        });
    }

    @Test
    @Order(4)
    void keepsAClosedConnectionInARegistry() throws IOException {
        Socket kept = new Socket(loopback(), classServer.getLocalPort());
        ConnectionRegistry.CONNECTIONS.add(kept);
        kept.close();
    }

    @Test
    @Order(5)
    void cleansUpTwice() throws IOException {
        Connection connection = new Connection(SocketChannel.open());
        Manager.cleanup(connection);
        Manager.cleanup(connection);
    }

    @Test
    @Order(6)
    void closesASocketTwice() throws IOException {
        Socket socket = new Socket(loopback(), classServer.getLocalPort());
        socket.close();
        socket.close();
    }

    @Test
    @Order(7)
    void usesTheSharedServer() throws IOException {
        try (Socket socket = new Socket(loopback(), LazyTestServer.port())) {
            socket.getOutputStream().write(1);
        }
    }

    @Test
    @Order(8)
    void failsAndLeavesAChannelOpen() throws IOException {
        SocketChannel.open();
        fail("fails on purpose: its finding says so");
    }

    @Test
    @Order(9)
    void leavesAJdkHttpServerRunning() throws IOException {
        httpServer = HttpServer.create(new InetSocketAddress(loopback(), 0), 0);
        httpServer.createContext("/", exchange -> {
            try (InputStream request = exchange.getRequestBody()) {
                request.readAllBytes();
            }
            exchange.sendResponseHeaders(200, 1);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write('x');
            }
        });
        httpServer.start();
        HttpURLConnection connection = (HttpURLConnection) new URL("http", loopback().getHostAddress(),
                httpServer.getAddress().getPort(), "/").openConnection();
        try (InputStream in = connection.getInputStream()) {
            assertEquals(1, in.readAllBytes().length);
        }
    }

    @Test
    @Order(10)
    void startsAndStopsAJdkHttpServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 1);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write('y');
            }
        });
        server.start();
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL("http", loopback().getHostAddress(),
                    server.getAddress().getPort(), "/").openConnection();
            try (InputStream in = connection.getInputStream()) {
                assertEquals(1, in.readAllBytes().length);
            }
        } finally {
            server.stop(0); // the server closes some of its own channels twice: notes owned by the JDK
        }
    }

    @Test
    @Order(11)
    void leavesAFileAndAProcessBehind() throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("every-field", ".txt");
        kept.add(new java.io.FileInputStream(file.toFile()));
        kept.add(new ProcessBuilder("sleep", "3").start());
    }

    @Test
    @Order(12)
    void keepsANettyBufferRetained() {
        io.netty.buffer.ByteBuf buffer = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(32);
        buffer.retain().release(); // touches: a retain and a release that leave its count at one
        kept.add(buffer);
    }

    /** Two tests at once: a socket opened on a thread of neither is attributed as uncertain, naming both. */
    @Nested
    @Execution(ExecutionMode.CONCURRENT)
    class RunningTogether {

        @Test
        void runsBesideAnother() throws Exception {
            BOTH_RUNNING.countDown();
            assertTrue(BOTH_RUNNING.await(20, TimeUnit.SECONDS), "the two tests did not run at once");
            Thread helper = new Thread(() -> {
                try {
                    new Socket(loopback(), classServer.getLocalPort()); // on a thread of neither test: uncertain
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "every-field-helper");
            helper.start();
            helper.join();
        }

        @Test
        void runsBesideTheOther() throws Exception {
            BOTH_RUNNING.countDown();
            assertTrue(BOTH_RUNNING.await(20, TimeUnit.SECONDS), "the two tests did not run at once");
        }
    }
}
