package dev.leakaudit.proxy.cli;

import dev.leakaudit.proxy.config.ConfigException;
import dev.leakaudit.proxy.config.ConfigLoader;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.tls.TlsFileException;
import dev.leakaudit.proxy.tls.TlsRoutes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The proxy's command line: {@code --listen PORT --target HOST:PORT} for a plain forwarder, or
 * {@code --config FILE} for everything else (see CONFIG.md).
 *
 * <p>Bad input never ends in a stack trace: one line on stderr that names the option or the field,
 * and exit code 2. A proxy that cannot start (port in use) exits with 1.
 */
@Command(name = "leak-audit-proxy",
        mixinStandardHelpOptions = true,
        versionProvider = ProxyMain.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "A TCP / TLS-SNI proxy that cleans up every connection it opens.",
                "Give either --listen and --target, or --config."},
        footer = {"", "Exit codes: 0 --check passed, 1 could not run, 2 bad arguments or configuration;",
            "stopped by a signal after a graceful shutdown: 143 (SIGTERM) or 130 (Ctrl-C)."})
public final class ProxyMain implements Callable<Integer> {

    static final String NAME = "leak-audit-proxy";
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "PORT", converter = PortConverter.class,
            description = "Local port to accept connections on (1-65535).")
    private Integer listenPort;

    @Option(names = "--target", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "Where to forward them; IPv6 in brackets, e.g. [::1]:8080.")
    private HostPort target;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON configuration file with routes, timeouts and limits.")
    private Path configFile;

    @Option(names = "--check",
            description = "Only read and validate the configuration, print a summary and exit.")
    private boolean checkOnly;

    private final ProxyLauncher launcher;
    private PrintWriter out;
    private PrintWriter err;

    ProxyMain(ProxyLauncher launcher) {
        this.launcher = launcher;
    }

    public static void main(String[] args) {
        // Before anything logs: keeps the log handlers open until the proxy's last line is written.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ProxyLogManager.class.getName());
        }
        // One line per log record (a connection end is one line), unless the user chose a format.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %5$s%6$s%n");
            // The same lines, cheaper, unless logging is configured (a file or class of the user's).
            if (System.getProperty("java.util.logging.config.file") == null
                    && System.getProperty("java.util.logging.config.class") == null) {
                ProxyConsoleHandler.install();
            }
        }
        // A client may not restart a TLS 1.2 handshake the proxy terminates (TLS 1.3 has no such thing).
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err, new ProxyServerLauncher());
        if (code != EXIT_OK) {
            System.exit(code);
        }
        // Exit code 0 means the shutdown hook stopped the proxy; the JVM is already on its way out.
    }

    /** Parses, validates and runs; returns the exit code instead of exiting (tests run it in-process). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, ProxyLauncher launcher) {
        ProxyMain command = new ProxyMain(launcher);
        command.out = out;
        command.err = err;
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            command.fail(oneLine(e.getMessage()) + " (see --help)");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            command.fail("stopped by an unexpected error: " + oneLine(String.valueOf(e)));
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        ProxyConfig config;
        try {
            config = buildConfig();
        } catch (ConfigException e) {
            fail(oneLine(e.getMessage()));
            return EXIT_USAGE;
        }
        try {
            // Certificates and keys are read and checked before anything starts (and by --check).
            TlsRoutes.load(config.routes());
        } catch (TlsFileException e) {
            fail((configFile == null ? "" : configFile + ": ") + oneLine(e.getMessage()));
            return EXIT_USAGE;
        }
        if (checkOnly) {
            out.println(NAME + ": configuration OK: " + config.routes().size() + " route(s) on "
                    + config.routes().stream().flatMap(r -> r.match().ports().ports().stream()).distinct().count()
                    + " port(s)");
            return EXIT_OK;
        }
        try {
            return launcher.run(config, configFile == null ? null : new FileConfigSource(configFile), out, err);
        } catch (IOException e) {
            fail("cannot start: " + oneLine(String.valueOf(e.getMessage() != null ? e.getMessage() : e)));
            return EXIT_FAILURE;
        }
    }

    /** The configuration these arguments describe; usage mistakes are ParameterExceptions (exit 2). */
    ProxyConfig buildConfig() throws ConfigException {
        boolean forwardArgs = listenPort != null || target != null;
        if (configFile != null && forwardArgs) {
            throw new ParameterException(spec.commandLine(),
                    "--config cannot be combined with --listen/--target");
        }
        if (configFile != null) {
            return ConfigLoader.load(configFile);
        }
        if (listenPort == null && target == null) {
            throw new ParameterException(spec.commandLine(),
                    "nothing to do: give --listen PORT with --target HOST:PORT, or --config FILE");
        }
        if (listenPort == null) {
            throw new ParameterException(spec.commandLine(), "--target needs --listen PORT");
        }
        if (target == null) {
            throw new ParameterException(spec.commandLine(), "--listen needs --target HOST:PORT");
        }
        return ProxyConfig.forward(listenPort, target);
    }

    private void fail(String message) {
        err.println(NAME + ": " + message);
        err.flush();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** Port option: a number 1..65535, with a message that says so. */
    static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.trim();
            if (!v.isEmpty() && v.length() <= 5 && v.chars().allMatch(Character::isDigit)) {
                int port = Integer.parseInt(v);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port (1-65535)");
        }
    }

    static final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The version Maven recorded in the jar; "development build" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{NAME + " " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }

        static String version() {
            String path = "/META-INF/maven/dev.leakaudit/leak-audit-proxy/pom.properties";
            try (InputStream in = ProxyMain.class.getResourceAsStream(path)) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String v = p.getProperty("version");
                    if (v != null && !v.isBlank()) {
                        return v;
                    }
                }
            } catch (IOException ignored) {
                // fall through to the package version
            }
            String v = ProxyMain.class.getPackage().getImplementationVersion();
            return v != null ? v : "development build";
        }
    }
}
