package dev.leakaudit.proxy.config;

import java.util.Objects;

/**
 * One routing rule. When several routes match a connection the highest {@code priority} wins; among
 * equal priorities the one listed first wins.
 */
public record RouteConfig(String name, int priority, RouteMatch match, RouteAction action, RouteSecurity security) {

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("route name must not be empty");
        }
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        security = security == null ? RouteSecurity.open() : security;
    }
}
