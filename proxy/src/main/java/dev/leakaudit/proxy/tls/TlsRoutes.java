package dev.leakaudit.proxy.tls;

import dev.leakaudit.proxy.config.RouteConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The TLS of every terminating route of a configuration, by route name, read and checked at once. */
public final class TlsRoutes {

    private final Map<String, RouteTls> byRoute;

    private TlsRoutes(Map<String, RouteTls> byRoute) {
        this.byRoute = byRoute;
    }

    /** Reads every terminating route's files; the first problem is thrown, naming its route and file. */
    public static TlsRoutes load(List<RouteConfig> routes) throws TlsFileException {
        Map<String, RouteTls> byRoute = new HashMap<>();
        for (RouteConfig r : routes) {
            RouteTls tls = RouteTls.load(r.name(), r.tls());
            if (tls != null) {
                byRoute.put(r.name(), tls);
            }
        }
        return new TlsRoutes(Map.copyOf(byRoute));
    }

    /** The route's TLS, or null when it passes TLS through. */
    public RouteTls of(RouteConfig route) {
        return byRoute.get(route.name());
    }

    /** Reads again the certificates whose files changed; one line per route that changed, for the log. */
    public List<CertificateReload> reloadChangedCertificates() {
        List<CertificateReload> lines = new ArrayList<>();
        for (RouteTls tls : byRoute.values()) {
            CertificateReload line = tls.server().reloadIfChanged();
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
