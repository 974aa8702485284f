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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line end to end, in its own JVM: starts a forwarder with --listen/--target, sends
 * bytes through it, then stops it with SIGTERM as an operator would, and checks it shut down through
 * its shutdown hook.
 */
class ProxyMainProcessTest {

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
