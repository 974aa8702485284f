package dev.leakaudit.proxy.config;

import java.util.Objects;

/**
 * One routing rule. When several routes match a connection the highest {@code priority} wins; among
 * equal priorities the one listed first wins.
 */
public record RouteConfig(String name, int priority, RouteMatch match, RouteAction action, RouteSecurity security,
                          TlsConfig tls) {

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("route name must not be empty");
        }
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        security = security == null ? RouteSecurity.open() : security;
        tls = tls == null ? TlsConfig.passthrough() : tls;
    }

    /** A route whose TLS, if any, is passed through. */
    public RouteConfig(String name, int priority, RouteMatch match, RouteAction action, RouteSecurity security) {
        this(name, priority, match, action, security, TlsConfig.passthrough());
    }

    public RouteConfig withTls(TlsConfig newTls) {
        return new RouteConfig(name, priority, match, action, security, newTls);
    }
}
