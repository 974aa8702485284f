package dev.leakaudit.proxy.cli;

import dev.leakaudit.proxy.config.ProxyConfig;

import java.io.PrintWriter;

/**
 * Runs the proxy for the command line until the JVM is asked to shut down. One seam between argument
 * handling and the engine, so the command line can be tested without opening sockets.
 */
@FunctionalInterface
public interface ProxyLauncher {

    /**
     * @return the process exit code
     * @throws java.io.IOException when the proxy cannot start (a port in use, no permission...)
     */
    int run(ProxyConfig config, PrintWriter out, PrintWriter err) throws Exception;

    /**
     * As {@link #run(ProxyConfig, PrintWriter, PrintWriter)}, with where a reload reads the
     * configuration from (null when it came from --listen/--target).
     */
    default int run(ProxyConfig config, dev.leakaudit.proxy.engine.ProxyServer.ConfigSource source, PrintWriter out,
                    PrintWriter err) throws Exception {
        return run(config, out, err);
    }
}
