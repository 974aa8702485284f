package dev.leakaudit.proxy.security;

import dev.leakaudit.proxy.config.LimitsConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.net.IpAddresses;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether a connection may in, and keeps the live counts that the limits are checked
 * against: in the whole proxy, per client address and per route.
 *
 * <p>Use by the engine:
 * <ol>
 *   <li>On accept: {@code Admission a = gate.admit(client, routeOrNull)}; the route is known at once
 *       on ports that need no SNI, otherwise pass null. If {@code !a.admitted()}, close the socket
 *       with {@code a.decision().reason()}.</li>
 *   <li>When the route is chosen later (after the ClientHello): {@code gate.enterRoute(a, route)};
 *       if refused, close the connection with that decision's reason.</li>
 *   <li>When both sockets of the connection are really closed: {@code a.release()} (idempotent).</li>
 * </ol>
 * Checks run in this order and the first failure is the reason: blocked by the route's rules, proxy
 * full, client over its connection rate, client over its connection count, route full. Counts are
 * taken atomically with their check, so concurrent event loops cannot overshoot a limit, and are
 * rolled back if a later check fails. Per-address and per-route entries disappear when their count
 * reaches zero, so the maps only hold live clients.
 */
public final class SecurityGate {

    // Replaced by a reload (see updateLimits); the live counts stay.
    private volatile LimitsConfig limits;
    private volatile ConnectionRateLimiter rateLimiter;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> perRoute = new ConcurrentHashMap<>();

    public SecurityGate(LimitsConfig limits) {
        this(limits, new ConnectionRateLimiter(limits.connectionRateLimitPerMinute()));
    }

    public SecurityGate(LimitsConfig limits, ConnectionRateLimiter rateLimiter) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    }

    /**
     * New limits from a reload. The live counts are kept, so connections admitted before still
     * count; a changed rate starts from full buckets (its per-address history is not carried over).
     */
    public void updateLimits(LimitsConfig newLimits) {
        Objects.requireNonNull(newLimits, "limits");
        if (newLimits.connectionRateLimitPerMinute() != limits.connectionRateLimitPerMinute()) {
            rateLimiter = new ConnectionRateLimiter(newLimits.connectionRateLimitPerMinute());
        }
        limits = newLimits;
    }

    // ------------------------------------------------------------------ questions

    /** Whether a NEW connection from this client (to this route) would be admitted now; changes nothing. */
    public Decision check(InetAddress client, RouteConfig routeOrNull) {
        return check(client, routeOrNull, System.nanoTime());
    }

    public Decision check(InetAddress client, RouteConfig routeOrNull, long nowNanos) {
        InetAddress ip = IpAddresses.normalise(client);
        if (routeOrNull != null && !AccessRules.of(routeOrNull.security()).permits(ip)) {
            return Decision.reject(RejectReason.BLOCKED);
        }
        if (atLimit(total.get(), limits.maxConnections())) {
            return Decision.reject(RejectReason.MAX_CONNECTIONS);
        }
        if (!rateLimiter.wouldAllow(ip, nowNanos)) {
            return Decision.reject(RejectReason.RATE_LIMIT);
        }
        if (atLimit(perClient.getOrDefault(ip, 0), limits.maxConnectionsPerIP())) {
            return Decision.reject(RejectReason.IP_LIMIT);
        }
        if (routeOrNull != null
                && atLimit(perRoute.getOrDefault(routeOrNull.name(), 0), routeOrNull.security().maxConnections())) {
            return Decision.reject(RejectReason.ROUTE_MAX_CONNECTIONS);
        }
        return Decision.ALLOWED;
    }

    // ------------------------------------------------------------------ counting

    public Admission admit(InetAddress client, RouteConfig routeOrNull) {
        return admit(client, routeOrNull, System.nanoTime());
    }

    /** Checks and, if allowed, counts a new connection. Always returns a handle; see {@link Admission}. */
    public Admission admit(InetAddress client, RouteConfig routeOrNull, long nowNanos) {
        InetAddress ip = IpAddresses.normalise(client);
        if (routeOrNull != null && !AccessRules.of(routeOrNull.security()).permits(ip)) {
            return refused(ip, RejectReason.BLOCKED);
        }
        if (!reserveTotal()) {
            return refused(ip, RejectReason.MAX_CONNECTIONS);
        }
        // Every attempt that reaches this point counts towards the rate, whatever happens next.
        if (!rateLimiter.tryAcquire(ip, nowNanos)) {
            total.decrementAndGet();
            return refused(ip, RejectReason.RATE_LIMIT);
        }
        if (!reserve(perClient, ip, limits.maxConnectionsPerIP())) {
            total.decrementAndGet();
            return refused(ip, RejectReason.IP_LIMIT);
        }
        Admission admission = new Admission(this, ip, Decision.ALLOWED, true);
        if (routeOrNull != null) {
            Decision routeDecision = enterRoute(admission, routeOrNull);
            if (!routeDecision.allowed()) {
                admission.release();
                return refused(ip, routeDecision.rejection());
            }
        }
        return admission;
    }

    /**
     * Counts an admitted connection against the route chosen for it. On refusal the admission keeps
     * its global and per-IP counts until the engine releases it after closing the sockets.
     *
     * @throws IllegalStateException if the admission was released or already has a route
     */
    public Decision enterRoute(Admission admission, RouteConfig route) {
        Objects.requireNonNull(route, "route");
        if (!admission.admitted()) {
            return admission.decision();
        }
        if (!AccessRules.of(route.security()).permits(admission.client())) {
            return Decision.reject(RejectReason.BLOCKED);
        }
        if (!reserve(perRoute, route.name(), route.security().maxConnections())) {
            return Decision.reject(RejectReason.ROUTE_MAX_CONNECTIONS);
        }
        Admission.Attach outcome = admission.attachRoute(route);
        if (outcome != Admission.Attach.ATTACHED) {
            unreserve(perRoute, route.name());
            throw new IllegalStateException(outcome == Admission.Attach.RELEASED
                    ? "admission was already released: " + admission
                    : "connection is already counted on a route: " + admission);
        }
        return Decision.ALLOWED;
    }

    /** Same as {@code admission.release()}: gives back its counts once; later calls do nothing. */
    public boolean release(Admission admission) {
        return admission.release();
    }

    /** Called once per admission by {@link Admission#release()}. */
    void giveBack(InetAddress client, RouteConfig route) {
        if (route != null) {
            unreserve(perRoute, route.name());
        }
        unreserve(perClient, client);
        total.decrementAndGet();
    }

    // ------------------------------------------------------------------ statistics

    public int activeConnections() {
        return total.get();
    }

    public int activeConnectionsFrom(InetAddress client) {
        return perClient.getOrDefault(IpAddresses.normalise(client), 0);
    }

    public int activeConnectionsOn(String routeName) {
        return perRoute.getOrDefault(routeName, 0);
    }

    /** Live admitted connections per client address (a snapshot). */
    public java.util.Map<InetAddress, Integer> connectionsByClient() {
        return java.util.Map.copyOf(perClient);
    }

    /** Live connections per route name (a snapshot). */
    public java.util.Map<String, Integer> connectionsByRoute() {
        return java.util.Map.copyOf(perRoute);
    }

    /** Client addresses with at least one live connection; 0 once everything is released. */
    public int trackedClients() {
        return perClient.size();
    }

    /** Routes with at least one live connection. */
    public int trackedRoutes() {
        return perRoute.size();
    }

    public ConnectionRateLimiter rateLimiter() {
        return rateLimiter;
    }

    // ------------------------------------------------------------------ helpers

    private Admission refused(InetAddress ip, RejectReason reason) {
        return new Admission(this, ip, Decision.reject(reason), false);
    }

    private static boolean atLimit(int count, int limit) {
        return limit > 0 && count >= limit;
    }

    /** Compare-and-set, so the total never reads above the limit, not even for a moment. */
    private boolean reserveTotal() {
        while (true) {
            int current = total.get();
            if (atLimit(current, limits.maxConnections())) {
                return false;
            }
            if (total.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Adds one to key's count unless it is at the limit (0 = none); never stores a zero. */
    private static <K> boolean reserve(ConcurrentHashMap<K, Integer> counts, K key, int limit) {
        boolean[] reserved = new boolean[1];
        counts.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (atLimit(current, limit)) {
                return count;
            }
            reserved[0] = true;
            return current + 1;
        });
        return reserved[0];
    }

    /** Takes one off key's count and removes the entry when it reaches zero. */
    private static <K> void unreserve(ConcurrentHashMap<K, Integer> counts, K key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
