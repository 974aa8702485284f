package dev.leakaudit.proxy.config;

import dev.leakaudit.proxy.net.Cidr;

import java.util.List;
import java.util.Objects;

/**
 * Which connections a route takes: those arriving on one of {@code ports}, whose SNI matches one of
 * {@code domains} (empty = any, including none) and whose client address is in one of
 * {@code clientIps} (empty = any).
 */
public record RouteMatch(PortSet ports, List<DomainPattern> domains, List<Cidr> clientIps) {

    public RouteMatch {
        Objects.requireNonNull(ports, "ports");
        domains = domains == null ? List.of() : List.copyOf(domains);
        clientIps = clientIps == null ? List.of() : List.copyOf(clientIps);
    }

    public static RouteMatch ports(PortSet ports) {
        return new RouteMatch(ports, List.of(), List.of());
    }

    /** A route that looks at domains can only decide once the TLS ClientHello has been read. */
    public boolean needsSni() {
        return !domains.isEmpty();
    }
}
