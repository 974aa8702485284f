package dev.leakaudit.proxy.cli;

import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.engine.ProxyServer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the real {@link ProxyServer} and keeps it running until the JVM shuts down (Ctrl-C,
 * SIGTERM); a shutdown hook then stops it and waits for the graceful stop to finish.
 */
final class ProxyServerLauncher implements ProxyLauncher {

    /** Added to the configured stop time: forced closes and thread ends need a moment too. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    @Override
    public int run(ProxyConfig config, PrintWriter out, PrintWriter err) throws Exception {
        return run(config, null, out, err);
    }

    @Override
    public int run(ProxyConfig config, ProxyServer.ConfigSource source, PrintWriter out, PrintWriter err) throws Exception {
        ProxyServer server = new ProxyServer(config);
        if (source != null) {
            server.configSource(source);
        }
        // A dead event loop leaves connections nobody serves: exit so that a supervisor restarts us.
        server.onFatal(line -> {
            err.println("leak-audit-proxy: fatal: " + line);
            err.flush();
            Runtime.getRuntime().halt(ProxyMain.EXIT_FAILURE);
        });
        server.start(); // closes whatever it opened if it fails
        CountDownLatch stopped = new CountDownLatch(1);
        Duration stopTimeout = config.timeouts().gracefulShutdownTimeout()
                .plus(config.timeouts().forceCloseGrace()).plus(STOP_MARGIN);
        ProxyLogManager.holdHandlersOpen(stopTimeout.plus(STOP_MARGIN));
        Thread hook = new Thread(() -> {
            try {
                err.println("leak-audit-proxy: stopping (waiting up to " + stopTimeout.toSeconds() + "s)");
                err.flush();
                server.stop().get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                err.println("leak-audit-proxy: did not stop within " + stopTimeout.toSeconds() + "s");
            } catch (Exception e) {
                err.println("leak-audit-proxy: error while stopping: " + e);
            } finally {
                err.flush();
                ProxyLogManager.release();
                stopped.countDown();
            }
        }, "leak-audit-proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // SIGHUP reloads (the outcome is logged in one line); so does the JMX operation reload.
        String noHangup = HangupSignal.onHangup(server::reload);
        if (noHangup != null) {
            err.println("leak-audit-proxy: SIGHUP will not reload: " + noHangup + "; reload through JMX instead");
            err.flush();
        }

        TreeSet<Integer> ports = new TreeSet<>();
        for (RouteConfig route : config.routes()) {
            ports.addAll(route.match().ports().ports());
        }
        out.println("leak-audit-proxy: listening on " + ports.size() + " port(s) " + summarise(ports)
                + " with " + config.routes().size() + " route(s)");
        out.flush();
        stopped.await();
        return 0;
    }

    private static String summarise(TreeSet<Integer> ports) {
        String all = ports.toString();
        return all.length() <= 80 ? all : all.substring(0, 77) + "...]";
    }
}
