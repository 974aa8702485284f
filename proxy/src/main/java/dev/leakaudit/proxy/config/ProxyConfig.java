package dev.leakaudit.proxy.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The whole proxy configuration. Built by {@link ConfigLoader} from a JSON file, by
 * {@link #forward} for the simple one-port case, or from {@link #defaults()} with the withers.
 *
 * @param eventLoops               number of NIO selector threads
 * @param statsInterval            how often statistics are logged; {@link Duration#ZERO} turns that off
 * @param certificateCheckInterval how often the files of terminating routes' certificates are
 *                                 checked for a renewal; {@link Duration#ZERO} turns that off
 * @param proxyProtocol            PROXY protocol headers accepted from trusted upstream proxies
 */
public record ProxyConfig(List<RouteConfig> routes, TimeoutsConfig timeouts, KeepAliveConfig keepAlive,
                          LimitsConfig limits, int eventLoops, Duration statsInterval,
                          Duration certificateCheckInterval, ProxyProtocolConfig proxyProtocol) {

    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_CERTIFICATE_CHECK_INTERVAL = Duration.ofMinutes(1);

    public ProxyConfig {
        routes = routes == null ? List.of() : List.copyOf(routes);
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(limits, "limits");
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be at least 1, not " + eventLoops);
        }
        TimeoutsConfig.requireNotNegative("statsInterval", statsInterval);
        TimeoutsConfig.requireNotNegative("certificateCheckInterval", certificateCheckInterval);
        proxyProtocol = proxyProtocol == null ? ProxyProtocolConfig.none() : proxyProtocol;
        // Route names key the per-route counters and the statistics, so they must be unique.
        Set<String> names = new HashSet<>();
        for (RouteConfig route : routes) {
            if (!names.add(route.name())) {
                throw new IllegalArgumentException("route name \"" + route.name() + "\" is used twice");
            }
        }
    }

    public ProxyConfig(List<RouteConfig> routes, TimeoutsConfig timeouts, KeepAliveConfig keepAlive,
                       LimitsConfig limits, int eventLoops, Duration statsInterval) {
        this(routes, timeouts, keepAlive, limits, eventLoops, statsInterval, DEFAULT_CERTIFICATE_CHECK_INTERVAL,
                ProxyProtocolConfig.none());
    }

    /** One event loop per processor, at least 1. */
    public static int defaultEventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** All defaults and no routes yet; add them with {@link #withRoutes}. */
    public static ProxyConfig defaults() {
        return new ProxyConfig(List.of(), TimeoutsConfig.defaults(), KeepAliveConfig.defaults(),
                LimitsConfig.defaults(), defaultEventLoops(), DEFAULT_STATS_INTERVAL, DEFAULT_CERTIFICATE_CHECK_INTERVAL,
                ProxyProtocolConfig.none());
    }

    /** A plain TCP forwarder: everything arriving on {@code listenPort} goes to {@code target}. */
    public static ProxyConfig forward(int listenPort, HostPort target) {
        RouteConfig route = new RouteConfig("forward", 0, RouteMatch.ports(PortSet.of(listenPort)),
                new ForwardAction(target, false), RouteSecurity.open());
        return defaults().withRoutes(List.of(route));
    }

    /** Every local port some route listens on. */
    public java.util.SortedSet<Integer> ports() {
        java.util.TreeSet<Integer> ports = new java.util.TreeSet<>();
        for (RouteConfig r : routes) {
            ports.addAll(r.match().ports().ports());
        }
        return ports;
    }

    public ProxyConfig withRoutes(List<RouteConfig> newRoutes) {
        return new ProxyConfig(newRoutes, timeouts, keepAlive, limits, eventLoops, statsInterval, certificateCheckInterval, proxyProtocol);
    }

    public ProxyConfig withTimeouts(TimeoutsConfig newTimeouts) {
        return new ProxyConfig(routes, newTimeouts, keepAlive, limits, eventLoops, statsInterval, certificateCheckInterval, proxyProtocol);
    }

    public ProxyConfig withKeepAlive(KeepAliveConfig newKeepAlive) {
        return new ProxyConfig(routes, timeouts, newKeepAlive, limits, eventLoops, statsInterval, certificateCheckInterval, proxyProtocol);
    }

    public ProxyConfig withLimits(LimitsConfig newLimits) {
        return new ProxyConfig(routes, timeouts, keepAlive, newLimits, eventLoops, statsInterval, certificateCheckInterval, proxyProtocol);
    }

    public ProxyConfig withEventLoops(int newEventLoops) {
        return new ProxyConfig(routes, timeouts, keepAlive, limits, newEventLoops, statsInterval, certificateCheckInterval, proxyProtocol);
    }

    public ProxyConfig withStatsInterval(Duration newStatsInterval) {
        return new ProxyConfig(routes, timeouts, keepAlive, limits, eventLoops, newStatsInterval, certificateCheckInterval, proxyProtocol);
    }

    public ProxyConfig withProxyProtocol(ProxyProtocolConfig newProxyProtocol) {
        return new ProxyConfig(routes, timeouts, keepAlive, limits, eventLoops, statsInterval, certificateCheckInterval,
                newProxyProtocol);
    }

    public ProxyConfig withCertificateCheckInterval(Duration newInterval) {
        return new ProxyConfig(routes, timeouts, keepAlive, limits, eventLoops, statsInterval, newInterval, proxyProtocol);
    }
}
