package dev.leakaudit.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakaudit.proxy.tls.TestPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate and key files that cannot be used stop the proxy before it starts: one line that
 * names the route and the file, exit code 2, whatever is wrong with them.
 */
class ProxyMainTlsTest {

    private static final TestPki PKI = TestPki.create("CLI Test CA");

    @TempDir
    Path dir;

    private record Run(int code, String err, int launched) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger launched = new AtomicInteger();
        int code = ProxyMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true), (c, o, e) -> {
            launched.incrementAndGet();
            return 0;
        });
        return new Run(code, err.toString(), launched.get());
    }

    /** A configuration with one terminating route "web" on port 8443 using these files (relative names). */
    private Path config(String cert, String key) throws IOException {
        String json = """
                {"routes": [{"name": "web", "match": {"ports": 8443},
                  "action": {"type": "forward", "target": "127.0.0.1:8080"},
                  "tls": {"mode": "terminate", "certificates": [{"cert": "%s", "key": "%s"}]}}]}
                """.formatted(cert, key);
        return Files.writeString(dir.resolve("proxy.json"), json);
    }

    private void write(TestPki.Issued issued, String cert, String key) throws IOException {
        issued.write(dir.resolve(cert), dir.resolve(key));
    }

    private void assertRefused(Run run, String file, String problem) {
        assertEquals(2, run.code(), run.err());
        assertEquals(0, run.launched(), "nothing started");
        assertEquals(1, run.err().lines().count(), () -> "one line, got:\n" + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
        String line = run.err().strip();
        assertTrue(line.startsWith("leak-audit-proxy: ") && line.contains("route \"web\"")
                && line.contains(dir.resolve(file).toString()) && line.contains(problem), line);
    }

    @Test
    void goodFilesPassTheCheck() throws IOException {
        write(PKI.issue(List.of("web.example.com"), TestPki.KeyKind.EC), "web.pem", "web.key");
        Run run = run("--config", config("web.pem", "web.key").toString(), "--check");
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        write(PKI.issue(List.of("web.example.com"), TestPki.KeyKind.EC), "web.pem", "web.key");
        assertRefused(run("--config", config("web.pem", "missing.key").toString()), "missing.key", "file does not exist");
    }

    @Test
    void anUnreadableKeyIsNamed() throws IOException {
        write(PKI.issue(List.of("web.example.com"), TestPki.KeyKind.EC), "web.pem", "web.key");
        Files.writeString(dir.resolve("web.key"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
        assertRefused(run("--config", config("web.pem", "web.key").toString()), "web.key", "private key cannot be read");
    }

    @Test
    void aKeyOfAnotherCertificateIsNamed() throws IOException {
        write(PKI.issue(List.of("web.example.com"), TestPki.KeyKind.EC), "web.pem", "web.key");
        write(PKI.issue(List.of("other.example.com"), TestPki.KeyKind.EC), "other.pem", "other.key");
        assertRefused(run("--config", config("web.pem", "other.key").toString()), "other.key",
                "does not belong to the certificate");
    }

    @Test
    void anExpiredCertificateIsNamed() throws IOException {
        Instant now = Instant.now();
        write(PKI.issue(List.of("web.example.com"), TestPki.KeyKind.EC, now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1))), "old.pem", "old.key");
        assertRefused(run("--config", config("old.pem", "old.key").toString(), "--check"), "old.pem", "expired on");
    }

    @Test
    void aFileThatIsNoCertificateIsNamed() throws IOException {
        write(PKI.issue(List.of("web.example.com"), TestPki.KeyKind.EC), "web.pem", "web.key");
        assertRefused(run("--config", config("web.key", "web.key").toString()), "web.key", "holds no certificate");
    }
}
