package dev.leakaudit.proxy.config;

import dev.leakaudit.proxy.net.Cidr;

import java.util.List;

/**
 * Per-route access control.
 *
 * @param allow          client networks allowed in; empty means everybody
 * @param block          client networks refused; a block always wins over an allow
 * @param maxConnections live connections on this route at most; 0 means unlimited
 */
public record RouteSecurity(List<Cidr> allow, List<Cidr> block, int maxConnections) {

    private static final RouteSecurity OPEN = new RouteSecurity(List.of(), List.of(), 0);

    public RouteSecurity {
        allow = allow == null ? List.of() : List.copyOf(allow);
        block = block == null ? List.of() : List.copyOf(block);
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (unlimited) or more, not " + maxConnections);
        }
    }

    /** No restrictions. */
    public static RouteSecurity open() {
        return OPEN;
    }
}
