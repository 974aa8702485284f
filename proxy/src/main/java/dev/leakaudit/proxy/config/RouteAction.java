package dev.leakaudit.proxy.config;

/** What the proxy does with a connection once a route has been chosen for it. */
public sealed interface RouteAction permits ForwardAction, BridgeAction {
}
