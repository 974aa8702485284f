package dev.leakaudit.proxy.config;

import java.util.Objects;

/**
 * Pipe the connection's bytes, unchanged, to a backend.
 *
 * @param proxyProtocolV1 send a PROXY protocol v1 header first, so the backend learns the client's
 *                        real address
 */
public record ForwardAction(HostPort target, boolean proxyProtocolV1) implements RouteAction {

    public ForwardAction {
        Objects.requireNonNull(target, "target");
    }

    public ForwardAction(HostPort target) {
        this(target, false);
    }
}
