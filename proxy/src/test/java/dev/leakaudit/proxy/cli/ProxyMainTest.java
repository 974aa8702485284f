package dev.leakaudit.proxy.cli;

import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.ProxyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyMainTest {

    /** What one in-process run printed and returned, and which configurations reached the launcher. */
    private record Run(int code, String out, String err, List<ProxyConfig> launched) {
        String errLine() {
            assertEquals(1, err.lines().count(), () -> "expected exactly one line on stderr, got:\n" + err);
            assertFalse(err.contains("\tat "), "no stack trace");
            return err.strip();
        }
    }

    private static Run run(ProxyLauncher launcher, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ProxyMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true), launcher);
        return new Run(code, out.toString(), err.toString(), List.of());
    }

    private static Run run(String... args) {
        List<ProxyConfig> launched = new ArrayList<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ProxyMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true),
                (config, o, e) -> {
                    launched.add(config);
                    return 0;
                });
        return new Run(code, out.toString(), err.toString(), launched);
    }

    private static void assertUsageError(Run run, String... mentions) {
        assertEquals(2, run.code(), run::err);
        String line = run.errLine();
        assertTrue(line.startsWith("leak-audit-proxy: "), line);
        for (String m : mentions) {
            assertTrue(line.contains(m), () -> "\"" + m + "\" missing from: " + line);
        }
        assertTrue(run.launched().isEmpty(), "nothing was started");
    }

    @Test
    void listenAndTargetStartAForwarder() {
        Run run = run("--listen", "8080", "--target", "backend.internal:80");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(ProxyConfig.forward(8080, new HostPort("backend.internal", 80))), run.launched());
        assertEquals("", run.err());
    }

    @Test
    void ipv6Target() {
        Run run = run("--listen=443", "--target=[2001:db8::1]:8443");
        assertEquals(0, run.code(), run.err());
        assertEquals(new HostPort("2001:db8::1", 8443),
                ((dev.leakaudit.proxy.config.ForwardAction) run.launched().get(0).routes().get(0).action()).target());
    }

    @Test
    void configFileIsLoaded() {
        Run run = run("--config", "examples/proxy-config.json");
        assertEquals(0, run.code(), run.err());
        assertEquals(4, run.launched().get(0).routes().size());
    }

    @Test
    void checkValidatesWithoutStarting() {
        Run run = run("--config", "examples/proxy-config.json", "--check");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("configuration OK: 4 route(s) on 5 port(s)"), run.out());
        assertTrue(run.launched().isEmpty());
    }

    @Test
    void badPort() {
        assertUsageError(run("--listen", "abc", "--target", "a:1"), "--listen", "'abc' is not a port");
        assertUsageError(run("--listen", "70000", "--target", "a:1"), "--listen", "70000");
        assertUsageError(run("--listen", "0", "--target", "a:1"), "--listen");
        assertUsageError(run("--listen", "-1", "--target", "a:1"), "--listen");
    }

    @Test
    void badTarget() {
        assertUsageError(run("--listen", "80", "--target", "nohost"), "--target", "nohost");
        assertUsageError(run("--listen", "80", "--target", "::1:80"), "--target", "brackets");
        assertUsageError(run("--listen", "80", "--target", "a:99999"), "--target");
    }

    @Test
    void missingOrConflictingOptions() {
        assertUsageError(run(), "--listen", "--config");
        assertUsageError(run("--listen", "80"), "--listen needs --target");
        assertUsageError(run("--target", "a:1"), "--target needs --listen");
        assertUsageError(run("--config", "x.json", "--listen", "80", "--target", "a:1"), "--config cannot be combined");
        assertUsageError(run("--listen", "80", "--listen", "81", "--target", "a:1"), "--listen");
        assertUsageError(run("--listen"), "--listen");
    }

    @Test
    void unknownOptionsAndArguments() {
        assertUsageError(run("--lisen", "80"), "--lisen");
        assertUsageError(run("--listen", "80", "--target", "a:1", "extra"), "extra");
    }

    @Test
    void configErrorsNameTheFileAndTheField(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"routes\":[{\"match\":{\"ports\":\"80-70\"},\"action\":{\"type\":\"bridge\",\"httpProxyPort\":1}}]}");
        assertUsageError(run("--config", bad.toString()), "bad.json: routes[0].match.ports: \"80-70\" is not a valid port range");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n\"routes\": [\n");
        assertUsageError(run("--config", broken.toString()), "broken.json", "not valid JSON");

        assertUsageError(run("--config", dir.resolve("missing.json").toString()), "missing.json: file does not exist");
    }

    @Test
    void helpAndVersionGoToStdoutWithExitZero() {
        Run help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--listen=PORT"), help.out());
        assertTrue(help.out().contains("--config=FILE"), help.out());
        assertTrue(help.out().contains("Exit codes"), help.out());
        assertEquals("", help.err());
        assertTrue(help.launched().isEmpty());

        Run version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("leak-audit-proxy "), version.out());
        assertTrue(version.launched().isEmpty());
    }

    @Test
    void aProxyThatCannotStartExitsWithOne() {
        Run run = run((config, out, err) -> {
            throw new BindException("Address already in use");
        }, "--listen", "8080", "--target", "a:1");
        assertEquals(1, run.code());
        assertEquals("leak-audit-proxy: cannot start: Address already in use", run.errLine());
    }

    @Test
    void anUnexpectedErrorIsOneLineToo() {
        Run run = run((config, out, err) -> {
            throw new IllegalStateException("boom\nsecond line");
        }, "--listen", "8080", "--target", "a:1");
        assertEquals(1, run.code());
        assertTrue(run.errLine().contains("boom second line"), run.err());
    }

    @Test
    void launcherExitCodeIsPassedOn() {
        assertEquals(3, run((config, out, err) -> 3, "--listen", "8080", "--target", "a:1").code());
    }
}
