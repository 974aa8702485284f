package dev.leakaudit.proxy.security;

import dev.leakaudit.proxy.config.RouteConfig;

import java.net.InetAddress;

/**
 * The engine's handle on one connection's place in the live counters. It is created by
 * {@link SecurityGate#admit} and must be released (by {@link #release()}) only when the engine knows
 * both of the connection's sockets are really closed: the seed dropped its per-IP count at the start
 * of cleanup, so a client could open new connections while the old ones were still draining.
 *
 * <p>Release is idempotent: the second and later calls do nothing. A refused admission holds nothing,
 * and releasing it is a harmless no-op, so the engine can release every handle on every path.
 */
public final class Admission {

    private final SecurityGate gate;
    private final InetAddress client; // normalised
    private final Decision decision;
    private RouteConfig route;        // counted against its route once entered
    private boolean holdsCounts;

    Admission(SecurityGate gate, InetAddress client, Decision decision, boolean holdsCounts) {
        this.gate = gate;
        this.client = client;
        this.decision = decision;
        this.holdsCounts = holdsCounts;
    }

    /** True when the connection was admitted (check {@link #decision()} for why not). */
    public boolean admitted() {
        return decision.allowed();
    }

    /** The decision taken at admission; a later route refusal is returned by {@link SecurityGate#enterRoute}. */
    public Decision decision() {
        return decision;
    }

    public InetAddress client() {
        return client;
    }

    /** The route this connection is counted against, or null. */
    public synchronized RouteConfig route() {
        return route;
    }

    /** Whether this handle still holds counts (admitted and not yet released). */
    public synchronized boolean isHeld() {
        return holdsCounts;
    }

    /**
     * Gives back this connection's global, per-IP and per-route counts.
     *
     * @return true for the call that released, false if there was nothing (left) to release
     */
    public boolean release() {
        RouteConfig counted;
        synchronized (this) {
            if (!holdsCounts) {
                return false;
            }
            holdsCounts = false;
            counted = route;
        }
        gate.giveBack(client, counted);
        return true;
    }

    enum Attach { ATTACHED, RELEASED, ALREADY_ROUTED }

    /** Called by the gate after it reserved the route count; anything but ATTACHED makes it give that back. */
    synchronized Attach attachRoute(RouteConfig newRoute) {
        if (!holdsCounts) {
            return Attach.RELEASED;
        }
        if (route != null) {
            return Attach.ALREADY_ROUTED;
        }
        route = newRoute;
        return Attach.ATTACHED;
    }

    @Override
    public synchronized String toString() {
        return "Admission[" + client.getHostAddress() + ", " + (decision.allowed() ? "admitted" : decision.reason())
                + (route == null ? "" : ", route=" + route.name()) + (holdsCounts ? "" : ", released") + "]";
    }
}
