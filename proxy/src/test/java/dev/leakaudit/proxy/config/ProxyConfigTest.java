package dev.leakaudit.proxy.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ProxyConfig d = ProxyConfig.defaults();
        assertTrue(d.routes().isEmpty());
        TimeoutsConfig t = d.timeouts();
        assertEquals(Duration.ofSeconds(30), t.initialDataTimeout());
        assertEquals(Duration.ofSeconds(10), t.socketTimeout());
        assertEquals(Duration.ofMinutes(5), t.inactivityTimeout());
        assertEquals(Duration.ofSeconds(1), t.inactivityCheckInterval());
        assertEquals(Duration.ofHours(24), t.maxConnectionLifetime());
        assertEquals(Duration.ofSeconds(5), t.forceCloseGrace());
        assertEquals(Duration.ofSeconds(30), t.gracefulShutdownTimeout());
        assertFalse(t.disableInactivityCheck());
        assertEquals(new KeepAliveConfig(KeepAliveTreatment.EXTENDED, 6, null), d.keepAlive());
        assertEquals(new LimitsConfig(10000, 0, 0, 1024 * 1024), d.limits());
        assertTrue(d.eventLoops() >= 1);
    }

    @Test
    void forwardIsOneRouteOnOnePort() {
        ProxyConfig c = ProxyConfig.forward(8080, HostPort.parse("backend:80"));
        assertEquals(1, c.routes().size());
        RouteConfig r = c.routes().get(0);
        assertEquals(List.of(8080), r.match().ports().ports());
        assertFalse(r.match().needsSni());
        assertEquals(new ForwardAction(new HostPort("backend", 80), false), r.action());
    }

    @Test
    void withersChangeOneThing() {
        ProxyConfig c = ProxyConfig.forward(1, HostPort.parse("a:1"))
                .withLimits(LimitsConfig.unlimited())
                .withEventLoops(2)
                .withStatsInterval(Duration.ZERO)
                .withTimeouts(TimeoutsConfig.defaults().withForceCloseGrace(Duration.ofMillis(100)));
        assertEquals(0, c.limits().maxConnections());
        assertEquals(2, c.eventLoops());
        assertEquals(Duration.ofMillis(100), c.timeouts().forceCloseGrace());
        assertEquals(Duration.ofSeconds(30), c.timeouts().gracefulShutdownTimeout());
        assertEquals(1, c.routes().size());
    }

    @Test
    void invalidValuesAreRefused() {
        ProxyConfig d = ProxyConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withEventLoops(0));
        assertThrows(IllegalArgumentException.class, () -> d.withStatsInterval(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> TimeoutsConfig.defaults().withSocketTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LimitsConfig(-1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new KeepAliveConfig(KeepAliveTreatment.EXTENDED, Double.NaN, null));
        assertThrows(IllegalArgumentException.class, () -> new BridgeAction(70000));
        assertThrows(IllegalArgumentException.class, () -> new RouteSecurity(null, null, -2));
        RouteConfig r = ProxyConfig.forward(1, HostPort.parse("a:1")).routes().get(0);
        assertThrows(IllegalArgumentException.class, () -> d.withRoutes(List.of(r, r)));
    }

    @Test
    void routeListsAreImmutableCopies() {
        ProxyConfig c = ProxyConfig.forward(1, HostPort.parse("a:1"));
        assertThrows(UnsupportedOperationException.class, () -> c.routes().clear());
        assertEquals(RouteSecurity.open(), new RouteConfig("x", 0, c.routes().get(0).match(), new BridgeAction(1), null).security());
    }

    @Test
    void keepAliveEffectiveTimeoutAndGrace() {
        Duration base = Duration.ofMinutes(5);
        KeepAliveConfig extended = KeepAliveConfig.defaults();
        assertEquals(base, extended.effectiveInactivityTimeout(base, false));
        assertEquals(Duration.ofMinutes(30), extended.effectiveInactivityTimeout(base, true));
        assertEquals(Duration.ofMinutes(5), extended.warningGraceFor(Duration.ofMinutes(30)));
        assertFalse(extended.isImmortal(true));

        KeepAliveConfig standard = new KeepAliveConfig(KeepAliveTreatment.STANDARD, 6, Duration.ofSeconds(7));
        assertEquals(base, standard.effectiveInactivityTimeout(base, true));
        assertEquals(Duration.ofSeconds(7), standard.warningGraceFor(base));

        KeepAliveConfig immortal = new KeepAliveConfig(KeepAliveTreatment.IMMORTAL, 6, null);
        assertNull(immortal.effectiveInactivityTimeout(base, true));
        assertTrue(immortal.isImmortal(true));
        assertFalse(immortal.isImmortal(false));
        assertEquals(base, immortal.effectiveInactivityTimeout(base, false));
    }
}
