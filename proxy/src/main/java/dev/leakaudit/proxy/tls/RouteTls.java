package dev.leakaudit.proxy.tls;

import dev.leakaudit.proxy.config.TlsConfig;
import dev.leakaudit.proxy.config.TlsMode;

/**
 * What a terminating route needs at run time: its server side ({@link ServerTls}) and, for
 * {@code reencrypt}, its backend side ({@link BackendTls}).
 */
public final class RouteTls {

    private final String route;
    private final ServerTls server;
    private final BackendTls backend;

    private RouteTls(String route, ServerTls server, BackendTls backend) {
        this.route = route;
        this.server = server;
        this.backend = backend;
    }

    /** Reads and checks the route's files; null for a route that passes TLS through. */
    public static RouteTls load(String route, TlsConfig config) throws TlsFileException {
        if (!config.mode().terminates()) {
            return null;
        }
        try {
            ServerTls server = ServerTls.load(route, config);
            BackendTls backend = config.mode() == TlsMode.REENCRYPT ? BackendTls.load(config) : null;
            return new RouteTls(route, server, backend);
        } catch (TlsFileException e) {
            throw e.inRoute(route);
        }
    }

    public String route() {
        return route;
    }

    public ServerTls server() {
        return server;
    }

    /** The backend side, or null when the backend gets plain bytes. */
    public BackendTls backend() {
        return backend;
    }
}
