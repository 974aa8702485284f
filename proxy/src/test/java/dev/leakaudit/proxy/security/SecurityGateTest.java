package dev.leakaudit.proxy.security;

import dev.leakaudit.proxy.config.BridgeAction;
import dev.leakaudit.proxy.config.LimitsConfig;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.net.Cidr;
import dev.leakaudit.proxy.net.IpAddresses;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityGateTest {

    private static final long NOW = 5_000_000_000L;
    private static final InetAddress A = ip("192.0.2.1");
    private static final InetAddress B = ip("192.0.2.2");

    private static InetAddress ip(String s) {
        return IpAddresses.parseLiteral(s).orElseThrow();
    }

    private static RouteConfig route(String name, int maxConnections, List<String> allow, List<String> block) {
        RouteSecurity security = new RouteSecurity(allow.stream().map(Cidr::parse).toList(),
                block.stream().map(Cidr::parse).toList(), maxConnections);
        return new RouteConfig(name, 0, RouteMatch.ports(PortSet.of(443)), new BridgeAction(8080), security);
    }

    private static SecurityGate gate(int max, int perIp, int perMinute) {
        LimitsConfig limits = new LimitsConfig(max, perIp, perMinute, 1024);
        return new SecurityGate(limits, new ConnectionRateLimiter(perMinute, NOW));
    }

    @Test
    void globalLimit() {
        SecurityGate gate = gate(2, 0, 0);
        assertTrue(gate.admit(A, null, NOW).admitted());
        assertTrue(gate.admit(B, null, NOW).admitted());
        Admission third = gate.admit(ip("192.0.2.3"), null, NOW);
        assertFalse(third.admitted());
        assertEquals("rejected_max_connections", third.decision().reason());
        assertEquals(2, gate.activeConnections());
    }

    @Test
    void perIpLimit() {
        SecurityGate gate = gate(0, 2, 0);
        gate.admit(A, null, NOW);
        gate.admit(A, null, NOW);
        assertEquals("rejected_ip_limit", gate.admit(A, null, NOW).decision().reason());
        assertTrue(gate.admit(B, null, NOW).admitted());
        assertEquals(2, gate.activeConnectionsFrom(A));
        assertEquals(3, gate.activeConnections(), "refused attempts leave no count behind");
    }

    @Test
    void rateLimit() {
        SecurityGate gate = gate(0, 0, 2);
        gate.admit(A, null, NOW).release();
        gate.admit(A, null, NOW).release();
        assertEquals("rejected_rate_limit", gate.admit(A, null, NOW).decision().reason());
        assertEquals(0, gate.activeConnections());
        assertEquals(0, gate.trackedClients());
    }

    @Test
    void blockedByTheRoute() {
        SecurityGate gate = gate(0, 0, 0);
        RouteConfig route = route("r", 0, List.of("10.0.0.0/8"), List.of("10.9.0.0/16"));
        assertEquals("rejected_blocked", gate.admit(A, route, NOW).decision().reason());
        assertEquals("rejected_blocked", gate.admit(ip("10.9.1.1"), route, NOW).decision().reason());
        assertTrue(gate.admit(ip("10.8.1.1"), route, NOW).admitted());
        assertEquals(1, gate.activeConnections());
    }

    @Test
    void routeLimitRollsBackTheOtherCounts() {
        SecurityGate gate = gate(0, 0, 0);
        RouteConfig route = route("r", 1, List.of(), List.of());
        Admission first = gate.admit(A, route, NOW);
        assertTrue(first.admitted());
        assertSame(route, first.route());
        Admission second = gate.admit(B, route, NOW);
        assertEquals("rejected_route_max_connections", second.decision().reason());
        assertEquals(1, gate.activeConnections());
        assertEquals(0, gate.activeConnectionsFrom(B));
        assertEquals(1, gate.trackedClients());
        assertEquals(1, gate.activeConnectionsOn("r"));
    }

    @Test
    void blockWinsOverEveryOtherReason() {
        SecurityGate gate = gate(1, 1, 1);
        gate.admit(A, null, NOW);
        RouteConfig route = route("r", 1, List.of(), List.of("192.0.2.0/24"));
        assertEquals("rejected_blocked", gate.check(A, route, NOW).reason());
        assertEquals("rejected_blocked", gate.admit(A, route, NOW).decision().reason());
    }

    @Test
    void releaseIsIdempotentAndLeavesNoEntriesBehind() {
        SecurityGate gate = gate(0, 0, 0);
        RouteConfig route = route("r", 0, List.of(), List.of());
        Admission one = gate.admit(A, route, NOW);
        Admission two = gate.admit(A, null, NOW);
        assertEquals(2, gate.activeConnectionsFrom(A));

        assertTrue(one.release());
        assertFalse(one.release());
        assertFalse(gate.release(one));
        assertEquals(1, gate.activeConnectionsFrom(A));
        assertEquals(0, gate.activeConnectionsOn("r"));
        assertEquals(0, gate.trackedRoutes());

        assertTrue(gate.release(two));
        assertEquals(0, gate.activeConnections());
        assertEquals(0, gate.trackedClients(), "no zero-count entry for the address");
        assertFalse(two.isHeld());
    }

    @Test
    void refusedAdmissionHoldsNothing() {
        SecurityGate gate = gate(0, 1, 0);
        gate.admit(A, null, NOW);
        Admission refused = gate.admit(A, null, NOW);
        assertFalse(refused.isHeld());
        assertFalse(refused.release());
        assertEquals(1, gate.activeConnectionsFrom(A));
    }

    @Test
    void routeChosenAfterTheClientHello() {
        SecurityGate gate = gate(0, 0, 0);
        RouteConfig full = route("full", 1, List.of(), List.of());
        gate.admit(B, full, NOW);

        Admission admission = gate.admit(A, null, NOW);
        Decision refused = gate.enterRoute(admission, full);
        assertEquals("rejected_route_max_connections", refused.reason());
        assertNull(admission.route());
        assertEquals(1, gate.activeConnectionsFrom(A), "kept until the engine has closed the sockets");
        admission.release();
        assertEquals(0, gate.activeConnectionsFrom(A));

        RouteConfig open = route("open", 0, List.of(), List.of());
        Admission other = gate.admit(A, null, NOW);
        assertTrue(gate.enterRoute(other, open).allowed());
        assertEquals(1, gate.activeConnectionsOn("open"));
        assertThrows(IllegalStateException.class, () -> gate.enterRoute(other, open));
        assertEquals(1, gate.activeConnectionsOn("open"), "a refused second route is not counted");
        other.release();
        assertEquals(0, gate.activeConnectionsOn("open"));
        assertThrows(IllegalStateException.class, () -> gate.enterRoute(other, open));
        assertEquals(0, gate.activeConnectionsOn("open"));
        assertEquals(1, gate.trackedRoutes(), "only B's connection on \"full\" is left");
    }

    @Test
    void enteringARouteWithARefusedAdmissionRepeatsItsReason() {
        SecurityGate gate = gate(0, 0, 1);
        gate.admit(A, null, NOW);
        Admission refused = gate.admit(A, null, NOW);
        assertEquals("rejected_rate_limit", gate.enterRoute(refused, route("r", 0, List.of(), List.of())).reason());
    }

    @Test
    void checkChangesNothing() {
        SecurityGate gate = gate(0, 1, 1);
        RouteConfig route = route("r", 1, List.of(), List.of());
        for (int i = 0; i < 5; i++) {
            assertTrue(gate.check(A, route, NOW).allowed());
        }
        assertEquals(0, gate.activeConnections());
        assertEquals(0, gate.rateLimiter().trackedAddresses());
        Admission admitted = gate.admit(A, route, NOW);
        assertEquals("rejected_rate_limit", gate.check(A, null, NOW).reason());
        assertEquals("rejected_route_max_connections", gate.check(B, route, NOW).reason());
        assertTrue(gate.check(B, null, NOW).allowed());
        admitted.release();
        assertEquals(Decision.ALLOWED, gate.check(B, route, NOW));
    }

    @Test
    void mappedAndPlainIpv4AreOneClient() {
        SecurityGate gate = gate(0, 1, 0);
        assertTrue(gate.admit(ip("192.0.2.1"), null, NOW).admitted());
        assertEquals("rejected_ip_limit", gate.admit(ip("::ffff:192.0.2.1"), null, NOW).decision().reason());
    }

    @Test
    void concurrentAdmissionsNeverOvershootAndAllReleaseToZero() throws Exception {
        SecurityGate gate = gate(100, 30, 0);
        InetAddress[] clients = {A, B, ip("192.0.2.3"), ip("192.0.2.4"), ip("192.0.2.5")};
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Admission> admitted = new ConcurrentLinkedQueue<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2000; i++) {
                        Admission a = gate.admit(clients[(seed + i) % clients.length], null, NOW);
                        if (a.admitted()) {
                            admitted.add(a);
                        }
                        assertTrue(gate.activeConnections() <= 100);
                        if (i % 3 == 0) {
                            Admission old = admitted.poll();
                            if (old != null) {
                                old.release();
                                old.release();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        for (InetAddress client : clients) {
            assertTrue(gate.activeConnectionsFrom(client) <= 30);
        }
        assertEquals(admitted.size(), gate.activeConnections());
        admitted.forEach(Admission::release);
        assertEquals(0, gate.activeConnections());
        assertEquals(0, gate.trackedClients());
    }
}
