package dev.leakaudit.proxy.config;

/** Hand the connection to a local HTTP proxy on 127.0.0.1:{@code httpProxyPort}. */
public record BridgeAction(int httpProxyPort) implements RouteAction {

    public static final String HOST = "127.0.0.1";

    public BridgeAction {
        Ports.requireValid(httpProxyPort);
    }

    public HostPort target() {
        return new HostPort(HOST, httpProxyPort);
    }
}
