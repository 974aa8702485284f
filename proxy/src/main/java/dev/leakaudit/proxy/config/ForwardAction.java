package dev.leakaudit.proxy.config;

import java.util.Objects;

/**
 * Pipe the connection's bytes to a backend (unchanged, unless the route terminates TLS).
 *
 * @param proxyProtocol the PROXY protocol header to send first, so the backend learns the
 *                      client's real address
 */
public record ForwardAction(HostPort target, ProxyProtocolVersion proxyProtocol) implements RouteAction {

    public ForwardAction {
        Objects.requireNonNull(target, "target");
        proxyProtocol = proxyProtocol == null ? ProxyProtocolVersion.NONE : proxyProtocol;
    }

    /** With a v1 header or none. */
    public ForwardAction(HostPort target, boolean proxyProtocolV1) {
        this(target, proxyProtocolV1 ? ProxyProtocolVersion.V1 : ProxyProtocolVersion.NONE);
    }

    public ForwardAction(HostPort target) {
        this(target, ProxyProtocolVersion.NONE);
    }
}
