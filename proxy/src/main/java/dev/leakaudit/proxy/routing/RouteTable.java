package dev.leakaudit.proxy.routing;

import dev.leakaudit.proxy.config.DomainPattern;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.net.Cidr;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the route for a connection. Immutable and safe to share between event loops.
 *
 * <p>Routes are tried from the highest priority down; among equal priorities the one listed first in
 * the configuration wins. A route matches when the local port is one of its ports, the SNI matches one
 * of its domains (or it lists none) and the client address is in one of its client networks (or it
 * lists none). Route security (allow/block, per-route limits) is NOT part of matching: a blocked client
 * is refused by the security gate, it does not fall through to a lower-priority route.
 */
public final class RouteTable {

    /** Per local port, the routes that listen on it, best first. */
    private final Map<Integer, List<RouteConfig>> routesByPort;
    private final Set<Integer> sniPorts;

    public RouteTable(List<RouteConfig> routes) {
        List<RouteConfig> ordered = new ArrayList<>(routes);
        // List.sort is stable, so equal priorities keep their order from the file.
        ordered.sort(Comparator.comparingInt(RouteConfig::priority).reversed());
        Map<Integer, List<RouteConfig>> byPort = new HashMap<>();
        Set<Integer> needSni = new TreeSet<>();
        for (RouteConfig route : ordered) {
            for (int port : route.match().ports().ports()) {
                byPort.computeIfAbsent(port, p -> new ArrayList<>()).add(route);
                if (route.match().needsSni()) {
                    needSni.add(port);
                }
            }
        }
        byPort.replaceAll((port, list) -> List.copyOf(list));
        this.routesByPort = Map.copyOf(byPort);
        this.sniPorts = Set.copyOf(needSni);
    }

    /** Every local port some route listens on, ascending. */
    public List<Integer> listenPorts() {
        return routesByPort.keySet().stream().sorted().toList();
    }

    /**
     * Whether connections on this port must wait for the ClientHello before a route can be chosen.
     * False for ports whose routes all ignore the SNI: those are routed the moment they are accepted.
     */
    public boolean portNeedsSni(int port) {
        return sniPorts.contains(port);
    }

    /**
     * The best route, or empty when none fits (the engine then refuses the connection).
     *
     * @param sniOrNull the server name from the ClientHello; null when the port needs none, the
     *                  client is not speaking TLS or its hello has no SNI. Only routes without
     *                  domains can match then.
     */
    public Optional<RouteConfig> match(int localPort, String sniOrNull, InetAddress clientIp) {
        List<RouteConfig> candidates = routesByPort.get(localPort);
        if (candidates == null) {
            return Optional.empty();
        }
        for (RouteConfig route : candidates) {
            if (domainMatches(route.match().domains(), sniOrNull) && clientMatches(route.match().clientIps(), clientIp)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    private static boolean domainMatches(List<DomainPattern> domains, String sni) {
        if (domains.isEmpty()) {
            return true;
        }
        for (DomainPattern domain : domains) {
            if (domain.matches(sni)) {
                return true;
            }
        }
        return false;
    }

    private static boolean clientMatches(List<Cidr> networks, InetAddress client) {
        if (networks.isEmpty()) {
            return true;
        }
        for (Cidr network : networks) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
