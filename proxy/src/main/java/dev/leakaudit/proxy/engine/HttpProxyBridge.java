package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.BridgeAction;
import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.RouteAction;

/**
 * Seed pattern 3, the bridge to a local HTTP proxy. The seed piped the two sockets and let an
 * {@code end} on either side destroy both (a client's FIN cut the response) and could run cleanup
 * twice. Here a bridge is only a different backend, {@code 127.0.0.1:httpProxyPort}: the same
 * {@link Relay} carries it, so it keeps half-close and ends through the one cleanup entry.
 */
final class HttpProxyBridge {

    private HttpProxyBridge() {
    }

    /** Where a route's connections go: the forward target, or the local HTTP proxy for a bridge. */
    static HostPort targetOf(RouteAction action) {
        if (action instanceof ForwardAction f) {
            return f.target();
        }
        return ((BridgeAction) action).target();
    }
}
