package dev.leakaudit.proxy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line end to end, in its own JVM: starts a forwarder with --listen/--target, sends
 * bytes through it, then stops it with SIGTERM as an operator would, and checks it shut down through
 * its shutdown hook.
 */
class ProxyMainProcessTest {

    private static final String NO_HANGUP = "SIGHUP will not reload";

    /** The JVM exit status after SIGTERM once the shutdown hooks have run: 128 + 15. */
    private static final int EXIT_AFTER_SIGTERM = 143;

    @Test
    void forwardsAndStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        Path stderrFile = dir.resolve("proxy.err");
        ExecutorService threads = Executors.newCachedThreadPool();
        Process proxy = null;
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            threads.submit(() -> echoOnce(backend));
            int proxyPort = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            proxy = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ProxyMain.class.getName(), "--listen", String.valueOf(proxyPort),
                    "--target", "127.0.0.1:" + backend.getLocalPort())
                    .redirectError(stderrFile.toFile())
                    .start();
            Process p = proxy;
            BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String firstLine = threads.submit(stdout::readLine).get(30, TimeUnit.SECONDS);
            assertTrue(firstLine != null && firstLine.contains("listening on 1 port(s) [" + proxyPort + "]"),
                    () -> "stdout: " + firstLine + "\nstderr so far: " + readQuietly(stderrFile));

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                out.write("ping through the proxy\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                String echoed = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertEquals("ping through the proxy", echoed);
            }

            proxy.destroy(); // SIGTERM
            assertTrue(proxy.waitFor(60, TimeUnit.SECONDS), "proxy did not exit after SIGTERM");
            assertEquals(EXIT_AFTER_SIGTERM, proxy.exitValue());
            String err = Files.readString(stderrFile);
            assertTrue(err.contains("leak-audit-proxy: stopping"), err);
            assertTrue(!err.contains("did not stop") && !err.contains("error while stopping") && !err.contains("\tat "), err);
        } finally {
            if (proxy != null) {
                if (proxy.isAlive()) {
                    proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                proxy.getInputStream().close(); // the pipes are file descriptors of this JVM
                proxy.getOutputStream().close();
            }
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * SIGTERM while a response is still on its way: the client gets every byte and then a clean end,
     * and the last log lines ("closed", "stopped") are written before the JVM's own logging hook
     * closes the handlers.
     */
    @Test
    void aResponseInFlightAtSigtermIsDeliveredAndTheLastLinesAreLogged(@TempDir Path dir) throws Exception {
        Path stderrFile = dir.resolve("proxy.err");
        ExecutorService threads = Executors.newCachedThreadPool();
        Process proxy = null;
        java.util.concurrent.CountDownLatch signalled = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch received = new java.util.concurrent.CountDownLatch(1);
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            java.util.concurrent.Future<?> server = threads.submit(() -> {
                try (Socket s = backend.accept()) {
                    s.setSoTimeout(30_000);
                    s.getInputStream().readNBytes(8);
                    received.countDown();
                    // Answer only once the proxy has been told to stop, and well after its 5 s
                    // force-close grace would have cut it.
                    signalled.await();
                    org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(1500))
                            .atMost(java.time.Duration.ofSeconds(5)).until(() -> true);
                    s.getOutputStream().write(new byte[5000]);
                    s.shutdownOutput();
                    return s.getInputStream().read();
                }
            });
            Process p = startProxy(dir, stderrFile, backend.getLocalPort(), threads, "--listen");
            proxy = p;
            int proxyPort = proxyPortOf(p, threads, stderrFile);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
                client.setSoTimeout(30_000);
                client.getOutputStream().write("request!".getBytes(StandardCharsets.US_ASCII));
                assertTrue(received.await(10, TimeUnit.SECONDS), "the request reached the backend");
                proxy.destroy(); // SIGTERM
                signalled.countDown();
                byte[] response = client.getInputStream().readAllBytes();
                assertEquals(5000, response.length, "the whole response, then a clean end");
                client.shutdownOutput();
            }
            assertTrue(proxy.waitFor(60, TimeUnit.SECONDS), "proxy did not exit after SIGTERM");
            assertEquals(EXIT_AFTER_SIGTERM, proxy.exitValue());
            String err = Files.readString(stderrFile);
            assertTrue(err.contains("closed: client=") && err.contains("reason=normal"), err);
            assertTrue(err.contains("stopped"), err);
            server.get(10, TimeUnit.SECONDS);
        } finally {
            signalled.countDown();
            stopProcess(proxy);
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Out of descriptors (ulimit -n 90, 120 clients): accept fails, and the proxy backs off and logs
     * a count once per interval instead of spinning and writing a stack trace per attempt; once
     * connections finish, it accepts and forwards again.
     */
    @Test
    void outOfDescriptorsTheAcceptorBacksOffAndRecovers(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        Path stderrFile = dir.resolve("proxy.err");
        ExecutorService threads = Executors.newCachedThreadPool();
        Process proxy = null;
        java.util.List<Socket> clients = new java.util.ArrayList<>();
        try (ServerSocket backend = new ServerSocket(0, 500, InetAddress.getLoopbackAddress())) {
            // An echo server that, like any real one, closes its side when the client ends its own:
            // the proxy's half-closed connections then finish and give their descriptors back.
            threads.submit(() -> {
                while (!backend.isClosed()) {
                    Socket s = backend.accept();
                    threads.submit(() -> {
                        try (Socket own = s) {
                            own.getInputStream().transferTo(own.getOutputStream());
                        } catch (IOException closedUnderneath) {
                            // closed by the test
                        }
                        return null;
                    });
                }
                return null;
            });
            Process p = startProxy(dir, stderrFile, backend.getLocalPort(), threads, "ulimit");
            proxy = p;
            int proxyPort = proxyPortOf(p, threads, stderrFile);
            for (int i = 0; i < 120; i++) {
                Socket c = new Socket();
                clients.add(c);
                c.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort), 10_000);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> Files.readString(stderrFile).contains("Too many open files"));
            // A second spent out of descriptors: few lines, no stack traces.
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofSeconds(1)).until(() -> true);
            String during = Files.readString(stderrFile);
            // One line per connection that ended is expected; what must not grow is the rest.
            java.util.List<String> other = during.lines().filter(l -> !l.contains(" closed: client=")).toList();
            assertTrue(other.size() < 20, () -> other.size() + " lines besides connection ends:\n"
                    + String.join("\n", other.subList(0, Math.min(40, other.size()))));
            assertTrue(other.stream().anyMatch(l -> l.contains("failed 1 time(s)") && l.contains("Too many open files")), during);
            for (Socket c : clients) {
                c.close();
            }
            clients.clear();
            // Descriptors come back as those connections finish: a new client is served again. (One
            // accepted while descriptors are still short may end at once with error: try again.)
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
                    c.setSoTimeout(10_000);
                    c.getOutputStream().write(7);
                    return c.getInputStream().read() == 7;
                } catch (IOException endedEarly) {
                    return false;
                }
            });
            assertTrue(Files.readString(stderrFile).contains("accepting again"), () -> readQuietly(stderrFile));
            assertTrue(p.isAlive(), "the proxy is still running");
        } finally {
            for (Socket c : clients) {
                c.close();
            }
            // Each backend socket is closed by its own echo thread, once the proxy is gone.
            stopProcess(proxy);
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * SIGHUP reads the configuration file again: new connections take the new route; a file that
     * cannot be used is rejected with one line and the running configuration stays.
     */
    @Test
    void sighupReloadsTheConfigurationFileAndRejectsABadOneWithOneLine(@TempDir Path dir) throws Exception {
        Path stderrFile = dir.resolve("proxy.err");
        Path config = dir.resolve("proxy.json");
        ExecutorService threads = Executors.newCachedThreadPool();
        Process proxy = null;
        try (ServerSocket one = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket two = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            threads.submit(() -> tagEvery(one, '1'));
            threads.submit(() -> tagEvery(two, '2'));
            int port = freePort();
            Files.writeString(config, routeTo(port, one.getLocalPort()));
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            proxy = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), ProxyMain.class.getName(),
                    "--config", config.toString()).redirectError(stderrFile.toFile()).start();
            Process p = proxy;
            BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String firstLine = threads.submit(stdout::readLine).get(30, TimeUnit.SECONDS);
            assertTrue(String.valueOf(firstLine).contains("listening on 1 port(s)"), () -> firstLine + readQuietly(stderrFile));
            // a build started under nohup passes SIGHUP ignored down to this proxy, which then says so (tested below)
            org.junit.jupiter.api.Assumptions.assumeFalse(readQuietly(stderrFile).contains(NO_HANGUP),
                    "SIGHUP is ignored in this build's processes (started under nohup): " + readQuietly(stderrFile));
            assertEquals('1', tagThrough(port));

            Files.writeString(config, routeTo(port, two.getLocalPort()));
            hangUp(p);
            awaitInFile(stderrFile, "reloaded " + config);
            assertEquals('2', tagThrough(port), "new connections take the new route");

            Files.writeString(config, "{\"routes\": [{\"match\": {\"ports\": 70000}}]}");
            hangUp(p);
            awaitInFile(stderrFile, "reload rejected");
            java.util.List<String> rejected = Files.readString(stderrFile).lines()
                    .filter(l -> l.contains("reload rejected")).toList();
            assertEquals(1, rejected.size(), rejected::toString);
            assertTrue(rejected.get(0).contains(config + ": routes[0].match.ports"), rejected.get(0));
            assertFalse(Files.readString(stderrFile).contains("\tat "), "no stack trace");
            assertEquals('2', tagThrough(port), "the running configuration stays");

            proxy.destroy();
            assertTrue(proxy.waitFor(60, TimeUnit.SECONDS));
            assertEquals(EXIT_AFTER_SIGTERM, proxy.exitValue(), "SIGHUP did not stop it; SIGTERM does");
        } finally {
            stopProcess(proxy);
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static String routeTo(int port, int target) {
        return "{\"routes\": [{\"match\": {\"ports\": " + port + "}, \"action\": {\"type\": \"forward\", \"target\": \"127.0.0.1:"
                + target + "\"}}], \"timeouts\": {\"forceCloseGrace\": \"200ms\", \"gracefulShutdownTimeout\": \"2s\"}}";
    }

    /**
     * A proxy started with SIGHUP ignored (under {@code nohup}) cannot reload on it, since the JVM
     * keeps an ignored SIGHUP ignored: it says so at start, instead of ignoring every reload silently.
     */
    @Test
    void aProxyStartedUnderNohupSaysThatSighupWillNotReload(@TempDir Path dir) throws Exception {
        Path stderrFile = dir.resolve("proxy.err");
        Path config = dir.resolve("proxy.json");
        Files.writeString(config, routeTo(freePort(), freePort()));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process proxy = new ProcessBuilder("nohup", javaBin, "-cp", System.getProperty("java.class.path"),
                ProxyMain.class.getName(), "--config", config.toString()).redirectError(stderrFile.toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
            String firstLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    return "could not read: " + e;
                }
            }).get(30, TimeUnit.SECONDS);
            assertTrue(String.valueOf(firstLine).contains("listening on 1 port(s)"), () -> firstLine + readQuietly(stderrFile));
            List<String> said = Files.readString(stderrFile).lines().filter(l -> l.contains(NO_HANGUP)).toList();
            assertEquals(1, said.size(), () -> readQuietly(stderrFile));
            assertTrue(said.get(0).contains("nohup") && said.get(0).contains("reload through JMX instead"), said.get(0));
        } finally {
            stopProcess(proxy);
        }
    }

    /** Waits for {@code text} in the proxy's standard error; on a timeout, the failure shows what it did say. */
    private static void awaitInFile(Path file, String text) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> Files.readString(file).contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no \"" + text + "\" within 20 s; the proxy's standard error:\n" + readQuietly(file), e);
        }
    }

    private static void hangUp(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
        kill.getInputStream().close();
        kill.getErrorStream().close();
        kill.getOutputStream().close();
    }

    /** Each connection gets one byte naming the backend, then its end once the client ends. */
    private static Void tagEvery(ServerSocket backend, char tag) {
        while (!backend.isClosed()) {
            try (Socket s = backend.accept()) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(tag);
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException closedOrGone) {
                // next one, or the test is over
            }
        }
        return null;
    }

    private static char tagThrough(int port) throws IOException {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
            c.setSoTimeout(10_000);
            int tag = c.getInputStream().read();
            c.shutdownOutput();
            return (char) tag;
        }
    }

    /** Starts the proxy forwarding to {@code targetPort}; "ulimit" runs it under bash with 90 descriptors. */
    private static Process startProxy(Path dir, Path stderrFile, int targetPort, ExecutorService threads, String mode)
            throws IOException {
        int proxyPort = freePort();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), ProxyMain.class.getName(), "--listen", String.valueOf(proxyPort),
                "--target", "127.0.0.1:" + targetPort));
        if (mode.equals("ulimit")) {
            StringBuilder line = new StringBuilder("ulimit -n 90 && exec");
            for (String part : command) {
                line.append(" '").append(part.replace("'", "'\\''")).append("'");
            }
            command = java.util.List.of("/bin/bash", "-c", line.toString());
        }
        return new ProcessBuilder(command).redirectError(stderrFile.toFile()).start();
    }

    private static int proxyPortOf(Process p, ExecutorService threads, Path stderrFile) throws Exception {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String firstLine = threads.submit(stdout::readLine).get(30, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on 1 port\\(s\\) \\[(\\d+)]")
                .matcher(String.valueOf(firstLine));
        assertTrue(m.find(), () -> "stdout: " + firstLine + "\nstderr so far: " + readQuietly(stderrFile));
        return Integer.parseInt(m.group(1));
    }

    private static void stopProcess(Process proxy) throws Exception {
        if (proxy != null) {
            if (proxy.isAlive()) {
                proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            proxy.getInputStream().close(); // the pipes are file descriptors of this JVM
            proxy.getOutputStream().close();
        }
    }

    private static Void echoOnce(ServerSocket backend) throws IOException {
        try (Socket s = backend.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return String.valueOf(e);
        }
    }
}
